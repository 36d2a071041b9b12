"""The full-text index of log notes and tags on SQLite: its table and the statements that create it.

Plain strings, no SQLAlchemy: `log import` writes the index directly (`kamctl.store.log_import`).
"""

from __future__ import annotations

LOG_SEARCH_TABLE = "log_entry_fts"
"""An FTS5 index of every log entry's notes and tags, kept in sync by triggers (so rows that
bypass the ORM — `db import`, the demo loader — are indexed too; `log import` indexes in bulk).

The trigram tokenizer finds any substring of 3 or more characters, which is what makes Japanese
text (written without spaces) searchable. The index is as small as FTS5 makes it: contentless
(the text stays in `log_entry`; a match joins back by rowid = log_entry.id), and it keeps only
which entries hold each trigram, not where (detail=none) nor how long each entry is
(columnsize=0). That is a third of the size of a full index and half the work per entry
written. A search therefore asks for entries holding every trigram of a term and confirms the
term itself in the text (`contains_folded`); ranking is the same as on PostgreSQL.

Tags are indexed as their decoded text (the JSON column stores non-ASCII tags as \\u escapes).
PostgreSQL has no such table: search there is a case-insensitive substring match
(`kamctl.store.queries.log`)."""

SHORTEST_INDEXED = 3
"""The trigram index finds substrings of 3 or more characters; shorter terms are matched with LIKE."""

CONTAINS_FUNCTION = "kamctl_contains"
"""The SQL name of `contains_folded`, registered on every SQLite connection the engine opens."""


def contains_folded(text: str | None, term: str) -> bool:
    """Whether `term` occurs in `text`, ignoring case as the trigram tokenizer does (any script)."""
    return text is not None and term.casefold() in text.casefold()


def trigram_query(terms: list[str]) -> str:
    """An FTS5 query for entries holding every trigram of every term (each at least 3 characters
    long): each trigram is one quoted string, since an index without positions answers no phrase."""
    trigrams = dict.fromkeys(term[i : i + 3] for term in terms for i in range(len(term) - 2))
    return " AND ".join('"' + trigram.replace('"', '""') + '"' for trigram in trigrams)


_TAG_TEXT = "(SELECT group_concat(value, ' ') FROM json_each({row}.tags))"

LOG_SEARCH_SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE {LOG_SEARCH_TABLE} USING fts5(notes, tags, content='', tokenize='trigram', "
    "detail=none, columnsize=0)",
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
0003, which keeps its own frozen copy of these statements; a test checks the two agree."""
