"""A leaner full-text index: which entries hold each trigram, not where (FTS5 detail=none, columnsize=0).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Frozen copies of kamctl.store.search_index.LOG_SEARCH_SQLITE_DDL: at this revision (a test checks
# that a new database and a migrated one end up with the same statements) and at 0002.
_TAGS = "(SELECT group_concat(value, ' ') FROM json_each({row}.tags))"
_TRIGGERS = (
    "CREATE TRIGGER log_entry_fts_insert AFTER INSERT ON log_entry BEGIN "
    "INSERT INTO log_entry_fts(rowid, notes, tags) "
    f"VALUES (new.id, new.notes, {_TAGS.format(row='new')}); END",
    "CREATE TRIGGER log_entry_fts_delete AFTER DELETE ON log_entry BEGIN "
    "INSERT INTO log_entry_fts(log_entry_fts, rowid, notes, tags) "
    f"VALUES ('delete', old.id, old.notes, {_TAGS.format(row='old')}); END",
    "CREATE TRIGGER log_entry_fts_update AFTER UPDATE OF notes, tags ON log_entry BEGIN "
    "INSERT INTO log_entry_fts(log_entry_fts, rowid, notes, tags) "
    f"VALUES ('delete', old.id, old.notes, {_TAGS.format(row='old')}); "
    "INSERT INTO log_entry_fts(rowid, notes, tags) "
    f"VALUES (new.id, new.notes, {_TAGS.format(row='new')}); END",
)
LOG_SEARCH_SQLITE_DDL = (
    "CREATE VIRTUAL TABLE log_entry_fts USING fts5(notes, tags, content='', tokenize='trigram', "
    "detail=none, columnsize=0)",
    *_TRIGGERS,
)
LOG_SEARCH_SQLITE_DDL_0002 = (
    "CREATE VIRTUAL TABLE log_entry_fts USING fts5(notes, tags, content='', tokenize='trigram')",
    *_TRIGGERS,
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(LOG_SEARCH_SQLITE_DDL)  # PostgreSQL searches with ILIKE: nothing to change there


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(LOG_SEARCH_SQLITE_DDL_0002)


def _rebuild(statements: tuple[str, ...]) -> None:
    """Replace the index and its triggers, then index every entry once."""
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS log_entry_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS log_entry_fts")
    for statement in statements:
        op.execute(statement)
    op.execute(
        "INSERT INTO log_entry_fts(rowid, notes, tags) "
        f"SELECT id, notes, {_TAGS.format(row='log_entry')} FROM log_entry"
    )
