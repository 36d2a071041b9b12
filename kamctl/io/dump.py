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

import io
import json
import math
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TextIO

from kamctl.errors import Conflict, InvalidValue

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
    from kamctl.store.models import SCHEMA_VERSION

    with store.connection(write=False, snapshot=True) as connection:
        tables = {table.name: list(_rows(connection, table)) for table in _tables()}
    return {"kamctl_dump": DUMP_FORMAT, "schema_version": SCHEMA_VERSION, "tables": tables}


def dump_to_text(dump: dict[str, Any]) -> str:
    """The file form of a dump: exactly `json.dumps(dump, ensure_ascii=False, indent=2)` plus a newline."""
    stream = io.StringIO()
    header = {key: value for key, value in dump.items() if key != "tables"}
    _write(stream, header, dump["tables"].items())
    return stream.getvalue()


def write_dump(store: Store, stream: TextIO) -> dict[str, int]:
    """Write `dump_to_text(export_database(store))` to `stream` without holding every row in memory.

    For files and large databases (a million log entries would not fit the memory budget as one
    dict). Returns the number of rows written per table.
    """
    from kamctl.store.models import SCHEMA_VERSION

    header = {"kamctl_dump": DUMP_FORMAT, "schema_version": SCHEMA_VERSION}
    with store.connection(write=False, snapshot=True) as connection:
        return _write(stream, header, ((table.name, _rows(connection, table)) for table in _tables()))


_encode = json.JSONEncoder(ensure_ascii=False).encode
"""One value as JSON (the C encoder: json.dumps with `indent` falls back to pure Python)."""


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


def parse_dump(text: str) -> dict[str, Any]:
    """The dump in a file's text; broken JSON is an InvalidValue naming the line."""
    try:
        dump = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidValue(
            f"the dump is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(dump, dict):
        raise InvalidValue('not a kamctl dump: expected a JSON object with "kamctl_dump"')
    return dump


def import_database(store: Store, dump: Any) -> dict[str, int]:
    """Load a dump into an empty database, keeping every id; returns the rows imported per table.

    All or nothing: the whole dump is checked first and inserted in one transaction, so a bad
    row anywhere imports nothing.
    """
    from sqlalchemy.exc import DataError, IntegrityError

    from kamctl.store.engine import has_rows

    rows_by_table = _validated(dump)
    try:
        with store.connection(write=True) as connection:
            if has_rows(connection):
                raise Conflict("the database is not empty; import into a new database (--db NEW.db)")
            for table in _tables():
                _insert(connection, table, rows_by_table.get(table.name, []))
            if connection.dialect.name == "postgresql":
                _reset_id_sequences(connection)
    except (IntegrityError, DataError) as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise InvalidValue(f"the dump's rows do not fit together ({reason}); nothing was imported") from None
    return {table.name: len(rows_by_table.get(table.name, [])) for table in _tables()}


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    from sqlalchemy import bindparam

    if not rows:
        return
    # A row may point at a later row of its own table (a contact reporting to a contact with a
    # higher id): insert those links empty, then fill them in once every row exists.
    self_links = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    if self_links:
        linked = [row for row in rows if any(row[name] is not None for name in self_links)]
        rows = [{**row, **dict.fromkeys(self_links)} for row in rows]
    for start in range(0, len(rows), _INSERT_CHUNK):
        connection.execute(table.insert(), rows[start : start + _INSERT_CHUNK])
    if self_links and linked:
        key = next(iter(table.primary_key.columns))
        update = (
            table.update()
            .where(key == bindparam("_key"))
            .values({name: bindparam(f"_{name}") for name in self_links})
        )
        params = [{"_key": row[key.name], **{f"_{name}": row[name] for name in self_links}} for row in linked]
        for start in range(0, len(params), _INSERT_CHUNK):
            connection.execute(update, params[start : start + _INSERT_CHUNK])


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
# Validation: every value is checked against its column before anything is written.


class _Unfit(Exception):
    def __init__(self, expected: str) -> None:
        self.expected = expected


def _validated(dump: Any) -> dict[str, list[dict[str, Any]]]:
    from kamctl.store.engine import KNOWN_VERSIONS
    from kamctl.store.models import SCHEMA_VERSION

    if not isinstance(dump, dict) or "kamctl_dump" not in dump:
        raise InvalidValue('not a kamctl dump: expected a JSON object with "kamctl_dump"')
    layout = dump["kamctl_dump"]
    if type(layout) is not int or layout < 1:
        raise InvalidValue(f"not a kamctl dump: kamctl_dump is {layout!r}, expected a version number")
    if layout > DUMP_FORMAT:
        raise InvalidValue(
            f"the dump has format version {layout}, newer than this kamctl understands ({DUMP_FORMAT}); "
            "upgrade kamctl (pip install -U kamctl)"
        )
    schema = dump.get("schema_version")
    if not isinstance(schema, str):
        raise InvalidValue(f"the dump has no schema_version (found {schema!r})")
    if schema not in KNOWN_VERSIONS:
        raise InvalidValue(
            f"the dump comes from schema version {schema}, which this kamctl does not know "
            f"(it knows up to {SCHEMA_VERSION}); upgrade kamctl (pip install -U kamctl)"
        )
    if schema != SCHEMA_VERSION:
        raise InvalidValue(
            f"the dump comes from the older schema version {schema}; import it with the kamctl that "
            f"wrote it, then open the database with this one (it migrates to {SCHEMA_VERSION})"
        )
    tables = dump.get("tables")
    if not isinstance(tables, dict):
        raise InvalidValue('the dump has no "tables" object')
    known = {table.name: table for table in _tables()}
    unknown = sorted(set(tables) - set(known))
    if unknown:
        raise InvalidValue(f"the dump has unknown tables: {', '.join(unknown)}")
    return {name: _validated_rows(known[name], rows) for name, rows in tables.items()}


def _validated_rows(table: Table, rows: Any) -> list[dict[str, Any]]:
    if not isinstance(rows, list):
        raise InvalidValue(f"the dump's table {table.name} is not a list of rows")
    columns = [(column.name, _CONVERTERS[_kind(column.type)], column.nullable) for column in table.columns]
    names = {name for name, _, _ in columns}
    checked = []
    for number, row in enumerate(rows, start=1):
        where = f"the dump's table {table.name}, row {number}"
        if not isinstance(row, dict):
            raise InvalidValue(f"{where}: expected an object of column values")
        extra = sorted(set(row) - names)
        if extra:
            raise InvalidValue(f"{where}: unknown columns {', '.join(map(str, extra))}")
        values = {}
        for name, convert, nullable in columns:
            value = row.get(name)
            if value is None:
                if not nullable:
                    raise InvalidValue(f"{where}: {name} is missing or null")
                values[name] = None
                continue
            try:
                values[name] = convert(value)
            except _Unfit as unfit:
                shown = repr(value)
                shown = shown if len(shown) <= 60 else shown[:57] + "…"
                raise InvalidValue(f"{where}: {name} must be {unfit.expected}, not {shown}") from None
        checked.append(values)
    return checked


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
        raise _Unfit("text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Unfit("valid Unicode text") from None
    return value


def _integer(value: Any) -> int:
    # Every integer column is an id, a small rating or a day count: PostgreSQL's INTEGER holds them.
    if type(value) is not int or not -(2**31) <= value < 2**31:
        raise _Unfit("a whole number from -2147483648 to 2147483647")
    return value


def _number(value: Any) -> float:
    if type(value) not in (int, float):
        raise _Unfit("a number")
    try:
        number = float(value)
    except OverflowError:
        raise _Unfit("a finite number") from None
    if not math.isfinite(number):
        raise _Unfit("a finite number")
    from kamctl.domain.limits import MAX_AMOUNT

    # Every float column is an amount or a smaller figure (a share, a score, a weight).
    if abs(number) > MAX_AMOUNT:
        raise _Unfit(f"a number of at most {MAX_AMOUNT:,.0f} either way")
    return number + 0.0


def _boolean(value: Any) -> bool:
    if type(value) is not bool:
        raise _Unfit("true or false")
    return value


def _date(value: Any) -> date:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _Unfit("an ISO date (2026-11-20)") from None
    _check_supported(day)
    return day


def _datetime(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("naive")
        moment = moment.astimezone(UTC)
    except (TypeError, ValueError, OverflowError):
        raise _Unfit("an ISO 8601 datetime with offset (2026-11-20T09:00:00+00:00)") from None
    _check_supported(moment.date())
    return moment


def _check_supported(day: date) -> None:
    from kamctl.domain.limits import FIRST_DAY, LAST_DAY

    if not FIRST_DAY <= day <= LAST_DAY:
        raise _Unfit(f"a date from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}")


def _text_list(value: Any) -> list[str]:
    # Every JSON column of the model is a list of tags.
    if type(value) is not list:
        raise _Unfit("a list of text")
    if not all(type(item) is str for item in value):
        raise _Unfit("a list of text")
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
