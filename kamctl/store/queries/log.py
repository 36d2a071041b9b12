"""Reading and writing log entries: one entry, lists, full-text search, bulk import and export."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, exists, func, insert, literal, or_, text, true
from sqlmodel import Session, col, select

from kamctl.domain.log import ImportLookups, PlannedEntry
from kamctl.domain.names import as_id
from kamctl.errors import InvalidValue, NotFound
from kamctl.i18n import _
from kamctl.store import log_import
from kamctl.store.engine import get_for_change, sqlite_path
from kamctl.store.models import (
    Account,
    Contact,
    LogContact,
    LogEntry,
    Reminder,
)
from kamctl.store.queries.reminders import session_rows
from kamctl.store.search_index import CONTAINS_FUNCTION, LOG_SEARCH_TABLE, SHORTEST_INDEXED, trigram_query
from kamctl.store.types import UTCDateTime

EXPORT_CHUNK = 5_000
"""Entries read per query by `log export`, so that a million entries never sit in memory at once."""


def find_entry(ref: str | int, *, session: Session) -> LogEntry:
    text_ref = str(ref).strip()
    number = as_id(text_ref)
    entry = get_for_change(LogEntry, number, session=session) if number is not None else None
    if entry is None:
        raise NotFound(
            _("no log entry {ref} (kamctl log list shows entries with their ids)").format(ref=repr(text_ref))
        )
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


def entry_account(entry: LogEntry, *, session: Session) -> Account | None:
    return session.get(Account, entry.account_id)


def change_entry(
    entry: LogEntry, changes: dict[str, Any], *, contacts: Sequence[Contact] | None, session: Session
) -> list[str]:
    """Set the fields in `changes` that differ, and the contacts when given; returns what changed
    (`when` for the moment, `contacts`)."""
    changed = [key for key, value in changes.items() if getattr(entry, key) != value]
    for key in changed:
        setattr(entry, key, changes[key])
    if contacts is not None:
        set_contacts(entry, contacts, session=session)
        changed.append("contacts")
    session.add(entry)
    session.flush()
    return ["when" if key == "occurred_at" else key for key in changed]


def remove_entry(entry: LogEntry, *, session: Session) -> None:
    session.delete(entry)
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


def search_terms(query: str) -> list[str]:
    """Words of the query; `"pilot scope"` in double quotes is one term (a phrase)."""
    return [(quoted or word).strip() for quoted, word in _TERMS.findall(query) if (quoted or word).strip()]


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_entries(
    query: str,
    *,
    session: Session,
    limit: int = 50,
    account_id: int | None = None,
    since: datetime | None = None,
) -> list[dict[str, Any]]:
    """Entries whose notes or tags contain every term of `query`, best match first (SPEC §6);
    only those that happened at or after `since` when it is given."""
    terms = search_terms(query)
    if not terms:
        raise InvalidValue(_("the search query is empty: give a word or phrase (kamctl log search 'pilot')"))
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        ids = _search_sqlite(terms, session=session, limit=limit, account_id=account_id, since=since)
    else:
        ids = _search_substrings(terms, session=session, limit=limit, account_id=account_id, since=since)
    if not ids:
        return []
    rows = session.exec(
        select(LogEntry, Account.name)
        .join(Account, col(Account.id) == LogEntry.account_id)
        .where(col(LogEntry.id).in_(ids))
    ).all()
    by_id = {entry.id: (entry, name) for entry, name in rows}
    return records([by_id[i] for i in ids if i in by_id], session=session)


def _search_sqlite(
    terms: list[str], *, session: Session, limit: int, account_id: int | None, since: datetime | None
) -> list[int]:
    """Every term in the notes or in the tags; entries that contain the whole query as written
    come first, then the newest (as on PostgreSQL).

    Terms of 3 or more characters are looked up in the trigram index (entries holding all their
    trigrams) and confirmed in the text; shorter ones are matched with LIKE.
    """
    long_terms = [term for term in terms if len(term) >= SHORTEST_INDEXED]
    params: dict[str, Any] = {"limit": limit, "whole": " ".join(terms)}
    where = []
    contains, tag_text = CONTAINS_FUNCTION, "(SELECT group_concat(value, ' ') FROM json_each(e.tags))"
    for number, term in enumerate(terms):
        if len(term) >= SHORTEST_INDEXED:
            params[f"term{number}"] = term
            where.append(f"({contains}(e.notes, :term{number}) OR {contains}({tag_text}, :term{number}))")
        else:
            params[f"term{number}"] = _like_pattern(term)
            where.append(
                f"(e.notes LIKE :term{number} ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(e.tags) "
                f"WHERE json_each.value LIKE :term{number} ESCAPE '\\'))"
            )
    if account_id is not None:
        params["account_id"] = account_id
        where.append("e.account_id = :account_id")
    if since is not None:
        params["since"] = since
        where.append("e.occurred_at >= :since")
    source = "log_entry e"
    if long_terms:
        params["match"] = trigram_query(long_terms)
        source = f"{LOG_SEARCH_TABLE} f JOIN log_entry e ON e.id = f.rowid"
        where.insert(0, f"{LOG_SEARCH_TABLE} MATCH :match")
    sql = (
        f"SELECT e.id FROM {source} WHERE {' AND '.join(where)} "
        f"ORDER BY {contains}(e.notes, :whole) DESC, e.occurred_at DESC, e.id DESC LIMIT :limit"
    )
    statement = text(sql)
    if since is not None:
        statement = statement.bindparams(bindparam("since", type_=UTCDateTime()))
    return [row[0] for row in session.connection().execute(statement, params)]


def _search_substrings(
    terms: list[str], *, session: Session, limit: int, account_id: int | None, since: datetime | None
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
    if since is not None:
        conditions.append(col(LogEntry.occurred_at) >= since)
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


@dataclass
class SessionLogWriter:
    """`log import` through the store: PostgreSQL, and SQLite files the direct path does not open."""

    session: Session

    def lookups(self) -> ImportLookups:
        return import_lookups(session=self.session)

    def insert(self, entries: Iterable[PlannedEntry], *, author: str, now: datetime) -> int:
        return insert_entries(entries, author=author, now=now, session=self.session)


def import_lookups(*, session: Session) -> ImportLookups:
    """Every account and contact name, once: each import row is checked against these."""
    return log_import.load_lookups(session_rows(session))


def insert_entries(entries: Iterable[PlannedEntry], *, author: str, now: datetime, session: Session) -> int:
    """Insert checked entries and their contact links, `IMPORT_CHUNK` at a time; returns how many.

    `entries` may be a generator that checks rows as they are read. Whatever it raises is left
    to the caller's transaction, whose rollback undoes every chunk (and, on SQLite, the
    search-index trigger that is dropped meanwhile).
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        # A file database is opened for use from several threads (SQLAlchemy passes
        # check_same_thread=False); an in-memory one is not.
        beside = sqlite_path(connection.engine.url.render_as_string()) is not None
        driver = connection.connection.driver_connection
        return log_import.insert_sqlite(entries, author=author, now=now, driver=driver, beside=beside)
    table = LogEntry.__table__  # type: ignore[attr-defined]
    inserted = 0
    for chunk in log_import.chunks(entries, log_import.IMPORT_CHUNK):
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
