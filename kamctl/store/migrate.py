"""Schema migrations with Alembic: imported only when a database is behind (or by `db migrate`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from kamctl.errors import DatabaseProblem
from kamctl.store.engine import Store, backup_path_for, backup_sqlite

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(store: Store | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if store is not None:
        config.attributes["store"] = store
    return config


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise DatabaseProblem(f"kamctl's migrations have {len(heads)} heads; this is a packaging bug")
    return heads[0]


def upgrade(store: Store, *, from_version: str, target: str = "head") -> Path | None:
    """Back up an SQLite file, then upgrade it in one transaction; returns the backup's path."""
    backup = None
    if store.path is not None:
        backup = backup_path_for(store.path, from_version)
        backup_sqlite(store.path, backup)
    try:
        command.upgrade(alembic_config(store), target)
    except Exception as exc:
        where = f"; your data is unchanged and a copy is at {backup}" if backup else ""
        raise DatabaseProblem(f"migrating the database from version {from_version} failed: {exc}{where}") from exc
    return backup
