"""Full-text search of log notes and tags (SQLite FTS5, trigram); indexes for follow-ups, CSAT, NPS and the report's counts.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# A frozen copy of kamctl.store.search_index.LOG_SEARCH_SQLITE_DDL at this revision (a test checks that
# a new database and a migrated one end up with the same statements).
_TAGS = "(SELECT group_concat(value, ' ') FROM json_each({row}.tags))"
LOG_SEARCH_SQLITE_DDL = (
    "CREATE VIRTUAL TABLE log_entry_fts USING fts5(notes, tags, content='', tokenize='trigram')",
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


def upgrade() -> None:
    op.create_index(op.f("ix_reminder_log_entry_id"), "reminder", ["log_entry_id"])
    op.create_index(
        "ix_log_entry_csat",
        "log_entry",
        ["account_id", "occurred_at", "csat"],
        sqlite_where=sa.text("csat IS NOT NULL"),
        postgresql_where=sa.text("csat IS NOT NULL"),
    )
    op.create_index(
        "ix_log_entry_nps",
        "log_entry",
        ["account_id", "occurred_at", "nps"],
        sqlite_where=sa.text("nps IS NOT NULL"),
        postgresql_where=sa.text("nps IS NOT NULL"),
    )
    op.create_index("ix_log_entry_sentiment_channel", "log_entry", ["sentiment", "channel", "occurred_at"])
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL searches with ILIKE: nothing to create
    for statement in LOG_SEARCH_SQLITE_DDL:
        op.execute(statement)
    # Every entry written before this revision goes into the index once.
    op.execute(
        "INSERT INTO log_entry_fts(rowid, notes, tags) "
        f"SELECT id, notes, {_TAGS.format(row='log_entry')} FROM log_entry"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS log_entry_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS log_entry_fts")
    op.drop_index("ix_log_entry_sentiment_channel", table_name="log_entry")
    op.drop_index("ix_log_entry_nps", table_name="log_entry")
    op.drop_index("ix_log_entry_csat", table_name="log_entry")
    op.drop_index(op.f("ix_reminder_log_entry_id"), table_name="reminder")
