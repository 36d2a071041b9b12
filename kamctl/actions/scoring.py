"""Ranking accounts by attractiveness and strength: the scored set and its rules (SPEC §4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlmodel import Session

    from kamctl.actions.portfolio import Portfolio
    from kamctl.domain.scoring import ScoredAccount, ScoringRules, Snapshot, TierChange, TierPlan
    from kamctl.domain.sensitivity import RankSpread


class Scoring:
    """What one scoring command asked for: the scored set's filters and the rules' overrides."""

    def __init__(
        self,
        portfolio: Portfolio,
        *,
        tier: str | None = None,
        owner: str | None = None,
        mine: bool = False,
        normalize: str = "rank",
        weights: str | None = None,
    ) -> None:
        from kamctl.domain.accounts import TIERS, check_field
        from kamctl.domain.scoring import check_normalization, parse_weight_changes
        from kamctl.i18n import value_of

        # Everything the user typed is checked before the database is opened (`--tier 候補`
        # names `candidate`).
        self.tier = check_field("tier", value_of(tier, TIERS), today=portfolio.today) if tier else None
        self.now = portfolio.now
        self.owner = portfolio.user if mine else owner
        self.normalization = check_normalization(normalize.strip().casefold())
        self.weight_changes = parse_weight_changes([weights]) if weights is not None else {}

    def rules(self, *, session: Session) -> ScoringRules:
        from kamctl.domain.scoring import rules_from_settings
        from kamctl.domain.settings import weights_from
        from kamctl.store.queries.settings import load_settings

        settings = load_settings(session=session)
        # The shared weights, with this run's changes on top (checked: not all 0).
        weights = {**weights_from(settings), **self.weight_changes}
        return rules_from_settings(settings, weights=weights, normalization=self.normalization)

    def run(self, *, session: Session) -> tuple[list[ScoredAccount], ScoringRules]:
        """The ranked scored set (SPEC §4) and the rules that ranked it."""
        from kamctl.domain.scoring import score_accounts, scoring_window
        from kamctl.store.queries.scoring import load_scoring_facts

        rules = self.rules(session=session)
        facts = load_scoring_facts(
            scoring_window(self.now), session=session, tier=self.tier, owner=self.owner
        )
        return score_accounts(facts, rules), rules


def current_scores(portfolio: Portfolio, *, session: Session) -> dict[int, float]:
    """Account id → current attractiveness of every scored account (shared weights, rank), as
    `accounts list` shows it; empty when the shared weights cannot score (all 0)."""
    from kamctl.errors import InvalidValue

    try:
        scored, _ = Scoring(portfolio).run(session=session)
    except InvalidValue:
        return {}
    return {account.id: account.score for account in scored}


@dataclass(frozen=True)
class Ranking:
    """The ranked scored set: the accounts asked for (every one, or the first `top`), out of
    how many, and the rules that ranked them."""

    accounts: Sequence[ScoredAccount]
    total: int
    rules: ScoringRules


def rank_accounts(
    portfolio: Portfolio,
    *,
    top: int | None = None,
    tier: str | None = None,
    owner: str | None = None,
    mine: bool = False,
    normalize: str = "rank",
    weights: str | None = None,
) -> Ranking:
    """`kamctl score`: the scored set ranked by attractiveness, the first `top` of it or all."""
    from kamctl.domain.limits import check_count

    if top is not None:
        check_count("--top", top, least=1)
    scoring = Scoring(portfolio, tier=tier, owner=owner, mine=mine, normalize=normalize, weights=weights)
    with portfolio.store().transaction(write=False) as session:
        scored, rules = scoring.run(session=session)
    return Ranking(accounts=scored[:top], total=len(scored), rules=rules)


def explain_account(
    portfolio: Portfolio, account: str, *, normalize: str = "rank", weights: str | None = None
) -> tuple[ScoredAccount, ScoringRules]:
    """`kamctl score explain`: one account (name or id) scored among the scored set, with the rules."""
    from kamctl.domain.scoring import check_scored
    from kamctl.store.queries.accounts import find_account

    scoring = Scoring(portfolio, normalize=normalize, weights=weights)
    with portfolio.store().transaction(write=False) as session:
        found = find_account(account, session=session)
        scored, rules = scoring.run(session=session)
        check_scored(found.name, archived=found.archived, status=found.status)
    return next(a for a in scored if a.id == found.id), rules


@dataclass(frozen=True)
class WeightsChange:
    """The shared weights before and after `score weights` (equal when nothing was asked)."""

    before: dict[str, float]
    after: dict[str, float]
    asked: bool
    """Whether a change was asked for (`--set` or `--reset`)."""

    @property
    def changed(self) -> list[str]:
        from kamctl.domain.settings import CRITERIA

        return [c for c in CRITERIA if self.before[c] != self.after[c]]


def change_weights(
    portfolio: Portfolio, *, changes: Sequence[str] = (), reset: bool = False
) -> WeightsChange:
    """`kamctl score weights`: the shared weights, first reset to the defaults and/or changed by
    `CRITERION=N` assignments (checked: not all 0)."""
    from kamctl.domain.scoring import check_weights, parse_weight_changes
    from kamctl.domain.settings import CRITERIA, DEFAULT_WEIGHTS, weights_from
    from kamctl.store.queries.settings import load_settings, save_setting

    parsed = parse_weight_changes(changes)
    asked = bool(parsed or reset)
    with portfolio.store().transaction(write=asked) as session:
        before = weights_from(load_settings(session=session))
        after = dict(DEFAULT_WEIGHTS) if reset else dict(before)
        after.update(parsed)
        if asked:
            check_weights(after)
            for criterion in CRITERIA:
                save_setting(f"weights.{criterion}", after[criterion], session=session)
    return WeightsChange(before=dict(before), after=after, asked=asked)


@dataclass(frozen=True)
class Sensitivity:
    """`score sensitivity`: every account's rank spread, the top that counted, and the seed."""

    spreads: list[RankSpread]
    top: int
    seed: int
    runs: int
    spread: float


def rank_sensitivity(
    portfolio: Portfolio,
    *,
    runs: int = 1000,
    spread: float = 0.25,
    top: int | None = None,
    seed: int | None = None,
    tier: str | None = None,
    owner: str | None = None,
    mine: bool = False,
    normalize: str = "rank",
    weights: str | None = None,
) -> Sensitivity:
    """How robust the ranking is when every weight varies by up to ±`spread`, over `runs`
    re-rankings; without a `seed`, one is drawn (and returned, to repeat the result)."""
    import random

    from kamctl.domain import sensitivity

    sensitivity.check_sensitivity_options(runs=runs, spread=spread, top=top)
    ranking = rank_accounts(
        portfolio, tier=tier, owner=owner, mine=mine, normalize=normalize, weights=weights
    )
    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
    size = top or sensitivity.default_top([account.tier for account in ranking.accounts])
    spreads = sensitivity.rank_sensitivity(
        ranking.accounts, ranking.rules.weights, runs=runs, spread=spread, top=size, seed=seed
    )
    return Sensitivity(spreads=spreads, top=size, seed=seed, runs=runs, spread=spread)


@dataclass(frozen=True)
class ApplyPlan:
    """`score apply`: the tier changes and, with `--demote`, the key accounts kept."""

    plan: TierPlan
    demote: bool

    @property
    def changes(self) -> list[TierChange]:
        return self.plan.changes


def accounts_at_risk(portfolio: Portfolio, *, session: Session) -> dict[int, list[str]]:
    """Account id → why it is at risk today (SPEC §8 `at_risk` of the report's default period)."""
    from kamctl.domain.periods import report_period
    from kamctl.domain.portfolio_report import build_report
    from kamctl.domain.settings import cadences_by_tier
    from kamctl.store.queries.report import load_portfolio
    from kamctl.store.queries.settings import load_settings

    period = report_period(since=None, until=None, today=portfolio.today)
    cadences = cadences_by_tier(load_settings(session=session))
    facts = load_portfolio(period, session=session, now=portfolio.now, cadence_by_tier=cadences)
    report = build_report(facts, quadrants={}, with_previous=False)
    return {item.account.id: [reason.message for reason in item.reasons] for item in report.at_risk}


def _tier_plan(portfolio: Portfolio, *, demote: bool, session: Session) -> TierPlan:
    from kamctl.domain.scoring import tier_plan

    scored = Scoring(portfolio).run(session=session)[0]
    at_risk = accounts_at_risk(portfolio, session=session) if demote else {}
    return tier_plan(scored, demote=demote, at_risk=at_risk)


def plan_tier_changes(portfolio: Portfolio, *, demote: bool = False) -> ApplyPlan:
    """`kamctl score apply --dry-run`: the tier changes that would make tiers follow the scores
    (with `demote`, key accounts no longer recommended key become candidates unless kept)."""
    with portfolio.store().transaction(write=False) as session:
        return ApplyPlan(_tier_plan(portfolio, demote=demote, session=session), demote)


def apply_tier_changes(portfolio: Portfolio, plan: ApplyPlan) -> int:
    """Make the `plan` the user saw (`plan_tier_changes`) happen, each change in the account's
    history; a Conflict, and nothing changed, when the scores no longer give that plan."""
    from kamctl.errors import Conflict
    from kamctl.store.engine import get_for_change
    from kamctl.store.models import Account
    from kamctl.store.queries.accounts import change_account

    with portfolio.store().transaction() as session:
        # Re-scored inside the writing transaction: what is applied is what was shown.
        again = _tier_plan(portfolio, demote=plan.demote, session=session).changes
        if [(c.account.id, c.tier) for c in again] != [(c.account.id, c.tier) for c in plan.changes]:
            raise Conflict("the scores changed while you were deciding; nothing was changed, run it again")
        for change in plan.changes:
            row = get_for_change(Account, change.account.id, session=session)
            tier = {"tier": change.tier}
            change_account(row, tier, who=portfolio.user, now=portfolio.utcnow, session=session)
    return len(plan.changes)


@dataclass(frozen=True)
class SavedScores:
    """What `score save` kept: how many scores, on which day, replacing how many of that day."""

    count: int
    day: date
    replaced: int


def save_scores(portfolio: Portfolio) -> SavedScores:
    """`kamctl score save`: today's scores of the scored set, replacing any saved earlier today."""
    from kamctl.store.queries.scoring import save_snapshots

    with portfolio.store().transaction() as session:
        scored, _ = Scoring(portfolio).run(session=session)
        count, replaced = save_snapshots(scored, taken_on=portfolio.today, session=session)
    return SavedScores(count=count, day=portfolio.today, replaced=replaced)


def score_trend(portfolio: Portfolio, account: str) -> tuple[str, list[Snapshot]]:
    """`kamctl score trend`: the account's name and its saved scores, oldest first."""
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.scoring import snapshot_history

    with portfolio.store().transaction(write=False) as session:
        found = find_account(account, session=session)
        return found.name, snapshot_history(found.id, session=session)
