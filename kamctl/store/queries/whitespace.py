"""What the whitespace map reads: the accounts it can show, every product, who bought what in
the last 365 days, and the opportunities that name a product."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from kamctl.domain.whitespace import ProductOpportunity, WhitespaceAccount
from kamctl.store.models import Account, Opportunity, Order
from kamctl.store.queries.scoring import in_scored_set


def load_map_accounts(
    scores: dict[int, float], *, session: Session, tier: str | None = None, owner: str | None = None
) -> list[WhitespaceAccount]:
    """The scored set (not archived, not lost: the accounts that can still grow), filtered."""
    query = select(Account.id, Account.name, Account.tier).where(in_scored_set())
    if tier:
        query = query.where(col(Account.tier) == tier)
    if owner:
        query = query.where(func.lower(Account.owner) == owner.lower())
    return [
        WhitespaceAccount(id_, name, account_tier, scores.get(id_))
        for id_, name, account_tier in session.connection().execute(query)
    ]


def load_products(*, session: Session) -> list[str]:
    """Every product named on an order or an opportunity."""
    ordered = select(Order.product).where(col(Order.product).is_not(None)).distinct()
    offered = select(Opportunity.product).where(col(Opportunity.product).is_not(None)).distinct()
    connection = session.connection()
    return [*connection.execute(ordered).scalars(), *connection.execute(offered).scalars()]


def load_owned(first: date, last: date, *, session: Session) -> set[tuple[int, str]]:
    """(account id, product) of the orders dated first … last."""
    query = (
        select(Order.account_id, Order.product)
        .where(col(Order.product).is_not(None), col(Order.ordered_on) >= first, col(Order.ordered_on) <= last)
        .distinct()
    )
    return {(account_id, product) for account_id, product in session.connection().execute(query)}


def load_product_opportunities(*, session: Session) -> list[ProductOpportunity]:
    query = select(
        Opportunity.account_id,
        Opportunity.product,
        Opportunity.status,
        Opportunity.created_at,
        Opportunity.id,
    ).where(col(Opportunity.product).is_not(None))
    return [ProductOpportunity(*row) for row in session.connection().execute(query)]
