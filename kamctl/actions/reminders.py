"""What is due: the one list of follow-ups, rhythms, renewals, reviews and objectives (SPEC §7),
and the stored reminders: add, complete, snooze, list, remove, export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kamctl.i18n import _
from kamctl.i18n import day as shown_day

if TYPE_CHECKING:
    from datetime import datetime

    from kamctl.actions.portfolio import Portfolio
    from kamctl.domain.reminders import DueItem
    from kamctl.store.fast_due import Rows


@dataclass(frozen=True)
class Due:
    """The due list on one day: its items and the window they cover."""

    items: list[DueItem]
    on: date
    days: int
    """How many days after `on` the list reaches."""


def due_list(
    portfolio: Portfolio,
    *,
    on: str | date | None = None,
    days: str | int | None = None,
    mine: bool = False,
    owner: str | None = None,
    account: str | None = None,
    kinds: list[str] | None = None,
) -> Due:
    """`kamctl remind`: everything due on `on` (default today) and in the next `days` (default the
    `upcoming_days` setting); `mine` means `owner` = the portfolio's user."""
    from kamctl.domain.dates import parse_date
    from kamctl.domain.reminders import check_days, check_kinds

    if isinstance(on, str):
        day = parse_date(on, today=portfolio.today)
    else:
        day = portfolio.today if on is None else on
    span = check_days(days) if days is not None else None
    checked = check_kinds(kinds or [])
    items, span = due_items(
        portfolio, on=day, days=span, owner=portfolio.user if mine else owner, account=account, kinds=checked
    )
    return Due(items, day, span)


def due_items(
    portfolio: Portfolio,
    *,
    on: date,
    days: int | None,
    owner: str | None = None,
    account: str | None = None,
    kinds: list[str] | None = None,
) -> tuple[list[DueItem], int]:
    """The due list and the window it covers (days). On a current SQLite file the reads go through
    stdlib sqlite3 (no SQLAlchemy import); otherwise through the store, which creates or migrates."""

    def read(rows: Rows) -> tuple[list[DueItem], int]:
        return _compute(rows, on=on, days=days, owner=owner, account=account, kinds=kinds)

    return _reading(portfolio, read)


def _reading(portfolio: Portfolio, read: Callable[[Rows], Any]) -> Any:
    """`read(rows)` in one snapshot: on a current SQLite file through stdlib sqlite3 (no SQLAlchemy
    import); otherwise through the store, which creates or migrates."""
    path = portfolio.sqlite_file
    if path is not None:
        from kamctl.store.fast_due import read_sqlite

        done, result = read_sqlite(path, read)
        if done:
            return result
    from kamctl.store.queries.reminders import session_rows

    with portfolio.store().transaction(write=False) as session:
        return read(session_rows(session))


def _compute(
    rows: Rows, *, on: date, days: int | None, owner: str | None, account: str | None, kinds: list[str] | None
) -> tuple[list[DueItem], int]:
    from kamctl.domain.reminders import DueRules, due_list, needs_scores, sort_items
    from kamctl.store.fast_due import load_due_facts, load_scores, load_settings

    settings = load_settings(rows)
    rules = DueRules.from_settings(settings)
    account_id = _account_id(rows, account) if account is not None else None
    facts = load_due_facts(rows, account_id=account_id)
    span = rules.upcoming_days if days is None else days
    items = due_list(facts, rules, on=on, days=span, kinds=kinds, assignee=owner)
    if needs_scores(items):
        items = sort_items(items, scores=load_scores(rows))
    return items, span


def _account_id(rows: Rows, ref: str) -> int:
    """`--account`: by id or by name (case-insensitive, exact), with "did you mean" (as find_account)."""
    from kamctl.domain.names import as_id, did_you_mean
    from kamctl.errors import NotFound

    text = ref.strip()
    if (number := as_id(text)) is not None:
        found = list(rows("SELECT id FROM account WHERE id = :id", {"id": number}))
        if found:
            return found[0][0]
    found = list(rows("SELECT id FROM account WHERE name_key = :key", {"key": text.casefold()}))
    if found:
        return found[0][0]
    names = [name for (name,) in rows("SELECT name FROM account", {})]
    raise NotFound(_("no account {name}").format(name=repr(ref)) + did_you_mean(text, names))


# ---------------------------------------------------------------------------------------------
# Completing an item


@dataclass(frozen=True)
class Completion:
    """What `remind done` did."""

    item_id: str
    """The id as the due list shows it: `12`, `objective:3`, `cadence:1`, `cadence:contact:5`."""
    kind: str
    """`reminder`, `objective`, `cadence` or `cadence-contact`."""
    title: str | None
    """The reminder's title or the objective's text; None for a cadence item (cleared by its log)."""
    next_due: date | None = None
    """A recurring reminder's next occurrence; None when the item is closed."""
    log_entry_id: int | None = None
    """The log entry recorded with it (`--log`)."""


def complete_reminder(portfolio: Portfolio, ref: str, *, log: str | None = None) -> Completion:
    """`remind done ID [--log NOTES]`: close a follow-up or an objective, move a recurring reminder
    to its next occurrence; with `log`, also record a log entry (`who` = the portfolio's user),
    which is how a cadence item is cleared. Nothing is written when anything is refused."""
    from kamctl.domain.reminders import not_done_by_hand, parse_item_ref
    from kamctl.errors import InvalidValue
    from kamctl.store.queries import reminders as stored

    item = parse_item_ref(ref)
    if log is not None and not log.strip():
        raise InvalidValue(_("--log needs the notes of the log entry"))
    now = portfolio.utcnow
    with portfolio.store().transaction() as session:
        if item.kind == "stored":
            done, (account_id, contact_id) = _complete_stored(
                item.number, today=portfolio.today, now=now, session=session
            )
        elif item.kind == "objective":
            objective = stored.find_open_objective(item.number, session=session)
            if objective.done_at is not None:
                raise InvalidValue(_("objective {id} is already done").format(id=objective.id))
            stored.close_objective(objective, now=now, session=session)
            done = Completion(item.item_id, "objective", objective.text)
            account_id, contact_id = objective.account_id, None
        elif item.kind in ("cadence", "cadence-contact") and log is not None:
            account_id, contact_id = stored.cadence_target(item, session=session)
            done = Completion(item.item_id, item.kind, None)
        else:
            raise InvalidValue(not_done_by_hand(item))
        if log is not None:
            entry_id = _log_contact(portfolio, account_id, contact_id, log, session=session)
            done = Completion(done.item_id, done.kind, done.title, done.next_due, entry_id)
    return done


def _complete_stored(
    number: int, *, today: date, now: datetime, session: Any
) -> tuple[Completion, tuple[int, int | None]]:
    """A follow-up is closed; a recurring one moves on (`recurrence.after_done`), or closes for good
    on its COUNT-th occurrence or past its UNTIL."""
    from kamctl.domain.recurrence import after_done
    from kamctl.errors import InvalidValue
    from kamctl.store.queries import reminders as stored

    reminder = stored.find_reminder(number, session=session)
    if reminder.done_at is not None:
        raise InvalidValue(_("reminder {id} is already done").format(id=reminder.id))
    following = after_done(
        reminder.due, reminder.rule, today=today, occurrences_done=reminder.occurrences_done
    )
    stored.complete(reminder, next_due=following, now=now, session=session)
    return Completion(str(number), "reminder", reminder.title, following), (
        reminder.account_id,
        reminder.contact_id,
    )


def _log_contact(
    portfolio: Portfolio, account_id: int, contact_id: int | None, notes: str, *, session: Any
) -> int:
    """A log entry with the account (and the contact) now, which clears their cadence items."""
    from kamctl.domain.log import clean_notes
    from kamctl.domain.reminders import cleared_by_contact
    from kamctl.store.queries.log import add_entry
    from kamctl.store.queries.reminders import account_of, clear_snoozes, contact_of

    account = account_of(account_id, session=session)
    person = contact_of(contact_id, session=session) if contact_id is not None else None
    now = portfolio.utcnow
    entry = add_entry(
        account,
        {"occurred_at": now, "notes": clean_notes(notes), "tags": []},
        contacts=[person] if person is not None else [],
        author=portfolio.user,
        now=now,
        session=session,
    )
    clear_snoozes(cleared_by_contact(account_id, [contact_id] if contact_id else []), session=session)
    return entry.id  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------
# Stored reminders


@dataclass(frozen=True)
class Added:
    """A reminder `remind add` stored."""

    id: int
    account: str
    title: str
    due: date
    rule: str | None
    assignee: str | None = None
    """Who does it: the one named, else the account's owner."""


def add_reminder(
    portfolio: Portfolio,
    account: str,
    title: str,
    *,
    due: str | date,
    contact: str | None = None,
    every: str | None = None,
    assignee: str | None = None,
) -> Added:
    """A follow-up due on `due`, or with `every` a recurring reminder from its first occurrence on
    or after `due`; it belongs to `assignee` (default: whoever owns the account)."""
    from kamctl.domain.dates import parse_date
    from kamctl.domain.names import person_name
    from kamctl.domain.recurrence import first_due, parse_rule
    from kamctl.errors import InvalidValue
    from kamctl.store.queries import reminders as stored
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import find_contact

    text = " ".join(title.split())
    if not text:
        raise InvalidValue(_("the reminder's title must not be empty"))
    day = parse_date(due, today=portfolio.today) if isinstance(due, str) else due
    rule = parse_rule(every) if every is not None else None
    who = person_name(assignee, "--assignee") if assignee is not None else None
    if rule is not None:
        day = first_due(rule, day)
    with portfolio.store().transaction() as session:
        found = find_account(account, session=session)
        person = find_contact(contact, session=session, account=found) if contact else None
        reminder = stored.add_reminder(
            found,
            text,
            day,
            now=portfolio.utcnow,
            session=session,
            rule=rule.text if rule else None,
            contact=person,
            assignee=who,
        )
        return Added(reminder.id, found.name, text, day, reminder.rule, who or found.owner)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Snoozed:
    """What `remind snooze` did: a follow-up moved to the day, any other item hidden until it."""

    item_id: str
    until: date
    moved: str | None = None
    """The title of the follow-up that moved; None when the item is hidden instead."""


def snooze_item(portfolio: Portfolio, ref: str, until: str | date) -> Snoozed:
    """Hide an item until a day after today; a follow-up simply moves to that day."""
    from kamctl.domain.dates import parse_date
    from kamctl.domain.reminders import parse_item_ref
    from kamctl.errors import InvalidValue
    from kamctl.store.queries import reminders as stored

    item = parse_item_ref(ref)
    day = parse_date(until, today=portfolio.today) if isinstance(until, str) else until
    if day <= portfolio.today:
        raise InvalidValue(_("snooze until a day after today (got {date})").format(date=shown_day(day)))
    with portfolio.store().transaction() as session:
        if item.kind == "stored":
            reminder = stored.find_reminder(item.number, session=session)
            if reminder.done_at is not None:
                raise InvalidValue(_("reminder {id} is already done").format(id=reminder.id))
            if reminder.rule is None:
                stored.move(reminder, day, session=session)
                return Snoozed(item.item_id, day, reminder.title)
        else:
            stored.check_computed_item(item, session=session)
        stored.snooze(item.item_id, day, session=session)
    return Snoozed(item.item_id, day)


def stored_reminders(portfolio: Portfolio, *, include_done: bool = False) -> list[dict[str, Any]]:
    """`remind list`: stored reminders with their account and contact names, open ones first."""
    from kamctl.store.queries.reminders import list_reminders

    with portfolio.store().transaction(write=False) as session:
        return list_reminders(session=session, include_done=include_done)


def remove_reminder(portfolio: Portfolio, ref: str, *, confirm: Callable[[str], None]) -> int:
    """`remind rm`: remove a stored reminder once `confirm(question)` returns (it raises to refuse)."""
    from kamctl.domain.reminders import parse_item_ref
    from kamctl.errors import InvalidValue
    from kamctl.store.queries import reminders as stored

    item = parse_item_ref(ref)
    if item.kind != "stored":
        raise InvalidValue(
            _(
                "{id} is computed from the data, not stored; "
                "hide it with kamctl remind snooze {id} --until DATE"
            ).format(id=item.item_id)
        )
    with portfolio.store().transaction() as session:
        reminder = stored.find_reminder(item.number, session=session)
        confirm(_("Remove reminder {id} ({title})?").format(id=reminder.id, title=reminder.title))
        stored.remove(reminder, session=session)
    return item.number


@dataclass(frozen=True)
class Calendar:
    """The due list for a calendar: its items (and those done lately), the rules of the recurring
    ones, and the database they come from."""

    items: list[DueItem]
    rules: dict[int, str]
    """RRULE value by reminder number, its COUNT reduced by the occurrences already done."""
    completed: dict[int | str, datetime]
    """When each item done in the last `days` days was done."""
    database: str
    """The database's own id, part of every UID."""
    stamp: datetime
    form: str
    """`todo` or `event`."""


def due_calendar(
    portfolio: Portfolio,
    *,
    days: str | int = 90,
    mine: bool = False,
    owner: str | None = None,
    form: str = "todo",
) -> Calendar:
    """`remind export`: what is due today and in the next `days`, and what was completed in the
    last `days`, for an iCalendar file of to-dos or (`form="event"`) all-day events."""
    from datetime import timedelta

    from kamctl.domain.log import check_choice
    from kamctl.domain.recurrence import parse_rule
    from kamctl.io.ical import FORMS

    checked = check_choice("--as", form, FORMS)
    due = due_list(portfolio, days=days, mine=mine, owner=owner)
    since = portfolio.now - timedelta(days=due.days)

    def read(rows: Rows) -> tuple[str, dict[int, int], list[tuple[DueItem, datetime]]]:
        from kamctl.store import fast_calendar as stored

        who = portfolio.user if mine else owner
        return (
            stored.database_id(rows),
            stored.occurrences_done(rows),
            stored.completed_since(rows, since, owner=who),
        )

    database, progress, done = _reading(portfolio, read)
    rules = {
        item.id: parse_rule(item.rule).remaining(progress.get(item.id, 0)).rrule
        for item in due.items
        if isinstance(item.id, int) and item.rule
    }
    completed = {item.id: done_at for item, done_at in done}
    items = due.items + [item for item, _ in done]
    return Calendar(items, rules, completed, database, portfolio.now, checked)
