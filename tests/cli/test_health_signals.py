"""Account health's commercial signals and the NPS minimum (SPEC §8), through `accounts show`.

Acme is a standard account without contacts (no rhythm: freshness not rated; its map has 2 high
and 2 medium findings: coverage 20, weight 20), so each case below adds one signal to that, by
hand. Health reads the 365 days up to today (2026-11-20) against the 365 days before.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.postgres


@pytest.fixture
def acme(run):
    run("accounts", "add", "Acme")
    return run


def health(run) -> dict:
    found = run("accounts", "show", "Acme", "-f", "json").json()["health"]
    return {
        "score": found["score"],
        **{c["component"]: (c["value"], c["detail"]) for c in found["components"]},
    }


def test_nothing_commercial_recorded_leaves_the_signals_out(acme):
    found = health(acme)
    assert found["score"] == 20
    assert (found["revenue"], found["renewal"], found["risks"]) == (
        (None, "no revenue in this period or the previous one"),
        (None, "no renewal date"),
        (None, "no risk recorded"),
    )


def test_revenue_trend_this_period_against_the_previous(acme):
    acme("accounts", "orders", "add", "Acme", "100", "--date", "2025-06-01")
    acme("accounts", "orders", "add", "Acme", "50", "--date", "2026-06-01")
    found = health(acme)
    # (20 × 20 + 15 × 50) / 35 = 32.9
    assert (found["score"], found["revenue"]) == (33, (50.0, "50 in the period, 100 in the previous one"))
    acme("accounts", "orders", "add", "Acme", "70", "--date", "2026-11-20")
    assert health(acme)["revenue"] == (100.0, "120 in the period, 100 in the previous one")


def test_renewal_lapsed_near_without_an_opportunity_and_renewed(acme):
    acme("accounts", "edit", "Acme", "--renewal", "2026-10-01")
    found = health(acme)
    assert (found["score"], found["renewal"]) == (11, (0.0, "lapsed on 2026-10-01"))  # 400 / 35
    acme("accounts", "edit", "Acme", "--renewal", "2027-01-31")
    found = health(acme)
    assert (found["score"], found["renewal"]) == (
        33,  # (400 + 15 × 50) / 35
        (50.0, "renews 2027-01-31 (in 72 days); no renewal opportunity open"),
    )
    acme("accounts", "opp", "add", "Acme", "Renewal 2027", "--type", "renewal")
    found = health(acme)
    assert (found["score"], found["renewal"]) == (
        54,  # (400 + 15 × 100) / 35
        (100.0, "renews 2027-01-31 (in 72 days); renewal opportunity open"),
    )
    acme("accounts", "renew", "Acme", "--until", "2028-01-31")  # wins the opportunity
    assert health(acme)["renewal"] == (100.0, "renews 2028-01-31 (in 437 days)")


def test_renewal_within_the_lead_days_setting(acme):
    acme("accounts", "edit", "Acme", "--renewal", "2027-01-31")
    acme("settings", "set", "renewal.lead_days", "71")
    assert health(acme)["renewal"] == (100.0, "renews 2027-01-31 (in 72 days)")


def test_open_high_risks_lower_health(acme):
    acme("accounts", "risk", "add", "Acme", "Budget freeze", "--severity", "low")
    found = health(acme)
    assert (found["score"], found["risks"]) == (47, (100.0, "no open high risk"))  # (400 + 1000) / 30 = 46.7
    acme("accounts", "risk", "add", "Acme", "Price war", "--severity", "high")
    found = health(acme)
    assert (found["score"], found["risks"]) == (30, (50.0, "1 open high risk"))  # (400 + 500) / 30
    acme("accounts", "risk", "add", "Acme", "Champion leaves", "--severity", "high")
    assert health(acme)["risks"] == (0.0, "2 open high risks")
    acme("accounts", "risk", "close", "3")
    assert health(acme)["risks"] == (50.0, "1 open high risk")


def test_nps_counts_with_three_answers_not_two(acme):
    acme("log", "Acme", "visit", "--nps", "10")
    acme("log", "Acme", "call", "--nps", "10")
    found = health(acme)
    assert (found["score"], found["satisfaction"]) == (
        20,
        (None, "NPS not counted (2 answers, fewer than 3) (last 365 days)"),
    )
    acme("log", "Acme", "review", "--nps", "0")
    found = health(acme)
    # NPS (2 − 1) / 3 = +33.3 → satisfaction 66.7; (400 + 20 × 66.7) / 40 = 43.3
    assert (found["score"], found["satisfaction"]) == (43, (66.7, "NPS +33 (last 365 days)"))
