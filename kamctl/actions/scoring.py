"""Ranking accounts by attractiveness and strength: the scored set and its rules (SPEC §4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from kamctl.actions.portfolio import Portfolio
    from kamctl.domain.scoring import ScoredAccount, ScoringRules


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
        from kamctl.domain.accounts import check_field
        from kamctl.domain.scoring import check_normalization, parse_weight_changes

        # Everything the user typed is checked before the database is opened.
        self.tier = check_field("tier", tier, today=portfolio.today) if tier else None
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
