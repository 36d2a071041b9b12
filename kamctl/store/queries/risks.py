"""Risks: adding, listing with their account's name, closing them, and counting the open ones."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from kamctl.domain.risks import risk_order
from kamctl.errors import Conflict, NotFound
from kamctl.i18n import _, day
from kamctl.store.engine import get_for_change
from kamctl.store.models import Account, Risk


def add_risk(
    account: Account,
    *,
    text: str,
    severity: str,
    assignee: str | None,
    due: date | None,
    mitigation: str | None,
    now: datetime,
    session: Session,
) -> Risk:
    risk = Risk(
        account_id=account.id,  # type: ignore[arg-type]
        text=text,
        severity=severity,
        assignee=assignee,
        due=due,
        mitigation=mitigation,
        status="open",
        created_at=now,
    )
    session.add(risk)
    session.flush()
    return risk


def find_risk(number: int, *, session: Session) -> Risk:
    risk = get_for_change(Risk, number, session=session)
    if risk is None:
        raise NotFound(_("no risk {id} (kamctl accounts risk list shows them)").format(id=number))
    return risk


def close_risk(risk: Risk, *, now: datetime, note: str | None, session: Session) -> None:
    """Close an open risk now; a closed risk stays closed."""
    if risk.status != "open":
        if risk.closed_at:
            raise Conflict(
                _("risk {id} is already closed on {day}").format(
                    id=risk.id, day=day(risk.closed_at.astimezone().date())
                )
            )
        raise Conflict(_("risk {id} is already closed").format(id=risk.id))
    risk.status = "closed"
    risk.closed_at = now
    risk.close_note = note
    session.add(risk)
    session.flush()


def account_name_of(risk: Risk, *, session: Session) -> str:
    return session.exec(select(Account.name).where(col(Account.id) == risk.account_id)).one()[0]


def list_risks(
    *, session: Session, account_id: int | None = None, open_only: bool = False
) -> list[dict[str, Any]]:
    """SPEC §3 records: open ones first (high first, then by due date, unknown last), then closed
    ones, latest closed first. A risk without an owner of its own is the account owner's."""
    query = select(Risk, Account.name, Account.owner).join(Account, col(Account.id) == col(Risk.account_id))
    if account_id is not None:
        query = query.where(col(Risk.account_id) == account_id)
    if open_only:
        query = query.where(col(Risk.status) == "open")
    found = sorted(session.exec(query).all(), key=lambda row: _order(row[0]))
    return [
        {
            "id": risk.id,
            "account": name,
            "text": risk.text,
            "severity": risk.severity,
            "owner": risk.assignee or owner,
            "due": risk.due,
            "mitigation": risk.mitigation,
            "status": risk.status,
            "created_at": risk.created_at,
            "closed_at": risk.closed_at,
        }
        for risk, name, owner in found
    ]


def _order(risk: Risk) -> tuple:
    if risk.status == "open":
        return (0, risk_order(risk.severity), risk.due is None, risk.due or date.min, 0.0, risk.id)
    closed = risk.closed_at.timestamp() if risk.closed_at else 0.0
    return (1, 0, False, date.min, -closed, risk.id)
