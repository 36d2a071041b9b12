"""Shared fixtures: every test gets its own database, a fixed clock, user and terminal.

A test's SQLite database is a copy of one made once per test process (the schema is not built
again for every test), and so is the sample portfolio. With KAMCTL_TEST_DATABASE_URL set (a PostgreSQL URL), tests marked `postgres` run against
a fresh schema on that server instead of an SQLite file; everything else stays on SQLite.
"""

from __future__ import annotations

import functools
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.testing
from helpers import invoke, logged_in_as, new_database
from hypothesis import settings

# Property tests check what kamctl does, never how fast: speed is the benchmarks' job (SPEC §9).
# Hypothesis's default 200 ms deadline per example is a timed assertion that fails on a loaded
# machine (two xdist workers beside a PostgreSQL server), so no test has one.
settings.register_profile("kamctl", deadline=None)
settings.load_profile("kamctl")

FIXED_NOW = "2026-11-20T09:00:00+09:00"
"""A Friday. Tests that depend on the date say so with KAMCTL_NOW, never with the real clock."""

PG_URL = os.environ.get("KAMCTL_TEST_DATABASE_URL")

# Typer's CliRunner turns the app into a Click command at every invocation, and kamctl's root group
# then builds the command group asked for (every command's signature read again): more than most
# commands cost themselves. A kamctl process builds them once, and so does a test process here.
typer.testing._get_command = functools.cache(typer.testing._get_command)


def set_test_environment(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The fixed clock, user, terminal and time zone of every test; its files live in `folder`."""
    for variable in ("KAMCTL_DB", "KAMCTL_DEMO", "KAMCTL_DEBUG", "KAMCTL_USER", "EDITOR", "VISUAL",
                     "KAMCTL_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):  # fmt: skip
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # English unless a test asks for Japanese (KAMCTL_LANG=ja)
    monkeypatch.setenv("KAMCTL_DB", str(folder / "kamctl.db"))
    monkeypatch.setenv("KAMCTL_NOW", FIXED_NOW)
    monkeypatch.setenv("KAMCTL_USER", "tester")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        place = folder / name.lower()
        place.mkdir()
        monkeypatch.setenv(name, str(place))


@pytest.fixture(autouse=True)
def env_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from kamctl import i18n

    set_test_environment(monkeypatch, tmp_path)
    i18n.forget()
    yield
    monkeypatch.undo()
    i18n.forget()
    time.tzset()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """The URL of this test's empty database (at the current schema), also set as KAMCTL_DB.

    SQLite file by default (`helpers.new_database`; no file yet for a test marked `new_database`);
    a fresh PostgreSQL schema when the test is marked `postgres` and KAMCTL_TEST_DATABASE_URL is
    set. The schema is dropped afterwards.
    """
    if PG_URL and request.node.get_closest_marker("postgres"):
        from sqlalchemy import create_engine, text

        schema = f"t_{uuid.uuid4().hex[:12]}"
        admin = create_engine(PG_URL)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in PG_URL else "?"
        # On PostgreSQL "me" is the login: the tests' KAMCTL_USER logs in (as on SQLite, "tester").
        url = logged_in_as(f"{PG_URL}{separator}options=-csearch_path%3D{schema}", "tester")
        monkeypatch.setenv("KAMCTL_DB", url)
        yield url
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    else:
        path = tmp_path / "kamctl.db"
        if not request.node.get_closest_marker("new_database"):
            new_database(path)
        url = f"sqlite:///{path}"
        monkeypatch.setenv("KAMCTL_DB", url)
        yield url


@pytest.fixture
def run(db_url: str):
    """`run("accounts", "add", "Acme")` against this test's fresh database."""
    return invoke


@pytest.fixture(scope="session")
def sample_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample portfolio as `kamctl db demo` loads it in a test (at FIXED_NOW), loaded once per
    test process; `sample_portfolio` copies it."""
    folder = tmp_path_factory.mktemp("sample")
    with pytest.MonkeyPatch.context() as patch:
        set_test_environment(patch, folder)
        new_database(folder / "kamctl.db")
        invoke("db", "demo")
    time.tzset()
    assert not (folder / "kamctl.db-wal").exists(), "kamctl closes the database: nothing left beside it"
    return folder / "kamctl.db"


@pytest.fixture
def sample_portfolio(db_url: str, sample_database: Path):
    """`run` against this test's database holding the sample portfolio, as after `kamctl db demo`
    (a copy of `sample_database`; on PostgreSQL or at another KAMCTL_NOW, loaded by `db demo`)."""
    if db_url.startswith("sqlite:///") and os.environ.get("KAMCTL_NOW") == FIXED_NOW:
        shutil.copy(sample_database, db_url.removeprefix("sqlite:///"))
    else:
        invoke("db", "demo")
    return invoke


def pytest_configure(config: pytest.Config) -> None:
    """The compiled Japanese catalog matches its sources (a `.po` edited since the install)."""
    if hasattr(config, "workerinput"):
        return  # the controller compiled it before starting the workers
    import importlib.util

    import kamctl

    spec = importlib.util.spec_from_file_location("catalog", Path(__file__).parent.parent / "tools" / "catalog.py")
    catalog = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(catalog)
    target = Path(kamctl.__file__).parent / "locale" / "ja" / "LC_MESSAGES" / "kamctl.mo"
    sources = [catalog.PO, *(catalog.PARTS.glob("*.po") if catalog.PARTS.is_dir() else ())]
    built = target.stat().st_mtime_ns if target.exists() else 0
    if any(source.stat().st_mtime_ns > built for source in sources):
        catalog.compile_catalog(target)
