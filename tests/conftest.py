"""Shared fixtures: every test gets its own database, a fixed clock, user and terminal.

With KAMCTL_TEST_DATABASE_URL set (a PostgreSQL URL), tests marked `postgres` run against a
fresh schema on that server instead of an SQLite file; everything else stays on SQLite.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import invoke

FIXED_NOW = "2026-11-20T09:00:00+09:00"
"""A Friday. Tests that depend on the date say so with KAMCTL_NOW, never with the real clock."""

PG_URL = os.environ.get("KAMCTL_TEST_DATABASE_URL")


@pytest.fixture(autouse=True)
def env_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for variable in ("KAMCTL_DB", "KAMCTL_DEMO", "KAMCTL_DEBUG", "KAMCTL_USER", "EDITOR", "VISUAL"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("KAMCTL_DB", str(tmp_path / "kamctl.db"))
    monkeypatch.setenv("KAMCTL_NOW", FIXED_NOW)
    monkeypatch.setenv("KAMCTL_USER", "tester")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        folder = tmp_path / name.lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """The URL of this test's empty database, also set as KAMCTL_DB.

    SQLite file by default; a fresh PostgreSQL schema when the test is marked `postgres` and
    KAMCTL_TEST_DATABASE_URL is set. The schema is dropped afterwards.
    """
    if PG_URL and request.node.get_closest_marker("postgres"):
        from sqlalchemy import create_engine, text

        schema = f"t_{uuid.uuid4().hex[:12]}"
        admin = create_engine(PG_URL)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in PG_URL else "?"
        url = f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
        monkeypatch.setenv("KAMCTL_DB", url)
        yield url
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    else:
        url = f"sqlite:///{tmp_path / 'kamctl.db'}"
        monkeypatch.setenv("KAMCTL_DB", url)
        yield url


@pytest.fixture
def run(db_url: str):
    """`run("accounts", "add", "Acme")` against this test's fresh database."""
    return invoke
