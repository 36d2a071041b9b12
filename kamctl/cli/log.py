"""`kamctl log`: record what happened in seconds, and list, search, edit, import, export (SPEC §6)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from kamctl.cli.context import current
from kamctl.cli.options import DryRunOption, ExportFormat, FormatOption, OutputFormat, RawOption, YesOption
from kamctl.render.output import present

if TYPE_CHECKING:
    from kamctl.actions.portfolio import Portfolio
    from kamctl.store.log_import import LogWriter


class DefaultToAdd(TyperGroup):
    """`kamctl log ACME "note"` means `kamctl log add ACME "note"` (jrnl-style capture): a first
    word that is not a sub-command goes to `add`. `log add list …` reaches an account named `list`."""

    default_command = "add"

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=DefaultToAdd,
    help='Record interactions and feedback: kamctl log ACCOUNT "what happened" [options].',
    no_args_is_help=True,
)

AccountArg = Annotated[str, typer.Argument(metavar="ACCOUNT", help="Account name or id.")]
EntryId = Annotated[str, typer.Argument(metavar="ID", help="Log entry id (kamctl log list shows them).")]
With = Annotated[
    list[str] | None,
    typer.Option("--with", metavar="CONTACT", help="A contact of the account who took part (repeatable)."),
]
Channel = Annotated[
    str | None, typer.Option(help="meeting (default), visit, call, email, chat, social, event or other.")
]
When = Annotated[str | None, typer.Option("--when", metavar="DATE", help="When it happened (default: now).")]
Kind = Annotated[str | None, typer.Option(help="interaction (default), feedback, win, issue or review.")]
Sentiment = Annotated[str | None, typer.Option(help="positive, neutral or negative.")]
Csat = Annotated[str | None, typer.Option(metavar="1-5", help="Customer satisfaction score.")]
Nps = Annotated[str | None, typer.Option(metavar="0-10", help="Net promoter score answer.")]
Tags = Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).")]


@app.command("add")
def add(
    account: AccountArg,
    notes: Annotated[
        str | None,
        typer.Argument(help="What happened. Without it: read from a pipe, else $EDITOR opens."),
    ] = None,
    with_: With = None,
    channel: Channel = None,
    when: When = None,
    kind: Kind = None,
    sentiment: Sentiment = None,
    csat: Csat = None,
    nps: Nps = None,
    next_: Annotated[
        str | None, typer.Option("--next", metavar="DATE", help="Create a follow-up reminder due then.")
    ] = None,
    action: Annotated[
        str | None,
        typer.Option("--action", metavar="TEXT", help='The follow-up\'s title (default "Follow up").'),
    ] = None,
    tag: Tags = None,
) -> None:
    """Record an interaction or feedback: kamctl log ACCOUNT "notes" (`add` may be left out)."""
    import sys

    from kamctl.actions.log import check_interaction, record_interaction
    from kamctl.errors import InvalidValue
    from kamctl.render import messages
    from kamctl.render.log import recorded_lines

    portfolio = current().portfolio()
    options: dict[str, Any] = {
        "channel": channel, "when": when, "kind": kind, "sentiment": sentiment, "csat": csat, "nps": nps,
        "tags": tag or [], "next_": next_, "action": action,
    }  # fmt: skip
    if notes is None:
        checked = check_interaction(portfolio, **options)
        if not sys.stdin.isatty():
            notes = _notes_from_stdin()
            if not notes.strip():
                raise InvalidValue("nothing recorded: the notes read from standard input are empty")
        else:
            notes = _notes_in_editor(portfolio, account, with_ or [], checked.fields)
            if notes is None:
                messages.info("Nothing recorded: the notes were empty.")
                return
    recorded = record_interaction(portfolio, account, notes, with_=with_ or [], **options)
    for level, line in recorded_lines(recorded, today=portfolio.today):
        (messages.warn if level == "warn" else messages.info)(line)


def _notes_from_stdin() -> str:
    """The notes piped in, read as UTF-8 whatever the locale; other bytes are one `Error:` line."""
    import sys

    from kamctl.domain.text import check_utf8

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text-only stdin (an embedding program): already decoded
        return check_utf8(sys.stdin.read(), "standard input")
    return check_utf8(stream.read().decode("utf-8", "surrogateescape"), "standard input")


def _notes_in_editor(
    portfolio: Portfolio, account_ref: str, with_: list[str], fields: dict[str, Any]
) -> str | None:
    """Check the names first (a typo must not cost the user their note), then open $EDITOR
    outside any transaction; None when the saved note is empty."""
    from kamctl.actions.log import interaction_target
    from kamctl.cli.editor import edit_in_editor
    from kamctl.domain.log import EDITOR_TEMPLATE, SCISSORS, notes_from_editor
    from kamctl.render.safe import one_line

    template = EDITOR_TEMPLATE.format(
        scissors=SCISSORS,
        account=one_line(interaction_target(portfolio, account_ref, with_)),
        channel=fields["channel"],
        when=fields["occurred_at"].astimezone().strftime("%Y-%m-%d %H:%M"),
    )
    edited = edit_in_editor(template, suffix=".md")
    text = notes_from_editor(edited) if edited is not None else ""
    return text if text.strip() else None


@app.command("list")
def list_(
    account: Annotated[str | None, typer.Argument(metavar="[ACCOUNT]", help="Only this account.")] = None,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="From this day on.")] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="Up to and including this day.")] = None,
    kind: Kind = None,
    channel: Channel = None,
    contact: Annotated[
        str | None, typer.Option(metavar="CONTACT", help="Only entries with this contact.")
    ] = None,
    tag: Annotated[str | None, typer.Option(help="Only entries with this tag.")] = None,
    limit: Annotated[int, typer.Option(metavar="N", help="At most N entries, newest first (0: all).")] = 50,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
) -> None:
    """List log entries, newest first."""
    from kamctl import clock
    from kamctl.domain.dates import parse_date
    from kamctl.domain.limits import check_count
    from kamctl.domain.log import CHANNELS, KINDS, check_choice
    from kamctl.render import messages
    from kamctl.render.log import LOG_COLUMNS, LOG_FIELDS
    from kamctl.render.output import emit
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import find_contact
    from kamctl.store.queries.log import EntryFilter, list_entries

    check_count("--limit", limit, least=0, least_means="all")
    today = clock.today()
    since_at = _day_start(parse_date(since, today=today)) if since else None
    until_before = _day_start(parse_date(until, today=today), next_day=True) if until else None
    invocation = current()
    with invocation.store().transaction(write=False) as session:
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
        title = found.name if found else None
    emit(rows, LOG_COLUMNS, fmt.value, fields=LOG_FIELDS, raw=raw, title=title, empty="No log entries match.")
    if len(rows) < total:
        messages.info(f"Showing the latest {len(rows)} of {total} entries (--limit 0 shows all)")


def _day_start(day: Any, *, next_day: bool = False) -> Any:
    """Local midnight at the start of `day` (or of the day after), as an aware moment."""
    from datetime import datetime, time, timedelta

    moment = datetime.combine(day + timedelta(days=1) if next_day else day, time())
    return moment.astimezone()


@app.command("search")
def search(
    query: Annotated[str, typer.Argument(help='Words or a "quoted phrase"; Japanese text works too.')],
    account: Annotated[str | None, typer.Option(metavar="ACCOUNT", help="Only this account.")] = None,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="From this day on.")] = None,
    limit: Annotated[int, typer.Option(metavar="N", help="At most N entries, best match first.")] = 50,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
) -> None:
    """Full-text search over notes and tags, best match first."""
    from kamctl.actions.log import search_log
    from kamctl.render.log import entries_view

    found = search_log(current().portfolio(), query, account=account, since=since, limit=limit)
    present(entries_view(found), fmt, raw=raw)


@app.command("show")
def show(entry_id: EntryId, fmt: FormatOption = OutputFormat.table, raw: RawOption = False) -> None:
    """Show one log entry in full."""
    from kamctl.render.log import render_entry
    from kamctl.render.output import write_csv, write_json
    from kamctl.store.queries.log import entry_record, find_entry

    with current().store().transaction(write=False) as session:
        record = entry_record(find_entry(entry_id, session=session), session=session)
    if fmt is OutputFormat.json:
        write_json(record)
    elif fmt is OutputFormat.csv:
        write_csv([record], list(record), raw=raw)
    else:
        render_entry(record)


@app.command("edit")
def edit(
    entry_id: EntryId,
    notes: Annotated[str | None, typer.Option("--notes", metavar="TEXT", help="Replace the notes.")] = None,
    editor: Annotated[bool, typer.Option("--edit", help="Edit the notes in $EDITOR.")] = False,
    with_: Annotated[
        list[str] | None,
        typer.Option(
            "--with", metavar="CONTACT", help="Replace the contacts (repeatable; --with '' for none)."
        ),
    ] = None,
    channel: Channel = None,
    when: When = None,
    kind: Kind = None,
    sentiment: Annotated[
        str | None, typer.Option(help="positive, neutral or negative ('' clears it).")
    ] = None,
    csat: Annotated[
        str | None, typer.Option(metavar="1-5", help="Customer satisfaction ('' clears it).")
    ] = None,
    nps: Annotated[
        str | None, typer.Option(metavar="0-10", help="Net promoter score ('' clears it).")
    ] = None,
    tag: Tags = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag (repeatable).")] = None,
) -> None:
    """Change a log entry."""
    from kamctl import clock
    from kamctl.domain.log import check_entry_fields, clean_notes, entry_fields, parse_when
    from kamctl.errors import InvalidValue
    from kamctl.render import messages
    from kamctl.store.queries.contacts import find_contact
    from kamctl.store.queries.log import find_entry, set_contacts

    if notes is not None and editor:
        raise InvalidValue("give the notes either with --notes or with --edit, not both")
    changes = entry_fields(channel=channel, kind=kind, sentiment=sentiment, csat=csat, nps=nps)
    if when is not None:
        changes["occurred_at"] = parse_when(when, now=clock.now())
    if notes is not None:
        changes["notes"] = clean_notes(notes)
    if editor:
        changes["notes"] = _edit_notes(entry_id)
    if "notes" in changes and not changes["notes"]:
        raise InvalidValue("the notes must not be empty (kamctl log rm ID removes an entry)")
    if not changes and with_ is None and not tag and not untag:
        raise InvalidValue("nothing to change: give at least one option (see kamctl log edit --help)")
    with current().store().transaction() as session:
        entry = find_entry(entry_id, session=session)
        if tag or untag:
            removed = {t.casefold() for t in untag or []}
            kept = [t for t in entry.tags if t.casefold() not in removed]
            changes["tags"] = check_entry_fields({"tags": kept + list(tag or [])})["tags"]
        changed = [key for key, value in changes.items() if getattr(entry, key) != value]
        for key in changed:
            setattr(entry, key, changes[key])
        if with_ is not None:
            from kamctl.store.models import Account

            account = session.get(Account, entry.account_id)
            names = [name for name in with_ if name.strip()]
            set_contacts(
                entry, [find_contact(n, session=session, account=account) for n in names], session=session
            )
            changed.append("contacts")
        session.add(entry)
        session.flush()
        number = entry.id
    shown = ", ".join("when" if key == "occurred_at" else key for key in changed)
    messages.info(
        f"Changed log entry {number}: {shown}" if changed else f"Log entry {number}: nothing changed"
    )


def _edit_notes(entry_id: str) -> str:
    from kamctl.cli.editor import edit_in_editor
    from kamctl.domain.log import clean_notes
    from kamctl.store.queries.log import find_entry

    with current().store().transaction(write=False) as session:
        before = find_entry(entry_id, session=session).notes
    edited = edit_in_editor(before + "\n", suffix=".md")
    return clean_notes(edited) if edited is not None else before


@app.command("rm")
def rm(entry_id: EntryId, yes: YesOption = False) -> None:
    """Remove a log entry (a follow-up it created stays, unlinked)."""
    from kamctl.cli.confirm import confirm_or_refuse
    from kamctl.render import messages
    from kamctl.store.queries.log import find_entry

    with current().store().transaction() as session:
        entry = find_entry(entry_id, session=session)
        confirm_or_refuse(f"Remove log entry {entry.id}?", yes=yes)
        number = entry.id
        session.delete(entry)
        session.flush()
    messages.info(f"Removed log entry {number}")


@app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(help="CSV or JSON with account, when, channel, kind, notes, contacts, …")
    ],
    dry_run: DryRunOption = False,
) -> None:
    """Import log entries from CSV or JSON (the shape `log export` writes): all rows or none."""

    from kamctl import clock
    from kamctl.cli.imports import without_cycle_collection
    from kamctl.domain.log import LogImport
    from kamctl.errors import InvalidValue
    from kamctl.io.rows import RowFile
    from kamctl.render import messages
    from kamctl.render.progress import progress_if_watched

    invocation = current()
    now = clock.now()
    # Rows are checked and inserted as they are read, in the one transaction of the command: a
    # bad row stops the inserting, every row is still checked, and the rollback at the error
    # leaves the database as it was (as does a process killed half-way).
    with RowFile(file) as source, _log_writer(write=not dry_run) as writer, without_cycle_collection():
        checking = LogImport(writer.lookups(), now=now)
        rows = progress_if_watched(source, "Importing log entries")
        entries = checking.entries(rows)
        if dry_run:
            count = sum(1 for _ in entries)
        else:
            count = writer.insert(entries, author=invocation.user, now=now)
        if checking.unknown_columns:
            messages.warn(f"ignored columns: {', '.join(checking.unknown_columns)}")
        if checking.problems:
            for problem in checking.problems:
                messages.info(problem)
            raise InvalidValue(
                f"{len(checking.problems)} of {checking.rows} rows are invalid; nothing was imported"
            )
        if dry_run:
            messages.info(f"Would import {count} log entries (dry run)")
            return
    messages.info(f"Imported {count} log entries")


@contextmanager
def _log_writer(*, write: bool) -> Iterator[LogWriter]:
    """A current SQLite file is written through a stdlib connection: the import then never loads
    SQLAlchemy (≈ 0.5 s, a tenth of a 100,000-row import). Anything else goes through the store,
    which creates or migrates the database first."""
    from kamctl.store.direct import committing, open_current_sqlite

    invocation = current()
    path = invocation.sqlite_file()
    connection = open_current_sqlite(path, write=write) if path is not None else None
    if connection is not None:
        from kamctl.store.log_import import DirectLogWriter

        with committing(connection):
            yield DirectLogWriter(connection)
        return
    from kamctl.store.queries.log import SessionLogWriter

    with invocation.store().transaction(write=write) as session:
        yield SessionLogWriter(session)


@app.command("export")
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv or json.")] = ExportFormat.csv,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    raw: RawOption = False,
) -> None:
    """Export every log entry in the shape `log import` reads."""
    import contextlib

    from kamctl.domain.log import IMPORT_FIELDS, export_record
    from kamctl.io.files import named_file, output_file
    from kamctl.render.output import CsvWriter, csv_cell, json_line
    from kamctl.store.queries.log import export_records

    count = 0
    with contextlib.ExitStack() as stack:
        session = stack.enter_context(current().store().transaction(write=False))
        stream = stack.enter_context(output_file(output, private=True))
        if fmt is ExportFormat.json:
            stream.write("[")
            for record in export_records(session=session):
                text = json_line(export_record(record))
                stream.write(("\n  " if count == 0 else ",\n  ") + text)
                count += 1
            stream.write("\n]\n" if count else "]\n")
        else:
            writer = CsvWriter(stream)
            writer.writerow(IMPORT_FIELDS)
            for record in export_records(session=session):
                row = export_record(record)
                writer.writerow([csv_cell(row[key], raw=raw) for key in IMPORT_FIELDS])
                count += 1
    if named_file(output) is not None:
        from kamctl.render import messages

        messages.info(f"Exported {count} log entries to {output}")
