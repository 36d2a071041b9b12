"""Opportunities: adding, listing with their account's name, and closing them as won or lost."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from kamctl.domain.products import effective_probability
from kamctl.errors import Conflict, NotFound
from kamctl.i18n import _, day
from kamctl.store.engine import get_for_change
from kamctl.store.models import Account, Opportunity


def add_opportunity(
    account: Account,
    *,
    title: str,
    type_: str,
    value: float | None,
    expected_close: date | None,
    product: str | None = None,
    probability: int | None = None,
    now: datetime,
    session: Session,
) -> Opportunity:
    opportunity = Opportunity(
        account_id=account.id,  # type: ignore[arg-type]
        title=title,
        type=type_,
        value=value,
        expected_close=expected_close,
        product=product,
        probability=probability,
        status="open",
        created_at=now,
    )
    session.add(opportunity)
    session.flush()
    return opportunity


def find_opportunity(number: int, *, session: Session) -> Opportunity:
    opportunity = get_for_change(Opportunity, number, session=session)
    if opportunity is None:
        raise NotFound(_("no opportunity {id} (kamctl accounts opp list shows them)").format(id=number))
    return opportunity


def close_opportunity(
    opportunity: Opportunity, status: str, *, now: datetime, reason: str | None = None, session: Session
) -> None:
    """Record the outcome (`won` or `lost`) now; a closed opportunity stays closed."""
    if opportunity.status != "open":
        said = {
            ("won", True): _("opportunity {id} is already won on {day}"),
            ("won", False): _("opportunity {id} is already won"),
            ("lost", True): _("opportunity {id} is already lost on {day}"),
            ("lost", False): _("opportunity {id} is already lost"),
        }[opportunity.status, opportunity.closed_at is not None]
        raise Conflict(
            said.format(
                id=opportunity.id,
                day=day(opportunity.closed_at.astimezone().date()) if opportunity.closed_at else "",
            )
        )
    opportunity.status = status
    opportunity.closed_at = now
    opportunity.reason = reason
    session.add(opportunity)
    session.flush()


def account_name_of(opportunity: Opportunity, *, session: Session) -> str:
    return session.exec(select(Account.name).where(col(Account.id) == opportunity.account_id)).one()[0]


def list_opportunities(
    *, session: Session, account_id: int | None = None, open_only: bool = False
) -> list[dict[str, Any]]:
    """SPEC §3 records (`probability` is the effective one): open ones first by expected close
    (unknown last), then closed ones, latest closed first."""
    query = select(Opportunity, Account.name).join(Account, col(Account.id) == col(Opportunity.account_id))
    if account_id is not None:
        query = query.where(col(Opportunity.account_id) == account_id)
    if open_only:
        query = query.where(col(Opportunity.status) == "open")
    found = sorted(session.exec(query).all(), key=lambda row: _order(row[0]))
    return [
        {
            "id": o.id,
            "account": name,
            "title": o.title,
            "type": o.type,
            "value": o.value,
            "product": o.product,
            "probability": effective_probability(o.type, o.probability),
            "status": o.status,
            "expected_close": o.expected_close,
            "created_at": o.created_at,
            "closed_at": o.closed_at,
            "reason": o.reason,
        }
        for o, name in found
    ]


def _order(opportunity: Opportunity) -> tuple:
    if opportunity.status == "open":
        close = opportunity.expected_close
        return (0, close is None, close or date.min, opportunity.id)
    closed = opportunity.closed_at.timestamp() if opportunity.closed_at else 0.0
    return (1, False, date.min, -closed, opportunity.id)
