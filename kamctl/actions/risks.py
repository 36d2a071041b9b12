"""Risks to an account (SPEC §3): add one with its owner and mitigation, list them, close one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kamctl.actions.portfolio import Portfolio


@dataclass(frozen=True)
class RiskNote:
    """One risk as a message names it."""

    id: int
    account: str
    text: str
    severity: str
    owner: str | None = None
    due: date | None = None


def add_risk(
    portfolio: Portfolio,
    account: str,
    text: str,
    *,
    severity: str = "medium",
    owner: str | None = None,
    due: str | date | None = None,
    mitigation: str | None = None,
) -> RiskNote:
    """An open risk on an account; its owner is the account's owner unless one is named."""
    from kamctl.domain.dates import parse_optional_date
    from kamctl.domain.risks import check_risk_text, check_severity
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.risks import add_risk as insert_risk

    checked_text = check_risk_text(text)
    checked_severity = check_severity(severity)
    person = owner.strip() if owner is not None and owner.strip() else None
    when = parse_optional_date(due, today=portfolio.today)
    plan = mitigation.strip() if mitigation is not None and mitigation.strip() else None
    with portfolio.store().transaction() as session:
        found = find_account(account, session=session)
        risk = insert_risk(
            found,
            text=checked_text,
            severity=checked_severity,
            assignee=person or found.owner,
            due=when,
            mitigation=plan,
            now=portfolio.utcnow,
            session=session,
        )
        return RiskNote(risk.id, found.name, risk.text, risk.severity, risk.assignee, risk.due)  # type: ignore[arg-type]


def list_risks(
    portfolio: Portfolio, account: str | None = None, *, open_only: bool = False
) -> list[dict[str, Any]]:
    """Risks (every account's or one's): open ones first, the most severe first, then closed ones."""
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.risks import list_risks as read_risks

    with portfolio.store().transaction(write=False) as session:
        account_id = find_account(account, session=session).id if account is not None else None
        return read_risks(session=session, account_id=account_id, open_only=open_only)


def close_risk(portfolio: Portfolio, ref: str, *, note: str | None = None) -> RiskNote:
    """Close a risk now, with a note on how it ended if given."""
    from kamctl.domain.risks import parse_risk_id
    from kamctl.store.queries.risks import account_name_of, find_risk
    from kamctl.store.queries.risks import close_risk as write_close

    number = parse_risk_id(ref)
    cleaned = note.strip() if note is not None and note.strip() else None
    with portfolio.store().transaction() as session:
        risk = find_risk(number, session=session)
        write_close(risk, now=portfolio.utcnow, note=cleaned, session=session)
        return RiskNote(
            risk.id,  # type: ignore[arg-type]
            account_name_of(risk, session=session),
            risk.text,
            risk.severity,
            risk.assignee,
            risk.due,
        )
