"""The CSV that Japanese Excel and CRMs write, and the CSV that Excel opens (SPEC §2 Files, issue 13):
Shift_JIS (cp932) files, `--encoding`, what `--dry-run` says of the file, and `--excel` exports."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import new_database, run_installed

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
        "Would import 1 row: 1 new, 0 updated (dry run)\n"
    )
    assert accounts(run) == []
    utf8 = tmp_path / "utf8.csv"
    utf8.write_text("name,Fax\nAcme,1\n")
    assert run("accounts", "import", str(utf8), "--dry-run").stderr == (
        "read as UTF-8\nignored columns: Fax\nWould import 1 row: 1 new, 0 updated (dry run)\n"
    )


def test_dry_run_of_orders_contacts_and_log_says_the_encoding_and_ignored_columns(run, tmp_path):
    run("accounts", "add", "山田商事")
    orders = tmp_path / "orders.csv"
    orders.write_bytes("account,date,amount,通貨\n山田商事,2026-01-05,1000,円\n".encode("cp932"))
    assert run("accounts", "orders", "import", str(orders), "--dry-run").stderr == (
        "read as Shift_JIS (cp932)\nignored columns: 通貨\nWould import 1 order (dry run)\n"
    )
    contacts = tmp_path / "contacts.csv"
    contacts.write_bytes("account,name,部署\n山田商事,山田 太郎,営業\n".encode("cp932"))
    assert run("contacts", "import", str(contacts), "--dry-run").stderr == (
        "read as Shift_JIS (cp932)\nignored columns: 部署\nWould import 1 contact into 山田商事 (dry run)\n"
    )
    log = tmp_path / "log.csv"
    log.write_bytes("account,when,channel,notes\n山田商事,2026-01-05,call,見積もり\n".encode("cp932"))
    assert run("log", "import", str(log), "--dry-run").stderr == (
        "read as Shift_JIS (cp932)\nWould import 1 log entry (dry run)\n"
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


# --- CSV for Excel -----------------------------------------------------------------------------------


EXCEL_EXPORTS = {
    "accounts": (("accounts", "export"), ("accounts", "import")),
    "contacts": (("contacts", "export"), ("contacts", "import")),
    "log": (("log", "export"), ("log", "import")),
    "orders": (("accounts", "orders", "list", "-f", "csv"), ("accounts", "orders", "import")),
}


def small_portfolio(run) -> None:
    run("accounts", "add", "山田商事", "--tier", "key", "--note", '一行目\n二行目, "引用"')
    run("contacts", "add", "山田商事", "山田 太郎", "--title", "部長")
    run("log", "山田商事", "見積もり, 提出\n次回: =SUM(A1)", "--when", "2026-01-05")
    run("accounts", "orders", "add", "山田商事", "1200.5", "--date", "2026-01-05")


def exported(path: Path, *command: str) -> list[list[str]]:
    """What the installed command writes on stdout, as bytes into `path`, and its CSV rows."""
    with path.open("wb") as stream:
        subprocess.run([shutil.which("kamctl") or "kamctl", *command], stdout=stream, check=True)
    with path.open(newline="", encoding="utf-8-sig") as stream:
        return list(csv.reader(stream))


def without(rows: list[list[str]], *columns: str) -> list[list[str]]:
    """The rows without these columns (ids and dates that another database gives anew)."""
    keep = [index for index, name in enumerate(rows[0]) if name not in columns]
    return [[row[index] for index in keep] for row in rows]


@pytest.mark.parametrize("what", list(EXCEL_EXPORTS))
def test_excel_exports_are_utf8_with_a_bom_and_crlf_and_import_back(run, tmp_path, monkeypatch, what):
    export, import_ = EXCEL_EXPORTS[what]
    small_portfolio(run)
    plain = exported(tmp_path / "plain.csv", *export)
    excel_rows = exported(tmp_path / "excel.csv", *export, "--excel")
    data = (tmp_path / "excel.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not (tmp_path / "plain.csv").read_bytes().startswith(b"\xef")
    assert data.count(b"\r\n") == len(excel_rows) and data.endswith(b"\r\n")  # each row ends in CRLF
    assert excel_rows == plain  # the same cells; a line break inside a quoted cell stays as it was
    monkeypatch.setenv("KAMCTL_DB", str(tmp_path / "again.db"))
    new_database(tmp_path / "again.db")
    if what != "accounts":
        run("accounts", "add", "山田商事")
    run(*import_, str(tmp_path / "excel.csv"))
    again = exported(tmp_path / "again.csv", *export)
    # The score too: it is computed from the orders and the log, which this database does not have.
    unstable = ("id", "created_at", "updated_at", "last_contact", "score")
    assert without(again, *unstable) == without(excel_rows, *unstable)


def test_excel_on_opportunities_and_a_format_that_is_not_csv(run):
    run("accounts", "add", "Acme")
    run("accounts", "opp", "add", "Acme", "Renewal 2027", "--type", "renewal", "--value", "5000")
    # The installed command's bytes on stdout (a test runner's text would turn CRLF into LF).
    done = subprocess.run(
        [shutil.which("kamctl") or "kamctl", "accounts", "opp", "list", "-f", "csv", "--excel"],
        capture_output=True,
        check=True,
    )
    assert done.stdout.startswith("\ufeffid,account,title,".encode())
    assert done.stdout.count(b"\r\n") == 2 and done.stdout.count(b"\n") == 2
    assert run("accounts", "export", "-f", "json", "--excel", exit=1).stderr == (
        "Error: --excel writes CSV for Excel: use it with -f csv, not -f json\n"
    )
    assert run("log", "export", "-f", "json", "--excel", exit=1).stderr == (
        "Error: --excel writes CSV for Excel: use it with -f csv, not -f json\n"
    )


# --- CRM exports ---------------------------------------------------------------------------------------


def test_salesforce_and_hubspot_contact_exports_make_names_and_owners(run, tmp_path):
    run("accounts", "add", "山田商事")
    run("accounts", "add", "Acme")
    path = tmp_path / "hubspot.csv"
    path.write_text(
        "First Name,Last Name,Company Name,Contact owner,Job Title\n"
        "太郎,山田,山田商事,佐藤,部長\n"
        "Sarah,Collins,Acme,Ken,CFO\n"
    )
    run("contacts", "import", str(path))
    got = [(c["name"], c["account"], c["our_contact"]) for c in run("contacts", "list", "-f", "json").json()]
    assert sorted(got) == [("Sarah Collins", "Acme", "Ken"), ("山田 太郎", "山田商事", "佐藤")]
    japanese = tmp_path / "address-book.csv"
    japanese.write_bytes("姓,名,部署\n鈴木,一郎,営業\n".encode("cp932"))
    run("contacts", "import", str(japanese), "--account", "山田商事")
    assert "鈴木 一郎" in [c["name"] for c in run("contacts", "list", "-f", "json").json()]


def test_account_owner_columns_and_amounts_with_currency_symbols(run, tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text(
        "Account Name,Company owner,Annual Revenue,profit,order_size\n"
        '山田商事,佐藤,"¥300,000,000","￥1,000",1000円\n'
        'Acme,Ken,"$1,200.50",-$5,"1,200"\n'
    )
    run("accounts", "import", str(path))
    got = {a["name"]: (a["owner"], a["revenue"], a["profit"], a["order_size"]) for a in accounts(run)}
    assert got == {"山田商事": ("佐藤", 300_000_000, 1000, 1000), "Acme": ("Ken", 1200.5, -5, 1200)}


def test_an_amount_with_a_decimal_comma_is_refused_not_guessed(run, tmp_path):
    run("accounts", "add", "Acme")
    path = tmp_path / "orders.csv"
    path.write_text('account,date,amount\nAcme,2026-01-05,"1 200,50"\nAcme,2026-01-06,"¥12,00"\n')
    assert run("accounts", "orders", "import", str(path), exit=1).stderr == (
        "line 2: amount must be a number such as 1,200,000 or 1200.50 (got '1 200,50'): "
        "',' separates thousands and '.' decimals\n"
        "line 3: amount must be a number such as 1,200,000 or 1200.50 (got '¥12,00'): "
        "',' separates thousands and '.' decimals\n"
        "Error: 2 of 2 rows are invalid; nothing was imported\n"
    )
    good = tmp_path / "good.csv"
    good.write_text('account,date,amount,profit\nAcme,2026-01-05,"¥300,000,000","$1,200.50"\n')
    run("accounts", "orders", "import", str(good))
    orders = run("accounts", "orders", "list", "-f", "json").json()
    assert [(o["amount"], o["profit"]) for o in orders] == [(300_000_000, 1200.5)]


CSV_VIEWS = [
    ("accounts", "list"),
    ("accounts", "history", "山田商事"),
    ("contacts", "list", "山田商事"),
    ("log", "list"),
    ("log", "search", "提出"),
    ("remind", "list"),
    ("score",),
    ("score", "explain", "山田商事"),
    ("score", "matrix"),
    ("score", "trend", "山田商事"),
    ("report",),
    ("report", "team"),
]


def csv_bytes(*command: str) -> bytes:
    """What the command writes on stdout, byte for byte (CliRunner's `stdout` turns CRLF into LF)."""
    from typer.testing import CliRunner

    from kamctl.cli import app

    result = CliRunner().invoke(app, list(command), prog_name="kamctl")
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


@pytest.mark.parametrize("command", CSV_VIEWS, ids=" ".join)
def test_excel_on_every_csv_view_is_the_same_cells_with_a_bom_and_crlf(run, command):
    small_portfolio(run)
    run("remind", "add", "山田商事", "=1+1 電話", "--due", "2026-12-01")
    run("score", "save")  # a point for `score trend`
    plain = csv_bytes(*command, "-f", "csv").decode()
    excel = csv_bytes(*command, "-f", "csv", "--excel").decode()
    assert not plain.startswith("\ufeff") and plain.count("\n") >= 2
    assert excel.startswith("\ufeff") and excel.endswith("\r\n")
    rows = list(csv.reader(excel[1:].splitlines(keepends=True)))
    assert rows == list(csv.reader(plain.splitlines(keepends=True)))
    assert excel.count("\r\n") == len(rows)  # every row ends in CRLF, line breaks in cells stay
