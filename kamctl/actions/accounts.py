"""Accounts: add, find, list, show (the dossier), change, archive, remove, history, import, export."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kamctl.actions.portfolio import Portfolio


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
        # The current score: every live account scored together (SPEC §4), whatever this list shows.
        scores = {} if archived else current_scores(portfolio, session=session)
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
    """Everything `accounts show` puts on one screen, as of `portfolio.now`."""
    from kamctl.store.queries.dossier import load_dossier

    with portfolio.store().transaction(write=False) as session:
        return load_dossier(account, session=session, now=portfolio.now)
