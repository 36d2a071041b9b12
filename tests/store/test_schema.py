"""Schema creation, versioning and migrations (SPEC §2 "Database and schema"), on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixtures.dbs.make_fixture import sample_tables
from sqlalchemy import inspect, text

from kamctl.errors import DatabaseProblem
from kamctl.store import engine as engine_module
from kamctl.store import migrate, models
from kamctl.store.engine import (
    check_database,
    clear_database,
    create_store_engine,
    current_version,
    is_empty,
    open_store,
)
from kamctl.store.schema_version import KNOWN_VERSIONS, SCHEMA_VERSION

pytestmark = pytest.mark.postgres

TABLES = {model.__tablename__ for model in models.ALL_TABLES}
COMPARE_OPTIONS = {
    "compare_type": True,
    # The full-text index is created by SQL, not by the models (see search_index.LOG_SEARCH_TABLE).
    "include_name": lambda name, type_, _parents: not (type_ == "table" and models.is_outside_models(name)),
}
NOW = "2026-11-20T00:00:00+00:00"


def _add_account(store, name: str) -> int:
    from datetime import datetime

    moment = datetime.fromisoformat(NOW)
    with store.transaction() as session:
        account = models.Account(name=name, name_key=name.casefold(), created_at=moment, updated_at=moment)
        session.add(account)
    return account.id


def _count(store, table: str) -> int:
    with store.connection(write=False) as connection:
        return connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()


def test_a_new_database_gets_every_table_and_is_stamped_with_the_schema_version(db_url):
    store = open_store(db_url)
    try:
        assert current_version(store) == SCHEMA_VERSION
        with store.connection(write=False) as connection:
            assert set(inspect(connection).get_table_names()) >= TABLES
        assert is_empty(store)
        assert check_database(store) == []
    finally:
        store.dispose()


def test_opening_a_current_database_again_changes_nothing(db_url, run):
    store = open_store(db_url)
    _add_account(store, "ACME")
    store.dispose()
    again = open_store(db_url)
    try:
        assert again.migrated_from is None and again.migration_backup is None
        assert _count(again, "account") == 1
        assert run("db", "migrate").stderr == (
            f"The database is at schema version {SCHEMA_VERSION}: nothing to migrate\n"
        )
    finally:
        again.dispose()


def test_replaying_every_migration_on_a_blank_database_gives_exactly_the_models(db_url):
    """STYLE: blank → head equals the models (and equals what open_store creates directly)."""
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    engine = create_store_engine(db_url)
    try:
        with engine.connect() as connection:
            with connection.begin():
                command.upgrade(migrate.alembic_config(connection), "head")
            assert (
                connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_VERSION
            )
            context = MigrationContext.configure(connection, opts=COMPARE_OPTIONS)
            assert compare_metadata(context, SQLModel.metadata) == []
            assert set(inspect(connection).get_table_names()) >= TABLES
            connection.rollback()
    finally:
        engine.dispose()


def test_the_directly_created_schema_equals_the_models(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    store = open_store(db_url)
    try:
        with store.connection(write=False) as connection:
            context = MigrationContext.configure(connection, opts=COMPARE_OPTIONS)
            assert compare_metadata(context, SQLModel.metadata) == []
    finally:
        store.dispose()


def test_the_migrations_have_exactly_one_head_and_it_is_the_schema_version():
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(migrate.alembic_config()).get_heads()
    assert heads == [SCHEMA_VERSION]
    assert migrate.revisions() == list(KNOWN_VERSIONS)
    files = sorted(path.name for path in (migrate.MIGRATIONS_DIR / "versions").glob("[0-9]*.py"))
    assert [name[:4] for name in files] == list(KNOWN_VERSIONS), "versions/ reads in order: 0001_…, 0002_…"


def test_a_database_of_a_newer_kamctl_is_refused(db_url):
    store = open_store(db_url)
    with store.connection() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    store.dispose()
    with pytest.raises(DatabaseProblem, match=r"schema version 9999, newer than this kamctl understands"):
        open_store(db_url)


@pytest.mark.new_database
def test_a_database_with_foreign_tables_is_refused_and_left_alone(db_url):
    engine = create_store_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total FLOAT)"))
    try:
        with pytest.raises(DatabaseProblem, match="is not a kamctl database"):
            open_store(db_url)
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == {"invoices"}
    finally:
        engine.dispose()


def test_a_transaction_rolls_back_everything_on_an_exception(db_url):
    store = open_store(db_url)
    try:
        with pytest.raises(RuntimeError), store.transaction() as session:
            session.add(models.Setting(key="cadence.key", value="7"))
            session.flush()
            raise RuntimeError("boom")
        assert _count(store, "setting") == 0
    finally:
        store.dispose()


def test_objects_stay_readable_after_their_transaction(db_url):
    from datetime import datetime

    store = open_store(db_url)
    try:
        moment = datetime.fromisoformat(NOW)
        with store.transaction() as session:
            account = models.Account(name="ACME", name_key="acme", created_at=moment, updated_at=moment)
            session.add(account)
            session.commit()  # even a commit inside the block must not expire it
        assert (account.id, account.name, account.created_at) == (1, "ACME", moment)
        with store.transaction(write=False) as session:
            loaded = session.get(models.Account, 1)
        assert loaded.tags == [] and loaded.created_at == moment
    finally:
        store.dispose()


def test_clear_database_removes_every_row_and_keeps_the_schema(db_url):
    store = open_store(db_url)
    try:
        _add_account(store, "ACME")
        assert not is_empty(store)
        with store.transaction() as session:
            clear_database(session=session)
        assert is_empty(store)
        assert current_version(store) == SCHEMA_VERSION
    finally:
        store.dispose()


# --- Migrations, with a temporary copy of the migrations folder plus the next revision ---------

NEXT = f"{int(SCHEMA_VERSION) + 1:04d}"
"""The revision after the current one, which these tests write."""

ADD_REGION = f"""
import sqlalchemy as sa
from alembic import op

revision = "{NEXT}"
down_revision = "{SCHEMA_VERSION}"
branch_labels = None
depends_on = None


def upgrade():
    # On SQLite, copy the table and drop the original: the case that endangers child rows
    recreate = "always" if op.get_bind().dialect.name == "sqlite" else "auto"
    with op.batch_alter_table("account", recreate=recreate) as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(), nullable=True))
    op.execute("UPDATE account SET region = 'emea'")
"""

BROKEN = (
    ADD_REGION
    + f"""
    op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
    raise RuntimeError("step {NEXT} is broken")
"""
)


@pytest.fixture
def next_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Install revision NEXT (text given by the test) and make kamctl expect it."""

    def install(source: str) -> None:
        folder = tmp_path / "migrations"
        shutil.copytree(
            migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__", "__init__.py")
        )
        (folder / "versions" / f"{NEXT}_test.py").write_text(source, encoding="utf-8")
        monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
        monkeypatch.setattr(engine_module, "SCHEMA_VERSION", NEXT)
        monkeypatch.setattr(engine_module, "KNOWN_VERSIONS", (*KNOWN_VERSIONS, NEXT))

    return install


def _sample_store(db_url: str):
    from kamctl.io.dump import import_database

    sample = sample_tables()
    store = open_store(db_url)
    import_database(store, {"kamctl_dump": 1, "schema_version": SCHEMA_VERSION, "tables": sample})
    return store, {name: len(rows) for name, rows in sample.items()}


def _counts(store) -> dict[str, int]:
    return {table: _count(store, table) for table in sorted(TABLES)}


def test_a_migration_keeps_every_row_including_children_of_a_copied_table(db_url, next_revision):
    store, expected = _sample_store(db_url)
    store.dispose()
    next_revision(ADD_REGION)

    migrated = open_store(db_url)
    try:
        assert migrated.migrated_from == SCHEMA_VERSION
        assert current_version(migrated) == NEXT
        assert _counts(migrated) == dict(sorted(expected.items()))
        with migrated.connection(write=False) as connection:
            assert connection.execute(text("SELECT DISTINCT region FROM account")).scalars().all() == ["emea"]
            if migrated.is_sqlite:
                # the connection that ran the migration (foreign keys off) is not reused
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        if migrated.is_sqlite:
            backup = migrated.migration_backup
            assert backup is not None and backup.parent == migrated.path.parent
            assert backup.name.startswith(f"{migrated.path.name}.v{SCHEMA_VERSION}-")
            assert (backup.stat().st_mode & 0o777) == 0o600
        else:
            assert migrated.migration_backup is None
    finally:
        migrated.dispose()


def test_a_failing_migration_step_rolls_back_and_keeps_the_old_version(db_url, next_revision):
    store, expected = _sample_store(db_url)
    store.dispose()
    next_revision(BROKEN)

    with pytest.raises(
        DatabaseProblem, match=rf"step {NEXT} is broken\); the database was left unchanged at version {SCHEMA_VERSION}"
    ) as failure:
        open_store(db_url)

    engine = create_store_engine(db_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_VERSION
            names = set(inspect(connection).get_table_names())
            assert "half_done" not in names
            assert "region" not in {column["name"] for column in inspect(connection).get_columns("account")}
            for table, count in expected.items():
                assert connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar() == count, table
    finally:
        engine.dispose()

    if db_url.startswith("sqlite"):
        path = Path(db_url.removeprefix("sqlite:///"))
        backups = list(path.parent.glob(f"{path.name}.v{SCHEMA_VERSION}-*.bak"))
        assert len(backups) == 1 and str(backups[0]) in str(failure.value)
        import sqlite3

        with sqlite3.connect(backups[0]) as copy:
            assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(SCHEMA_VERSION,)]
            assert copy.execute("SELECT COUNT(*) FROM contact").fetchone() == (expected["contact"],)


def test_a_new_revision_is_numbered_next_and_is_empty_while_the_models_match(tmp_path, monkeypatch):
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
    written = migrate.new_revision("add region to accounts")
    assert written.name == f"{NEXT}_add_region_to_accounts.py"
    source = written.read_text(encoding="utf-8")
    assert f"down_revision = '{SCHEMA_VERSION}'" in source and "import sqlmodel" not in source
    assert "op." not in source.split("def upgrade")[1].split("def downgrade")[0]
    assert migrate.revisions() == [*KNOWN_VERSIONS, NEXT]


def _search_schema(connection) -> list[tuple[str, str, str]]:
    """The full-text index and its triggers as SQLite stores them (type, name, SQL)."""
    rows = connection.exec_driver_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'log_entry_fts%' AND sql IS NOT NULL "
        "ORDER BY type, name"
    ).fetchall()
    return [tuple(row) for row in rows]


def test_a_new_database_and_one_migrated_from_0001_get_the_same_full_text_index(tmp_path):
    """The FTS table is created by open_store on a blank database and by migrations 0002 and 0003."""
    from alembic import command

    blank = open_store(f"sqlite:///{tmp_path / 'blank.db'}")
    engine = create_store_engine(f"sqlite:///{tmp_path / 'replayed.db'}")
    try:
        with blank.connection(write=False) as connection:
            created = _search_schema(connection)
        with engine.connect() as connection:
            with connection.begin():
                command.upgrade(migrate.alembic_config(connection), "head")
            replayed = _search_schema(connection)
    finally:
        blank.dispose()
        engine.dispose()
    names = {name for _, name, _ in created}
    assert {"log_entry_fts", "log_entry_fts_insert", "log_entry_fts_delete", "log_entry_fts_update"} <= names
    assert created == replayed


@pytest.mark.parametrize("fixture", ["v0001.sqlite", "v0002.sqlite"])
def test_the_migrations_index_the_log_entries_written_before_them(tmp_path, fixture):
    import sqlite3

    from kamctl.store.search_index import trigram_query

    copy = tmp_path / fixture
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "dbs" / fixture, copy)
    open_store(f"sqlite:///{copy}").dispose()
    with sqlite3.connect(copy) as connection:
        options = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'log_entry_fts'").fetchone()[0]
        found = connection.execute(
            "SELECT rowid FROM log_entry_fts WHERE log_entry_fts MATCH ? ORDER BY rowid",
            (trigram_query(["打ち合わせ"]),),
        ).fetchall()
        tagged = connection.execute(
            "SELECT rowid FROM log_entry_fts WHERE log_entry_fts MATCH ?", (trigram_query(["qbr"]),)
        ).fetchall()
    assert "detail=none, columnsize=0" in options
    assert found == [(2,)] and tagged == [(1,)]


@pytest.mark.postgres
def test_the_partial_indexes_are_partial_on_every_database(db_url):
    store = open_store(db_url)
    try:
        with store.connection(write=False) as connection:
            if store.is_sqlite:
                query = "SELECT name, sql FROM sqlite_master WHERE name IN ('ix_log_entry_csat', 'ix_log_entry_nps')"
            else:
                query = (
                    "SELECT indexname, indexdef FROM pg_indexes "
                    "WHERE indexname IN ('ix_log_entry_csat', 'ix_log_entry_nps') AND schemaname = current_schema()"
                )
            found = dict(connection.exec_driver_sql(query).fetchall())
    finally:
        store.dispose()
    assert sorted(found) == ["ix_log_entry_csat", "ix_log_entry_nps"]
    assert "csat IS NOT NULL" in found["ix_log_entry_csat"].replace("(", "").replace(")", "")
    assert "nps IS NOT NULL" in found["ix_log_entry_nps"].replace("(", "").replace(")", "")


def test_a_new_database_has_an_id_of_its_own_that_db_export_leaves_out(db_url, tmp_path, run):
    from kamctl.store.engine import database_id

    store = open_store(db_url)
    try:
        with store.connection(write=False) as connection:
            first = database_id(connection)
    finally:
        store.dispose()
    assert len(first) == 32
    dump = tmp_path / "dump.json"
    assert run("db", "export", str(dump)).exit_code == 0
    assert "database_identity" not in dump.read_text(encoding="utf-8")
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        with other.connection(write=False) as connection:
            assert database_id(connection) not in ("", first)
    finally:
        other.dispose()
