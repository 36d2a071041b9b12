"""`kamctl remind`: the morning routine — one list of everything due — and stored reminders (SPEC §7)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kamctl.cli.context import current
from kamctl.cli.options import ExcelOption, FormatOption, OutputFormat, RawOption, YesOption
from kamctl.completion import account_names, contact_names, one_of, reminder_ids
from kamctl.domain.reminders import KINDS
from kamctl.i18n import N_
from kamctl.io.ical import FORMS
from kamctl.render.output import Format

app = typer.Typer(
    help="Everything that needs attention today: follow-ups, rhythms, renewals, reviews, objectives.",
    invoke_without_command=True,
)

DUE = 3
"""Exit status of `remind --check` when something is overdue or due today (SPEC §2)."""


DueFormat = Format.choice("table", "plain", "json")


ItemId = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="A reminder's number, or a computed id such as cadence:3.",
        autocompletion=reminder_ids,
    ),
]
Owner = Annotated[
    str | None,
    typer.Option(
        metavar="NAME",
        help="Only NAME's work: assigned to NAME, NAME's contacts' rhythms, NAME's accounts' items.",
    ),
]
Mine = Annotated[bool, typer.Option("--mine", help="Only your work (as --owner with your name).")]


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
    account: Annotated[
        str | None, typer.Option(metavar="NAME", help="Only this account.", autocompletion=account_names)
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(**one_of(KINDS, N_("Only this kind (repeatable)."), name="KIND")),
    ] = None,
    fmt: Annotated[
        DueFormat, typer.Option("--format", "-f", help="table for people, plain for mail, json for scripts.")
    ] = DueFormat.table,  # type: ignore[attr-defined]
    quiet: Annotated[bool, typer.Option("--quiet", help="Print nothing at all when nothing is due.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 3 when anything is overdue or due today.")
    ] = False,
    compact: Annotated[
        bool | None,
        typer.Option(
            "--compact/--full",
            help="One line per item, or the full table (default: compact below 100 columns).",
            show_default=False,
        ),
    ] = None,
    summary: Annotated[
        bool,
        typer.Option("--summary", help="One line of counts for a shell rc file; nothing if nothing is due."),
    ] = False,
) -> None:
    """Everything due on --on (default today) and in the next --days, grouped Overdue / Today / Upcoming."""
    if ctx.invoked_subcommand is not None:
        return
    import sys

    from kamctl import cache
    from kamctl.actions.reminders import due_list
    from kamctl.domain.reminders import anything_due_now, window_end
    from kamctl.errors import InvalidValue
    from kamctl.i18n import _
    from kamctl.render import reminders as render
    from kamctl.render.output import present

    if summary and fmt != "table":
        raise InvalidValue(
            _("--summary prints one line of text, not {format}: leave out -f {format}").format(format=fmt)
        )
    due = due_list(
        current().portfolio(), on=on, days=days, mine=mine, owner=owner, account=account, kinds=kind
    )
    if summary:
        out = render.summary_line(due.items, due.on)
        sys.stdout.write(out)
    else:
        view = render.due_view(due, fmt, compact=compact, fold=not kind)
        out = present(view, fmt) or ""
    silent = quiet or summary or due.items or fmt == "json"
    err = "" if silent else render.nothing_due(due.on, window_end(due.on, due.days))
    sys.stderr.write(err)
    code = DUE if check and anything_due_now(due.items, due.on) else 0
    remembered = cache.active()
    if remembered is not None:
        remembered.store(code, out, err)
    if code:
        raise typer.Exit(code)


# ---------------------------------------------------------------------------------------------
# Stored reminders


@app.command("add")
def add(
    account: Annotated[
        str, typer.Argument(metavar="ACCOUNT", help="Account name or id.", autocompletion=account_names)
    ],
    title: Annotated[str, typer.Argument(metavar="TITLE", help="What to do.")],
    due_on: Annotated[str, typer.Option("--due", metavar="DATE", help="When it is due (the first time).")],
    contact: Annotated[
        str | None,
        typer.Option(metavar="CONTACT", help="The contact it is about.", autocompletion=contact_names),
    ] = None,
    every: Annotated[
        str | None,
        typer.Option(
            metavar="RULE",
            help='Repeat: daily, weekly, "every 2 weeks", monthly, quarterly, yearly, '
            '"first monday of month", '
            'or "RRULE:FREQ=…".',
        ),
    ] = None,
    assignee: Annotated[
        str | None,
        typer.Option(metavar="PERSON", help="Who does it (default: the account's owner)."),
    ] = None,
) -> None:
    """Add a follow-up, or a recurring reminder with --every."""
    from kamctl.actions.reminders import add_reminder
    from kamctl.i18n import _, day
    from kamctl.render import messages

    added = add_reminder(
        current().portfolio(), account, title, due=due_on, contact=contact, every=every, assignee=assignee
    )
    repeat = _(", repeating {rule}").format(rule=added.rule) if added.rule else ""
    repeat += _(", for {person}").format(person=added.assignee) if assignee is not None else ""
    messages.info(
        _("Added reminder {id}: {account}: {title} (due {date}{repeat})").format(
            id=added.id, account=added.account, title=added.title, date=day(added.due), repeat=repeat
        )
    )


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
    from kamctl.actions.reminders import snooze_item
    from kamctl.i18n import _, day
    from kamctl.render import messages

    done = snooze_item(current().portfolio(), item_id, until)
    if done.moved is not None:
        messages.info(
            _("Follow-up {id} moved to {date}: {title}").format(
                id=done.item_id, date=day(done.until), title=done.moved
            )
        )
    else:
        messages.info(_("Snoozed {id} until {date}").format(id=done.item_id, date=day(done.until)))


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Also reminders already done.")] = False,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    excel: ExcelOption = False,
) -> None:
    """List stored reminders (follow-ups and recurring ones)."""
    from kamctl.actions.reminders import stored_reminders
    from kamctl.i18n import _
    from kamctl.render.output import View, present
    from kamctl.render.reminders import REMINDER_COLUMNS

    rows = stored_reminders(current().portfolio(), include_done=all_)
    present(View(rows=rows, columns=REMINDER_COLUMNS, empty=_("No reminders.")), fmt, raw=raw, excel=excel)


@app.command("rm")
def rm(item_id: ItemId, yes: YesOption = False) -> None:
    """Remove a stored reminder."""
    from kamctl.actions.reminders import remove_reminder
    from kamctl.cli.confirm import confirm_or_refuse
    from kamctl.i18n import _
    from kamctl.render import messages

    number = remove_reminder(
        current().portfolio(), item_id, confirm=lambda question: confirm_or_refuse(question, yes=yes)
    )
    messages.info(_("Removed reminder {id}").format(id=number))


@app.command("export")
def export(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this .ics file instead of stdout."),
    ] = None,
    days: Annotated[
        str, typer.Option(metavar="N", help="What is due in the next N days and was done in the last N.")
    ] = "90",
    as_: Annotated[
        str,
        typer.Option(
            "--as",
            **one_of(FORMS, N_("To-dos, or all-day events for calendars without to-dos."), name="FORM"),
        ),
    ] = "todo",
    owner: Owner = None,
    mine: Mine = False,
) -> None:
    """Export the due list as an iCalendar file (stable UIDs, priorities, RRULEs, items done lately)."""
    from kamctl.actions.reminders import due_calendar
    from kamctl.i18n import ngettext
    from kamctl.io.ical import calendar_text
    from kamctl.render.output import Format, View, present

    calendar = due_calendar(current().portfolio(), days=days, mine=mine, owner=owner, form=as_)
    view = View(
        texts={
            Format.ics: lambda: calendar_text(
                calendar.items,
                stamp=calendar.stamp,
                database=calendar.database,
                rules=calendar.rules,
                completed=calendar.completed,
                form=calendar.form,
            )
        },
        what=ngettext("{count} reminder", "{count} reminders", len(calendar.items)).format(
            count=len(calendar.items)
        ),
        verb=N_("Exported"),
        # Not private (0600) as data exports are: a calendar is made to be subscribed to, and a
        # replaced file keeps the mode its owner gave it (kamctl.io.files).
        private=False,
    )
    present(view, Format.ics, output=output)
