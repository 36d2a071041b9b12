"""`kamctl accounts orders`: add, import and list orders (SPEC §3)."""

from __future__ import annotations

import json

import pytest
from helpers import run_installed

pytestmark = pytest.mark.postgres


def test_add_then_list_as_json_newest_first(run):
    run("accounts", "add", "Acme")
    run("accounts", "add", "北斗精機")
    added = run("accounts", "orders", "add", "Acme", "1,200,000", "--date", "2026-10-01", "--profit", "-5000")
    assert added.stderr == "Added order 1: Acme, 1,200,000 on 2026-10-01\n"
    assert added.stdout == ""
    run("accounts", "orders", "add", "北斗精機", "300", "--date", "yesterday")
    run("accounts", "orders", "add", "acme", "50.5")  # today
    assert run("accounts", "orders", "list", "-f", "json").json() == [
        {"id": 3, "account": "Acme", "date": "2026-11-20", "amount": 50.5, "profit": None, "product": None},
        {
            "id": 2,
            "account": "北斗精機",
            "date": "2026-11-19",
            "amount": 300.0,
            "profit": None,
            "product": None,
        },
        {
            "id": 1,
            "account": "Acme",
            "date": "2026-10-01",
            "amount": 1200000.0,
            "profit": -5000.0,
            "product": None,
        },
    ]
    assert [o["id"] for o in run("accounts", "orders", "list", "ACME", "-f", "json").json()] == [3, 1]
    assert [o["id"] for o in run("accounts", "orders", "list", "2", "-f", "json").json()] == [2]


def test_list_table_and_csv(run):
    run("accounts", "add", "Acme")
    run("accounts", "orders", "add", "Acme", "1200000", "--date", "2026-10-01", "--profit", "300")
    table = run("accounts", "orders", "list").stdout
    assert "Acme" in table and "2026-10-01" in table and "1,200,000" in table
    assert run("accounts", "orders", "list", "-f", "csv").stdout == (
        "id,account,date,amount,profit,product\n1,Acme,2026-10-01,1200000,300,\n"
    )
    assert run("accounts", "orders", "list").stderr == ""


def test_no_orders(run):
    assert run("accounts", "orders", "list").stderr == (
        "No orders yet — record one with `kamctl accounts orders add NAME AMOUNT`, "
        "or import a CSV with `kamctl accounts orders import FILE`.\n"
    )
    assert run("accounts", "orders", "list", "-f", "json").json() == []
    assert run("accounts", "orders", "list", "-f", "csv").stdout == "id,account,date,amount,profit,product\n"


def test_a_future_order_is_kept_with_a_warning(run):
    run("accounts", "add", "Acme")
    outcome = run("accounts", "orders", "add", "Acme", "10", "--date", "in 2 weeks")
    assert outcome.stderr == (
        "Added order 1: Acme, 10 on 2026-12-04\n"
        "Warning: 2026-12-04 is in the future: the order counts from that day on\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Acme", "-5"], None),  # a leading dash is an option to the shell's eyes: usage error
        (["Acme", "lots"], "amount must be a number (got 'lots')"),
        (["Acme", "nan"], "amount must be a finite number (got 'nan')"),
        (["Acme", "10", "--profit", "x"], "profit must be a number (got 'x')"),
        (["Acme", "10", "--date", "someday"], None),
        (["Acm", "10"], "no account 'Acm'; did you mean 'Acme'?"),
    ],
)
def test_bad_orders_are_refused_and_nothing_is_added(run, args, message):
    run("accounts", "add", "Acme")
    if args[1] == "-5":
        run("accounts", "orders", "add", *args, exit=2)
        outcome = run("accounts", "orders", "add", "Acme", "--", "-5", exit=1)
        assert outcome.stderr == "Error: amount must be at least 0 (got '-5')\n"
    elif message is None:
        outcome = run("accounts", "orders", "add", *args, exit=1)
        assert outcome.stderr.startswith("Error: cannot read date 'someday'")
        assert outcome.stderr.count("\n") == 1
    else:
        assert run("accounts", "orders", "add", *args, exit=1).stderr == f"Error: {message}\n"
    assert run("accounts", "orders", "list", "-f", "json").json() == []


def test_unknown_account_in_list(run):
    run("accounts", "add", "Acme")
    assert run("accounts", "orders", "list", "acmee", exit=1).stderr == (
        "Error: no account 'acmee'; did you mean 'Acme'?\n"
    )


def test_import_is_all_or_nothing_with_every_bad_line_reported(run, tmp_path):
    run("accounts", "add", "Acme")
    run("accounts", "add", "Beta")
    path = tmp_path / "orders.csv"
    path.write_text(
        "account,date,amount,profit\n"
        "Acme,2026-01-05,100,10\n"
        "Acmee,2026-01-06,50,\n"
        "beta,2026-13-01,70,\n"
        "\n"
        "Beta,2026-02-01,-1,\n"
        "2,2026-02-02,5,x\n",
        encoding="utf-8",
    )
    outcome = run("accounts", "orders", "import", str(path), exit=1)
    lines = outcome.stderr.splitlines()
    assert lines[0] == "line 3: no account 'Acmee'; did you mean 'Acme'?"
    assert lines[1].startswith("line 4: cannot read date '2026-13-01'")
    assert lines[2:] == [
        "line 6: amount must be at least 0 (got '-1')",
        "line 7: profit must be a number (got 'x')",
        "Error: 4 of 5 rows are invalid; nothing was imported",
    ]
    assert run("accounts", "orders", "list", "-f", "json").json() == []


def test_import_csv_and_json_and_dry_run(run, tmp_path):
    run("accounts", "add", "Acme")
    run("accounts", "add", "Beta")
    path = tmp_path / "orders.csv"
    path.write_text('Account,Date,Amount\nAcme,2026-01-05,100\n2,jan 6 2026,"1,500"\n', encoding="utf-8")
    assert (
        run("accounts", "orders", "import", str(path), "--dry-run").stderr
        == "read as UTF-8\nWould import 2 orders (dry run)\n"
    )
    assert run("accounts", "orders", "list", "-f", "json").json() == []
    assert run("accounts", "orders", "import", str(path)).stderr == "Imported 2 orders\n"
    as_json = tmp_path / "more.json"
    as_json.write_text(json.dumps([{"account": "Beta", "date": "2026-03-01", "amount": 7, "profit": 1.5}]))
    run("accounts", "orders", "import", str(as_json))
    assert run("accounts", "orders", "list", "-f", "json").json() == [
        {"id": 3, "account": "Beta", "date": "2026-03-01", "amount": 7.0, "profit": 1.5, "product": None},
        {"id": 2, "account": "Beta", "date": "2026-01-06", "amount": 1500.0, "profit": None, "product": None},
        {"id": 1, "account": "Acme", "date": "2026-01-05", "amount": 100.0, "profit": None, "product": None},
    ]


def test_list_csv_imports_back(run, tmp_path):
    run("accounts", "add", "Acme")
    run("accounts", "orders", "add", "Acme", "100", "--date", "2026-01-05", "--profit", "7")
    run("accounts", "orders", "add", "Acme", "200", "--date", "2026-02-05")
    exported = run("accounts", "orders", "list", "-f", "csv").stdout
    path = tmp_path / "export.csv"
    path.write_text(exported, encoding="utf-8")
    run("accounts", "orders", "import", str(path))  # the id column is ignored
    orders = run("accounts", "orders", "list", "-f", "json").json()
    assert [(o["date"], o["amount"], o["profit"]) for o in orders] == [
        ("2026-02-05", 200.0, None), ("2026-02-05", 200.0, None),
        ("2026-01-05", 100.0, 7.0), ("2026-01-05", 100.0, 7.0),
    ]  # fmt: skip


def test_import_needs_the_required_columns(run, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("account,when,value\nAcme,2026-01-05,100\n", encoding="utf-8")
    assert run("accounts", "orders", "import", str(path), exit=1).stderr == (
        f"Error: {path} has no 'date', 'amount' column: expected account,date,amount[,profit][,product]\n"
    )
    assert run("accounts", "orders", "import", str(tmp_path / "nope.csv"), exit=1).stderr == (
        f"Error: no file {str(tmp_path / 'nope.csv')!r}\n"
    )


def test_removing_an_account_removes_its_orders(run):
    run("accounts", "add", "Acme")
    run("accounts", "add", "Beta")
    run("accounts", "orders", "add", "Acme", "10")
    run("accounts", "orders", "add", "Beta", "20")
    run("accounts", "rm", "Acme", "--yes")
    assert [o["account"] for o in run("accounts", "orders", "list", "-f", "json").json()] == ["Beta"]


def test_csv_guards_names_against_formula_injection(run):
    run("accounts", "add", "=SUM(A1)")
    run("accounts", "orders", "add", "=SUM(A1)", "10", "--date", "2026-01-01")
    assert (
        run("accounts", "orders", "list", "-f", "csv").stdout.splitlines()[1] == "1,'=SUM(A1),2026-01-01,10,,"
    )
    assert (
        run("accounts", "orders", "list", "-f", "csv", "--raw").stdout.splitlines()[1]
        == "1,=SUM(A1),2026-01-01,10,,"
    )


def test_orders_help_is_listed_under_accounts(run):
    assert "orders" in run("accounts", "--help").stdout
    out = run("accounts", "orders", "--help").stdout
    assert "add" in out and "import" in out and "list" in out


def test_installed_command_imports_orders(db_url, tmp_path):
    run_installed("accounts", "add", "Acme")
    path = tmp_path / "orders.csv"
    path.write_text(
        "account,date,amount,profit\nAcme,2026-11-01,100,20\nAcme,2024-01-01,5,\n", encoding="utf-8"
    )
    assert run_installed("accounts", "orders", "import", str(path)).stderr == "Imported 2 orders\n"
    # Only the order inside the 365 days counts: revenue 100, one order.
    [ranked] = run_installed("score", "-f", "json").json()
    assert (ranked["values"]["revenue"], ranked["values"]["order_frequency"]) == (100.0, 1)


def test_product_on_add_and_import_round_trips_through_csv(run, tmp_path):
    """SPEC §3: orders take `--product NAME`; the import reads a `product` column."""
    run("accounts", "add", "Acme")
    added = run("accounts", "orders", "add", "Acme", "100", "--date", "2026-01-05", "--product", "Sensors")
    assert added.stderr == "Added order 1: Acme, 100 of Sensors on 2026-01-05\n"
    path = tmp_path / "orders.csv"
    path.write_text("account,date,amount,product\nAcme,2026-02-05,200,解析サービス\nAcme,2026-03-05,300,\n")
    run("accounts", "orders", "import", str(path))
    exported = run("accounts", "orders", "list", "-f", "csv").stdout
    assert exported.splitlines() == [
        "id,account,date,amount,profit,product",
        "3,Acme,2026-03-05,300,,",
        "2,Acme,2026-02-05,200,,解析サービス",
        "1,Acme,2026-01-05,100,,Sensors",
    ]
    again = tmp_path / "again.csv"
    again.write_text(exported, encoding="utf-8")
    run("accounts", "orders", "import", str(again))
    products = [o["product"] for o in run("accounts", "orders", "list", "-f", "json").json()]
    assert products == [None, None, "解析サービス", "解析サービス", "Sensors", "Sensors"]
