"""SPEC §4 `score sensitivity`: re-weighted rankings, percentile ranks and top-N shares."""

from __future__ import annotations

import random

import pytest

from kamctl.domain.scoring import AccountFacts, OrderTotals, ScoringRules, score_accounts
from kamctl.domain.sensitivity import check_sensitivity_options, default_top, rank_sensitivity
from kamctl.domain.settings import DEFAULT_WEIGHTS
from kamctl.errors import InvalidValue

RULES = ScoringRules(weights=DEFAULT_WEIGHTS)


def portfolio(size: int, seed: int = 3) -> list[AccountFacts]:
    """A varied portfolio (ties included: ratings repeat, some values are missing)."""
    rng = random.Random(seed)
    maybe = lambda value: value if rng.random() < 0.8 else None  # noqa: E731
    return [
        AccountFacts(
            id=i,
            name=f"Account {i}",
            revenue=maybe(rng.choice([100, 200, 200, 500, 1000])),
            growth=maybe(rng.randint(1, 5)),
            strategic_fit=maybe(rng.randint(1, 5)),
            influence=maybe(rng.randint(1, 5)),
            orders=OrderTotals(count=rng.randint(0, 5), amount=rng.randint(0, 900), profit=maybe(50.0)),
        )
        for i in range(1, size + 1)
    ]


def test_spread_zero_reproduces_the_base_ranking() -> None:
    ranked = score_accounts(portfolio(60), RULES)
    spreads = rank_sensitivity(ranked, RULES.weights, runs=50, spread=0, top=10, seed=1)
    assert [s.account for s in spreads] == [a.name for a in ranked]
    assert all(s.rank == s.rank_p5 == s.rank_p95 for s in spreads)
    assert [s.top_share for s in spreads] == [1.0] * 10 + [0.0] * 50


def test_spread_zero_keeps_ties_that_only_float_noise_separates() -> None:
    # zeta scores 10.000000000000002 and Alpha 10.0 (see test_scoring.FLOAT_NOISE_TIE): on paper
    # a tie, which the base ranking gives to Alpha by name; every run must agree.
    accounts = [
        AccountFacts(1, "zeta", order_size=1, order_frequency=2),
        AccountFacts(2, "Alpha", profit=3),
        AccountFacts(3, "top", order_size=10, order_frequency=10, profit=10),
        AccountFacts(4, "bottom", order_size=0, order_frequency=0, profit=0),
    ]
    rules = ScoringRules(weights={"order_size": 1, "order_frequency": 1, "profit": 1}, normalization="minmax")
    ranked = score_accounts(accounts, rules)
    spreads = rank_sensitivity(ranked, rules.weights, runs=10, spread=0, top=2, seed=None)
    assert [(s.account, s.rank_p5, s.rank_p95, s.top_share) for s in spreads] == [
        ("top", 1, 1, 1.0),
        ("Alpha", 2, 2, 1.0),
        ("zeta", 3, 3, 0.0),
        ("bottom", 4, 4, 0.0),
    ]


def test_same_seed_same_result_other_seed_other_result() -> None:
    ranked = score_accounts(portfolio(80), RULES)

    def run(seed: int) -> list:
        return rank_sensitivity(ranked, RULES.weights, runs=200, spread=0.5, top=10, seed=seed)

    assert run(7) == run(7)
    assert run(7) != run(8)


def test_a_dominant_account_is_first_in_every_run() -> None:
    best = AccountFacts(1, "Best", revenue=10, growth=5, strategic_fit=5, influence=5)
    worse = AccountFacts(2, "Worse", revenue=5, growth=4, strategic_fit=4, influence=4)
    ranked = score_accounts([worse, best], RULES)
    [first, second] = rank_sensitivity(ranked, RULES.weights, runs=300, spread=0.9, top=1, seed=4)
    assert (first.account, first.rank_p5, first.rank_p95, first.top_share) == ("Best", 1, 1, 1.0)
    assert (second.account, second.top_share) == ("Worse", 0.0)


def test_close_accounts_swap_places_and_percentiles_show_it() -> None:
    # growth 5 (15 points) against influence 5 and strategic fit 2 (10 + 2.5 = 12.5 points):
    # with weights varying by ±50 %, each is sometimes ahead.
    a = AccountFacts(1, "Grower", growth=5)
    b = AccountFacts(2, "Influencer", influence=5, strategic_fit=2)
    ranked = score_accounts([a, b], RULES)
    spreads = rank_sensitivity(ranked, RULES.weights, runs=1000, spread=0.5, top=1, seed=11)
    assert [s.account for s in spreads] == ["Grower", "Influencer"]
    assert [(s.rank, s.rank_p5, s.rank_p95) for s in spreads] == [(1, 1, 2), (2, 1, 2)]
    assert 0.5 < spreads[0].top_share < 1
    assert spreads[0].top_share + spreads[1].top_share == pytest.approx(1)


def test_one_run_percentiles_are_that_runs_rank() -> None:
    ranked = score_accounts(portfolio(20), RULES)
    spreads = rank_sensitivity(ranked, RULES.weights, runs=1, spread=0.3, top=5, seed=2)
    assert all(s.rank_p5 == s.rank_p95 for s in spreads)
    assert sorted(s.rank_p5 for s in spreads) == list(range(1, 21))
    assert sum(s.top_share for s in spreads) == 5


def test_empty_portfolio_has_no_spreads() -> None:
    assert rank_sensitivity([], RULES.weights, runs=10, spread=0.25, top=5, seed=1) == []


@pytest.mark.parametrize(
    ("runs", "spread", "top", "message"),
    [
        (0, 0.25, None, "runs must be from 1 to 100,000 (got 0)"),
        (100_001, 0.25, None, "runs must be from 1 to 100,000 (got 100001)"),
        (10, 1.0, None, "spread must be at least 0 and below 1, e.g. 0.25 for ±25 % (got 1)"),
        (10, -0.1, None, "spread must be at least 0 and below 1, e.g. 0.25 for ±25 % (got -0.1)"),
        (10, float("nan"), None, "spread must be at least 0 and below 1, e.g. 0.25 for ±25 % (got nan)"),
        (10, 0.25, 0, "top must be from 1 to 1,000,000 (got 0)"),
        (10, 0.25, 1_000_001, "top must be from 1 to 1,000,000 (got 1000001)"),
    ],
)
def test_bad_options_are_refused(runs, spread, top, message) -> None:
    with pytest.raises(InvalidValue) as error:
        check_sensitivity_options(runs=runs, spread=spread, top=top)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("tiers", "expected"),
    [([], 5), (["key"] * 3 + ["standard"] * 9, 5), (["key"] * 7 + ["candidate"], 7)],
)
def test_default_top_is_the_number_of_key_accounts_at_least_five(tiers, expected) -> None:
    assert default_top(tiers) == expected
