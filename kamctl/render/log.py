"""How log entries look: the list table and one entry in full."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

from kamctl import i18n
from kamctl.i18n import N_, _
from kamctl.render import console
from kamctl.render.output import Column, View, display_value, json_data
from kamctl.render.safe import one_line, printable

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console

    from kamctl.actions.log import Recorded


def _notes_cell(value: Any) -> str:
    return one_line(value)


def _label_cell(value: Any) -> str:
    """An enum value (channel, kind, sentiment) as people read it: 訪問 for visit in Japanese."""
    return i18n.label(value) if value else ""


LOG_COLUMNS = (
    Column("id", "ID", justify="right", no_wrap=True),
    Column("when", N_("When"), no_wrap=True),
    Column("account", N_("Account"), min_width=12),
    Column("channel", N_("Channel"), show=_label_cell, no_wrap=True, minor=3),
    Column("kind", N_("Kind"), show=_label_cell, no_wrap=True, minor=4),
    Column("contacts", N_("With"), min_width=10, minor=2),
    Column("notes", N_("Notes"), show=_notes_cell, ratio=1, min_width=20),
    Column("follow_up_id", N_("Follow-up"), justify="right", no_wrap=True, minor=5),
)

LOG_FIELDS = (
    "id", "account", "contacts", "when", "channel", "kind", "sentiment", "csat", "nps", "notes", "tags",
    "follow_up_id",
)  # fmt: skip
"""SPEC §6's JSON keys, also the CSV columns of `log list`."""


def entries_view(
    records: Sequence[Mapping[str, Any]], *, title: str | None = None, empty: str | None = None
) -> View:
    """Log entries as a table, JSON (SPEC §6 keys) or CSV (LOG_FIELDS)."""
    return View(
        rows=records, columns=LOG_COLUMNS, fields=LOG_FIELDS, data=entries_json(records), title=title,
        empty=_("No log entries match.") if empty is None else empty,
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
        (N_("Entry"), record["id"]),
        (N_("Account"), record["account"]),
        (N_("When"), record["when"]),
        (N_("Channel"), _label_cell(record["channel"])),
        (N_("Kind"), _label_cell(record["kind"])),
        (N_("With"), record["contacts"]),
        (N_("Sentiment"), _label_cell(record["sentiment"])),
        (N_("CSAT"), record["csat"]),
        (N_("NPS"), record["nps"]),
        (N_("Tags"), record["tags"]),
        (N_("Follow-up"), record["follow_up_id"]),
        (N_("By"), record.get("author")),
    )
    for label, value in shown:
        if value not in (None, [], ""):
            grid.add_row(_(label), Text(display_value(value)))
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
    facts = {
        "id": entry["id"],
        "account": recorded.account,
        "channel": i18n.label(entry["channel"]),
        "when": display_value(entry["when"]),
    }
    if recorded.contacts:
        logged = _("Logged {id}: {account}, {channel} {when} with {contacts}").format(
            **facts, contacts=_(", ").join(recorded.contacts)
        )
    else:
        logged = _("Logged {id}: {account}, {channel} {when}").format(**facts)
    lines = [("info", logged)]
    follow_up = recorded.follow_up
    if follow_up is not None:
        due = i18n.day(follow_up.due)
        line = _("Follow-up {id} due {due}: {title}").format(id=follow_up.id, due=due, title=follow_up.title)
        lines.append(("info", line))
        if follow_up.due < today:
            lines.append(
                ("warn", _("the follow-up date {due} is in the past: it is overdue already").format(due=due))
            )
    if recorded.archived:
        lines.append(
            ("info", _("{account} is archived: remind shows nothing for it").format(account=recorded.account))
        )
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
