"""Reports: the portfolio's KPIs, one account's periodic review, wins, the team (SPEC §8)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from kamctl.actions.portfolio import Portfolio
    from kamctl.domain.periods import Period
    from kamctl.domain.portfolio_report import PortfolioFacts, PortfolioReport
    from kamctl.domain.scoring import ScoredAccount


def report_period(portfolio: Portfolio, since: str | None, until: str | None) -> Period:
    """The period `--since`/`--until` ask for (dates as typed), by default the 365 days ending today."""
    from kamctl.domain.periods import report_period as period_of

    return period_of(since=_day(portfolio, since), until=_day(portfolio, until), today=portfolio.today)


def _day(portfolio: Portfolio, text: str | None) -> date | None:
    """A `--since`/`--until` day as typed (SPEC §2 Dates), or None when not given."""
    from kamctl.domain.dates import parse_date

    return None if text is None else parse_date(text, today=portfolio.today)


def _cadences(settings: dict[str, Any]) -> dict[str, int | None]:
    from kamctl.domain.settings import cadences_by_tier

    return cadences_by_tier(settings)


def _scored(
    portfolio: Portfolio, *, session: Session, facts: PortfolioFacts | None = None
) -> dict[int, ScoredAccount]:
    """Account id → its current `ScoredAccount` (SPEC §4, shared weights); empty when every
    weight is 0. With `facts` of the default period over every account, the score is computed
    from them instead of reading the orders and the log again (`scoring_facts`)."""
    from kamctl.actions.scoring import Scoring
    from kamctl.errors import InvalidValue

    try:
        if facts is None:
            scored, _ = Scoring(portfolio).run(session=session)
        else:
            from kamctl.domain.portfolio_report import scoring_facts
            from kamctl.domain.scoring import score_accounts
            from kamctl.store.queries.report import load_scored_set

            rules = Scoring(portfolio).rules(session=session)
            scored = score_accounts(scoring_facts(load_scored_set(session=session), facts), rules)
    except InvalidValue:
        return {}
    return {account.id: account for account in scored}


@contextmanager
def without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a report is read and built.

    A report builds some 10^5 objects over a large live heap; the collector would scan that heap
    again and again (a large part of `report`'s time on big portfolios) to find cycles that
    reading a report does not make. Reference counting still frees everything.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def portfolio_report(
    portfolio: Portfolio,
    *,
    since: str | None = None,
    until: str | None = None,
    owner: str | None = None,
    mine: bool = False,
    quadrants: bool = True,
    previous: bool = False,
) -> PortfolioReport:
    """`kamctl report`: the portfolio's KPIs for the period, its accounts and those at risk.

    `quadrants` scores every account for its quadrant (in the JSON and CSV); `previous` computes
    the previous period's KPIs too (for the changes the dashboard, Markdown and HTML show).
    """
    from kamctl.domain.portfolio_report import build_report, reuses_scoring_window
    from kamctl.domain.targets import stored_targets
    from kamctl.store.queries.report import Scope, load_portfolio
    from kamctl.store.queries.settings import load_settings

    period = report_period(portfolio, since, until)
    who = portfolio.user if mine else owner
    with without_gc(), portfolio.store().transaction(write=False) as session:
        settings = load_settings(session=session)
        facts = load_portfolio(
            period,
            session=session,
            now=portfolio.now,
            cadence_by_tier=_cadences(settings),
            scope=Scope(owner=who),
            renewal_lead_days=int(settings["renewal.lead_days"]),
        )
        scored = {}
        if quadrants:
            reuse = reuses_scoring_window(period, portfolio.today, who)
            scored = _scored(portfolio, session=session, facts=facts if reuse else None)
        return build_report(
            facts,
            quadrants={account_id: account.quadrant for account_id, account in scored.items()},
            owner=who,
            currency=settings["currency"],
            with_previous=previous,
            targets=stored_targets(settings),
        )


@dataclass(frozen=True)
class AccountReview:
    """`report account`: the review as SPEC §8's record, and the currency its amounts are in."""

    record: dict[str, Any]
    currency: str


def account_review(
    portfolio: Portfolio, account: str, *, since: str | None = None, until: str | None = None
) -> AccountReview:
    """The periodic review of one account (name or id) for the period."""
    from kamctl.domain.reviews import review_record
    from kamctl.store.queries.dossier import load_dossier
    from kamctl.store.queries.report import Scope, load_portfolio, load_timeline
    from kamctl.store.queries.review import load_renewals, load_risks
    from kamctl.store.queries.settings import load_settings

    period = report_period(portfolio, since, until)
    now = portfolio.now
    with portfolio.store().transaction(write=False) as session:
        settings = load_settings(session=session)
        dossier = load_dossier(account, session=session, now=now)
        account_id = dossier["account"]["id"]
        facts = load_portfolio(
            period,
            session=session,
            now=now,
            cadence_by_tier=_cadences(settings),
            scope=Scope(account_ids=(account_id,)),
            renewal_lead_days=int(settings["renewal.lead_days"]),
        )
        timeline = load_timeline(account_id, period, now.tzinfo, session=session)
        scored = _scored(portfolio, session=session).get(account_id)
        risks = load_risks(account_id, closed_since=period.starts_at(now.tzinfo), session=session)  # type: ignore[arg-type]
        renewals = load_renewals(account_id, session=session)
        whitespace = _whitespace_row(portfolio, dossier["account"], scored, session=session)
    review = review_record(
        dossier,
        facts,
        timeline=timeline,
        scored=scored,
        today=now.date(),
        risks=risks,
        renewals=renewals,
        whitespace=whitespace,
    )
    return AccountReview(record=review, currency=settings["currency"])


def _whitespace_row(
    portfolio: Portfolio, account: Mapping[str, Any], scored: Any, *, session: Session
) -> dict[str, str | None]:
    """The account's row of `accounts whitespace`: each product's state for it (SPEC §8)."""
    from kamctl.domain.scoring import scoring_window
    from kamctl.domain.whitespace import WhitespaceAccount, whitespace_map
    from kamctl.store.queries.whitespace import load_owned, load_product_opportunities, load_products

    window = scoring_window(portfolio.now)
    score = None if scored is None else scored.score
    row = WhitespaceAccount(account["id"], account["name"], account["tier"], score)
    found = whitespace_map(
        [row],
        products=load_products(session=session),
        owned=load_owned(window.first, window.last, session=session),
        opportunities=load_product_opportunities(session=session),
    )
    return dict(found.rows[0].cells) if found.rows else {}


def qbr_pack(
    portfolio: Portfolio, account: str, *, since: str | None = None, until: str | None = None
) -> dict[str, Any]:
    """The quarterly business review pack of one account (name or id), for the customer's eyes:
    by default the 3 months up to today (`kamctl.domain.qbr`)."""
    from kamctl.domain.qbr import qbr_period, qbr_record
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.qbr import load_qbr

    today, tz = portfolio.today, portfolio.now.tzinfo
    period = qbr_period(since=_day(portfolio, since), until=_day(portfolio, until), today=today)
    with portfolio.store().transaction(write=False) as session:
        facts = load_qbr(find_account(account, session=session), period, tz, session=session)  # type: ignore[arg-type]
    return qbr_record(facts, today=today, tz=tz)


@dataclass(frozen=True)
class Wins:
    """`report wins`: the period's log entries of kind win, newest first."""

    entries: list[dict[str, Any]]
    period: Period
    owner: str | None


def find_wins(
    portfolio: Portfolio,
    *,
    since: str | None = None,
    until: str | None = None,
    owner: str | None = None,
    mine: bool = False,
) -> Wins:
    from kamctl.store.queries.report import Scope, load_wins

    period = report_period(portfolio, since, until)
    who = portfolio.user if mine else owner
    with portfolio.store().transaction(write=False) as session:
        found = load_wins(period, portfolio.now.tzinfo, session=session, scope=Scope(owner=who))
    return Wins(entries=found, period=period, owner=who)


@dataclass(frozen=True)
class TeamReport:
    """`report team`: one row per account manager."""

    rows: list[dict[str, Any]]
    period: Period


def team_report(portfolio: Portfolio, *, since: str | None = None, until: str | None = None) -> TeamReport:
    """Per person: accounts owned, key accounts, interactions in the period, and the reminders
    overdue today that belong to them (their assignee's, as `remind --mine` counts them)."""
    from kamctl.actions.reminders import due_items
    from kamctl.domain.reviews import team_rows
    from kamctl.store.queries.report import load_team

    period = report_period(portfolio, since, until)
    today, tz = portfolio.today, portfolio.now.tzinfo
    with portfolio.store().transaction(write=False) as session:
        accounts, interactions = load_team(period, tz, session=session)
    overdue, _ = due_items(portfolio, on=today, days=0)
    rows = team_rows(
        accounts,
        interactions,
        overdue_owners=[item.assignee for item in overdue if item.due < today],
        period=period,
        tz=tz,
    )
    return TeamReport(rows=rows, period=period)
