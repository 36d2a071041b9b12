"""The log of what happened (SPEC §6): record an interaction, list, search, show, change, remove,
import and export entries."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kamctl.domain.cells import invalid_rows
from kamctl.errors import InvalidValue
from kamctl.i18n import _

if TYPE_CHECKING:
    from kamctl.actions.portfolio import Portfolio
    from kamctl.store.log_import import LogWriter

DEFAULT_LIMIT = 50
"""Entries `log list` and `log search` show unless told otherwise."""


# ---------------------------------------------------------------------------------------------
# Recording an interaction


@dataclass(frozen=True)
class EntryValues:
    """An entry's fields as given, unchecked: text as typed or typed values; None: not given."""

    channel: str | None = None
    when: str | datetime | None = None
    kind: str | None = None
    sentiment: str | None = None
    csat: str | int | None = None
    nps: str | int | None = None

    def checked(self, portfolio: Portfolio, *, tags: Sequence[str] | None = None) -> dict[str, Any]:
        """The given fields (and `tags`), checked, with `when` as `occurred_at` (relative to the
        portfolio's now)."""
        from kamctl.domain.log import entry_fields, parse_when

        fields = entry_fields(
            channel=self.channel, kind=self.kind, sentiment=self.sentiment, csat=self.csat, nps=self.nps
        )
        if tags is not None:
            fields["tags"] = entry_fields(tags=list(tags))["tags"]
        if self.when is not None:
            when = self.when
            fields["occurred_at"] = parse_when(when, now=portfolio.now) if isinstance(when, str) else when
        return fields


@dataclass(frozen=True)
class Interaction:
    """A log entry's checked fields, before the notes and the names are known."""

    fields: dict[str, Any]
    """channel, kind, sentiment, csat, nps, tags, occurred_at."""
    follow_up: date | None
    follow_up_title: str
    follow_up_assignee: str | None = None
    """Who does the follow-up (`--assignee`); None: the account's owner."""


@dataclass(frozen=True)
class FollowUp:
    id: int
    due: date
    title: str


@dataclass(frozen=True)
class Recorded:
    """What `log` recorded, and what it means for the account's rhythm."""

    entry: dict[str, Any]
    """The entry as `log show ID` shows it (SPEC §6 keys, author, created_at)."""
    account: str
    contacts: list[str]
    """The contacts as they were named, in that order."""
    follow_up: FollowUp | None
    archived: bool
    cadence_days: int | None
    next_due: date | None
    """When the account is due for contact next (its cadence), None without one."""


def check_interaction(
    portfolio: Portfolio,
    given: EntryValues,
    *,
    tags: Sequence[str] = (),
    next_: str | date | None = None,
    action: str | None = None,
    assignee: str | None = None,
) -> Interaction:
    """Check everything about an entry but its notes and names (SPEC §6 defaults: a meeting, an
    interaction, now), so that a typo is reported before anyone writes the notes."""
    from kamctl.domain.dates import parse_date
    from kamctl.domain.names import person_name

    now = portfolio.now
    defaults = replace(given, channel=given.channel or "meeting", kind=given.kind or "interaction")
    fields = defaults.checked(portfolio, tags=tags)
    fields.setdefault("occurred_at", now)
    if action is not None and next_ is None:
        raise InvalidValue(_("--action names the follow-up: give its date with --next DATE too"))
    if assignee is not None and next_ is None:
        raise InvalidValue(_("--assignee names who does the follow-up: give its date with --next DATE too"))
    who = person_name(assignee, "--assignee") if assignee is not None else None
    follow_up = parse_date(next_, today=now.date()) if isinstance(next_, str) else next_
    title = " ".join((action or _("Follow up")).split())
    if not title:
        raise InvalidValue(_("the follow-up title (--action) must not be empty"))
    return Interaction(fields, follow_up, title, who)


def record_interaction(
    portfolio: Portfolio,
    account: str,
    notes: str,
    *,
    with_: Sequence[str] = (),
    channel: str | None = None,
    when: str | datetime | None = None,
    next_: str | date | None = None,
    action: str | None = None,
    assignee: str | None = None,
    kind: str | None = None,
    sentiment: str | None = None,
    csat: str | int | None = None,
    nps: str | int | None = None,
    tags: Sequence[str] = (),
) -> Recorded:
    """`kamctl log ACCOUNT NOTES [options]`: one entry, by the portfolio's user, with the named
    contacts of the account, and a follow-up reminder with `next_`; it clears the cadence items it
    answers. Nothing is written when anything is invalid."""
    from kamctl.domain.log import clean_notes

    given = EntryValues(channel, when, kind, sentiment, csat, nps)
    checked = check_interaction(portfolio, given, tags=tags, next_=next_, action=action, assignee=assignee)
    text = clean_notes(notes)
    if not text:
        raise InvalidValue(_('nothing recorded: the notes are empty (kamctl log ACCOUNT "what happened")'))
    return _record(portfolio, account, list(with_), {**checked.fields, "notes": text}, checked)


def interaction_target(portfolio: Portfolio, account: str, with_: Sequence[str]) -> str:
    """The account's name, once it and the contacts named are known to exist (before $EDITOR opens:
    a typo must not cost the user their note)."""
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import find_contact

    with portfolio.store().transaction(write=False) as session:
        found = find_account(account, session=session)
        for name in with_:
            find_contact(name, session=session, account=found)
        return found.name


def _record(
    portfolio: Portfolio, account_ref: str, with_: list[str], fields: dict[str, Any], checked: Interaction
) -> Recorded:
    from kamctl.domain.reminders import cleared_by_contact
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import find_contact
    from kamctl.store.queries.log import add_entry, entry_record
    from kamctl.store.queries.reminders import add_reminder, clear_snoozes

    now = portfolio.utcnow
    with portfolio.store().transaction() as session:
        # Anyone on a team logs on any account (SPEC §10): the entry is attached, nothing changed.
        account = find_account(account_ref, session=session, attach=True)
        contacts = [find_contact(name, session=session, account=account, attach=True) for name in with_]
        entry = add_entry(account, fields, contacts=contacts, author=portfolio.user, now=now, session=session)
        follow_up = None
        if checked.follow_up is not None:
            reminder = add_reminder(
                account, checked.follow_up_title, checked.follow_up, now=now, session=session,
                contact=contacts[0] if contacts else None, log_entry_id=entry.id,
                assignee=checked.follow_up_assignee,
            )  # fmt: skip
            follow_up = FollowUp(reminder.id, reminder.due, reminder.title)  # type: ignore[arg-type]
        # A contact clears the cadence items it answers, snoozed or not.
        clear_snoozes(cleared_by_contact(account.id, [c.id for c in contacts]), session=session)  # type: ignore[arg-type,misc]
        cadence, next_due = _next_contact(account, session=session)
        return Recorded(
            entry=entry_record(entry, session=session),
            account=account.name,
            contacts=[contact.name for contact in contacts],
            follow_up=follow_up,
            archived=account.archived,
            cadence_days=cadence,
            next_due=next_due,
        )


def _next_contact(account: Any, *, session: Any) -> tuple[int | None, date | None]:
    """The account's contact rhythm (days) and when it is due for contact next; (None, None)
    without a rhythm."""
    from kamctl.domain.reminders import DueRules, cadence_due
    from kamctl.store.queries.log import latest_contact
    from kamctl.store.queries.settings import load_settings

    cadence = DueRules.from_settings(load_settings(session=session)).cadence_for(
        account.cadence_days, account.tier
    )
    if cadence is None:
        return None, None
    return cadence, cadence_due(latest_contact(account.id, session=session), account.created_at, cadence)


# ---------------------------------------------------------------------------------------------
# Reading entries


def search_log(
    portfolio: Portfolio,
    query: str,
    *,
    account: str | None = None,
    since: str | date | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """`kamctl log search QUERY`: entries whose notes or tags hold every word (or "quoted phrase")
    of `query`, best match first, at most `limit` (default 50), from `since` (a day) on."""
    from kamctl.domain.limits import check_count
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.log import search_entries

    count = DEFAULT_LIMIT if limit is None else limit
    check_count("--limit", count, least=1)
    from_moment = _day_start(_day(portfolio, since)) if since is not None else None
    with portfolio.store().transaction(write=False) as session:
        found = find_account(account, session=session) if account else None
        return search_entries(
            query, session=session, limit=count, account_id=found.id if found else None, since=from_moment
        )


def _day(portfolio: Portfolio, value: str | date) -> date:
    from kamctl.domain.dates import parse_date

    return parse_date(value, today=portfolio.today) if isinstance(value, str) else value


def _day_start(day: date, *, next_day: bool = False) -> datetime:
    """Local midnight at the start of `day` (or of the day after), as an aware moment."""
    from datetime import time, timedelta

    moment = datetime.combine(day + timedelta(days=1) if next_day else day, time())
    return moment.astimezone()


@dataclass(frozen=True)
class LogPage:
    """`log list`: the newest entries that match, and how many match in all."""

    entries: list[dict[str, Any]]
    total: int
    account: str | None
    """The account's name when the list is of one account."""


def list_log(
    portfolio: Portfolio,
    account: str | None = None,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    kind: str | None = None,
    channel: str | None = None,
    contact: str | None = None,
    tag: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> LogPage:
    """Entries newest first, at most `limit` (0 or None: all), filtered as `log list`'s options."""
    from kamctl.domain.limits import check_count
    from kamctl.domain.log import CHANNELS, KINDS, check_choice
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import find_contact
    from kamctl.store.queries.log import EntryFilter, list_entries

    check_count("--limit", limit or 0, least=0, least_means="all")
    since_at = _day_start(_day(portfolio, since)) if since else None
    until_before = _day_start(_day(portfolio, until), next_day=True) if until else None
    with portfolio.store().transaction(write=False) as session:
        found = find_account(account, session=session) if account else None
        person = find_contact(contact, session=session, account=found) if contact else None
        filters = EntryFilter(
            account_id=found.id if found else None,
            since=since_at,
            until_before=until_before,
            kind=check_choice("kind", kind, KINDS) if kind else None,
            channel=check_choice("channel", channel, CHANNELS) if channel else None,
            contact_id=person.id if person else None,
            tag=tag.strip() if tag else None,
        )
        rows, total = list_entries(filters, session=session, limit=limit or None)
        return LogPage(rows, total, found.name if found else None)


def show_entry(portfolio: Portfolio, ref: str | int) -> dict[str, Any]:
    """`log show ID`: one entry with its author and when it was recorded."""
    from kamctl.store.queries.log import entry_record, find_entry

    with portfolio.store().transaction(write=False) as session:
        return entry_record(find_entry(ref, session=session), session=session)


# ---------------------------------------------------------------------------------------------
# Changing and removing entries


def check_entry_changes(
    portfolio: Portfolio, given: EntryValues, *, notes: str | None = None
) -> dict[str, Any]:
    """The checked new values of an entry's fields (None: unchanged; '' clears sentiment, csat, nps)."""
    from kamctl.domain.log import clean_notes

    changes = given.checked(portfolio)
    if notes is not None:
        changes["notes"] = clean_notes(notes)
        if not changes["notes"]:
            raise InvalidValue(_("the notes must not be empty (kamctl log rm ID removes an entry)"))
    return changes


def edit_entry(
    portfolio: Portfolio,
    ref: str | int,
    *,
    notes: str | None = None,
    with_: Sequence[str] | None = None,
    channel: str | None = None,
    when: str | datetime | None = None,
    kind: str | None = None,
    sentiment: str | None = None,
    csat: str | int | None = None,
    nps: str | int | None = None,
    tags: Sequence[str] = (),
    untag: Sequence[str] = (),
) -> tuple[int, list[str]]:
    """`log edit`: change an entry; `with_` replaces its contacts (empty names: none). Returns the
    entry's id and what changed (`when` for the moment, `contacts`)."""
    from kamctl.domain.log import merged_tags
    from kamctl.store.queries.contacts import find_contact
    from kamctl.store.queries.log import change_entry, entry_account, find_entry

    changes = check_entry_changes(
        portfolio, EntryValues(channel, when, kind, sentiment, csat, nps), notes=notes
    )
    if not changes and with_ is None and not tags and not untag:
        raise InvalidValue(_("nothing to change: give at least one option (see kamctl log edit --help)"))
    with portfolio.store().transaction() as session:
        entry = find_entry(ref, session=session)
        if tags or untag:
            changes["tags"] = merged_tags(entry.tags, add=tags, remove=untag)
        contacts = None
        if with_ is not None:
            account = entry_account(entry, session=session)
            contacts = [find_contact(n, session=session, account=account) for n in with_ if n.strip()]
        changed = change_entry(entry, changes, contacts=contacts, session=session)
        return entry.id, changed  # type: ignore[return-value]


def remove_entry(portfolio: Portfolio, ref: str | int, *, confirm: Callable[[str], None]) -> int:
    """`log rm`: remove an entry once `confirm(question)` returns (a follow-up it created stays)."""
    from kamctl.store.queries.log import find_entry, remove_entry

    with portfolio.store().transaction() as session:
        entry = find_entry(ref, session=session)
        confirm(_("Remove log entry {id}?").format(id=entry.id))
        number = entry.id
        remove_entry(entry, session=session)
        return number  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------
# Import and export


@dataclass(frozen=True)
class Imported:
    """What `log import` found: how many entries it imported (or would), and what it ignored."""

    count: int
    rows: int
    unknown_columns: list[str]
    problems: list[str]
    """One line per invalid row; when there is any, nothing was imported."""


class ImportRefused(InvalidValue):
    """Some rows are invalid, so nothing was imported: `imported` says which and why."""

    def __init__(self, imported: Imported) -> None:
        super().__init__(invalid_rows(len(imported.problems), imported.rows))
        self.imported = imported


def import_log(portfolio: Portfolio, rows: Iterable[Any], *, dry_run: bool = False) -> Imported:
    """`log import`: check every row and insert them all, or none (ImportRefused) — by the portfolio's
    user. Rows are checked and inserted as they are read, in one transaction: a bad row stops the
    inserting, every row is still checked, and the rollback at the error leaves the database as it
    was (as does a process killed half-way)."""
    from kamctl.domain.log import LogImport

    now = portfolio.now
    with _log_writer(portfolio, write=not dry_run) as writer:
        checking = LogImport(writer.lookups(), now=now)
        entries = checking.entries(rows)
        # A dry run reads and checks every row but writes none.
        count = sum(1 for _ in entries) if dry_run else writer.insert(entries, author=portfolio.user, now=now)
        imported = Imported(count, checking.rows, list(checking.unknown_columns), list(checking.problems))
        if imported.problems:
            raise ImportRefused(imported)
    return imported


@contextmanager
def _log_writer(portfolio: Portfolio, *, write: bool) -> Iterator[LogWriter]:
    """A current SQLite file is written through a stdlib connection: the import then never loads
    SQLAlchemy, a good part of a large import's time. Anything else goes through the store, which
    creates or migrates the database first."""
    from kamctl.store.direct import committing, open_current_sqlite

    path = portfolio.sqlite_file
    connection = open_current_sqlite(path, write=write) if path is not None else None
    if connection is not None:
        from kamctl.store.log_import import DirectLogWriter

        with committing(connection):
            yield DirectLogWriter(connection)
        return
    from kamctl.store.queries.log import SessionLogWriter

    with portfolio.store().transaction(write=write) as session:
        yield SessionLogWriter(session)


@contextmanager
def exported_entries(portfolio: Portfolio) -> Iterator[Iterator[dict[str, Any]]]:
    """`log export`: every entry, oldest first, in the shape `log import` reads, read in chunks
    while the block runs (a million entries never sit in memory at once)."""
    from kamctl.domain.log import export_record
    from kamctl.store.queries.log import export_records

    with portfolio.store().transaction(write=False) as session:
        yield (export_record(record) for record in export_records(session=session))
