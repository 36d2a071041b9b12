"""Revenue retention, margin and pipeline (SPEC §8 `nrr`, `grr`, `margin`, `pipeline`,
`pipeline_weighted`): pure functions over one period's order sums and the opportunities.

Where SPEC leaves room, the choice is written down here:
- **nrr / grr**: the base is the accounts with revenue (> 0) in the previous period of equal
  length; an account lost mid-period counts with what it bought before it was lost (0 if
  nothing), and an account new in the period is left out. Null without previous revenue.
- **margin**: Σ profit ÷ Σ amount of the period's orders that have a profit; null when none has
  one (or their amounts sum to 0).
- **pipeline**: the opportunities open at the period's end (created by then, not closed by
  then): Σ value, unknown values counting 0; **pipeline_weighted**: Σ value × probability / 100,
  the probability being the opportunity's own or the default of its type.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from kamctl.domain.products import effective_probability


@dataclass(frozen=True)
class RevenueRetention:
    nrr: float | None
    grr: float | None


def revenue_retention(current: Mapping[int, float], previous: Mapping[int, float]) -> RevenueRetention:
    """NRR and GRR from each account's revenue in the period and in the previous one."""
    base = {account_id: amount for account_id, amount in previous.items() if amount > 0}
    before = sum(base.values())
    if not before:
        return RevenueRetention(None, None)
    kept = sum(current.get(account_id, 0.0) for account_id in base)
    capped = sum(min(current.get(account_id, 0.0), amount) for account_id, amount in base.items())
    return RevenueRetention(kept / before, capped / before)


def margin(profit: float | None, amount_with_profit: float) -> float | None:
    """Σ profit ÷ Σ amount over the orders that have a profit."""
    if profit is None or not amount_with_profit:
        return None
    return profit / amount_with_profit


@dataclass(frozen=True)
class PipelineOpportunity:
    """An opportunity as the pipeline reads it."""

    type: str
    value: float | None
    probability: int | None
    created_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class Pipeline:
    total: float
    weighted: float


def open_at(opportunity: PipelineOpportunity, moment: datetime) -> bool:
    """Created before `moment` and not closed before it."""
    return opportunity.created_at < moment and (
        opportunity.closed_at is None or opportunity.closed_at >= moment
    )


def pipeline_at(opportunities: Iterable[PipelineOpportunity], moment: datetime) -> Pipeline:
    """Σ value and Σ value × probability / 100 of the opportunities open at `moment`."""
    total = weighted = 0.0
    for opportunity in opportunities:
        if not open_at(opportunity, moment) or opportunity.value is None:
            continue
        total += opportunity.value
        weighted += opportunity.value * effective_probability(opportunity.type, opportunity.probability) / 100
    return Pipeline(total, weighted)
