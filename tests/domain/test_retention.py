"""Revenue retention, margin and pipeline (SPEC §8), table-driven with hand-computed values."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kamctl.domain.retention import PipelineOpportunity, margin, pipeline_at, revenue_retention

END = datetime(2026, 10, 1, tzinfo=timezone(timedelta(hours=9)))


@pytest.mark.parametrize(
    ("current", "previous", "nrr", "grr"),
    [
        ({}, {}, None, None),  # no previous revenue
        ({1: 500.0}, {}, None, None),  # only new accounts
        ({1: 500.0}, {1: 0.0}, None, None),  # zero is no revenue
        ({1: 150.0}, {1: 100.0}, 1.5, 1.0),  # growth counts in nrr only
        ({1: 50.0}, {1: 100.0}, 0.5, 0.5),  # contraction counts in both
        ({}, {1: 100.0, 2: 300.0}, 0.0, 0.0),  # every account lost
        ({1: 300.0, 2: 100.0, 3: 999.0}, {1: 100.0, 2: 300.0}, 1.0, 0.5),  # 3 is new: left out
    ],
)
def test_revenue_retention(current, previous, nrr, grr):
    retention = revenue_retention(current, previous)
    assert (retention.nrr, retention.grr) == (nrr, grr)


@pytest.mark.parametrize(
    ("profit", "amount", "expected"),
    [(None, 0.0, None), (0.0, 0.0, None), (-50.0, 200.0, -0.25), (30.0, 120.0, 0.25)],
)
def test_margin_is_profit_over_the_amount_of_orders_with_a_profit(profit, amount, expected):
    assert margin(profit, amount) == expected


def opportunity(type_, value, probability=None, *, created=-10, closed=None) -> PipelineOpportunity:
    return PipelineOpportunity(
        type_,
        value,
        probability,
        END + timedelta(days=created),
        None if closed is None else END + timedelta(days=closed),
    )


@pytest.mark.parametrize(
    ("opportunities", "total", "weighted"),
    [
        ([], 0.0, 0.0),
        ([opportunity("renewal", 100.0)], 100.0, 80.0),
        (
            [opportunity("upsell", 100.0), opportunity("cross-sell", 100.0), opportunity("new", 100.0)],
            300.0,
            90.0,
        ),
        ([opportunity("new", 100.0, 55)], 100.0, 55.0),
        ([opportunity("new", None, 90)], 0.0, 0.0),  # no value: nothing to weigh
        ([opportunity("new", 100.0, created=0)], 0.0, 0.0),  # created at the end: not yet open
        ([opportunity("new", 100.0, closed=-1)], 0.0, 0.0),  # closed before the end
        ([opportunity("new", 100.0, closed=0)], 100.0, 20.0),  # closed at the end: still open then
    ],
)
def test_pipeline_of_the_opportunities_open_at_the_end(opportunities, total, weighted):
    pipeline = pipeline_at(opportunities, END)
    assert (pipeline.total, pipeline.weighted) == (total, weighted)
