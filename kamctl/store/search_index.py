"""The full-text index of log notes and tags on SQLite: its table and the statements that create it.

Plain strings, no SQLAlchemy: `log import` writes the index directly (`kamctl.store.log_import`).
"""

from __future__ import annotations

LOG_SEARCH_TABLE = "log_entry_fts"
"""An FTS5 index of every log entry's notes and tags, kept in sync by triggers (so rows that
bypass the ORM — imports, `db import`, the demo loader — are indexed too). The trigram
tokenizer finds any substring of 3 or more characters, which is what makes Japanese text
(written without spaces) searchable. It is contentless: the text stays in `log_entry` and a
match is joined back by rowid = log_entry.id. Tags are indexed as their decoded text (the
JSON column stores non-ASCII tags as \\u escapes). PostgreSQL has no such table: search there
is a case-insensitive substring match (`kamctl.store.queries.log`)."""

_TAG_TEXT = "(SELECT group_concat(value, ' ') FROM json_each({row}.tags))"

LOG_SEARCH_SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE {LOG_SEARCH_TABLE} USING fts5(notes, tags, content='', tokenize='trigram')",
    f"CREATE TRIGGER {LOG_SEARCH_TABLE}_insert AFTER INSERT ON log_entry BEGIN "
    f"INSERT INTO {LOG_SEARCH_TABLE}(rowid, notes, tags) "
    f"VALUES (new.id, new.notes, {_TAG_TEXT.format(row='new')}); END",
    # A contentless table forgets a row by being told exactly what it indexed.
    f"CREATE TRIGGER {LOG_SEARCH_TABLE}_delete AFTER DELETE ON log_entry BEGIN "
    f"INSERT INTO {LOG_SEARCH_TABLE}({LOG_SEARCH_TABLE}, rowid, notes, tags) "
    f"VALUES ('delete', old.id, old.notes, {_TAG_TEXT.format(row='old')}); END",
    f"CREATE TRIGGER {LOG_SEARCH_TABLE}_update AFTER UPDATE OF notes, tags ON log_entry BEGIN "
    f"INSERT INTO {LOG_SEARCH_TABLE}({LOG_SEARCH_TABLE}, rowid, notes, tags) "
    f"VALUES ('delete', old.id, old.notes, {_TAG_TEXT.format(row='old')}); "
    f"INSERT INTO {LOG_SEARCH_TABLE}(rowid, notes, tags) "
    f"VALUES (new.id, new.notes, {_TAG_TEXT.format(row='new')}); END",
)
"""What creates the index on SQLite: on a new database (engine.open_store) and in migration
0002, which keeps its own frozen copy of these statements; a test checks the two agree."""
