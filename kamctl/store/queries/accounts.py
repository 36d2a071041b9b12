"""Reading and changing accounts, with every change written to account history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from itertools import chain
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Connection
from sqlmodel import Session, select

from kamctl.domain.accounts import IMPORT_FIELDS, ImportPlan, has_tag, history_text
from kamctl.domain.names import as_id, did_you_mean
from kamctl.errors import Conflict, NotFound
from kamctl.i18n import _
from kamctl.store.bulk import BULK_CHUNK, chunks, insert_rows, reserve_ids
from kamctl.store.engine import (
    all_for_change,
    check_writes,
    get_for_change,
    lock_connection_for_change,
    lock_for_change,
)
from kamctl.store.models import Account, AccountHistory, LogEntry


def find_account(ref: str, *, session: Session, attach: bool = False) -> Account:
    """An account by numeric id or by name (case-insensitive, exact); NotFound suggests close names.

    In a write transaction the account is read for change (locked until it ends; Refused when the
    login of a team's database may not change it), unless the change only `attach`es a row to it
    (a log entry, which anyone on the team may write): then its foreign key keeps it there.
    """
    text = ref.strip()
    if attach:
        check_writes(session)
    if (number := as_id(text)) is not None:
        account = session.get(Account, number) if attach else get_for_change(Account, number, session=session)
        if account is not None:
            return account
    by_name = select(Account).where(Account.name_key == text.casefold())
    found = list(session.exec(by_name).all()) if attach else all_for_change(by_name, session=session)
    account = found[0] if found else None
    if account is None:
        names = session.exec(select(Account.name)).all()
        raise NotFound(
            _("no account {name}{suggestion}").format(name=repr(ref), suggestion=did_you_mean(text, names))
        )
    return account


def ensure_name_free(name: str, *, session: Session, ignore_id: int | None = None) -> None:
    """A Conflict if another account has this name. In a write transaction the names stay as
    checked until it ends: two people adding one new name at the same moment on PostgreSQL get
    one account and one clear error, not a unique-index failure."""
    lock_for_change("account names", session=session)
    existing = session.exec(select(Account).where(Account.name_key == name.casefold())).first()
    if existing is not None and existing.id != ignore_id:
        raise Conflict(
            _("an account named {name} already exists (id {id})").format(
                name=repr(existing.name), id=existing.id
            )
        )


def add_account(values: Mapping[str, Any], *, who: str, now: datetime, session: Session) -> Account:
    """A new account from checked values; its creation is the first line of its history."""
    check_writes(session)
    ensure_name_free(values["name"], session=session)
    account = Account(**dict(values), name_key=values["name"].casefold(), created_at=now, updated_at=now)
    session.add(account)
    session.flush()
    session.add(
        AccountHistory(account_id=account.id, changed_at=now, who=who, field="created", new=account.name)
    )
    return account


def change_account(
    account: Account, changes: Mapping[str, Any], *, who: str, now: datetime, session: Session
) -> list[tuple[str, str | None, str | None]]:
    """Apply checked `changes`; each field that really changes is recorded in history."""
    if "name" in changes and changes["name"] != account.name:
        ensure_name_free(changes["name"], session=session, ignore_id=account.id)
    recorded = []
    for field, value in changes.items():
        old = getattr(account, field)
        if old == value:
            continue
        setattr(account, field, list(value) if isinstance(value, list) else value)
        if field == "name":
            account.name_key = value.casefold()
        change = (field, history_text(old), history_text(value))
        recorded.append(change)
        session.add(
            AccountHistory(
                account_id=account.id, changed_at=now, who=who, field=field, old=change[1], new=change[2]
            )
        )
    if recorded:
        account.updated_at = now
        session.add(account)
        session.flush()
    return recorded


def list_accounts(
    *,
    session: Session,
    tier: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    tag: str | None = None,
    archived: bool = False,
) -> list[tuple[Account, datetime | None]]:
    """Accounts with the moment of their latest log entry, filtered in SQL; `tag` (any case) is
    matched here too, by the domain's rule: SQL's lower() folds ASCII only."""
    # A correlated MAX per account walks the (account_id, occurred_at) index backwards once per
    # account, which beats a GROUP BY over every log entry.
    latest = (
        select(func.max(LogEntry.occurred_at))
        .where(LogEntry.account_id == Account.id)
        .correlate(Account)
        .scalar_subquery()
    )
    query = select(Account, latest).where(Account.archived == archived)
    if tier:
        query = query.where(Account.tier == tier)
    if status:
        query = query.where(Account.status == status)
    if owner:
        query = query.where(func.lower(Account.owner) == owner.lower())
    return [
        (account, last)
        for account, last in session.exec(query).all()
        if not tag or has_tag(account.tags or (), tag)
    ]


def account_history(account: Account, *, session: Session) -> list[AccountHistory]:
    query = (
        select(AccountHistory)
        .where(AccountHistory.account_id == account.id)
        .order_by(AccountHistory.changed_at, AccountHistory.id)
    )
    return list(session.exec(query).all())


def remove_account(account: Account, *, session: Session) -> None:
    """Removes the account and, through ON DELETE CASCADE, everything attached to it."""
    session.delete(account)
    session.flush()


def existing_names(*, connection: Connection) -> dict[str, int]:
    """Casefolded name → id of every account (for imports)."""
    return dict(connection.execute(select(Account.name_key, Account.id)).all())


_NAME = IMPORT_FIELDS.index("name")
"""Where a new account's name is in `ImportPlan.new`."""


def import_accounts(plan: ImportPlan, *, who: str, now: datetime, connection: Connection) -> int:
    """Write a checked import plan inside the caller's write transaction, set-based: the new
    accounts with their `created` history rows, and the changes, each recorded in history as
    `change_account` records it. Returns how many existing accounts really changed.

    The plan was checked against the names of a moment before the write lock was taken: a name
    added, renamed or removed meanwhile is a Conflict, and the caller's rollback writes nothing.
    """
    lock_connection_for_change("account names", connection=connection)
    current = existing_names(connection=connection)
    for values in plan.new:
        if values[_NAME].casefold() in current:
            raise Conflict(
                _(
                    "account {name} was added while the file was being checked; "
                    "nothing was imported (run the import again)"
                ).format(name=repr(values[_NAME]))
            )
    for account_id, key, _fields in plan.changes:
        if current.get(key) != account_id:
            raise Conflict(
                _(
                    "account {name} was renamed or removed while the file was being checked; "
                    "nothing was imported (run the import again)"
                ).format(name=repr(key))
            )
    accounts = Account.__table__  # type: ignore[attr-defined]
    ids = reserve_ids(connection, accounts, len(plan.new))
    new = list(zip(ids, plan.new, strict=True))
    insert_rows(
        connection,
        accounts,
        ("id", *IMPORT_FIELDS, "name_key", "created_at", "updated_at"),
        ((id_, *values, values[_NAME].casefold(), now, now) for id_, values in new),
    )
    changes = _apply_changes(plan.changes, now=now, connection=connection)
    insert_rows(
        connection,
        AccountHistory.__table__,  # type: ignore[attr-defined]
        ("account_id", "changed_at", "who", "field", "old", "new"),
        chain(
            ((id_, now, who, "created", None, values[_NAME]) for id_, values in new),
            ((id_, now, who, field, old, value) for id_, field, old, value in changes),
        ),
    )
    return len({id_ for id_, *_ in changes})


def _apply_changes(
    changes: list[tuple[int, str, dict[str, Any]]], *, now: datetime, connection: Connection
) -> list[tuple[int, str, str | None, str | None]]:
    """Update the accounts whose fields really change (one executemany per set of fields); the
    changes as history records them: account id, field, old and new text."""
    from sqlalchemy import bindparam, update

    accounts = Account.__table__  # type: ignore[attr-defined]
    fields = [name for name in IMPORT_FIELDS if any(name in values for _, _, values in changes)]
    recorded: list[tuple[int, str, str | None, str | None]] = []
    updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for part in chunks(changes, BULK_CHUNK):
        query = (
            select(accounts.c.id, *(accounts.c[name] for name in fields))
            .where(accounts.c.id.in_([account_id for account_id, _, _ in part]))
            .with_for_update()  # as `accounts edit` reads them: no change lost between read and write
        )
        stored = {row[0]: row._mapping for row in connection.execute(query)}
        for account_id, _key, values in part:
            new = {}
            for name, value in values.items():
                old = stored[account_id][name]
                if old != value:
                    new[name] = value
                    recorded.append((account_id, name, history_text(old), history_text(value)))
            if new:
                updates.setdefault(tuple(new), []).append(
                    {"_id": account_id, **{f"_{name}": value for name, value in new.items()}}
                )
    for names, params in updates.items():
        statement = (
            update(accounts)
            .where(accounts.c.id == bindparam("_id"))
            .values({**{name: bindparam(f"_{name}") for name in names}, "updated_at": now})
        )
        for part in chunks(params, BULK_CHUNK):
            connection.execute(statement, part)
    return recorded
