"""Everything `accounts show` puts on one screen, read in one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from kamctl.domain.accounts import account_record
from kamctl.domain.products import effective_probability
from kamctl.store.models import Goal, LogEntry, Objective, Opportunity, Reminder, Renewal, Review
from kamctl.store.queries.accounts import find_account


def load_dossier(ref: str, *, session: Session, now: datetime) -> dict[str, Any]:
    """The dossier; `map` (summary) and `findings` are those of SPEC §5 as of `now`."""
    from kamctl.domain.account_map import find_coverage_gaps, map_summary
    from kamctl.store.queries.contacts import load_account_map
    from kamctl.store.queries.plans import team_members

    account = find_account(ref, session=session)
    recent = session.exec(
        select(LogEntry)
        .where(LogEntry.account_id == account.id)
        .order_by(col(LogEntry.occurred_at).desc(), col(LogEntry.id).desc())
        .limit(5)
    ).all()
    reminders = session.exec(
        select(Reminder)
        .where(Reminder.account_id == account.id, col(Reminder.done_at).is_(None))
        .order_by(Reminder.due, Reminder.id)
    ).all()
    opportunities = session.exec(
        select(Opportunity)
        .where(Opportunity.account_id == account.id, Opportunity.status == "open")
        .order_by(Opportunity.expected_close, Opportunity.id)
    ).all()
    goals = session.exec(select(Goal).where(Goal.account_id == account.id).order_by(Goal.id)).all()
    objectives = session.exec(
        select(Objective).where(Objective.account_id == account.id).order_by(Objective.due, Objective.id)
    ).all()
    last_review = session.exec(
        select(Review)
        .where(Review.account_id == account.id)
        .order_by(col(Review.reviewed_at).desc(), col(Review.id).desc())
        .limit(1)
    ).first()
    account_map = load_account_map(account, session=session, now=now)
    findings = find_coverage_gaps(account_map.contacts, account_map.interactions, now=now)
    from kamctl.store.queries.report import load_account_health

    health = load_account_health(account, findings, session=session, now=now)
    from kamctl.domain.renewals import is_lapsed
    from kamctl.store.queries.risks import list_risks

    last_renewal = session.exec(
        select(Renewal)
        .where(Renewal.account_id == account.id)
        .order_by(col(Renewal.renewed_at).desc(), col(Renewal.id).desc())
        .limit(1)
    ).first()
    return {
        "account": account_record(account, last_contact=recent[0].occurred_at if recent else None),
        "recent_log": [
            {
                "id": e.id,
                "when": e.occurred_at,
                "channel": e.channel,
                "kind": e.kind,
                "sentiment": e.sentiment,
                "notes": e.notes,
            }
            for e in recent
        ],
        "open_reminders": [{"id": r.id, "title": r.title, "due": r.due, "rule": r.rule} for r in reminders],
        "open_opportunities": [
            {
                "id": o.id,
                "title": o.title,
                "type": o.type,
                "value": o.value,
                "product": o.product,
                "probability": effective_probability(o.type, o.probability),
                "expected_close": o.expected_close,
            }
            for o in opportunities
        ],
        # The owner is the account's owner field; stored members add the other roles.
        "team": team_members(account, session=session),
        "plan": {
            "goals": [g.text for g in goals],
            "objectives": [
                {"id": o.id, "text": o.text, "due": o.due, "done": o.done_at is not None} for o in objectives
            ],
            "master_plan": account.master_plan,
            "last_review": None
            if last_review is None
            else {"when": last_review.reviewed_at, "who": last_review.who, "note": last_review.note},
        },
        "map": map_summary(account_map.contacts),
        "findings": [{"code": f.code, "severity": f.severity, "message": f.message} for f in findings],
        # Account health (kamctl.domain.health) with its breakdown.
        "health": health.record(),
        "renewal": {
            "date": account.renewal_date,
            "lapsed": is_lapsed(account.renewal_date, now.date()),
            "last_renewed": None
            if last_renewal is None
            else {
                "when": last_renewal.renewed_at,
                "who": last_renewal.who,
                "previous": last_renewal.previous,
                "until": last_renewal.until,
                "value": last_renewal.value,
            },
        },
        "open_risks": list_risks(session=session, account_id=account.id, open_only=True),
    }
