"""`kamctl log`: record what happened in seconds, and list, search, edit, import, export (SPEC §6)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from kamctl.cli.context import current
from kamctl.cli.options import (
    DryRunOption,
    EncodingOption,
    ExcelOption,
    ExportFormat,
    FormatOption,
    OutputFormat,
    RawOption,
    YesOption,
)
from kamctl.completion import account_names, contact_names, one_of
from kamctl.domain.log import CHANNELS, KINDS, SENTIMENTS
from kamctl.i18n import N_, _, ngettext
from kamctl.render.output import present

if TYPE_CHECKING:
    from kamctl.actions.portfolio import Portfolio


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

AccountArg = Annotated[
    str, typer.Argument(metavar="ACCOUNT", help="Account name or id.", autocompletion=account_names)
]
EntryId = Annotated[str, typer.Argument(metavar="ID", help="Log entry id (kamctl log list shows them).")]
With = Annotated[
    list[str] | None,
    typer.Option(
        "--with",
        metavar="CONTACT",
        help="A contact of the account who took part (repeatable).",
        autocompletion=contact_names,
    ),
]
Channel = Annotated[
    str | None, typer.Option(**one_of(CHANNELS, "How it happened (default: meeting).", name="CHANNEL"))
]
When = Annotated[str | None, typer.Option("--when", metavar="DATE", help="When it happened (default: now).")]
Kind = Annotated[
    str | None, typer.Option(**one_of(KINDS, "What it was (default: interaction).", name="KIND"))
]
Sentiment = Annotated[
    str | None, typer.Option(**one_of(SENTIMENTS, "How the customer felt.", name="SENTIMENT"))
]
Csat = Annotated[str | None, typer.Option(metavar="1-5", help="Customer satisfaction score.")]
Nps = Annotated[str | None, typer.Option(metavar="0-10", help="Net promoter score answer.")]
Tags = Annotated[list[str] | None, typer.Option("--tag", metavar="TAG", help="A tag (repeatable).")]


@app.command("add")
def add(
    account: AccountArg,
    notes: Annotated[
        str | None,
        typer.Argument(
            metavar="NOTES", help="What happened. Without it: read from a pipe, else $EDITOR opens."
        ),
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
    assignee: Annotated[
        str | None,
        typer.Option(metavar="PERSON", help="Who does the follow-up (default: the account's owner)."),
    ] = None,
    tag: Tags = None,
) -> None:
    """Record an interaction or feedback: kamctl log ACCOUNT "notes" (`add` may be left out)."""
    import sys

    from kamctl.actions.log import EntryValues, check_interaction, record_interaction
    from kamctl.errors import InvalidValue
    from kamctl.render import messages
    from kamctl.render.log import recorded_lines

    portfolio = current().portfolio()
    given = EntryValues(channel, when, kind, sentiment, csat, nps)
    follow_up: dict[str, Any] = {"tags": tag or [], "next_": next_, "action": action, "assignee": assignee}
    if notes is None:
        checked = check_interaction(portfolio, given, **follow_up)
        if not sys.stdin.isatty():
            notes = _notes_from_stdin()
            if not notes.strip():
                raise InvalidValue(_("nothing recorded: the notes read from standard input are empty"))
        else:
            notes = _notes_in_editor(portfolio, account, with_ or [], checked.fields)
            if notes is None:
                messages.info(_("Nothing recorded: the notes were empty."))
                return
    recorded = record_interaction(portfolio, account, notes, with_=with_ or [], **vars(given), **follow_up)
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
    from kamctl.i18n import day_and_time, label
    from kamctl.render.safe import one_line

    template = _(EDITOR_TEMPLATE).format(
        scissors=SCISSORS,
        account=one_line(interaction_target(portfolio, account_ref, with_)),
        channel=label(fields["channel"]),
        when=day_and_time(fields["occurred_at"]),
    )
    edited = edit_in_editor(template, suffix=".md")
    text = notes_from_editor(edited) if edited is not None else ""
    return text if text.strip() else None


@app.command("list")
def list_(
    account: Annotated[
        str | None,
        typer.Argument(metavar="[ACCOUNT]", help="Only this account.", autocompletion=account_names),
    ] = None,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="From this day on.")] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="Up to and including this day.")] = None,
    kind: Kind = None,
    channel: Channel = None,
    contact: Annotated[
        str | None,
        typer.Option(metavar="CONTACT", help="Only entries with this contact.", autocompletion=contact_names),
    ] = None,
    tag: Annotated[str | None, typer.Option(metavar="TAG", help="Only entries with this tag.")] = None,
    limit: Annotated[int, typer.Option(metavar="N", help="At most N entries, newest first (0: all).")] = 50,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    excel: ExcelOption = False,
) -> None:
    """List log entries, newest first."""
    from kamctl.actions.log import list_log
    from kamctl.render import messages
    from kamctl.render.log import entries_view
    from kamctl.render.output import empty_list

    page = list_log(
        current().portfolio(), account, since=since, until=until, kind=kind, channel=channel, contact=contact,
        tag=tag, limit=limit,
    )  # fmt: skip
    empty = empty_list(
        N_("log entries"),
        filtered=any((account, since, until, kind, channel, contact, tag)),
        first=_('record one with `kamctl log ACCOUNT "what happened"`'),
    )
    present(entries_view(page.entries, title=page.account, empty=empty), fmt, raw=raw, excel=excel)
    if len(page.entries) < page.total:
        messages.info(
            _("Showing the latest {shown} of {total} entries (--limit 0 shows all)").format(
                shown=len(page.entries), total=page.total
            )
        )


@app.command("search")
def search(
    query: Annotated[
        str, typer.Argument(metavar="QUERY", help='Words or a "quoted phrase"; Japanese text works too.')
    ],
    account: Annotated[
        str | None, typer.Option(metavar="ACCOUNT", help="Only this account.", autocompletion=account_names)
    ] = None,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="From this day on.")] = None,
    limit: Annotated[int, typer.Option(metavar="N", help="At most N entries, best match first.")] = 50,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    excel: ExcelOption = False,
) -> None:
    """Full-text search over notes and tags, best match first."""
    from kamctl.actions.log import search_log
    from kamctl.render.log import entries_view

    found = search_log(current().portfolio(), query, account=account, since=since, limit=limit)
    present(entries_view(found), fmt, raw=raw, excel=excel)


@app.command("show")
def show(entry_id: EntryId, fmt: FormatOption = OutputFormat.table, raw: RawOption = False) -> None:
    """Show one log entry in full."""
    from kamctl.actions.log import show_entry
    from kamctl.render.log import entry_view

    present(entry_view(show_entry(current().portfolio(), entry_id)), fmt, raw=raw)


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
        str | None,
        typer.Option(**one_of(SENTIMENTS, "How the customer felt ('' clears it).", name="SENTIMENT")),
    ] = None,
    csat: Annotated[
        str | None, typer.Option(metavar="1-5", help="Customer satisfaction ('' clears it).")
    ] = None,
    nps: Annotated[
        str | None, typer.Option(metavar="0-10", help="Net promoter score ('' clears it).")
    ] = None,
    tag: Tags = None,
    untag: Annotated[
        list[str] | None, typer.Option("--untag", metavar="TAG", help="Remove a tag (repeatable).")
    ] = None,
) -> None:
    """Change a log entry."""
    from kamctl.actions.log import EntryValues, check_entry_changes, edit_entry, show_entry
    from kamctl.domain.log import field_name
    from kamctl.errors import InvalidValue
    from kamctl.render import messages

    if notes is not None and editor:
        raise InvalidValue(_("give the notes either with --notes or with --edit, not both"))
    portfolio = current().portfolio()
    given = EntryValues(channel, when, kind, sentiment, csat, nps)
    if editor:
        # Checked before the editor opens: a typo must not cost the user their edit.
        check_entry_changes(portfolio, given)
        notes = _edited_notes(show_entry(portfolio, entry_id)["notes"])
    number, changed = edit_entry(
        portfolio, entry_id, notes=notes, with_=with_, tags=tag or [], untag=untag or [], **vars(given)
    )
    messages.info(
        _("Changed log entry {id}: {fields}").format(
            id=number, fields=_(", ").join(field_name(key) for key in changed)
        )
        if changed
        else _("Log entry {id}: nothing changed").format(id=number)
    )


def _edited_notes(before: str) -> str:
    """The notes as saved in $EDITOR; `before` when the editor saved nothing new."""
    from kamctl.cli.editor import edit_in_editor

    edited = edit_in_editor(before + "\n", suffix=".md")
    return edited if edited is not None else before


@app.command("rm")
def rm(entry_id: EntryId, yes: YesOption = False) -> None:
    """Remove a log entry (a follow-up it created stays, unlinked)."""
    from kamctl.actions.log import remove_entry
    from kamctl.cli.confirm import confirm_or_refuse
    from kamctl.render import messages

    number = remove_entry(
        current().portfolio(), entry_id, confirm=lambda question: confirm_or_refuse(question, yes=yes)
    )
    messages.info(_("Removed log entry {id}").format(id=number))


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="CSV or JSON with account, when, channel, kind, notes, contacts, …"
        ),
    ],
    dry_run: DryRunOption = False,
    encoding: EncodingOption = None,
) -> None:
    """Import log entries from CSV or JSON (the shape `log export` writes): all rows or none."""
    from kamctl.actions.log import Imported, ImportRefused, import_log
    from kamctl.cli.imports import without_cycle_collection
    from kamctl.io.rows import RowFile
    from kamctl.render import messages
    from kamctl.render.progress import progress_if_watched

    def tell(imported: Imported) -> None:
        if imported.unknown_columns:
            messages.warn(_("ignored columns: {columns}").format(columns=", ".join(imported.unknown_columns)))
        for problem in imported.problems:
            messages.info(problem)

    with RowFile(file, encoding=encoding) as source, without_cycle_collection():
        rows = progress_if_watched(source, _("Importing log entries"))
        try:
            imported = import_log(current().portfolio(), rows, dry_run=dry_run)
        except ImportRefused as refused:
            tell(refused.imported)
            raise
    tell(imported)
    if dry_run:
        messages.info(_("read as {encoding}").format(encoding=source.shown_encoding))
        messages.info(
            ngettext(
                "Would import {count} log entry (dry run)",
                "Would import {count} log entries (dry run)",
                imported.count,
            ).format(count=imported.count)
        )
    else:
        messages.info(
            ngettext("Imported {count} log entry", "Imported {count} log entries", imported.count).format(
                count=imported.count
            )
        )


@app.command("export")
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv or json.")] = ExportFormat.csv,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout."),
    ] = None,
    raw: RawOption = False,
    excel: ExcelOption = False,
) -> None:
    """Export every log entry in the shape `log import` reads."""
    from kamctl.actions.log import exported_entries
    from kamctl.io.files import named_file, output_file
    from kamctl.render.log import write_export
    from kamctl.render.output import check_excel

    check_excel(fmt, excel)
    with exported_entries(current().portfolio()) as entries, output_file(output, private=True) as stream:
        count = write_export(entries, fmt, stream, raw=raw, excel=excel)
    if named_file(output) is not None:
        from kamctl.render import messages

        messages.info(
            ngettext(
                "Exported {count} log entry to {file}", "Exported {count} log entries to {file}", count
            ).format(count=count, file=output)
        )
