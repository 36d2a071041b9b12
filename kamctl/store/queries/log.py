"""Reading and writing log entries: one entry, lists, full-text search, bulk import and export."""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, exists, func, insert, literal, or_, text, true
from sqlmodel import Session, col, select

from kamctl.domain.log import ImportLookups, PlannedEntry
from kamctl.errors import DatabaseProblem, InvalidValue, NotFound
from kamctl.store.engine import error_summary, sqlite_path
from kamctl.store.models import (
    LOG_SEARCH_SQLITE_DDL,
    LOG_SEARCH_TABLE,
    Account,
    Contact,
    LogContact,
    LogEntry,
    Reminder,
)

if TYPE_CHECKING:
    from concurrent.futures import Future

EXPORT_CHUNK = 5_000
"""Entries read per query by `log export`, so that a million entries never sit in memory at once."""


def find_entry(ref: str | int, *, session: Session) -> LogEntry:
    text_ref = str(ref).strip()
    entry = session.get(LogEntry, int(text_ref)) if text_ref.isdigit() else None
    if entry is None:
        raise NotFound(f"no log entry {text_ref!r} (kamctl log list shows entries with their ids)")
    return entry


def add_entry(
    account: Account,
    values: dict[str, Any],
    *,
    contacts: Sequence[Contact],
    author: str,
    now: datetime,
    session: Session,
) -> LogEntry:
    entry = LogEntry(account_id=account.id, author=author, created_at=now, **values)  # type: ignore[arg-type]
    session.add(entry)
    session.flush()
    set_contacts(entry, contacts, session=session)
    return entry


def set_contacts(entry: LogEntry, contacts: Sequence[Contact], *, session: Session) -> None:
    session.execute(delete(LogContact).where(col(LogContact.log_entry_id) == entry.id))
    seen: set[int] = set()
    for contact in contacts:
        if contact.id not in seen:
            seen.add(contact.id)  # type: ignore[arg-type]
            session.add(LogContact(log_entry_id=entry.id, contact_id=contact.id))  # type: ignore[arg-type]
    session.flush()


def latest_contact(account_id: int, *, session: Session) -> datetime | None:
    """The moment of the account's latest log entry (index-only: (account_id, occurred_at))."""
    return session.exec(select(func.max(LogEntry.occurred_at)).where(LogEntry.account_id == account_id)).one()


# ---------------------------------------------------------------------------------------------
# Records in the JSON shape of SPEC §6


@dataclass(frozen=True)
class EntryFilter:
    account_id: int | None = None
    since: datetime | None = None
    until_before: datetime | None = None
    kind: str | None = None
    channel: str | None = None
    contact_id: int | None = None
    tag: str | None = None


def _tag_condition(tag: str, session: Session):
    """Entries having `tag` (case-insensitive), looked up inside the JSON list on either database."""
    if session.get_bind().dialect.name == "sqlite":
        element = func.json_each(LogEntry.tags).table_valued("value")
    else:
        element = func.json_array_elements_text(LogEntry.tags).table_valued("value")
    return exists(select(literal(1)).select_from(element).where(func.lower(element.c.value) == tag.lower()))


def list_entries(
    filters: EntryFilter, *, session: Session, limit: int | None = None
) -> tuple[list[dict[str, Any]], int]:
    """Entries matching `filters`, newest first: (the first `limit` as records, how many match in all)."""
    conditions = []
    if filters.account_id is not None:
        conditions.append(col(LogEntry.account_id) == filters.account_id)
    if filters.since is not None:
        conditions.append(col(LogEntry.occurred_at) >= filters.since)
    if filters.until_before is not None:
        conditions.append(col(LogEntry.occurred_at) < filters.until_before)
    if filters.kind:
        conditions.append(col(LogEntry.kind) == filters.kind)
    if filters.channel:
        conditions.append(col(LogEntry.channel) == filters.channel)
    if filters.contact_id is not None:
        conditions.append(
            exists().where(
                col(LogContact.log_entry_id) == LogEntry.id, col(LogContact.contact_id) == filters.contact_id
            )
        )
    if filters.tag:
        conditions.append(_tag_condition(filters.tag, session))
    where = and_(true(), *conditions)
    total = session.exec(select(func.count()).select_from(LogEntry).where(where)).one()
    query = (
        select(LogEntry, Account.name)
        .join(Account, col(Account.id) == LogEntry.account_id)
        .where(where)
        .order_by(col(LogEntry.occurred_at).desc(), col(LogEntry.id).desc())
    )
    if limit:
        query = query.limit(limit)
    found = session.exec(query).all()
    return records(found, session=session), total


def records(found: Sequence[tuple[LogEntry, str]], *, session: Session) -> list[dict[str, Any]]:
    """SPEC §6 records: `id, account, contacts, when, channel, kind, sentiment, csat, nps, notes,
    tags, follow_up_id` (contacts as names, follow_up_id the first reminder the entry created)."""
    ids = [entry.id for entry, _ in found]
    names: dict[int, list[str]] = {}
    follow_ups: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        links = session.exec(
            select(LogContact.log_entry_id, Contact.name)
            .join(Contact, col(Contact.id) == LogContact.contact_id)
            .where(col(LogContact.log_entry_id).in_(chunk))
            .order_by(col(LogContact.log_entry_id), col(Contact.name_key), col(Contact.id))
        ).all()
        for entry_id, name in links:
            names.setdefault(entry_id, []).append(name)
        follow_ups.update(
            session.exec(
                select(Reminder.log_entry_id, func.min(Reminder.id))
                .where(col(Reminder.log_entry_id).in_(chunk))
                .group_by(col(Reminder.log_entry_id))
            ).all()
        )
    return [
        {
            "id": entry.id,
            "account": account,
            "contacts": names.get(entry.id, []),  # type: ignore[arg-type]
            "when": entry.occurred_at,
            "channel": entry.channel,
            "kind": entry.kind,
            "sentiment": entry.sentiment,
            "csat": entry.csat,
            "nps": entry.nps,
            "notes": entry.notes,
            "tags": list(entry.tags),
            "follow_up_id": follow_ups.get(entry.id),  # type: ignore[arg-type]
        }
        for entry, account in found
    ]


def entry_record(entry: LogEntry, *, session: Session) -> dict[str, Any]:
    account = session.get(Account, entry.account_id)
    record = records([(entry, account.name if account else "")], session=session)[0]
    record["author"] = entry.author
    record["created_at"] = entry.created_at
    return record


# ---------------------------------------------------------------------------------------------
# Full-text search


_TERMS = re.compile(r'"([^"]+)"|(\S+)')
SHORTEST_INDEXED = 3
"""The trigram index finds substrings of 3 or more characters; shorter terms are matched with LIKE."""


def search_terms(query: str) -> list[str]:
    """Words of the query; `"pilot scope"` in double quotes is one term (a phrase)."""
    return [(quoted or word).strip() for quoted, word in _TERMS.findall(query) if (quoted or word).strip()]


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_entries(
    query: str, *, session: Session, limit: int = 50, account_id: int | None = None
) -> list[dict[str, Any]]:
    """Entries whose notes or tags contain every term of `query`, best match first (SPEC §6)."""
    terms = search_terms(query)
    if not terms:
        raise InvalidValue("the search query is empty: give a word or phrase (kamctl log search 'pilot')")
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        ids = _search_sqlite(terms, session=session, limit=limit, account_id=account_id)
    else:
        ids = _search_substrings(terms, session=session, limit=limit, account_id=account_id)
    if not ids:
        return []
    rows = session.exec(
        select(LogEntry, Account.name)
        .join(Account, col(Account.id) == LogEntry.account_id)
        .where(col(LogEntry.id).in_(ids))
    ).all()
    by_id = {entry.id: (entry, name) for entry, name in rows}
    return records([by_id[i] for i in ids if i in by_id], session=session)


def _search_sqlite(terms: list[str], *, session: Session, limit: int, account_id: int | None) -> list[int]:
    long_terms = [term for term in terms if len(term) >= SHORTEST_INDEXED]
    short_terms = [term for term in terms if len(term) < SHORTEST_INDEXED]
    params: dict[str, Any] = {"limit": limit}
    where = []
    for number, term in enumerate(short_terms):
        params[f"short{number}"] = _like_pattern(term)
        where.append(
            f"(e.notes LIKE :short{number} ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(e.tags) "
            f"WHERE json_each.value LIKE :short{number} ESCAPE '\\'))"
        )
    if account_id is not None:
        params["account_id"] = account_id
        where.append("e.account_id = :account_id")
    if long_terms:
        # Each term is one FTS5 string (a substring match with the trigram tokenizer); all must match.
        params["match"] = " ".join('"' + term.replace('"', '""') + '"' for term in long_terms)
        sql = (
            f"SELECT e.id FROM {LOG_SEARCH_TABLE} f JOIN log_entry e ON e.id = f.rowid "
            f"WHERE {LOG_SEARCH_TABLE} MATCH :match{''.join(' AND ' + w for w in where)} "
            "ORDER BY f.rank, e.occurred_at DESC, e.id DESC LIMIT :limit"
        )
    else:
        sql = (
            f"SELECT e.id FROM log_entry e WHERE {' AND '.join(where)} "
            "ORDER BY e.occurred_at DESC, e.id DESC LIMIT :limit"
        )
    return [row[0] for row in session.connection().execute(text(sql), params)]


def _search_substrings(
    terms: list[str], *, session: Session, limit: int, account_id: int | None
) -> list[int]:
    """PostgreSQL: every term a case-insensitive substring of the notes or of a tag; entries that
    contain the whole query as written come first, then the newest."""
    tag = func.json_array_elements_text(LogEntry.tags).table_valued("value")
    conditions = []
    for term in terms:
        pattern = _like_pattern(term)
        conditions.append(
            or_(
                col(LogEntry.notes).ilike(pattern, escape="\\"),
                exists(select(literal(1)).select_from(tag).where(tag.c.value.ilike(pattern, escape="\\"))),
            )
        )
    if account_id is not None:
        conditions.append(col(LogEntry.account_id) == account_id)
    whole = col(LogEntry.notes).ilike(_like_pattern(" ".join(terms)), escape="\\")
    query = (
        select(LogEntry.id)
        .where(*conditions)
        .order_by(whole.desc(), col(LogEntry.occurred_at).desc(), col(LogEntry.id).desc())
        .limit(limit)
    )
    return list(session.exec(query).all())


# ---------------------------------------------------------------------------------------------
# Import and export


def import_lookups(*, session: Session) -> ImportLookups:
    """Every account and contact name, once: each import row is checked against these."""
    accounts: dict[str, int] = {}
    names: list[str] = []
    for id_, name, key in session.exec(select(Account.id, Account.name, Account.name_key)).all():
        accounts[key] = id_  # type: ignore[index]
        names.append(name)
    contacts: dict[tuple[int, str], int] = {}
    contact_names: dict[int, list[str]] = {}
    for id_, account_id, name, key in session.exec(
        select(Contact.id, Contact.account_id, Contact.name, Contact.name_key).order_by(col(Contact.id))
    ).all():
        contacts.setdefault((account_id, key), id_)  # type: ignore[arg-type]
        contact_names.setdefault(account_id, []).append(name)
    return ImportLookups(
        accounts=accounts, account_names=names, contacts=contacts, contact_names=contact_names
    )


IMPORT_CHUNK = 10_000
"""Entries inserted per executemany by `log import`: big enough to cost nothing per row, small
enough that memory stays flat however long the file is."""


def insert_entries(entries: Iterable[PlannedEntry], *, author: str, now: datetime, session: Session) -> int:
    """Insert checked entries and their contact links, `IMPORT_CHUNK` at a time; returns how many.

    `entries` may be a generator that checks rows as they are read. Whatever it raises is left
    to the caller's transaction, whose rollback undoes every chunk (and, on SQLite, the
    search-index trigger that is dropped meanwhile).
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        return _insert_sqlite(entries, author=author, now=now, connection=connection)
    table = LogEntry.__table__  # type: ignore[attr-defined]
    inserted = 0
    for chunk in _chunks(entries, IMPORT_CHUNK):
        rows = [
            {
                "account_id": entry.account_id,
                "occurred_at": entry.occurred_at,
                "channel": entry.channel,
                "kind": entry.kind,
                "sentiment": entry.sentiment,
                "csat": entry.csat,
                "nps": entry.nps,
                "notes": entry.notes,
                "tags": list(entry.tags),
                "author": author,
                "created_at": now,
            }
            for entry in chunk
        ]
        result = connection.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
        links = [
            {"log_entry_id": entry_id, "contact_id": contact_id}
            for (entry_id,), entry in zip(result, chunk, strict=True)
            for contact_id in entry.contact_ids
        ]
        if links:
            connection.execute(insert(LogContact.__table__), links)  # type: ignore[attr-defined]
        inserted += len(rows)
    return inserted


_SQLITE_INSERT_ENTRY = (
    "INSERT INTO log_entry (id, account_id, occurred_at, channel, kind, sentiment, csat, nps, notes, "
    "tags, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SQLITE_INSERT_LINK = "INSERT INTO log_contact (log_entry_id, contact_id) VALUES (?, ?)"
_SQLITE_INDEX_FOR_SEARCH = (
    f"INSERT INTO {LOG_SEARCH_TABLE}(rowid, notes, tags) SELECT id, notes, "
    "(SELECT group_concat(value, ' ') FROM json_each(log_entry.tags)) FROM log_entry "
    "WHERE id >= ? AND id < ?"
)
IMPORT_PAGE_CACHE_KIB = 32 * 1024
"""SQLite's page cache during an import. With the default 2 MiB a long transaction writes the same
index pages to the WAL again and again; 32 MiB makes the inserts ≈ 30 % quicker and keeps the
process well within SPEC §9's 200 MB (≈ 120 MB), however many rows."""


def _insert_sqlite(entries: Iterable[PlannedEntry], *, author: str, now: datetime, connection: Any) -> int:
    """The rows the ORM would write, through the driver's executemany: SQLAlchemy's processing of
    each row's parameters costs more than SQLite's insert of it.

    Values are encoded as SQLAlchemy's SQLite dialect stores them (`SQLiteMoments`, tags as
    `json.dumps` text); a test compares the two. Ids are given up front from MAX(id): the write
    lock taken at BEGIN IMMEDIATE makes that safe, and it is what SQLite itself would assign, so
    the contact links go in by executemany too.

    The search index's insert trigger is dropped meanwhile: FTS5 writes its pending index to disk
    at every statement savepoint, so the trigger fired by each row of an executemany costs ≈ 20×
    the insert itself. Each chunk is indexed by one INSERT … SELECT instead — on a second thread,
    while this one reads and checks the next chunk: SQLite releases the GIL while it tokenizes.
    The two threads take turns on the connection (each waits for the other's statement) and run
    side by side otherwise. The trigger is created again at the end; a rollback restores it
    with everything else.
    """
    from concurrent.futures import ThreadPoolExecutor, wait

    driver = connection.connection.driver_connection
    # A second thread may use the connection only where the driver allows it: a file database
    # (SQLAlchemy opens those with check_same_thread=False) and an SQLite built for threads.
    beside = sqlite3.threadsafety > 0 and sqlite_path(connection.engine.url.render_as_string()) is not None
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
                for chunk in _chunks(entries, IMPORT_CHUNK):
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
                    cursor.executemany(_SQLITE_INSERT_ENTRY, rows)
                    if links:
                        cursor.executemany(_SQLITE_INSERT_LINK, links)
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
            f"database problem: {error_summary(exc)} (KAMCTL_DEBUG=1 shows details)"
        ) from exc
    finally:
        if cache_size is not None:
            with contextlib.suppress(sqlite3.Error):
                cursor.execute(f"PRAGMA cache_size = {cache_size}")
        cursor.close()
    return next_id - first


def _index_for_search(driver: sqlite3.Connection, bounds: tuple[int, int]) -> None:
    """Index the notes and tags of the entries with ids from bounds[0] up to bounds[1]."""
    driver.execute(_SQLITE_INDEX_FOR_SEARCH, bounds).close()


class SQLiteMoments:
    """Aware moments as SQLAlchemy's SQLite dialect stores `UTCDateTime`: naive UTC text
    `YYYY-MM-DD HH:MM:SS.ffffff`.

    `isoformat` costs ≈ 1.5 µs a call, a fifth of a whole import row; days and times of day
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


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def export_records(*, session: Session) -> Iterator[dict[str, Any]]:
    """Every entry, oldest first, in chunks (a million entries never sit in memory at once)."""
    after = 0
    while True:
        found = session.exec(
            select(LogEntry, Account.name)
            .join(Account, col(Account.id) == LogEntry.account_id)
            .where(col(LogEntry.id) > after)
            .order_by(col(LogEntry.id))
            .limit(EXPORT_CHUNK)
        ).all()
        if not found:
            return
        yield from records(found, session=session)
        after = found[-1][0].id  # type: ignore[assignment]
        session.expunge_all()
