"""`kamctl accounts opp`: add, list, won, lost (SPEC §3 opportunities)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.postgres


@pytest.fixture
def acme(run, monkeypatch):
    run("accounts", "add", "Acme")
    run("accounts", "add", "北斗精機")
    return run


def test_add_then_list_as_json_with_every_key(acme):
    added = acme(
        "accounts", "opp", "add", "Acme", "Line 3 sensors", "--type", "upsell", "--value", "1,200,000",
        "--close", "2026-12-31",
    )  # fmt: skip
    assert added.stdout == ""
    assert (
        added.stderr
        == "Added opportunity 1: Acme: Line 3 sensors (upsell, 1,200,000, closes 2026-12-31, 40% likely)\n"
    )
    assert acme("accounts", "opp", "add", "北斗精機", "保守契約更新", "--type", "Renewal").stderr == (
        "Added opportunity 2: 北斗精機: 保守契約更新 (renewal, 80% likely)\n"
    )
    assert acme("accounts", "opp", "list", "-f", "json").json() == [
        {
            "id": 1,
            "account": "Acme",
            "title": "Line 3 sensors",
            "type": "upsell",
            "value": 1200000.0,
            "product": None,
            "probability": 40,
            "status": "open",
            "expected_close": "2026-12-31",
            "created_at": "2026-11-20T09:00:00+09:00",
            "closed_at": None,
            "reason": None,
        },
        {
            "id": 2,
            "account": "北斗精機",
            "title": "保守契約更新",
            "type": "renewal",
            "value": None,
            "product": None,
            "probability": 80,
            "status": "open",
            "expected_close": None,
            "created_at": "2026-11-20T09:00:00+09:00",
            "closed_at": None,
            "reason": None,
        },
    ]


def test_won_and_lost_record_the_closing_moment_and_reason(acme, monkeypatch):
    acme("accounts", "opp", "add", "Acme", "Upsell A", "--type", "upsell")
    acme("accounts", "opp", "add", "Acme", "Cross-sell B", "--type", "cross-sell", "--value", "500")
    monkeypatch.setenv("KAMCTL_NOW", "2026-11-21T15:30:00+09:00")
    assert acme("accounts", "opp", "won", "1").stderr == "Opportunity 1 won: Acme: Upsell A\n"
    assert acme("accounts", "opp", "lost", "2", "--reason", "  price \n too high ").stderr == (
        "Opportunity 2 lost: Acme: Cross-sell B\n"
    )
    [won, lost] = sorted(acme("accounts", "opp", "list", "-f", "json").json(), key=lambda o: o["id"])
    assert (won["status"], won["closed_at"], won["reason"]) == ("won", "2026-11-21T15:30:00+09:00", None)
    assert (lost["status"], lost["closed_at"], lost["reason"]) == (
        "lost",
        "2026-11-21T15:30:00+09:00",
        "price too high",
    )


def test_closing_a_closed_opportunity_is_an_error_and_changes_nothing(acme):
    acme("accounts", "opp", "add", "Acme", "Upsell A", "--type", "upsell")
    acme("accounts", "opp", "won", "1")
    assert (
        acme("accounts", "opp", "won", "1", exit=1).stderr
        == "Error: opportunity 1 is already won on 2026-11-20\n"
    )
    assert acme("accounts", "opp", "lost", "1", "--reason", "x", exit=1).stderr == (
        "Error: opportunity 1 is already won on 2026-11-20\n"
    )
    [opportunity] = acme("accounts", "opp", "list", "-f", "json").json()
    assert (opportunity["status"], opportunity["reason"]) == ("won", None)


def test_list_orders_open_first_by_close_then_closed_latest_first(acme, monkeypatch):
    acme("accounts", "opp", "add", "Acme", "No date", "--type", "new")
    acme("accounts", "opp", "add", "Acme", "Late", "--type", "new", "--close", "2027-03-01")
    acme("accounts", "opp", "add", "北斗精機", "Soon", "--type", "upsell", "--close", "2026-12-01")
    acme("accounts", "opp", "add", "Acme", "Closed first", "--type", "upsell")
    acme("accounts", "opp", "add", "Acme", "Closed later", "--type", "upsell")
    acme("accounts", "opp", "won", "4")
    monkeypatch.setenv("KAMCTL_NOW", "2026-11-22T09:00:00+09:00")
    acme("accounts", "opp", "lost", "5")
    titles = [o["title"] for o in acme("accounts", "opp", "list", "-f", "json").json()]
    assert titles == ["Soon", "Late", "No date", "Closed later", "Closed first"]
    assert [o["title"] for o in acme("accounts", "opp", "list", "--open", "-f", "json").json()] == [
        "Soon", "Late", "No date",
    ]  # fmt: skip
    assert [o["title"] for o in acme("accounts", "opp", "list", "acme", "--open", "-f", "json").json()] == [
        "Late", "No date",
    ]  # fmt: skip


def test_list_table_and_csv(acme):
    acme("accounts", "opp", "add", "Acme", "=HYPERLINK(1)", "--type", "upsell", "--value", "1200000")
    table = acme("accounts", "opp", "list").stdout
    assert "=HYPERLINK(1)" in table and "1,200,000" in table and "open" in table
    assert acme("accounts", "opp", "list", "-f", "csv").stdout == (
        "id,account,title,type,value,product,probability,status,expected_close,created_at,closed_at,reason\n"
        "1,Acme,'=HYPERLINK(1),upsell,1200000,,40,open,,2026-11-20T09:00:00+09:00,,\n"
    )
    assert acme("accounts", "opp", "list", "北斗精機").stderr == (
        "No opportunities yet — add one with `kamctl accounts opp add 北斗精機 TITLE`.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "Acme", "T", "--type", "upsel"),
         "--type must be one of upsell, cross-sell, renewal, new (got 'upsel'); did you mean 'upsell'?"),
        (("add", "Acme", "  ", "--type", "new"), "the opportunity needs a title"),
        (("add", "Acme", "T", "--type", "new", "--value", "abc"), "--value must be a number (got 'abc')"),
        (("add", "Acme", "T", "--type", "new", "--value", "-5"), "--value must be at least 0 (got '-5')"),
        (("add", "Acmee", "T", "--type", "new"), "no account 'Acmee'; did you mean 'Acme'?"),
        (("won", "9"), "no opportunity 9 (kamctl accounts opp list shows them)"),
        (("lost", "x"), "an opportunity is named by its number (got 'x'; kamctl accounts opp list shows them)"),
        (("list", "Nowhere"), "no account 'Nowhere'"),
    ],
)  # fmt: skip
def test_errors_are_one_line_and_change_nothing(acme, args, message):
    outcome = acme("accounts", "opp", *args, exit=1)
    assert outcome.stderr == f"Error: {message}\n"
    assert acme("accounts", "opp", "list", "-f", "json").json() == []


def test_bad_close_date_names_the_accepted_forms(acme):
    stderr = acme("accounts", "opp", "add", "Acme", "T", "--type", "new", "--close", "someday", exit=1).stderr
    assert stderr.startswith("Error: cannot read date 'someday': use YYYY-MM-DD")


def test_type_is_required(acme):
    assert "Missing option '--type'" in acme("accounts", "opp", "add", "Acme", "T", exit=2).stderr


def test_rich_markup_in_a_title_is_printed_literally(acme):
    acme("accounts", "opp", "add", "Acme", "[bold]big[/] \x1b[31m", "--type", "new")
    table = acme("accounts", "opp", "list").stdout
    assert "[bold]big[/] \\x1b[31m" in table
    assert "\x1b" not in table


def test_dossier_lists_open_opportunities(acme):
    acme("accounts", "opp", "add", "Acme", "Open one", "--type", "upsell", "--close", "2027-01-31")
    acme("accounts", "opp", "add", "Acme", "Won one", "--type", "upsell")
    acme("accounts", "opp", "won", "2")
    dossier = acme("accounts", "show", "Acme", "-f", "json").json()
    assert [o["title"] for o in dossier["open_opportunities"]] == ["Open one"]


def test_product_and_probability_are_kept_and_the_default_follows_the_type(acme):
    """SPEC §3: `--probability 0-100`, default by type (renewal 80, upsell 40, cross-sell 30, new 20)."""
    assert acme(
        "accounts", "opp", "add", "Acme", "Analytics", "--type", "cross-sell", "--product", "  Analytics   Suite ",
        "--probability", "65",
    ).stderr == "Added opportunity 1: Acme: Analytics (cross-sell, Analytics Suite, 65% likely)\n"  # fmt: skip
    acme("accounts", "opp", "add", "Acme", "Sensors", "--type", "cross-sell")
    acme("accounts", "opp", "add", "Acme", "New plant", "--type", "new", "--probability", "0")
    acme("accounts", "opp", "add", "Acme", "More seats", "--type", "upsell", "--probability", "100%")
    listed = acme("accounts", "opp", "list", "-f", "json").json()
    assert [(o["title"], o["product"], o["probability"]) for o in listed] == [
        ("Analytics", "Analytics Suite", 65),
        ("Sensors", None, 30),
        ("New plant", None, 0),
        ("More seats", None, 100),
    ]
    assert "product,probability" in acme("accounts", "opp", "list", "-f", "csv").stdout.splitlines()[0]


@pytest.mark.parametrize("typed", ["101", "-1", "12.5", "likely"])
def test_probability_outside_0_to_100_is_refused(acme, typed):
    failed = acme("accounts", "opp", "add", "Acme", "X", "--type", "new", "--probability", typed, exit=1)
    assert failed.stderr == f"Error: --probability must be a whole number from 0 to 100 (got {typed!r})\n"
    assert acme("accounts", "opp", "list", "-f", "json").json() == []
