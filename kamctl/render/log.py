"""How log entries look: the list table and one entry in full."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

from kamctl.render import console
from kamctl.render.output import Column, View, display_value, json_data
from kamctl.render.safe import one_line, printable

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console

    from kamctl.actions.log import Recorded


def _notes_cell(value: Any) -> str:
    return one_line(value)


LOG_COLUMNS = (
    Column("id", "ID", justify="right", no_wrap=True),
    Column("when", "When", no_wrap=True),
    Column("account", "Account", min_width=12),
    Column("channel", "Channel", no_wrap=True, minor=3),
    Column("kind", "Kind", no_wrap=True, minor=4),
    Column("contacts", "With", min_width=10, minor=2),
    Column("notes", "Notes", show=_notes_cell, ratio=1, min_width=20),
    Column("follow_up_id", "Follow-up", justify="right", no_wrap=True, minor=5),
)

LOG_FIELDS = (
    "id", "account", "contacts", "when", "channel", "kind", "sentiment", "csat", "nps", "notes", "tags",
    "follow_up_id",
)  # fmt: skip
"""SPEC §6's JSON keys, also the CSV columns of `log list`."""


def entries_view(
    records: Sequence[Mapping[str, Any]], *, title: str | None = None, empty: str = "No log entries match."
) -> View:
    """Log entries as a table, JSON (SPEC §6 keys) or CSV (LOG_FIELDS)."""
    return View(
        rows=records, columns=LOG_COLUMNS, fields=LOG_FIELDS, data=entries_json(records), title=title,
        empty=empty,
    )  # fmt: skip


def entry_view(record: Mapping[str, Any]) -> View:
    """One entry: in full for people (`render_entry`), one JSON object or one CSV row for scripts."""
    return View(rows=[record], fields=list(record), data=record, draw=lambda out: render_entry(record, out))


def render_entry(record: Mapping[str, Any], out: Console | None = None) -> None:
    """One entry in full: the facts as a two-column grid, then the notes as written."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    shown = (
        ("Entry", record["id"]),
        ("Account", record["account"]),
        ("When", record["when"]),
        ("Channel", record["channel"]),
        ("Kind", record["kind"]),
        ("With", record["contacts"]),
        ("Sentiment", record["sentiment"]),
        ("CSAT", record["csat"]),
        ("NPS", record["nps"]),
        ("Tags", record["tags"]),
        ("Follow-up", record["follow_up_id"]),
        ("By", record.get("author")),
    )
    for label, value in shown:
        if value not in (None, [], ""):
            grid.add_row(label, Text(display_value(value)))
    out = out or console.out()
    out.print(grid)
    out.print()
    out.print(Text(printable(record["notes"])))


def entries_json(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Entries as `log list` and `log search` print them with `-f json`, as a JSON value."""
    return [json_data(record) for record in records]


def recorded_json(recorded: Recorded) -> dict[str, Any]:
    """The entry `log` recorded, as `kamctl log show ID -f json` prints it, as a JSON value."""
    return json_data(recorded.entry)


def recorded_lines(recorded: Recorded, *, today: date) -> list[tuple[str, str]]:
    """What `log` says after recording: (`info` or `warn`, message) in order."""
    from kamctl.domain.reminders import next_due_line

    entry = recorded.entry
    with_text = f" with {', '.join(recorded.contacts)}" if recorded.contacts else ""
    when = display_value(entry["when"])
    lines = [("info", f"Logged {entry['id']}: {recorded.account}, {entry['channel']} {when}{with_text}")]
    follow_up = recorded.follow_up
    if follow_up is not None:
        lines.append(("info", f"Follow-up {follow_up.id} due {follow_up.due.isoformat()}: {follow_up.title}"))
        if follow_up.due < today:
            lines.append(
                (
                    "warn",
                    f"the follow-up date {follow_up.due.isoformat()} is in the past: it is overdue already",
                )
            )
    if recorded.archived:
        lines.append(("info", f"{recorded.account} is archived: remind shows nothing for it"))
    else:
        lines.append(
            (
                "info",
                next_due_line(
                    recorded.account, cadence_days=recorded.cadence_days, due=recorded.next_due, today=today
                ),
            )
        )
    return lines


def write_export(
    records: Iterable[Mapping[str, Any]], fmt: str, stream: IO[str], *, raw: bool = False, excel: bool = False
) -> int:
    """`log export`: records in the shape `log import` reads, as JSON (one record a line) or CSV
    (for Excel with `excel`), written as they come; returns how many."""
    from kamctl.domain.log import IMPORT_FIELDS
    from kamctl.render.output import CsvWriter, csv_cell, json_line

    count = 0
    if fmt == "json":
        stream.write("[")
        for record in records:
            stream.write(("\n  " if count == 0 else ",\n  ") + json_line(record))
            count += 1
        stream.write("\n]\n" if count else "]\n")
        return count
    writer = CsvWriter(stream, excel=excel)
    writer.writerow(IMPORT_FIELDS)
    for record in records:
        writer.writerow([csv_cell(record[key], raw=raw) for key in IMPORT_FIELDS])
        count += 1
    return count
