"""`accounts import` and `accounts export`: all-or-nothing, line-numbered errors, round trip (SPEC §3)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.postgres


def names(run) -> list[str]:
    return [account["name"] for account in run("accounts", "list", "-f", "json").json()]


def test_csv_with_crm_headers_imports_every_row(run, tmp_path):
    file = tmp_path / "crm.csv"
    file.write_text(
        "Account Name,Industry,Annual Revenue,Account Owner,Tier,Tags\n"
        'Kappa Motors,automotive,"12,000,000",sato,key,auto;jp\n'
        "北斗精機株式会社,manufacturing,,tanaka,,\n",
        encoding="utf-8",
    )
    outcome = run("accounts", "import", str(file))
    assert outcome.stderr == "Imported 2 rows: 2 new, 0 changed\n"
    accounts = {a["name"]: a for a in run("accounts", "list", "-f", "json").json()}
    assert accounts["Kappa Motors"]["revenue"] == 12_000_000
    assert accounts["Kappa Motors"]["owner"] == "sato"
    assert accounts["Kappa Motors"]["tags"] == ["auto", "jp"]
    assert accounts["北斗精機株式会社"]["tier"] == "standard"
    assert accounts["北斗精機株式会社"]["revenue"] is None


def test_two_columns_for_one_field_take_the_first_that_holds_a_value(run, tmp_path):
    """`name` and `Account Name` both name the account; a blank cell leaves it to the other, and
    a short row simply lacks its last columns."""
    file = tmp_path / "two.csv"
    file.write_text(
        "name,Industry,Account Name,notes,Description\n"
        "Acme,retail,Ignored,first note,second note\n"
        ",,Kappa Motors,,only description\n"
        "Hokuto,,\n",
        encoding="utf-8",
    )
    run("accounts", "import", str(file))
    accounts = {a["name"]: a for a in run("accounts", "list", "-f", "json").json()}
    assert sorted(accounts) == ["Acme", "Hokuto", "Kappa Motors"]
    assert (accounts["Acme"]["industry"], accounts["Acme"]["notes"]) == ("retail", "first note")
    assert (accounts["Kappa Motors"]["industry"], accounts["Kappa Motors"]["notes"]) == (None, "only description")
    assert accounts["Hokuto"]["notes"] is None


def test_excel_bom_and_semicolon_separated_csv(run, tmp_path):
    file = tmp_path / "excel.csv"
    file.write_bytes("\ufeffname;stage\nAcme;3\n".encode())
    run("accounts", "import", str(file))
    assert run("accounts", "list", "-f", "json").json()[0]["stage"] == 3


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(run, tmp_path):
    run("accounts", "add", "Existing")
    file = tmp_path / "bad.csv"
    file.write_text(
        "name,stage,growth,renewal_date\n"
        "Good One,2,3,2027-01-01\n"
        "Bad Stage,7,,\n"
        ",1,1,\n"
        "Good Two,,,\n"
        "existing,,,\n"
        "Bad Date,,,someday\n"
        "good one,,,\n",
        encoding="utf-8",
    )
    outcome = run("accounts", "import", str(file), exit=1)
    lines = outcome.stderr.splitlines()
    assert lines[:5] == [
        "line 3: stage must be between 1 and 5 (got '7')",
        "line 4: no account name (a column 'name' or 'Account Name')",
        "line 6: account 'existing' already exists (--update changes it)",
        lines[3],
        "line 8: account 'good one' is also on line 2",
    ]
    assert lines[3].startswith("line 7: cannot read date 'someday'")
    assert lines[5] == "Error: 5 of 7 rows are invalid; nothing was imported"
    assert names(run) == ["Existing"]


def test_update_changes_existing_accounts_and_records_history(run, tmp_path):
    run("accounts", "add", "Acme", "--stage", "2")
    file = tmp_path / "update.json"
    file.write_text(json.dumps([{"name": "ACME", "stage": 4}, {"name": "Beta", "status": "prospect"}]))
    run("accounts", "import", str(file), exit=1)
    outcome = run("accounts", "import", str(file), "--update")
    assert outcome.stderr == "Imported 2 rows: 1 new, 1 changed\n"
    history = run("accounts", "history", "Acme", "-f", "json").json()
    assert [(h["field"], h["old"], h["new"]) for h in history[1:]] == [("stage", "2", "4")]


def test_dry_run_reports_and_changes_nothing(run, tmp_path):
    file = tmp_path / "new.csv"
    file.write_text("name\nA\nB\n")
    outcome = run("accounts", "import", str(file), "--dry-run")
    assert outcome.stderr == "read as UTF-8\nWould import 2 rows: 2 new, 0 updated (dry run)\n"
    assert names(run) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,stage\nA,1,extra\n", "Error: 1 of 1 row is invalid; nothing was imported"),
        ('[{"name": "A"}, 3]', "item 2 is not an object"),
        ("[{", "is not valid JSON"),
        ("", "is empty"),
    ],
)
def test_broken_files_are_refused(run, tmp_path, content, message):
    file = tmp_path / ("f.json" if content.startswith("[") else "f.csv")
    file.write_text(content)
    outcome = run("accounts", "import", str(file), exit=1)
    assert message in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert names(run) == []


def test_missing_file_and_binary_file(run, tmp_path):
    assert run("accounts", "import", str(tmp_path / "nope.csv"), exit=1).stderr.startswith("Error: no file")
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert run("accounts", "import", str(binary), exit=1).stderr == (
        f"Error: {binary} is neither UTF-8 nor Shift_JIS (cp932) text: "
        "name the encoding it is in with --encoding (e.g. --encoding latin-1)\n"
    )


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_into_an_empty_database_round_trips(run, tmp_path, monkeypatch, fmt):
    run(
        "accounts",
        "add",
        "Kappa Motors",
        "--tier",
        "key",
        "--stage",
        "4",
        "--tag",
        "auto",
        "--tag",
        "jp",
        "--renewal",
        "2027-03-31",
        "--note",
        "line one\nline two",
        "--profit",
        "-5",
        "--share-of-wallet",
        "12.5",
    )
    run("accounts", "add", "北斗精機株式会社", "--growth", "5")
    run("accounts", "add", "Old Co")
    run("accounts", "archive", "Old Co")
    file = tmp_path / f"accounts.{fmt}"
    run("accounts", "export", "-f", fmt, "-o", str(file), "--raw")
    before = run("accounts", "export", "-f", "json").json()

    monkeypatch.setenv("KAMCTL_DB", str(tmp_path / "other.db"))
    run("accounts", "import", str(file))
    after = run("accounts", "export", "-f", "json").json()
    fields = (
        "name",
        "tier",
        "stage",
        "tags",
        "renewal_date",
        "notes",
        "profit",
        "share_of_wallet",
        "growth",
        "archived",
        "owner",
    )
    assert [{k: a[k] for k in fields} for a in after] == [{k: a[k] for k in fields} for a in before]


def test_export_carries_the_current_score_of_each_scored_account(run):
    run("accounts", "add", "Alpha", "--revenue", "100", "--stage", "4")
    run("accounts", "add", "Beta", "--revenue", "50", "--growth", "5")
    run("accounts", "add", "Gamma", "--revenue", "10")
    run("accounts", "add", "Lost Co", "--status", "lost")
    run("accounts", "add", "Old Co", "--revenue", "900")
    run("accounts", "archive", "Old Co")
    ranked = {a["account"]: a["score"] for a in run("score", "-f", "json").json()}
    # Rank normalization over three accounts, default weights: revenue 25, growth 30 (SPEC §4).
    assert ranked == {"Beta": 27.5, "Alpha": 25.0, "Gamma": 0.0}
    exported = run("accounts", "export", "-f", "json").json()
    assert {a["name"]: a["score"] for a in exported} == {**ranked, "Lost Co": None, "Old Co": None}
    rows = run("accounts", "export", "-f", "csv").stdout.splitlines()
    assert [row.rsplit(",", 1)[1] for row in rows] == ["score", "25", "27.5", "0", "", ""]
