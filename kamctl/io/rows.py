"""Reading rows from a CSV or JSON file for imports, each with where it came from (`line 7`)."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from types import TracebackType
from typing import IO, Any, NamedTuple

from kamctl.errors import InvalidValue
from kamctl.i18n import N_, _
from kamctl.render.output import FORMULA_PREFIXES

LONGEST_LINE = 1 << 23
"""Characters a line of a CSV file may hold (8 Mi): a longer one is not a CSV file, and reading on
would hold all of it in memory. Checked as a line outgrows the blocks read (`READ_BLOCK`)."""
LONGEST_CELL = 1 << 20
"""Characters a CSV cell may hold (1 Mi), line breaks inside a quoted cell included."""
DEEPEST_JSON = 32
"""How deeply a JSON item's values may nest (an item is an object of texts, numbers and lists)."""
DELIMITERS = (",", ";", "\t")
"""What separates cells: a comma (RFC 4180), or what spreadsheets in some locales write."""
JAPANESE_EXCEL = "cp932"
"""What a file that is not UTF-8 is read as: Japanese Excel's CSV (Shift_JIS as Windows writes it)."""
_SHOWN_ENCODINGS = {"utf-8-sig": "UTF-8", "cp932": "Shift_JIS (cp932)"}
"""How an encoding is named to the user (`--dry-run`), where Python's codec name is not it."""


def encoding_named(name: str) -> str:
    """The codec `--encoding NAME` names (`shift_jis`, `cp932`, `utf-8`, `latin-1`, …); UTF-8 is
    read with or without a BOM. InvalidValue for a name that is no text encoding."""
    try:
        info = codecs.lookup(name.strip())
    except LookupError:
        info = None
    # base64, rot13 and zlib are codecs too, but not of text.
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise InvalidValue(
            _("unknown encoding {name}: name one such as utf-8, cp932 (Shift_JIS) or latin-1").format(
                name=repr(name)
            )
        )
    return "utf-8-sig" if info.name == "utf-8" else info.name


def shown_encoding(codec: str) -> str:
    """An encoding as `--dry-run` names it: `UTF-8`, `Shift_JIS (cp932)`, `latin-1`."""
    return _SHOWN_ENCODINGS.get(codec, codec.replace("iso8859", "iso-8859"))


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
        return place(self.unit, self.number)


_PLACES = {"line": N_("line {number}"), "item": N_("item {number}")}


def place(unit: str, number: int) -> str:
    """`line 7` / `item 3` (RawRow.unit and a number) in the language in use."""
    return _(_PLACES[unit]).format(number=number)


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
    memory; JSON has to be parsed whole. CSV is read as RFC 4180 has it (quoted cells hold
    delimiters, line breaks and doubled quotes), by the csv module; only the delimiter is chosen,
    from the header line. A row is numbered by the line it starts on (the header is line 1);
    lines end at CR, LF or CRLF only. Cells that kamctl's CSV export guarded against formula
    injection (`'=x`) are read as they were before the guard (`=x`).
    """

    def __init__(self, path: Path, *, encoding: str | None = None) -> None:
        self.path = path
        self._named = encoding_named(encoding) if encoding else None
        self.encoding = self._named or "utf-8-sig"
        """The codec the file is read with: named by `--encoding`, else UTF-8 (a BOM or none), or
        Shift_JIS (cp932) when the file is not UTF-8."""
        self.columns: dict[str, None] = {}
        """The column names read so far, in file order (a CSV header, every JSON item's keys)."""
        self._file: IO[str] | None = None
        self._is_pipe = False
        self._items: list[Any] | None = None
        self._peeked: list[str] = []
        self._delimiter = ","

    def __enter__(self) -> RowFile:
        path = self.path
        self._is_pipe = check_file(path)
        try:
            binary = open(path, "rb")
            # newline='': line breaks reach the csv module as written (RFC 4180, quoted cells).
            self._file = io.TextIOWrapper(binary, encoding=self.encoding, newline="")  # closed by __exit__
            if self._named is None:
                detected = _detected(path, binary, is_pipe=self._is_pipe)
                if detected is None:
                    raise self.not_text()
                self.encoding = detected
                self._file.reconfigure(encoding=detected)  # nothing has been read as text yet
            is_json = path.suffix.casefold() == ".json" or self._peek_first_character() in ("[", "{")
        except FileNotFoundError:
            raise InvalidValue(_("no file {file}").format(file=repr(str(path)))) from None
        except PermissionError:
            raise InvalidValue(_("cannot read {file}: permission denied").format(file=path)) from None
        except BaseException:
            self.close()
            raise
        try:
            if is_json:
                self._items = self._json_items()
                self.close()
            else:
                self._delimiter = _delimiter(self._peeked[-1] if self._peeked else "")
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
    def shown_encoding(self) -> str:
        """The encoding read, as `--dry-run` names it."""
        return shown_encoding(self.encoding)

    def not_text(self) -> InvalidValue:
        """The error for bytes that do not decode: how to name the encoding that does."""
        if self._named:
            return InvalidValue(
                _("{file} is not {encoding} text: name the encoding it is in with --encoding").format(
                    file=self.path, encoding=self.shown_encoding
                )
            )
        return InvalidValue(
            _(
                "{file} is neither UTF-8 nor Shift_JIS (cp932) text: "
                "name the encoding it is in with --encoding (e.g. --encoding latin-1)"
            ).format(file=self.path)
        )

    def ignored(self, field_for_header: Callable[[str], str | None]) -> tuple[str, ...]:
        """The columns read so far that name no field (`--dry-run` lists them), in file order."""
        return tuple(name for name in self.columns if field_for_header(str(name)) is None)

    @property
    def unit(self) -> str:
        return "item" if self._items is not None else "line"

    def __iter__(self) -> Iterator[RawRow]:
        """The rows, once: a CSV file is read as they are taken."""
        if self._items is not None:
            return self._json_rows(self._items)
        assert self._file is not None
        return self._decoded(
            _csv_records(
                self.path, _lines(self.path, self._file, self._peeked), self._delimiter, self.columns
            )
        )

    def _decoded(self, rows: Iterator[RawRow]) -> Iterator[RawRow]:
        try:
            yield from rows
        except UnicodeDecodeError:
            raise self.not_text() from None

    def __len__(self) -> int:
        """How many rows iterating yields. A CSV file is read once more to count them: ask only
        when it is worth it (a progress bar at a terminal). A pipe cannot be read twice: 0."""
        if self._items is not None:
            return len(self._items)
        if self._is_pipe:
            return 0
        with open(self.path, encoding=self.encoding, newline="") as again:
            return sum(
                1 for _ in self._decoded(_csv_records(self.path, _lines(self.path, again), self._delimiter))
            )

    # -- JSON ------------------------------------------------------------------------------------

    def _json_items(self) -> list[Any]:
        path = self.path
        assert self._file is not None
        try:
            text = "".join(self._peeked) + self._file.read()
        except UnicodeDecodeError:
            raise self.not_text() from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidValue(
                _("{file} is not valid JSON: {reason} at line {line}").format(
                    file=path, reason=exc.msg, line=exc.lineno
                )
            ) from None
        except RecursionError:
            raise InvalidValue(_too_deep(path)) from None
        if isinstance(data, dict):
            # A single object, or an export wrapped as {"accounts": [...]}.
            lists = [value for value in data.values() if isinstance(value, list)]
            data = lists[0] if len(lists) == 1 else [data]
        if not isinstance(data, list):
            raise InvalidValue(_("{file}: expected a list of objects").format(file=path))
        return data

    def _json_rows(self, items: list[Any]) -> Iterator[RawRow]:
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise InvalidValue(
                    _("{file}: item {number} is not an object").format(file=self.path, number=number)
                )
            values = tuple(item.values())
            self.columns.update(dict.fromkeys(item))
            if not _shallow(values):
                raise InvalidValue(
                    _("{file}: item {number}: {problem}").format(
                        file=self.path, number=number, problem=_too_deep(None)
                    )
                )
            yield RawRow("item", number, tuple(item), values, None)

    # -- CSV -------------------------------------------------------------------------------------

    def _peek_first_character(self) -> str:
        """The file's first character that is not whitespace ('' if none); what it reads (ending
        with the header line of a CSV file) is kept for the rows."""
        assert self._file is not None
        readline = self._file.readline
        try:
            # A line at most a block at a time: a file may be one endless line (JSON, or not text).
            for line in iter(lambda: readline(READ_BLOCK), ""):
                self._peeked.append(line)
                stripped = line.lstrip()
                if stripped:
                    return stripped[0]
        except UnicodeDecodeError:
            raise self.not_text() from None
        return ""


def _detected(path: Path, binary: io.BufferedReader, *, is_pipe: bool) -> str | None:
    """UTF-8 (with a BOM or none) unless the file is not valid UTF-8: then Shift_JIS (cp932), what
    Japanese Excel writes; None when it is neither. A file is checked to its end in blocks, never
    held whole; a pipe, which can be read only once, by what its first block holds."""
    if _decodes(path, binary, "utf-8", is_pipe=is_pipe):
        return "utf-8-sig"
    return JAPANESE_EXCEL if _decodes(path, binary, JAPANESE_EXCEL, is_pipe=is_pipe) else None


_NOT_WRITTEN_BY_EXCEL = ("\x80", "\uf8f0", "\uf8f1", "\uf8f2", "\uf8f3")
"""What Python's cp932 makes of the single bytes 0x80, 0xA0 and 0xFD–0xFF, which no Shift_JIS
text holds: a file that has them is in some other encoding (latin-1, or not text)."""


def _decodes(path: Path, binary: io.BufferedReader, codec: str, *, is_pipe: bool) -> bool:
    """Whether the file is text in `codec` (a pipe: its first block, not yet taken from it)."""
    decode = codecs.getincrementaldecoder(codec)().decode
    with contextlib.nullcontext(binary) if is_pipe else open(path, "rb") as source:
        blocks = (
            [binary.peek(READ_BLOCK)[:READ_BLOCK]] if is_pipe else iter(lambda: source.read(READ_BLOCK), b"")
        )
        try:
            for block in blocks:
                if block.isascii():
                    continue
                text = decode(block)
                if codec == JAPANESE_EXCEL and any(odd in text for odd in _NOT_WRITTEN_BY_EXCEL):
                    return False
            decode(b"", not is_pipe)  # a pipe's block may end inside a character
        except UnicodeDecodeError:
            return False
    return True


def check_file(path: Path) -> bool:
    """Refuses, before it is opened, what an import cannot read: a missing file, a folder or a
    device (`/dev/zero` never ends). True when `path` is a pipe (`<(command)`), which can be
    read only once."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise InvalidValue(_("no file {file}").format(file=repr(str(path)))) from None
    except PermissionError:
        raise InvalidValue(_("cannot read {file}: permission denied").format(file=path)) from None
    if stat.S_ISDIR(mode):
        raise InvalidValue(_("{file} is a folder, not a file").format(file=path))
    if stat.S_ISREG(mode):
        return False
    if stat.S_ISFIFO(mode):
        return True
    raise InvalidValue(_("{file} is a device, not a file: name a CSV or JSON file").format(file=path))


def _lines(path: Path, file: IO[str], peeked: Sequence[str] = ()) -> Iterator[str]:
    """The file's lines, with their line breaks (CR, LF or CRLF), after the lines already peeked."""
    return chain.from_iterable(_line_blocks(path, file, "".join(peeked)))


READ_BLOCK = 1 << 16
"""Characters read at a time from a CSV file."""


def _line_blocks(path: Path, file: IO[str], start: str) -> Iterator[list[str]]:
    """The lines of each block read, split by `str.splitlines` rather than one at a time in Python
    (this is what an import's 100,000 rows go through).

    A line longer than `LONGEST_LINE` or holding a NUL character is refused: the file is not
    text (or never ends), and reading on would take the memory or the time of all of it.
    """
    read = 0  # lines yielded so far
    pieces: list[str] = []  # the line that has not ended yet, as read (joined once it ends)
    length = 0
    cr = ""  # a CR that ended the last block: CRLF's first half, or a line end of its own
    for block in chain((start,), iter(lambda: file.read(READ_BLOCK), "")):
        if not cr and "\n" not in block and "\r" not in block:
            pieces.append(block)
            length += len(block)
            if "\0" in block:
                raise InvalidValue(_not_text(path, read + 1))
            if length > LONGEST_LINE:
                raise InvalidValue(_too_long(path, read + 1))
            continue
        text = "".join(pieces) + cr + block
        cr = "\r" if text.endswith("\r") else ""
        end = max(text.rfind("\n", 0, len(text) - len(cr)), text.rfind("\r", 0, len(text) - len(cr))) + 1
        lines = _split(text[:end])
        rest = text[end : len(text) - len(cr)]
        if "\0" in text:
            first = next(number for number, line in enumerate([*lines, rest]) if "\0" in line)
            yield lines[:first]
            raise InvalidValue(_not_text(path, read + first + 1))
        pieces, length = [rest], len(rest)
        if length > LONGEST_LINE:
            yield lines
            raise InvalidValue(_too_long(path, read + len(lines) + 1))
        yield lines
        read += len(lines)
    last = "".join(pieces) + cr
    if last:
        yield [last]


def _not_text(path: Path, line: int) -> str:
    return _("{file}: line {line} holds a NUL character; is it a text file?").format(file=path, line=line)


def _too_long(path: Path, line: int) -> str:
    return _("{file}: line {line} is longer than {longest} characters; is it a CSV file?").format(
        file=path, line=line, longest=f"{LONGEST_LINE:,}"
    )


def _split(text: str) -> list[str]:
    """`text`'s lines, each ending at CR, LF or CRLF."""
    lines = text.splitlines(keepends=True)
    breaks = text.count("\n")
    if "\r" in text:
        breaks += text.count("\r") - text.count("\r\n")
    if len(lines) != breaks:
        lines = _rejoined(lines)  # splitlines also broke at \v, \f, \x1c–\x1e, \x85, U+2028/9
    return lines


def _rejoined(pieces: list[str]) -> list[str]:
    """Pieces of `str.splitlines` joined into lines that end at CR, LF or CRLF only."""
    lines, part = [], ""
    for piece in pieces:
        if piece.endswith(("\n", "\r")):
            lines.append(part + piece)
            part = ""
        else:
            part += piece
    if part:
        lines.append(part)
    return lines


def _delimiter(header_line: str) -> str:
    """The delimiter that separates the header line's names most often outside quotes (a comma
    on a tie or when there is none): a `;` or tab inside a quoted name does not count."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for character in header_line:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in counts:
            counts[character] += 1
    return max(DELIMITERS, key=lambda delimiter: counts[delimiter])


def unguarded(cell: str) -> str:
    """A CSV cell as it was before kamctl's export guarded it against formula injection.

    The export puts an apostrophe before text that starts with = + - @ (`'=x`), also after
    apostrophes (`'=x` is written `''=x`), so taking one off gives back exactly what was exported.
    """
    if cell[:1] == "'" and cell.lstrip("'").startswith(FORMULA_PREFIXES):
        return cell[1:]
    return cell


_CSV_PROBLEMS = {
    "unexpected end of data": N_("a quoted cell is never closed (its closing '\"' is missing)"),
    "expected after '\"'": N_("a '\"' inside a quoted cell must be doubled ('\"\"')"),
    "field larger than field limit": N_("a cell is longer than {longest} characters"),
}
"""What the csv module's errors mean to someone fixing the file."""


def _csv_problem(error: csv.Error) -> str:
    text = str(error)
    meaning = next((meaning for key, meaning in _CSV_PROBLEMS.items() if key in text), text)
    return _(meaning).format(longest=f"{LONGEST_CELL:,}") if meaning is not text else text


def _csv_records(
    path: Path, lines: Iterator[str], delimiter: str, columns: dict[str, None] | None = None
) -> Iterator[RawRow]:
    """Rows under the header (the first line that is not blank); rows of blank cells are skipped.
    The header's names are put in `columns` once it is read."""
    csv.field_size_limit(LONGEST_CELL)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    read = 0  # lines the reader has taken: a row starts on the next one
    try:
        header: tuple[str, ...] = ()
        while not header:
            header = tuple(name.strip() for name in next(reader))
            read = reader.line_num
    except StopIteration:
        raise InvalidValue(_("{file} is empty").format(file=path)) from None
    except csv.Error as exc:
        raise InvalidValue(
            _("{file}: line {line}: {problem}").format(file=path, line=read + 1, problem=_csv_problem(exc))
        ) from None
    if columns is not None:
        columns.update(dict.fromkeys(header))
    width = len(header)
    try:
        for cells in reader:
            number, read = read + 1, reader.line_num
            if not (cells and cells[0].strip()) and not any(cell.strip() for cell in cells):
                continue
            if len(cells) > width:
                problem = _("{cells} cells, but the header names {width} columns").format(
                    cells=len(cells), width=width
                )
                yield RawRow("line", number, header, (), problem)
                continue
            if "'" in "".join(cells):
                cells = [unguarded(cell) for cell in cells]
            yield RawRow("line", number, header, cells, None)
    except csv.Error as exc:
        raise InvalidValue(
            _("{file}: line {line}: {problem}").format(file=path, line=read + 1, problem=_csv_problem(exc))
        ) from None


def _shallow(values: Sequence[Any]) -> bool:
    """Whether no value nests deeper than `DEEPEST_JSON` (walked without recursion: a deep value
    must not take the interpreter's stack)."""
    pending = [(value, 1) for value in values if isinstance(value, list | dict)]
    while pending:
        value, depth = pending.pop()
        if depth > DEEPEST_JSON:
            return False
        children = value.values() if isinstance(value, dict) else value
        pending.extend((child, depth + 1) for child in children if isinstance(child, list | dict))
    return True


def _too_deep(path: Path | None) -> str:
    if path:
        return _("{file} nests lists or objects too deeply (at most {levels} levels)").format(
            file=path, levels=DEEPEST_JSON
        )
    return _("values nest lists or objects too deeply (at most {levels} levels)").format(levels=DEEPEST_JSON)
