"""Running kamctl from tests: in-process through Typer's CliRunner, or as the installed command."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from kamctl.actions.portfolio import Portfolio
    from kamctl.io.rows import SourceRow


@dataclass
class Outcome:
    """What one kamctl invocation did."""

    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


_blank: Path | None = None
"""An empty database at the current schema, made once per test process (`new_database`)."""


def new_database(path: Path) -> Path:
    """An empty kamctl database at `path`, as kamctl creates one on first use: a copy of one made
    once per process, so that a test does not pay for building the schema again."""
    global _blank
    if _blank is None:
        from kamctl.store.engine import open_store

        folder = Path(tempfile.mkdtemp(prefix="kamctl-blank-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        open_store(f"sqlite:///{folder / 'blank.db'}").dispose()  # the last close folds the WAL in
        _blank = folder / "blank.db"
    shutil.copy(_blank, path)  # with its mode: private, as kamctl makes it
    return path


_logins: set[str] = set()
"""The PostgreSQL logins `logged_in_as` has made (or found) in this test process."""


def logged_in_as(url: str, login: str) -> str:
    """`url` (PostgreSQL) logging in as `login`: on PostgreSQL "me" is the login (SPEC §10), so a
    test that acts as someone logs in as them. The login is made on first use, a superuser (the
    test set-up makes and drops schemas) without password (the test servers trust 127.0.0.1); it
    is kept, as the server is the tests' own."""
    from sqlalchemy import create_engine, make_url, text

    parsed = make_url(url)
    if parsed.username == login:
        return url
    if login not in _logins:
        admin = create_engine(parsed.set(query={}))
        try:
            with admin.begin() as connection:
                # Another test process may make it at the same moment: the advisory lock serialises.
                connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('kamctl tests: logins'))"))
                exists = text("SELECT 1 FROM pg_roles WHERE rolname = :name")
                if connection.execute(exists, {"name": login}).first() is None:
                    connection.execute(text(f'CREATE ROLE "{login}" LOGIN SUPERUSER'))
        finally:
            admin.dispose()
        _logins.add(login)
    return parsed.set(username=login).render_as_string(hide_password=False)


def _acting_user(args: tuple[str, ...], env: dict[str, str]) -> str | None:
    """Who a kamctl command line acts as: its --user, else KAMCTL_USER."""
    for index, word in enumerate(args):
        if word == "--user" and index + 1 < len(args):
            return args[index + 1]
        if word.startswith("--user="):
            return word.removeprefix("--user=")
    return env.get("KAMCTL_USER") or None


def as_acting_login(args: tuple[str, ...], env: dict[str, str]) -> dict[str, str]:
    """The environment `env` in which `args` runs as the login it names, on a PostgreSQL KAMCTL_DB
    (a `--db` among `args` still wins)."""
    url = env.get("KAMCTL_DB", "")
    user = _acting_user(args, env)
    if not url.startswith("postgresql") or not user or not user.isprintable() or not user.isascii():
        return env
    return {**env, "KAMCTL_DB": logged_in_as(url, user)}


def invoke(*args: str, exit: int | None = 0, input: str | None = None) -> Outcome:
    """Run kamctl in-process (Typer's CliRunner) and assert its exit code, showing stderr if it
    differs; on PostgreSQL logged in as the user it acts as (`logged_in_as`)."""
    from typer.testing import CliRunner

    from kamctl.cli import app

    env = as_acting_login(args, dict(os.environ))
    changed = {name: value for name, value in env.items() if os.environ.get(name) != value}
    result = CliRunner().invoke(app, list(args), input=input, prog_name="kamctl", env=changed or None)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    outcome = Outcome(result.exit_code, result.stdout, result.stderr)
    assert exit is None or outcome.exit_code == exit, (
        f"exit {outcome.exit_code} != {exit}\nstderr: {outcome.stderr}\nstdout: {outcome.stdout}"
    )
    return outcome


def run_installed(
    *args: str, exit: int = 0, input: str | None = None, env: dict[str, str] | None = None
) -> Outcome:
    """Run the installed `kamctl` console script as a real process (on PostgreSQL logged in as the
    user it acts as, as `invoke`)."""
    executable = shutil.which("kamctl") or pytest.fail("the kamctl console script is not installed")
    environment = as_acting_login(args, {**os.environ, **(env or {})})
    done = subprocess.run(
        [executable, *args], input=input, capture_output=True, text=True, timeout=120, env=environment
    )
    outcome = Outcome(done.returncode, done.stdout, done.stderr)
    assert outcome.exit_code == exit, f"exit {outcome.exit_code} != {exit}\nstderr: {outcome.stderr}"
    return outcome


@contextmanager
def portfolio_of(db_url: str, *, user: str = "tester") -> Iterator[Portfolio]:
    """The `Portfolio` a command of this test gets (as kamctl/cli/context.py builds it): this
    database, now from KAMCTL_NOW, and `user` as "me"."""
    from kamctl import clock
    from kamctl.actions.portfolio import Portfolio
    from kamctl.invocation import sqlite_file_of
    from kamctl.store.engine import open_store

    store = open_store(db_url)
    try:
        yield Portfolio(
            now=clock.now(), user=user, open_store=lambda: store, sqlite_file=sqlite_file_of(db_url)
        )
    finally:
        store.dispose()


def read_rows(path: Path) -> list[SourceRow]:
    """Every row of a `.json` file (a list of objects) or of a CSV file with a header line, as the
    imports read them (`kamctl.io.rows.SourceRow`)."""
    from kamctl.io.rows import RowFile, source_rows

    with RowFile(path) as rows:
        return list(source_rows(rows))
