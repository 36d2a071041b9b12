"""`kamctl accounts renew` and `kamctl accounts risk add|list|close` (SPEC §3 renewals and risks)."""

from __future__ import annotations

import pytest
from helpers import run_installed

pytestmark = pytest.mark.postgres


@pytest.fixture
def acme(run):
    run("accounts", "add", "Acme", "--owner", "tanaka", "--renewal", "2026-12-31")
    run("accounts", "add", "北斗精機", "--owner", "sato")
    return run


def test_renew_moves_the_date_records_history_and_wins_the_renewal_opportunity(acme, monkeypatch):
    acme("accounts", "opp", "add", "Acme", "Upsell A", "--type", "upsell")
    acme("accounts", "opp", "add", "Acme", "Renewal 2027", "--type", "renewal", "--close", "2026-12-20")
    monkeypatch.setenv("KAMCTL_NOW", "2026-11-21T15:30:00+09:00")
    renewed = acme("accounts", "renew", "acme", "--until", "2027-12-31", "--value", "1,200,000")
    assert renewed.stdout == ""
    assert renewed.stderr == (
        "Renewed Acme until 2027-12-31 (was 2026-12-31, 1,200,000)\nOpportunity 2 won: Acme: Renewal 2027\n"
    )
    [account] = [a for a in acme("accounts", "list", "-f", "json").json() if a["name"] == "Acme"]
    assert account["renewal_date"] == "2027-12-31"
    assert acme("accounts", "history", "Acme", "-f", "json").json()[-1] == {
        "when": "2026-11-21T15:30:00+09:00",
        "who": "tester",
        "field": "renewal_date",
        "old": "2026-12-31",
        "new": "2027-12-31",
    }
    opportunities = {o["id"]: o for o in acme("accounts", "opp", "list", "-f", "json").json()}
    assert (opportunities[1]["status"], opportunities[2]["status"]) == ("open", "won")
    assert opportunities[2]["closed_at"] == "2026-11-21T15:30:00+09:00"


def test_renew_without_a_renewal_date_or_opportunity(acme):
    assert acme("accounts", "renew", "北斗精機", "--until", "2027-03-31").stderr == (
        "Renewed 北斗精機 until 2027-03-31 (no renewal date before)\n"
    )


def test_renew_until_a_date_not_after_the_current_one_or_today_is_an_error_and_changes_nothing(acme):
    assert acme("accounts", "renew", "Acme", "--until", "2026-12-31", exit=1).stderr == (
        "Error: --until must be after the current renewal date 2026-12-31 (got 2026-12-31)\n"
    )
    assert acme("accounts", "renew", "北斗精機", "--until", "today", exit=1).stderr == (
        "Error: --until must be after today, 2026-11-20 (got 2026-11-20)\n"
    )
    assert acme("accounts", "renew", "Acme", "--until", "2027-12-31", "--value", "-5", exit=1).stderr == (
        "Error: --value must be at least 0 (got '-5')\n"
    )
    assert [h["field"] for h in acme("accounts", "history", "Acme", "-f", "json").json()] == ["created"]


def test_renewing_a_lapsed_contract_must_reach_past_today(acme, monkeypatch):
    monkeypatch.setenv("KAMCTL_NOW", "2027-02-01T09:00:00+09:00")
    assert acme("accounts", "renew", "Acme", "--until", "2027-01-31", exit=1).stderr == (
        "Error: --until must be after today, 2027-02-01 (got 2027-01-31)\n"
    )
    assert acme("accounts", "renew", "Acme", "--until", "+1y").stderr == (
        "Renewed Acme until 2028-02-01 (was 2026-12-31)\n"
    )


def test_risk_add_list_close_as_json_with_every_key(acme, monkeypatch):
    assert acme(
        "accounts", "risk", "add", "Acme", "Price  pressure on renewal", "--severity", "High",
        "--due", "2026-12-15", "--mitigation", "ROI study for the CFO",
    ).stderr == "Added risk 1: Acme: Price pressure on renewal (high, owner tanaka, due 2026-12-15)\n"  # fmt: skip
    assert acme("accounts", "risk", "add", "Acme", "Champion may leave", "--assignee", "suzuki").stderr == (
        "Added risk 2: Acme: Champion may leave (medium, owner suzuki)\n"
    )
    assert acme(
        "accounts", "risk", "add", "北斗精機", "新工場の予算凍結", "--severity", "low", "--owner", "ito"
    ).stderr == ("Added risk 3: 北斗精機: 新工場の予算凍結 (low, owner ito)\n")
    monkeypatch.setenv("KAMCTL_NOW", "2026-11-22T10:00:00+09:00")
    assert acme("accounts", "risk", "close", "2", "--note", "she stays").stderr == (
        "Closed risk 2: Acme: Champion may leave\n"
    )
    common = {"created_at": "2026-11-20T09:00:00+09:00"}
    assert acme("accounts", "risk", "list", "-f", "json").json() == [
        {
            "id": 1, "account": "Acme", "text": "Price pressure on renewal", "severity": "high",
            "owner": "tanaka", "due": "2026-12-15", "mitigation": "ROI study for the CFO", "status": "open",
            **common, "closed_at": None,
        },
        {
            "id": 3, "account": "北斗精機", "text": "新工場の予算凍結", "severity": "low", "owner": "ito",
            "due": None, "mitigation": None, "status": "open", **common, "closed_at": None,
        },
        {
            "id": 2, "account": "Acme", "text": "Champion may leave", "severity": "medium", "owner": "suzuki",
            "due": None, "mitigation": None, "status": "closed", **common,
            "closed_at": "2026-11-22T10:00:00+09:00",
        },
    ]  # fmt: skip
    assert [r["id"] for r in acme("accounts", "risk", "list", "Acme", "--open", "-f", "json").json()] == [1]


def test_risk_list_as_csv(acme):
    acme("accounts", "risk", "add", "Acme", "=HYPERLINK(x)", "--severity", "high")
    assert acme("accounts", "risk", "list", "-f", "csv").stdout.splitlines() == [
        "id,account,text,severity,owner,due,mitigation,status,created_at,closed_at",
        "1,Acme,'=HYPERLINK(x),high,tanaka,,,open,2026-11-20T09:00:00+09:00,",
    ]


def test_risk_errors_are_one_line_and_change_nothing(acme):
    assert acme("accounts", "risk", "add", "Acme", "x", "--severity", "huge", exit=1).stderr == (
        "Error: --severity must be one of low, medium, high (got 'huge')\n"
    )
    assert acme("accounts", "risk", "add", "Acme", "   ", exit=1).stderr == (
        "Error: the risk needs a text: what could go wrong\n"
    )
    assert acme("accounts", "risk", "close", "7", exit=1).stderr == (
        "Error: no risk 7 (kamctl accounts risk list shows them)\n"
    )
    assert acme("accounts", "risk", "list", "-f", "json").json() == []
    acme("accounts", "risk", "add", "Acme", "Budget cut")
    acme("accounts", "risk", "close", "1")
    assert (
        acme("accounts", "risk", "close", "1", exit=1).stderr
        == "Error: risk 1 is already closed on 2026-11-20\n"
    )


def test_risk_and_renew_through_the_installed_command(run):
    run("accounts", "add", "Acme", "--renewal", "2026-12-31")
    assert run_installed(
        "accounts", "risk", "add", "Acme", "Price pressure", "--severity", "high"
    ).stderr == ("Added risk 1: Acme: Price pressure (high, owner tester)\n")
    assert run_installed("accounts", "renew", "Acme", "--until", "2026-06-30", exit=1).stderr == (
        "Error: --until must be after the current renewal date 2026-12-31 (got 2026-06-30)\n"
    )


def test_show_flags_a_lapsed_renewal_and_lists_open_risks(acme, monkeypatch):
    acme("accounts", "risk", "add", "Acme", "Price war", "--severity", "high", "--due", "2026-12-15")
    acme("accounts", "risk", "add", "Acme", "Old worry")
    acme("accounts", "risk", "close", "2")
    monkeypatch.setenv("KAMCTL_NOW", "2027-01-05T09:00:00+09:00")
    shown = acme("accounts", "show", "Acme").stdout
    assert "Renewal  2026-12-31 lapsed — record the renewal: kamctl accounts renew 1 --until DATE" in shown
    assert "Risks" in shown and "Price war" in shown and "Old worry" not in shown
    dossier = acme("accounts", "show", "Acme", "-f", "json").json()
    assert dossier["renewal"] == {"date": "2026-12-31", "lapsed": True, "last_renewed": None}
    assert [risk["id"] for risk in dossier["open_risks"]] == [1]
    acme("accounts", "renew", "Acme", "--until", "2027-12-31", "--value", "500")
    dossier = acme("accounts", "show", "Acme", "-f", "json").json()
    assert dossier["renewal"] == {
        "date": "2027-12-31",
        "lapsed": False,
        "last_renewed": {
            "when": "2027-01-05T09:00:00+09:00",
            "who": "tester",
            "previous": "2026-12-31",
            "until": "2027-12-31",
            "value": 500.0,
        },
    }
    shown = acme("accounts", "show", "Acme").stdout
    assert "Renewal  2027-12-31" in shown and "lapsed" not in shown


def test_account_review_carries_the_renewal_and_open_risks(acme, monkeypatch):
    acme("accounts", "risk", "add", "Acme", "Price war", "--severity", "high")
    monkeypatch.setenv("KAMCTL_NOW", "2027-01-05T09:00:00+09:00")
    review = acme("report", "account", "Acme", "-f", "json").json()
    assert review["renewal"] == {"date": "2026-12-31", "lapsed": True, "days_left": -5, "renewals": []}
    assert [(risk["id"], risk["text"], risk["owner"]) for risk in review["risks"]] == [
        (1, "Price war", "tanaka")
    ]
