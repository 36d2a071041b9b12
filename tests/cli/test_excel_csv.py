"""The CSV that Japanese Excel and CRMs write, and the CSV that Excel opens (SPEC §2 Files, issue 13):
Shift_JIS (cp932) files, `--encoding`, what `--dry-run` says of the file, and `--excel` exports."""

from __future__ import annotations

import pytest
from helpers import run_installed

NEITHER = (
    "{path} is neither UTF-8 nor Shift_JIS (cp932) text: "
    "name the encoding it is in with --encoding (e.g. --encoding latin-1)"
)


def accounts(run) -> list[dict]:
    return run("accounts", "list", "-f", "json").json()


# --- encodings -------------------------------------------------------------------------------------


def test_a_cp932_file_from_japanese_excel_is_detected_by_the_installed_command(tmp_path, db_url):
    path = tmp_path / "顧客.csv"
    path.write_bytes("name,tier,industry\r\n山田商事,key,製造\r\n①テック,standard,ＩＴ\r\n".encode("cp932"))
    outcome = run_installed("accounts", "import", str(path))
    assert outcome.stderr == "Imported 2 rows: 2 new, 0 changed\n"
    listed = run_installed("accounts", "list", "-f", "json").json()
    assert [(a["name"], a["industry"]) for a in listed] == [("①テック", "ＩＴ"), ("山田商事", "製造")]


def test_utf8_with_and_without_a_bom_reads_the_same(run, tmp_path):
    plain, bom = tmp_path / "plain.csv", tmp_path / "bom.csv"
    plain.write_bytes("name,tier\nÄlpha 山田,key\n".encode())
    bom.write_bytes("\ufeffname,tier\nBeta 山田,key\n".encode())
    run("accounts", "import", str(plain))
    run("accounts", "import", str(bom))
    assert [(a["name"], a["tier"]) for a in accounts(run)] == [("Beta 山田", "key"), ("Älpha 山田", "key")]


def test_dry_run_says_the_encoding_read_and_the_columns_it_ignores(run, tmp_path):
    path = tmp_path / "sfdc.csv"
    text = "Account Name,Phone,Account Owner,Website\r\n山田商事,03-1234-5678,佐藤,https://example.jp\r\n"
    path.write_bytes(text.encode("cp932"))
    outcome = run("accounts", "import", str(path), "--dry-run")
    assert outcome.stderr == (
        "read as Shift_JIS (cp932)\n"
        "ignored columns: Phone, Website\n"
        "Would import 1 rows: 1 new, 0 updated (dry run)\n"
    )
    assert accounts(run) == []
    utf8 = tmp_path / "utf8.csv"
    utf8.write_text("name,Fax\nAcme,1\n")
    assert run("accounts", "import", str(utf8), "--dry-run").stderr == (
        "read as UTF-8\nignored columns: Fax\nWould import 1 rows: 1 new, 0 updated (dry run)\n"
    )


def test_dry_run_of_orders_contacts_and_log_says_the_encoding_and_ignored_columns(run, tmp_path):
    run("accounts", "add", "山田商事")
    orders = tmp_path / "orders.csv"
    orders.write_bytes("account,date,amount,通貨\n山田商事,2026-01-05,1000,円\n".encode("cp932"))
    assert run("accounts", "orders", "import", str(orders), "--dry-run").stderr == (
        "read as Shift_JIS (cp932)\nignored columns: 通貨\nWould import 1 orders (dry run)\n"
    )
    contacts = tmp_path / "contacts.csv"
    contacts.write_bytes("account,name,部署\n山田商事,山田 太郎,営業\n".encode("cp932"))
    assert run("contacts", "import", str(contacts), "--dry-run").stderr == (
        "read as Shift_JIS (cp932)\nignored columns: 部署\nWould import 1 contacts into 山田商事 (dry run)\n"
    )
    log = tmp_path / "log.csv"
    log.write_bytes("account,when,channel,notes\n山田商事,2026-01-05,call,見積もり\n".encode("cp932"))
    assert run("log", "import", str(log), "--dry-run").stderr == (
        "read as Shift_JIS (cp932)\nWould import 1 log entries (dry run)\n"
    )


@pytest.mark.parametrize(
    "command",
    [
        ("accounts", "import", "--update"),
        ("accounts", "orders", "import"),
        ("contacts", "import"),
        ("log", "import"),
    ],
)
def test_encoding_names_the_files_encoding_on_every_import(run, tmp_path, command):
    run("accounts", "add", "Käppa")
    path = tmp_path / "latin.csv"
    path.write_bytes(
        b"name,account,date,amount,when,channel\nK\xe4ppa,K\xe4ppa,2026-01-05,5,2026-01-05,call\n"
    )
    # Not UTF-8, and its `\xe4p` would read as a kanji in cp932: only --encoding gets it right.
    outcome = run(*command, str(path), "--encoding", "latin-1", "--dry-run")
    assert "read as iso-8859-1\n" in outcome.stderr
    run(*command, str(path), "--encoding", "latin-1")
    assert [a["name"] for a in accounts(run)] == ["Käppa"]


@pytest.mark.parametrize(
    "command",
    [("accounts", "import"), ("accounts", "orders", "import"), ("contacts", "import"), ("log", "import")],
)
def test_an_unknown_encoding_is_one_error_line(run, tmp_path, command):
    path = tmp_path / "a.csv"
    path.write_text("name\nAcme\n")
    for name in ("klingon", "base64"):
        assert run(*command, str(path), "--encoding", name, exit=1).stderr == (
            f"Error: unknown encoding '{name}': name one such as utf-8, cp932 (Shift_JIS) or latin-1\n"
        )


def test_a_file_in_neither_encoding_says_how_to_name_its_encoding(run, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("name\nCaf\xe9\n".encode("latin-1"))
    assert run("accounts", "import", str(path), exit=1).stderr == f"Error: {NEITHER.format(path=path)}\n"
    run("accounts", "import", str(path), "--encoding", "latin-1")
    assert [a["name"] for a in accounts(run)] == ["Café"]
    wrong = tmp_path / "sjis.csv"
    wrong.write_bytes("name\n山田\n".encode("cp932"))
    assert run("accounts", "import", str(wrong), "--encoding", "utf-8", exit=1).stderr == (
        f"Error: {wrong} is not UTF-8 text: name the encoding it is in with --encoding\n"
    )


def test_cp932_is_detected_on_a_late_line_without_reading_the_file_as_utf8_first(run, tmp_path):
    path = tmp_path / "late.csv"
    rows = "".join(f"Acme {number},standard\n" for number in range(5_000))
    path.write_bytes(("name,tier\n" + rows + "山田商事,key\n").encode("cp932"))
    run("accounts", "import", str(path))
    assert [a["name"] for a in accounts(run) if a["tier"] == "key"] == ["山田商事"]
