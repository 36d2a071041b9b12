"""What the QBR pack reads (`report account --qbr`): only what the customer may see (kamctl.domain.qbr)."""

from __future__ import annotations

from datetime import tzinfo

from sqlmodel import Session, col, select

from kamctl.domain.periods import Period
from kamctl.domain.qbr import IssueFollowUp, PlannedObjective, QbrFacts
from kamctl.store.models import Account, Goal, Objective, Reminder
from kamctl.store.queries.plans import customer_owners

QBR_KINDS = ("win", "feedback", "issue")
"""The log entries a QBR shows: plain interactions and reviews hold our own notes."""


def load_qbr(account: Account, period: Period, tz: tzinfo, *, session: Session) -> QbrFacts:
    """The account's goals, every objective, and its wins, feedback and issues in the period."""
    from kamctl.store.queries.log import EntryFilter, list_entries

    goals = session.exec(select(Goal.text).where(Goal.account_id == account.id).order_by(Goal.id)).all()
    objectives = session.exec(select(Objective).where(Objective.account_id == account.id)).all()
    owners = customer_owners(objectives, session=session)
    entries = []
    for kind in QBR_KINDS:
        found, _ = list_entries(
            EntryFilter(
                account_id=account.id,
                since=period.starts_at(tz),
                until_before=period.ends_before(tz),
                kind=kind,
            ),
            session=session,
        )
        entries += found
    entries.sort(key=lambda entry: (entry["when"], entry["id"]), reverse=True)
    follow_up_ids = [entry["follow_up_id"] for entry in entries if entry["follow_up_id"]]
    follow_ups = {
        reminder.id: IssueFollowUp(reminder.due, reminder.done_at is not None, reminder.assignee)
        for reminder in session.exec(select(Reminder).where(col(Reminder.id).in_(follow_up_ids))).all()
    } if follow_up_ids else {}  # fmt: skip
    return QbrFacts(
        account=account.name,
        owner=account.owner,
        period=period,
        goals=list(goals),
        objectives=[
            PlannedObjective(
                id=o.id,  # type: ignore[arg-type]
                text=o.text,
                due=o.due,
                target=o.target,
                customer_owner=owners.get(o.customer_owner_id),
                owner=o.assignee or account.owner,
                done_on=None if o.done_at is None else o.done_at.astimezone(tz).date(),
            )
            for o in objectives
        ],
        entries=entries,
        follow_ups=follow_ups,  # type: ignore[arg-type]
    )
