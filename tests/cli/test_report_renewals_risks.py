"""`kamctl report`'s renewals and risks (SPEC §8): renewals_lapsed, open_risks, at_risk reasons."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.postgres


def kpis(run, *options: str) -> dict:
    return run("report", *options, "-f", "json").json()["kpis"]


@pytest.fixture
def renewals(run, monkeypatch):
    """Acme's renewal (2026-10-01) lapsed, then was renewed on 2026-11-01; Beta's lapsed on 2026-09-15
    and was never renewed; Gamma (lost) and Delta (archived) lapsed too but do not count; Epsilon
    renews on the fixed today, 2026-11-20."""
    monkeypatch.setenv("KAMCTL_NOW", "2026-01-10T09:00:00+09:00")
    run("accounts", "add", "Acme", "--renewal", "2026-10-01")
    run("accounts", "add", "Beta", "--renewal", "2026-09-15")
    run("accounts", "add", "Gamma", "--renewal", "2026-03-31", "--status", "lost")
    run("accounts", "add", "Delta", "--renewal", "2026-03-31")
    run("accounts", "archive", "Delta")
    run("accounts", "add", "Epsilon", "--renewal", "2026-11-20")
    monkeypatch.setenv("KAMCTL_NOW", "2026-11-01T09:00:00+09:00")
    run("accounts", "renew", "Acme", "--until", "2027-10-01")
    monkeypatch.setenv("KAMCTL_NOW", "2026-11-20T09:00:00+09:00")
    return run


def test_renewals_lapsed_at_until_read_from_history(renewals):
    assert kpis(renewals, "--until", "2026-09-15")["renewals_lapsed"] == 0
    assert kpis(renewals, "--until", "2026-09-16")["renewals_lapsed"] == 1  # Beta
    assert kpis(renewals, "--until", "2026-10-01")["renewals_lapsed"] == 1
    assert kpis(renewals, "--until", "2026-10-02")["renewals_lapsed"] == 2  # Acme, renewed only later
    assert kpis(renewals, "--until", "2026-11-01")["renewals_lapsed"] == 1  # Acme renewed that day
    assert kpis(renewals)["renewals_lapsed"] == 1  # Epsilon renews today: not lapsed


def test_lapsed_renewals_are_at_risk_reasons(renewals):
    at_risk = renewals("report", "-f", "json").json()["at_risk"]
    assert [(item["account"], item["reasons"]) for item in at_risk] == [
        ("Beta", [{"code": "renewal-lapsed", "message": "renewal lapsed on 2026-09-15"}])
    ]
    at_risk = renewals("report", "--until", "2026-10-20", "-f", "json").json()["at_risk"]
    assert {item["account"]: item["reasons"][-1]["message"] for item in at_risk} == {
        "Acme": "renewal lapsed on 2026-10-01",
        "Beta": "renewal lapsed on 2026-09-15",
    }


def test_open_risks_by_severity_at_until_and_high_risks_as_reasons(run, monkeypatch):
    monkeypatch.setenv("KAMCTL_NOW", "2026-10-01T09:00:00+09:00")
    run("accounts", "add", "Acme")
    run("accounts", "add", "Beta")
    run("accounts", "add", "Gone")
    run("accounts", "risk", "add", "Acme", "Price war with a rival", "--severity", "high")  # 1
    run("accounts", "risk", "add", "Acme", "Budget freeze", "--severity", "high")  # 2, closed 11-10
    run("accounts", "risk", "add", "Beta", "Key user retires", "--severity", "low")  # 3
    run("accounts", "risk", "add", "Beta", "Slow payment")  # 4: medium
    run("accounts", "risk", "add", "Gone", "Plant closes", "--severity", "high")  # 5: archived account
    run("accounts", "archive", "Gone")
    monkeypatch.setenv("KAMCTL_NOW", "2026-11-10T09:00:00+09:00")
    run("accounts", "risk", "close", "2")
    run("accounts", "risk", "add", "Beta", "Merger talk", "--severity", "high")  # 6
    monkeypatch.setenv("KAMCTL_NOW", "2026-11-20T09:00:00+09:00")

    assert kpis(run, "--until", "2026-09-30")["open_risks"] == {"low": 0, "medium": 0, "high": 0}
    assert kpis(run, "--until", "2026-10-01")["open_risks"] == {"low": 1, "medium": 1, "high": 2}
    assert kpis(run, "--until", "2026-11-09")["open_risks"] == {"low": 1, "medium": 1, "high": 2}
    assert kpis(run)["open_risks"] == {"low": 1, "medium": 1, "high": 2}  # 2 closed, 6 opened
    at_risk = run("report", "-f", "json").json()["at_risk"]
    assert [(item["account"], item["reasons"]) for item in at_risk] == [
        ("Acme", [{"code": "high-risk", "message": "open high risk: Price war with a rival"}]),
        ("Beta", [{"code": "high-risk", "message": "open high risk: Merger talk"}]),
    ]
    at_risk = run("report", "--until", "2026-11-01", "-f", "json").json()["at_risk"]
    assert [(item["account"], [r["message"] for r in item["reasons"]]) for item in at_risk] == [
        ("Acme", ["open high risk: Price war with a rival", "open high risk: Budget freeze"]),
    ]


def test_no_risks_and_no_renewals(run):
    run("accounts", "add", "Acme")
    found = kpis(run)
    assert (found["renewals_lapsed"], found["open_risks"]) == (0, {"low": 0, "medium": 0, "high": 0})


def test_every_format_names_lapsed_renewals_and_open_risks(renewals):
    renewals("accounts", "risk", "add", "Beta", "Price war", "--severity", "high")
    line = "Renewals lapsed: 1 · open risks: 1 high, 0 medium, 0 low"
    assert f"## At risk (1)\n\n{line}.\n" in renewals("report", "-f", "md").stdout
    assert f'<p class="note">{line}</p>' in renewals("report", "-f", "html").stdout
    assert line in renewals("report").stdout
