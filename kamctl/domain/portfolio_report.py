"""The portfolio report of `kamctl report` (SPEC §8): from what the store read to KPIs of the
period (and of the previous one), the accounts with their figures and health, and those at risk."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from typing import Any

from kamctl.domain.account_map import Interaction, find_coverage_gaps
from kamctl.domain.health import Objectives, account_health, account_health_facts, commercial_signals
from kamctl.domain.kpis import (
    COMPARED,
    AccountFigures,
    Activity,
    ClosedOpportunity,
    Feedback,
    KeyAccountFacts,
    KpiChange,
    Kpis,
    OrderSums,
    PeriodFacts,
    compare,
    compute_kpis,
    sort_accounts,
)
from kamctl.domain.periods import Period, report_period
from kamctl.domain.renewals import lapsed_on
from kamctl.domain.risk import AtRisk, RiskSignals, find_at_risk
from kamctl.domain.risks import RiskFact
from kamctl.domain.scoring import AccountFacts, OrderTotals
from kamctl.domain.targets import TargetResult, check_targets
from kamctl.domain.timelines import MAPPED_TIERS, AccountTimeline, key_account_ids


@dataclass(frozen=True)
class MonthFigures:
    """One month of the period (the first and last may be partial) for the charts."""

    month: date
    revenue: float = 0.0
    sentiment: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PortfolioReport:
    period: Period
    kpis: Kpis
    previous: Kpis | None
    accounts: Sequence[AccountFigures]
    at_risk: Sequence[AtRisk]
    months: Sequence[MonthFigures] = ()
    owner: str | None = None
    currency: str = "JPY"
    targets: Mapping[str, float] = field(default_factory=dict)
    """`{kpi: target}` of the targets set (`kamctl.domain.targets`)."""

    def target_results(self) -> dict[str, TargetResult]:
        return check_targets(self.kpis.record(), self.targets)

    def record(self) -> dict[str, Any]:
        """SPEC §8's JSON: `{period, kpis, targets, accounts, at_risk}`."""
        return {
            "period": self.period.record(),
            "kpis": self.kpis.record(),
            "targets": {kpi: result.record() for kpi, result in self.target_results().items()},
            "accounts": [account.record() for account in self.accounts],
            "at_risk": [item.record() for item in self.at_risk],
        }

    def changes(self) -> list[KpiChange]:
        if self.previous is None:
            return [KpiChange(key, getattr(self.kpis, key), None) for key in COMPARED]
        return compare(self.kpis, self.previous)

    def health_bands(self) -> dict[str, int]:
        """How many key accounts are green, yellow and red."""
        bands = {"green": 0, "yellow": 0, "red": 0}
        for account in self.accounts:
            if account.tier == "key" and account.health is not None:
                bands[account.health.band] += 1
        return bands


# ---------------------------------------------------------------------------------------------
# From what the store read to the report


@dataclass(frozen=True)
class AccountLog:
    """One account's log entries as the report reads them."""

    interactions: int = 0
    previous_interactions: int = 0
    last_contact: datetime | None = None
    """The latest log entry up to the end of the period."""
    previous_last_contact: datetime | None = None
    """The latest log entry up to the end of the previous period."""
    recent_sentiment: Mapping[str, int] = field(default_factory=dict)
    """Sentiments of the latest five entries (up to `until`) that record one, counted."""
    last_two_negative: bool = False
    feedback: Feedback = field(default_factory=Feedback)
    previous_feedback: Feedback = field(default_factory=Feedback)
    year_feedback: Feedback = field(default_factory=Feedback)
    """CSAT and NPS of the 365 days up to `until` (health's satisfaction)."""


@dataclass(frozen=True)
class Threads:
    """Who an account's log entries of the 180 days up to `until` named, as much as the
    `single-threaded` finding reads: the contact named by the latest of them, another contact
    if any other was named, and — when only one was — how many entries named them."""

    first: int | None = None
    other: int | None = None
    entries: int = 0


@dataclass(frozen=True)
class PortfolioFacts:
    """Everything `kamctl report` reads, for the accounts in scope, as plain values."""

    period: Period
    tz: tzinfo
    as_of: datetime
    """The moment the report looks from: now, or the end of `until` when that is earlier."""
    accounts: Sequence[AccountTimeline]
    orders: Mapping[int, OrderSums]
    previous_orders: Mapping[int, OrderSums]
    opportunities: Sequence[ClosedOpportunity]
    logs: Mapping[int, AccountLog]
    activity: Activity
    """The period's log entries counted (global); its feedback is the sum of the accounts'."""
    contacts: Mapping[int, Sequence[Any]]
    """Account id → its contacts as `kamctl.domain.account_map.MapContact`, with the
    `last_contact` the findings read: set for decision makers and economic buyers (a moment of the
    last 90 days when they were met then, else their latest contact), None for the others."""
    active_contacts: Mapping[int, int]
    """Account id → contacts not marked as left that existed at the end of the period."""
    previous_active_contacts: Mapping[int, int]
    threads: Mapping[int, Threads]
    decision_makers: frozenset[int]
    """Accounts with a log entry of the 90 days up to `until` that names a decision maker."""
    previous_decision_makers: frozenset[int]
    objectives: Mapping[int, Objectives]
    cadence_by_tier: Mapping[str, int | None]
    months: Sequence[date] = ()
    monthly_revenue: Sequence[float] = ()
    monthly_sentiment: Sequence[Mapping[str, int]] = ()
    risks: Sequence[RiskFact] = ()
    """Every risk of the accounts in scope (open or closed), oldest first."""
    open_renewals: frozenset[int] = frozenset()
    """Accounts with a renewal opportunity open at `as_of`."""
    renewal_lead_days: int = 90
    """The `renewal.lead_days` setting: how near a renewal must be for health to want its opportunity."""
    earlier_revenue: Mapping[int, float] = field(default_factory=dict)
    """Each account's revenue in the period before the previous one (nrr and grr of the previous
    period)."""
    pipeline: Sequence[Any] = ()
    """`kamctl.domain.retention.PipelineOpportunity`s that may be open at either period's end."""


def _coverage_facts(facts: PortfolioFacts, *, previous: bool) -> dict[int, KeyAccountFacts]:
    """What the coverage KPIs read about the key accounts at the end of the (previous) period."""
    period = facts.period.previous() if previous else facts.period
    end = period.ends_before(facts.tz)
    contacted = facts.previous_decision_makers if previous else facts.decision_makers
    keys = key_account_ids(facts.accounts, end)
    coverage = {}
    for account in facts.accounts:
        if account.id not in keys:
            continue
        log = facts.logs.get(account.id, AccountLog())
        active = facts.previous_active_contacts if previous else facts.active_contacts
        coverage[account.id] = KeyAccountFacts(
            last_contact=log.previous_last_contact if previous else log.last_contact,
            decision_maker_contacted=account.id in contacted,
            active_contacts=active.get(account.id, 0),
        )
    return coverage


def period_facts(facts: PortfolioFacts, *, previous: bool = False) -> PeriodFacts:
    """The facts of the period (or of the previous one) that `compute_kpis` reads.

    The previous period's activity has its interactions and feedback only: the dashboard
    compares KPIs, not the breakdowns by channel and sentiment.
    """
    logs = facts.logs.values()
    if previous:
        activity = Activity(
            interactions=sum(log.previous_interactions for log in logs),
            feedback=sum((log.previous_feedback for log in logs), Feedback()),
        )
    else:
        activity = replace(facts.activity, feedback=sum((log.feedback for log in logs), Feedback()))
    return PeriodFacts(
        period=facts.period.previous() if previous else facts.period,
        tz=facts.tz,
        accounts=facts.accounts,
        orders=facts.previous_orders if previous else facts.orders,
        opportunities=facts.opportunities,
        activity=activity,
        coverage=_coverage_facts(facts, previous=previous),
        cadence_by_tier=facts.cadence_by_tier,
        risks=facts.risks,
        previous_revenue=(
            facts.earlier_revenue
            if previous
            else {account_id: sums.amount for account_id, sums in facts.previous_orders.items()}
        ),
        pipeline=facts.pipeline,
    )


def interactions_for_findings(threads: Threads, when: datetime) -> list[Any]:
    """The 180 days' interactions as `find_coverage_gaps` reads them, rebuilt from `threads`: it
    only asks which contacts were named and, when just one was, in how many entries. `when` is a
    moment inside the window (the report's `as_of`)."""
    if threads.first is None:
        return []
    if threads.other is not None:
        return [Interaction(when, frozenset({threads.first})), Interaction(when, frozenset({threads.other}))]
    return [Interaction(when, frozenset({threads.first}))] * max(1, threads.entries)


def build_report(
    facts: PortfolioFacts,
    *,
    quadrants: Mapping[int, str],
    owner: str | None = None,
    currency: str = "JPY",
    with_previous: bool = True,
    targets: Mapping[str, float] | None = None,
) -> PortfolioReport:
    """The report of SPEC §8 from what the store read: KPIs, accounts with health, at-risk list."""
    period, tz = facts.period, facts.tz
    end = period.ends_before(tz)
    kpis = compute_kpis(period_facts(facts))
    previous = compute_kpis(period_facts(facts, previous=True)) if with_previous else None

    figures: list[AccountFigures] = []
    signals: dict[int, RiskSignals] = {}
    risks_of: dict[int, list[RiskFact]] = {}
    high_risks: dict[int, list[str]] = {}
    for risk in facts.risks:
        risks_of.setdefault(risk.account_id, []).append(risk)
        if risk.severity == "high" and risk.open_at(end):
            high_risks.setdefault(risk.account_id, []).append(risk.text)
    for account in facts.accounts:
        state = account.state_at(end)
        if state is None or state.archived:
            continue
        log = facts.logs.get(account.id, AccountLog())
        findings: list[Any] = []
        health = None
        if state.tier in MAPPED_TIERS:
            findings = find_coverage_gaps(
                facts.contacts.get(account.id, ()),
                interactions_for_findings(facts.threads.get(account.id, Threads()), facts.as_of),
                now=facts.as_of,
            )
            health = account_health(
                account_health_facts(
                    account,
                    tier=state.tier,
                    last_contact=log.last_contact,
                    as_of=facts.as_of,
                    cadence_by_tier=facts.cadence_by_tier,
                    recent_sentiment=log.recent_sentiment,
                    year_feedback=log.year_feedback,
                    finding_severities=[finding.severity for finding in findings],
                    objectives=facts.objectives.get(account.id, Objectives()),
                    commercial=commercial_signals(
                        as_of=facts.as_of,
                        revenue=facts.orders.get(account.id, OrderSums()).amount,
                        previous_revenue=facts.previous_orders.get(account.id, OrderSums()).amount,
                        renewal_date=account.renewal_date_at(end),
                        renewal_lead_days=facts.renewal_lead_days,
                        renewal_opportunity_open=account.id in facts.open_renewals,
                        risks=risks_of.get(account.id, ()),
                    ),
                )
            )
        figures.append(
            AccountFigures(
                id=account.id,
                name=account.name,
                tier=state.tier,
                status=state.status,
                owner=account.owner,
                orders=facts.orders.get(account.id, OrderSums()),
                feedback=log.feedback,
                interactions=log.interactions,
                last_contact=log.last_contact,
                quadrant=quadrants.get(account.id),
                health=health,
            )
        )
        signals[account.id] = RiskSignals(
            last_two_negative=log.last_two_negative,
            high_findings=[finding for finding in findings if finding.severity == "high"],
            renewal_lapsed_on=lapsed_on(account, end=end, on=period.until),
            high_risks=high_risks.get(account.id, ()),
        )
    accounts = sort_accounts(figures)
    months = [
        MonthFigures(
            month=month,
            revenue=facts.monthly_revenue[i] if i < len(facts.monthly_revenue) else 0.0,
            sentiment=facts.monthly_sentiment[i] if i < len(facts.monthly_sentiment) else {},
        )
        for i, month in enumerate(facts.months)
    ]
    return PortfolioReport(
        period=period,
        kpis=kpis,
        previous=previous,
        accounts=accounts,
        at_risk=find_at_risk(accounts, signals),
        months=months,
        owner=owner,
        currency=currency,
        targets=targets or {},
    )


def reuses_scoring_window(period: Period, today: date, owner: str | None) -> bool:
    """Whether the report's figures are those the score reads: the default period (SPEC §4's
    365 days up to today) over every account."""
    return owner is None and period == report_period(since=None, until=None, today=today)


def scoring_facts(scored_set: Sequence[Mapping[str, Any]], facts: PortfolioFacts) -> list[Any]:
    """`kamctl.domain.scoring.AccountFacts` of the scored set from what the report already read:
    with the default period (`reuses_scoring_window`) its orders and the CSAT of its 365 days are
    exactly the score's window, so the score need not read them again."""
    found = []
    for account in scored_set:
        orders = facts.orders.get(account["id"], OrderSums())
        log = facts.logs.get(account["id"])
        feedback = log.year_feedback if log is not None else Feedback()
        found.append(
            AccountFacts(
                **account,
                csat=feedback.csat_sum / feedback.csat_count if feedback.csat_count else None,
                orders=OrderTotals(count=orders.count, amount=orders.amount, profit=orders.profit),
            )
        )
    return found
