"""Opening a database (location, SQLite pragmas, schema version check, migration when it is behind),
transactions, and its upkeep: `db check`, `db backup`, emptiness for `db import`/`db demo`."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    Column,
    MetaData,
    PrimaryKeyConstraint,
    Select,
    String,
    Table,
    create_engine,
    delete,
    event,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.engine import Row as ResultRow
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlmodel import Session, SQLModel

from kamctl import clock
from kamctl.errors import DatabaseProblem, InvalidValue, KamctlError
from kamctl.i18n import N_, _, ngettext
from kamctl.paths import check_database_folder, default_db_path, without_password
from kamctl.store import models, search_index, team
from kamctl.store.direct import BUSY_TIMEOUT_S, WAIT_NOTICE_S, begin_writing, error_summary, say_waiting
from kamctl.store.schema_version import KNOWN_VERSIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = int(BUSY_TIMEOUT_S * 1000)
"""The busy timeout of kamctl.store.direct, as SQLite's pragma takes it."""

VERSION_TABLE = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    # The same shape and constraint name as the table Alembic creates itself.
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)

_PG_SCHEMA_LOCK = 0x6B616D63746C
"""Advisory lock key ("kamctl") that serialises schema creation and migration on PostgreSQL."""

_PG_LOCKS = {"schema": _PG_SCHEMA_LOCK, "settings": _PG_SCHEMA_LOCK + 1, "snoozes": _PG_SCHEMA_LOCK + 2,
             "score snapshots": _PG_SCHEMA_LOCK + 3, "account names": _PG_SCHEMA_LOCK + 4,
             "whole database": _PG_SCHEMA_LOCK + 5}  # fmt: skip
"""Advisory lock keys on PostgreSQL for what a row lock cannot cover: rows that may not exist yet."""

_WRITE = "kamctl_write"
"""The key of a session's `info` that says it is a write transaction (rows read are read for change)."""

_BOUND_LOGIN = "kamctl_bound_login"
"""The key of a session's `info` holding the login row-level security binds (None: no one bound)."""

_SAID_WAITING = "kamctl_said_waiting"
"""The key of a session's `info` that says this transaction has told the person it waits for a lock."""


def resolve_url(db: str | None) -> str:
    """Turn `--db`/`KAMCTL_DB` (a path or an SQLAlchemy URL) into a URL; None → the default file."""
    if not db:
        return f"sqlite:///{default_db_path()}"
    if "://" in db:
        try:
            make_url(db)
        except (ArgumentError, ValueError):  # ValueError: a port that is not a number
            raise DatabaseProblem(
                _(
                    "cannot read database URL {url}; give an SQLAlchemy URL such as "
                    "postgresql+psycopg://USER@HOST:5432/DATABASE"
                ).format(url=repr(without_password(db)))
            ) from None
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _prepare_sqlite_file(path: Path) -> None:
    """Create the file (0600) ourselves, so SQLite never makes it world-readable; and the folder
    (0700) of the default location only: a named one must exist (`paths.check_database_folder`)."""
    if path.exists():
        return
    check_database_folder(path, named=str(path))
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
        dbapi_connection.create_function(
            search_index.CONTAINS_FUNCTION, 2, search_index.contains_folded, deterministic=True
        )

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A writer takes the write lock up front (BEGIN IMMEDIATE): two processes that both
        # read and then write would otherwise deadlock, and the loser would fail at once
        # instead of waiting out the busy timeout.
        if connection.get_execution_options().get("kamctl_write", True):
            begin_writing(connection.connection.dbapi_connection)
        else:
            connection.exec_driver_sql("BEGIN DEFERRED")


@dataclass
class Store:
    """An open, schema-checked database."""

    url: str = field(repr=False)  # it may hold a password: never in a repr, a log or a traceback
    engine: Engine
    migrated_from: str | None = None
    """The schema version this database had before `open_store` migrated it (None: no migration)."""
    migration_backup: Path | None = None
    """The copy of the SQLite file written before that migration."""
    session_user: str | None = None
    """PostgreSQL's `session_user` when it has been asked (with the schema version, on opening)."""

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    def login(self) -> str | None:
        """Who the database says this is: PostgreSQL's `session_user` (SPEC §10: "me" on a shared
        database is the login, not what the client claims); None on SQLite."""
        if self.is_sqlite:
            return None
        if self.session_user is None:
            with self.connection(write=False) as connection:
                self.session_user = connection.execute(text("SELECT session_user")).scalar_one()
        return self.session_user

    @contextmanager
    def connection(self, write: bool = True, *, snapshot: bool = False) -> Iterator[Connection]:
        """A Core connection inside one transaction: commits at the end, rolls back on any exception.

        `write=False` starts an SQLite transaction without taking the write lock. `snapshot=True`
        makes every statement see the same moment on PostgreSQL too (REPEATABLE READ; an SQLite
        transaction already reads one snapshot).
        """
        with self.engine.connect() as connection:
            options: dict[str, object] = {"kamctl_write": write}
            if snapshot and not self.is_sqlite:
                options["isolation_level"] = "REPEATABLE READ"
            connection.execution_options(**options)
            with connection.begin():
                yield connection

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Session]:
        """One all-or-nothing unit of work: commits at the end, rolls back on any exception.

        Objects stay readable after the block (no expiry on commit), as detached instances.

        In a write transaction no other kamctl process can change what this one has read for
        change (`all_for_change`, `get_for_change`, `lock_for_change`) until it ends: on SQLite the
        write lock is taken before the first read (BEGIN IMMEDIATE); on PostgreSQL the rows read
        are locked (SELECT … FOR UPDATE) and waiting writers then see them as committed.
        """
        with (
            self.connection(write) as connection,
            Session(bind=connection, expire_on_commit=False, info={_WRITE: write}) as session,
        ):
            yield session
            session.flush()

    def dispose(self) -> None:
        self.engine.dispose()


Model = TypeVar("Model")
Row = TypeVar("Row")


def reads_for_change(session: Session) -> bool:
    """Whether this session is a write transaction, whose reads are the first half of a change."""
    return bool(session.info.get(_WRITE))


def all_for_change(query: Select[Any], *, session: Session, of: Any = None) -> list[Any]:
    """The rows of `query`; in a write transaction they are locked (only those of `of`, if given)
    until it ends (PostgreSQL's FOR UPDATE, which SQLite does not need: see Store.transaction)
    and read afresh. A row the login sees but may not change (a team's database) is Refused."""
    if not reads_for_change(session):
        return list(session.exec(query).all())
    login = bound_login(session)
    if login is not None:
        visible = list(session.exec(query).all())
        if visible and not login.writes:
            raise _refusal(visible[0], login, session=session)
    locking = query.with_for_update(of=of).execution_options(populate_existing=True)
    found = _waiting_said(lambda: list(session.exec(locking).all()), session=session)
    if login is not None and len(found) < len(visible):
        raise _refusal(next(row for row in visible if row not in found), login, session=session)
    return found


def get_for_change(model: type[Model], key: object, *, session: Session) -> Model | None:
    """`session.get`, locking the row in a write transaction as `all_for_change` does (and
    refusing a row the login sees but may not change)."""
    locked = reads_for_change(session)
    login = bound_login(session)
    if login is not None:
        visible = session.get(model, key)
        if visible is None:
            return None
        if not login.writes:
            raise _refusal(visible, login, session=session)
    found = _waiting_said(
        lambda: session.get(model, key, with_for_update=locked, populate_existing=locked), session=session
    )
    if found is None and login is not None:
        raise _refusal(visible, login, session=session)
    return found


def bound_login(session: Session) -> team.LoginRights | None:
    """In a write transaction on a team's PostgreSQL database: the login, when row-level security
    decides what it may change (not the tables' owner nor a manager). Asked once per transaction.

    PostgreSQL applies the UPDATE policies to a locking read: a row the login may not change is
    left out of it, or the read is refused outright for a viewer. Seen, but not read for change,
    is a refusal, worded here rather than found later as a missing row or a driver error.
    """
    if not reads_for_change(session) or session.get_bind().dialect.name != "postgresql":
        return None
    if _BOUND_LOGIN not in session.info:
        rights = team.login_rights(session.connection())
        session.info[_BOUND_LOGIN] = rights if rights is not None and not rights.manages else None
    return session.info[_BOUND_LOGIN]


def check_writes(session: Session) -> None:
    """Refused for a viewer of a team's database: for changes that read nothing for change first."""
    login = bound_login(session)
    if login is not None and not login.writes:
        raise team.refused_to_manager(login.login, N_("change anything"), N_("a viewer only reads"))


def check_manages(session: Session, what: str, why: str) -> None:
    """Refused unless the login may make team-wide changes (owner or manager; anyone off a team)."""
    login = bound_login(session)
    if login is not None:
        raise team.refused_to_manager(login.login, what, why)


def _refusal(row: Any, login: team.LoginRights, *, session: Session) -> KamctlError:
    thing = row[0] if isinstance(row, ResultRow) else row
    if isinstance(thing, models.Account):
        return team.refused(login.login, thing)
    account_id = getattr(thing, "account_id", None)
    return team.refused(login.login, session.get(models.Account, account_id) if account_id else None)


def lock_for_change(what: str, *, session: Session) -> None:
    """In a write transaction: wait until no other kamctl process is changing `what` (a key of
    _PG_LOCKS), for changes a row lock cannot guard, such as inserting a row that may already be
    there. PostgreSQL takes an advisory lock until the transaction ends; SQLite already holds
    its write lock."""
    if reads_for_change(session):
        connection = session.connection()
        _waiting_said(lambda: lock_connection_for_change(what, connection=connection), session=session)


def lock_connection_for_change(what: str, *, connection: Connection) -> None:
    """`lock_for_change` for writers that work on a Connection (the bulk imports, schema creation),
    always inside their write transaction: an advisory lock on PostgreSQL until it ends."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCKS[what]})


def _waiting_said(read: Callable[[], Row], *, session: Session) -> Row:
    """Run `read`, a locking read; on PostgreSQL, where such a read waits for as long as another
    transaction holds the lock, say so once per transaction after WAIT_NOTICE_S of waiting. (On
    SQLite the wait happens when the transaction begins: `direct.begin_writing`.)"""
    if session.get_bind().dialect.name != "postgresql" or not reads_for_change(session):
        return read()
    timer = threading.Timer(WAIT_NOTICE_S, _say_waiting_once, args=(session,))
    timer.daemon = True
    timer.start()
    try:
        return read()
    finally:
        timer.cancel()


def _say_waiting_once(session: Session) -> None:
    if not session.info.get(_SAID_WAITING):
        session.info[_SAID_WAITING] = True
        say_waiting()


def create_store_engine(url: str) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _install_sqlite_hooks(engine)
        return engine
    models.use_postgresql_options()
    return create_engine(url)


def open_store(url: str) -> Store:
    """Open (creating if needed) the database at `url` and bring its schema to SCHEMA_VERSION."""
    engine: Engine | None = None
    try:
        path = sqlite_path(url)
        if path is not None:
            _prepare_sqlite_file(path)
        engine = create_store_engine(url)
        store = Store(url=url, engine=engine)
        _ensure_schema(store)
    except KamctlError:
        _dispose(engine)
        raise
    except (DBAPIError, sqlite3.Error) as exc:
        _dispose(engine)
        raise DatabaseProblem(
            _("cannot open database {name}: {reason}").format(
                name=display_name(url), reason=error_summary(exc)
            )
        ) from None
    except OSError as exc:
        _dispose(engine)
        raise DatabaseProblem(
            _("cannot create database {name}: {reason}").format(
                name=display_name(url), reason=exc.strerror or exc
            )
        ) from None
    except ModuleNotFoundError as exc:
        _dispose(engine)
        raise DatabaseProblem(
            _("no driver for {name}: {module} is not installed").format(
                name=display_name(url), module=exc.name
            )
        ) from None
    except ArgumentError as exc:  # includes NoSuchModuleError: an unknown dialect or driver
        _dispose(engine)
        raise DatabaseProblem(
            _("cannot use database URL {name}: {reason}").format(name=display_name(url), reason=exc)
        ) from None
    return store


def current_version(store: Store) -> str | None:
    """The schema revision recorded in the database; None for a database with no kamctl tables.

    This is the whole cost of opening a current database: one SELECT, which on PostgreSQL also
    asks who the login is (`Store.login`).
    """
    query = "SELECT version_num FROM alembic_version"
    if not store.is_sqlite:
        query = f"SELECT ({query}), session_user"
    try:
        with store.connection(write=False) as connection:
            row = connection.execute(text(query)).first()
    except DBAPIError as exc:
        if _is_missing_table(exc):
            return None
        raise
    if row is not None and not store.is_sqlite:
        store.session_user = row[1]
    return row[0] if row else None


def _is_missing_table(exc: DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) == "42P01" or "no such table" in str(exc.orig)


def _ensure_schema(store: Store) -> None:
    version = current_version(store)
    if version == SCHEMA_VERSION:
        return
    if version is None:
        version = _create_schema_if_blank(store)
        if version == SCHEMA_VERSION:
            return
    check_known_version(version, store.url)
    if not store.is_sqlite:
        check_may_migrate(store, version)
    store.migration_backup = upgrade(store, from_version=version)
    store.migrated_from = version


def check_may_migrate(store: Store, version: str) -> None:
    """On PostgreSQL only the tables' owner (or a superuser) changes the schema (SPEC §10): anyone
    else's kamctl says who must, instead of trying and failing half-way with a grant error."""
    with store.connection(write=False) as connection:
        owner, may = connection.execute(
            text(
                "SELECT pg_get_userbyid(relowner), pg_has_role(session_user, relowner, 'MEMBER') "
                "FROM pg_class WHERE oid = 'alembic_version'::regclass"
            )
        ).one()
    if not may:
        raise DatabaseProblem(
            _(
                "the database's schema is behind this kamctl ({version} < {known}); ask the "
                "database owner ({owner}) to run `kamctl db migrate`"
            ).format(version=version, known=SCHEMA_VERSION, owner=owner)
        )


def check_known_version(version: str, url: str) -> None:
    """Refuse a database written by a newer kamctl (or by something that is not kamctl)."""
    if version not in KNOWN_VERSIONS:
        raise DatabaseProblem(
            _(
                "{name} has schema version {version}, newer than this kamctl understands "
                "({known}); upgrade kamctl (pip install -U kamctl)"
            ).format(name=display_name(url), version=version, known=SCHEMA_VERSION)
        )


def lock_schema(connection: Connection) -> None:
    """Inside a write transaction: make other kamctl processes wait before they change the schema.

    SQLite's BEGIN IMMEDIATE already holds the write lock; PostgreSQL needs an advisory lock.
    """
    lock_connection_for_change("schema", connection=connection)


def version_in_transaction(connection: Connection) -> str | None:
    """Like `current_version`, on a connection already in a transaction (no failing SELECT)."""
    if not inspect(connection).has_table(VERSION_TABLE.name):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _create_schema_if_blank(store: Store) -> str:
    """A new database gets the current tables at once and is stamped with SCHEMA_VERSION.

    This avoids importing Alembic on first use; a test checks that replaying every migration
    from blank gives exactly this schema. The check and the creation share one write
    transaction, so two processes opening a new database at the same time cannot both create
    it. Returns the version the database has afterwards.
    """
    with store.connection(write=True) as connection:
        lock_schema(connection)
        version = version_in_transaction(connection)
        if version is not None:
            return version  # another process created (or stamped) it meanwhile
        if inspect(connection).get_table_names():
            raise DatabaseProblem(
                _(
                    "{name} is not a kamctl database (it has tables but no kamctl "
                    "schema version); choose another file with --db"
                ).format(name=display_name(store.url))
            )
        SQLModel.metadata.create_all(connection, tables=[t.__table__ for t in models.SCHEMA_TABLES])
        connection.execute(models.DatabaseIdentity.__table__.insert().values(id=models.new_database_id()))
        if connection.dialect.name == "sqlite":
            for statement in search_index.LOG_SEARCH_SQLITE_DDL:
                connection.exec_driver_sql(statement)
        VERSION_TABLE.create(connection)
        connection.execute(VERSION_TABLE.insert().values(version_num=SCHEMA_VERSION))
    return SCHEMA_VERSION


def backup_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API), mode 0600.

    The copy is a single self-contained file (rollback journal, no -wal to carry along). It is
    filled through `kamctl.io.files.output_path`: never half written, a symlink written through,
    a device or FIFO written in place, the old file intact if anything fails.
    """
    from kamctl.io.files import output_path, output_target

    if not source.is_file():
        raise DatabaseProblem(_("cannot back up {file}: no such file").format(file=source))
    placed = output_target(target)
    with output_path(target, private=True) as partial:
        try:
            with (
                contextlib.closing(sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)) as src,
                contextlib.closing(sqlite3.connect(partial)) as dst,
            ):
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error as exc:
            # Said as any failed write is (the file named, the old one kept), not as SQLite's own.
            raise OSError(errno.EIO, str(exc)) from exc
        if placed.path is not None and not placed.in_place:
            # An older database's journal or WAL beside the target would be read with the copy.
            for stale in (Path(f"{placed.path}{suffix}") for suffix in ("-wal", "-shm", "-journal")):
                if stale.is_file():
                    stale.unlink()


def upgrade(store: Store, *, from_version: str) -> Path | None:
    """Back up an SQLite file, then upgrade it to the last revision in one transaction; returns
    the backup's path.

    All or nothing: if any step fails, the transaction rolls back, the database keeps its old
    version and the error names the copy.

    Returns None when there was nothing to do (another process migrated it meanwhile).
    """
    with store.engine.connect() as connection:
        if store.is_sqlite:
            # SQLite changes a table by copying it and dropping the original; with foreign keys
            # on, that DROP would cascade-delete every child row. The pragma only takes effect
            # outside a transaction, so it is switched off first, checked with
            # foreign_key_check before commit, and the connection is discarded afterwards.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        try:
            return _upgrade_in_one_transaction(store, connection, from_version)
        finally:
            if store.is_sqlite:
                connection.invalidate()


def _upgrade_in_one_transaction(store: Store, connection: Connection, from_version: str) -> Path | None:
    from kamctl.store.migrate import head_revision, upgrade_on

    backup: Path | None = None
    connection.execution_options(kamctl_write=True)
    with connection.begin():
        lock_schema(connection)
        version = version_in_transaction(connection) or from_version
        if version == head_revision():
            return None
        check_known_version(version, store.url)
        if store.path is not None:
            backup = backup_path_for(store.path, version)
            try:
                backup_sqlite(store.path, backup)
            except (KamctlError, OSError, sqlite3.Error) as exc:
                raise DatabaseProblem(
                    _(
                        "cannot migrate {file}: writing the backup copy {backup} failed ({reason}); "
                        "nothing was changed"
                    ).format(file=store.path, backup=backup, reason=exc)
                ) from exc
        try:
            upgrade_on(connection)
            if store.is_sqlite:
                _check_foreign_keys(connection)
            elif team.login_rights(connection) is not None:
                # A team's rules cover the tables as they are now: a migration's new tables and
                # columns get them in the same transaction (only the owner gets this far).
                team.set_up_team(connection)
        except Exception as exc:
            if backup:
                message = _(
                    "migrating the database from schema version {version} failed ({reason}); "
                    "the database was left unchanged at version {version}; "
                    "a copy made before the migration is at {backup}"
                )
            else:
                message = _(
                    "migrating the database from schema version {version} failed ({reason}); "
                    "the database was left unchanged at version {version}"
                )
            raise DatabaseProblem(
                message.format(version=version, reason=error_summary(exc), backup=backup)
            ) from exc
    return backup


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _fk = broken[0]
        raise RuntimeError(
            f"{len(broken)} rows would point at missing rows (first: {table} row {rowid} → {parent})"
        )


def check_database(store: Store) -> list[str]:
    """Everything wrong with the database, one readable line each; an empty list means healthy.

    SQLite: `PRAGMA integrity_check` and `PRAGMA foreign_key_check`. PostgreSQL checks its own
    pages and constraints, so there the check is that the server answers. Both: the recorded
    schema version equals SCHEMA_VERSION and every kamctl table is present.
    """
    problems: list[str] = []
    version = current_version(store)
    if version != SCHEMA_VERSION:
        problems.append(
            _("schema version is {version}, this kamctl expects {known} (run kamctl db migrate)").format(
                version=version or _("missing"), known=SCHEMA_VERSION
            )
        )
    with store.connection(write=False) as connection:
        present = set(inspect(connection).get_table_names())
        missing = [t.__tablename__ for t in models.SCHEMA_TABLES if t.__tablename__ not in present]
        if missing:
            problems.append(_("missing tables: {tables}").format(tables=", ".join(missing)))
        if store.is_sqlite:
            for (message,) in connection.exec_driver_sql("PRAGMA integrity_check"):
                if message != "ok":
                    problems.append(_("integrity: {message}").format(message=message))
            dangling: Counter[tuple[str, str]] = Counter()
            for table, _rowid, parent, _fk in connection.exec_driver_sql("PRAGMA foreign_key_check"):
                dangling[(table, parent)] += 1
            for (table, parent), count in sorted(dangling.items()):
                problems.append(
                    ngettext(
                        "{count} {table} row refers to a missing {parent}",
                        "{count} {table} rows refer to a missing {parent}",
                        count,
                    ).format(count=count, table=table, parent=parent)
                )
        else:
            connection.execute(text("SELECT 1"))
    return problems


def database_id(connection: Connection) -> str:
    """This database's own random id (made when it was created or migrated to 0004), which
    every exported UID carries."""
    return connection.execute(select(models.DatabaseIdentity.id)).scalar_one()


def has_rows(connection: Connection) -> bool:
    """Whether any kamctl table holds a row (inside a transaction the caller already has)."""
    return any(
        connection.execute(select(1).select_from(model.__table__).limit(1)).first()
        for model in models.ALL_TABLES
    )


def is_empty(store: Store) -> bool:
    """No rows in any table (a new database): `db import` and `db demo` only fill empty ones."""
    with store.connection(write=False) as connection:
        return not has_rows(connection)


def clear_database(*, session: Session) -> None:
    """Delete every row of every table (children first); the schema and its version stay."""
    for model in reversed(models.ALL_TABLES):
        session.execute(delete(model.__table__))


def default_backup_path(store: Store) -> Path:
    """`db backup` without FILE: next to the database, named by the time of the copy."""
    path = _sqlite_file(store)
    stamp = clock.utcnow().strftime("%Y%m%dT%H%M%S")
    return path.with_name(f"{path.stem}-{stamp}.backup{path.suffix or '.db'}")


def backup_database(store: Store, target: Path | None = None) -> Path:
    """`db backup`: a consistent online copy of the SQLite database (mode 0600); returns its path.

    Safe while other kamctl processes write (SQLite's backup API). No target gets the default
    file name next to the database; an existing file is replaced (SPEC §2 Files). PostgreSQL
    has its own tools (pg_dump) and kamctl's `db export`.
    """
    source = _sqlite_file(store)
    if target is None:
        target = default_backup_path(store)
    target = Path(target).expanduser()
    if target.exists() and target.resolve() == source.resolve():
        raise InvalidValue(
            _("the backup must go to another file than the database itself ({file})").format(file=source)
        )
    backup_sqlite(source, target)
    return target


def _sqlite_file(store: Store) -> Path:
    if not store.is_sqlite:
        raise InvalidValue(
            _("db backup copies SQLite files; for PostgreSQL use pg_dump, or kamctl db export FILE.json")
        )
    if store.path is None:
        raise InvalidValue(_("an in-memory database cannot be backed up; use kamctl db export FILE.json"))
    return store.path


def backup_path_for(path: Path, version: str) -> Path:
    """Where the copy made before migrating `path` from `version` goes: next to it, never over another."""
    stamp = clock.utcnow().strftime("%Y%m%dT%H%M%S")
    candidate = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    counter = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.v{version}-{stamp}-{counter}.bak")
        counter += 1
    return candidate


def _dispose(engine: Engine | None) -> None:
    if engine is not None:
        engine.dispose()


def display_name(url: str) -> str:
    """The database as shown to people: the file path, or the URL without its password."""
    try:
        path = sqlite_path(url)
        return str(path) if path else make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _("the database")
