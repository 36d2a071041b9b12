"""The fast paths of `kamctl remind` (SPEC §9): the digest cache before Typer is imported, and the
stdlib-sqlite3 reads of a cold run. Never a stale list."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_installed

from kamctl.cache import _parse, remind_cache_for
from kamctl.store import direct

PROBE = (
    "import sys\n"
    "from kamctl.__main__ import main\n"
    "code = main(sys.argv[1:])\n"
    "heavy = [m for m in ('typer', 'sqlalchemy', 'rich') if m in sys.modules]\n"
    "sys.stderr.write(f'imported={heavy}\\n')\n"
    "sys.exit(code)\n"
)


def probe(*args: str, exit: int = 0, env: dict[str, str] | None = None) -> tuple[str, str]:
    """Run kamctl's main() in a fresh interpreter: (stdout, what heavy modules it imported)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    assert done.returncode == exit, done.stderr
    return done.stdout, done.stderr.strip().splitlines()[-1]


@pytest.fixture
def acme(run):
    run("accounts", "add", "Acme", "--tier", "key")
    run("remind", "add", "Acme", "Send proposal", "--due", "2026-11-20")
    return run


def test_only_a_database_at_the_current_schema_takes_the_direct_path(acme, db_url):
    path = Path(db_url.removeprefix("sqlite:///"))
    connection = direct.open_current_sqlite(path)
    assert connection is not None
    connection.close()
    with contextlib.closing(sqlite3.connect(path)) as stamping, stamping:
        stamping.execute("UPDATE alembic_version SET version_num = '0002'")
    assert direct.open_current_sqlite(path) is None


def test_a_second_run_is_answered_from_the_cache_without_typer(acme):
    first, imported = probe("remind", "-f", "plain")
    assert first == "2026-11-20  today: Acme: Send proposal  [follow-up 1]\n"
    assert "typer" in imported
    again, imported = probe("remind", "-f", "plain")
    assert (again, imported) == (first, "imported=[]")
    # Another option is another entry; --check keeps its exit status
    probe("remind", "--quiet", "--check", exit=3)
    assert probe("remind", "--quiet", "--check", exit=3)[1] == "imported=[]"


def test_a_change_through_kamctl_is_seen_at_once(acme):
    probe("remind", "-f", "plain")
    probe("remind", "-f", "plain")
    acme("remind", "add", "Acme", "Call back", "--due", "2026-11-21")
    out, imported = probe("remind", "-f", "plain")
    assert "Call back" in out and "typer" in imported
    acme("log", "Acme", "Sent", "--next", "2026-11-22", "--action", "Chase")
    assert "Chase" in probe("remind", "-f", "plain")[0]


def test_a_raw_sqlite_write_is_seen_at_once(acme, db_url):
    path = db_url.removeprefix("sqlite:///")
    probe("remind", "-f", "plain")
    assert probe("remind", "-f", "plain")[1] == "imported=[]"
    for title in ("Raw one", "Raw two"):  # twice in a row: same file sizes, same second
        with sqlite3.connect(path) as connection:
            connection.execute("UPDATE reminder SET title = ? WHERE id = 1", (title,))
        out, imported = probe("remind", "-f", "plain")
        assert title in out and "typer" in imported


def test_a_raw_write_while_another_connection_keeps_the_wal_open(acme, db_url):
    path = db_url.removeprefix("sqlite:///")
    keeper = sqlite3.connect(path)  # holds the -wal and -shm files open: no checkpoint on close
    try:
        keeper.execute("SELECT 1 FROM reminder").fetchall()
        # While another connection is open, a run's own connection may or may not checkpoint and
        # remove the -wal when it closes (a change of key: a miss, never a stale answer).
        probe("remind", "-f", "plain")
        probe("remind", "-f", "plain")
        for title in ("WAL one", "WAL two"):
            writer = sqlite3.connect(path)
            writer.execute("UPDATE reminder SET title = ? WHERE id = 1", (title,))
            writer.commit()
            writer.close()
            assert title in probe("remind", "-f", "plain")[0]
    finally:
        keeper.close()


def test_another_day_another_user_or_option_misses(acme, monkeypatch):
    probe("remind", "-f", "plain")
    assert probe("remind", "-f", "plain", env={"KAMCTL_NOW": "2026-11-21T09:00:00+09:00"})[0].startswith(
        "2026-11-20  1 day overdue"
    )
    assert "typer" in probe("remind", "-f", "plain", env={"KAMCTL_USER": "someone"})[1]
    assert "typer" in probe("--user", "sato", "remind", "-f", "plain")[1]
    assert "typer" in probe("remind", "--format=plain")[1]


@pytest.mark.parametrize(
    "args",
    [
        ["remind", "add", "Acme", "x", "--due", "friday"],
        ["remind", "list"],
        ["remind", "--help"],
        ["remind", "--unknown"],
        ["remind", "-f"],
        ["--demo", "remind"],
        ["log", "Acme", "note"],
        ["remind", "--", "x"],
        [],
    ],
)
def test_only_plain_remind_invocations_are_cacheable(args):
    assert _parse(args) is None


def test_the_options_of_remind_are_recognised():
    assert _parse(["--db", "x.db", "--user=sato", "--no-color", "remind", "-fplain", "--quiet", "--days", "3"]) == (
        "x.db", "sato", True, ["-f", "plain", "--quiet", "--days", "3"],
    )  # fmt: skip


def test_postgresql_demo_and_missing_files_are_never_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("KAMCTL_DB", "postgresql+psycopg://kam@localhost/kamctl")
    assert remind_cache_for(["remind", "--quiet"]) is None
    monkeypatch.setenv("KAMCTL_DB", "sqlite:///:memory:")
    assert remind_cache_for(["remind"]) is None
    monkeypatch.setenv("KAMCTL_DB", str(tmp_path / "none-yet.db"))
    assert remind_cache_for(["remind"]) is None
    monkeypatch.setenv("KAMCTL_DEMO", "1")
    assert remind_cache_for(["remind"]) is None


@pytest.mark.postgres
def test_postgresql_takes_the_long_way_every_time(acme, db_url):
    if db_url.startswith("sqlite"):
        pytest.skip("needs KAMCTL_TEST_DATABASE_URL")
    first, imported = probe("remind", "-f", "plain")
    again, imported_again = probe("remind", "-f", "plain")
    assert first == again and "sqlalchemy" in imported and "sqlalchemy" in imported_again


def test_a_cold_run_on_a_current_sqlite_file_does_not_import_sqlalchemy(acme):
    out, imported = probe("remind", "-f", "json")
    assert '"title": "Send proposal"' in out and "sqlalchemy" not in imported


def test_the_installed_command_uses_the_cache_too(acme):
    first = run_installed("remind", "-f", "plain")
    assert run_installed("remind", "-f", "plain").stdout == first.stdout


def test_ties_are_ordered_by_the_latest_saved_score(run):
    """Same due date, same tier: the account with the higher saved score (`score save`) first."""
    run("accounts", "add", "Low", "--tier", "key", "--growth", "1")
    run("accounts", "add", "High", "--tier", "key", "--growth", "5")
    run("accounts", "add", "Unsaved", "--tier", "key")
    for name in ("Unsaved", "Low", "High"):
        run("remind", "add", name, "Call", "--due", "2026-11-20")
    order = [item["account"] for item in run("remind", "--kind", "follow-up", "-f", "json").json()]
    assert order == ["High", "Low", "Unsaved"]  # no scores saved yet: by name
    run("score", "save")
    run("accounts", "add", "Later", "--tier", "key")
    run("remind", "add", "Later", "Call", "--due", "2026-11-20")
    order = [item["account"] for item in run("remind", "--kind", "follow-up", "-f", "json").json()]
    assert order[:2] == ["High", "Low"] and order[2:] in (["Unsaved", "Later"], ["Later", "Unsaved"])
    assert order.index("Later") == 3 or order == ["High", "Low", "Unsaved", "Later"]


def test_the_summary_line_and_the_views_are_answered_from_the_cache(acme):
    first, imported = probe("remind", "--summary")
    assert first == "kamctl: 1 today — kamctl remind\n"
    assert "sqlalchemy" not in imported  # a current SQLite file is read with sqlite3 alone
    assert probe("remind", "--summary") == (first, "imported=[]")
    for view in ("--compact", "--full"):
        shown = probe("remind", view)[0]
        assert probe("remind", view) == (shown, "imported=[]")
