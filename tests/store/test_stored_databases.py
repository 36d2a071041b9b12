"""SPEC §9: migrations from every earlier schema version keep every row.

Every file in tests/fixtures/dbs/ is a database written by a released kamctl (see
make_fixture.py there); adding a schema version adds a file, and this test covers it.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from kamctl.store import models
from kamctl.store.engine import check_database, current_version, open_store
from kamctl.store.schema_version import SCHEMA_VERSION
from kamctl.store.search_index import LOG_SEARCH_TABLE

STORED = sorted((Path(__file__).parents[1] / "fixtures" / "dbs").glob("v*.sqlite"))


def test_there_is_a_stored_database_of_the_current_schema_version():
    assert f"v{SCHEMA_VERSION}.sqlite" in {path.name for path in STORED}


def _rows(connection, table: str) -> list[tuple]:
    return sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)


@pytest.mark.parametrize("stored", STORED, ids=[path.stem for path in STORED])
def test_a_stored_database_opens_with_every_row_kept(stored: Path, tmp_path: Path):
    copy = tmp_path / stored.name
    shutil.copyfile(stored, copy)
    with sqlite3.connect(copy) as before:
        old_version = before.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        # Every table but the full-text index itself, which cannot be scanned (its shadow tables
        # hold what it stores).
        tables = [
            name
            for (name,) in before.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name != LOG_SEARCH_TABLE
        ]
        counts = {table: before.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}
        same_version_rows = {table: _rows(before, table) for table in tables}

    store = open_store(f"sqlite:///{copy}")
    try:
        assert current_version(store) == SCHEMA_VERSION
        assert check_database(store) == []
        with store.connection(write=False) as connection:
            for model in models.ALL_TABLES:
                table = model.__tablename__
                if table in counts:
                    assert counts[table] > 0, f"{stored.name}: fill {table} in make_fixture.py"
                    count = connection.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()
                    assert count == counts[table], table
        if old_version == SCHEMA_VERSION:
            assert store.migrated_from is None
            with sqlite3.connect(copy) as after:
                for table in tables:
                    assert _rows(after, table) == same_version_rows[table], table
        else:
            assert store.migrated_from == old_version
            assert store.migration_backup is not None and store.migration_backup.is_file()
    finally:
        store.dispose()


@pytest.mark.parametrize("stored", STORED, ids=[path.stem for path in STORED])
def test_every_database_gets_an_id_of_its_own(stored: Path, tmp_path: Path):
    """Exported UIDs carry the database id: a migrated database gets one, and no two share it."""
    from kamctl.store.engine import database_id

    ids = set()
    for number in (1, 2):
        copy = tmp_path / f"{number}-{stored.name}"
        shutil.copyfile(stored, copy)
        store = open_store(f"sqlite:///{copy}")
        try:
            with store.connection(write=False) as connection:
                ids.add(database_id(connection))
                assert connection.execute(text("SELECT COUNT(*) FROM database_identity")).scalar_one() == 1
        finally:
            store.dispose()
    assert len(ids) == 2 or stored.name == f"v{SCHEMA_VERSION}.sqlite"
