"""What `report account` reads beyond the dossier: the account's risks and its recorded renewals (SPEC §8)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, or_, select

from kamctl.store.models import Renewal, Risk


def load_risks(account_id: int, *, closed_since: datetime, session: Session) -> list[dict[str, Any]]:
    """The account's open risks and those closed since `closed_since`, as `accounts risk list`
    records without the account (`owner` is the risk's assignee)."""
    risks = session.exec(
        select(Risk).where(
            Risk.account_id == account_id,
            or_(Risk.status == "open", col(Risk.closed_at) >= closed_since),
        )
    ).all()
    return [
        {"id": r.id, "text": r.text, "severity": r.severity, "owner": r.assignee, "due": r.due,
         "mitigation": r.mitigation, "status": r.status, "created_at": r.created_at, "closed_at": r.closed_at}
        for r in risks
    ]  # fmt: skip


def load_renewals(account_id: int, *, session: Session) -> list[dict[str, Any]]:
    """Every renewal recorded for the account (`accounts renew`), newest first."""
    renewals = session.exec(
        select(Renewal)
        .where(Renewal.account_id == account_id)
        .order_by(col(Renewal.renewed_at).desc(), col(Renewal.id).desc())
    ).all()
    return [
        {"renewed_at": r.renewed_at, "who": r.who, "previous": r.previous, "until": r.until, "value": r.value}
        for r in renewals
    ]
