"""What a TAB offers from the database: names and ids read with stdlib `sqlite3` (SPEC §2, §9).

Completion runs on every key press, so it never pays for the database stack: a SQLite file at
the current schema is read directly, and anything else (PostgreSQL, a file not made yet, an
older schema) offers nothing. Candidates match the typed prefix exactly, as shells do.
"""

from __future__ import annotations

from pathlib import Path

from kamctl.store.direct import open_current_sqlite

LIMIT = 500
"""At most this many candidates: a shell asks before it shows that many anyway."""

ACCOUNTS_SQL = (
    "SELECT name, NULL FROM account WHERE NOT archived AND substr(name, 1, :length) = :prefix "
    "ORDER BY name LIMIT :limit"
)
CONTACTS_SQL = (
    "SELECT DISTINCT c.name, NULL FROM contact c JOIN account a ON a.id = c.account_id "
    "WHERE NOT a.archived AND substr(c.name, 1, :length) = :prefix "
    "AND (:account IS NULL OR a.id = :account OR lower(a.name) = lower(:account)) "
    "ORDER BY c.name LIMIT :limit"
)
REMINDERS_SQL = (
    "SELECT CAST(r.id AS TEXT), a.name || ': ' || r.title FROM reminder r "
    "JOIN account a ON a.id = r.account_id "
    "WHERE r.done_at IS NULL AND NOT a.archived AND substr(CAST(r.id AS TEXT), 1, :length) = :prefix "
    "ORDER BY r.id LIMIT :limit"
)
COMPUTED_SQL = {
    # The computed ids of the due list (kamctl.domain.reminders.parse_item_ref), described by the
    # account, contact or objective they are about. These are the candidates, not only what is
    # due today: working out what is due costs a whole `remind`, far more than a TAB may.
    "cadence:": "SELECT 'cadence:' || id AS item, name AS about FROM account WHERE NOT archived",
    "cadence:contact:": (
        "SELECT 'cadence:contact:' || c.id AS item, a.name || ': ' || c.name AS about FROM contact c "
        "JOIN account a ON a.id = c.account_id WHERE NOT a.archived AND c.cadence_days IS NOT NULL"
    ),
    "renewal:": (
        "SELECT 'renewal:' || id AS item, name AS about FROM account "
        "WHERE NOT archived AND renewal_date IS NOT NULL"
    ),
    "review:": "SELECT 'review:' || id AS item, name AS about FROM account WHERE NOT archived",
    "objective:": (
        "SELECT 'objective:' || o.id AS item, a.name || ': ' || o.text AS about FROM objective o "
        "JOIN account a ON a.id = o.account_id WHERE NOT a.archived AND o.done_at IS NULL"
    ),
}

Candidates = list[tuple[str, str | None]]
"""(value, what it is) pairs; zsh shows the second part beside the value."""


def account_names(path: Path, prefix: str) -> Candidates:
    """Names of the accounts (not archived) that start with `prefix`."""
    return _read(path, ACCOUNTS_SQL, prefix, {})


def contact_names(path: Path, prefix: str, account: str | None = None) -> Candidates:
    """Names of the contacts that start with `prefix`, of one account (name or id) if given."""
    return _read(path, CONTACTS_SQL, prefix, {"account": account})


def reminder_ids(path: Path, prefix: str) -> Candidates:
    """Open stored reminders' numbers; computed ids (`cadence:3`) once their kind is typed."""
    if ":" not in prefix:
        return _read(path, REMINDERS_SQL, prefix, {})
    kind = prefix.rpartition(":")[0] + ":"
    if kind not in COMPUTED_SQL:
        return []
    sql = f"SELECT item, about FROM ({COMPUTED_SQL[kind]}) WHERE substr(item, 1, :length) = :prefix"
    sql += " LIMIT :limit"
    return _read(path, sql, prefix, {})


def _read(path: Path, sql: str, prefix: str, params: dict[str, object]) -> Candidates:
    connection = open_current_sqlite(path)
    if connection is None:
        return []
    try:
        rows = connection.execute(sql, {"prefix": prefix, "length": len(prefix), "limit": LIMIT, **params})
        return [(str(value), about) for value, about in rows.fetchall()]
    finally:
        connection.close()
