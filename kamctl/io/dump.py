"""`db export` / `db import`: a complete, versioned JSON dump of every table.

The format (DUMP_FORMAT 1)::

    {"kamctl_dump": 1, "schema_version": "0001",
     "tables": {"account": [{"id": 1, "name": "ACME", ...}, ...], "account_history": [...], ...}}

Tables come in `models.ALL_TABLES` order (parents first), rows in primary-key order, and every
row holds every column: datetimes as ISO 8601 in UTC with offset, dates as ISO dates, JSON
columns as lists, booleans as true/false, unknown values as null. The file is
`dump_to_text(dump)`, so export → import into an empty database → export gives the same bytes.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from kamctl.errors import Conflict, InvalidValue
from kamctl.i18n import N_, _
from kamctl.render.safe import json_safe

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection

    from kamctl.store.engine import Store

# SQLAlchemy and the models are imported inside the functions: `kamctl --help` must not load
# the database stack (ruff TID253), and this module is imported by the CLI.

DUMP_FORMAT = 1
"""The version of the dump's own layout; a newer kamctl may write a higher one."""

_INSERT_CHUNK = 5_000
_STREAM_CHUNK = 2_000

# ---------------------------------------------------------------------------------------------
# Export


def export_database(store: Store) -> dict[str, Any]:
    """Every row of every table as JSON-safe values, read from one consistent snapshot."""
    from kamctl.store.schema_version import SCHEMA_VERSION

    with store.connection(write=False, snapshot=True) as connection:
        tables = {table.name: list(_rows(connection, table)) for table in _tables()}
    return {"kamctl_dump": DUMP_FORMAT, "schema_version": SCHEMA_VERSION, "tables": tables}


def dump_to_text(dump: dict[str, Any]) -> str:
    """The file form of a dump: exactly `json.dumps(dump, ensure_ascii=False, indent=2)` plus a newline,
    with terminal control characters written as `\\uXXXX` escapes (`json_safe`)."""
    stream = io.StringIO()
    header = {key: value for key, value in dump.items() if key != "tables"}
    _write(stream, header, dump["tables"].items())
    return stream.getvalue()


def write_dump(store: Store, stream: TextIO) -> dict[str, int]:
    """Write `dump_to_text(export_database(store))` to `stream` without holding every row in memory.

    For files and large databases (a million log entries would not fit the memory budget as one
    dict). Returns the number of rows written per table.
    """
    from kamctl.store.schema_version import SCHEMA_VERSION

    header = {"kamctl_dump": DUMP_FORMAT, "schema_version": SCHEMA_VERSION}
    with store.connection(write=False, snapshot=True) as connection:
        return _write(stream, header, ((table.name, _rows(connection, table)) for table in _tables()))


_encode_raw = json.JSONEncoder(ensure_ascii=False).encode


def _encode(value: Any) -> str:
    """One value as JSON (the C encoder: json.dumps with `indent` falls back to pure Python). C1 and
    bidi controls, which the encoder leaves raw, are escaped: `cat dump.json` cannot drive the
    terminal, and the file still reads back to the same text (SPEC §2 Output)."""
    return json_safe(_encode_raw(value))


def _write(
    stream: TextIO, header: dict[str, Any], tables: Iterable[tuple[str, Iterable[dict[str, Any]]]]
) -> dict[str, int]:
    """The layout json.dumps(indent=2) gives a dump (rows at depth 3, values scalars or flat lists)."""
    counts: dict[str, int] = {}
    stream.write("{\n")
    for key, value in header.items():
        stream.write(f"  {_encode(key)}: {_encode(value)},\n")
    stream.write(f"  {_encode('tables')}: {{")
    for position, (name, rows) in enumerate(tables):
        stream.write(",\n" if position else "\n")
        stream.write(f"    {_encode(name)}: [")
        count = 0
        for row in rows:
            stream.write(",\n" if count else "\n")
            stream.write(_row_text(row))
            count += 1
        stream.write("\n    ]" if count else "]")
        counts[name] = count
    stream.write("\n  }\n}\n" if counts else "}\n}\n")
    return counts


def _row_text(row: dict[str, Any]) -> str:
    fields = []
    for key, value in row.items():
        if type(value) is list and value:
            items = ",\n".join(f"          {_encode(item)}" for item in value)
            fields.append(f"        {_encode(key)}: [\n{items}\n        ]")
        else:
            fields.append(f"        {_encode(key)}: {_encode(value)}")
    if not fields:
        return "      {}"
    return "      {\n" + ",\n".join(fields) + "\n      }"


def _tables() -> list[Table]:
    from kamctl.store import models

    return [model.__table__ for model in models.ALL_TABLES]


def _rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    from sqlalchemy import select

    order = []
    for column in table.primary_key.columns:
        # Text keys sort by code point everywhere (SQLite's BINARY, PostgreSQL's "C"), so a dump
        # of the same data is the same file on either database.
        is_text = _kind(column.type) is str and connection.dialect.name == "postgresql"
        order.append(column.collate("C") if is_text else column)
    query = select(table).order_by(*order).execution_options(yield_per=_STREAM_CHUNK)
    names = [column.name for column in table.columns]
    for row in connection.execute(query):
        yield {name: _to_json(value) for name, value in zip(names, row, strict=True)}


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):  # before date: a datetime is a date
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if type(value) is float:
        return value + 0.0  # -0.0 → 0.0, as SQLite stores it: the same file from either database
    return value


# ---------------------------------------------------------------------------------------------
# Import


_NOT_A_DUMP = N_('not a kamctl dump: expected a JSON object with "kamctl_dump"')
_TOO_DEEP = N_("the dump is nested too deeply to be a kamctl dump; import a file written by kamctl db export")


def _not_json(line: int, column: int, message: str) -> str:
    return _("the dump is not valid JSON (line {line}, column {column}: {message})").format(
        line=line, column=column, message=message
    )


def import_database(store: Store, dump: dict[str, Any] | DumpFile) -> dict[str, int]:
    """Load a dump (a parsed one, or a file read as it goes) into an empty database, keeping every
    id; returns the rows imported per table.

    All or nothing: the header is checked first, then every row is checked and inserted in one
    transaction, a few thousand at a time, so a bad row anywhere imports nothing. A file is
    never held whole: neither its text nor its parsed rows (a large dump, parsed as one
    document, would not fit the memory budget of SPEC §9).
    """
    import sqlite3

    from sqlalchemy.exc import DataError, IntegrityError

    from kamctl.store.engine import has_rows, lock_connection_for_change

    events = iter(_events(dump))
    header, tables = _read_header(events)
    if tables == "object" and not {"kamctl_dump", "schema_version"} <= header.keys():
        header = _whole_header(dump)  # a dump whose tables come before its header: read it first
    _check_header(header, tables)
    known = {table.name: table for table in _tables()}
    counts = dict.fromkeys(known, 0)
    try:
        with store.connection(write=True) as connection:
            # Two imports into one empty PostgreSQL database must not both find it empty.
            lock_connection_for_change("whole database", connection=connection)
            if has_rows(connection):
                raise Conflict(_("the database is not empty; import into a new database (--db NEW.db)"))
            for kind, name, rows in events:
                if kind != "table":
                    continue  # header fields after the tables: already read
                if name not in known:
                    raise InvalidValue(_("the dump has unknown tables: {name}").format(name=name))
                if isinstance(rows, _NotAList):
                    raise InvalidValue(_("the dump's table {name} is not a list of rows").format(name=name))
                counts[name] += _insert(connection, known[name], rows)
            if connection.dialect.name == "postgresql":
                _reset_id_sequences(connection)
    except (IntegrityError, DataError, sqlite3.IntegrityError) as exc:
        orig = getattr(exc, "orig", None) or exc
        reason = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
        raise InvalidValue(
            _("the dump's rows do not fit together ({reason}); nothing was imported").format(reason=reason)
        ) from None
    return counts


def _read_header(events: Iterator[tuple[str, str, Any]]) -> tuple[dict[str, Any], str | None]:
    """The dump's fields before its tables, and what its "tables" is: "object", "other" or None
    (missing). Stops at the tables: the rows are read by whoever goes on with `events`."""
    header: dict[str, Any] = {}
    for kind, name, value in events:
        if kind == "field":
            header[name] = value
        elif kind == "tables":
            return header, "object"
        elif kind == "other-tables":
            return header, "other"
    return header, None


def _whole_header(dump: dict[str, Any] | DumpFile) -> dict[str, Any]:
    header: dict[str, Any] = {}
    for kind, name, value in _events(dump):
        if kind == "field":
            header[name] = value
        elif kind == "table" and not isinstance(value, _NotAList):
            for _item in value:
                pass
    return header


def _events(dump: dict[str, Any] | DumpFile) -> Iterator[tuple[str, str, Any]]:
    """The dump as it is read: ("field", key, value) for each field beside the tables; ("tables",
    "", None) where the tables begin, or ("other-tables", "", value) if they are not an object;
    then ("table", name, rows) per table, `rows` an iterator (or a _NotAList) to be read before
    the next event."""
    if isinstance(dump, DumpFile):
        yield from dump.events()
        return
    if not isinstance(dump, dict):
        raise InvalidValue(_(_NOT_A_DUMP))
    for key, value in dump.items():
        if key != "tables":
            yield "field", key, value
        elif not isinstance(value, dict):
            yield "other-tables", "", value
        else:
            yield "tables", "", None
            for name, rows in value.items():
                yield "table", name, iter(rows) if isinstance(rows, list) else _NotAList(rows)


@dataclass(frozen=True)
class _NotAList:
    """A table whose value is not a list of rows."""

    value: Any


class DumpFile:
    """A dump file, read as it goes: its text is never held whole, and each row is parsed only
    when it is wanted (`with DumpFile(path) as dump: import_database(store, dump)`).

    Any JSON layout is read (kamctl's own, minified, keys in another order); errors name their
    line and column as `json.loads` would.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> DumpFile:
        with self._open() as file:  # a missing file or a folder is refused before any work
            _Reader(file, self.path).peek()
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def events(self) -> Iterator[tuple[str, str, Any]]:
        """See `_events`; every call reads the file anew."""
        with self._open() as file:
            yield from _Reader(file, self.path).events()

    def _open(self) -> TextIO:
        try:
            return open(self.path, encoding="utf-8")  # closed by the caller's with
        except FileNotFoundError:
            raise InvalidValue(_("no file {file}").format(file=repr(str(self.path)))) from None
        except IsADirectoryError:
            raise InvalidValue(_("{file} is a folder, not a file").format(file=self.path)) from None
        except OSError as exc:
            raise InvalidValue(
                _("cannot read {file}: {reason}").format(file=self.path, reason=exc.strerror or exc)
            ) from None


_READ_BLOCK = 1 << 20
"""Characters read from a dump file at a time."""
_TRUNCATION_MARGIN = 1 << 16
"""A JSON error this close to the end of what has been read may only mean that the value goes
on in the next block."""
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class _Reader:
    """The two outer levels of a dump (its fields, its tables) read by hand, every value inside
    them by the json module's own decoder."""

    def __init__(self, file: TextIO, path: Path) -> None:
        self._file = file
        self._path = path
        self._text = ""
        self._at = 0
        self._eof = False
        self._line = 1
        """The line of `_text[0]` in the file."""
        self._column = 1
        """The column of `_text[0]`."""
        self._decode = json.JSONDecoder().raw_decode

    def events(self) -> Iterator[tuple[str, str, Any]]:
        if self.peek() != "{":
            self._value()  # broken JSON says so first
            self._end()
            raise InvalidValue(_(_NOT_A_DUMP))
        self._at += 1
        for key in self._members():
            if key != "tables":
                yield "field", key, self._value()
            elif self.peek() != "{":
                yield "other-tables", "", self._value()
            else:
                self._at += 1
                yield "tables", "", None
                for name in self._members():
                    if self.peek() != "[":
                        yield "table", name, _NotAList(self._value())
                        continue
                    self._at += 1
                    rows = self._items()
                    yield "table", name, rows
                    for _row in rows:  # whatever the reader of the rows left
                        pass
        self._end()

    def _members(self) -> Iterator[str]:
        """The keys of an object whose `{` was read; the caller reads each value."""
        if self.peek() == "}":
            self._at += 1
            return
        while True:
            if self.peek() != '"':
                raise self._error("Expecting property name enclosed in double quotes", self._at)
            key = self._value()
            if self.peek() != ":":
                raise self._error("Expecting ':' delimiter", self._at)
            self._at += 1
            yield key
            char = self.peek()
            self._at += 1
            if char == "}":
                return
            if char != ",":
                raise self._error("Expecting ',' delimiter", self._at - 1)

    def _items(self) -> Iterator[Any]:
        """The values of an array whose `[` was read."""
        if self.peek() == "]":
            self._at += 1
            return
        while True:
            yield self._value()
            char = self.peek()
            self._at += 1
            if char == "]":
                return
            if char != ",":
                raise self._error("Expecting ',' delimiter", self._at - 1)

    def _end(self) -> None:
        if self.peek():
            raise self._error("Extra data", self._at)

    def peek(self) -> str:
        """The next character that is not whitespace ('' at the end of the file)."""
        while True:
            self._at = _WHITESPACE.match(self._text, self._at).end()  # type: ignore[union-attr]
            if self._at < len(self._text):
                return self._text[self._at]
            if not self._more():
                return ""

    def _value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self._decode(self._text, self._at)
            except json.JSONDecodeError as exc:
                cut_short = exc.pos >= len(self._text) - _TRUNCATION_MARGIN or exc.msg.startswith(
                    "Unterminated string"
                )
                if cut_short and self._more():
                    continue
                raise self._error(exc.msg, exc.pos) from None
            except RecursionError:
                raise InvalidValue(_(_TOO_DEEP)) from None
            if end == len(self._text) and self._more():
                continue  # a number or a word may go on in the next block
            self._at = end
            return value

    def _more(self) -> bool:
        """Read the next block (dropping what has been read); False at the end of the file."""
        if self._eof:
            return False
        try:
            block = self._file.read(_READ_BLOCK)
        except UnicodeDecodeError:
            raise InvalidValue(
                _("{file} is not a kamctl JSON dump (not UTF-8 text)").format(file=self._path)
            ) from None
        if not block:
            self._eof = True
            return False
        done = self._text[: self._at]
        newlines = done.count("\n")
        self._line += newlines
        self._column = len(done) - done.rfind("\n") if newlines else self._column + len(done)
        self._text = self._text[self._at :] + block
        self._at = 0
        return True

    def _error(self, message: str, at: int) -> InvalidValue:
        before = self._text[:at]
        newlines = before.count("\n")
        column = at - before.rfind("\n") if newlines else self._column + at
        return InvalidValue(_not_json(self._line + newlines, column, message))


def _insert(connection: Connection, table: Table, rows: Iterator[Any]) -> int:
    """Check and insert one table's rows, a chunk at a time; returns how many."""
    from kamctl.store.bulk import BULK_CHUNK, chunks, insert_rows

    check = _row_check(table)
    names = [column.name for column in table.columns]
    # A row may point at a later row of its own table (a contact reporting to a contact with a
    # higher id): it goes in without that link, which is filled in once every row exists.
    key = next(iter(table.primary_key.columns))
    key_at = names.index(key.name)
    links = [names.index(fk.parent.name) for fk in table.foreign_keys if fk.column.table is table]
    inserted: set[Any] = set()
    later: list[dict[str, Any]] = []
    count = 0
    with contextlib.ExitStack() as stack:
        if table.name == "log_entry" and connection.dialect.name == "sqlite":
            from kamctl.store.log_import import indexed_at_the_end

            stack.enter_context(indexed_at_the_end(connection.connection.driver_connection))  # type: ignore[arg-type]
        for part in chunks(enumerate(rows, start=1), BULK_CHUNK):
            checked = [check(number, row) for number, row in part]
            if links:
                checked = [_unlinked(values, links, names, key_at, inserted, later) for values in checked]
            count += insert_rows(connection, table, names, checked)
    if later:
        _link(connection, table, key, later)
    return count


def _unlinked(
    values: tuple[Any, ...],
    links: list[int],
    names: list[str],
    key_at: int,
    inserted: set[Any],
    later: list[dict[str, Any]],
) -> tuple[Any, ...]:
    """`values` without the links to rows not inserted yet, which go to `later`."""
    pending = [at for at in links if values[at] is not None and values[at] not in inserted]
    inserted.add(values[key_at])
    if not pending:
        return values
    later.append({"_key": values[key_at], **{f"_{names[at]}": values[at] for at in pending}})
    return tuple(None if at in pending else value for at, value in enumerate(values))


def _link(connection: Connection, table: Table, key: Any, later: list[dict[str, Any]]) -> None:
    """Fill in the links to rows of the same table that were not there yet when a row went in."""
    from sqlalchemy import bindparam

    from kamctl.store.bulk import BULK_CHUNK, chunks

    # Rows link one column or another: one UPDATE per set of columns.
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for params in later:
        by_columns.setdefault(tuple(sorted(params)), []).append(params)
    for columns, params in by_columns.items():
        names = [name[1:] for name in columns if name != "_key"]
        update = (
            table.update()
            .where(key == bindparam("_key"))
            .values({name: bindparam(f"_{name}") for name in names})
        )
        for part in chunks(params, BULK_CHUNK):
            connection.execute(update, part)


def _reset_id_sequences(connection: Connection) -> None:
    """PostgreSQL hands out ids from a sequence that explicit ids do not advance: move it past them."""
    from sqlalchemy import func, select

    for table in _tables():
        column = table.autoincrement_column
        if column is None:
            continue
        highest = func.max(column)
        sequence = func.pg_get_serial_sequence(table.name, column.name)
        connection.execute(select(func.setval(sequence, func.coalesce(highest, 1), highest.is_not(None))))


# ---------------------------------------------------------------------------------------------
# Validation: every value is checked against its column before it is written.


class _Unfit(Exception):
    def __init__(self, expected: str) -> None:
        self.expected = expected


def _check_header(header: dict[str, Any], tables: str | None) -> None:
    """The dump's own fields: a kamctl dump, of a format and schema this kamctl reads, with tables."""
    from kamctl.store.schema_version import KNOWN_VERSIONS, SCHEMA_VERSION

    if "kamctl_dump" not in header:
        raise InvalidValue(_(_NOT_A_DUMP))
    layout = header["kamctl_dump"]
    if type(layout) is not int or layout < 1:
        raise InvalidValue(
            _("not a kamctl dump: kamctl_dump is {value}, expected a version number").format(
                value=repr(layout)
            )
        )
    if layout > DUMP_FORMAT:
        raise InvalidValue(
            _(
                "the dump has format version {version}, newer than this kamctl understands ({known}); "
                "upgrade kamctl (pip install -U kamctl)"
            ).format(version=layout, known=DUMP_FORMAT)
        )
    schema = header.get("schema_version")
    if not isinstance(schema, str):
        raise InvalidValue(_("the dump has no schema_version (found {value})").format(value=repr(schema)))
    if schema not in KNOWN_VERSIONS:
        raise InvalidValue(
            _(
                "the dump comes from schema version {version}, which this kamctl does not know "
                "(it knows up to {known}); upgrade kamctl (pip install -U kamctl)"
            ).format(version=schema, known=SCHEMA_VERSION)
        )
    if schema != SCHEMA_VERSION:
        raise InvalidValue(
            _(
                "the dump comes from the older schema version {version}; import it with the kamctl that "
                "wrote it, then open the database with this one (it migrates to {known})"
            ).format(version=schema, known=SCHEMA_VERSION)
        )
    if tables != "object":
        raise InvalidValue(_('the dump has no "tables" object'))


def _row_check(table: Table) -> Callable[[int, Any], tuple[Any, ...]]:
    """Checks row `number` of `table` against its columns: its values in column order, converted."""
    columns = [(column.name, _CONVERTERS[_kind(column.type)], column.nullable) for column in table.columns]
    names = {name for name, _kind, _null in columns}

    def where(number: int) -> str:
        return _("the dump's table {table}, row {number}").format(table=table.name, number=number)

    def check(number: int, row: Any) -> tuple[Any, ...]:
        if not isinstance(row, dict):
            raise InvalidValue(_("{where}: expected an object of column values").format(where=where(number)))
        if not row.keys() <= names:
            extra = sorted(set(row) - names)
            raise InvalidValue(
                _("{where}: unknown columns {columns}").format(
                    where=where(number), columns=", ".join(map(str, extra))
                )
            )
        values = []
        for name, convert, nullable in columns:
            value = row.get(name)
            if value is None:
                if not nullable:
                    raise InvalidValue(
                        _("{where}: {column} is missing or null").format(where=where(number), column=name)
                    )
                values.append(None)
                continue
            try:
                values.append(convert(value))
            except _Unfit as unfit:
                shown = repr(value)
                shown = shown if len(shown) <= 60 else shown[:57] + "…"
                raise InvalidValue(
                    _("{where}: {column} must be {expected}, not {value}").format(
                        where=where(number), column=name, expected=unfit.expected, value=shown
                    )
                ) from None
        return tuple(values)

    return check


def _kind(sql_type: Any) -> type:
    from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String
    from sqlalchemy.types import TypeDecorator

    if isinstance(sql_type, TypeDecorator):
        sql_type = sql_type.impl
    for sql_class, kind in (
        (DateTime, datetime),
        (Date, date),
        (Boolean, bool),
        (Integer, int),
        (Float, float),
        (JSON, list),
        (String, str),
    ):
        if isinstance(sql_type, sql_class):
            return kind
    raise TypeError(f"no dump conversion for column type {sql_type!r}")  # a new type needs one here


def _text(value: Any) -> str:
    if type(value) is not str:
        raise _Unfit(_("text"))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Unfit(_("valid Unicode text")) from None
    return value


def _integer(value: Any) -> int:
    # Every integer column is an id, a small rating or a day count: PostgreSQL's INTEGER holds them.
    if type(value) is not int or not -(2**31) <= value < 2**31:
        raise _Unfit(_("a whole number from -2147483648 to 2147483647"))
    return value


def _number(value: Any) -> float:
    if type(value) not in (int, float):
        raise _Unfit(_("a number"))
    try:
        number = float(value)
    except OverflowError:
        raise _Unfit(_("a finite number")) from None
    if not math.isfinite(number):
        raise _Unfit(_("a finite number"))
    from kamctl.domain.limits import MAX_AMOUNT

    # Every float column is an amount or a smaller figure (a share, a score, a weight).
    if abs(number) > MAX_AMOUNT:
        raise _Unfit(_("a number of at most {amount} either way").format(amount=f"{MAX_AMOUNT:,.0f}"))
    return number + 0.0


def _boolean(value: Any) -> bool:
    if type(value) is not bool:
        raise _Unfit(_("true or false"))
    return value


def _date(value: Any) -> date:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _Unfit(_("an ISO date (2026-11-20)")) from None
    _check_supported(day)
    return day


def _datetime(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("naive")
        moment = moment.astimezone(UTC)
    except (TypeError, ValueError, OverflowError):
        raise _Unfit(_("an ISO 8601 datetime with offset (2026-11-20T09:00:00+00:00)")) from None
    _check_supported(moment.date())
    return moment


def _check_supported(day: date) -> None:
    from kamctl.domain.limits import FIRST_DAY, LAST_DAY

    if not FIRST_DAY <= day <= LAST_DAY:
        raise _Unfit(
            _("a date from {first} to {last}").format(first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())
        )


def _text_list(value: Any) -> list[str]:
    # Every JSON column of the model is a list of tags.
    if type(value) is not list:
        raise _Unfit(_("a list of text"))
    if not all(type(item) is str for item in value):
        raise _Unfit(_("a list of text"))
    return [_text(item) for item in value]


_CONVERTERS: dict[type, Callable[[Any], Any]] = {
    str: _text,
    int: _integer,
    float: _number,
    bool: _boolean,
    date: _date,
    datetime: _datetime,
    list: _text_list,
}
