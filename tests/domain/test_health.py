"""Account health (kamctl.domain.health): each component, the weighted mean and the bands."""

from __future__ import annotations

from datetime import date

import pytest

from kamctl.domain.health import (
    Commercial,
    HealthFacts,
    account_health,
    band_of,
    coverage,
    freshness,
    plan_progress,
    renewal_value,
    revenue_trend,
    risks_value,
    satisfaction,
    sentiment_value,
)


@pytest.mark.parametrize(
    ("days", "cadence", "value"),
    [
        (0, 14, 100.0),
        (14, 14, 100.0),  # on the day it is due: still fresh
        (21, 14, 50.0),  # half way to two cadences
        (28, 14, 0.0),
        (400, 14, 0.0),
        (3, None, None),  # no rhythm: not rated
    ],
)
def test_freshness_against_cadence(days, cadence, value):
    assert freshness(days, cadence) == value


@pytest.mark.parametrize(
    ("counts", "value"),
    [
        ({"positive": 5}, 100.0),
        ({"negative": 5}, 0.0),
        ({"positive": 1, "neutral": 4}, 60.0),
        ({"positive": 2, "neutral": 1, "negative": 2}, 50.0),
        ({}, None),
    ],
)
def test_sentiment_of_the_latest_five(counts, value):
    assert sentiment_value(counts) == value


@pytest.mark.parametrize(
    ("csat", "nps", "value"),
    [
        (5.0, None, 100.0),
        (1.0, None, 0.0),
        (4.0, None, 75.0),
        (None, 100.0, 100.0),
        (None, -100.0, 0.0),
        (3.0, 0.0, 50.0),  # (50 + 50) / 2
        (4.2, 50.0, 77.5),  # (80 + 75) / 2
        (None, None, None),
    ],
)
def test_satisfaction_from_csat_and_nps(csat, nps, value):
    assert (
        satisfaction(csat, nps) == pytest.approx(value)
        if value is not None
        else satisfaction(csat, nps) is None
    )


@pytest.mark.parametrize(
    ("severities", "value"),
    [
        ([], 100.0),
        (["medium"], 90.0),
        (["high", "medium", "medium"], 50.0),
        (["low"], 95.0),
        (["high"] * 4, 0.0),  # never below 0
    ],
)
def test_coverage_loses_points_per_finding(severities, value):
    assert coverage(severities) == value


@pytest.mark.parametrize(
    ("done", "overdue", "value"), [(0, 0, None), (1, 0, 100.0), (1, 3, 25.0), (0, 2, 0.0)]
)
def test_plan_progress_is_the_share_of_due_objectives_done(done, overdue, value):
    assert plan_progress(done, overdue) == value


@pytest.mark.parametrize(
    ("score", "band"),
    [(100, "green"), (75, "green"), (74.5, "green"), (74.4, "yellow"), (50, "yellow"), (49.5, "yellow"),
     (49.4, "red"), (0, "red")],
)  # fmt: skip
def test_bands(score, band):
    """red < 50, yellow 50–74, green ≥ 75, of the health rounded to a whole number."""
    assert band_of(score) == band


HEALTH_CASES = [
    pytest.param(
        HealthFacts(
            days_since_contact=2,
            cadence_days=14,
            recent_sentiment={"positive": 1, "neutral": 4},
            csat_mean=4.2,
            nps=50.0,
            finding_severities=[],
            objectives_done=0,
            objectives_overdue=1,
        ),
        # 30 × 100 + 20 × 60 + 20 × 77.5 + 20 × 100 + 10 × 0, all rated: 7750 / 100
        78,
        "green",
        [30.0, 12.0, 15.5, 20.0, 0.0, 0.0, 0.0, 0.0],
        id="every component rated",
    ),
    pytest.param(
        HealthFacts(
            days_since_contact=56,
            cadence_days=56,
            recent_sentiment={"negative": 2},
            csat_mean=2.0,
            nps=0.0,
            finding_severities=["high", "high", "medium", "medium"],
        ),
        # plan not rated: (30 × 100 + 20 × 0 + 20 × 37.5 + 20 × 20) / 90 = 46.1
        46,
        "red",
        [33.3, 0.0, 8.3, 4.4, 0.0, 0.0, 0.0, 0.0],
        id="plan not rated, weights scaled up",
    ),
    pytest.param(
        HealthFacts(days_since_contact=400, cadence_days=None, finding_severities=["medium"]),
        # only coverage rated: 90
        90,
        "green",
        [0.0, 0.0, 0.0, 90.0, 0.0, 0.0, 0.0, 0.0],
        id="only coverage rated",
    ),
]


@pytest.mark.parametrize(("facts", "score", "band", "points"), HEALTH_CASES)
def test_health_is_the_weighted_mean_of_the_rated_components(facts, score, band, points):
    health = account_health(facts)
    assert (health.score, health.band) == (score, band)
    assert [round(component.points, 1) for component in health.components] == points
    assert sum(component.points for component in health.components) == pytest.approx(
        sum(c.weight * c.value for c in health.components if c.value is not None)
        / sum(c.weight for c in health.components if c.value is not None)
    )


def test_health_record_explains_every_component():
    record = account_health(HEALTH_CASES[1].values[0]).record()
    assert record == {
        "score": 46,
        "band": "red",
        "components": [
            {"component": "freshness", "value": 100.0, "weight": 30, "points": 33.3,
             "detail": "56 days since the last contact; rhythm every 56 days"},
            {"component": "sentiment", "value": 0.0, "weight": 20, "points": 0.0, "detail": "latest 2: 2 negative"},
            {"component": "satisfaction", "value": 37.5, "weight": 20, "points": 8.3,
             "detail": "CSAT 2.0, NPS +0 (last 365 days)"},
            {"component": "coverage", "value": 20.0, "weight": 20, "points": 4.4,
             "detail": "2 high, 2 medium findings"},
            {"component": "plan", "value": None, "weight": 10, "points": 0.0, "detail": "no objective done or due yet"},
            {"component": "revenue", "value": None, "weight": 15, "points": 0.0,
             "detail": "no revenue in this period or the previous one"},
            {"component": "renewal", "value": None, "weight": 15, "points": 0.0, "detail": "no renewal date"},
            {"component": "risks", "value": None, "weight": 10, "points": 0.0, "detail": "no risk recorded"},
        ],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("revenue", "previous", "value"),
    [
        (150.0, 100.0, 100.0),  # growth is capped at 100
        (100.0, 100.0, 100.0),
        (40.0, 100.0, 40.0),
        (0.0, 100.0, 0.0),
        (50.0, 0.0, 100.0),  # revenue only in this period
        (0.0, 0.0, None),  # no revenue either side: not rated
    ],
)
def test_revenue_trend_this_period_against_the_previous(revenue, previous, value):
    assert revenue_trend(revenue, previous) == value


TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("renewal_date", "opportunity_open", "value"),
    [
        (None, False, None),
        (date(2026, 11, 19), True, 0.0),  # lapsed yesterday, whatever is open
        (date(2026, 11, 20), False, 50.0),  # renews today: not lapsed, within the lead time
        (date(2027, 2, 18), False, 50.0),  # exactly 90 days ahead
        (date(2027, 2, 18), True, 100.0),  # … with its renewal opportunity open
        (date(2027, 2, 19), False, 100.0),  # 91 days ahead: not near yet
    ],
)
def test_renewal_lapsed_near_or_not(renewal_date, opportunity_open, value):
    commercial = Commercial(
        today=TODAY,
        renewal_date=renewal_date,
        renewal_lead_days=90,
        renewal_opportunity_open=opportunity_open,
    )
    assert renewal_value(commercial) == value


@pytest.mark.parametrize(
    ("recorded", "open_high", "value"), [(0, 0, None), (3, 0, 100.0), (3, 1, 50.0), (3, 2, 0.0), (5, 3, 0.0)]
)
def test_risks_by_open_high_risks(recorded, open_high, value):
    assert risks_value(recorded, open_high) == value


def test_commercial_signals_weigh_in_health():
    """freshness 100 (30), coverage 100 (20), revenue 50 (15), renewal 50 (15), risks 50 (10):
    (3000 + 2000 + 750 + 750 + 500) / 90 = 77.8 → 78."""
    facts = HealthFacts(
        days_since_contact=1,
        cadence_days=14,
        commercial=Commercial(
            today=TODAY,
            revenue=50.0,
            previous_revenue=100.0,
            renewal_date=date(2026, 12, 31),
            risks_recorded=2,
            open_high_risks=1,
        ),
    )
    health = account_health(facts)
    assert health.score == 78
    assert [(c.name, c.value, c.detail) for c in health.components][-3:] == [
        ("revenue", 50.0, "50 in the period, 100 in the previous one"),
        ("renewal", 50.0, "renews 2026-12-31 (in 41 days); no renewal opportunity open"),
        ("risks", 50.0, "1 open high risk"),
    ]
