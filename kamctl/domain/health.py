"""Account health (0–100): one number for "how is this relationship doing?", with its breakdown.

Health is the weighted mean of eight components, each 0–100. A component that cannot be rated
(no rhythm, no sentiment or survey recorded, no objective due yet) is left out and the weights
of the others are scaled up, so an account is never punished for what nobody measured; the
breakdown says which were left out. Health is rounded to a whole number; the band is
**red** below 50, **yellow** 50–74, **green** 75 and above.

| component | weight | 100 means | 0 means |
|---|---|---|---|
| freshness | 30 | contacted within its cadence | not contacted for two cadences or more |
| sentiment | 20 | its latest 5 log entries with a sentiment were all positive | all negative |
| satisfaction | 20 | CSAT 5 and NPS +100 in the last 365 days | CSAT 1 and NPS −100 |
| coverage | 20 | no account-map findings | findings worth 100 penalty points or more |
| plan | 10 | every objective that is due has been done | none has |
| revenue | 15 | revenue of the period at least that of the previous one | no revenue in the period |
| renewal | 15 | renewal not yet near, or its renewal opportunity is open | the renewal lapsed |
| risks | 10 | no open high risk | two open high risks or more |

- **freshness**: d = days since the latest log entry (or since the account was created, when
  nothing is logged), c = the account's cadence_days, else its tier's default (SPEC §7):
  100 when d ≤ c, then falling linearly to 0 at d = 2c: `100 × (2c − d) / c`.
  No rhythm → not rated.
- **sentiment**: the latest five log entries that record a sentiment: positive 100, neutral 50,
  negative 0, averaged. None → not rated.
- **satisfaction**: the mean of the available parts: CSAT `(mean − 1) / 4 × 100` and NPS
  `(nps + 100) / 2` over the log entries of the last 365 days; NPS counts only with at least
  3 answers (one answer is an anecdote, not a score). None → not rated.
- **coverage**: `100 − 30 × high − 10 × medium − 5 × low` findings of the account map (SPEC §5),
  at least 0. Always rated.
- **plan**: of the objectives that are done or past due, the share done. None → not rated.
- **revenue** (trend): orders of the period against the previous period of equal length:
  `100 × this / previous`, at most 100; 100 when only this period has revenue. No revenue in
  either → not rated.
- **renewal**: lapsed (`kamctl.domain.renewals.is_lapsed`) → 0; within `renewal.lead_days`
  without an open renewal opportunity → 50; otherwise 100. No renewal date → not rated.
- **risks**: `100 − 50 × open high risks`, at least 0. No risk ever recorded → not rated.

`points` of a component = weight × value / (sum of the weights rated): they add up to health.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from kamctl.domain.kpis import Feedback, cadence_of, csat_average, net_promoter_score
from kamctl.domain.renewals import is_lapsed
from kamctl.i18n import N_, _, day, label, ngettext

if TYPE_CHECKING:
    from kamctl.domain.risks import RiskFact
    from kamctl.domain.timelines import AccountTimeline

WEIGHTS = {
    "freshness": 30,
    "sentiment": 20,
    "satisfaction": 20,
    "coverage": 20,
    "plan": 10,
    "revenue": 15,
    "renewal": 15,
    "risks": 10,
}
"""Component weights; the order is the order of the breakdown."""

MIN_NPS_ANSWERS = 3
"""Fewer NPS answers than this leave NPS out of satisfaction."""
HIGH_RISK_PENALTY = 50
"""Risk points lost per open high risk."""

SEVERITY_PENALTY = {"high": 30, "medium": 10, "low": 5}
"""Coverage points lost per account-map finding of each severity."""

SENTIMENT_VALUE = {"positive": 100.0, "neutral": 50.0, "negative": 0.0}
RECENT_SENTIMENTS = 5
"""How many of the latest entries with a sentiment the sentiment component reads."""

SATISFACTION_DAYS = 365
BANDS = (("green", 75), ("yellow", 50), ("red", 0))
"""(band, lowest health in it), best first."""


@dataclass(frozen=True)
class Commercial:
    """The commercial signals of health, as plain values."""

    today: date | None = None
    """The day health is computed for (renewal); None: renewal not rated."""
    revenue: float = 0.0
    """Orders of the period."""
    previous_revenue: float = 0.0
    """Orders of the previous period of equal length."""
    renewal_date: date | None = None
    renewal_lead_days: int = 90
    renewal_opportunity_open: bool = False
    risks_recorded: int = 0
    """Risks recorded so far, open or closed: the account keeps a risk register."""
    open_high_risks: int = 0


@dataclass(frozen=True)
class HealthFacts:
    """Everything health depends on, as plain values (the store or a test fills them)."""

    days_since_contact: int | None
    """Days since the latest log entry, else since the account was created."""
    cadence_days: int | None
    """The rhythm in force (own cadence_days, else the tier's default); None: no rhythm."""
    recent_sentiment: Mapping[str, int] = field(default_factory=dict)
    """How many of the latest five log entries that record a sentiment were positive, neutral
    and negative."""
    csat_mean: float | None = None
    """Mean CSAT (1–5) of the last 365 days."""
    nps: float | None = None
    """NPS (−100…100) of the last 365 days' answers; None with fewer than MIN_NPS_ANSWERS."""
    nps_answers: int = 0
    """How many NPS answers the last 365 days have."""
    finding_severities: Sequence[str] = ()
    """The severity of every account-map finding."""
    objectives_done: int = 0
    objectives_overdue: int = 0
    """Open objectives whose due date has passed."""
    commercial: Commercial = field(default_factory=Commercial)


@dataclass(frozen=True)
class Component:
    name: str
    value: float | None
    """0–100, or None when it cannot be rated."""
    weight: float
    points: float
    """weight × value / Σ weights rated; 0 when not rated."""
    detail: str


@dataclass(frozen=True)
class Health:
    score: int
    band: str
    components: tuple[Component, ...]

    def record(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "band": self.band,
            "components": [
                {
                    "component": c.name,
                    "value": None if c.value is None else round(c.value, 1),
                    "weight": c.weight,
                    "points": round(c.points, 1),
                    "detail": c.detail,
                }
                for c in self.components
            ],
        }


def whole(score: float) -> int:
    """Health as shown: rounded half up (74.5 is 75, green), not to the even neighbour."""
    return int(score + 0.5 + 1e-9)


def band_of(score: float) -> str:
    """red < 50, yellow 50–74, green ≥ 75 (of the whole-number health)."""
    shown = whole(score)
    return next(name for name, lowest in BANDS if shown >= lowest)


def freshness(days: int | None, cadence: int | None) -> float | None:
    if cadence is None or days is None:
        return None
    if days <= cadence:
        return 100.0
    return max(0.0, 100.0 * (2 * cadence - days) / cadence)


def sentiment_value(counts: Mapping[str, int]) -> float | None:
    total = sum(counts.get(sentiment, 0) for sentiment in SENTIMENT_VALUE)
    if not total:
        return None
    return sum(SENTIMENT_VALUE[sentiment] * counts.get(sentiment, 0) for sentiment in SENTIMENT_VALUE) / total


def satisfaction(csat_mean: float | None, nps: float | None) -> float | None:
    parts = []
    if csat_mean is not None:
        parts.append((csat_mean - 1) * 25.0)
    if nps is not None:
        parts.append((nps + 100) / 2)
    return sum(parts) / len(parts) if parts else None


def coverage(severities: Iterable[str]) -> float:
    return max(0.0, 100.0 - sum(SEVERITY_PENALTY.get(severity, 0) for severity in severities))


def plan_progress(done: int, overdue: int) -> float | None:
    due = done + overdue
    return 100.0 * done / due if due else None


def revenue_trend(revenue: float, previous: float) -> float | None:
    if previous > 0:
        return min(100.0, 100.0 * max(0.0, revenue) / previous)
    return 100.0 if revenue > 0 else None


def renewal_value(commercial: Commercial) -> float | None:
    renewal_date, today = commercial.renewal_date, commercial.today
    if renewal_date is None or today is None:
        return None
    if is_lapsed(renewal_date, today):
        return 0.0
    if (
        renewal_date - today
    ).days <= commercial.renewal_lead_days and not commercial.renewal_opportunity_open:
        return 50.0
    return 100.0


def risks_value(recorded: int, open_high: int) -> float | None:
    return max(0.0, 100.0 - HIGH_RISK_PENALTY * open_high) if recorded else None


def account_health(facts: HealthFacts) -> Health:
    """Health and its breakdown (see the module docstring for the formula)."""
    severities = list(facts.finding_severities)
    commercial = facts.commercial
    values = {
        "freshness": freshness(facts.days_since_contact, facts.cadence_days),
        "sentiment": sentiment_value(facts.recent_sentiment),
        "satisfaction": satisfaction(facts.csat_mean, facts.nps),
        "coverage": coverage(severities),
        "plan": plan_progress(facts.objectives_done, facts.objectives_overdue),
        "revenue": revenue_trend(commercial.revenue, commercial.previous_revenue),
        "renewal": renewal_value(commercial),
        "risks": risks_value(commercial.risks_recorded, commercial.open_high_risks),
    }
    details = {
        "freshness": _freshness_detail(facts.days_since_contact, facts.cadence_days),
        "sentiment": _sentiment_detail(facts.recent_sentiment),
        "satisfaction": _satisfaction_detail(facts.csat_mean, facts.nps, facts.nps_answers),
        "coverage": _coverage_detail(severities),
        "plan": _plan_detail(facts.objectives_done, facts.objectives_overdue),
        "revenue": _revenue_detail(commercial.revenue, commercial.previous_revenue),
        "renewal": _renewal_detail(commercial),
        "risks": _risks_detail(commercial.risks_recorded, commercial.open_high_risks),
    }
    rated = sum(WEIGHTS[name] for name, value in values.items() if value is not None)
    components = tuple(
        Component(
            name=name,
            value=value,
            weight=WEIGHTS[name],
            points=WEIGHTS[name] * value / rated if value is not None else 0.0,
            detail=details[name],
        )
        for name, value in values.items()
    )
    score = whole(sum(component.points for component in components))
    return Health(score=score, band=band_of(score), components=components)


COMPONENT_NAMES = (
    N_("freshness"), N_("sentiment"), N_("satisfaction"), N_("coverage"), N_("plan"), N_("revenue"),
    N_("renewal"), N_("risks"),
)  # fmt: skip
"""The components' names as the health table shows them (translated where shown)."""


def _freshness_detail(days: int | None, cadence: int | None) -> str:
    if cadence is None:
        return _("no contact rhythm set")
    if days is None:
        return _("never; rhythm every {cadence} days").format(cadence=cadence)
    return ngettext(
        "{days} day since the last contact; rhythm every {cadence} days",
        "{days} days since the last contact; rhythm every {cadence} days",
        days,
    ).format(days=days, cadence=cadence)


def _sentiment_detail(counts: Mapping[str, int]) -> str:
    total = sum(counts.get(sentiment, 0) for sentiment in SENTIMENT_VALUE)
    if not total:
        return _("no sentiment recorded")
    shown = _(", ").join(
        _("{count} {what}").format(count=counts[s], what=label(s)) for s in SENTIMENT_VALUE if counts.get(s)
    )
    return _("latest {total}: {counts}").format(total=total, counts=shown)


def _satisfaction_detail(csat: float | None, nps: float | None, nps_answers: int = 0) -> str:
    parts = []
    if csat is not None:
        parts.append(f"CSAT {csat:.1f}")
    if nps is not None:
        parts.append(f"NPS {nps:+.0f}")
    elif nps_answers:
        parts.append(
            ngettext(
                "NPS not counted ({answers} answer, fewer than {least})",
                "NPS not counted ({answers} answers, fewer than {least})",
                nps_answers,
            ).format(answers=nps_answers, least=MIN_NPS_ANSWERS)
        )
    if not parts:
        return _("no CSAT or NPS answer in a year")
    return _("{figures} (last {days} days)").format(figures=_(", ").join(parts), days=SATISFACTION_DAYS)


def _coverage_detail(severities: Sequence[str]) -> str:
    if not severities:
        return _("no account-map findings")
    counts = [(severity, severities.count(severity)) for severity in SEVERITY_PENALTY]
    shown = _(", ").join(
        _("{count} {what}").format(count=n, what=label(severity)) for severity, n in counts if n
    )
    return ngettext("{counts} finding", "{counts} findings", len(severities)).format(counts=shown)


def _plan_detail(done: int, overdue: int) -> str:
    if done + overdue == 0:
        return _("no objective done or due yet")
    return _("{done} done, {overdue} overdue").format(done=done, overdue=overdue)


def _revenue_detail(revenue: float, previous: float) -> str:
    if revenue <= 0 and previous <= 0:
        return _("no revenue in this period or the previous one")
    return _("{revenue} in the period, {previous} in the previous one").format(
        revenue=f"{revenue:,.0f}", previous=f"{previous:,.0f}"
    )


def _renewal_detail(commercial: Commercial) -> str:
    renewal_date, today = commercial.renewal_date, commercial.today
    if renewal_date is None or today is None:
        return _("no renewal date")
    if is_lapsed(renewal_date, today):
        return _("lapsed on {day}").format(day=day(renewal_date))
    days = (renewal_date - today).days
    due = ngettext("renews {day} (in {days} day)", "renews {day} (in {days} days)", days).format(
        day=day(renewal_date), days=days
    )
    if days > commercial.renewal_lead_days:
        return due
    if commercial.renewal_opportunity_open:
        return _("{renewal}; renewal opportunity open").format(renewal=due)
    return _("{renewal}; no renewal opportunity open").format(renewal=due)


def _risks_detail(recorded: int, open_high: int) -> str:
    if not recorded:
        return _("no risk recorded")
    if not open_high:
        return _("no open high risk")
    return ngettext("{count} open high risk", "{count} open high risks", open_high).format(count=open_high)


# ---------------------------------------------------------------------------------------------
# The facts of one account, from what a report read


@dataclass(frozen=True)
class Objectives:
    done: int = 0
    overdue: int = 0


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
    commercial: Commercial | None = None,
):
    """The `HealthFacts` of one account as of `as_of` (a moment in the report's time zone)."""
    since = last_contact or account.created_at
    return HealthFacts(
        days_since_contact=max(0, (as_of.date() - since.astimezone(as_of.tzinfo).date()).days),
        cadence_days=cadence_of(account, tier, cadence_by_tier),
        recent_sentiment=recent_sentiment,
        csat_mean=csat_average(year_feedback),
        nps=net_promoter_score(year_feedback) if year_feedback.nps_count >= MIN_NPS_ANSWERS else None,
        nps_answers=year_feedback.nps_count,
        finding_severities=finding_severities,
        objectives_done=objectives.done,
        objectives_overdue=objectives.overdue,
        commercial=commercial or Commercial(),
    )


def commercial_signals(
    *,
    as_of: datetime,
    revenue: float,
    previous_revenue: float,
    renewal_date: date | None,
    renewal_lead_days: int,
    renewal_opportunity_open: bool,
    risks: Iterable[RiskFact],
) -> Commercial:
    """The `Commercial` signals of one account as of `as_of` (`risks`: every risk of the account)."""
    after = as_of + timedelta(microseconds=1)  # a risk recorded at `as_of` (now) counts
    recorded = [risk for risk in risks if risk.created_at < after]
    return Commercial(
        today=as_of.date(),
        revenue=revenue,
        previous_revenue=previous_revenue,
        renewal_date=renewal_date,
        renewal_lead_days=renewal_lead_days,
        renewal_opportunity_open=renewal_opportunity_open,
        risks_recorded=len(recorded),
        open_high_risks=sum(risk.severity == "high" and risk.open_at(after) for risk in recorded),
    )
