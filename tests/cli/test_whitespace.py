"""`kamctl accounts whitespace` (SPEC §3): the cross-sell map through the CLI, every format."""

from __future__ import annotations

import re

import pytest
from helpers import run_installed

pytestmark = pytest.mark.postgres


@pytest.fixture
def mapped(run, monkeypatch):
    """Acme (key, growth 5) bought Sensors 2026-01-10 and Analytics 2025-11-20 (the window's
    first day is 2025-11-21: too old); Beta (candidate, owner sato) has an open Cloud opportunity
    and a lost Sensors one; Gamma (key, growth 1) nothing; Lost Co. (lost) is left out.
    Scores (SPEC §4): Acme alone has orders (x = 1 for revenue 25, order size 10, frequency 10)
    and growth 5 (15): 60; Beta growth 3: 7.5; Gamma 0."""
    run("accounts", "add", "Acme", "--tier", "key", "--growth", "5")
    run("accounts", "add", "Beta", "--tier", "candidate", "--owner", "sato", "--growth", "3")
    run("accounts", "add", "Gamma", "--tier", "key", "--growth", "1")
    run("accounts", "add", "Lost Co.", "--status", "lost")
    run("accounts", "orders", "add", "Acme", "100", "--date", "2026-01-10", "--product", "Sensors")
    run("accounts", "orders", "add", "Acme", "100", "--date", "2025-11-20", "--product", "Analytics")
    run("accounts", "orders", "add", "Lost Co.", "100", "--date", "2026-01-10", "--product", "Sensors")
    run("accounts", "opp", "add", "Beta", "Cloud move", "--type", "new", "--product", "Cloud")
    run("accounts", "opp", "add", "Beta", "Sensors", "--type", "cross-sell", "--product", "sensors")
    run("accounts", "opp", "lost", "2")
    return run


def test_json_has_every_product_in_every_row(mapped):
    assert mapped("accounts", "whitespace", "-f", "json").json() == {
        "products": ["Analytics", "Cloud", "Sensors"],
        "rows": [
            {"account": "Acme", "tier": "key", "score": 60.0,
             "cells": {"Analytics": None, "Cloud": None, "Sensors": "owned"}},
            {"account": "Beta", "tier": "candidate", "score": 7.5,
             "cells": {"Analytics": None, "Cloud": "open", "Sensors": "lost"}},
            {"account": "Gamma", "tier": "key", "score": 0.0,
             "cells": {"Analytics": None, "Cloud": None, "Sensors": None}},
        ],
    }  # fmt: skip


def test_filters(mapped):
    assert [
        r["account"] for r in mapped("accounts", "whitespace", "--tier", "key", "-f", "json").json()["rows"]
    ] == [
        "Acme",
        "Gamma",
    ]
    assert [
        r["account"] for r in mapped("accounts", "whitespace", "--owner", "SATO", "-f", "json").json()["rows"]
    ] == ["Beta"]
    failed = mapped("accounts", "whitespace", "--tier", "gold", exit=1)
    assert failed.stderr.startswith("Error: ")


def test_csv_one_column_per_product(mapped):
    assert mapped("accounts", "whitespace", "-f", "csv").stdout == (
        "account,tier,score,Analytics,Cloud,Sensors\n"
        "Acme,key,60,,,owned\n"
        "Beta,candidate,7.5,,open,lost\n"
        "Gamma,key,0,,,\n"
    )


def test_table_marks_where_to_grow_and_fits_80_columns(mapped, monkeypatch):
    wide = mapped("accounts", "whitespace").stdout.splitlines()
    assert [line for line in wide if "Acme" in line] == [
        "│ Acme    │ key       │  60.0 │     +     │   +   │    ●    │"
    ]
    monkeypatch.setenv("COLUMNS", "80")
    for product in ("Maintenance", "Training", "Consulting", "Integration", "Support plan", "解析サービス"):
        mapped("accounts", "opp", "add", "Gamma", product, "--type", "new", "--product", product)
    out = mapped("accounts", "whitespace").stdout
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    acme = next(line for line in lines if "Acme" in line)
    gamma = next(line for line in lines if "Gamma" in line)
    # Nine products do not fit as headers: each keeps its column under a letter, and a key line
    # (broken between products, never inside one) names them in the columns' order.
    assert next(line for line in lines if "Account" in line).split("┃")[4:-1] == [f" {k} " for k in "ABCDEFGHI"]
    assert lines[-3:-1] == [
        "A Analytics · B Cloud · C Consulting · D Integration · E Maintenance · F Sensors",
        "G Support plan · H Training · I 解析サービス",
    ]
    assert acme.split("│")[4:-1] == [" + ", " + ", " + ", " + ", " + ", " ● ", " + ", " + ", " + "]
    assert "○" in gamma
    assert not any(line.startswith("hidden at 80 columns: ") for line in lines)
    assert "+ where to grow" in out


def test_markup_and_formulas_in_product_names(run):
    run("accounts", "add", "Acme")
    run("accounts", "opp", "add", "Acme", "x", "--type", "new", "--product", "=HYPERLINK(1)")
    run("accounts", "opp", "add", "Acme", "y", "--type", "new", "--product", "[bold]red[/]")
    assert run("accounts", "whitespace", "-f", "csv").stdout.splitlines()[0] == (
        "account,tier,score,'=HYPERLINK(1),[bold]red[/]"
    )
    assert "[bold]red[/]" in run("accounts", "whitespace").stdout


def test_nothing_to_map_says_how_to_begin(run):
    shown = run_installed("accounts", "whitespace")
    assert shown.stdout == ""
    assert shown.stderr.startswith("No products yet — name one with `kamctl accounts orders add")
    assert run("accounts", "whitespace", "-f", "json").json() == {"products": [], "rows": []}


def test_the_account_review_carries_the_accounts_whitespace_row(run):
    """SPEC §8 `report account`: the review ends with the account's row of the whitespace map."""
    run("accounts", "add", "Acme")
    run("accounts", "add", "Other")
    run("accounts", "orders", "add", "Acme", "100", "--date", "2026-10-01", "--product", "Sensors")
    run("accounts", "orders", "add", "Other", "100", "--date", "2026-10-01", "--product", "Gateways")
    run("accounts", "opp", "add", "Acme", "Analytics pilot", "--type", "cross-sell", "--product", "Analytics")
    run("accounts", "opp", "add", "Acme", "Fleet", "--type", "cross-sell", "--product", "Fleet")
    run("accounts", "opp", "lost", "2")
    review = run("report", "account", "Acme", "-f", "json").json()
    assert review["whitespace"] == {"Analytics": "open", "Fleet": "lost", "Gateways": None, "Sensors": "owned"}
    expected = "owned: Sensors · open opportunity: Analytics · lost: Fleet · room to grow: Gateways"
    assert f"## Whitespace\n\n{expected}\n" in run("report", "account", "Acme", "-f", "md").stdout
    assert expected in run("report", "account", "Acme", "-f", "html").stdout
    assert "Whitespace" in run("report", "account", "Other").stdout


def test_top_keeps_the_best_scoring_accounts_in_every_format(mapped):
    assert [r["account"] for r in mapped("accounts", "whitespace", "--top", "2", "-f", "json").json()["rows"]] == [
        "Acme",
        "Beta",
    ]
    assert mapped("accounts", "whitespace", "--top", "1", "-f", "csv").stdout.splitlines()[1:] == ["Acme,key,60,,,owned"]
    table = mapped("accounts", "whitespace", "--top", "1")
    assert "Acme" in table.stdout and "Beta" not in table.stdout
    assert "Showing the first" not in table.stderr
    assert mapped("accounts", "whitespace", "--top", "0", exit=2).stderr.splitlines()[-1].startswith("Error: Invalid value")


def test_the_table_shows_the_first_fifty_and_says_how_to_see_the_rest(run, tmp_path):
    """A table of hundreds of accounts helps no one and takes seconds to draw: 50 rows and a
    footnote; JSON carries every row."""
    rows = "".join(f"Account {n:02},candidate,retail\n" for n in range(1, 53))
    (tmp_path / "accounts.csv").write_text("name,tier,industry\n" + rows, encoding="utf-8")
    run("accounts", "import", str(tmp_path / "accounts.csv"))
    run("accounts", "opp", "add", "Account 01", "Cloud move", "--type", "new", "--product", "Cloud")
    table = run("accounts", "whitespace")
    assert len(re.findall(r"Account \d\d", table.stdout)) == 50
    assert table.stderr == "Showing the first 50 of 52: --top N shows more, -f json or csv all.\n"
    assert len(run("accounts", "whitespace", "-f", "json").json()["rows"]) == 52
