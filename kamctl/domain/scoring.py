"""Which customers deserve key-account treatment: attractiveness, strength, quadrant (SPEC §4).

Everything here is a pure function of plain values: the store fetches `AccountFacts`, this
module turns them into ranked `ScoredAccount`s, and the CLI renders them. Every point of a
score is a named contribution (`CriterionScore.points`), so `score explain` can trace it.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from kamctl.domain.limits import check_amount_size
from kamctl.domain.names import as_id, not_one_of
from kamctl.domain.settings import CRITERIA, RULES, weights_from
from kamctl.errors import InvalidValue
from kamctl.i18n import N_, _

NUMERIC_CRITERIA = ("revenue", "profit", "order_size", "order_frequency")
"""Criteria with a manual value or a figure from orders; normalised within the scored set."""
RATING_CRITERIA = ("growth", "strategic_fit", "influence")
"""Criteria rated 1–5; x = (rating − 1) / 4 whatever the normalisation."""

NORMALIZATIONS = ("rank", "minmax", "log")
RECOMMENDATIONS = {
    "strategic": "key",
    "star": "develop",
    "status": "maintain",
    "streamline": "streamline",
    "unrated": "assess",
}
STRENGTH_COMPONENTS = ("stage", "share_of_wallet", "csat")
_REVENUE = CRITERIA.index("revenue")

WINDOW_DAYS = 365
RANK_DIGITS = 9
"""Scores are compared rounded to this many decimals, so that float noise (71.2 computed two
ways as 71.19999999999999 and 71.2) never decides a rank: such scores tie, and the tie rule
(higher revenue, then name) decides, the same way in `score` and in every sensitivity run."""


# ---------------------------------------------------------------------------------------------
# The 365-day window


@dataclass(frozen=True)
class ScoringWindow:
    """The 365 days up to today: `first` = today − 364 … `last` = today, both days included.

    Orders count when `first <= ordered_on <= last` (an order dated in the future does not
    count yet). Log entries (CSAT) count when `starts_at <= occurred_at < ends_before`, i.e.
    from local midnight starting `first` to local midnight ending `last`.
    """

    first: date
    last: date
    starts_at: datetime
    ends_before: datetime


def scoring_window(now: datetime) -> ScoringWindow:
    """The window of SPEC §4 ("the 365 days up to today") for the local day of `now` (aware)."""
    if now.tzinfo is None:
        raise ValueError("scoring_window needs a timezone-aware `now`")
    last = now.date()
    first = last - timedelta(days=WINDOW_DAYS - 1)
    return ScoringWindow(
        first=first,
        last=last,
        starts_at=datetime.combine(first, time(), tzinfo=now.tzinfo),
        ends_before=datetime.combine(last + timedelta(days=1), time(), tzinfo=now.tzinfo),
    )


# ---------------------------------------------------------------------------------------------
# Orders: the source of the numeric criteria when no manual value is set (kept here, next to
# the only thing they feed; a domain/orders.py would be their room if they grow)


@dataclass(frozen=True, slots=True)  # slots: an import holds 100,000 of them
class CheckedOrder:
    account_id: int
    ordered_on: date
    amount: float
    profit: float | None
    where: str = ""
    product: str | None = None


def check_amount(label: str, raw: object, *, minimum: float | None = None) -> float:
    """A money amount typed or imported (`1,200,000`, `1_200`, `¥300,000,000`, `$1,200.50`)."""
    from kamctl.domain.amounts import number_text

    text = str(raw).strip()
    number = number_text(label, text, currency=True)
    if not math.isfinite(number):
        raise InvalidValue(
            _("{field} must be a finite number (got {text})").format(field=label, text=repr(text))
        )
    if minimum is not None and number < minimum:
        raise InvalidValue(
            _("{field} must be at least {minimum} (got {text})").format(
                field=label, minimum=f"{minimum:g}", text=repr(text)
            )
        )
    return check_amount_size(label, number, text)


def check_order(
    account_id: int,
    amount: object,
    *,
    profit: object = None,
    when: object = None,
    product: object = None,
    today: date,
    where: str = "",
) -> CheckedOrder:
    """One order: amount ≥ 0, optional profit (may be negative), date (default today), optional product."""
    from kamctl.domain.dates import parse_date
    from kamctl.domain.products import check_product

    blank = lambda value: value is None or (isinstance(value, str) and not value.strip())  # noqa: E731
    if blank(amount):
        raise InvalidValue(_("amount must not be empty"))
    return CheckedOrder(
        account_id=account_id,
        ordered_on=today if blank(when) else parse_date(str(when), today=today),
        amount=check_amount("amount", amount, minimum=0),
        profit=None if blank(profit) else check_amount("profit", profit),
        where=where,
        product=check_product(product),
    )


REQUIRED_ORDER_COLUMNS = ("account", "date", "amount")
ORDER_COLUMNS = (*REQUIRED_ORDER_COLUMNS, "profit")


def order_field_for_header(header: str) -> str | None:
    """The order field a column of an import fills (any case); None for a column it ignores."""
    key = header.strip().casefold()
    return key if key in ORDER_COLUMNS else None


def plan_order_import(
    rows: Iterable, *, accounts: Mapping[int, str], today: date
) -> tuple[list[CheckedOrder], list[str]]:
    """Check every row of an order import (CSV `account,date,amount[,profit][,product]`).

    `rows` are `SourceRow`s; `accounts` maps every account id to its name. An account is named
    by id or by name (case-insensitive). Returns the orders and one problem per bad row
    (`line 7: …`); other columns (such as `id` from `orders list -f csv`) are ignored.
    """
    from kamctl.domain.names import did_you_mean

    ids = set(accounts)
    names = {name.casefold(): id_ for id_, name in accounts.items()}
    display = list(accounts.values())
    orders: list[CheckedOrder] = []
    problems: list[str] = []
    for row in rows:
        try:
            if row.problem:
                raise InvalidValue(row.problem)
            cells = {str(header).strip().casefold(): cell for header, cell in row.values.items()}
            ref = str(cells.get("account") or "").strip()
            if not ref:
                raise InvalidValue(_("no account"))
            number = as_id(ref)
            account_id = number if number in ids else names.get(ref.casefold())
            if account_id is None:
                raise InvalidValue(_("no account {name}").format(name=repr(ref)) + did_you_mean(ref, display))
            if cells.get("date") is None or not str(cells["date"]).strip():
                raise InvalidValue(_("no date"))
            orders.append(
                check_order(
                    account_id,
                    cells.get("amount"),
                    profit=cells.get("profit"),
                    when=cells["date"],
                    product=cells.get("product"),
                    today=today,
                    where=row.where,
                )
            )
        except InvalidValue as exc:
            problems.append(f"{row.where}: {exc}")
    return orders, problems


def missing_order_columns(headers: Iterable[str]) -> list[str]:
    present = {str(header).strip().casefold() for header in headers}
    return [column for column in REQUIRED_ORDER_COLUMNS if column not in present]


# ---------------------------------------------------------------------------------------------
# Inputs and outputs


@dataclass(frozen=True)
class OrderTotals:
    """An account's orders inside the window."""

    count: int = 0
    amount: float = 0.0
    profit: float | None = None
    """Sum of the profits that are known; None when no order in the window has a profit."""


@dataclass(frozen=True)
class AccountFacts:
    """Everything the score of one account depends on (manual values as stored: None = not set)."""

    id: int
    name: str
    tier: str = "standard"
    revenue: float | None = None
    profit: float | None = None
    order_size: float | None = None
    order_frequency: float | None = None
    growth: int | None = None
    strategic_fit: int | None = None
    influence: int | None = None
    stage: int | None = None
    share_of_wallet: float | None = None
    csat: float | None = None
    """Mean CSAT (1–5) of the account's log entries in the window; None when there are none."""
    orders: OrderTotals = field(default_factory=OrderTotals)


@dataclass(frozen=True)
class ScoringRules:
    """How to score: weights (any non-negative numbers, at least one above 0), normalisation,
    and the two thresholds of the quadrant (high = `>=`)."""

    weights: Mapping[str, float]
    normalization: str = "rank"
    key_threshold: float = 50
    strength_threshold: float = 50
    key_capacity: int | None = None
    """`score.key_capacity`: at most this many accounts are recommended key, the highest-scoring
    strategic ones; the rest of that quadrant are recommended `develop` (None: no cap)."""

    @property
    def total_weight(self) -> float:
        return float(sum(self.weights.get(criterion, 0) for criterion in CRITERIA))


@dataclass(slots=True)
class CriterionScore:
    """One line of `score explain`: where a criterion's value comes from and what it earns."""

    criterion: str
    value: float | None
    source: str
    """`manual`, `orders`, `rating`, or `missing`."""
    x: float | None
    """Normalised value in 0…1; None when missing."""
    weight: float
    points: float
    """100 × weight × x / Σ weights; 0 when missing."""


@dataclass(frozen=True)
class Strength:
    """Our position with the customer: the mean of the available components, each 0–100."""

    value: float | None
    stage: float | None
    """(stage − 1) / 4 × 100."""
    share_of_wallet: float | None
    """share_of_wallet / 100 × 100, i.e. the percentage itself."""
    csat: float | None
    """(mean CSAT of the window − 1) / 4 × 100."""

    def components(self) -> dict[str, float | None]:
        return {name: getattr(self, name) for name in STRENGTH_COMPONENTS}


@dataclass(frozen=True)
class ScoredAccount:
    rank: int
    facts: AccountFacts
    score: float
    criteria: tuple[CriterionScore, ...]
    strength: Strength
    quadrant: str
    recommendation: str
    beyond_capacity: bool = False
    """Strategic, but past `score.key_capacity`: recommended `develop` instead of `key`."""

    @property
    def id(self) -> int:
        return self.facts.id

    @property
    def name(self) -> str:
        return self.facts.name

    @property
    def tier(self) -> str:
        return self.facts.tier

    @property
    def incomplete(self) -> list[str]:
        """The criteria with no value, which earn 0 points (never filled in)."""
        return [line.criterion for line in self.criteria if line.source == "missing"]

    @property
    def contributions(self) -> dict[str, float]:
        return {line.criterion: line.points for line in self.criteria}

    @property
    def values(self) -> dict[str, float | None]:
        return {line.criterion: line.value for line in self.criteria}

    def criterion(self, name: str) -> CriterionScore:
        return next(line for line in self.criteria if line.criterion == name)


@dataclass(frozen=True)
class Snapshot:
    """An account's score as saved by `score save` on one day."""

    taken_on: date
    score: float
    strength: float | None
    quadrant: str


# ---------------------------------------------------------------------------------------------
# Values and their sources


def criterion_values(facts: AccountFacts) -> dict[str, tuple[float | None, str]]:
    """Each criterion's raw value and its source (SPEC §4 table): manual first, else orders.

    With no order in the window, the order-based figures are missing (not 0): the account
    may simply not have its orders recorded in kamctl.
    """
    orders = facts.orders
    from_orders: dict[str, float | None] = {
        "revenue": orders.amount if orders.count else None,
        "profit": orders.profit if orders.count else None,
        "order_size": orders.amount / orders.count if orders.count else None,
        "order_frequency": orders.count if orders.count else None,
    }
    values: dict[str, tuple[float | None, str]] = {}
    for criterion in NUMERIC_CRITERIA:
        manual = getattr(facts, criterion)
        if manual is not None:
            values[criterion] = (manual, "manual")
        elif from_orders[criterion] is not None:
            values[criterion] = (from_orders[criterion], "orders")
        else:
            values[criterion] = (None, "missing")
    for criterion in RATING_CRITERIA:
        rating = getattr(facts, criterion)
        values[criterion] = (rating, "rating") if rating is not None else (None, "missing")
    return values


# ---------------------------------------------------------------------------------------------
# Normalisation


def normalise(values: Sequence[float | None], method: str = "rank") -> list[float | None]:
    """x in 0…1 for each value, within the values given; None stays None (missing).

    - rank: percentile rank, x = (#below + 0.5 × (#equal − 1)) / (n − 1); x = 1 when n = 1.
    - minmax: x = (v − min) / (max − min).
    - log: minmax of log10(1 + v). For a negative v (a loss as profit) the curve is mirrored,
      −log10(1 + |v|), so it stays defined and keeps the order of the values; for v ≥ 0 it is
      exactly SPEC's log10(1 + v).
    When every present value is equal, minmax and log give x = 1 (SPEC: their formula would
    divide by zero). Rank keeps its own formula, which is defined there: equal values share
    the middle, x = 0.5 (and a single value is 1).
    """
    check_normalization(method)
    present = sorted(v for v in values if v is not None)
    n = len(present)
    if n == 0:
        return [None] * len(values)
    if method == "rank":
        if n == 1:
            return [None if v is None else 1.0 for v in values]
        return [None if v is None else _percentile_rank(present, v) for v in values]
    transform = _log_scale if method == "log" else float
    low, high = transform(present[0]), transform(present[-1])
    if high == low:
        return [None if v is None else 1.0 for v in values]
    span = high - low
    # Clamped: a log of the maximum computed twice could land a hair above 1.
    return [None if v is None else min(1.0, max(0.0, (transform(v) - low) / span)) for v in values]


def _percentile_rank(ordered: list[float], value: float) -> float:
    below = bisect_left(ordered, value)
    equal = bisect_right(ordered, value) - below
    return (below + 0.5 * (equal - 1)) / (len(ordered) - 1)


def _log_scale(value: float) -> float:
    return math.copysign(math.log10(1 + abs(value)), value)


def rating_x(rating: float) -> float:
    """A 1–5 rating as x in 0…1."""
    return (rating - 1) / 4


def check_normalization(method: str) -> str:
    if method not in NORMALIZATIONS:
        raise InvalidValue(not_one_of("normalisation", method, NORMALIZATIONS))
    return method


# ---------------------------------------------------------------------------------------------
# Strength, quadrant, recommendation


def strength_of(facts: AccountFacts) -> Strength:
    """Relative strength (SPEC §4): mean of the available components × 100; None when none."""
    # (r − 1) / 4 × 100 written as (r − 1) × 25, and share / 100 × 100 as the share itself:
    # the same numbers with fewer roundings (0.4 × 100 is 40.00000000000001 in floating point).
    stage = None if facts.stage is None else (facts.stage - 1) * 25.0
    share = None if facts.share_of_wallet is None else float(facts.share_of_wallet)
    csat = None if facts.csat is None else (facts.csat - 1) * 25.0
    available = [component for component in (stage, share, csat) if component is not None]
    value = sum(available) / len(available) if available else None
    return Strength(value=value, stage=stage, share_of_wallet=share, csat=csat)


def quadrant_of(score: float, strength: float | None, rules: ScoringRules) -> str:
    """The portfolio quadrant (McDonald/Woodburn); high means at or above the threshold."""
    if strength is None:
        return "unrated"
    # Compared as ranked (RANK_DIGITS): a score of exactly 50 computed as 49.99999999999999
    # is still at the threshold.
    attractive = round(score, RANK_DIGITS) >= rules.key_threshold
    strong = round(strength, RANK_DIGITS) >= rules.strength_threshold
    if attractive:
        return "strategic" if strong else "star"
    return "status" if strong else "streamline"


CAPPED_RECOMMENDATION = "develop"
"""The advice for a strategic account past `score.key_capacity`."""


def recommendation_for(quadrant: str) -> str:
    return RECOMMENDATIONS[quadrant]


# ---------------------------------------------------------------------------------------------
# Scoring and ranking


def score_accounts(accounts: Sequence[AccountFacts], rules: ScoringRules) -> list[ScoredAccount]:
    """Score every account against the others in `accounts` (the scored set) and rank them.

    Rank 1 is the highest score; ties go to higher revenue (a missing revenue counts lowest),
    then to the name (case-insensitive), then to the id.
    """
    check_rules(rules)
    total = rules.total_weight
    raw = [criterion_values(facts) for facts in accounts]
    xs: dict[str, list[float | None]] = {}
    for criterion in NUMERIC_CRITERIA:
        xs[criterion] = normalise([values[criterion][0] for values in raw], rules.normalization)
    for criterion in RATING_CRITERIA:
        xs[criterion] = [None if v[criterion][0] is None else rating_x(v[criterion][0]) for v in raw]

    weights = [rules.weights.get(criterion, 0) for criterion in CRITERIA]
    columns = [xs[criterion] for criterion in CRITERIA]
    unranked: list[tuple[AccountFacts, float, tuple[CriterionScore, ...], Strength]] = []
    for i, facts in enumerate(accounts):
        values = raw[i]
        lines = []
        weighted = 0.0
        for criterion, weight, column in zip(CRITERIA, weights, columns, strict=True):
            x = column[i]
            part = weight * x if x is not None else 0.0
            # The score is accumulated in CRITERIA order as Σ w·x, then scaled once: the exact
            # arithmetic `sensitivity` repeats, so an unchanged weight gives an identical score.
            weighted += part
            value, source = values[criterion]
            lines.append(CriterionScore(criterion, value, source, x, weight, 100 * part / total))
        unranked.append((facts, 100 * weighted / total, tuple(lines), strength_of(facts)))

    unranked.sort(
        key=lambda item: (-round(item[1], RANK_DIGITS), *tie_break_key(item[0], item[2][_REVENUE].value))
    )
    ranked = []
    strategic = 0
    for rank, (facts, score, lines, strength) in enumerate(unranked, start=1):
        quadrant = quadrant_of(score, strength.value, rules)
        strategic += quadrant == "strategic"
        # In rank order: the first `key_capacity` strategic accounts are the highest-scoring ones.
        beyond = quadrant == "strategic" and rules.key_capacity is not None and strategic > rules.key_capacity
        ranked.append(
            ScoredAccount(
                rank=rank,
                facts=facts,
                score=score,
                criteria=lines,
                strength=strength,
                quadrant=quadrant,
                recommendation=CAPPED_RECOMMENDATION if beyond else recommendation_for(quadrant),
                beyond_capacity=beyond,
            )
        )
    return ranked


def tie_break_key(facts: AccountFacts, revenue: float | None) -> tuple:
    """Order among equal scores: higher revenue first (missing last), then name, then id."""
    return (revenue is None, -(revenue or 0.0), facts.name.casefold(), facts.id)


def check_rules(rules: ScoringRules) -> None:
    check_normalization(rules.normalization)
    check_weights(rules.weights)


def check_weights(weights: Mapping[str, float]) -> None:
    for criterion, weight in weights.items():
        if criterion not in CRITERIA:
            raise InvalidValue(not_one_of("criterion", criterion, CRITERIA))
        if not math.isfinite(weight) or weight < 0:
            raise InvalidValue(
                _("weight of {criterion} must be a number of at least 0 (got {weight})").format(
                    criterion=criterion, weight=repr(weight)
                )
            )
    if not any(weights.get(criterion, 0) > 0 for criterion in CRITERIA):
        raise InvalidValue(
            _(
                "every weight is 0, so nothing can be scored: give at least one criterion a weight above 0 "
                "(kamctl score weights --set revenue=25)"
            )
        )


def parse_weight_changes(assignments: Iterable[str]) -> dict[str, float]:
    """The weights named in `assignments` (`revenue=30`, or `revenue=30,profit=0` in one).

    Each is a number from 0 to the `weights.*` setting's maximum; 0 drops a criterion.
    Unknown criteria (with a "did you mean"), repeats and bad numbers raise InvalidValue.
    """
    changes: dict[str, float] = {}
    for assignment in assignments:
        for item in assignment.split(","):
            text = item.strip()
            if not text:
                continue
            name, equals, number = text.partition("=")
            criterion = name.strip().casefold().replace("-", "_")
            if not equals:
                raise InvalidValue(
                    _("write weights as criterion=value, e.g. revenue=30 (got {text})").format(
                        text=repr(text)
                    )
                )
            if criterion not in CRITERIA:
                raise InvalidValue(not_one_of("criterion", name.strip(), CRITERIA))
            if criterion in changes:
                raise InvalidValue(_("the weight of {criterion} is given twice").format(criterion=criterion))
            changes[criterion] = _parse_weight(criterion, number)
    return changes


def _parse_weight(criterion: str, text: str) -> float:
    rule = RULES[f"weights.{criterion}"]
    try:
        number = float(text.strip().replace("_", ""))
    except ValueError:
        raise InvalidValue(
            _("weight of {criterion} must be a number (got {text})").format(
                criterion=criterion, text=repr(text.strip())
            )
        ) from None
    if not math.isfinite(number):
        raise InvalidValue(
            _("weight of {criterion} must be a finite number (got {text})").format(
                criterion=criterion, text=repr(text.strip())
            )
        )
    if not rule.low <= number <= rule.high:
        raise InvalidValue(
            _("weight of {criterion} must be between {low} and {high} (got {text})").format(
                criterion=criterion, low=f"{rule.low:g}", high=f"{rule.high:g}", text=repr(text.strip())
            )
        )
    return int(number) if number.is_integer() else number


def rules_from_settings(
    settings: Mapping[str, object],
    *,
    weights: Mapping[str, float] | None = None,
    normalization: str = "rank",
) -> ScoringRules:
    """The rules in force: the shared weights (or `weights` for this run) and thresholds."""
    rules = ScoringRules(
        weights=dict(weights if weights is not None else weights_from(settings)),
        normalization=normalization,
        key_threshold=float(settings["score.key_threshold"]),  # type: ignore[arg-type]
        strength_threshold=float(settings["score.strength_threshold"]),  # type: ignore[arg-type]
        key_capacity=settings.get("score.key_capacity"),  # type: ignore[arg-type]
    )
    check_rules(rules)
    return rules


# ---------------------------------------------------------------------------------------------
# Showing points that add up


def apportion(total: float, parts: Mapping[str, float], digits: int = 2) -> dict[str, float]:
    """`parts` rounded to `digits` so that they add up to `total` rounded the same way.

    Rounding each part on its own can make shown points miss the shown score by a few
    hundredths; the largest-remainder method moves those hundredths to the parts that lost the
    most in rounding, so `score explain` always adds up on paper.
    """
    scale = 10**digits
    target = round(total * scale)
    simple = {key: round(value * scale) for key, value in parts.items()}
    if sum(simple.values()) == target:
        return {key: units / scale for key, units in simple.items()}
    floors = {key: math.floor(value * scale) for key, value in parts.items()}
    shortfall = target - sum(floors.values())
    by_remainder = sorted(parts, key=lambda key: parts[key] * scale - floors[key], reverse=True)
    units = dict(floors)
    if shortfall > 0:
        # Only parts that lost something in rounding gain: a missing criterion stays at 0.
        for key in [key for key in by_remainder if parts[key] * scale > floors[key]][:shortfall]:
            units[key] += 1
    elif shortfall < 0:
        for key in [key for key in reversed(by_remainder) if units[key] > 0][:-shortfall]:
            units[key] -= 1
    return {key: units[key] / scale for key in parts}


# ---------------------------------------------------------------------------------------------
# The scored set and the tiers it recommends

SCORED_OUT_STATUS = "lost"
"""Archived accounts and accounts of this status are left out of the scored set (SPEC §4)."""


def check_scored(name: str, *, archived: bool, status: str) -> None:
    """InvalidValue, saying how to bring it back, when the account is not in the scored set."""
    if archived or status == SCORED_OUT_STATUS:
        if archived:
            message = _("{name} is archived, so it is not scored (kamctl accounts unarchive brings it back)")
        else:
            message = _("{name} is lost, so it is not scored (kamctl accounts edit --status brings it back)")
        raise InvalidValue(message.format(name=name))


@dataclass(frozen=True)
class TierChange:
    """`score apply`: one account's tier made to follow its recommendation."""

    account: ScoredAccount
    tier: str


@dataclass(frozen=True)
class KeptKey:
    """`score apply --demote`: a key account no longer recommended key that stays key, and why."""

    account: ScoredAccount
    reason: str


@dataclass(frozen=True)
class TierPlan:
    """`score apply`: the tier changes in rank order; with `--demote`, the key accounts kept."""

    changes: list[TierChange]
    kept: list[KeptKey]
    no_longer_key: int = 0
    """Key accounts no longer recommended key that only `--demote` would move."""


STAR_REASON = N_("star: attractive, still weak")


def keep_reason(account: ScoredAccount, at_risk: Mapping[int, Sequence[str]]) -> str | None:
    """Why a key account no longer recommended key keeps its tier (SPEC §4): it is at risk (§8),
    when the rhythm of a key account is what it needs, or in the `star` quadrant, attractive and
    worth building up; None when neither."""
    reasons = []
    if at_risk.get(account.id):
        reasons.append(_("at risk ({reasons})").format(reasons=_("; ").join(at_risk[account.id])))
    if account.quadrant == "star":
        reasons.append(_(STAR_REASON))
    return _(", ").join(reasons) or None


def tier_plan(
    scored: Iterable[ScoredAccount],
    *,
    demote: bool = False,
    at_risk: Mapping[int, Sequence[str]] | None = None,
) -> TierPlan:
    """`key` for accounts recommended key that are not; with `demote`, `candidate` for key
    accounts no longer recommended key, except those `keep_reason` keeps; in rank order.
    `at_risk`: account id → the reasons it is at risk."""
    changes, kept = [], []
    no_longer_key = 0
    for account in scored:
        if account.recommendation == "key" and account.tier != "key":
            changes.append(TierChange(account, "key"))
        elif account.tier == "key" and account.recommendation != "key":
            no_longer_key += 1
            if not demote:
                continue
            reason = keep_reason(account, at_risk or {})
            if reason is None:
                changes.append(TierChange(account, "candidate"))
            else:
                kept.append(KeptKey(account, reason))
    return TierPlan(changes, kept, 0 if demote else no_longer_key)
