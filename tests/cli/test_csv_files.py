"""CSV in and out (SPEC §2 Files): RFC 4180 both ways, every export imports back to the same rows,
and an import file that is endless, binary or absurd is one `Error:` line, never a hang."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import pytest
from helpers import invoke, new_database, run_installed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.postgres

IMPORTS = {
    "accounts": ("accounts", "import"),
    "contacts": ("contacts", "import"),
    "orders": ("accounts", "orders", "import"),
    "log": ("log", "import"),
}


def accounts(run) -> list[dict]:
    return run("accounts", "list", "-f", "json").json()


# --- reading what people and spreadsheets write ------------------------------------------------------


def test_a_tag_given_with_a_separator_is_two_tags_and_comes_back_from_an_export(run, tmp_path, monkeypatch):
    """`;` and `,` separate tags in every CSV cell, so `--tag 'a,b'` is the tags a and b: a tag
    that held one could not be imported back from an export."""
    run("accounts", "add", "Acme", "--tag", "east,key", "--tag", "jp; 2026")
    run("log", "Acme", "met the buyer", "--tag", "price,renewal")
    assert run("accounts", "show", "Acme", "-f", "json").json()["account"]["tags"] == ["east", "key", "jp", "2026"]
    accounts, log = tmp_path / "accounts.csv", tmp_path / "log.csv"
    run("accounts", "export", "-o", str(accounts))
    run("log", "export", "-o", str(log))
    monkeypatch.setenv("KAMCTL_DB", str(tmp_path / "other.db"))
    run("accounts", "import", str(accounts))
    run("log", "import", str(log))
    assert run("accounts", "show", "Acme", "-f", "json").json()["account"]["tags"] == ["east", "key", "jp", "2026"]
    assert run("log", "list", "-f", "json").json()[0]["tags"] == ["price", "renewal"]


def test_doubled_quotes_are_one_quote(run, tmp_path):
    file = tmp_path / "accounts.csv"
    file.write_text('name,notes\nAcme,"He said ""yes"", then left"\n', encoding="utf-8")
    run_installed("accounts", "import", str(file))
    assert [(a["name"], a["notes"]) for a in accounts(run)] == [("Acme", 'He said "yes", then left')]


@pytest.mark.parametrize("separator", ["\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_line_separators_that_are_not_csv_line_breaks_stay_in_their_cell(run, tmp_path, separator):
    file = tmp_path / "accounts.csv"
    file.write_text(
        f'name,notes\nAcme,"one{separator}two"\nBeta,three{separator}four\n', encoding="utf-8", newline=""
    )
    assert run("accounts", "import", str(file)).stderr == "Imported 2 rows: 2 new, 0 changed\n"
    assert [(a["name"], a["notes"]) for a in accounts(run)] == [
        ("Acme", f"one{separator}two"),
        ("Beta", f"three{separator}four"),
    ]


def test_the_formula_guard_of_an_export_is_taken_off_by_every_import(run, tmp_path):
    (tmp_path / "accounts.csv").write_text("name,notes,tags\n'=Acme,'+1 555,'@home;x\n")
    run("accounts", "import", str(tmp_path / "accounts.csv"))
    assert [(a["name"], a["notes"], a["tags"]) for a in accounts(run)] == [
        ("=Acme", "+1 555", ["@home", "x"])
    ]
    (tmp_path / "contacts.csv").write_text("account,name,phone\n'=Acme,'-Ito,'+81 3 1234 5678\n")
    run("contacts", "import", str(tmp_path / "contacts.csv"))
    assert [(c["name"], c["phone"]) for c in run("contacts", "list", "=Acme", "-f", "json").json()] == [
        ("-Ito", "+81 3 1234 5678")
    ]
    (tmp_path / "orders.csv").write_text("account,date,amount\n'=Acme,2026-10-01,100\n")
    run("accounts", "orders", "import", str(tmp_path / "orders.csv"))
    assert [o["account"] for o in run("accounts", "orders", "list", "-f", "json").json()] == ["=Acme"]
    (tmp_path / "log.csv").write_text("account,notes,contacts\n'=Acme,'=1+1,'-Ito\n")
    run("log", "import", str(tmp_path / "log.csv"))
    [entry] = run("log", "list", "-f", "json").json()
    assert (entry["account"], entry["notes"], entry["contacts"]) == ("=Acme", "=1+1", ["-Ito"])


def test_semicolon_files_still_import_and_a_quoted_name_does_not_decide(run, tmp_path):
    file = tmp_path / "excel.csv"
    file.write_bytes('\ufeffname;notes;"Account Owner, sales"\nAcme;"a; b, ""c""";Ito, Ken\n'.encode())
    run("accounts", "import", str(file))
    assert [(a["name"], a["notes"]) for a in accounts(run)] == [("Acme", 'a; b, "c"')]
    file.write_text('name\n"Acme; Inc"\n')  # one column: a `;` in a cell is text
    run("accounts", "import", str(file))
    assert [a["name"] for a in accounts(run)] == ["Acme", "Acme; Inc"]


def test_a_row_is_numbered_by_the_line_it_starts_on(run, tmp_path):
    file = tmp_path / "accounts.csv"
    file.write_text('name,stage,notes\nAcme,2,"one\ntwo\nthree"\nBeta,7,"four\nfive"\nGamma,9,\n')
    outcome = run("accounts", "import", str(file), exit=1)
    assert outcome.stderr.splitlines() == [
        "line 5: stage must be between 1 and 5 (got '7')",
        "line 7: stage must be between 1 and 5 (got '9')",
        "Error: 2 of 3 rows are invalid; nothing was imported",
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('name,notes\nAcme,ok\nBeta,"never closed\nGamma,x\n', "line 3: a quoted cell is never closed (its closing '\"' is missing)"),
        ('name,notes\nAcme,"He said "yes""\n', "line 2: a '\"' inside a quoted cell must be doubled ('\"\"')"),
        ("name\nA\x00B\n", "line 2 holds a NUL character; is it a text file?"),
    ],
)  # fmt: skip
def test_a_broken_csv_file_is_one_error_naming_its_line(run, tmp_path, content, problem):
    file = tmp_path / "broken.csv"
    file.write_text(content, newline="")
    for command in IMPORTS.values():
        outcome = run(*command, str(file), exit=1)
        assert outcome.stderr == f"Error: {file}: {problem}\n"
    assert accounts(run) == []


def test_a_line_or_a_cell_too_long_to_be_csv_is_refused(run, tmp_path, monkeypatch):
    monkeypatch.setattr("kamctl.io.rows.READ_BLOCK", 16)  # far below the longest line, as in real use
    monkeypatch.setattr("kamctl.io.rows.LONGEST_LINE", 50)
    monkeypatch.setattr("kamctl.io.rows.LONGEST_CELL", 20)
    file = tmp_path / "long.csv"
    file.write_text("name,notes\n" + "A," + "x" * 200 + "\n")
    limit = csv.field_size_limit()  # the csv module's limit is the whole process's
    try:
        assert run("accounts", "import", str(file), exit=1).stderr == (
            f"Error: {file}: line 2 is longer than 50 characters; is it a CSV file?\n"
        )
        file.write_text("name,notes\n" + 'A,"' + "x\n" * 15 + '"\n')  # short lines, one long cell
        assert run("accounts", "import", str(file), exit=1).stderr == (
            f"Error: {file}: line 2: a cell is longer than 20 characters\n"
        )
    finally:
        csv.field_size_limit(limit)


@pytest.mark.parametrize("device", ["/dev/full", "/dev/zero"])
def test_a_device_is_refused_before_it_is_read(run, device):
    """`/dev/full` and `/dev/zero` never end: reading them was a hang that filled the memory."""
    outcome = run_installed("accounts", "import", device, exit=1)
    assert outcome.stderr == f"Error: {device} is a device, not a file: name a CSV or JSON file\n"
    for command in IMPORTS.values():
        outcome = run(*command, device, exit=1)
        assert outcome.stderr == f"Error: {device} is a device, not a file: name a CSV or JSON file\n"


def test_db_import_refuses_a_device_and_json_nested_too_deeply(run, tmp_path):
    assert run("db", "import", "/dev/zero", exit=1).stderr == (
        "Error: /dev/zero is a device, not a file: name a CSV or JSON file\n"
    )
    deep = tmp_path / "deep.json"
    deep.write_text('{"kamctl_dump": 1, "tables": ' + "[" * 100_000 + "]" * 100_000 + "}")
    outcome = run_installed("db", "import", str(deep), exit=1)
    assert outcome.stderr == (
        "Error: the dump is nested too deeply to be a kamctl dump; import a file written by kamctl db export\n"
    )


def test_json_nested_too_deeply_is_one_error_in_every_import(run, tmp_path):
    run("accounts", "add", "Acme")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    outcome = run_installed("accounts", "import", str(deep), exit=1)
    assert outcome.stderr == f"Error: {deep} nests lists or objects too deeply (at most 32 levels)\n"
    nested: object = "x"
    for _ in range(40):
        nested = [nested]
    item = tmp_path / "item.json"
    item.write_text(
        json.dumps([{"account": "Acme", "name": "A", "date": "2026-10-01", "amount": 1, "tags": nested}])
    )
    for command in IMPORTS.values():
        assert run(*command, str(deep), exit=1).stderr == (
            f"Error: {deep} nests lists or objects too deeply (at most 32 levels)\n"
        )
        assert run(*command, str(item), exit=1).stderr == (
            f"Error: {item}: item 1: values nest lists or objects too deeply (at most 32 levels)\n"
        )
    assert [a["name"] for a in accounts(run)] == ["Acme"]


# --- exports import back to the same rows --------------------------------------------------------------


def test_a_bare_carriage_return_in_a_cell_is_quoted_on_export(run, tmp_path):
    """Python's csv module quotes only its own line terminator's characters: `one\\rtwo` went out
    unquoted and came back as two rows (the second an account named `two`)."""
    run("accounts", "add", "Acme", "--note", "one\rtwo")
    run("contacts", "add", "Acme", "Ito", "--title", "head\rof sales")
    for kind, export in [("accounts", ("accounts", "export")), ("contacts", ("contacts", "export"))]:
        file = tmp_path / f"{kind}.csv"
        run(*export, "-o", str(file))
        assert b"\r" in file.read_bytes()
        assert [row["id"] for row in csv.DictReader(file.open(newline=""))] == ["1"]
    other = tmp_path / "other.db"
    run("--db", str(other), "accounts", "import", str(tmp_path / "accounts.csv"))
    run("--db", str(other), "contacts", "import", str(tmp_path / "contacts.csv"))
    assert [
        (a["name"], a["notes"]) for a in run("--db", str(other), "accounts", "list", "-f", "json").json()
    ] == [("Acme", "one\rtwo")]
    assert [c["title"] for c in run("--db", str(other), "contacts", "list", "Acme", "-f", "json").json()] == [
        "head\rof sales"
    ]


def test_log_export_imports_back_with_quotes_and_commas(run, tmp_path):
    run("accounts", "add", "Acme, Inc")
    run("log", "Acme, Inc", 'He said "yes", then "no", then ""maybe""', "--tag", "=q")
    file = tmp_path / "log.csv"
    run("log", "export", "-o", str(file))
    run("--db", str(tmp_path / "other.db"), "accounts", "add", "Acme, Inc")
    run("--db", str(tmp_path / "other.db"), "log", "import", str(file))
    assert run("--db", str(tmp_path / "other.db"), "log", "export").stdout == file.read_text()


# Text free of terminal control characters (SPEC §2): C0 other than tab and line breaks, DEL, C1
# and format characters (bidi controls among them) are written escaped, so they are left out here.
text = st.text(
    st.one_of(
        st.sampled_from(list("\"',;=+-@ \t\r\n\u2028\u2029日本語ｶﾅ")),
        st.characters(blacklist_categories=("Cs", "Cc", "Cf")),
    ),
    max_size=10,
)
list_item = text.map(lambda t: t.replace(";", "").replace(",", "")).filter(str.strip)
"""A tag or a contact in a list cell, which `;` (and for tags `,`) separates."""


@st.composite
def portfolios(draw) -> dict[str, list[dict]]:
    names = [f"{i}. {draw(text)}" for i in range(draw(st.integers(1, 3)))]
    accounts = [
        {"name": name, "industry": draw(text), "owner": draw(text), "notes": draw(text), "tags": draw(st.lists(list_item, max_size=2))}
        for name in names
    ]  # fmt: skip
    contacts = [
        {"account": account, "name": f"{j}. {draw(list_item)}", "title": draw(text), "notes": draw(text)}
        for account in names
        for j in range(draw(st.integers(0, 2)))
    ]
    log = []
    for _ in range(draw(st.integers(0, 3))):
        account = draw(st.sampled_from(names))
        people = [c["name"] for c in contacts if c["account"] == account]
        log.append(
            {
                "account": account,
                "when": draw(st.sampled_from(["2026-10-01T09:30", "2026-11-02"])),
                "notes": draw(text),
                "tags": draw(st.lists(list_item, max_size=2)),
                "contacts": draw(st.lists(st.sampled_from(people), max_size=2)) if people else [],
            }
        )
    orders = [
        {"account": draw(st.sampled_from(names)), "date": f"2026-0{month}-01", "amount": draw(st.integers(0, 10**9))}
        for month in range(1, draw(st.integers(0, 3)) + 1)
    ]  # fmt: skip
    return {"accounts": accounts, "contacts": contacts, "log": log, "orders": orders}


EXPORTS = {
    "accounts": ("accounts", "export", "-f", "csv"),
    "contacts": ("contacts", "export", "-f", "csv"),
    "log": ("log", "export", "-f", "csv"),
    "orders": ("accounts", "orders", "list", "-f", "csv"),
}


def exported(database: Path, kind: str) -> str:
    """What an export writes, byte for byte (CliRunner's `stdout` would turn CRLF into LF)."""
    from typer.testing import CliRunner

    from kamctl.cli import app

    result = CliRunner().invoke(app, ["--db", str(database), *EXPORTS[kind]], prog_name="kamctl")
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes.decode()


def without_ids(csv_text: str) -> list[list[str]]:
    """Orders get new ids in the order they are imported; the rows are compared without them."""
    return sorted(row[1:] for row in csv.reader(csv_text.splitlines(keepends=True)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(portfolio=portfolios())
def test_every_csv_export_imports_into_an_empty_database_as_the_same_rows(run, portfolio):
    with tempfile.TemporaryDirectory() as folder:
        first, second = new_database(Path(folder, "first.db")), new_database(Path(folder, "second.db"))
        for kind, rows in portfolio.items():  # made from JSON, so that only CSV is under test here
            if rows:
                Path(folder, f"{kind}.json").write_text(json.dumps(rows))
                invoke("--db", str(first), *IMPORTS[kind], str(Path(folder, f"{kind}.json")))
        exports = {kind: exported(first, kind) for kind in EXPORTS}
        for kind, export in exports.items():
            if export.count("\n") > 1:
                Path(folder, f"{kind}.csv").write_text(export, newline="")
                invoke("--db", str(second), *IMPORTS[kind], str(Path(folder, f"{kind}.csv")))
        again = {kind: exported(second, kind) for kind in EXPORTS}
        assert again["accounts"] == exports["accounts"]
        assert again["contacts"] == exports["contacts"]
        assert again["log"] == exports["log"]
        assert without_ids(again["orders"]) == without_ids(exports["orders"])
