"""`kamctl settings`: shared settings in the database, validated (SPEC §2)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.postgres


def test_list_shows_every_default(run):
    settings = {row["key"]: row["value"] for row in run("settings", "list", "-f", "json").json()}
    assert settings == {
        "weights.revenue": 25,
        "weights.profit": 20,
        "weights.order_size": 10,
        "weights.order_frequency": 10,
        "weights.growth": 15,
        "weights.strategic_fit": 10,
        "weights.influence": 10,
        "cadence.key": 14,
        "cadence.candidate": 30,
        "cadence.standard": None,
        "renewal.lead_days": 90,
        "review.interval_months": 3,
        "score.key_threshold": 50,
        "score.strength_threshold": 50,
        "score.key_capacity": None,
        "upcoming_days": 7,
        "currency": "JPY",
    }


def test_set_then_get(run):
    assert run("settings", "set", "cadence.key", "21").stderr == "cadence.key = 21\n"
    assert run("settings", "get", "cadence.key").stdout == "21\n"
    run("settings", "set", "cadence.standard", "60")
    run("settings", "set", "cadence.standard", "none")
    assert run("settings", "get", "cadence.standard").stdout == "none\n"
    run("settings", "set", "currency", "eur")
    assert run("settings", "get", "currency").stdout == "EUR\n"
    run("settings", "set", "weights.revenue", "12.5")
    assert run("settings", "get", "weights.revenue").stdout == "12.5\n"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "cadence.kye",
            "3",
            "no setting 'cadence.kye'; did you mean 'cadence.key'? (kamctl settings list shows them all)",
        ),
        ("cadence.key", "0", "cadence.key must be between 1 and 3650 (got '0')"),
        ("cadence.key", "1.5", "cadence.key must be a whole number (got '1.5')"),
        ("renewal.lead_days", "soon", "renewal.lead_days must be a number (got 'soon')"),
        (
            "renewal.lead_days",
            "none",
            "renewal.lead_days needs a value (days before a renewal that it is due)",
        ),
        ("weights.revenue", "-1", "weights.revenue must be between 0 and 1000 (got '-1')"),
        ("score.key_threshold", "101", "score.key_threshold must be between 0 and 100 (got '101')"),
        ("currency", "yens", "currency must be a three-letter currency code such as JPY (got 'yens')"),
    ],
)
def test_bad_settings_are_refused_and_change_nothing(run, key, value, message):
    outcome = run("settings", "set", "--", key, value, exit=1)
    assert outcome.stderr == f"Error: {message}\n"
    before = run("settings", "list", "-f", "json").json()
    assert [row["value"] for row in before] == [row["default"] for row in before]


def test_unknown_key_on_get(run):
    assert run("settings", "get", "nope", exit=1).stderr.startswith("Error: no setting 'nope'")


def test_the_settings_use_cases_need_no_command_line(db_url):
    """kamctl.actions.settings as a Python API: a Portfolio in, plain values out, the CLI's errors."""
    from datetime import datetime

    from kamctl.actions.portfolio import Portfolio
    from kamctl.actions.settings import all_settings, change_setting, setting
    from kamctl.errors import InvalidValue
    from kamctl.store.engine import open_store

    store = open_store(db_url)
    try:
        portfolio = Portfolio(datetime.fromisoformat("2026-11-20T09:00:00+09:00"), "tester", lambda: store)
        assert change_setting(portfolio, "cadence.key", " 21 ") == 21
        assert setting(portfolio, "cadence.key") == 21
        with pytest.raises(InvalidValue, match=r"^cadence.key must be between 1 and 3650 \(got '0'\)$"):
            change_setting(portfolio, "cadence.key", "0")
        first = all_settings(portfolio)[0]
        assert (first.key, first.value, first.default) == ("weights.revenue", 25, 25)
    finally:
        store.dispose()
