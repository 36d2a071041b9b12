"""SQLite files through the standard library's `sqlite3`, for the routine paths that must not pay
for importing SQLAlchemy (which costs more than the rest of the work): `remind` reads its due list
this way and `log import` writes its rows.

Only a database already at SQL_SCHEMA_VERSION goes this way. A missing file, a blank one or
another schema gets None here and takes the long way (`engine.open_store`), which creates or
migrates. Connections are set up as the engine sets up its own (`engine._install_sqlite_hooks`):
WAL, synchronous NORMAL, foreign keys on, the same busy timeout, and a writer takes the write
lock when its transaction begins (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kamctl.store.schema_version import SCHEMA_VERSION as SQL_SCHEMA_VERSION

BUSY_TIMEOUT_S = 10.0
"""How long a kamctl process waits for another one's write instead of failing (SPEC §2: at
least 5 s); the engine's connections wait as long."""

WAIT_NOTICE_S = 1.0
"""How long a writer waits for another process's write lock before it says that it is waiting."""

Rows = Callable[[str, dict[str, Any]], Iterable[Sequence[Any]]]
"""Runs one SELECT with named parameters and returns its rows: on a stdlib connection
(`SqliteReader`) or on a session (`kamctl.store.queries.reminders.session_rows`)."""


def open_current_sqlite(path: Path, *, write: bool = False) -> sqlite3.Connection | None:
    """A connection to `path` inside a transaction, if the file is a kamctl database at
    SQL_SCHEMA_VERSION; None otherwise (use open_store).

    `write=True` begins with the write lock (`begin_writing`). A lock still held by another
    process after the busy timeout is DatabaseProblem, not a reason to try the long way.
    """
    if not path.is_file():
        return None
    try:
        # mode=rw, not ro: only a connection that may write removes the -wal/-shm files when it
        # closes, which leaves the files as they were (the remind cache is keyed by them). Any
        # thread may use it, as SQLAlchemy's file connections: `log import` indexes on a second one.
        connection = sqlite3.connect(
            f"file:{quote(str(path))}?mode=rw",
            uri=True,
            timeout=BUSY_TIMEOUT_S,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error:
        return None
    try:
        if write:
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            begin_writing(connection)
        else:
            connection.execute("BEGIN")
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        connection.close()
        return None
    except BaseException:
        connection.close()
        raise
    if version is None or version[0] != SQL_SCHEMA_VERSION:
        connection.close()
        return None
    return connection


def begin_writing(connection: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE: take the write lock, waiting up to BUSY_TIMEOUT_S for another process
    that holds it. Past WAIT_NOTICE_S of waiting, one line on stderr says why nothing happens;
    past the busy timeout, DatabaseProblem says what to do (a lock, not a broken database)."""
    first = min(WAIT_NOTICE_S, BUSY_TIMEOUT_S)
    try:
        if _begin_immediate(connection, wait_s=first):
            return
        if first < BUSY_TIMEOUT_S:
            say_waiting()
            if _begin_immediate(connection, wait_s=BUSY_TIMEOUT_S - first):
                return
    finally:
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    from kamctl.errors import DatabaseProblem
    from kamctl.i18n import _

    raise DatabaseProblem(
        _(
            "another kamctl process has been writing to the database for more than {seconds} s; "
            "nothing was changed, try again when it has finished"
        ).format(seconds=f"{BUSY_TIMEOUT_S:g}")
    )


def say_waiting() -> None:
    """Tell the person why nothing happens: another process's write holds what this one needs."""
    from kamctl.i18n import _
    from kamctl.render import messages

    messages.info(_("Waiting for another kamctl process to finish writing to the database…"))


def _begin_immediate(connection: sqlite3.Connection, *, wait_s: float) -> bool:
    """BEGIN IMMEDIATE with a busy timeout of `wait_s`; False if the write lock stayed taken."""
    connection.execute(f"PRAGMA busy_timeout = {int(wait_s * 1000)}")
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return False
        raise
    return True


@contextmanager
def committing(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The connection's transaction as one unit of work: commits at the end, rolls back on any
    exception (KeyboardInterrupt included), and closes the connection either way."""
    try:
        yield connection
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.rollback()
        raise
    else:
        connection.commit()
    finally:
        connection.close()


@dataclass
class SqliteReader:
    """Reads on a stdlib connection, one transaction (one snapshot) for every query."""

    connection: sqlite3.Connection

    def rows(self, sql: str, params: dict[str, Any]) -> list[tuple]:
        values = {
            key: value.isoformat() if isinstance(value, date) else value for key, value in params.items()
        }
        return self.connection.execute(sql, values).fetchall()


def error_summary(exc: BaseException) -> str:
    """The first line of a driver error, the part a person can act on."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__
