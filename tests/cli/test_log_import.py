"""`kamctl log import` at scale (SPEC §6, §9): all or nothing in big files, a killed import, the
values stored on SQLite, and the streamed row checks against the plain reading they replaced."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from helpers import invoke, read_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamctl.domain.accounts import normalise_tags
from kamctl.domain.log import (
    IMPORT_FIELDS,
    ImportLookups,
    LogImport,
    check_entry_fields,
    clean_notes,
    parse_when,
    split_list,
)
from kamctl.domain.names import did_you_mean
from kamctl.errors import InvalidValue, KamctlError
from kamctl.io.rows import RowFile, SourceRow
from kamctl.store.schema_version import SCHEMA_VERSION

HEADER = ",".join(IMPORT_FIELDS)
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=9)))


@pytest.fixture
def kappa(run):
    run("accounts", "add", "Kappa Motors", "--tier", "key")
    run("accounts", "add", "ブルー商事")
    run("contacts", "add", "Kappa Motors", "Ito Ken")
    run("contacts", "add", "Kappa Motors", "Mori Aya")
    run("contacts", "add", "ブルー商事", "田中 花子")
    run("log", "Kappa Motors", "Before any import", "--tag", "old")
    return run


def entries(run, *args: str) -> list[dict[str, Any]]:
    return run("log", "list", "--limit", "0", *args, "-f", "json").json()


def found(run, query: str) -> list[int]:
    return [entry["id"] for entry in run("log", "search", query, "-f", "json").json()]


def write_log_csv(path: Path, count: int, *, bad: dict[int, list[str]] | None = None) -> dict[int, int]:
    """`count` rows, of which those numbered in `bad` are replaced; returns the line each bad row
    ends on (notes of two lines make a row two lines long)."""
    lines = 1
    bad_lines = {}
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(IMPORT_FIELDS)
        for number in range(1, count + 1):
            japanese = number % 5 == 0
            row = (bad or {}).get(number) or [
                "ブルー商事" if japanese else "kappa motors",
                (datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=7 * number)).isoformat(),
                ("call", "visit", "email")[number % 3],
                "feedback" if number % 7 == 0 else "interaction",
                f"物流センターの見学 {number}" if japanese else f"Row {number}: pilot review\nsecond line",
                "田中 花子" if japanese else ("Ito Ken;mori aya" if number % 2 else ""),
                "positive" if number % 4 == 0 else "",
                "4" if number % 7 == 0 else "",
                "",
                "qbr;デモ" if number % 3 == 0 else "",
            ]
            writer.writerow(row)
            lines += 1 + sum(cell.count("\n") for cell in row)
            if bad and number in bad:
                bad_lines[number] = lines
    return bad_lines


# --- all or nothing -------------------------------------------------------------------------------


@pytest.mark.postgres
def test_a_bad_row_in_the_middle_of_a_big_file_imports_nothing(kappa, tmp_path):
    path = tmp_path / "log.csv"
    lines = write_log_csv(
        path,
        5_000,
        bad={
            2_500: ["Kapa Motors", "2026-01-01", "call", "", "typo", "", "", "", "", ""],
            4_000: ["Kappa Motors", "2026-01-01", "call", "", "x", "Nobody", "", "", "", ""],
        },
    )
    before = entries(kappa)
    outcome = kappa("log", "import", str(path), exit=1)
    assert outcome.stderr.splitlines() == [
        f"line {lines[2_500]}: no account 'Kapa Motors'; did you mean 'Kappa Motors'?",
        f"line {lines[4_000]}: no contact 'Nobody' at Kappa Motors",
        "Error: 2 of 5000 rows are invalid; nothing was imported",
    ]
    assert entries(kappa) == before
    assert found(kappa, "pilot review") == []
    # The search index is whole again: a later entry is found, and so is the one from before.
    kappa("log", "Kappa Motors", "After the failed import")
    assert [entry["notes"] for entry in kappa("log", "search", "after the failed", "-f", "json").json()] == [
        "After the failed import"
    ]
    assert found(kappa, "before any") == [1]


@pytest.mark.postgres
def test_a_big_file_goes_in_whole_over_many_chunks(kappa, tmp_path, monkeypatch):
    monkeypatch.setattr("kamctl.store.log_import.IMPORT_CHUNK", 7)
    path = tmp_path / "log.csv"
    write_log_csv(path, 50)
    assert kappa("log", "import", str(path)).stderr == "Imported 50 log entries\n"
    imported = [entry for entry in entries(kappa) if entry["id"] != 1]  # 1 was there before
    assert sorted(entry["id"] for entry in imported) == list(range(2, 52))
    by_row = {int(re.search(r"\d+", entry["notes"])[0]): entry for entry in imported}
    assert by_row[1]["contacts"] == ["Ito Ken", "Mori Aya"]
    assert by_row[1]["notes"] == "Row 1: pilot review\nsecond line"
    assert (by_row[5]["account"], by_row[5]["contacts"]) == ("ブルー商事", ["田中 花子"])
    assert (by_row[21]["kind"], by_row[21]["csat"], by_row[21]["tags"]) == ("feedback", 4, ["qbr", "デモ"])
    assert by_row[4]["when"] == "2025-01-01T09:28:00+09:00"
    assert by_row[4]["sentiment"] == "positive" and by_row[3]["sentiment"] is None
    # Every chunk is in the search index, and the index follows later entries again.
    assert len(found(kappa, "pilot review")) == 40
    assert sorted(found(kappa, "物流センター")) == sorted(
        e["id"] for e in imported if e["account"] == "ブルー商事"
    )
    kappa("log", "Kappa Motors", "Written after the import")
    assert found(kappa, "written after") == [52]


@pytest.mark.postgres
def test_dry_run_of_a_big_file_writes_nothing(kappa, tmp_path):
    path = tmp_path / "log.csv"
    write_log_csv(path, 3_000)
    assert (
        kappa("log", "import", str(path), "--dry-run").stderr == "read as UTF-8\nWould import 3000 log entries (dry run)\n"
    )
    assert len(entries(kappa)) == 1
    kappa("log", "Kappa Motors", "After the dry run")
    assert found(kappa, "after the dry") == [2]


@pytest.mark.postgres
def test_json_values_that_are_not_text_are_refused_cleanly(kappa, tmp_path):
    path = tmp_path / "log.json"
    path.write_text(
        json.dumps(
            [
                {"account": "Kappa Motors", "channel": 5},
                {"account": "Kappa Motors", "csat": True},
                {"account": 7},
                {"account": "Kappa Motors", "when": True, "contacts": ["Ito Ken"]},
                {
                    "account": "Kappa Motors",
                    "kind": "Feedback",
                    "nps": 9.0,
                    "tags": ["a", 1, "a"],
                    "notes": 12,
                },
            ]
        ),
        encoding="utf-8",
    )
    outcome = kappa("log", "import", str(path), exit=1)
    assert outcome.stderr.splitlines()[:3] == [
        "item 1: channel must be one of meeting, visit, call, email, chat, social, event, other (got '5')",
        "item 2: csat must be a whole number from 1 to 5 (got True)",
        "item 3: no account '7'",
    ]
    assert outcome.stderr.splitlines()[-1] == "Error: 4 of 5 rows are invalid; nothing was imported"


# --- SQLite: a killed process, the stored values ----------------------------------------------------


def sqlite_file(db_url: str) -> Path:
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite's files and storage")
    return Path(db_url.removeprefix("sqlite:///"))


def snapshot(path: Path) -> dict[str, Any]:
    """Everything an import touches, read by a fresh connection (as the next kamctl would)."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return {
            "entries": connection.execute("SELECT * FROM log_entry ORDER BY id").fetchall(),
            "links": connection.execute("SELECT * FROM log_contact ORDER BY 1, 2").fetchall(),
            "schema": connection.execute(
                "SELECT type, name, sql FROM sqlite_master ORDER BY name"
            ).fetchall(),
            "search": connection.execute(
                "SELECT * FROM log_entry_fts_data ORDER BY id"
            ).fetchall(),
            "integrity": connection.execute("PRAGMA integrity_check").fetchall(),
        }


def test_a_killed_import_leaves_the_database_as_it_was(kappa, db_url, tmp_path):
    database = sqlite_file(db_url)
    path = tmp_path / "big.csv"
    write_log_csv(path, 200_000)
    before = snapshot(database)
    wal = database.with_name(database.name + "-wal")
    process = subprocess.Popen(
        [shutil.which("kamctl") or pytest.fail("kamctl is not installed"), "log", "import", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )
    try:
        # Rows are in the write-ahead log once the import's page cache overflows: well under way.
        deadline = time.monotonic() + 300
        while not wal.exists() or wal.stat().st_size < 4_000_000:
            assert process.poll() is None, (
                f"the import ended before it could be killed: {process.stderr.read()}"
            )
            assert time.monotonic() < deadline, "the import wrote nothing in 5 minutes"
            time.sleep(0.01)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert snapshot(database) == before
    # The database takes the next import, with the search index in step.
    small = tmp_path / "small.csv"
    write_log_csv(small, 10)
    assert kappa("log", "import", str(small)).stderr == "Imported 10 log entries\n"
    assert len(found(kappa, "pilot review")) == 8
    assert found(kappa, "before any") == [1]


def test_imported_rows_are_stored_as_the_orm_stores_them(kappa, db_url, tmp_path):
    database = sqlite_file(db_url)
    kappa(
        "log", "Kappa Motors", "Same values", "--with", "Mori Aya", "--with", "Ito Ken", "--when",
        "2026-03-01 14:30:15", "--channel", "visit", "--kind", "feedback", "--sentiment", "negative",
        "--csat", "2", "--nps", "7", "--tag", "qbr", "--tag", "デモ",
    )  # fmt: skip
    path = tmp_path / "log.csv"
    path.write_text(
        f"{HEADER}\nKappa Motors,2026-03-01T05:30:15+00:00,visit,feedback,Same values,"
        "Mori Aya;Ito Ken,negative,2,7,qbr;デモ\n",
        encoding="utf-8",
    )
    kappa("log", "import", str(path))
    with contextlib.closing(sqlite3.connect(database)) as connection:
        added, imported = connection.execute(
            "SELECT *, typeof(occurred_at), typeof(tags), typeof(csat) FROM log_entry WHERE id IN (2, 3) "
            "ORDER BY id"
        ).fetchall()
        links = connection.execute(
            "SELECT log_entry_id, contact_id FROM log_contact ORDER BY 1, 2"
        ).fetchall()
    assert imported[1:] == added[1:]
    assert added[2] == "2026-03-01 05:30:15.000000"  # naive UTC, as SQLAlchemy writes it
    assert links == [(2, 1), (2, 2), (3, 1), (3, 2)]


# --- the direct path on SQLite and the long way ----------------------------------------------------

PROBE = (
    "import sys\n"
    "from kamctl.__main__ import main\n"
    "code = main(sys.argv[1:])\n"
    "sys.stderr.write(f'sqlalchemy imported: {\"sqlalchemy\" in sys.modules}\\n')\n"
    "sys.exit(code)\n"
)


def test_an_import_into_a_current_sqlite_file_never_loads_sqlalchemy(kappa, db_url, tmp_path):
    sqlite_file(db_url)
    path = tmp_path / "log.csv"
    write_log_csv(path, 30)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "log", "import", str(path)],
        capture_output=True, text=True, timeout=120, env=dict(os.environ),
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "Imported 30 log entries\nsqlalchemy imported: False\n")
    assert len(entries(kappa)) == 31
    assert len(found(kappa, "pilot review")) == 24
    kappa("log", "Kappa Motors", "Written after the import")
    assert found(kappa, "written after") == [32]


def test_an_import_into_an_older_schema_migrates_it_first(tmp_path, monkeypatch):
    database = tmp_path / "old.db"
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "dbs" / "v0001.sqlite", database)
    monkeypatch.setenv("KAMCTL_DB", str(database))
    with contextlib.closing(sqlite3.connect(database)) as connection:
        (account,) = connection.execute("SELECT name FROM account ORDER BY id LIMIT 1").fetchone()
        (before,) = connection.execute("SELECT COUNT(*) FROM log_entry").fetchone()
    path = tmp_path / "log.csv"
    path.write_text(
        f"{HEADER}\n{account},2026-11-01,call,,Imported into an old file,,,,,\n", encoding="utf-8"
    )
    outcome = invoke("log", "import", str(path))
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stderr.splitlines()[-1] == "Imported 1 log entry"
    with contextlib.closing(sqlite3.connect(database)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (SCHEMA_VERSION,)
        ]
        assert connection.execute("SELECT COUNT(*) FROM log_entry").fetchone() == (before + 1,)
    assert [e["notes"] for e in invoke("log", "search", "old file", "-f", "json").json()] == [
        "Imported into an old file"
    ]


def test_a_database_locked_by_another_writer_is_one_clean_error(kappa, db_url, tmp_path, monkeypatch):
    database = sqlite_file(db_url)
    monkeypatch.setattr("kamctl.store.direct.BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "log.csv"
    write_log_csv(path, 3)
    before = snapshot(database)
    with contextlib.closing(sqlite3.connect(database, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        outcome = kappa("log", "import", str(path), exit=1)
        other.execute("ROLLBACK")
    assert outcome.stderr == (
        "Error: another kamctl process has been writing to the database for more than 0.2 s; "
        "nothing was changed, try again when it has finished\n"
    )
    assert snapshot(database) == before
    assert kappa("log", "import", str(path)).stderr == "Imported 3 log entries\n"


moments = st.datetimes(
    min_value=datetime(1, 1, 2),  # noqa: DTZ001 (the bounds of a strategy are naive)
    max_value=datetime(9999, 12, 30),  # noqa: DTZ001
    timezones=st.timezones(),
) | st.datetimes(timezones=st.just(UTC))


@settings(max_examples=300, deadline=None)
@given(moment=moments)
def test_moments_are_encoded_exactly_as_sqlalchemy_encodes_them(moment):
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    from kamctl.store.log_import import SQLiteMoments
    from kamctl.store.types import UTCDateTime

    dialect = sqlite_dialect.dialect()
    stored = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)(moment)
    assert SQLiteMoments()(moment) == stored


# --- the row checks, against the reading that they replaced -----------------------------------------


def reference_import(
    rows: list[SourceRow], lookups: ImportLookups, *, now: datetime, unknown: set | None = None
):
    """What `log import` made of rows before rows were streamed (kamctl 0.x, `plan_log_import`).

    `unknown` collects the ignored columns even when a row crashes the old reading."""
    planned, problems, unknown = [], [], set() if unknown is None else unknown
    known = {name: name for name in IMPORT_FIELDS} | {
        "id": "", "follow_up_id": "", "date": "when", "occurred_at": "when", "account_name": "account"
    }  # fmt: skip
    headers: dict[str, str] = {}
    for row in rows:
        if row.problem:
            problems.append(f"{row.where}: {row.problem}")
            continue
        values: dict[str, Any] = {}
        for header, value in row.values.items():
            if header not in headers:
                name = known.get(re.sub(r"[\s-]+", "_", str(header).strip().casefold()))
                headers[header] = "?" if name is None else name
                if name is None:
                    unknown.add(str(header))
            if headers[header] and headers[header] != "?":
                values[headers[header]] = value  # the formula guard is undone by the reading now
        try:
            planned.append(reference_row(values, lookups, now=now))
        except KamctlError as exc:
            problems.append(f"{row.where}: {exc}")
    return planned, problems, sorted(unknown)


def reference_row(values: Mapping[str, Any], lookups: ImportLookups, *, now: datetime) -> tuple:
    account_text = str(values.get("account") or "").strip()
    if not account_text:
        raise InvalidValue("the account is missing")
    account_id = lookups.accounts.get(account_text.casefold())
    if account_id is None:
        raise InvalidValue(f"no account {account_text!r}{did_you_mean(account_text, lookups.account_names)}")
    when = values.get("when")
    occurred_at = parse_when(str(when), now=now) if when not in (None, "") else now
    try:
        occurred_at.astimezone(UTC)
    except OverflowError:  # this failed at the insert before; it is a problem of its row now
        raise InvalidValue(
            f"cannot store {str(when)!r}: in UTC it falls outside the years 1 to 9999"
        ) from None
    fields = check_entry_fields(
        {
            k: values[k]
            for k in ("channel", "kind", "sentiment", "csat", "nps")
            if values.get(k) not in (None, "")
        }
    )
    contact_ids: list[int] = []
    for name in split_list(values.get("contacts")):
        contact_id = lookups.contacts.get((account_id, name.casefold()))
        if contact_id is None:
            known = lookups.contact_names.get(account_id, ())
            raise InvalidValue(f"no contact {name!r} at {account_text}{did_you_mean(name, known)}")
        if contact_id not in contact_ids:
            contact_ids.append(contact_id)
    notes = values.get("notes")
    return (
        account_id,
        occurred_at,
        fields.get("channel", "meeting"),
        fields.get("kind", "interaction"),
        fields.get("sentiment"),
        fields.get("csat"),
        fields.get("nps"),
        clean_notes(str(notes)) if notes is not None else "",
        tuple(normalise_tags(split_list(values.get("tags")))),
        tuple(contact_ids),
    )


LOOKUPS = ImportLookups(
    accounts={"kappa motors": 1, "ブルー商事": 2, "=sum": 3},
    account_names=["Kappa Motors", "ブルー商事", "=SUM"],
    contacts={(1, "ito ken"): 11, (1, "mori aya"): 12, (2, "田中 花子"): 21},
    contact_names={1: ["Ito Ken", "Mori Aya"], 2: ["田中 花子"]},
)

CELLS = {
    "account": ["Kappa Motors", " kappa MOTORS ", "ブルー商事", "Kapa", "", " ", "'=SUM", "=sum", "'-x"],
    "when": [
        "", " ", "2026-11-01", "2026-11-01 10:00", "2026-11-01T10:00:00+00:00", " 2026-11-01T10:00 ",
        "yesterday", "next year", "2026-13-01T10:00", "0001-01-01T00:30+05:00", "9999-12-31T23:00-05:00",
    ],
    "channel": ["", "call", " Visit ", "fax", " ", "'=call"],
    "kind": ["", "feedback", "WIN", "x"],
    "notes": ["", "plain", "trailing  ", "\n\nlines \n  two\n", "a\u2028b", "tab\there", "'=cmd", "全角\u3000"],
    "contacts": ["", "Ito Ken", "ito ken;MORI AYA;Ito Ken", ";", "Nobody", "田中 花子"],
    "sentiment": ["", "positive", " NEGATIVE", "meh", " "],
    "csat": ["", "4", "4.0", " 5 ", "6", "x", " ", "nan"],
    "nps": ["", "10", "-1", "3.5"],
    "tags": ["", "a", "a;b;a", " ; x ;", "qbr,デモ", "'+1"],
}  # fmt: skip
header_names = st.sampled_from(
    [*IMPORT_FIELDS, "Date", "occurred-at", "Account Name", "id", "follow_up_id", "owner", "when"]
)


@st.composite
def csv_files(draw) -> str:
    header = draw(st.lists(header_names, min_size=1, max_size=12))
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        width = draw(st.sampled_from([len(header), len(header), len(header) - 1, len(header) + 1, 0]))
        row = []
        for position in range(max(width, 0)):
            name = header[position] if position < len(header) else "notes"
            field = {"date": "when", "occurred-at": "when", "account name": "account"}.get(
                name.casefold(), name
            )
            row.append(draw(st.sampled_from(CELLS.get(field, ["", "anything"]))))
        rows.append(row)
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    return text.getvalue()


def checked(rows, lookups: ImportLookups):
    check = LogImport(lookups, now=NOW)
    planned = [tuple(entry) for entry in check.entries(rows)]
    return planned, check.problems, check.unknown_columns


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=csv_files())
def test_csv_rows_are_checked_as_before(tmp_path, text):
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    expected_planned, expected_problems, expected_unknown = reference_import(
        read_rows(path), LOOKUPS, now=NOW
    )
    with RowFile(path) as rows:
        planned, problems, unknown = checked(rows, LOOKUPS)
    assert problems == expected_problems
    assert unknown == expected_unknown
    if not problems:  # after the first problem nothing will be imported, so nothing is planned
        assert planned == expected_planned


json_values = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 12), st.floats(allow_nan=False), st.text(max_size=8),
    st.sampled_from([v for cells in CELLS.values() for v in cells]),
    st.lists(st.sampled_from(["Ito Ken", "a", "", 3]), max_size=3),
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(st.dictionaries(header_names, json_values, max_size=8), max_size=5))
def test_json_rows_are_checked_as_before(tmp_path, items):
    path = tmp_path / "log.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    expected_planned, expected_problems, crashed, expected_unknown = [], [], set(), set()
    for row in read_rows(path):
        try:
            planned, problems, _ = reference_import([row], LOOKUPS, now=NOW, unknown=expected_unknown)
        except AttributeError:  # a number where text was expected crashed the old reading
            crashed.add(row.where)
            continue
        expected_planned += planned
        expected_problems += problems
    with RowFile(path) as rows:
        planned, problems, unknown = checked(rows, LOOKUPS)
    assert [p for p in problems if p.split(":")[0] not in crashed] == expected_problems
    assert {p.split(":")[0] for p in problems} >= crashed  # now a problem of its item
    assert unknown == sorted(expected_unknown)
    if not problems:
        assert planned == expected_planned


# --- reading files -----------------------------------------------------------------------------------


NOT_TEXT = (
    "{path} is neither UTF-8 nor Shift_JIS (cp932) text: "
    "name the encoding it is in with --encoding (e.g. --encoding latin-1)"
)


def test_unreadable_files_are_one_clean_error(tmp_path):
    for name, data, message in [
        ("missing.csv", None, "no file '{path}'"),
        ("latin.csv", "account\nKapp\xe4\n".encode("latin-1"), NOT_TEXT),
        ("late.csv", b"account\n" + b"Kappa\n" * 50_000 + b"\xff\n", NOT_TEXT),
        ("empty.csv", b"", "{path} is empty"),
        (
            "broken.json",
            b"[{",
            "{path} is not valid JSON: Expecting property name enclosed in double quotes at line 1",
        ),
        ("list.json", b"[1]", "{path}: item 1 is not an object"),
    ]:
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        with pytest.raises(InvalidValue) as raised:
            read_rows(path)
        assert str(raised.value) == message.format(path=path)
    with pytest.raises(InvalidValue, match="is a folder"):
        read_rows(tmp_path)


def test_a_progress_bar_at_a_terminal(kappa, tmp_path):
    """The bar counts the rows first (a second read of the file); what it shows is Rich's."""
    import pty

    path = tmp_path / "log.csv"
    write_log_csv(path, 2_500)
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [shutil.which("kamctl") or pytest.fail("kamctl is not installed"), "log", "import", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=secondary,
        env={**os.environ, "COLUMNS": "100"},
    )
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closes with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    assert process.wait(timeout=120) == 0, shown
    assert b"Importing log entries" in shown and b"100%" in shown
    assert b"Imported 2500 log entries" in shown
    assert len(entries(kappa)) == 2_501
