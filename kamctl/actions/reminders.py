"""What is due: the one list of follow-ups, rhythms, renewals, reviews and objectives (SPEC §7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from kamctl.actions.portfolio import Portfolio
    from kamctl.domain.reminders import DueItem
    from kamctl.store.fast_due import Rows


def due_items(
    portfolio: Portfolio,
    *,
    on: date,
    days: int | None,
    owner: str | None = None,
    account: str | None = None,
    kinds: list[str] | None = None,
) -> tuple[list[DueItem], int]:
    """The due list and the window it covers (days). On a current SQLite file the reads go through
    stdlib sqlite3 (no SQLAlchemy import); otherwise through the store, which creates or migrates."""

    def read(rows: Rows) -> tuple[list[DueItem], int]:
        return _compute(rows, on=on, days=days, owner=owner, account=account, kinds=kinds)

    path = portfolio.sqlite_file
    if path is not None:
        from kamctl.store.fast_due import read_sqlite

        done, result = read_sqlite(path, read)
        if done:
            return result
    from kamctl.store.queries.reminders import session_rows

    with portfolio.store().transaction(write=False) as session:
        return read(session_rows(session))


def _compute(
    rows: Rows, *, on: date, days: int | None, owner: str | None, account: str | None, kinds: list[str] | None
) -> tuple[list[DueItem], int]:
    from kamctl.domain.reminders import DueRules, due_list, needs_scores, sort_items
    from kamctl.store.fast_due import load_due_facts, load_scores, load_settings

    settings = load_settings(rows)
    rules = DueRules.from_settings(settings)
    account_id = _account_id(rows, account) if account is not None else None
    facts = load_due_facts(rows, account_id=account_id, owner=owner)
    span = rules.upcoming_days if days is None else days
    items = due_list(facts, rules, on=on, days=span, kinds=kinds)
    if needs_scores(items):
        items = sort_items(items, scores=load_scores(rows))
    return items, span


def _account_id(rows: Rows, ref: str) -> int:
    """`--account`: by id or by name (case-insensitive, exact), with "did you mean" (as find_account)."""
    from kamctl.domain.names import as_id, did_you_mean
    from kamctl.errors import NotFound

    text = ref.strip()
    if (number := as_id(text)) is not None:
        found = list(rows("SELECT id FROM account WHERE id = :id", {"id": number}))
        if found:
            return found[0][0]
    found = list(rows("SELECT id FROM account WHERE name_key = :key", {"key": text.casefold()}))
    if found:
        return found[0][0]
    names = [name for (name,) in rows("SELECT name FROM account", {})]
    raise NotFound(f"no account {ref!r}{did_you_mean(text, names)}")
