"""Imports check every row before they take the write lock, then write set-based; `db import`
reads its file as it goes. Speed and memory are measured in benchmarks/, not here."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import run_installed

from kamctl.errors import Conflict


@contextlib.contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """Another process's write transaction on the SQLite file, held for the block."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.mark.parametrize(
    ("command", "content", "problem"),
    [
        (("accounts", "import"), "name,stage\nBeta,9\n", "line 2: stage must be between 1 and 5 (got '9')"),
        (
            ("contacts", "import"),
            "account,name,influence\nAcme,Aiko,9\n",
            "line 2: influence must be between 1 and 5 (got '9')",
        ),
        (
            ("accounts", "orders", "import"),
            "account,date,amount\nAcme,2026-01-05,-5\n",
            "line 2: amount must be at least 0 (got '-5')",
        ),
    ],
)
def test_a_bad_file_is_refused_at_once_while_another_process_writes(run, tmp_path, command, content, problem):
    """The rows are checked before the write lock is taken: a writer elsewhere does not make the
    import wait, and a bad file never needs the lock at all."""
    run("accounts", "add", "Acme")
    file = tmp_path / "rows.csv"
    file.write_text(content, encoding="utf-8")
    with write_lock(tmp_path / "kamctl.db"):
        outcome = run(*command, str(file), exit=1)
    assert outcome.stderr == f"{problem}\nError: 1 of 1 row is invalid; nothing was imported\n"


def _stored(path: Path, sql: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def test_an_imported_account_is_stored_exactly_as_accounts_add_stores_it(run, tmp_path):
    """The bulk path encodes values itself (datetimes, dates, JSON, booleans): byte for byte what
    SQLAlchemy writes, creation history included."""
    options = {
        "industry": "robotics", "owner": "sato", "tier": "key", "status": "at-risk", "stage": "3",
        "share-of-wallet": "12.5", "revenue": "1000", "profit": "-5.25", "order-size": "10",
        "order-frequency": "4", "growth": "2", "strategic-fit": "3", "influence": "4", "cadence": "30",
        "channel": "call", "renewal": "2027-03-31", "note": "first, second",
    }  # fmt: skip
    arguments = [part for option, value in options.items() for part in (f"--{option}", value)]
    run("accounts", "add", "Added", *arguments, "--tag", "a", "--tag", "日本")
    file = tmp_path / "accounts.csv"
    header = ",".join(name if name in ("stage",) else name.replace("-", "_") for name in options)
    header = (
        header.replace("cadence", "cadence_days")
        .replace("note", "notes")
        .replace("channel", "preferred_channel")
    )
    header = header.replace("renewal", "renewal_date")
    values = ",".join(f'"{value}"' for value in options.values())
    file.write_text(f"name,{header},tags\nImported,{values},a;日本\n", encoding="utf-8")
    assert run("accounts", "import", str(file)).stderr == "Imported 1 row: 1 new, 0 changed\n"

    database = tmp_path / "kamctl.db"
    columns = [name for (_, name, *_) in _stored(database, "PRAGMA table_info(account)")]
    compared = [name for name in columns if name not in ("id", "name", "name_key")]
    selected = ", ".join(f"typeof({name}), {name}" for name in compared)
    added, imported = _stored(database, f"SELECT {selected} FROM account ORDER BY id")
    assert imported == added
    history = _stored(
        database,
        "SELECT typeof(changed_at), changed_at, who, field, old, new FROM account_history ORDER BY id",
    )
    assert history == [
        ("text", "2026-11-20 00:00:00.000000", "tester", "created", None, "Added"),
        ("text", "2026-11-20 00:00:00.000000", "tester", "created", None, "Imported"),
    ]


@pytest.mark.postgres
def test_an_account_added_while_the_file_was_checked_is_a_conflict_and_nothing_is_written(run, db_url):
    from datetime import UTC, date, datetime

    from kamctl.domain.accounts import plan_import
    from kamctl.io.rows import RawRow
    from kamctl.store.engine import open_store
    from kamctl.store.queries.accounts import import_accounts

    rows = [RawRow("line", 2, ("name",), ("Alpha",), None), RawRow("line", 3, ("name",), ("Beta",), None)]
    plan = plan_import(rows, existing={}, update=False, today=date(2026, 11, 20))
    run("accounts", "add", "beta")  # meanwhile, before the write lock
    store = open_store(db_url)
    try:
        with (
            pytest.raises(Conflict, match=r"^account 'Beta' was added while the file was being checked"),
            store.connection(write=True) as connection,
        ):
            import_accounts(plan, who="tester", now=datetime(2026, 11, 20, tzinfo=UTC), connection=connection)
    finally:
        store.dispose()
    assert [account["name"] for account in run("accounts", "list", "-f", "json").json()] == ["beta"]


@pytest.mark.postgres
def test_contacts_reporting_to_earlier_and_later_rows_and_to_the_map(run, tmp_path):
    run("accounts", "add", "Acme")
    run("contacts", "add", "Acme", "Boss")
    file = tmp_path / "people.csv"
    file.write_text(
        "account,name,reports_to\nAcme,Aiko,Daniel\nAcme,Daniel,Boss\nAcme,Emi,Aiko\n", encoding="utf-8"
    )
    assert run("contacts", "import", str(file)).stderr == "Imported 3 contacts into Acme\n"
    people = {row["name"]: row["reports_to"] for row in run("contacts", "list", "-f", "json").json()}
    assert people == {"Boss": None, "Aiko": "Daniel", "Daniel": "Boss", "Emi": "Aiko"}


# --- db import -------------------------------------------------------------------------------


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.postgres
@pytest.mark.parametrize(
    "text",
    [
        _deep(200_000),
        '{"kamctl_dump": 1, "schema_version": "0004", "tables": {"setting": [{"key": '
        + _deep(200_000)
        + "}]}}",
    ],
    ids=["document", "value in a row"],
)
def test_deeply_nested_json_is_one_error_line(run, tmp_path, text):
    file = tmp_path / "deep.json"
    file.write_text(text)
    outcome = run("db", "import", str(file), exit=1)
    assert outcome.stderr == (
        "Error: the dump is nested too deeply to be a kamctl dump; import a file written by kamctl db export\n"
    )


def test_deeply_nested_json_through_the_installed_command(tmp_path):
    file = tmp_path / "deep.json"
    file.write_text(_deep(200_000))
    outcome = run_installed("--db", str(tmp_path / "new.db"), "db", "import", str(file), exit=1)
    assert outcome.stderr == (
        "Error: the dump is nested too deeply to be a kamctl dump; import a file written by kamctl db export\n"
    )


def _exported(run, tmp_path: Path) -> Path:
    run("accounts", "add", "Acme", "--tag", "key")
    run("contacts", "add", "Acme", "Aiko")
    run("contacts", "add", "Acme", "Boss")
    run("contacts", "edit", "Aiko", "--reports-to", "Boss")  # a link to a later row
    run("log", "Acme", "Pricing workshop with the 調達 team", "--tag", "見積")
    dump = tmp_path / "dump.json"
    run("db", "export", str(dump))
    return dump


def test_a_dump_read_in_tiny_blocks_imports_exactly_and_is_searchable(run, tmp_path, monkeypatch):
    """Every value split across reads (7 characters at a time) still reads as json.loads reads it;
    the log entries are indexed for search."""
    monkeypatch.setattr("kamctl.io.dump._READ_BLOCK", 7)
    dump = _exported(run, tmp_path)
    other = tmp_path / "other.db"
    assert run("--db", str(other), "db", "import", str(dump)).stderr.startswith("Imported ")
    again = tmp_path / "again.json"
    run("--db", str(other), "db", "export", str(again))
    assert again.read_bytes() == dump.read_bytes()
    for term in ("workshop", "調達", "見積"):
        found = run("--db", str(other), "log", "search", term, "-f", "json").json()
        assert [entry["notes"] for entry in found] == ["Pricing workshop with the 調達 team"]


def test_a_dump_with_its_tables_before_its_header_imports(run, tmp_path):
    dump = json.loads(_exported(run, tmp_path).read_text())
    reordered = tmp_path / "reordered.json"
    reordered.write_text(
        json.dumps({"tables": dump["tables"], **{k: v for k, v in dump.items() if k != "tables"}})
    )
    other = tmp_path / "other.db"
    run("--db", str(other), "db", "import", str(reordered))
    assert [a["name"] for a in run("--db", str(other), "accounts", "list", "-f", "json").json()] == ["Acme"]


@pytest.mark.parametrize(
    "text",
    [
        '{"kamctl_dump": 1,\n "tables": {"setting": [{"key": "a", "value": "b"},\n   {"key": "c" "value": 1}]}}',
        '{"kamctl_dump": 1, "schema_version": "0004",\n\n  "tables": {"setting": [1, 2,, 3]}}',
        '{"kamctl_dump": 1, "schema_version": "0004", "tables": {}}\n  x',
        '{"kamctl_dump": 1, "schema_version": "0004", "tables": {"setting" []}}',
        '{"kamctl_dump": 1, "schema_version": "0004", "tables": {"setting": [\n{"key": "a\n"}]}}',
        '{"kamctl_dump": 1, "schema_version": "0004", "tables": {"setting": [{"key": "a"}',
        "[1, 2",
        "",
    ],
)
def test_broken_json_is_placed_as_json_loads_places_it(run, tmp_path, monkeypatch, text):
    monkeypatch.setattr("kamctl.io.dump._READ_BLOCK", 5)
    file = tmp_path / "broken.json"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    error = expected.value
    outcome = run("db", "import", str(file), exit=1)
    assert outcome.stderr == (
        f"Error: the dump is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})\n"
    )
