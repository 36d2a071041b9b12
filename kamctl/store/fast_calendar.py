"""What `remind export` reads besides the due list, in plain SQL as the due list's reads are
(kamctl.store.fast_due: stdlib `sqlite3` on SQLite files, so the export never imports SQLAlchemy
there): the database's id, how far recurring reminders have got, and the items done lately."""

from __future__ import annotations

from datetime import datetime

from kamctl.domain.reminders import DueItem
from kamctl.store.direct import Rows
from kamctl.store.fast_due import as_day, as_moment

DATABASE_ID_SQL = "SELECT id FROM database_identity"
"""As kamctl.store.engine.database_id reads it, without SQLAlchemy."""
PROGRESS_SQL = "SELECT id, occurrences_done FROM reminder WHERE done_at IS NULL AND rule IS NOT NULL"


def _belongs(alias: str, owner: str | None) -> str:
    # Assigned to `owner`, or unassigned in an account they own (SPEC §3: work that belongs to someone).
    return f" AND lower(COALESCE({alias}.assignee, a.owner)) = lower(:owner)" if owner is not None else ""


def completed_sql(owner: str | None) -> tuple[str, str]:
    """Done reminders and dated objectives of non-archived accounts (their done_at is compared in
    Python: SQLite keeps it as text, PostgreSQL as timestamptz)."""
    reminders = (
        "SELECT r.id, r.account_id, a.name, a.tier, r.title, r.due, r.rule, c.name, r.done_at "
        "FROM reminder r JOIN account a ON a.id = r.account_id LEFT JOIN contact c ON c.id = r.contact_id "
        f"WHERE r.done_at IS NOT NULL AND NOT a.archived{_belongs('r', owner)} ORDER BY r.id"
    )
    objectives = (
        "SELECT o.id, o.account_id, a.name, a.tier, o.text, o.due, o.done_at "
        "FROM objective o JOIN account a ON a.id = o.account_id "
        f"WHERE o.done_at IS NOT NULL AND o.due IS NOT NULL AND NOT a.archived{_belongs('o', owner)} "
        "ORDER BY o.id"
    )
    return reminders, objectives


def database_id(rows: Rows) -> str:
    [(found,)] = list(rows(DATABASE_ID_SQL, {}))
    return str(found)


def occurrences_done(rows: Rows) -> dict[int, int]:
    """Open recurring reminders: how many of their occurrences were done, by reminder number."""
    return {number: done for number, done in rows(PROGRESS_SQL, {})}


def completed_since(rows: Rows, since: datetime, *, owner: str | None) -> list[tuple[DueItem, datetime]]:
    """Reminders and dated objectives done at or after `since`, each as the due list showed it while
    open, with when it was done; with `owner`, only those that belong to them."""
    reminders, objectives = completed_sql(owner)
    params = {"owner": owner} if owner is not None else {}
    found: list[tuple[DueItem, datetime]] = []
    for id_, account_id, account, tier, title, due, rule, contact, done_at in rows(reminders, params):
        kind = "recurring" if rule else "follow-up"
        item = DueItem(id=id_, kind=kind, account_id=account_id, account=account, title=title,
                       due=as_day(due), tier=tier, contact=contact)  # type: ignore[arg-type]  # fmt: skip
        found.append((item, as_moment(done_at)))  # type: ignore[arg-type]
    for id_, account_id, account, tier, text, due, done_at in rows(objectives, params):
        item = DueItem(id=f"objective:{id_}", kind="objective", account_id=account_id, account=account,
                       title=text, due=as_day(due), tier=tier)  # type: ignore[arg-type]  # fmt: skip
        found.append((item, as_moment(done_at)))  # type: ignore[arg-type]
    return [(item, done_at) for item, done_at in found if done_at >= since]
