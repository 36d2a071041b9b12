"""One way to show what a command found: a Rich view for people, JSON or CSV for scripts, text
formats to share, on stdout or into `-o FILE` (SPEC §2 Output)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamctl import i18n
from kamctl.i18n import N_, _
from kamctl.render import console, messages
from kamctl.render.safe import json_safe, literal, printable, printable_cell

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

VERBS = (N_("Exported"),)
"""`View.verb`s other than the default, marked for the catalog (they are translated when shown)."""

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
    """Short values (ids, dates, enums) stay on one line; every other column wraps, folding a word
    too long for it (Japanese has no spaces) instead of cutting it."""
    ratio: int | None = None
    min_width: int | None = None
    """The fewest cells a wrapping column keeps before minor columns make room (default 6)."""
    context: str | None = None
    """The catalog context of the header (`NP_("amount", "Value")`: an amount, not a rating)."""
    translate: bool = True
    """The header is kamctl's (marked with `N_`, shown in the language in use); False for headers
    made of user data (product names), shown as they are."""
    minor: int = 0
    """0: always shown. Otherwise the column gives way when the table does not fit, highest first,
    and a footnote names it (SPEC §2 Terminal layout)."""


TABLE_LIMIT = 50
"""Accounts a ranked table shows unless told otherwise (`--top N`): a terminal table of thousands
of accounts helps no one and takes seconds to lay out; JSON and CSV always carry every row."""


def display_value(value: Any) -> str:
    """How a plain value reads in a table: local time, ISO dates, lists joined, blanks for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return i18n.day_and_time(value)
    if isinstance(value, date):
        return i18n.day(value)
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() or abs(value) >= 1000 else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if isinstance(value, list | tuple):
        return _(", ").join(printable(item) for item in value)
    return printable(value)


def json_value(value: Any) -> Any:
    """JSON contract: ISO 8601 dates, datetimes in local time with their offset."""
    if isinstance(value, datetime):
        return value.astimezone().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def json_data(value: Any) -> Any:
    """`value` as the JSON value `to_json` writes for it: dates and datetimes as their ISO text
    (what a program such as the MCP server returns instead of printing)."""
    if isinstance(value, Mapping):
        return {key: json_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_data(item) for item in value]
    if isinstance(value, date):
        return json_value(value)
    return value


_encode_compact = json.JSONEncoder(ensure_ascii=False, default=json_value).encode
"""The C encoder: `json.dumps(indent=…)` falls back to pure Python, many times slower on long lists."""


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


EXCEL_BOM = "\ufeff"
"""What tells Excel (Japanese Excel too, which otherwise reads Shift_JIS) that a CSV file is UTF-8."""


def check_excel(fmt: str, excel: bool) -> None:
    """`--excel` shapes CSV only: with another format it is a mistake worth saying."""
    if excel and fmt != "csv":
        from kamctl.errors import InvalidValue

        raise InvalidValue(f"--excel writes CSV for Excel: use it with -f csv, not -f {fmt}")


class CsvWriter:
    """Writes RFC 4180 rows ending in LF, or for Excel (`excel`) a BOM first and rows ending in
    CRLF. Python's csv module quotes a cell for the line breaks of its line terminator only: a cell
    holding a bare CR would be written unquoted and read back as two rows, so a row with a CR in
    it is written with every cell quoted."""

    def __init__(self, stream, *, excel: bool = False) -> None:
        end = "\r\n" if excel else "\n"
        if excel:
            stream.write(EXCEL_BOM)
        self._minimal = csv.writer(stream, lineterminator=end)
        self._quoted = csv.writer(stream, lineterminator=end, quoting=csv.QUOTE_ALL)

    def writerow(self, cells: Sequence[str]) -> None:
        (self._quoted if "\r" in "".join(cells) else self._minimal).writerow(cells)


def write_csv(
    rows: Sequence[Mapping[str, Any]],
    fields: Sequence[str],
    *,
    raw: bool = False,
    stream=None,
    excel: bool = False,
) -> None:
    writer = CsvWriter(stream or sys.stdout, excel=excel)
    writer.writerow(fields)
    for row in rows:
        writer.writerow([csv_cell(row.get(field), raw=raw) for field in fields])


def heading(column: Column) -> str:
    """The column's header in the language in use."""
    if not column.translate:
        return column.header
    return i18n.pgettext(column.context, column.header) if column.context else _(column.header)


def render_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    title: str | Text | None = None,
    caption: str | Text | None = None,
) -> FittedTable:
    """`rows` as a table that fits the width it is drawn in; a `str` title or caption is user
    text, shown literally."""
    cells = [[_cell(column, row.get(column.key)) for column in columns] for row in rows]
    return FittedTable(
        columns=list(columns),
        cells=cells,
        # Rich reads a `str` title as markup; a Text is shown as it is (in the theme's title style).
        title=literal(title, "table.title") if isinstance(title, str) else title,
        caption=literal(caption, "table.caption") if isinstance(caption, str) else caption,
    )


def _cell(column: Column, value: Any):
    from rich.text import Text

    shown = column.show(value) if column.show else display_value(value)
    return Text(printable(shown)) if isinstance(shown, str) else shown


UNLIMITED = 1_000_000

WRAP_FLOOR = 6
"""A wrapping column without its own `min_width` keeps at least this many cells."""


@dataclass(frozen=True)
class Layout:
    """How a `FittedTable` is drawn at one width."""

    shown: list[int]
    """The columns drawn, by index."""
    hidden: list[Column]
    """The minor columns left out, in the order they gave way."""
    caps: dict[int, int]
    """The widest each secondary wrapping column may grow, by index."""


@dataclass
class FittedTable:
    """A table laid out for the width it is drawn in (SPEC §2 Terminal layout): columns wrap
    instead of being cut, and when even that does not fit, minor columns give way (highest
    `minor` first) and a dim footnote names them."""

    columns: list[Column]
    cells: list[list[Any]]
    title: Any = None
    caption: Any = None
    caption_justify: str = "left"

    def layout(self, console: Console, width: int) -> Layout:
        """Which columns fit `width` cells, the minor ones that do not, and how wide the secondary
        wrapping columns may grow."""
        from rich.measure import Measurement

        options = console.options.update_width(width)
        needs, widest = [], []
        for index, column in enumerate(self.columns):
            widths = [Measurement.get(console, options, heading(column))]
            widths += [Measurement.get(console, options, row[index]) for row in self.cells]
            widest.append(max(measured.maximum for measured in widths))
            # A one-line column needs its widest value; a wrapping one only its floor, or its
            # header's width when that is more (a header folded letter by letter reads as nothing).
            floor = max(column.min_width or WRAP_FLOOR, widths[0].maximum)
            needs.append(widest[index] if column.no_wrap else min(widest[index], floor))
        shown = list(range(len(self.columns)))
        hidden: list[Column] = []
        minor = (index for index, column in enumerate(self.columns) if column.minor)
        droppable = sorted(minor, key=lambda index: -self.columns[index].minor)
        while droppable and self._narrowest(console, shown, needs) > width:
            index = droppable.pop(0)
            shown.remove(index)
            hidden.append(self.columns[index])
        caps: dict[int, int] = {}
        if self._narrowest(console, shown, widest) > width:
            # Too little room for everything on one line: the columns a row exists for (those
            # with a `ratio`) take what is left once the others have a fair share of the spare.
            spare = max(0, width - self._narrowest(console, shown, needs))
            wrapping = [index for index in shown if not self.columns[index].no_wrap]
            shares = sum(self.columns[index].ratio or 1 for index in wrapping) or 1
            for index in wrapping:
                if not self.columns[index].ratio:
                    caps[index] = needs[index] + spare // shares
        return Layout(shown, hidden, caps)

    def _narrowest(self, console: Console, shown: list[int], widths: list[int]) -> int:
        """The table's width with these columns at these widths (Rich adds borders and padding)."""
        from rich.measure import Measurement

        probe = self._table([self.columns[i] for i in shown], widths=[widths[i] for i in shown])
        # Measured without a limit: Rich caps a measurement at the width on offer.
        return Measurement.get(console, console.options.update_width(UNLIMITED), probe).minimum

    def _table(
        self,
        columns: Sequence[Column],
        *,
        widths: Sequence[int] | None = None,
        caps: Sequence[int | None] | None = None,
    ):
        from rich.table import Table

        table = Table(
            title=self.title,
            caption=self.caption,
            header_style="bold",
            title_justify="left",
            caption_justify=self.caption_justify,
        )
        for position, column in enumerate(columns):
            table.add_column(
                heading(column),
                justify=column.justify,
                style=column.style,
                no_wrap=column.no_wrap,
                overflow="ellipsis" if column.no_wrap else "fold",
                ratio=column.ratio,
                # `min_width` is this layout's floor (see `layout`), not Rich's: Rich applies
                # it after squeezing the other columns, which would push the table past the edge.
                width=None if widths is None else widths[position],
                max_width=None if caps is None else caps[position],
            )
        return table

    def __rich_console__(self, console: Console, options):
        layout = self.layout(console, options.max_width)
        yield self.drawn(layout)
        note = hidden_note(layout, console, options)
        if note is not None:
            yield note

    def drawn(self, layout: Layout):
        """The table as `layout` lays it out."""
        table = self._table(
            [self.columns[i] for i in layout.shown], caps=[layout.caps.get(i) for i in layout.shown]
        )
        for row in self.cells:
            table.add_row(*(row[i] for i in layout.shown))
        return table

    def __rich_measure__(self, console: Console, options):
        from rich.measure import Measurement

        table = self._table(self.columns)
        for row in self.cells:
            table.add_row(*row)
        return Measurement.get(console, options, table)


def hidden_note(layout: Layout, console: Console, options) -> Text | None:
    """The dim footnote naming the columns a layout left out (SPEC §2), or None."""
    from rich.text import Text

    if not layout.hidden:
        return None
    names = _(", ").join(heading(column) for column in layout.hidden)
    note = Text(_("hidden at {width} columns: {names}").format(width=console.width, names=names), style="dim")
    hint = _("widen the window or use -f json")
    # The hint on a line of its own rather than broken inside `-f json`.
    fits = note.cell_len + len(hint) + 3 <= options.max_width
    return note.append((" — " if fits else "\n— ") + hint)


@dataclass
class FittedTables:
    """Tables of the same columns laid out as one (the groups of `remind`), with whatever stands
    between them: the same minor columns give way in every table, and one footnote names them."""

    parts: Sequence[Any]
    """`FittedTable`s of the same columns, and other renderables drawn as they are."""

    def __rich_console__(self, console: Console, options):
        tables = [part for part in self.parts if isinstance(part, FittedTable)]
        if not tables:
            yield from self.parts
            return
        every_row = [row for table in tables for row in table.cells]
        together = FittedTable(columns=tables[0].columns, cells=every_row)
        layout = together.layout(console, options.max_width)
        for part in self.parts:
            yield part.drawn(layout) if isinstance(part, FittedTable) else part
        note = hidden_note(layout, console, options)
        if note is not None:
            yield note


def empty_list(things: str, *, filtered: bool, first: str) -> str:
    """What an empty list says: with filters, that nothing matches them; without, how to add the
    first one (`first`), so that a new user has a next step."""
    if filtered:
        return _("No {things} match — leave out the filters to list them all.").format(things=_(things))
    return _("No {things} yet — {first}.").format(things=_(things), first=first)


class Format(StrEnum):
    """Every form kamctl shows a result in; each command offers some of them (`Format.choice`)."""

    table = "table"
    tree = "tree"
    plain = "plain"
    json = "json"
    csv = "csv"
    md = "md"
    html = "html"
    mermaid = "mermaid"
    dot = "dot"
    vcard = "vcard"
    ics = "ics"

    @classmethod
    def choice(cls, *names: str) -> type[StrEnum]:
        """The formats one command offers, as an enum Typer can show and check (`--help` lists
        exactly these); its values are `Format` values."""
        return StrEnum(f"Format_{'_'.join(names)}", {name: cls(name).value for name in names})


TextBuilder = Callable[[], str]


@dataclass
class View:
    """What one command shows, in each form it offers.

    `rows` and `columns` give the table, CSV (`fields`, default every key) and JSON (`data`,
    default the rows); `draw` replaces the table by any Rich view; `texts` builds the other
    formats (plain, md, html, mermaid, dot, vcard) as text, or JSON laid out its own way.
    """

    rows: Sequence[Mapping[str, Any]] = ()
    columns: Sequence[Column] = ()
    fields: Sequence[str] | None = None
    data: Any = None
    draw: Callable[[Console], None] | None = None
    texts: Mapping[str, TextBuilder] = field(default_factory=dict)
    title: str | None = None
    empty: str = N_("Nothing to show.")
    """What an empty view says (translated when shown: pass `N_` text or a translated one)."""
    what: str = N_("the output")
    """What `-o FILE` wrote, for its message: "Wrote the report to FILE"."""
    verb: str = N_("Wrote")
    """How that message says it: "Exported 5 contacts to FILE" for an export."""
    private: bool = True
    """`-o FILE` is written 0600, as data exports are; a calendar made to be subscribed to is not."""

    def text(self, fmt: str, *, raw: bool = False, excel: bool = False) -> str | None:
        """The view as text in `fmt` (CSV for Excel with `excel`); None for a view drawn on the
        terminal (table, tree)."""
        if fmt in self.texts:
            return self.texts[fmt]()
        if fmt == "json":
            return to_json(list(self.rows) if self.data is None else self.data) + "\n"
        if fmt == "csv":
            import io

            buffer = io.StringIO()
            keys = self.fields or (list(self.rows[0]) if self.rows else [c.key for c in self.columns])
            write_csv(self.rows, keys, raw=raw, stream=buffer, excel=excel)
            return buffer.getvalue()
        return None

    @property
    def says_only_empty(self) -> bool:
        """Nothing to draw: `show` only says so (on stderr), and needs no console."""
        return self.draw is None and not self.rows

    def show(self, console: Console) -> None:
        if self.draw is not None:
            self.draw(console)
        elif not self.rows:
            messages.info(_(self.empty))
        else:
            console.print(render_table(self.rows, self.columns, title=self.title))


def present(
    view: View, fmt: str, *, output: Path | None = None, raw: bool = False, excel: bool = False
) -> str | None:
    """Show `view` in `fmt` on stdout, or write it to `output` (`-o FILE`; `-` is stdout); CSV for
    Excel with `excel`. Returns the text written (None for a view drawn on the terminal), for a
    caller that keeps it."""
    check_excel(str(fmt), excel)
    text = view.text(str(fmt), raw=raw, excel=excel)
    if output is None:
        # stdout: nothing to place, so the file writer is not loaded (`remind` starts faster); an
        # empty list is one message on stderr, so Rich is not loaded either.
        if text is None and view.says_only_empty:
            messages.info(view.empty)
        elif text is None:
            view.show(console.out())
        else:
            sys.stdout.write(text)
        return text
    from kamctl.io.files import named_file, output_file

    if text is None:
        if named_file(output) is None:
            view.show(console.out())
            return None
        text = _plain_drawing(view.show)
    with output_file(output, private=view.private) as stream:
        stream.write(text)
    if named_file(output) is not None:
        messages.info(_("{verb} {what} to {file}").format(verb=_(view.verb), what=_(view.what), file=output))
    return text


def _plain_drawing(draw: Callable[[Console], None]) -> str:
    """A Rich view as plain text (no colour, 120 columns), for `-o FILE`."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    draw(Console(file=buffer, no_color=True, highlight=False, emoji=False, width=120, soft_wrap=False))
    return buffer.getvalue()
