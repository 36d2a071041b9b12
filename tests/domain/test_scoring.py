"""SPEC §4: attractiveness, strength, quadrant and recommendation, checked against numbers
worked out by hand (the arithmetic is in the comments; the code under test computes nothing
that the test expects)."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamctl.domain.scoring import (
    AccountFacts,
    OrderTotals,
    ScoringRules,
    apportion,
    check_order,
    check_scored,
    check_weights,
    criterion_values,
    normalise,
    parse_weight_changes,
    plan_order_import,
    quadrant_of,
    recommendation_for,
    score_accounts,
    scoring_window,
    strength_of,
    tier_plan,
)
from kamctl.domain.settings import CRITERIA, DEFAULT_WEIGHTS
from kamctl.errors import InvalidValue
from kamctl.io.rows import SourceRow

JST = timezone(timedelta(hours=9))
TODAY = date(2026, 11, 20)
RULES = ScoringRules(weights=DEFAULT_WEIGHTS)  # Σ w = 100, so points = w × x

# ---------------------------------------------------------------------------------------------
# The worked example. Orders are given as the totals of the 365-day window; the CLI test
# (tests/cli/test_score.py) builds the same portfolio from dated orders, boundary days included.
#
#            revenue        profit        order_size    order_freq     growth fit infl  stage sow csat
#   Alpha    400 orders     30 orders     200 orders    2 orders       4      3   -     4     50  4.5
#   Bravo    400 manual     -             -             -              2      5   1     -     -   -
#   Charlie  100 orders     -20 orders    100 orders    12 manual (1)  5      -   5     2     -   -
#   Delta    1000 manual    10 orders     50 orders     1 orders       3      3   3     5     80  2
#            (orders: 50)
#   echo     -              -             -             -              3      4   -     -     30  -
#   Foxtrot  -              -             -             -              3      4   -     -     -   -

ALPHA = AccountFacts(
    1, "Alpha", growth=4, strategic_fit=3, stage=4, share_of_wallet=50, csat=4.5,
    orders=OrderTotals(count=2, amount=400, profit=30),
)  # fmt: skip
BRAVO = AccountFacts(2, "Bravo", revenue=400, growth=2, strategic_fit=5, influence=1)
CHARLIE = AccountFacts(
    3, "Charlie", order_frequency=12, growth=5, influence=5, stage=2,
    orders=OrderTotals(count=1, amount=100, profit=-20),
)  # fmt: skip
DELTA = AccountFacts(
    4, "Delta", revenue=1000, growth=3, strategic_fit=3, influence=3, stage=5, share_of_wallet=80, csat=2,
    orders=OrderTotals(count=1, amount=50, profit=10),
)  # fmt: skip
ECHO = AccountFacts(5, "echo", growth=3, strategic_fit=4, share_of_wallet=30)
FOXTROT = AccountFacts(6, "Foxtrot", growth=3, strategic_fit=4)
PORTFOLIO = [FOXTROT, ECHO, DELTA, CHARLIE, BRAVO, ALPHA]  # input order must not matter

# Ratings, the same for every normalisation: x = (rating − 1) / 4, points = w × x
#   Alpha   growth 15 × 0.75 = 11.25 + fit 10 × 0.5 = 5    + infl 0            = 16.25
#   Bravo   growth 15 × 0.25 =  3.75 + fit 10 × 1   = 10   + infl 10 × 0 = 0   = 13.75
#   Charlie growth 15 × 1    = 15    + fit 0 (missing)     + infl 10 × 1 = 10  = 25
#   Delta   growth 15 × 0.5  =  7.5  + fit 10 × 0.5 = 5    + infl 10 × 0.5 = 5 = 17.5
#   echo    growth 15 × 0.5  =  7.5  + fit 10 × 0.75 = 7.5                     = 15
#   Foxtrot the same as echo                                                   = 15

EXPECTED = {
    # Percentile rank, x = (#below + 0.5 × (#equal − 1)) / (n − 1):
    #   revenue  100 (C), 400 (A), 400 (B), 1000 (D); n = 4
    #            C 0/3 = 0; A, B (1 + 0.5 × 1)/3 = 0.5 (a tie); D 3/3 = 1
    #   profit   -20 (C), 10 (D), 30 (A); n = 3 → C 0, D 0.5, A 1
    #   size     50 (D), 100 (C), 200 (A) → D 0, C 0.5, A 1
    #   freq     1 (D), 2 (A), 12 (C, manual) → D 0, A 0.5, C 1
    #   Alpha   25 × 0.5 + 20 × 1   + 10 × 1   + 10 × 0.5 + 16.25 = 12.5 + 20 + 10 + 5 + 16.25 = 63.75
    #   Bravo   25 × 0.5 + 13.75                                  = 26.25
    #   Charlie 25 × 0   + 20 × 0   + 10 × 0.5 + 10 × 1   + 25    = 40
    #   Delta   25 × 1   + 20 × 0.5 + 10 × 0   + 10 × 0   + 17.5  = 52.5
    "rank": {"Alpha": 63.75, "Delta": 52.5, "Charlie": 40.0, "Bravo": 26.25, "echo": 15.0, "Foxtrot": 15.0},
    # Min-max, x = (v − min) / (max − min):
    #   revenue  (v − 100) / 900: C 0, A = B = 300/900 = 0.3333, D 1
    #   profit   (v + 20) / 50:   C 0, D 30/50 = 0.6, A 1
    #   size     (v − 50) / 150:  D 0, C 50/150 = 0.3333, A 1
    #   freq     (v − 1) / 11:    D 0, A 1/11 = 0.0909, C 1
    #   Alpha   25/3 + 20 + 10 + 10/11 + 16.25 = 8.3333 + 20 + 10 + 0.9091 + 16.25 = 55.4924
    #   Bravo   25/3 + 13.75                    = 22.0833
    #   Charlie 0 + 0 + 10/3 + 10 + 25          = 38.3333
    #   Delta   25 + 20 × 0.6 + 0 + 0 + 17.5    = 25 + 12 + 17.5 = 54.5
    "minmax": {
        "Alpha": 55.49,
        "Delta": 54.5,
        "Charlie": 38.33,
        "Bravo": 22.08,
        "echo": 15.0,
        "Foxtrot": 15.0,
    },
    # Log, minmax of log10(1 + v) (a loss mirrored: −log10(1 + |v|)):
    #   revenue  log10 101 = 2.004321, 401 = 2.603144, 1001 = 3.000434
    #            A = B = (2.603144 − 2.004321) / (3.000434 − 2.004321) = 0.598823 / 0.996113 = 0.601160
    #   profit   −log10 21 = −1.322219, log10 11 = 1.041393, log10 31 = 1.491362
    #            D = (1.041393 + 1.322219) / (1.491362 + 1.322219) = 2.363612 / 2.813581 = 0.840072
    #   size     log10 51 = 1.707570, 101 = 2.004321, 201 = 2.303196
    #            C = (2.004321 − 1.707570) / (2.303196 − 1.707570) = 0.296751 / 0.595626 = 0.498217
    #   freq     log10 2 = 0.301030, 3 = 0.477121, 13 = 1.113943
    #            A = (0.477121 − 0.301030) / (1.113943 − 0.301030) = 0.176091 / 0.812913 = 0.216618
    #   Alpha   25 × 0.601160 + 20 + 10 + 10 × 0.216618 + 16.25 = 15.0290 + 46.25 + 2.1662 = 63.4452
    #   Bravo   25 × 0.601160 + 13.75                         = 28.7790
    #   Charlie 0 + 0 + 10 × 0.498217 + 10 + 25               = 39.9822
    #   Delta   25 + 20 × 0.840072 + 0 + 0 + 17.5              = 25 + 16.8014 + 17.5 = 59.3014
    "log": {"Alpha": 63.45, "Delta": 59.30, "Charlie": 39.98, "Bravo": 28.78, "echo": 15.0, "Foxtrot": 15.0},
}


@pytest.mark.parametrize("method", ["rank", "minmax", "log"])
def test_worked_example_scores_and_ranking_for_every_normalisation(method: str) -> None:
    ranked = score_accounts(PORTFOLIO, ScoringRules(weights=DEFAULT_WEIGHTS, normalization=method))
    expected = EXPECTED[method]
    # Ranked by score; echo and Foxtrot tie at 15 with no revenue: by name, case-insensitively
    # ("echo" < "foxtrot", although "F" < "e" in code points).
    assert [a.name for a in ranked] == list(expected)
    assert [a.rank for a in ranked] == [1, 2, 3, 4, 5, 6]
    for account in ranked:
        assert account.score == pytest.approx(expected[account.name], abs=0.01), account.name


def test_worked_example_contributions_sources_and_missing_criteria() -> None:
    ranked = {a.name: a for a in score_accounts(PORTFOLIO, RULES)}
    alpha = ranked["Alpha"]
    assert alpha.contributions == pytest.approx(
        {"revenue": 12.5, "profit": 20, "order_size": 10, "order_frequency": 5, "growth": 11.25,
         "strategic_fit": 5, "influence": 0}
    )  # fmt: skip
    assert alpha.values == {"revenue": 400, "profit": 30, "order_size": 200, "order_frequency": 2,
                            "growth": 4, "strategic_fit": 3, "influence": None}  # fmt: skip
    assert [line.source for line in alpha.criteria] == [
        "orders", "orders", "orders", "orders", "rating", "rating", "missing",
    ]  # fmt: skip
    assert alpha.incomplete == ["influence"]
    # Manual values win over orders: Charlie's 12 orders a year, Delta's revenue of 1000.
    charlie, delta = ranked["Charlie"], ranked["Delta"]
    assert charlie.criterion("order_frequency").value == 12
    assert charlie.criterion("order_frequency").source == "manual"
    assert (delta.criterion("revenue").value, delta.criterion("revenue").source) == (1000, "manual")
    assert (delta.criterion("order_size").value, delta.criterion("order_size").source) == (50, "orders")
    # Missing criteria are listed and earn nothing; they are never filled in.
    bravo = ranked["Bravo"]
    assert bravo.incomplete == ["profit", "order_size", "order_frequency"]
    assert [bravo.criterion(c).x for c in ("profit", "order_size", "order_frequency")] == [None] * 3
    assert ranked["echo"].incomplete == ["revenue", "profit", "order_size", "order_frequency", "influence"]


def test_worked_example_strength_quadrant_and_recommendation() -> None:
    ranked = {a.name: a for a in score_accounts(PORTFOLIO, RULES)}
    # Alpha: stage (4 − 1)/4 = 75, share 50, CSAT (4.5 − 1)/4 = 87.5 → (75 + 50 + 87.5)/3 = 70.83
    # Delta: 100, 80, (2 − 1)/4 = 25 → 205/3 = 68.33; Charlie: stage only, 25; echo: share only, 30
    expected = {
        "Alpha": (70.83, "strategic", "key"),
        "Delta": (68.33, "strategic", "key"),
        "Charlie": (25.0, "streamline", "streamline"),
        "Bravo": (None, "unrated", "assess"),
        "echo": (30.0, "streamline", "streamline"),
        "Foxtrot": (None, "unrated", "assess"),
    }
    for name, (strength, quadrant, recommendation) in expected.items():
        account = ranked[name]
        assert account.strength.value == (None if strength is None else pytest.approx(strength, abs=0.01))
        assert (account.quadrant, account.recommendation) == (quadrant, recommendation), name
    assert ranked["Alpha"].strength.components() == {"stage": 75.0, "share_of_wallet": 50.0, "csat": 87.5}


def test_tier_plan_follows_the_recommendations_in_rank_order() -> None:
    """Alpha (candidate, advice key) becomes key; Delta (key, advice key) stays; a key echo
    (advice streamline) becomes candidate; standard accounts advised otherwise stay."""
    tiers = {"Alpha": "candidate", "Delta": "key", "echo": "key"}
    portfolio = [replace(facts, tier=tiers.get(facts.name, "standard")) for facts in PORTFOLIO]
    plan = tier_plan(score_accounts(portfolio, RULES), demote=True)
    assert [(change.account.name, change.account.tier, change.tier) for change in plan.changes] == [
        ("Alpha", "candidate", "key"),
        ("echo", "key", "candidate"),
    ]
    # Without demote, echo keeps its tier and is counted as no longer recommended key.
    kept = tier_plan(score_accounts(portfolio, RULES))
    assert [(c.account.name, c.tier) for c in kept.changes] == [("Alpha", "key")]
    assert (kept.kept, kept.no_longer_key) == ([], 1)


@pytest.mark.parametrize(
    ("archived", "status", "message"),
    [
        (True, "active", "Kappa is archived, so it is not scored (kamctl accounts unarchive brings it back)"),
        (False, "lost", "Kappa is lost, so it is not scored (kamctl accounts edit --status brings it back)"),
    ],
)
def test_archived_and_lost_accounts_are_not_scored(archived: bool, status: str, message: str) -> None:
    check_scored("Kappa", archived=False, status="at-risk")
    with pytest.raises(InvalidValue) as refused:
        check_scored("Kappa", archived=archived, status=status)
    assert str(refused.value) == message


def test_ties_go_to_higher_revenue_then_name() -> None:
    # With revenue weighted 0, revenue decides nothing but still breaks ties.
    rules = ScoringRules(weights={**DEFAULT_WEIGHTS, "revenue": 0})
    accounts = [
        AccountFacts(1, "b-small", revenue=10, growth=3),
        AccountFacts(2, "a-none", growth=3),
        AccountFacts(3, "c-big", revenue=20, growth=3),
        AccountFacts(4, "B-small", revenue=10, growth=5),
        AccountFacts(5, "A-small", revenue=10, growth=3),
    ]
    # growth 3 → 15 × 0.5 / 90 × 100 = 8.33 for all but B-small (15 × 1 / 90 × 100 = 16.67)
    assert [a.name for a in score_accounts(accounts, rules)] == [
        "B-small",
        "c-big",
        "A-small",
        "b-small",
        "a-none",
    ]


FLOAT_NOISE_TIE = [
    # Min-max on 0…10 gives x = 0.1, 0.2 and 0.3; with weights 1, 1, 1 (Σ 3):
    #   zeta  100 × (1 × 0.1 + 1 × 0.2) / 3 = 10 on paper, 10.000000000000002 in floating point
    #   Alpha 100 × (1 × 0.3) / 3           = 10
    AccountFacts(1, "zeta", order_size=1, order_frequency=2),
    AccountFacts(2, "Alpha", profit=3),
    AccountFacts(3, "top", order_size=10, order_frequency=10, profit=10),
    AccountFacts(4, "bottom", order_size=0, order_frequency=0, profit=0),
]
FLOAT_NOISE_RULES = ScoringRules(
    weights={"order_size": 1, "order_frequency": 1, "profit": 1}, normalization="minmax"
)


def test_scores_equal_on_paper_tie_despite_float_noise() -> None:
    ranked = score_accounts(FLOAT_NOISE_TIE, FLOAT_NOISE_RULES)
    assert [a.name for a in ranked] == ["top", "Alpha", "zeta", "bottom"]  # the tie goes by name
    assert ranked[1].score == pytest.approx(10) and ranked[2].score == pytest.approx(10)


# ---------------------------------------------------------------------------------------------
# Normalisation


@pytest.mark.parametrize(
    ("method", "values", "expected"),
    [
        # SPEC §4 percentile rank; x = 1 when n = 1; missing stays missing
        ("rank", [5.0], [1.0]),
        ("rank", [None, 5.0, None], [None, 1.0, None]),
        ("rank", [1, 2, 3], [0, 0.5, 1]),
        ("rank", [7, 7, 7], [0.5, 0.5, 0.5]),  # (0 + 0.5 × 2) / 2
        ("rank", [1, 7, 7, 9], [0, 0.5, 0.5, 1]),  # 7: (1 + 0.5 × 1) / 3 = 0.5
        ("rank", [3, 1, 1, 1], [1, 1 / 3, 1 / 3, 1 / 3]),  # 1: (0 + 0.5 × 2) / 3
        ("minmax", [0, 5, 10], [0, 0.5, 1]),
        ("minmax", [4, 4], [1, 1]),  # all equal → 1
        ("minmax", [None, None], [None, None]),
        ("log", [0, 9, 99], [0, 0.5, 1]),  # log10 1 = 0, log10 10 = 1, log10 100 = 2
        ("log", [-9, 0, 9], [0, 0.5, 1]),  # a loss mirrors: −1, 0, 1
        ("log", [3, 3, None], [1, 1, None]),
    ],
)
def test_normalise(method: str, values: list, expected: list) -> None:
    assert normalise(values, method) == pytest.approx(expected)


def test_unknown_normalisation_suggests_the_closest() -> None:
    with pytest.raises(
        InvalidValue,
        match=r"^normalisation must be one of rank, minmax, log \(got 'rnk'\); did you mean 'rank'\?$",
    ):
        normalise([1, 2], "rnk")


def test_order_based_values_are_missing_without_orders_not_zero() -> None:
    values = criterion_values(AccountFacts(1, "x", profit=-5, orders=OrderTotals()))
    assert values["revenue"] == (None, "missing")
    assert values["profit"] == (-5, "manual")
    assert values["order_frequency"] == (None, "missing")
    # Orders, but none with a profit: profit stays missing (SPEC §4 "null if no order has a profit").
    values = criterion_values(AccountFacts(1, "x", orders=OrderTotals(count=3, amount=90, profit=None)))
    assert values["profit"] == (None, "missing")
    assert values["order_size"] == (30, "orders")
    assert values["order_frequency"] == (3, "orders")


# ---------------------------------------------------------------------------------------------
# Strength, quadrant, recommendation


@pytest.mark.parametrize(
    ("stage", "share", "csat", "expected"),
    [
        (None, None, None, None),
        (1, None, None, 0.0),
        (5, None, None, 100.0),
        (3, None, None, 50.0),
        (None, 40, None, 40.0),
        (None, None, 4.2, 80.0),  # (4.2 − 1) / 4 × 100
        (3, 40, None, 45.0),  # (50 + 40) / 2
        (2, 0, 1, 25 / 3),  # (25 + 0 + 0) / 3
    ],
)
def test_strength_is_the_mean_of_the_available_components(stage, share, csat, expected) -> None:
    strength = strength_of(AccountFacts(1, "x", stage=stage, share_of_wallet=share, csat=csat)).value
    assert strength == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("score", "strength", "quadrant", "recommendation"),
    [
        (50, 50, "strategic", "key"),  # high means ≥ the threshold
        (80, 49.99, "star", "develop"),
        (49.99, 50, "status", "maintain"),
        (10, 10, "streamline", "streamline"),
        (90, None, "unrated", "assess"),
        (49.999999999999, 80, "strategic", "key"),  # float noise on the threshold counts as on it
    ],
)
def test_quadrant_and_recommendation(score, strength, quadrant, recommendation) -> None:
    found = quadrant_of(score, strength, RULES)
    assert (found, recommendation_for(found)) == (quadrant, recommendation)


def test_quadrant_thresholds_come_from_the_rules() -> None:
    rules = ScoringRules(weights=DEFAULT_WEIGHTS, key_threshold=70, strength_threshold=30)
    assert quadrant_of(65, 35, rules) == "status"
    assert quadrant_of(75, 25, rules) == "star"


# ---------------------------------------------------------------------------------------------
# The 365-day window


def test_window_is_today_and_the_364_days_before() -> None:
    window = scoring_window(datetime(2026, 11, 20, 9, 0, tzinfo=JST))
    assert (window.first, window.last) == (date(2025, 11, 21), date(2026, 11, 20))
    assert (window.last - window.first).days + 1 == 365
    assert window.starts_at == datetime(2025, 11, 21, 0, 0, tzinfo=JST)
    assert window.ends_before == datetime(2026, 11, 21, 0, 0, tzinfo=JST)


# ---------------------------------------------------------------------------------------------
# Weights


def test_weight_changes_parse_one_list_or_many_options() -> None:
    assert parse_weight_changes(["revenue=30, profit=0", "Growth=12.5"]) == {
        "revenue": 30, "profit": 0, "growth": 12.5,
    }  # fmt: skip
    assert parse_weight_changes(["order-size=5"]) == {"order_size": 5}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("revnue=3", "criterion must be one of revenue, profit, order_size, order_frequency, growth, "
                     "strategic_fit, influence (got 'revnue'); did you mean 'revenue'?"),
        ("revenue", "write weights as criterion=value, e.g. revenue=30 (got 'revenue')"),
        ("revenue=-1", "weight of revenue must be between 0 and 1000 (got '-1')"),
        ("revenue=nan", "weight of revenue must be a finite number (got 'nan')"),
        ("revenue=inf", "weight of revenue must be a finite number (got 'inf')"),
        ("revenue=lots", "weight of revenue must be a number (got 'lots')"),
        ("revenue=1,revenue=2", "the weight of revenue is given twice"),
    ],
)  # fmt: skip
def test_bad_weights_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidValue) as error:
        parse_weight_changes([text])
    assert str(error.value) == message


def test_all_weights_zero_is_refused() -> None:
    with pytest.raises(InvalidValue, match=r"^every weight is 0"):
        check_weights({**DEFAULT_WEIGHTS, **parse_weight_changes([",".join(f"{c}=0" for c in CRITERIA)])})


def test_zero_weight_drops_a_criterion_and_the_rest_is_rescaled() -> None:
    rules = ScoringRules(weights={**{c: 0 for c in CRITERIA}, "growth": 3})
    [account] = score_accounts([AccountFacts(1, "x", growth=4, revenue=10)], rules)
    # Only growth counts: 100 × 3 × 0.75 / 3 = 75; revenue (x = 1) earns 0 with weight 0.
    assert account.score == pytest.approx(75)
    assert account.contributions["revenue"] == 0


# ---------------------------------------------------------------------------------------------
# Shown points add up


@pytest.mark.parametrize(
    ("total", "parts", "expected"),
    [
        (10.0, {"a": 3.333333, "b": 3.333333, "c": 3.333334}, {"a": 3.33, "b": 3.33, "c": 3.34}),
        (1.0, {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}, {"a": 0.34, "b": 0.33, "c": 0.33}),
        (7.5, {"a": 7.5, "b": 0.0}, {"a": 7.5, "b": 0.0}),
    ],
)
def test_apportioned_points_add_up_to_the_rounded_score(total, parts, expected) -> None:
    shown = apportion(total, parts)
    assert shown == pytest.approx(expected)
    assert sum(shown.values()) == pytest.approx(round(total, 2))


finite = st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False)
rating = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
amount = st.one_of(st.none(), finite)
facts = st.builds(
    AccountFacts,
    id=st.integers(min_value=1, max_value=10**6),
    name=st.text(min_size=1, max_size=8),
    revenue=amount,
    profit=st.one_of(st.none(), st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)),
    order_size=amount,
    order_frequency=amount,
    growth=rating,
    strategic_fit=rating,
    influence=rating,
    orders=st.builds(
        OrderTotals,
        count=st.integers(min_value=0, max_value=50),
        amount=finite,
        profit=st.one_of(st.none(), st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)),
    ),
)
weights = st.fixed_dictionaries(
    {c: st.floats(min_value=0, max_value=1000, allow_nan=False) for c in CRITERIA}
).filter(lambda w: sum(w.values()) > 0)


@settings(max_examples=200, deadline=None)
@given(
    accounts=st.lists(facts, min_size=1, max_size=12, unique_by=lambda f: f.id),
    weights=weights,
    method=st.sampled_from(["rank", "minmax", "log"]),
)
def test_contributions_sum_to_the_score_which_stays_within_0_and_100(accounts, weights, method) -> None:
    ranked = score_accounts(accounts, ScoringRules(weights=weights, normalization=method))
    assert sorted(a.rank for a in ranked) == list(range(1, len(accounts) + 1))
    for account in ranked:
        assert -1e-9 <= account.score <= 100 + 1e-9
        assert math.fsum(account.contributions.values()) == pytest.approx(account.score, abs=1e-9)
        shown = apportion(account.score, account.contributions)
        assert sum(shown.values()) == pytest.approx(round(account.score, 2), abs=1e-9)
        for line in account.criteria:
            assert (line.x is None) == (line.source == "missing")
            assert line.x is None or 0 <= line.x <= 1
    scores = [round(a.score, 9) for a in ranked]
    assert scores == sorted(scores, reverse=True)


# ---------------------------------------------------------------------------------------------
# Orders


def test_check_order_reads_amounts_dates_and_profit() -> None:
    order = check_order(7, "1,200", profit="-30", when="2026-11-01", today=TODAY)
    assert (order.account_id, order.ordered_on, order.amount, order.profit) == (
        7,
        date(2026, 11, 1),
        1200,
        -30,
    )
    assert check_order(7, "5", today=TODAY).ordered_on == TODAY


@pytest.mark.parametrize(
    ("amount", "profit", "when", "message"),
    [
        ("-5", None, None, "amount must be at least 0 (got '-5')"),
        ("lots", None, None, "amount must be a number (got 'lots')"),
        ("nan", None, None, "amount must be a finite number (got 'nan')"),
        ("", None, None, "amount must not be empty"),
        ("5", "x", None, "profit must be a number (got 'x')"),
    ],
)
def test_bad_orders_are_refused(amount, profit, when, message) -> None:
    with pytest.raises(InvalidValue) as error:
        check_order(1, amount, profit=profit, when=when, today=TODAY)
    assert str(error.value) == message


def test_order_import_plan_reports_every_bad_row_with_its_line() -> None:
    rows = [
        SourceRow("line 2", {"account": "Acme", "date": "2026-11-01", "amount": "100"}),
        SourceRow("line 3", {"Account": "acme", "Date": "2026-11-02", "Amount": "50", "Profit": "5"}),
        SourceRow("line 4", {"account": "Acm", "date": "2026-11-02", "amount": "5"}),
        SourceRow("line 5", {"account": "2", "date": "someday", "amount": "5"}),
        SourceRow("line 6", {"account": "Beta", "date": "", "amount": "5"}),
        SourceRow("line 7", {}, problem="4 cells, but the header names 3 columns"),
    ]
    orders, problems = plan_order_import(rows, accounts={1: "Acme", 2: "Beta"}, today=TODAY)
    assert [(o.account_id, o.amount, o.profit) for o in orders] == [(1, 100, None), (1, 50, 5)]
    assert problems[0] == "line 4: no account 'Acm'; did you mean 'Acme'?"
    assert problems[1].startswith("line 5: cannot read date 'someday'")
    assert problems[2:] == ["line 6: no date", "line 7: 4 cells, but the header names 3 columns"]
