"""Set-based writes for imports: rows go in by executemany in chunks, with their ids given up front,
on SQLite and PostgreSQL alike, without ORM objects."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, Table, func, select, text
from sqlalchemy.engine import Connection

from kamctl.store.log_import import SQLiteMoments, chunks
from kamctl.store.types import UTCDateTime

BULK_CHUNK = 5_000
"""Rows per executemany: big enough to cost nothing per row, small enough that the parameters of
one statement stay a few MB."""


def reserve_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """`count` new ids of `table`'s integer key, for rows inserted with explicit ids (so that their
    children can name them in the same pass).

    SQLite: the ids after MAX(id), which is what SQLite itself would assign; the write lock that
    a write transaction takes at BEGIN IMMEDIATE keeps them free. PostgreSQL: drawn from the
    table's own sequence, as its default would, so concurrent writers never get the same ones.
    """
    if count <= 0:
        return []
    key = table.c.id
    if connection.dialect.name == "postgresql":
        sequence = connection.execute(select(func.pg_get_serial_sequence(table.name, key.name))).scalar_one()
        query = text("SELECT nextval(:sequence) FROM generate_series(1, :count)")
        return sorted(connection.execute(query, {"sequence": sequence, "count": count}).scalars())
    highest = connection.execute(select(func.coalesce(func.max(key), 0))).scalar_one()
    return list(range(highest + 1, highest + 1 + count))


def insert_rows(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    chunk: int = BULK_CHUNK,
) -> int:
    """Insert `rows` (values in the order of `columns`) in executemany chunks; returns how many.

    On SQLite the values are encoded here as SQLAlchemy's SQLite dialect encodes them (a test
    compares the stored rows) and go straight to the driver: SQLAlchemy's per-value bind
    processing costs several times the insert itself. PostgreSQL gets them through SQLAlchemy Core.
    """
    count = 0
    if connection.dialect.name != "sqlite":
        for part in chunks(rows, chunk):
            connection.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in part])
            count += len(part)
        return count
    encoders = [_sqlite_encoder(table.c[name].type) for name in columns]
    coded = [(index, encode) for index, encode in enumerate(encoders) if encode is not None]
    quoted = ", ".join(f'"{name}"' for name in columns)
    statement = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({", ".join("?" * len(columns))})'
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for part in chunks(rows, chunk):
            if coded:
                part = [_encoded(row, coded) for row in part]
            cursor.executemany(statement, part)
            count += len(part)
    finally:
        cursor.close()
    return count


def _encoded(row: Sequence[Any], coded: list[tuple[int, Callable[[Any], Any]]]) -> list[Any]:
    values = list(row)
    for index, encode in coded:
        value = values[index]
        if value is not None:
            values[index] = encode(value)
    return values


def _sqlite_encoder(sql_type: Any) -> Callable[[Any], Any] | None:
    """How SQLAlchemy's SQLite dialect writes a value of `sql_type`; None: as the driver does."""
    if isinstance(sql_type, UTCDateTime):
        return _remembered(SQLiteMoments())  # naive UTC text
    if isinstance(sql_type, JSON):
        return _remembered(json.dumps)
    if isinstance(sql_type, Date):
        return _remembered(date.isoformat)
    return None


REMEMBERED = 4096
"""Distinct values whose encoding an import keeps: the days, moments and sets of tags of a file
repeat, and encoding each once is most of the cost of encoding."""


def _remembered(encode: Callable[[Any], Any]) -> Callable[[Any], Any]:
    known: dict[Any, Any] = {}

    def encoded(value: Any) -> Any:
        key = tuple(value) if type(value) is list else value  # tags: the same few lists again and again
        try:
            return known[key]
        except KeyError:
            text = encode(value)
            if len(known) < REMEMBERED:
                known[key] = text
            return text
        except TypeError:  # a list holding lists: not hashable, encoded every time
            return encode(value)

    return encoded
