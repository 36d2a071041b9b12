"""Opportunities to grow an account: upsell, cross-sell, renewal or new business (SPEC §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kamctl.actions.portfolio import Portfolio
    from kamctl.domain.whitespace import WhitespaceMap


@dataclass(frozen=True)
class OpportunityNote:
    """One opportunity as a message names it: its number, account, title and what it is."""

    id: int
    account: str
    title: str
    type: str
    value: float | None = None
    expected_close: date | None = None
    product: str | None = None
    probability: int | None = None
    """The effective chance of winning, % (its own, else the default of its type)."""


def add_opportunity(
    portfolio: Portfolio,
    account: str,
    title: str,
    *,
    type_: str,
    value: str | float | None = None,
    close: str | date | None = None,
    product: str | None = None,
    probability: str | int | None = None,
) -> OpportunityNote:
    """An open opportunity on an account; `value`, `close`, `product` and `probability` as typed
    (blank: unknown, or the default probability of its type)."""
    from kamctl.domain.opportunities import check_opportunity_title, check_opportunity_type
    from kamctl.domain.products import check_probability, check_product, effective_probability
    from kamctl.domain.scoring import check_amount
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.opportunities import add_opportunity as insert_opportunity

    checked_title = check_opportunity_title(title)
    checked_type = check_opportunity_type(type_)
    amount = check_amount("--value", value, minimum=0) if value is not None and str(value).strip() else None
    expected = close if isinstance(close, date) else _close_date(close, today=portfolio.today)
    checked_product = check_product(product)
    chance = check_probability(probability)
    with portfolio.store().transaction() as session:
        found = find_account(account, session=session)
        opportunity = insert_opportunity(
            found,
            title=checked_title,
            type_=checked_type,
            value=amount,
            expected_close=expected,
            product=checked_product,
            probability=chance,
            now=portfolio.utcnow,
            session=session,
        )
        return OpportunityNote(
            opportunity.id,  # type: ignore[arg-type]
            found.name,
            checked_title,
            checked_type,
            amount,
            expected,
            checked_product,
            effective_probability(checked_type, chance),
        )


def _close_date(text: str | None, *, today: date) -> date | None:
    from kamctl.domain.dates import parse_date

    return parse_date(text, today=today) if text is not None and text.strip() else None


def list_opportunities(
    portfolio: Portfolio, account: str | None = None, *, open_only: bool = False
) -> list[dict[str, Any]]:
    """Opportunities (every account's or one's): open ones first by expected close, then closed
    ones, latest first."""
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.opportunities import list_opportunities as read_opportunities

    with portfolio.store().transaction(write=False) as session:
        account_id = find_account(account, session=session).id if account is not None else None
        return read_opportunities(session=session, account_id=account_id, open_only=open_only)


def close_opportunity(
    portfolio: Portfolio, ref: str, status: str, *, reason: str | None = None
) -> OpportunityNote:
    """Close an opportunity as `won` or `lost` now, with the reason it was lost if known."""
    from kamctl.domain.opportunities import parse_opportunity_id
    from kamctl.store.queries.opportunities import account_name_of, find_opportunity
    from kamctl.store.queries.opportunities import close_opportunity as write_outcome

    number = parse_opportunity_id(ref)
    cleaned = " ".join(reason.split()) if reason else None
    with portfolio.store().transaction() as session:
        opportunity = find_opportunity(number, session=session)
        write_outcome(opportunity, status, now=portfolio.utcnow, reason=cleaned or None, session=session)
        return OpportunityNote(
            opportunity.id,  # type: ignore[arg-type]
            account_name_of(opportunity, session=session),
            opportunity.title,
            opportunity.type,
            opportunity.value,
            opportunity.expected_close,
        )


def find_whitespace(
    portfolio: Portfolio,
    *,
    tier: str | None = None,
    owner: str | None = None,
    mine: bool = False,
    top: int | None = None,
) -> WhitespaceMap:
    """`kamctl accounts whitespace`: the accounts that can still grow × every product (SPEC §3),
    sorted by current score; with `top`, the first `top` of them."""
    from dataclasses import replace

    from kamctl.actions.scoring import current_scores
    from kamctl.domain.accounts import TIERS, check_field
    from kamctl.domain.scoring import scoring_window
    from kamctl.domain.whitespace import whitespace_map
    from kamctl.i18n import value_of
    from kamctl.store.queries.whitespace import (
        load_map_accounts,
        load_owned,
        load_product_opportunities,
        load_products,
    )

    tier = check_field("tier", value_of(tier, TIERS), today=portfolio.today) if tier else None
    who = portfolio.user if mine else owner
    window = scoring_window(portfolio.now)
    with portfolio.store().transaction(write=False) as session:
        # Scores of the whole scored set, whatever the filters show (as `accounts list` does).
        accounts = load_map_accounts(
            current_scores(portfolio, session=session), session=session, tier=tier, owner=who
        )
        found = whitespace_map(
            accounts,
            products=load_products(session=session),
            owned=load_owned(window.first, window.last, session=session),
            opportunities=load_product_opportunities(session=session),
        )
    return found if top is None else replace(found, rows=found.rows[:top])
