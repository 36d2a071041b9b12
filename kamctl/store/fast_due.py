"""The due list's reads in plain SQL: through stdlib `sqlite3` for SQLite files, so that `remind`
never imports SQLAlchemy there (that import alone costs more than the rest of the work), and
through an SQLAlchemy connection for PostgreSQL.

The SQL is portable (named `:params`, `NOT archived`, quoted `"left"`) and set-based: the
latest log entry of every account is a correlated MAX over the (account_id, occurred_at)
index, which SQLite answers with one index probe per account (STYLE: it beats GROUP BY over a
million rows). Values come back as text on SQLite and as Python objects on PostgreSQL; the
readers below accept both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from kamctl.domain.reminders import (
    DueAccount,
    DueContact,
    DueFacts,
    OpenObjective,
    OpenRisk,
    StoredReminder,
)
from kamctl.store.direct import Rows, SqliteReader, committing, open_current_sqlite


def _filters(alias: str, account_id: int | None) -> str:
    return f" AND {alias}.id = :account_id" if account_id is not None else ""


def accounts_sql(account_id: int | None) -> str:
    return (
        "SELECT a.id, a.name, a.tier, a.owner, a.created_at, a.cadence_days, a.renewal_date, "
        "(SELECT MAX(l.occurred_at) FROM log_entry l WHERE l.account_id = a.id), "
        "(SELECT MAX(r.reviewed_at) FROM review r WHERE r.account_id = a.id), a.status "
        f"FROM account a WHERE NOT a.archived{_filters('a', account_id)}"
    )


def contacts_sql(account_id: int | None) -> str:
    # A lost account's contacts get no cadence items: not read at all.
    return (
        "SELECT c.id, c.account_id, c.name, c.cadence_days, c.created_at, "
        "(SELECT MAX(l.occurred_at) FROM log_contact lc JOIN log_entry l ON l.id = lc.log_entry_id "
        "WHERE lc.contact_id = c.id), c.our_contact "
        "FROM contact c JOIN account a ON a.id = c.account_id "
        'WHERE c.cadence_days IS NOT NULL AND NOT c."left" '
        f"AND NOT a.archived AND a.status <> 'lost'{_filters('a', account_id)}"
    )


def reminders_sql(account_id: int | None) -> str:
    return (
        "SELECT r.id, r.account_id, r.title, r.due, r.rule, c.name, r.assignee "
        "FROM reminder r JOIN account a ON a.id = r.account_id LEFT JOIN contact c ON c.id = r.contact_id "
        f"WHERE r.done_at IS NULL AND NOT a.archived{_filters('a', account_id)}"
    )


def objectives_sql(account_id: int | None) -> str:
    return (
        "SELECT o.id, o.account_id, o.text, o.due, o.assignee FROM objective o "
        "JOIN account a ON a.id = o.account_id "
        f"WHERE o.done_at IS NULL AND o.due IS NOT NULL AND NOT a.archived{_filters('a', account_id)}"
    )


def risks_sql(account_id: int | None) -> str:
    return (
        "SELECT k.id, k.account_id, k.text, k.due, k.assignee FROM risk k "
        "JOIN account a ON a.id = k.account_id "
        f"WHERE k.status = 'open' AND k.due IS NOT NULL AND NOT a.archived{_filters('a', account_id)}"
    )


SNOOZES_SQL = "SELECT item_id, until FROM snooze"
SETTINGS_SQL = "SELECT key, value FROM setting"

SCORES_SQL = (
    "SELECT s.account_id, s.score FROM score_snapshot s "
    "WHERE s.taken_on = (SELECT MAX(t.taken_on) FROM score_snapshot t WHERE t.account_id = s.account_id)"
)
"""Each account's latest saved score (`kamctl score save`): what orders ties in the due list.
Scoring the whole portfolio live would cost more than the rest of `remind` together on a large
portfolio, so the list uses the score the team last saved."""


# ---------------------------------------------------------------------------------------------
# Reading values that are text on SQLite and objects on PostgreSQL


def as_moment(value: Any) -> datetime | None:
    """A stored datetime as aware UTC (SQLite keeps naive UTC text, `2026-11-20 09:00:00.000000`)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def as_day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def load_due_facts(rows: Rows, *, account_id: int | None = None) -> DueFacts:
    """Everything `remind` needs, read with `rows` (one consistent snapshot is the caller's job).
    Every account's items are read: whose they are (`--mine`, `--owner`) is decided per item."""
    params: dict[str, Any] = {} if account_id is None else {"account_id": account_id}
    accounts = [
        DueAccount(
            id=id_, name=name, tier=tier, owner=owner, created_at=as_moment(created),  # type: ignore[arg-type]
            cadence_days=cadence, renewal_date=as_day(renewal), last_contact=as_moment(last),
            last_review=as_moment(review), status=status,
        )
        for id_, name, tier, owner, created, cadence, renewal, last, review, status in rows(
            accounts_sql(account_id), params
        )
    ]  # fmt: skip
    contacts = [
        DueContact(
            id=id_, account_id=account, name=name, cadence_days=cadence, created_at=as_moment(created),  # type: ignore[arg-type]
            last_contact=as_moment(last), our_contact=ours,
        )
        for id_, account, name, cadence, created, last, ours in rows(contacts_sql(account_id), params)
    ]  # fmt: skip
    reminders = [
        StoredReminder(id=id_, account_id=account, title=title, due=as_day(due), rule=rule, contact=contact,  # type: ignore[arg-type]
                       assignee=assignee)
        for id_, account, title, due, rule, contact, assignee in rows(reminders_sql(account_id), params)
    ]  # fmt: skip
    objectives = [
        OpenObjective(id=id_, account_id=account, text=text, due=as_day(due), assignee=assignee)  # type: ignore[arg-type]
        for id_, account, text, due, assignee in rows(objectives_sql(account_id), params)
    ]
    risks = [
        OpenRisk(id=id_, account_id=account, text=text, due=as_day(due), assignee=assignee)  # type: ignore[arg-type]
        for id_, account, text, due, assignee in rows(risks_sql(account_id), params)
    ]
    snoozes = {item: as_day(until) for item, until in rows(SNOOZES_SQL, {})}
    return DueFacts(accounts, contacts, reminders, objectives, snoozes, risks)  # type: ignore[arg-type]


def load_settings(rows: Rows) -> dict[str, Any]:
    """Every setting in force (stored JSON values over the defaults)."""
    from kamctl.domain.settings import effective_settings

    return effective_settings({key: json.loads(value) for key, value in rows(SETTINGS_SQL, {})})


def load_scores(rows: Rows) -> dict[int, float]:
    """Account id → its latest saved attractiveness score (accounts never saved have none)."""
    return {account_id: float(score) for account_id, score in rows(SCORES_SQL, {})}


# ---------------------------------------------------------------------------------------------
# SQLite through the standard library


def read_sqlite(path: Path, read: Callable[[Rows], Any]) -> tuple[bool, Any]:
    """Run `read(rows)` on the SQLite file in one snapshot: (True, its result), or (False, None)
    when the file is not a current kamctl database and the caller must take the long way."""
    connection = open_current_sqlite(path)
    if connection is None:
        return False, None
    with committing(connection):
        return True, read(SqliteReader(connection).rows)
