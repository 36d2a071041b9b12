"""What is due: the one list of follow-ups, rhythms, renewals, reviews and objectives (SPEC §7),
and the stored reminders: add, complete, snooze, list, remove, export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

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
    facts = load_due_facts(rows, account_id=account_id, owner=owner)
    span = rules.upcoming_days if days is None else days
    items = due_list(facts, rules, on=on, days=span, kinds=kinds)
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
    raise NotFound(f"no account {ref!r}{did_you_mean(text, names)}")


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
        raise InvalidValue("--log needs the notes of the log entry")
    now = portfolio.utcnow
    with portfolio.store().transaction() as session:
        if item.kind == "stored":
            done, (account_id, contact_id) = _complete_stored(
                item.number, today=portfolio.today, now=now, session=session
            )
        elif item.kind == "objective":
            objective = stored.find_open_objective(item.number, session=session)
            if objective.done_at is not None:
                raise InvalidValue(f"objective {objective.id} is already done")
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
    """A follow-up is closed; a recurring one moves on (`recurrence.after_done`)."""
    from kamctl.domain.recurrence import after_done
    from kamctl.errors import InvalidValue
    from kamctl.store.queries import reminders as stored

    reminder = stored.find_reminder(number, session=session)
    if reminder.done_at is not None:
        raise InvalidValue(f"reminder {reminder.id} is already done")
    following = after_done(reminder.due, reminder.rule, today=today)
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
