"""SQLite specifics (SPEC §2, §9): pragmas, file modes, locking, backups, checks, lazy Alembic."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from kamctl.errors import DatabaseProblem, InvalidValue
from kamctl.store.engine import (
    backup_database,
    check_database,
    current_version,
    default_backup_path,
    open_store,
    resolve_url,
    sqlite_path,
)
from kamctl.store.schema_version import SCHEMA_VERSION


@pytest.fixture
def store(tmp_path: Path):
    opened = open_store(f"sqlite:///{tmp_path / 'kamctl.db'}")
    yield opened
    opened.dispose()


def _add_setting(store, key: str) -> None:
    with store.connection() as connection:
        connection.execute(text("INSERT INTO setting (key, value) VALUES (:k, '1')"), {"k": key})


def test_every_connection_has_wal_foreign_keys_and_a_busy_timeout_of_at_least_5_s(store):
    with store.connection(write=False) as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000


def test_a_write_transaction_takes_the_write_lock_at_once(store):
    """BEGIN IMMEDIATE: a second writer waits (here: fails at once with no timeout) instead of deadlocking."""
    other = sqlite3.connect(store.path, timeout=0, isolation_level=None)
    try:
        with store.transaction(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        with store.transaction(write=False):
            other.execute("BEGIN IMMEDIATE")  # a reader does not block writers
            other.execute("ROLLBACK")
    finally:
        other.close()


def test_a_new_default_database_file_is_private_and_so_is_its_new_folder(tmp_path: Path):
    path = tmp_path / "xdg_data_home" / "kamctl" / "kamctl.db"  # conftest's XDG_DATA_HOME
    assert not path.parent.exists()
    store = open_store(resolve_url(None))
    try:
        assert (path.stat().st_mode & 0o777) == 0o600
        assert (path.parent.stat().st_mode & 0o777) == 0o700
        assert store.path == path and sqlite_path(store.url) == path
    finally:
        store.dispose()


def test_a_named_database_in_a_missing_folder_is_refused_and_nothing_is_created(tmp_path: Path):
    path = tmp_path / "typo" / "dir" / "x.db"
    with pytest.raises(InvalidValue, match=f"^no folder {tmp_path / 'typo' / 'dir'} for the database "):
        open_store(resolve_url(str(path)))
    assert not (tmp_path / "typo").exists()


def test_a_file_that_is_not_a_database_is_refused_with_a_clear_error(tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is not SQLite\n" * 100)
    with pytest.raises(DatabaseProblem, match=r"cannot open database .*notes.txt: file is not a database"):
        open_store(f"sqlite:///{path}")


def test_a_non_kamctl_sqlite_file_with_tables_is_refused(tmp_path: Path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(DatabaseProblem, match=r"other.db is not a kamctl database"):
        open_store(f"sqlite:///{path}")


def test_an_unreachable_default_folder_is_a_database_problem_not_a_traceback(tmp_path: Path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "sub"))
    with pytest.raises(DatabaseProblem, match="cannot create database"):
        open_store(resolve_url(None))


def test_opening_the_database_does_not_import_alembic(tmp_path: Path):
    """Alembic is imported only when a database is behind: the current-schema path is one SELECT."""
    script = textwrap.dedent(
        f"""
        import sys
        import kamctl.store.engine as engine
        assert "alembic" not in sys.modules, "import"
        store = engine.open_store("sqlite:///{tmp_path / "fresh.db"}")   # created
        store.dispose()
        store = engine.open_store("sqlite:///{tmp_path / "fresh.db"}")   # current
        with store.transaction() as session:
            pass
        store.dispose()
        assert "alembic" not in sys.modules, "open"
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).parents[2])


WRITER = """
import sys
from datetime import datetime, timezone
from kamctl.store import models
from kamctl.store.engine import open_store

url, prefix = sys.argv[1], sys.argv[2]
store = open_store(url)
moment = datetime(2026, 11, 20, tzinfo=timezone.utc)
for number in range(200):
    with store.transaction() as session:
        name = f"{prefix}-{number}"
        # read, then write: the pattern that deadlocks without BEGIN IMMEDIATE
        session.get(models.Account, 1)
        session.add(models.Account(name=name, name_key=name, created_at=moment, updated_at=moment))
store.dispose()
"""


def test_two_processes_writing_at_the_same_time_both_succeed_and_lose_nothing(tmp_path: Path):
    """SPEC §9: concurrent kamctl processes lose nothing and fail nothing (here even creating the file)."""
    (tmp_path / "shared").mkdir()
    url = f"sqlite:///{tmp_path / 'shared' / 'kamctl.db'}"
    root = Path(__file__).parents[2]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, prefix], cwd=root, stderr=subprocess.PIPE, text=True
        )
        for prefix in ("a", "b")
    ]
    for writer in writers:
        _, stderr = writer.communicate(timeout=120)
        assert writer.returncode == 0, stderr
    store = open_store(url)
    try:
        with store.connection(write=False) as connection:
            names = connection.execute(text("SELECT name FROM account")).scalars().all()
        assert len(names) == 400
        assert {name.split("-")[0] for name in names} == {"a", "b"}
    finally:
        store.dispose()


def test_backup_is_a_consistent_private_copy(store, tmp_path: Path):
    _add_setting(store, "cadence.key")
    (tmp_path / "copies").mkdir()
    target = backup_database(store, tmp_path / "copies" / "copy.db")
    assert target == tmp_path / "copies" / "copy.db"
    assert (target.stat().st_mode & 0o777) == 0o600
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT key FROM setting").fetchall() == [("cadence.key",)]
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(SCHEMA_VERSION,)]
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
    assert not list(target.parent.glob(".*partial"))


def test_backup_overwrites_an_existing_file_completely(store, tmp_path: Path):
    _add_setting(store, "a")
    target = tmp_path / "copy.db"
    target.write_bytes(b"old junk" * 1000)
    backup_database(store, target)
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT key FROM setting").fetchall() == [("a",)]


def test_backup_without_a_target_goes_next_to_the_database(store):
    target = backup_database(store)
    assert target.parent == store.path.parent and target == default_backup_path(store)
    assert target.name == "kamctl-20261120T000000.backup.db"  # KAMCTL_NOW, in UTC
    assert target.is_file()


def test_backup_into_a_folder_or_a_missing_folder_is_refused(store, tmp_path: Path):
    with pytest.raises(InvalidValue, match=f"^{tmp_path} is a folder: give the name of the file to write$"):
        backup_database(store, tmp_path)
    with pytest.raises(InvalidValue, match=f"^no folder {tmp_path / 'copies'} to write "):
        backup_database(store, tmp_path / "copies" / "copy.db")
    assert not (tmp_path / "copies").exists()


def test_backup_onto_the_database_itself_is_refused(store):
    with pytest.raises(InvalidValue, match="another file than the database itself"):
        backup_database(store, store.path)


def test_check_finds_rows_pointing_at_missing_rows(store):
    assert check_database(store) == []
    with sqlite3.connect(store.path) as raw:  # foreign keys are off in a plain connection
        raw.execute("INSERT INTO team_member (id, account_id, person, role) VALUES (1, 42, 'x', 'owner')")
        raw.execute("INSERT INTO team_member (id, account_id, person, role) VALUES (2, 43, 'y', 'owner')")
    assert check_database(store) == ["2 team_member rows refer to a missing account"]


def test_check_reports_a_wrong_schema_version(store):
    with store.connection() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    assert check_database(store) == [
        f"schema version is 0000, this kamctl expects {SCHEMA_VERSION} (run kamctl db migrate)"
    ]


def test_current_version_of_an_empty_file_is_none(tmp_path: Path):
    from kamctl.store.engine import Store, create_store_engine

    url = f"sqlite:///{tmp_path / 'empty.db'}"
    bare = Store(url=url, engine=create_store_engine(url))
    try:
        assert current_version(bare) is None
    finally:
        bare.dispose()


def test_a_path_that_cannot_be_opened_is_a_database_problem(tmp_path: Path):
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    with pytest.raises(
        DatabaseProblem, match=r"cannot open database .*a-folder.db: unable to open database file"
    ):
        open_store(f"sqlite:///{folder}")
