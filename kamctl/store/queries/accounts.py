"""Reading and changing accounts, with every change written to account history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from kamctl.domain.accounts import history_text
from kamctl.domain.names import as_id, did_you_mean
from kamctl.errors import Conflict, NotFound
from kamctl.store.engine import all_for_change, get_for_change
from kamctl.store.models import Account, AccountHistory, LogEntry


def find_account(ref: str, *, session: Session) -> Account:
    """An account by numeric id or by name (case-insensitive, exact); NotFound suggests close names.

    In a write transaction the account is read for change (locked until it ends).
    """
    text = ref.strip()
    if (number := as_id(text)) is not None:
        account = get_for_change(Account, number, session=session)
        if account is not None:
            return account
    found = all_for_change(select(Account).where(Account.name_key == text.casefold()), session=session)
    account = found[0] if found else None
    if account is None:
        names = session.exec(select(Account.name)).all()
        raise NotFound(f"no account {ref!r}{did_you_mean(text, names)}")
    return account


def ensure_name_free(name: str, *, session: Session, ignore_id: int | None = None) -> None:
    existing = session.exec(select(Account).where(Account.name_key == name.casefold())).first()
    if existing is not None and existing.id != ignore_id:
        raise Conflict(f"an account named {existing.name!r} already exists (id {existing.id})")


def add_account(values: Mapping[str, Any], *, who: str, now: datetime, session: Session) -> Account:
    """A new account from checked values; its creation is the first line of its history."""
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
    archived: bool = False,
) -> list[tuple[Account, datetime | None]]:
    """Accounts with the moment of their latest log entry, filtered in SQL."""
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
    return [(account, last) for account, last in session.exec(query).all()]


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


def existing_names(*, session: Session) -> dict[str, int]:
    """Casefolded name → id of every account (for imports)."""
    return dict(session.exec(select(Account.name_key, Account.id)).all())
