"""Opening a database: location, SQLite pragmas, schema version check, and transactions."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError
from sqlmodel import Session, SQLModel

from kamctl import clock
from kamctl.errors import DatabaseProblem
from kamctl.paths import default_db_path
from kamctl.store import models
from kamctl.store.models import SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000
"""How long a kamctl process waits for another one's write (SPEC §2: at least 5 s)."""

KNOWN_VERSIONS = ("0001",)
"""Every schema revision ever released, oldest first; the last one is SCHEMA_VERSION."""


def resolve_url(db: str | None) -> str:
    """Turn `--db`/`KAMCTL_DB` (a path or an SQLAlchemy URL) into a URL; None → the default file."""
    if not db:
        return f"sqlite:///{default_db_path()}"
    if "://" in db:
        try:
            make_url(db)
        except ArgumentError:
            raise DatabaseProblem(f"cannot read database URL {db!r}") from None
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _prepare_sqlite_file(path: Path) -> None:
    """Create the folder (0700) and file (0600) ourselves, so SQLite never makes them world-readable."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
        # The driver's own implicit transactions are switched off so that the "begin" hook
        # below decides how each transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A writer takes the write lock up front (BEGIN IMMEDIATE): two processes that both
        # read and then write would otherwise deadlock, and the loser would fail at once
        # instead of waiting out the busy timeout.
        mode = "IMMEDIATE" if connection.info.get("kamctl_write", True) else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")


@dataclass
class Store:
    """An open, schema-checked database."""

    url: str
    engine: Engine

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Session]:
        """One all-or-nothing unit of work: commits at the end, rolls back on any exception."""
        with self.engine.connect() as connection:
            connection.info["kamctl_write"] = write
            with connection.begin(), Session(bind=connection) as session:
                yield session
                session.flush()

    def dispose(self) -> None:
        self.engine.dispose()


def create_store_engine(url: str) -> Engine:
    if sqlite_path(url) is not None or url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _install_sqlite_hooks(engine)
        return engine
    return create_engine(url, pool_pre_ping=False)


def open_store(url: str) -> Store:
    """Open (creating if needed) the database at `url` and bring its schema to SCHEMA_VERSION."""
    path = sqlite_path(url)
    if path is not None:
        _prepare_sqlite_file(path)
    try:
        engine = create_store_engine(url)
        store = Store(url=url, engine=engine)
        _ensure_schema(store)
    except OperationalError as exc:
        raise DatabaseProblem(f"cannot open database {_display(url)}: {_reason(exc)}") from None
    except ModuleNotFoundError as exc:
        raise DatabaseProblem(f"no driver for {_display(url)}: {exc.name} is not installed") from None
    return store


def current_version(store: Store) -> str | None:
    """The schema revision recorded in the database; None for a database with no kamctl tables."""
    with store.engine.connect() as connection:
        connection.info["kamctl_write"] = False
        try:
            with connection.begin():
                row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        except (OperationalError, ProgrammingError):
            return None
    return row[0] if row else None


def _ensure_schema(store: Store) -> None:
    version = current_version(store)
    if version == SCHEMA_VERSION:
        return
    if version is None:
        if _has_tables(store):
            raise DatabaseProblem(
                f"{_display(store.url)} is not a kamctl database (it has tables but no kamctl schema version)"
            )
        _create_schema(store)
        return
    if version not in KNOWN_VERSIONS:
        raise DatabaseProblem(
            f"the database has schema version {version}, newer than this kamctl understands "
            f"({SCHEMA_VERSION}); upgrade kamctl (pip install -U kamctl)"
        )
    from kamctl.store.migrate import upgrade

    upgrade(store, from_version=version)


def _has_tables(store: Store) -> bool:
    from sqlalchemy import inspect

    with store.engine.connect() as connection:
        return bool(inspect(connection).get_table_names())


def _create_schema(store: Store) -> None:
    """A new database gets the current tables at once and is stamped with SCHEMA_VERSION.

    This avoids importing Alembic on first use; a test checks that replaying every migration
    from blank gives exactly this schema.
    """
    with store.transaction() as session:
        connection = session.connection()
        SQLModel.metadata.create_all(connection, tables=[t.__table__ for t in models.ALL_TABLES])
        connection.execute(
            text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        )
        connection.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": SCHEMA_VERSION})


def backup_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API), mode 0600."""
    _prepare_sqlite_file(target)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


def backup_path_for(path: Path, version: str) -> Path:
    stamp = clock.utcnow().strftime("%Y%m%dT%H%M%S")
    return path.with_name(f"{path.name}.v{version}-{stamp}.bak")


def _display(url: str) -> str:
    path = sqlite_path(url)
    return str(path) if path else make_url(url).render_as_string(hide_password=True)


def _reason(exc: OperationalError) -> str:
    return str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]
