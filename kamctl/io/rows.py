"""Reading rows from a CSV or JSON file for imports, each with where it came from (`line 7`)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from types import TracebackType
from typing import IO, Any, NamedTuple

from kamctl.errors import InvalidValue


@dataclass(frozen=True)
class SourceRow:
    where: str
    """`line 7` for CSV (the header is line 1), `item 3` for JSON."""
    values: dict[str, Any]
    problem: str | None = None
    """Set when the row cannot even be read as fields (more cells than the header has names)."""


class RawRow(NamedTuple):
    """One row as the file holds it: the cells under their header, not yet made into a dict.

    For CSV every row shares one header tuple; a JSON object's header is its own keys.
    """

    unit: str
    """`line` (CSV; the header is line 1) or `item` (JSON, from 1)."""
    number: int
    header: tuple[str, ...]
    cells: Sequence[Any]
    problem: str | None
    """Set when the row cannot even be read as fields (more cells than the header has names)."""

    @property
    def where(self) -> str:
        return f"{self.unit} {self.number}"


def read_rows(path: Path) -> list[SourceRow]:
    """Rows of a `.json` file (a list of objects) or of a CSV file with a header line."""
    with RowFile(path) as rows:
        return list(source_rows(rows))


def source_rows(rows: Iterable[RawRow]) -> Iterator[SourceRow]:
    """Raw rows as `SourceRow`s, one at a time (an import that checks rows as it reads them)."""
    for row in rows:
        values = {} if row.problem else dict(zip(row.header, row.cells, strict=False))
        yield SourceRow(row.where, values, row.problem)


class CountedRows:
    """`SourceRow`s passed on as they are read, counting them and every column name seen (JSON
    objects may each have their own), so that a file is read once."""

    def __init__(self, rows: Iterable[SourceRow]) -> None:
        self._rows = rows
        self.count = 0
        self.headers: set[str] = set()

    def __iter__(self) -> Iterator[SourceRow]:
        for row in self._rows:
            self.count += 1
            self.headers.update(row.values)
            yield row


class RowFile:
    """The rows of a CSV or JSON import file, read one at a time (`with RowFile(path) as rows`).

    A CSV file is streamed, so a 100,000-row import never holds the file, or all its rows, in
    memory; JSON has to be parsed whole. Lines are numbered as `str.splitlines` counts them
    over the file read with universal newlines, which is how imports have always counted them.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None
        self._items: list[Any] | None = None
        self._peeked: list[str] = []
        self._lines: Iterator[str] = iter(())
        self._header_line = ""
        self._dialect: type[csv.Dialect] | csv.Dialect = csv.excel

    def __enter__(self) -> RowFile:
        path = self.path
        try:
            # newline=None: the same universal-newline text that `Path.read_text` gives.
            self._file = open(path, encoding="utf-8-sig")  # closed by __exit__
            is_json = path.suffix.casefold() == ".json" or self._peek_first_character() in ("[", "{")
        except FileNotFoundError:
            raise InvalidValue(f"no file {str(path)!r}") from None
        except UnicodeDecodeError:
            self.close()
            raise InvalidValue(f"{path} is not UTF-8 text") from None
        except IsADirectoryError:
            raise InvalidValue(f"{path} is a folder, not a file") from None
        except BaseException:
            self.close()
            raise
        try:
            if is_json:
                self._items = self._json_items()
                self.close()
            else:
                self._lines = _lines(path, self._file, self._peeked)
                self._header_line = next(self._lines, "")
                try:
                    self._dialect = csv.Sniffer().sniff(self._header_line, delimiters=",;\t")
                except csv.Error:
                    self._dialect = csv.excel
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    @property
    def unit(self) -> str:
        return "item" if self._items is not None else "line"

    def __iter__(self) -> Iterator[RawRow]:
        """The rows, once: a CSV file is read as they are taken."""
        if self._items is not None:
            return self._json_rows(self._items)
        return self._csv_rows()

    def __len__(self) -> int:
        """How many rows iterating yields. A CSV file is read once more to count them: ask only
        when it is worth it (a progress bar at a terminal)."""
        if self._items is not None:
            return len(self._items)
        with open(self.path, encoding="utf-8-sig") as again:
            return sum(1 for _ in _csv_records(self.path, _lines(self.path, again), self._dialect))

    # -- JSON ------------------------------------------------------------------------------------

    def _json_items(self) -> list[Any]:
        path = self.path
        assert self._file is not None
        try:
            text = "".join(self._peeked) + self._file.read()
        except UnicodeDecodeError:
            raise InvalidValue(f"{path} is not UTF-8 text") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidValue(f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
        if isinstance(data, dict):
            # A single object, or an export wrapped as {"accounts": [...]}.
            lists = [value for value in data.values() if isinstance(value, list)]
            data = lists[0] if len(lists) == 1 else [data]
        if not isinstance(data, list):
            raise InvalidValue(f"{path}: expected a list of objects")
        return data

    def _json_rows(self, items: list[Any]) -> Iterator[RawRow]:
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise InvalidValue(f"{self.path}: item {number} is not an object")
            yield RawRow("item", number, tuple(item), tuple(item.values()), None)

    # -- CSV -------------------------------------------------------------------------------------

    def _peek_first_character(self) -> str:
        """The file's first character that is not whitespace ('' if none); what it reads is kept
        for the rows."""
        assert self._file is not None
        for line in self._file:
            self._peeked.append(line)
            stripped = line.lstrip()
            if stripped:
                return stripped[0]
        return ""

    def _csv_rows(self) -> Iterator[RawRow]:
        lines = chain((self._header_line,) if self._header_line else (), self._lines)
        return _csv_records(self.path, lines, self._dialect)


READ_BLOCK = 1 << 16
"""Characters read at a time from a CSV file."""
_LINE_ENDS = ("\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
"""Where `str.splitlines` ends a line."""


def _lines(path: Path, file: IO[str], peeked: Sequence[str] = ()) -> Iterator[str]:
    """The file's lines as `str.splitlines(keepends=True)` splits its whole text (which also breaks
    at \\v, \\f, \\x1c–\\x1e, \\x85, \\u2028 and \\u2029), read a block at a time."""
    return chain.from_iterable(_line_blocks(path, file, "".join(peeked)))


def _line_blocks(path: Path, file: IO[str], start: str) -> Iterator[list[str]]:
    unfinished = ""
    try:
        block = start or file.read(READ_BLOCK)
        while block:
            lines = (unfinished + block).splitlines(keepends=True)
            unfinished = "" if lines[-1].endswith(_LINE_ENDS) else lines.pop()
            yield lines
            block = file.read(READ_BLOCK)
    except UnicodeDecodeError:
        raise InvalidValue(f"{path} is not UTF-8 text") from None
    if unfinished:
        yield [unfinished]


def _csv_records(
    path: Path, lines: Iterator[str], dialect: type[csv.Dialect] | csv.Dialect
) -> Iterator[RawRow]:
    """Rows under the header line; rows of blank cells are skipped."""
    reader = csv.reader(lines, dialect)
    try:
        header = tuple(name.strip() for name in next(reader))
    except StopIteration:
        raise InvalidValue(f"{path} is empty") from None
    except csv.Error as exc:
        raise InvalidValue(f"{path}: line 1: {exc}") from None
    width = len(header)
    try:
        for cells in reader:
            if not (cells and cells[0].strip()) and not any(cell.strip() for cell in cells):
                continue
            if len(cells) > width:
                problem = f"{len(cells)} cells, but the header names {width} columns"
                yield RawRow("line", reader.line_num, header, (), problem)
            else:
                yield RawRow("line", reader.line_num, header, cells, None)
    except csv.Error as exc:
        raise InvalidValue(f"{path}: line {reader.line_num}: {exc}") from None
