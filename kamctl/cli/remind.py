"""`kamctl remind`: the morning routine — one list of everything due — and stored reminders (SPEC §7)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kamctl.actions.reminders import due_items
from kamctl.cli.context import current
from kamctl.cli.options import FormatOption, OutputFormat, RawOption, YesOption

if TYPE_CHECKING:
    from datetime import date


app = typer.Typer(
    help="Everything that needs attention today: follow-ups, rhythms, renewals, reviews, objectives.",
    invoke_without_command=True,
)

DUE = 3
"""Exit status of `remind --check` when something is overdue or due today (SPEC §2)."""


class DueFormat(StrEnum):
    table = "table"
    plain = "plain"
    json = "json"


ItemId = Annotated[
    str, typer.Argument(metavar="ID", help="A reminder's number, or a computed id such as cadence:3.")
]
Owner = Annotated[str | None, typer.Option(metavar="NAME", help="Only accounts owned by NAME.")]
Mine = Annotated[bool, typer.Option("--mine", help="Only your accounts.")]


@app.callback()
def due(
    ctx: typer.Context,
    on: Annotated[
        str | None, typer.Option(metavar="DATE", help="The day to look from (default: today).")
    ] = None,
    days: Annotated[
        str | None,
        typer.Option(metavar="N", help="Also show what is due in the next N days (default: upcoming_days)."),
    ] = None,
    owner: Owner = None,
    mine: Mine = False,
    account: Annotated[str | None, typer.Option(metavar="NAME", help="Only this account.")] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            help="Only this kind: follow-up, recurring, cadence, renewal, review, objective (repeatable)."
        ),
    ] = None,
    fmt: Annotated[
        DueFormat, typer.Option("--format", "-f", help="table for people, plain for mail, json for scripts.")
    ] = DueFormat.table,
    quiet: Annotated[bool, typer.Option("--quiet", help="Print nothing at all when nothing is due.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 3 when anything is overdue or due today.")
    ] = False,
) -> None:
    """Everything due on --on (default today) and in the next --days, grouped Overdue / Today / Upcoming."""
    if ctx.invoked_subcommand is not None:
        return
    from kamctl import cache, clock
    from kamctl.domain.dates import parse_date
    from kamctl.domain.reminders import anything_due_now, check_days, check_kinds, window_end
    from kamctl.render import reminders as render

    today = clock.today()
    day = parse_date(on, today=today) if on is not None else today
    span = check_days(days) if days is not None else None
    kinds = check_kinds(kind or [])
    portfolio = current().portfolio()
    items, span = due_items(
        portfolio, on=day, days=span, owner=portfolio.user if mine else owner, account=account, kinds=kinds
    )
    if fmt is DueFormat.json:
        out, err = render.json_text(items, day), ""
    elif not items:
        out, err = "", ("" if quiet else render.nothing_due(day, window_end(day, span)))
    elif fmt is DueFormat.plain:
        out, err = render.plain_text(items, day), ""
    else:
        out, err = render.table_text(items, day), ""
    code = DUE if check and anything_due_now(items, day) else 0
    store = cache.active()
    if store is not None:
        store.store(code, out, err)
    _write(out, err)
    if code:
        raise typer.Exit(code)


def _write(out: str, err: str) -> None:
    import sys

    if out:
        sys.stdout.write(out)
    if err:
        sys.stderr.write(err)


# ---------------------------------------------------------------------------------------------
# Stored reminders


@app.command("add")
def add(
    account: Annotated[str, typer.Argument(metavar="ACCOUNT", help="Account name or id.")],
    title: Annotated[str, typer.Argument(help="What to do.")],
    due_on: Annotated[str, typer.Option("--due", metavar="DATE", help="When it is due (the first time).")],
    contact: Annotated[str | None, typer.Option(metavar="CONTACT", help="The contact it is about.")] = None,
    every: Annotated[
        str | None,
        typer.Option(
            metavar="RULE",
            help='Repeat: daily, weekly, "every 2 weeks", monthly, quarterly, yearly, '
            '"first monday of month", '
            'or "RRULE:FREQ=…".',
        ),
    ] = None,
) -> None:
    """Add a follow-up, or a recurring reminder with --every."""
    from kamctl import clock
    from kamctl.domain.dates import parse_date
    from kamctl.domain.recurrence import parse_rule
    from kamctl.errors import InvalidValue
    from kamctl.render import messages
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import find_contact
    from kamctl.store.queries.reminders import add_reminder

    text = " ".join(title.split())
    if not text:
        raise InvalidValue("the reminder's title must not be empty")
    day = parse_date(due_on, today=clock.today())
    rule = parse_rule(every) if every is not None else None
    if rule is not None:
        first = rule.first_on_or_after(day)
        if first is None:
            raise InvalidValue(f"the rule {rule.text!r} has no occurrence on or after {day.isoformat()}")
        day = first
    with current().store().transaction() as session:
        found = find_account(account, session=session)
        person = find_contact(contact, session=session, account=found) if contact else None
        reminder = add_reminder(
            found,
            text,
            day,
            now=clock.utcnow(),
            session=session,
            rule=rule.text if rule else None,
            contact=person,
        )
        label = found.name
    repeat = f", repeating {rule.text}" if rule else ""
    messages.info(f"Added reminder {reminder.id}: {label}: {text} (due {day.isoformat()}{repeat})")


@app.command("done")
def done(
    item_id: ItemId,
    log: Annotated[
        str | None, typer.Option("--log", metavar="NOTES", help="Also record a log entry with these notes.")
    ] = None,
) -> None:
    """Complete a reminder; a recurring one moves to its next occurrence."""
    from kamctl import clock
    from kamctl.domain.reminders import parse_item_ref
    from kamctl.errors import InvalidValue
    from kamctl.render import messages
    from kamctl.store.queries import reminders as stored

    ref = parse_item_ref(item_id)
    if log is not None and not log.strip():
        raise InvalidValue("--log needs the notes of the log entry")
    now = clock.utcnow()
    today = clock.today()
    notes: list[str] = []
    with current().store().transaction() as session:
        if ref.kind == "stored":
            reminder = stored.find_reminder(ref.number, session=session)
            if reminder.done_at is not None:
                raise InvalidValue(f"reminder {reminder.id} is already done")
            account_id, contact_id = reminder.account_id, reminder.contact_id
            notes.append(_complete(reminder, today=today, now=now))
            stored.clear_snoozes([str(reminder.id)], session=session)
            session.add(reminder)
        elif ref.kind == "objective":
            objective = stored.find_open_objective(ref.number, session=session)
            if objective.done_at is not None:
                raise InvalidValue(f"objective {objective.id} is already done")
            objective.done_at = now
            session.add(objective)
            account_id, contact_id = objective.account_id, None
            notes.append(f"Objective {objective.id} done: {objective.text}")
        elif ref.kind in ("cadence", "cadence-contact") and log is not None:
            account_id, contact_id = _cadence_target(ref, session=session)
        else:
            raise InvalidValue(_not_done_by_hand(ref))
        if log is not None:
            entry = _log_entry(account_id, contact_id, log, now=now, session=session)
            notes.append(f"Logged {entry.id}")
        session.flush()
    for note in notes:
        messages.info(note)


def _complete(reminder: Any, *, today: date, now: Any) -> str:
    """Done: a follow-up is closed; a recurring one moves to its first occurrence after both its
    current one and today (occurrences missed meanwhile are not replayed), or closes when its
    rule has ended."""
    from kamctl.domain.recurrence import parse_rule

    if reminder.rule:
        following = parse_rule(reminder.rule).next_after(reminder.due, max(reminder.due, today))
        if following is not None:
            reminder.due = following
            return f"Reminder {reminder.id} done; next on {following.isoformat()}: {reminder.title}"
    reminder.done_at = now
    return f"Reminder {reminder.id} done: {reminder.title}"


def _cadence_target(ref: Any, *, session: Any) -> tuple[int, int | None]:
    from kamctl.errors import NotFound
    from kamctl.store.models import Account, Contact

    if ref.kind == "cadence":
        if session.get(Account, ref.number) is None:
            raise NotFound(f"no account {ref.number} (for {ref.item_id})")
        return ref.number, None
    contact = session.get(Contact, ref.number)
    if contact is None:
        raise NotFound(f"no contact {ref.number} (for {ref.item_id})")
    return contact.account_id, contact.id


def _not_done_by_hand(ref: Any) -> str:
    item = ref.item_id
    if ref.kind == "cadence":
        return (
            f'{item} is cleared by logging a contact with the account: kamctl log ACCOUNT "…", or '
            f'kamctl remind done {item} --log "…"; to hide it for now: '
            f"kamctl remind snooze {item} --until DATE"
        )
    if ref.kind == "cadence-contact":
        return (
            f"{item} is cleared by logging a contact with that person: "
            f'kamctl log ACCOUNT "…" --with NAME, or '
            f'kamctl remind done {item} --log "…"; to hide it for now: '
            f"kamctl remind snooze {item} --until DATE"
        )
    if ref.kind == "review":
        return f"{item} is cleared by recording the review: kamctl accounts review ACCOUNT [--note TEXT]"
    return (
        f"{item} is due until the renewal date moves: kamctl accounts edit ACCOUNT --renewal DATE; "
        f"to hide it for now: kamctl remind snooze {item} --until DATE"
    )


def _log_entry(account_id: int, contact_id: int | None, notes: str, *, now: Any, session: Any) -> Any:
    from kamctl.domain.log import clean_notes
    from kamctl.store.models import Account, Contact
    from kamctl.store.queries.log import add_entry
    from kamctl.store.queries.reminders import clear_snoozes

    account = session.get(Account, account_id)
    contacts = [session.get(Contact, contact_id)] if contact_id is not None else []
    entry = add_entry(
        account,
        {"occurred_at": now, "notes": clean_notes(notes), "tags": []},
        contacts=[contact for contact in contacts if contact is not None],
        author=current().user,
        now=now,
        session=session,
    )
    clear_snoozes(
        [f"cadence:{account_id}", *(f"cadence:contact:{c}" for c in ([contact_id] if contact_id else []))],
        session=session,
    )
    return entry


@app.command("snooze")
def snooze(
    item_id: ItemId,
    until: Annotated[str, typer.Option("--until", metavar="DATE", help="Hide it until this day.")],
) -> None:
    """Hide a reminder until a day; a follow-up simply moves to that day."""
    from kamctl import clock
    from kamctl.domain.dates import parse_date
    from kamctl.domain.reminders import parse_item_ref
    from kamctl.errors import InvalidValue, NotFound
    from kamctl.render import messages
    from kamctl.store.models import Account, Contact, Objective
    from kamctl.store.queries import reminders as stored

    ref = parse_item_ref(item_id)
    today = clock.today()
    day = parse_date(until, today=today)
    if day <= today:
        raise InvalidValue(f"snooze until a day after today (got {day.isoformat()})")
    with current().store().transaction() as session:
        if ref.kind == "stored":
            reminder = stored.find_reminder(ref.number, session=session)
            if reminder.done_at is not None:
                raise InvalidValue(f"reminder {reminder.id} is already done")
            if reminder.rule is None:
                reminder.due = day
                session.add(reminder)
                session.flush()
                messages.info(f"Follow-up {reminder.id} moved to {day.isoformat()}: {reminder.title}")
                return
        else:
            table = {"objective": Objective, "cadence-contact": Contact}.get(ref.kind, Account)
            if session.get(table, ref.number) is None:
                what = "objective" if table is Objective else table.__name__.lower()
                raise NotFound(f"no {ref.item_id}: {what} "
                               f"{ref.number} does not exist")  # fmt: skip
        stored.snooze(ref.item_id, day, session=session)
    messages.info(f"Snoozed {ref.item_id} until {day.isoformat()}")


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Also reminders already done.")] = False,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
) -> None:
    """List stored reminders (follow-ups and recurring ones)."""
    from kamctl.render.output import Column, emit
    from kamctl.store.queries.reminders import list_reminders

    with current().store().transaction(write=False) as session:
        rows = list_reminders(session=session, include_done=all_)
    columns = (
        Column("id", "ID", justify="right", no_wrap=True),
        Column("account", "Account", ratio=2),
        Column("contact", "Contact", ratio=1),
        Column("title", "What", ratio=4),
        Column("due", "Due", no_wrap=True),
        Column("rule", "Repeats", ratio=1),
        Column("done_at", "Done", no_wrap=True),
    )
    emit(rows, columns, fmt.value, raw=raw, empty="No reminders.")


@app.command("rm")
def rm(item_id: ItemId, yes: YesOption = False) -> None:
    """Remove a stored reminder."""
    from kamctl.cli.confirm import confirm_or_refuse
    from kamctl.domain.reminders import parse_item_ref
    from kamctl.errors import InvalidValue
    from kamctl.render import messages
    from kamctl.store.queries.reminders import clear_snoozes, find_reminder

    ref = parse_item_ref(item_id)
    if ref.kind != "stored":
        raise InvalidValue(
            f"{ref.item_id} is computed from the data, not stored; "
            f"hide it with kamctl remind snooze {ref.item_id} --until DATE"
        )
    with current().store().transaction() as session:
        reminder = find_reminder(ref.number, session=session)
        confirm_or_refuse(f"Remove reminder {reminder.id} ({reminder.title})?", yes=yes)
        number = reminder.id
        clear_snoozes([str(number)], session=session)
        session.delete(reminder)
        session.flush()
    messages.info(f"Removed reminder {number}")


@app.command("export")
def export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this .ics file instead of stdout.")
    ] = None,
    days: Annotated[str, typer.Option(metavar="N", help="Include what is due in the next N days.")] = "90",
    owner: Owner = None,
    mine: Mine = False,
) -> None:
    """Export the due list as an iCalendar file (VTODOs with stable UIDs; recurring ones keep their RRULE)."""
    from kamctl import clock
    from kamctl.domain.recurrence import parse_rule
    from kamctl.domain.reminders import check_days
    from kamctl.io.files import named_file, output_file
    from kamctl.io.ical import calendar_text
    from kamctl.render import messages

    portfolio = current().portfolio()
    today = portfolio.today
    items, _ = due_items(portfolio, on=today, days=check_days(days), owner=portfolio.user if mine else owner)
    rules = {item.id: parse_rule(item.rule).rrule for item in items if isinstance(item.id, int) and item.rule}
    calendar = calendar_text(items, stamp=clock.now(), rules=rules)
    # Not private (0600) as data exports are: a calendar is made to be subscribed to, and a
    # replaced file keeps the mode its owner gave it (kamctl.io.files).
    with output_file(output, private=False) as stream:
        stream.write(calendar)
    if named_file(output) is not None:
        messages.info(f"Exported {len(items)} reminders to {output}")
