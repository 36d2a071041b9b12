"""The KPIs of `kamctl report` (SPEC §8): pure functions over plain facts, one period at a time.

The store reads what happened (`PeriodFacts`), this module turns it into numbers (`Kpis`), the
renderers show them. Every figure follows SPEC §8 to the letter; where SPEC leaves room, the
choice is written down here:

- **Period.** `since` … `until`, both days included, in the local time zone: log entries and
  closed opportunities count from local midnight starting `since` to local midnight ending
  `until`; orders count by their date. Default: the 365 days ending today. The previous period
  is the one of equal length that ends the day before `since`.
- **"At a moment"** (status for retention, tier for key accounts, archived) is read from account
  history: the latest recorded change before the moment, else the `old` value of the first
  change after it, else the current value. An account created after the moment did not exist.
  "At `until`" means at the end of that day; "at the period start" at the start of `since`.
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
- **interactions**: every log entry of the period (any kind); **by_channel** and **sentiment**
  count them by channel and by recorded sentiment (every channel and sentiment is a key).
- **at_risk** (of accounts not archived and not lost at `until`): status `at-risk`; or the two
  latest log entries that record a sentiment (up to `until`) are both negative; or, for key
  accounts (MAPPED_TIERS), account-map findings of severity high (SPEC §5) — each with its
  reasons. Key accounts come first, then the most reasons, then the lowest health.
- **health** (`kamctl.domain.health`) is computed for the key accounts, as of `until`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from kamctl.domain.account_map import Interaction, find_coverage_gaps
from kamctl.domain.accounts import TIERS
from kamctl.domain.health import HealthFacts, account_health
from kamctl.domain.limits import MAX_REPORT_DAYS
from kamctl.domain.log import CHANNELS, SENTIMENTS
from kamctl.domain.names import as_id, not_one_of
from kamctl.domain.reminders import cadence_due
from kamctl.domain.scoring import AccountFacts, OrderTotals
from kamctl.errors import InvalidValue

DEFAULT_DAYS = 365
"""The default period: the 365 days ending today."""

UPSELL_TYPES = ("upsell", "cross-sell")
"""The opportunity types of `upsell_win_rate`; `renewal` and `new` are left out."""

OPPORTUNITY_TYPES = ("upsell", "cross-sell", "renewal", "new")

RETAINED_FROM = ("active", "at-risk")
"""Statuses at the period start that put an account in the retention base."""

DECISION_DAYS = 90
"""`decision_maker_coverage` looks at the log entries of the 90 days up to `until`."""

MAPPED_TIERS = ("key",)
"""The tiers whose account maps the portfolio report reads: coverage findings (an at-risk reason)
and health are about the key accounts, the ones a team maps and plans (SPEC §1). Any other
account's map is still checked by `contacts map`, and `accounts show` shows its health."""


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
    "interactions",
    "by_channel",
    "sentiment",
)
"""The JSON keys of `kpis`, in SPEC §8's order."""


# ---------------------------------------------------------------------------------------------
# The period


@dataclass(frozen=True)
class Period:
    """`since` … `until`, both days included."""

    since: date
    until: date

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def previous(self) -> Period:
        """The period of equal length that ends the day before `since`."""
        until = self.since - timedelta(days=1)
        return Period(until - timedelta(days=self.days - 1), until)

    def starts_at(self, tz: tzinfo) -> datetime:
        """Local midnight starting `since`."""
        return day_start(self.since, tz)

    def ends_before(self, tz: tzinfo) -> datetime:
        """Local midnight ending `until` (the first moment after the period)."""
        return day_start(self.until + timedelta(days=1), tz)

    def record(self) -> dict[str, date]:
        return {"since": self.since, "until": self.until}


def day_start(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz)


def report_period(*, since: date | None, until: date | None, today: date) -> Period:
    """The period asked for: by default the 365 days ending today (or ending `until`)."""
    last = until if until is not None else today
    first = since if since is not None else last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise InvalidValue(
            f"--since {first.isoformat()} is after --until {last.isoformat()}: the period would be empty"
        )
    period = Period(first, last)
    if period.days > MAX_REPORT_DAYS:
        raise InvalidValue(
            f"--since {first.isoformat()} to --until {last.isoformat()} is {period.days:,} days: a report "
            f"covers at most {MAX_REPORT_DAYS:,} (40 years); give a later --since"
        )
    return period


def month_starts(period: Period) -> list[date]:
    """The first day of every calendar month that overlaps the period, oldest first."""
    months = []
    day = period.since.replace(day=1)
    while day <= period.until:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def month_edges(period: Period) -> list[date]:
    """The days that start a new month inside the period (excluding `since`): bucket boundaries."""
    return [start for start in month_starts(period) if start > period.since]


def month_index(day: date, period: Period) -> int:
    """Which month bucket of `month_starts(period)` a day of the period falls in."""
    return bisect_right(month_edges(period), day)


# ---------------------------------------------------------------------------------------------
# Accounts through time


@dataclass(frozen=True)
class Change:
    """One recorded change of a field that KPIs read through time (status, tier, archived)."""

    when: datetime
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class AccountState:
    tier: str
    status: str
    archived: bool


@dataclass(frozen=True)
class AccountTimeline:
    """An account as it is now, with the recorded changes (oldest first) that say how it was."""

    id: int
    name: str
    created_at: datetime
    tier: str
    status: str
    archived: bool = False
    owner: str | None = None
    cadence_days: int | None = None
    changes: tuple[Change, ...] = ()
    _states: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    """state_at's answers by moment: a report asks about the same few moments many times."""

    def value_at(self, name: str, moment: datetime) -> str | None:
        """A field's value just before `moment`, from history (see the module docstring)."""
        current = getattr(self, name)
        current_text = ("true" if current else "false") if isinstance(current, bool) else current
        relevant = [change for change in self.changes if change.field == name]
        before = [change for change in relevant if change.when < moment]
        if before:
            return before[-1].new
        if relevant:
            return relevant[0].old
        return current_text

    def state_at(self, moment: datetime) -> AccountState | None:
        """Tier, status and archived just before `moment`; None when not created yet."""
        if self.created_at >= moment:
            return None
        state = self._states.get(moment if self.changes else None)
        if state is None and not self.changes:
            # Most accounts never changed tier, status or archived: they were as they are.
            state = self._states[None] = AccountState(self.tier, self.status, self.archived)
        elif state is None:
            state = self._states[moment] = AccountState(
                tier=self.value_at("tier", moment) or self.tier,
                status=self.value_at("status", moment) or self.status,
                archived=self.value_at("archived", moment) == "true",
            )
        return state


def key_account_ids(accounts: Iterable[AccountTimeline], moment: datetime) -> set[int]:
    """Accounts that existed, were not archived and were key accounts just before `moment`."""
    ids = set()
    for account in accounts:
        state = account.state_at(moment)
        if state is not None and not state.archived and state.tier == "key":
            ids.add(account.id)
    return ids


def mapped_account_ids(accounts: Iterable[AccountTimeline], moment: datetime) -> set[int]:
    """Accounts not archived whose tier was one of MAPPED_TIERS just before `moment`."""
    ids = set()
    for account in accounts:
        state = account.state_at(moment)
        if state is not None and not state.archived and state.tier in MAPPED_TIERS:
            ids.add(account.id)
    return ids


# ---------------------------------------------------------------------------------------------
# Facts of one period


@dataclass(frozen=True)
class OrderSums:
    """An account's orders in a period."""

    amount: float = 0.0
    profit: float | None = None
    """Sum of the known profits; None when no order has one."""
    count: int = 0


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
            "interactions": self.interactions,
            "by_channel": dict(self.by_channel),
            "sentiment": dict(self.sentiment),
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


COMPARED = tuple(key for key in KPI_KEYS if key not in ("by_channel", "sentiment"))
"""The KPIs shown with their change against the previous period."""


def compare(current: Kpis, previous: Kpis) -> list[KpiChange]:
    return [KpiChange(key, getattr(current, key), getattr(previous, key)) for key in COMPARED]


# ---------------------------------------------------------------------------------------------
# Accounts in the report, and the ones at risk


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


@dataclass(frozen=True)
class RiskReason:
    code: str
    """`status`, `negative-sentiment`, or a high-severity finding code of SPEC §5."""
    message: str


@dataclass(frozen=True)
class AtRisk:
    account: AccountFigures
    reasons: tuple[RiskReason, ...]

    def record(self) -> dict[str, Any]:
        health = self.account.health
        return {
            "account": self.account.name,
            "tier": self.account.tier,
            "owner": self.account.owner,
            "status": self.account.status,
            "health": None if health is None else health.score,
            "reasons": [{"code": reason.code, "message": reason.message} for reason in self.reasons],
        }


@dataclass(frozen=True)
class RiskSignals:
    """What the at-risk test reads about one account."""

    last_two_negative: bool = False
    """Its two latest log entries that record a sentiment were both negative."""
    high_findings: Sequence[Any] = ()
    """Its coverage findings of severity high (`kamctl.domain.account_map.Finding`)."""


def risk_reasons(account: AccountFigures, signals: RiskSignals) -> list[RiskReason]:
    reasons = []
    if account.status == "at-risk":
        reasons.append(RiskReason("status", "status is at-risk"))
    if signals.last_two_negative:
        reasons.append(
            RiskReason("negative-sentiment", "the last two log entries with a sentiment were negative")
        )
    for finding in signals.high_findings:
        reasons.append(RiskReason(finding.code, finding.message))
    return reasons


def find_at_risk(accounts: Iterable[AccountFigures], signals: Mapping[int, RiskSignals]) -> list[AtRisk]:
    """SPEC §8 at_risk among accounts that are not lost: key accounts first, most reasons first,
    then the lowest health, then by name."""
    found = []
    for account in accounts:
        if account.status == "lost":
            continue
        reasons = risk_reasons(account, signals.get(account.id, RiskSignals()))
        if reasons:
            found.append(AtRisk(account, tuple(reasons)))

    def order(item: AtRisk) -> tuple:
        tier = TIERS.index(item.account.tier) if item.account.tier in TIERS else len(TIERS)
        health = item.account.health.score if item.account.health is not None else 101
        return (tier, -len(item.reasons), health, item.account.name.casefold(), item.account.id)

    return sorted(found, key=order)


# ---------------------------------------------------------------------------------------------
# The whole report


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

    def record(self) -> dict[str, Any]:
        """SPEC §8's JSON: `{period, kpis, accounts, at_risk}`."""
        return {
            "period": self.period.record(),
            "kpis": self.kpis.record(),
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
class Objectives:
    done: int = 0
    overdue: int = 0


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
    )


def account_health_facts(
    account: AccountTimeline,
    *,
    tier: str,
    last_contact: datetime | None,
    as_of: datetime,
    cadence_by_tier: Mapping[str, int | None],
    recent_sentiment: Mapping[str, int],
    year_feedback: Feedback,
    finding_severities: Sequence[str],
    objectives: Objectives,
):
    """The `HealthFacts` of one account as of `as_of` (a moment in the report's time zone)."""
    since = last_contact or account.created_at
    return HealthFacts(
        days_since_contact=max(0, (as_of.date() - since.astimezone(as_of.tzinfo).date()).days),
        cadence_days=cadence_of(account, tier, cadence_by_tier),
        recent_sentiment=recent_sentiment,
        csat_mean=csat_average(year_feedback),
        nps=net_promoter_score(year_feedback),
        finding_severities=finding_severities,
        objectives_done=objectives.done,
        objectives_overdue=objectives.overdue,
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
) -> PortfolioReport:
    """The report of SPEC §8 from what the store read: KPIs, accounts with health, at-risk list."""
    period, tz = facts.period, facts.tz
    end = period.ends_before(tz)
    kpis = compute_kpis(period_facts(facts))
    previous = compute_kpis(period_facts(facts, previous=True)) if with_previous else None

    figures: list[AccountFigures] = []
    signals: dict[int, RiskSignals] = {}
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
    )


# ---------------------------------------------------------------------------------------------
# Opportunities as typed


def check_opportunity_type(raw: str) -> str:
    """`upsell`, `cross-sell`, `renewal` or `new` (any case; `cross_sell` and `cross sell` too)."""
    value = "-".join(raw.strip().casefold().replace("_", " ").replace("-", " ").split())
    if value == "crosssell":
        value = "cross-sell"
    if value not in OPPORTUNITY_TYPES:
        raise InvalidValue(not_one_of("--type", raw, OPPORTUNITY_TYPES))
    return value


def check_opportunity_title(raw: str) -> str:
    title = " ".join(raw.split())
    if not title:
        raise InvalidValue("the opportunity needs a title")
    return title


def parse_opportunity_id(raw: str) -> int:
    number = as_id(raw)
    if number is None:
        raise InvalidValue(
            f"an opportunity is named by its number (got {raw!r}; kamctl accounts opp list shows them)"
        )
    return number


# ---------------------------------------------------------------------------------------------
# `report account NAME` and `report team`

ACCOUNT_KPIS = ("revenue", "profit", "orders", "interactions", "csat_avg", "nps", "upsell_win_rate")
"""The KPIs of one account's review, compared with the previous period."""


def objective_status(objective: Mapping[str, Any], today: date) -> str:
    """`done`, `overdue` (open and due before today) or `open`."""
    if objective["done"]:
        return "done"
    if objective["due"] is not None and objective["due"] < today:
        return "overdue"
    return "open"


def review_record(
    dossier: Mapping[str, Any],
    facts: PortfolioFacts,
    *,
    timeline: Sequence[Mapping[str, Any]],
    scored: Any,
    today: date,
) -> dict[str, Any]:
    """The periodic review of one account (`report account`): the dossier (as of today) with the
    period's KPIs against the previous period, the interactions and the feedback of the period.

    `facts` are the account's own (`load_portfolio` scoped to it); `scored` is its
    `ScoredAccount`, or None when it is not scored (archived or lost).
    """
    account = dossier["account"]
    current = compute_kpis(period_facts(facts)).record()
    before = compute_kpis(period_facts(facts, previous=True)).record()
    orders = facts.orders.get(account["id"], OrderSums())
    previous_orders = facts.previous_orders.get(account["id"], OrderSums())
    current["orders"], before["orders"] = orders.count, previous_orders.count
    plan = dossier["plan"]
    feedback_fields = ("id", "when", "kind", "channel", "contacts", "csat", "nps", "notes")
    return {
        "account": account,
        "period": facts.period.record(),
        "previous_period": facts.period.previous().record(),
        "score": None
        if scored is None
        else {
            "score": round(scored.score, 2),
            "strength": None if scored.strength.value is None else round(scored.strength.value, 2),
            "quadrant": scored.quadrant,
            "recommendation": scored.recommendation,
        },
        "health": dossier["health"],
        "kpis": [{"kpi": key, "current": current[key], "previous": before[key]} for key in ACCOUNT_KPIS],
        "sentiment": current["sentiment"],
        "by_channel": current["by_channel"],
        "plan": {
            "goals": list(plan["goals"]),
            "objectives": [
                {"id": o["id"], "text": o["text"], "due": o["due"], "status": objective_status(o, today)}
                for o in plan["objectives"]
            ],
            "last_review": plan.get("last_review"),
        },
        "timeline": list(timeline),
        "feedback": {
            mood: [
                {key: entry[key] for key in feedback_fields}
                for entry in timeline
                if entry["sentiment"] == mood
            ]
            for mood in ("positive", "negative")
        },
        "map": dossier["map"],
        "findings": dossier["findings"],
        "open_reminders": dossier["open_reminders"],
        "open_opportunities": dossier["open_opportunities"],
        "team": dossier["team"],
    }


def team_rows(
    accounts: Sequence[AccountTimeline],
    interactions: Mapping[int, int],
    *,
    overdue_owners: Sequence[str | None],
    period: Period,
    tz: tzinfo,
) -> list[dict[str, Any]]:
    """Per account manager (owner, case-insensitive): accounts not archived and key accounts at
    `until`, log entries of their accounts in the period, reminders overdue today."""
    end = period.ends_before(tz)
    rows: dict[str, dict[str, Any]] = {}

    def row(owner: str | None) -> dict[str, Any]:
        key = (owner or "").strip().casefold()
        if key not in rows:
            rows[key] = {"owner": (owner or "").strip() or None, "accounts": 0, "key_accounts": 0,
                         "interactions": 0, "overdue_reminders": 0}  # fmt: skip
        return rows[key]

    for account in accounts:
        state = account.state_at(end)
        entry = row(account.owner)
        entry["interactions"] += interactions.get(account.id, 0)
        if state is not None and not state.archived:
            entry["accounts"] += 1
            entry["key_accounts"] += state.tier == "key"
    for owner in overdue_owners:
        row(owner)["overdue_reminders"] += 1
    return sorted(rows.values(), key=lambda r: (r["owner"] is None, (r["owner"] or "").casefold()))


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
