"""What `remind export` reads besides the due list: the database's id, how far recurring reminders
have got, and the items completed lately (SPEC §7)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from kamctl.domain.reminders import DueItem
from kamctl.store.engine import database_id
from kamctl.store.models import Account, Contact, Objective, Reminder


def identity(*, session: Session) -> str:
    return database_id(session.connection())


def occurrences_done(*, session: Session) -> dict[int, int]:
    """Open recurring reminders: how many of their occurrences were done, by reminder number."""
    query = select(Reminder.id, Reminder.occurrences_done).where(
        col(Reminder.done_at).is_(None), col(Reminder.rule).is_not(None)
    )
    return {number: done for number, done in session.exec(query).all()}  # type: ignore[misc]


def completed_since(
    since: datetime, *, owner: str | None, session: Session
) -> list[tuple[DueItem, datetime]]:
    """Reminders and dated objectives done at or after `since` in non-archived accounts, each as
    the due list showed it while open, with when it was done; with `owner`, only those assigned to
    them (or, unassigned, in an account they own)."""

    def belongs(assignee: object) -> object:
        who = func.coalesce(assignee, Account.owner)
        return func.lower(who) == func.lower(owner)

    reminders = (
        select(Reminder, Account.name, Account.tier, Contact.name)
        .join(Account, col(Account.id) == Reminder.account_id)
        .outerjoin(Contact, col(Contact.id) == Reminder.contact_id)
        .where(col(Reminder.done_at) >= since, col(Account.archived).is_(False))
        .order_by(Reminder.id)
    )
    objectives = (
        select(Objective, Account.name, Account.tier)
        .join(Account, col(Account.id) == Objective.account_id)
        .where(
            col(Objective.done_at) >= since,
            col(Objective.due).is_not(None),
            col(Account.archived).is_(False),
        )
        .order_by(Objective.id)
    )
    if owner is not None:
        reminders = reminders.where(belongs(Reminder.assignee))
        objectives = objectives.where(belongs(Objective.assignee))
    found = [
        (
            DueItem(
                id=reminder.id,
                kind="recurring" if reminder.rule else "follow-up",
                account_id=reminder.account_id,
                account=account,
                title=reminder.title,
                due=reminder.due,
                tier=tier,
                contact=contact,
            ),
            reminder.done_at,
        )
        for reminder, account, tier, contact in session.exec(reminders).all()
    ]
    found += [
        (
            DueItem(
                id=f"objective:{objective.id}",
                kind="objective",
                account_id=objective.account_id,
                account=account,
                title=objective.text,
                due=objective.due,
                tier=tier,
            ),
            objective.done_at,
        )
        for objective, account, tier in session.exec(objectives).all()
    ]
    return found
