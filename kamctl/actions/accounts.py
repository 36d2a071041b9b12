"""Accounts: add, find, list, show (the dossier), change, archive, remove, history, import, export."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamctl.actions.imports import RowWatcher, unwatched

if TYPE_CHECKING:
    from kamctl.actions.portfolio import Portfolio
    from kamctl.domain.accounts import ImportPlan


def list_accounts(
    portfolio: Portfolio,
    *,
    tier: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    mine: bool = False,
    tag: str | None = None,
    archived: bool = False,
    sort: str = "name",
) -> list[dict[str, Any]]:
    """The records of `accounts list` (SPEC §3): live or archived accounts, with their latest
    contact and current score, filtered and sorted."""
    from kamctl.actions.scoring import current_scores
    from kamctl.domain.accounts import account_record, check_field, sort_records
    from kamctl.store.queries.accounts import list_accounts as read_accounts

    today = portfolio.today
    tier = check_field("tier", tier, today=today) if tier else None
    status = check_field("status", status, today=today) if status else None
    who = portfolio.user if mine else owner
    with portfolio.store().transaction(write=False) as session:
        found = read_accounts(
            session=session, tier=tier, status=status, owner=who, tag=tag, archived=archived
        )
        # The current score: every live account scored together (SPEC §4), whatever this list shows;
        # an empty list needs none (nor the scoring code's start-up cost).
        scores = {} if archived or not found else current_scores(portfolio, session=session)
        records = [
            account_record(account, last_contact=last, score=scores.get(account.id))
            for account, last in found
        ]
    return sort_records(records, sort)


def find_accounts(portfolio: Portfolio, query: str) -> list[dict[str, Any]]:
    """The records of `accounts list` whose name contains `query` (case-insensitive) or whose id
    is `query`."""
    from kamctl.domain.accounts import matches_account

    return [record for record in list_accounts(portfolio) if matches_account(record, query)]


def account_dossier(portfolio: Portfolio, account: str) -> dict[str, Any]:
    """Everything `accounts show` puts on one screen, as of `portfolio.now`: `scored` is the
    account's `ScoredAccount` among the scored set (shared weights, as `accounts list` and
    `score` rank it, out of `scored_accounts`), or None with the reason in `not_scored`."""
    from kamctl.actions.scoring import Scoring
    from kamctl.domain.scoring import check_scored
    from kamctl.errors import InvalidValue
    from kamctl.store.queries.dossier import load_dossier

    with portfolio.store().transaction(write=False) as session:
        dossier = load_dossier(account, session=session, now=portfolio.now)
        record = dossier["account"]
        try:
            check_scored(record["name"], archived=record["archived"], status=record["status"])
            # The whole scored set, in this transaction: a score is relative to the others.
            ranked, _ = Scoring(portfolio).run(session=session)
        except InvalidValue as why:  # archived, lost, or every shared weight 0
            return {**dossier, "scored": None, "scored_accounts": None, "not_scored": str(why)}
    scored = next(candidate for candidate in ranked if candidate.id == record["id"])
    record["score"] = round(scored.score, 2)
    return {**dossier, "scored": scored, "scored_accounts": len(ranked), "not_scored": None}


@dataclass(frozen=True)
class AccountChange:
    """What a change to one account did: its name, and the fields that really changed."""

    account: str
    fields: list[str]


@dataclass(frozen=True)
class AccountImport:
    """An account import: the checked plan, and how many existing accounts it changed (None when
    nothing was written: problems, or a dry run)."""

    plan: ImportPlan
    changed: int | None
    encoding: str = "UTF-8"
    """The encoding the file was read in, as the user names it."""
    ignored: tuple[str, ...] = ()
    """The file's columns that name no field, in file order."""


def add_account(portfolio: Portfolio, fields: Mapping[str, Any]) -> dict[str, Any]:
    """A new account from the fields given (raw text, as typed, or typed values); owned by
    `portfolio.user` unless `owner` is given. Returns its record."""
    from kamctl.domain.accounts import account_record, check_fields
    from kamctl.store.queries.accounts import add_account as insert_account

    raw = {"owner": portfolio.user, "tier": "standard", "status": "active", **fields}
    values = check_fields(raw, today=portfolio.today)
    with portfolio.store().transaction() as session:
        account = insert_account(values, who=portfolio.user, now=portfolio.utcnow, session=session)
        return account_record(account)


def change_account(
    portfolio: Portfolio,
    account: str,
    fields: Mapping[str, Any],
    *,
    tag: Sequence[str] = (),
    untag: Sequence[str] = (),
) -> AccountChange:
    """Change the given fields of an account, add the tags `tag` and take off those in `untag`;
    every field that really changes goes into its history."""
    from kamctl.domain.accounts import check_fields, merge_tags
    from kamctl.store.queries.accounts import change_account as write_changes
    from kamctl.store.queries.accounts import find_account

    changes = check_fields(fields, today=portfolio.today)
    with portfolio.store().transaction() as session:
        found = find_account(account, session=session)
        if tag or untag:
            changes["tags"] = merge_tags(found.tags, add=tag, remove=untag)
        recorded = write_changes(found, changes, who=portfolio.user, now=portfolio.utcnow, session=session)
        return AccountChange(found.name, [field for field, _, _ in recorded])


def set_archived(portfolio: Portfolio, account: str, archived: bool) -> AccountChange:
    """Archive an account (kept, left out of lists, scores and reminders), or bring it back."""
    return change_account(portfolio, account, {"archived": archived})


def remove_account(portfolio: Portfolio, account: str, *, confirm: Callable[[str], None]) -> str:
    """Remove an account and everything attached to it; `confirm(name)` raises to refuse. Returns
    the name it had."""
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.accounts import remove_account as delete_account

    with portfolio.store().transaction() as session:
        found = find_account(account, session=session)
        confirm(found.name)
        name = found.name
        delete_account(found, session=session)
    return name


def account_history(portfolio: Portfolio, account: str) -> tuple[str, list[dict[str, Any]]]:
    """The account's name and every change ever made to it, oldest first."""
    from kamctl.store.queries.accounts import account_history as read_history
    from kamctl.store.queries.accounts import find_account

    with portfolio.store().transaction(write=False) as session:
        found = find_account(account, session=session)
        rows = [
            {
                "when": entry.changed_at,
                "who": entry.who,
                "field": entry.field,
                "old": entry.old,
                "new": entry.new,
            }
            for entry in read_history(found, session=session)
        ]
        return found.name, rows


def import_accounts(
    portfolio: Portfolio,
    file: Path,
    *,
    update: bool = False,
    dry_run: bool = False,
    watch: RowWatcher = unwatched,
    encoding: str | None = None,
) -> AccountImport:
    """Import accounts from a CSV or JSON file (in `encoding`, else UTF-8 or Shift_JIS): all rows
    or none. Nothing is written when a row has a problem (`plan.problems`) or on a dry run."""
    from kamctl.domain.accounts import field_for_header, plan_import
    from kamctl.i18n import _
    from kamctl.io.rows import RowFile
    from kamctl.store.queries.accounts import existing_names
    from kamctl.store.queries.accounts import import_accounts as write_import

    store = portfolio.store()
    # Every row is read and checked before the write lock is taken, so other commands wait for
    # the writing only, not for the checking.
    with store.connection(write=False) as connection:
        existing = existing_names(connection=connection)
    with RowFile(file, encoding=encoding) as source:
        plan = plan_import(
            watch(source, _("Checking accounts")), existing=existing, update=update, today=portfolio.today
        )
    read = {"encoding": source.shown_encoding, "ignored": source.ignored(field_for_header)}
    if plan.problems or dry_run:
        return AccountImport(plan, None, **read)
    with store.connection(write=True) as connection:
        changed = write_import(plan, who=portfolio.user, now=portfolio.utcnow, connection=connection)
    return AccountImport(plan, changed, **read)


def export_accounts(portfolio: Portfolio) -> list[dict[str, Any]]:
    """Every account, archived too, by id, in the shape `import_accounts` reads, with the current
    score of the scored ones (as `kamctl score` shows it; None for archived and lost accounts)."""
    from kamctl.actions.scoring import current_scores
    from kamctl.domain.accounts import account_record
    from kamctl.store.queries.accounts import list_accounts as read_accounts

    with portfolio.store().transaction(write=False) as session:
        found = read_accounts(session=session) + read_accounts(session=session, archived=True)
        # The whole scored set at once: a score is relative to the other accounts (SPEC §4).
        scores = current_scores(portfolio, session=session)
        records = [
            account_record(account, last_contact=last, score=scores.get(account.id))
            for account, last in found
        ]
    return sorted(records, key=lambda record: record["id"])
