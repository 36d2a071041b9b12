"""Renewals: the record of a renewed contract and the open renewal opportunity it wins."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select

from kamctl.store.engine import all_for_change
from kamctl.store.models import Account, Opportunity, Renewal


def add_renewal(
    account: Account, *, until: date, value: float | None, who: str, now: datetime, session: Session
) -> Renewal:
    renewal = Renewal(
        account_id=account.id,  # type: ignore[arg-type]
        renewed_at=now,
        who=who,
        previous=account.renewal_date,
        until=until,
        value=value,
    )
    session.add(renewal)
    session.flush()
    return renewal


def open_renewal_opportunity(account: Account, *, session: Session) -> Opportunity | None:
    """The account's open renewal opportunity expected to close first (unknown dates last)."""
    found = all_for_change(
        select(Opportunity).where(
            col(Opportunity.account_id) == account.id,
            col(Opportunity.type) == "renewal",
            col(Opportunity.status) == "open",
        ),
        session=session,
    )
    return min(
        found, key=lambda o: (o.expected_close is None, o.expected_close or date.min, o.id), default=None
    )
