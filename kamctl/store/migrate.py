"""Schema migrations with Alembic: imported only when a database is behind (or by `db migrate`).

A migration is all or nothing: the SQLite file is copied first (next to it), then every step
runs in one transaction on one connection. If any step fails, the transaction rolls back, the
database keeps its old version and the error names the copy.

New revision (developers): `python -m kamctl.store.migrate revision "add cadence to contacts"`
writes `versions/NNNN_add_cadence_to_contacts.py` from the difference between the models and
a database at head; keep one small change per revision and add its id to schema_version.KNOWN_VERSIONS.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from kamctl.errors import DatabaseProblem, KamctlError
from kamctl.store.engine import (
    Store,
    backup_path_for,
    backup_sqlite,
    check_known_version,
    create_store_engine,
    error_summary,
    lock_schema,
    version_in_transaction,
)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code (kamctl ships no alembic.ini)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def revisions() -> list[str]:
    """Every revision id in the migrations folder, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [step.revision for step in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise DatabaseProblem(f"kamctl's migrations have {len(heads)} heads; this is a packaging bug")
    return heads[0]


def upgrade(store: Store, *, from_version: str, target: str = "head") -> Path | None:
    """Back up an SQLite file, then upgrade it in one transaction; returns the backup's path.

    Returns None when there was nothing to do (another process migrated it meanwhile).
    """
    target_revision = head_revision() if target == "head" else target
    with store.engine.connect() as connection:
        if store.is_sqlite:
            # SQLite changes a table by copying it and dropping the original; with foreign keys
            # on, that DROP would cascade-delete every child row. The pragma only takes effect
            # outside a transaction, so it is switched off first, checked with
            # foreign_key_check before commit, and the connection is discarded afterwards.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        try:
            return _upgrade_in_one_transaction(store, connection, from_version, target, target_revision)
        finally:
            if store.is_sqlite:
                connection.invalidate()


def _upgrade_in_one_transaction(
    store: Store, connection: Connection, from_version: str, target: str, target_revision: str
) -> Path | None:
    backup: Path | None = None
    connection.execution_options(kamctl_write=True)
    with connection.begin():
        lock_schema(connection)
        version = version_in_transaction(connection) or from_version
        if version == target_revision:
            return None
        check_known_version(version, store.url)
        if store.path is not None:
            backup = backup_path_for(store.path, version)
            try:
                backup_sqlite(store.path, backup)
            except (KamctlError, OSError, sqlite3.Error) as exc:
                raise DatabaseProblem(
                    f"cannot migrate {store.path}: writing the backup copy {backup} failed ({exc}); "
                    "nothing was changed"
                ) from exc
        try:
            command.upgrade(alembic_config(connection), target)
            if store.is_sqlite:
                _check_foreign_keys(connection)
        except Exception as exc:
            where = f"; a copy made before the migration is at {backup}" if backup else ""
            raise DatabaseProblem(
                f"migrating the database from schema version {version} failed ({error_summary(exc)}); "
                f"the database was left unchanged at version {version}{where}"
            ) from exc
    return backup


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise RuntimeError(
            f"{len(broken)} rows would point at missing rows (first: {table} row {rowid} → {parent})"
        )


def new_revision(message: str) -> Path:
    """Write the next revision file from the difference between the models and a database at head.

    The database at head is built by replaying every revision on a blank SQLite file (not by
    creating the models' tables, which would already contain the change).
    """
    existing = revisions()
    rev_id = f"{int(existing[-1]) + 1:04d}" if existing else "0001"
    with tempfile.TemporaryDirectory() as folder:
        engine = create_store_engine(f"sqlite:///{Path(folder) / 'head.db'}")
        try:
            with engine.connect() as connection, connection.begin():
                config = alembic_config(connection)
                command.upgrade(config, "head")
                script = command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
        finally:
            engine.dispose()
    return Path(script.path)  # type: ignore[union-attr]


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "revision":
        sys.exit('usage: python -m kamctl.store.migrate revision "what changes"')
    print(new_revision(sys.argv[2]))
