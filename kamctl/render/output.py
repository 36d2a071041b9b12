"""One way to print rows: a Rich table for people, JSON or CSV for scripts (SPEC §2 Output)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kamctl.render import console, messages
from kamctl.render.safe import json_safe, literal, printable, printable_cell

if TYPE_CHECKING:
    from rich.text import Text

FORMULA_PREFIXES = ("=", "+", "-", "@")
"""Cells a spreadsheet would run as a formula (SPEC §2: neutralised unless --raw)."""


@dataclass(frozen=True)
class Column:
    """One column of a table: which key it shows, and how."""

    key: str
    header: str
    justify: str = "left"
    style: str | None = None
    show: Callable[[Any], Any] | None = None
    """Turns the row's value into display text or a Rich renderable; default: `display_value`."""
    no_wrap: bool = False
    ratio: int | None = None
    min_width: int | None = None


def display_value(value: Any) -> str:
    """How a plain value reads in a table: local time, ISO dates, lists joined, blanks for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() or abs(value) >= 1000 else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if isinstance(value, list | tuple):
        return ", ".join(printable(item) for item in value)
    return printable(value)


def json_value(value: Any) -> Any:
    """JSON contract: ISO 8601 dates, datetimes in local time with their offset."""
    if isinstance(value, datetime):
        return value.astimezone().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


_encode_compact = json.JSONEncoder(ensure_ascii=False, default=json_value).encode
"""The C encoder: `json.dumps(indent=…)` falls back to pure Python, 10× slower on 10,000 rows."""


def to_json(data: Any) -> str:
    """JSON for people and scripts: a list of records has one record per line, anything else is indented.

    Control characters in strings are `\\uXXXX` escapes (SPEC §2), so the text is safe to `cat`.
    """
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        return json_safe("[\n" + ",\n".join("  " + _encode_compact(item) for item in data) + "\n]")
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2, default=json_value))


def json_line(data: Any) -> str:
    """`data` as compact JSON on one line (one record of a streamed export)."""
    return json_safe(_encode_compact(data))


def write_json(data: Any) -> None:
    sys.stdout.write(to_json(data) + "\n")


def csv_cell(value: Any, *, raw: bool = False) -> str:
    """One CSV cell: ISO dates, lists joined by `;`, control characters escaped (line breaks stay,
    quoted by the writer), formulas guarded unless `raw`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        text = value.astimezone().isoformat()
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, list | tuple):
        text = ";".join(str(item) for item in value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    # Escaped before the formula guard: an escaped cell starts with what a spreadsheet shows.
    text = printable_cell(text)
    if not raw and text.lstrip("'").startswith(FORMULA_PREFIXES) and not _is_number(text):
        # A leading apostrophe makes spreadsheets show the text instead of evaluating it. Text
        # that already starts with apostrophes gets one more, so that import, which takes one
        # off (`kamctl.io.rows.unguarded`), gives back exactly this text.
        text = "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class CsvWriter:
    """Writes RFC 4180 rows ending in LF. Python's csv module quotes a cell for the line breaks of
    its line terminator only: a cell holding a bare CR would be written unquoted and read back as
    two rows, so a row with a CR in it is written with every cell quoted."""

    def __init__(self, stream) -> None:
        self._minimal = csv.writer(stream, lineterminator="\n")
        self._quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, cells: Sequence[str]) -> None:
        (self._quoted if "\r" in "".join(cells) else self._minimal).writerow(cells)


def write_csv(
    rows: Sequence[Mapping[str, Any]], fields: Sequence[str], *, raw: bool = False, stream=None
) -> None:
    writer = CsvWriter(stream or sys.stdout)
    writer.writerow(fields)
    for row in rows:
        writer.writerow([csv_cell(row.get(field), raw=raw) for field in fields])


def render_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    title: str | Text | None = None,
    caption: str | Text | None = None,
):
    """`rows` as a Rich table; a `str` title or caption is user text, shown literally."""
    from rich.table import Table
    from rich.text import Text

    table = Table(
        # Rich reads a `str` title as markup; a Text is shown as it is (in the theme's title style).
        title=literal(title, "table.title") if isinstance(title, str) else title,
        caption=literal(caption, "table.caption") if isinstance(caption, str) else caption,
        header_style="bold",
        title_justify="left",
    )
    for column in columns:
        table.add_column(
            column.header,
            justify=column.justify,
            style=column.style,
            no_wrap=column.no_wrap,
            ratio=column.ratio,
            min_width=column.min_width,
        )
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column.key)
            shown = column.show(value) if column.show else display_value(value)
            cells.append(Text(printable(shown)) if isinstance(shown, str) else shown)
        table.add_row(*cells)
    return table


def emit(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    fmt: str,
    *,
    fields: Sequence[str] | None = None,
    raw: bool = False,
    title: str | None = None,
    empty: str = "Nothing to show.",
) -> None:
    """Print `rows` as a table (`columns`), JSON (every key) or CSV (`fields`, default every key)."""
    if fmt == "json":
        write_json(list(rows))
        return
    if fmt == "csv":
        keys = list(fields or (rows[0].keys() if rows else [column.key for column in columns]))
        write_csv(rows, keys, raw=raw)
        return
    if not rows:
        messages.info(empty)
        return
    console.out().print(render_table(rows, columns, title=title))
