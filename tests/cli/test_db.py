"""`kamctl db` and `--demo` through the CLI (SPEC §2)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers import invoke, run_installed

from kamctl.store.schema_version import SCHEMA_VERSION

STORED = Path(__file__).resolve().parent.parent / "fixtures" / "dbs"

pytestmark = pytest.mark.postgres


def test_export_import_export_gives_the_identical_file(sample_portfolio, tmp_path, monkeypatch):
    run = sample_portfolio
    run("accounts", "add", "[red]Ｘ\x1b社", "--note", "改行\nあり", "--tag", "=SUM(A1)")
    first = tmp_path / "first.json"
    run("db", "export", str(first))
    monkeypatch.setenv("KAMCTL_DB", str(tmp_path / "empty.db"))
    outcome = run("db", "import", str(first))
    assert outcome.stderr.startswith("Imported ")
    second = tmp_path / "second.json"
    run("db", "export", str(second))
    assert second.read_bytes() == first.read_bytes()
    assert "[red]Ｘ\x1b社" in [a["name"] for a in run("accounts", "list", "-f", "json").json()]


def test_export_to_stdout_is_the_dump(run):
    run("accounts", "add", "Acme")
    dump = run("db", "export", "-").json()
    assert dump["kamctl_dump"] == 1
    assert [a["name"] for a in dump["tables"]["account"]] == ["Acme"]


def test_import_into_a_non_empty_database_is_refused_and_changes_nothing(run, tmp_path):
    run("accounts", "add", "Acme")
    dump = tmp_path / "dump.json"
    run("db", "export", str(dump))
    outcome = run("db", "import", str(dump), exit=1)
    assert outcome.stderr.startswith("Error: the database is not empty")
    assert len(run("accounts", "list", "-f", "json").json()) == 1


def test_import_of_a_broken_dump_is_one_error_line(run, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"kamctl_dump": 1, "tables": {')
    outcome = run("db", "import", str(broken), exit=1)
    assert outcome.stderr.startswith("Error: the dump is not valid JSON (line 1")
    assert run("db", "import", str(tmp_path / "missing.json"), exit=1).stderr.startswith("Error: no file")


def test_demo_refuses_a_non_empty_database_without_force(run):
    run("accounts", "add", "Mine")
    assert run("db", "demo", exit=1).stderr.startswith("Error: the database is not empty")
    run("db", "demo", "--force")
    names = [a["name"] for a in run("accounts", "list", "-f", "json").json()]
    assert "Mine" not in names
    assert "Kappa Motors" in names
    assert len(names) >= 25


def test_check_reports_ok(run):
    run("accounts", "add", "Acme")
    assert run("db", "check").stderr.endswith("ok\n")


def test_path_shows_the_database(run, db_url):
    shown = run("db", "path").stdout.strip()
    assert shown.startswith("/") or shown.startswith("postgresql")
    assert "@" not in shown or ":***@" in shown or "password" not in db_url
    if db_url.startswith("sqlite:///"):
        assert run("db", "path").stdout == db_url.removeprefix("sqlite:///") + "\n"


def test_path_names_a_database_without_creating_it(tmp_path):
    target = tmp_path / "not-yet.db"
    assert invoke("--db", str(target), "db", "path").stdout == f"{target}\n"
    assert not target.exists()


def test_migrate_on_a_current_database_says_so(run):
    run("accounts", "add", "Acme")
    assert run("db", "migrate").stderr == f"The database is at schema version {SCHEMA_VERSION}: nothing to migrate\n"


def test_migrate_an_old_file_names_its_copy(tmp_path):
    old = tmp_path / "old.db"
    shutil.copy(STORED / "v0001.sqlite", old)
    outcome = invoke("--db", str(old), "db", "migrate")
    copy = tmp_path / "old.db.v0001-20261120T000000.bak"  # KAMCTL_NOW, in UTC
    assert outcome.stderr == (
        f"Migrated the database from schema version 0001 to {SCHEMA_VERSION}; the old file was copied to {copy}\n"
    )
    assert copy.is_file()
    assert invoke("--db", str(old), "db", "check").stderr == "ok\n"


@pytest.mark.usefixtures("db_url")
def test_demo_option_never_touches_the_users_database(tmp_path, monkeypatch):
    mine = tmp_path / "mine.db"
    monkeypatch.setenv("KAMCTL_DB", str(mine))
    invoke("accounts", "add", "Mine")
    demo_names = [a["name"] for a in invoke("--demo", "accounts", "list", "-f", "json").json()]
    assert "Mine" not in demo_names and "Kappa Motors" in demo_names
    invoke("--demo", "accounts", "add", "Only In Demo")
    assert [a["name"] for a in invoke("accounts", "list", "-f", "json").json()] == ["Mine"]


def test_backup_is_a_consistent_sqlite_copy(tmp_path, monkeypatch):
    monkeypatch.setenv("KAMCTL_DB", str(tmp_path / "live.db"))
    run_installed("accounts", "add", "Acme")
    target = tmp_path / "copy.db"
    run_installed("db", "backup", str(target))
    with sqlite3.connect(target) as copy:
        assert copy.execute("select name from account").fetchall() == [("Acme",)]
    copy.close()


def test_demo_data_is_placed_relative_to_today(tmp_path, monkeypatch):
    monkeypatch.setenv("KAMCTL_NOW", "2031-05-01T10:00:00+09:00")
    accounts = invoke("--demo", "accounts", "list", "-f", "json").json()
    last_contacts = [a["last_contact"] for a in accounts if a["last_contact"]]
    assert max(last_contacts) <= "2031-05-01T10:00:00+09:00"
    assert max(last_contacts) >= "2031-04-01"
