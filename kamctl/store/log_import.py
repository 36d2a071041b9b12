"""`log import`'s reads and writes in plain SQL, without SQLAlchemy: on a current SQLite file the
whole command runs on a stdlib connection (`kamctl.store.direct`), and the SQLAlchemy path of
`kamctl.store.queries.log` calls the same code with its driver connection.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol

from kamctl.domain.log import ImportLookups, PlannedEntry
from kamctl.errors import DatabaseProblem
from kamctl.i18n import _
from kamctl.store.direct import Rows, SqliteReader, error_summary
from kamctl.store.search_index import LOG_SEARCH_SQLITE_DDL, LOG_SEARCH_TABLE

if TYPE_CHECKING:
    from concurrent.futures import Future


class LogWriter(Protocol):
    """Where `log import` reads its names and writes its rows, inside one transaction."""

    def lookups(self) -> ImportLookups: ...

    def insert(self, entries: Iterable[PlannedEntry], *, author: str, now: datetime) -> int: ...


@dataclass
class DirectLogWriter:
    """A stdlib connection to a current SQLite file, in a write transaction (`kamctl.store.direct`)."""

    connection: sqlite3.Connection

    def lookups(self) -> ImportLookups:
        return load_lookups(SqliteReader(self.connection).rows)

    def insert(self, entries: Iterable[PlannedEntry], *, author: str, now: datetime) -> int:
        return insert_sqlite(entries, author=author, now=now, driver=self.connection, beside=True)


ACCOUNTS_SQL = "SELECT id, name, name_key FROM account"
CONTACTS_SQL = "SELECT id, account_id, name, name_key FROM contact ORDER BY id"


def load_lookups(rows: Rows) -> ImportLookups:
    """Every account and contact name, once: each import row is checked against these."""
    accounts: dict[str, int] = {}
    names: list[str] = []
    for id_, name, key in rows(ACCOUNTS_SQL, {}):
        accounts[key] = id_
        names.append(name)
    contacts: dict[tuple[int, str], int] = {}
    contact_names: dict[int, list[str]] = {}
    for id_, account_id, name, key in rows(CONTACTS_SQL, {}):
        contacts.setdefault((account_id, key), id_)
        contact_names.setdefault(account_id, []).append(name)
    return ImportLookups(
        accounts=accounts, account_names=names, contacts=contacts, contact_names=contact_names
    )


IMPORT_CHUNK = 10_000
"""Entries inserted per executemany by `log import`: big enough to cost nothing per row, small
enough that memory stays flat however long the file is."""

IMPORT_PAGE_CACHE_KIB = 32 * 1024
"""SQLite's page cache during an import. With the default 2 MiB a long transaction writes the same
index pages to the WAL again and again; 32 MiB makes the inserts markedly quicker and keeps the
process well within SPEC §9's memory bar, however many rows."""

_INSERT_ENTRY = (
    "INSERT INTO log_entry (id, account_id, occurred_at, channel, kind, sentiment, csat, nps, notes, "
    "tags, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_LINK = "INSERT INTO log_contact (log_entry_id, contact_id) VALUES (?, ?)"
_INDEX_FOR_SEARCH = (
    f"INSERT INTO {LOG_SEARCH_TABLE}(rowid, notes, tags) SELECT id, notes, "
    "(SELECT group_concat(value, ' ') FROM json_each(log_entry.tags)) FROM log_entry "
    "WHERE id >= ? AND id < ?"
)


def insert_sqlite(
    entries: Iterable[PlannedEntry], *, author: str, now: datetime, driver: sqlite3.Connection, beside: bool
) -> int:
    """Insert checked entries and their contact links on `driver`, inside the caller's write
    transaction; returns how many. `entries` may be a generator that checks rows as they are read:
    whatever it raises is left to the caller's transaction, whose rollback undoes every chunk
    (and restores the search-index trigger dropped meanwhile).

    The rows go in through the driver's executemany, encoded as SQLAlchemy's SQLite dialect
    stores them (`SQLiteMoments`, tags as `json.dumps` text; a test compares the two). Ids are
    given up front from MAX(id): the write lock taken at BEGIN IMMEDIATE makes that safe, and it
    is what SQLite itself would assign, so the contact links go in by executemany too.

    The search index's insert trigger is dropped meanwhile: FTS5 writes its pending index to disk
    at every statement savepoint, so the trigger fired by each row of an executemany costs many
    times the insert itself. Each chunk is indexed by one INSERT … SELECT instead. With `beside` (a
    file database, which the caller opened for use from several threads) that runs on a second
    thread while this one reads and checks the next chunk: SQLite releases the GIL while it
    tokenizes. The two threads take turns on the connection (each waits for the other's
    statement) and run side by side otherwise. The trigger is created again at the end.
    """
    from concurrent.futures import ThreadPoolExecutor, wait

    beside = beside and sqlite3.threadsafety > 0
    moment_text = SQLiteMoments()
    created = moment_text(now)
    tag_texts: dict[tuple[str, ...], str] = {(): "[]"}
    cursor = driver.cursor()
    cache_size: int | None = None
    indexing: Future[Any] | None = None
    try:
        first = next_id = (cursor.execute("SELECT MAX(id) FROM log_entry").fetchone()[0] or 0) + 1
        (cache_size,) = cursor.execute("PRAGMA cache_size").fetchone()
        cursor.execute(f"PRAGMA cache_size = -{IMPORT_PAGE_CACHE_KIB}")
        # Leaving this block waits for the indexing thread: nothing may roll back under it.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kamctl-search-index") as indexer:
            try:
                for chunk in chunks(entries, IMPORT_CHUNK):
                    rows = [
                        (
                            entry_id, account_id, moment_text(occurred_at),
                            channel, kind, sentiment, csat, nps, notes,
                            tag_texts.get(tags) or tag_texts.setdefault(tags, json.dumps(list(tags))),
                            author, created,
                        )
                        for entry_id, (
                            account_id, occurred_at, channel, kind, sentiment, csat, nps, notes, tags, _
                        ) in enumerate(chunk, start=next_id)
                    ]  # fmt: skip
                    links = [
                        (entry_id, contact_id)
                        for entry_id, entry in enumerate(chunk, start=next_id)
                        for contact_id in entry.contact_ids
                    ]
                    if next_id == first:
                        cursor.execute(f"DROP TRIGGER {LOG_SEARCH_TABLE}_insert")
                    elif indexing is not None:
                        indexing.result()
                    cursor.executemany(_INSERT_ENTRY, rows)
                    if links:
                        cursor.executemany(_INSERT_LINK, links)
                    bounds = (next_id, next_id + len(rows))
                    if beside:
                        indexing = indexer.submit(_index_for_search, driver, bounds)
                    else:
                        _index_for_search(driver, bounds)
                    next_id += len(rows)
                if indexing is not None:
                    indexing.result()
            finally:
                if indexing is not None:
                    wait([indexing])
        if next_id > first:
            cursor.execute(LOG_SEARCH_SQLITE_DDL[1])
    except sqlite3.Error as exc:
        raise DatabaseProblem(
            _("database problem: {problem} (KAMCTL_DEBUG=1 shows details)").format(problem=error_summary(exc))
        ) from exc
    finally:
        if cache_size is not None:
            with contextlib.suppress(sqlite3.Error):
                cursor.execute(f"PRAGMA cache_size = {cache_size}")
        cursor.close()
    return next_id - first


@contextlib.contextmanager
def indexed_at_the_end(driver: sqlite3.Connection) -> Iterator[None]:
    """Inside the caller's write transaction, on an empty log: the entries inserted in the block
    are indexed for search by one statement at its end instead of by the insert trigger, row by
    row (many times slower; see `insert_sqlite`). An exception leaves the trigger to the caller's
    rollback, which brings it back."""
    driver.execute(f"DROP TRIGGER {LOG_SEARCH_TABLE}_insert")
    yield
    low, high = driver.execute("SELECT MIN(id), MAX(id) FROM log_entry").fetchone()
    if low is not None:
        _index_for_search(driver, (low, high + 1))
    driver.execute(LOG_SEARCH_SQLITE_DDL[1])


def _index_for_search(driver: sqlite3.Connection, bounds: tuple[int, int]) -> None:
    """Index the notes and tags of the entries with ids from bounds[0] up to bounds[1]."""
    driver.execute(_INDEX_FOR_SEARCH, bounds).close()


class SQLiteMoments:
    """Aware moments as SQLAlchemy's SQLite dialect stores `UTCDateTime`: naive UTC text
    `YYYY-MM-DD HH:MM:SS.ffffff`.

    `isoformat` is a sizeable part of the cost of a whole import row; days and times of day
    repeat, so each is formatted once and the pieces are joined.
    """

    _EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

    def __init__(self) -> None:
        self._days: dict[int, str] = {}
        self._times: dict[int, str] = {}

    def __call__(self, moment: datetime) -> str:
        since = moment - self._EPOCH
        day = self._days.get(since.days)
        if day is None:
            day = self._days[since.days] = (self._EPOCH.date() + timedelta(days=since.days)).isoformat() + " "
        clock = self._times.get(since.seconds)
        if clock is None:
            hours, seconds = divmod(since.seconds, 3600)
            clock = self._times[since.seconds] = f"{hours:02d}:{seconds // 60:02d}:{seconds % 60:02d}."
        micro = since.microseconds
        return day + clock + (f"{micro:06d}" if micro else "000000")


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """`items` in lists of `size` (the last one shorter), read lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
