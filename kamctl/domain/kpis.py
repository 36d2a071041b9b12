"""The KPIs of `kamctl report` (SPEC §8): pure functions over plain facts, one period at a time.

The store reads what happened (`PeriodFacts`), this module turns it into numbers (`Kpis`), the
renderers show them. Every figure follows SPEC §8 to the letter; where SPEC leaves room, the
choice is written down here:

- **Period** (`kamctl.domain.periods`) and **"at a moment"** (status for retention, tier for
  key accounts, archived: `kamctl.domain.timelines`) are defined where they live.
- **key_accounts**: accounts that existed, were not archived and had tier `key` at `until`.
- **revenue, profit**: sums of the orders dated in the period; profit sums the known profits
  and is null when no order of the period has one. **key_revenue_share**: the part of revenue
  from accounts that were key accounts at `until`; null when revenue is 0.
- **retention_rate**: of the accounts whose status was `active` or `at-risk` at the period
  start, the share whose status is not `lost` at `until`; null when there are none.
- **upsell_win_rate**: opportunities of type `upsell` or `cross-sell` closed in the period:
  won / (won + lost); null when none.
- **csat_avg**: the mean CSAT of the period's log entries; **nps**: % promoters (9–10) −
  % detractors (0–6) among the period's NPS answers; null when there are none.
- **cadence_coverage**: the share of key accounts (at `until`) that are not cadence-overdue at
  `until`, with the due date of `kamctl remind` (latest log entry up to `until`, else creation,
  plus the account's cadence_days, else its tier's default); overdue means due before `until`.
  An account without a rhythm is never overdue. Null when there are no key accounts.
- **decision_maker_coverage**: the share of key accounts with a log entry in the 90 days up to
  `until` (`until` − 89 … `until`) that names a decision-maker or economic-buyer.
- **avg_contacts_per_key_account**: active (not left) contacts that existed at `until`, per key
  account. A contact's `left` flag has no date, so a contact who has left counts in no period.
- **nrr, grr, margin, pipeline, pipeline_weighted** are defined in `kamctl.domain.retention`.
- **interactions**: every log entry of the period (any kind); **by_channel** and **sentiment**
  count them by channel and by recorded sentiment (every channel and sentiment is a key).
- **renewals_lapsed**: accounts that existed, were not archived and not lost at `until`, whose
  renewal date then (from history) was before `until` (`kamctl.domain.renewals`).
  **open_risks**: risks recorded before the end of `until` and not closed by then, of the
  accounts not archived at `until`, counted by severity `{low, medium, high}`.
- **at_risk** (`kamctl.domain.risk`) and **health** (`kamctl.domain.health`, for the key
  accounts as of `until`) are defined where they live; `kamctl.domain.portfolio_report` puts
  the whole report together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from kamctl.domain.log import CHANNELS, SENTIMENTS
from kamctl.domain.periods import Period
from kamctl.domain.reminders import cadence_due
from kamctl.domain.renewals import lapsed_on
from kamctl.domain.retention import PipelineOpportunity, margin, pipeline_at, revenue_retention
from kamctl.domain.risks import RiskFact, count_by_severity
from kamctl.domain.timelines import AccountTimeline, key_account_ids

UPSELL_TYPES = ("upsell", "cross-sell")
"""The opportunity types of `upsell_win_rate`; `renewal` and `new` are left out."""

RETAINED_FROM = ("active", "at-risk")
"""Statuses at the period start that put an account in the retention base."""

DECISION_DAYS = 90
"""`decision_maker_coverage` looks at the log entries of the 90 days up to `until`."""


KPI_KEYS = (
    "key_accounts",
    "revenue",
    "profit",
    "key_revenue_share",
    "retention_rate",
    "upsell_win_rate",
    "csat_avg",
    "nps",
    "cadence_coverage",
    "decision_maker_coverage",
    "avg_contacts_per_key_account",
    "nrr",
    "grr",
    "margin",
    "pipeline",
    "pipeline_weighted",
    "interactions",
    "by_channel",
    "sentiment",
    "renewals_lapsed",
    "open_risks",
)
"""The JSON keys of `kpis`, in SPEC §8's order."""


# ---------------------------------------------------------------------------------------------
# Facts of one period


@dataclass(frozen=True)
class OrderSums:
    """An account's orders in a period."""

    amount: float = 0.0
    profit: float | None = None
    """Sum of the known profits; None when no order has one."""
    count: int = 0
    amount_with_profit: float = 0.0
    """Sum of the amounts of the orders that have a profit (the base of `margin`)."""


@dataclass(frozen=True)
class ClosedOpportunity:
    account_id: int
    type: str
    status: str
    closed_at: datetime


@dataclass(frozen=True)
class Feedback:
    """CSAT and NPS answers (of one account, or of all), summed."""

    csat_sum: float = 0.0
    csat_count: int = 0
    promoters: int = 0
    passives: int = 0
    detractors: int = 0

    @property
    def nps_count(self) -> int:
        return self.promoters + self.passives + self.detractors

    def __add__(self, other: Feedback) -> Feedback:
        return Feedback(
            self.csat_sum + other.csat_sum,
            self.csat_count + other.csat_count,
            self.promoters + other.promoters,
            self.passives + other.passives,
            self.detractors + other.detractors,
        )


@dataclass(frozen=True)
class Activity:
    """The log entries of a period, counted."""

    interactions: int = 0
    by_channel: Mapping[str, int] = field(default_factory=dict)
    sentiment: Mapping[str, int] = field(default_factory=dict)
    feedback: Feedback = field(default_factory=Feedback)


@dataclass(frozen=True)
class KeyAccountFacts:
    """What coverage KPIs read about one account at `until`."""

    last_contact: datetime | None = None
    """The latest log entry up to the end of `until`."""
    decision_maker_contacted: bool = False
    """A log entry of the 90 days up to `until` names a decision-maker or economic-buyer."""
    active_contacts: int = 0
    """Contacts not marked as left that existed at `until`."""


@dataclass(frozen=True)
class PeriodFacts:
    """Everything the KPIs of one period depend on, for the accounts in scope."""

    period: Period
    tz: tzinfo
    accounts: Sequence[AccountTimeline]
    orders: Mapping[int, OrderSums]
    opportunities: Sequence[ClosedOpportunity]
    activity: Activity
    coverage: Mapping[int, KeyAccountFacts]
    cadence_by_tier: Mapping[str, int | None]
    risks: Sequence[RiskFact] = ()
    previous_revenue: Mapping[int, float] = field(default_factory=dict)
    """Each account's revenue in the previous period of equal length (the base of nrr and grr)."""
    pipeline: Sequence[PipelineOpportunity] = ()
    """Opportunities that may be open at the period's end."""


# ---------------------------------------------------------------------------------------------
# The KPIs


@dataclass(frozen=True)
class Kpis:
    key_accounts: int
    revenue: float
    profit: float | None
    key_revenue_share: float | None
    retention_rate: float | None
    upsell_win_rate: float | None
    csat_avg: float | None
    nps: float | None
    cadence_coverage: float | None
    decision_maker_coverage: float | None
    avg_contacts_per_key_account: float | None
    interactions: int
    by_channel: Mapping[str, int]
    sentiment: Mapping[str, int]
    renewals_lapsed: int = 0
    open_risks: Mapping[str, int] = field(default_factory=lambda: count_by_severity(()))
    nrr: float | None = None
    grr: float | None = None
    margin: float | None = None
    pipeline: float = 0.0
    pipeline_weighted: float = 0.0

    def record(self) -> dict[str, Any]:
        """The `kpis` object of SPEC §8's JSON, figures rounded for reading."""
        return {
            "key_accounts": self.key_accounts,
            "revenue": _round(self.revenue, 2),
            "profit": _round(self.profit, 2),
            "key_revenue_share": _round(self.key_revenue_share, 4),
            "retention_rate": _round(self.retention_rate, 4),
            "upsell_win_rate": _round(self.upsell_win_rate, 4),
            "csat_avg": _round(self.csat_avg, 2),
            "nps": _round(self.nps, 1),
            "cadence_coverage": _round(self.cadence_coverage, 4),
            "decision_maker_coverage": _round(self.decision_maker_coverage, 4),
            "avg_contacts_per_key_account": _round(self.avg_contacts_per_key_account, 2),
            "nrr": _round(self.nrr, 4),
            "grr": _round(self.grr, 4),
            "margin": _round(self.margin, 4),
            "pipeline": _round(self.pipeline, 2),
            "pipeline_weighted": _round(self.pipeline_weighted, 2),
            "interactions": self.interactions,
            "by_channel": dict(self.by_channel),
            "sentiment": dict(self.sentiment),
            "renewals_lapsed": self.renewals_lapsed,
            "open_risks": dict(self.open_risks),
        }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def share(part: int | float, whole: int | float) -> float | None:
    """part / whole, or None when whole is 0 (SPEC §8: null where undefined)."""
    return part / whole if whole else None


def retention_rate(accounts: Iterable[AccountTimeline], *, start: datetime, end: datetime) -> float | None:
    """Of the accounts `active` or `at-risk` at `start`, the share not `lost` just before `end`."""
    base = kept = 0
    for account in accounts:
        before = account.state_at(start)
        if before is None or before.status not in RETAINED_FROM:
            continue
        base += 1
        after = account.state_at(end)
        kept += after is not None and after.status != "lost"
    return share(kept, base)


def upsell_win_rate(
    opportunities: Iterable[ClosedOpportunity], *, start: datetime, end: datetime
) -> float | None:
    """won / (won + lost) among upsell and cross-sell opportunities closed in [start, end)."""
    won = lost = 0
    for opportunity in opportunities:
        if opportunity.type not in UPSELL_TYPES or not start <= opportunity.closed_at < end:
            continue
        won += opportunity.status == "won"
        lost += opportunity.status == "lost"
    return share(won, won + lost)


def csat_average(feedback: Feedback) -> float | None:
    return share(feedback.csat_sum, feedback.csat_count)


def net_promoter_score(feedback: Feedback) -> float | None:
    """% promoters (9–10) − % detractors (0–6), −100 … 100; None without answers."""
    if not feedback.nps_count:
        return None
    return 100 * (feedback.promoters - feedback.detractors) / feedback.nps_count


def cadence_of(account: AccountTimeline, tier: str, cadence_by_tier: Mapping[str, int | None]) -> int | None:
    """The account's contact rhythm: its own cadence_days, else the default of its tier."""
    return account.cadence_days if account.cadence_days is not None else cadence_by_tier.get(tier)


def cadence_overdue(
    account: AccountTimeline,
    *,
    tier: str,
    last_contact: datetime | None,
    on: date,
    tz: tzinfo,
    cadence_by_tier: Mapping[str, int | None],
) -> bool:
    """Whether the account's cadence item of `kamctl remind` was overdue on `on` (due before it)."""
    days = cadence_of(account, tier, cadence_by_tier)
    if days is None:
        return False
    return cadence_due(last_contact, account.created_at, days, tz) < on


def compute_kpis(facts: PeriodFacts) -> Kpis:
    """Every KPI of SPEC §8 for one period (`at_risk` is `find_at_risk`)."""
    period, tz = facts.period, facts.tz
    start, end = period.starts_at(tz), period.ends_before(tz)
    keys = key_account_ids(facts.accounts, end)
    by_id = {account.id: account for account in facts.accounts}

    revenue = sum(sums.amount for sums in facts.orders.values())
    profits = [sums.profit for sums in facts.orders.values() if sums.profit is not None]
    key_revenue = sum(sums.amount for account_id, sums in facts.orders.items() if account_id in keys)

    coverage = {account_id: facts.coverage.get(account_id, KeyAccountFacts()) for account_id in keys}
    not_overdue = sum(
        not cadence_overdue(
            by_id[account_id],
            tier="key",
            last_contact=coverage[account_id].last_contact,
            on=period.until,
            tz=tz,
            cadence_by_tier=facts.cadence_by_tier,
        )
        for account_id in keys
    )
    activity = facts.activity
    retention = revenue_retention(
        {account_id: sums.amount for account_id, sums in facts.orders.items()}, facts.previous_revenue
    )
    open_pipeline = pipeline_at(facts.pipeline, end)
    return Kpis(
        key_accounts=len(keys),
        revenue=float(revenue),
        profit=float(sum(profits)) if profits else None,
        key_revenue_share=share(key_revenue, revenue),
        retention_rate=retention_rate(facts.accounts, start=start, end=end),
        upsell_win_rate=upsell_win_rate(facts.opportunities, start=start, end=end),
        csat_avg=csat_average(activity.feedback),
        nps=net_promoter_score(activity.feedback),
        cadence_coverage=share(not_overdue, len(keys)),
        decision_maker_coverage=share(
            sum(coverage[account_id].decision_maker_contacted for account_id in keys), len(keys)
        ),
        avg_contacts_per_key_account=share(
            sum(coverage[account_id].active_contacts for account_id in keys), len(keys)
        ),
        interactions=activity.interactions,
        by_channel={channel: activity.by_channel.get(channel, 0) for channel in CHANNELS},
        sentiment={sentiment: activity.sentiment.get(sentiment, 0) for sentiment in SENTIMENTS},
        nrr=retention.nrr,
        grr=retention.grr,
        margin=margin(
            float(sum(profits)) if profits else None,
            sum(sums.amount_with_profit for sums in facts.orders.values()),
        ),
        pipeline=open_pipeline.total,
        pipeline_weighted=open_pipeline.weighted,
        renewals_lapsed=sum(
            lapsed_on(account, end=end, on=period.until) is not None for account in facts.accounts
        ),
        open_risks=open_risks(facts.accounts, facts.risks, end=end),
    )


def open_risks(
    accounts: Iterable[AccountTimeline], risks: Iterable[RiskFact], *, end: datetime
) -> dict[str, int]:
    """Risks open at `end` of the accounts that existed and were not archived then, by severity."""
    counted = set()
    for account in accounts:
        state = account.state_at(end)
        if state is not None and not state.archived:
            counted.add(account.id)
    return count_by_severity(
        risk.severity for risk in risks if risk.account_id in counted and risk.open_at(end)
    )


# ---------------------------------------------------------------------------------------------
# Change against the previous period


@dataclass(frozen=True)
class KpiChange:
    """One KPI now and in the previous period, with the difference when both are known."""

    key: str
    current: float | int | None
    previous: float | int | None

    @property
    def delta(self) -> float | int | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def relative(self) -> float | None:
        """delta / |previous| (for amounts and counts); None when previous is 0 or unknown."""
        if self.delta is None or not self.previous:
            return None
        return self.delta / abs(self.previous)


COMPARED = tuple(
    key for key in KPI_KEYS if key not in ("by_channel", "sentiment", "renewals_lapsed", "open_risks")
)
"""The KPIs shown with their change against the previous period."""


def compare(current: Kpis, previous: Kpis) -> list[KpiChange]:
    return [KpiChange(key, getattr(current, key), getattr(previous, key)) for key in COMPARED]


# Accounts in the report


@dataclass(frozen=True)
class AccountFigures:
    """One account's line in the report: its period figures."""

    id: int
    name: str
    tier: str
    status: str
    owner: str | None
    orders: OrderSums
    feedback: Feedback
    interactions: int
    last_contact: datetime | None
    quadrant: str | None
    health: Any = None
    """A `kamctl.domain.health.Health` (or None when not computed)."""

    @property
    def csat_avg(self) -> float | None:
        return csat_average(self.feedback)

    def record(self) -> dict[str, Any]:
        """SPEC §8's `accounts` item."""
        return {
            "account": self.name,
            "tier": self.tier,
            "revenue": round(self.orders.amount, 2),
            "profit": _round(self.orders.profit, 2),
            "csat_avg": _round(self.csat_avg, 2),
            "interactions": self.interactions,
            "last_contact": self.last_contact,
            "quadrant": self.quadrant,
        }


def sort_accounts(accounts: Iterable[AccountFigures]) -> list[AccountFigures]:
    """Highest revenue first, then by name."""
    return sorted(accounts, key=lambda a: (-a.orders.amount, a.name.casefold(), a.id))
