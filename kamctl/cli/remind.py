"""`kamctl remind`: the morning routine — one list of everything due — and stored reminders (SPEC §7)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kamctl.actions.reminders import due_items
from kamctl.cli.context import current
from kamctl.cli.options import FormatOption, OutputFormat, RawOption, YesOption
from kamctl.render.output import Format

if TYPE_CHECKING:
    pass


app = typer.Typer(
    help="Everything that needs attention today: follow-ups, rhythms, renewals, reviews, objectives.",
    invoke_without_command=True,
)

DUE = 3
"""Exit status of `remind --check` when something is overdue or due today (SPEC §2)."""


DueFormat = Format.choice("table", "plain", "json")


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
    ] = DueFormat.table,  # type: ignore[attr-defined]
    quiet: Annotated[bool, typer.Option("--quiet", help="Print nothing at all when nothing is due.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 3 when anything is overdue or due today.")
    ] = False,
) -> None:
    """Everything due on --on (default today) and in the next --days, grouped Overdue / Today / Upcoming."""
    if ctx.invoked_subcommand is not None:
        return
    import sys

    from kamctl import cache
    from kamctl.actions.reminders import due_list
    from kamctl.domain.reminders import anything_due_now, window_end
    from kamctl.render import reminders as render
    from kamctl.render.output import present

    due = due_list(
        current().portfolio(), on=on, days=days, mine=mine, owner=owner, account=account, kinds=kind
    )
    out = present(render.due_view(due, fmt), fmt) or ""
    quiet_now = quiet or due.items or fmt == "json"
    err = "" if quiet_now else render.nothing_due(due.on, window_end(due.on, due.days))
    sys.stderr.write(err)
    code = DUE if check and anything_due_now(due.items, due.on) else 0
    store = cache.active()
    if store is not None:
        store.store(code, out, err)
    if code:
        raise typer.Exit(code)


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
    from kamctl.actions.reminders import complete_reminder
    from kamctl.render import messages
    from kamctl.render.reminders import completion_lines

    for line in completion_lines(complete_reminder(current().portfolio(), item_id, log=log)):
        messages.info(line)


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
