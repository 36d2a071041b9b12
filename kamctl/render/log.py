"""How log entries look: the list table and one entry in full."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kamctl.render import console
from kamctl.render.output import Column, display_value
from kamctl.render.safe import one_line, printable


def _notes_cell(value: Any) -> str:
    return one_line(value)


LOG_COLUMNS = (
    Column("id", "ID", justify="right", no_wrap=True),
    Column("when", "When", no_wrap=True),
    Column("account", "Account", ratio=1, min_width=8),
    Column("channel", "Channel", no_wrap=True),
    Column("kind", "Kind", no_wrap=True),
    Column("contacts", "With", ratio=1),
    Column("notes", "Notes", show=_notes_cell, ratio=3, min_width=20),
    Column("follow_up_id", "Follow-up", justify="right", no_wrap=True),
)

LOG_FIELDS = (
    "id", "account", "contacts", "when", "channel", "kind", "sentiment", "csat", "nps", "notes", "tags",
    "follow_up_id",
)  # fmt: skip
"""SPEC §6's JSON keys, also the CSV columns of `log list`."""


def render_entry(record: Mapping[str, Any]) -> None:
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
    out = console.out()
    out.print(grid)
    out.print()
    out.print(Text(printable(record["notes"])))
