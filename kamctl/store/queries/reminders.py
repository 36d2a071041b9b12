"""Stored reminders (follow-ups and recurring ones), snoozes, and the due list's reads through a session."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, text
from sqlmodel import Session, col, select

from kamctl.domain.reminders import ItemRef
from kamctl.errors import NotFound
from kamctl.i18n import N_, _
from kamctl.store import fast_due
from kamctl.store.engine import get_for_change, lock_for_change
from kamctl.store.models import Account, Contact, Objective, Reminder, Risk, Snooze


def session_rows(session: Session) -> fast_due.Rows:
    """Plain SQL (the due list's, `log import`'s) run on this session's connection: PostgreSQL, or
    an SQLite file the direct path does not open (new, or at another schema)."""

    def rows(sql: str, params: dict[str, Any]) -> list[tuple]:
        return [tuple(row) for row in session.connection().execute(text(sql), params)]

    return rows


def add_reminder(
    account: Account,
    title: str,
    due: date,
    *,
    now: datetime,
    session: Session,
    rule: str | None = None,
    contact: Contact | None = None,
    log_entry_id: int | None = None,
    assignee: str | None = None,
) -> Reminder:
    reminder = Reminder(
        account_id=account.id,  # type: ignore[arg-type]
        contact_id=contact.id if contact else None,
        log_entry_id=log_entry_id,
        title=title,
        due=due,
        rule=rule,
        assignee=assignee,
        created_at=now,
    )
    session.add(reminder)
    session.flush()
    return reminder


def find_reminder(number: int, *, session: Session) -> Reminder:
    """A stored reminder; in a write transaction it is read for change (locked until it ends), so
    two processes completing it at once do it one after the other."""
    reminder = get_for_change(Reminder, number, session=session)
    if reminder is None:
        raise NotFound(
            _("no reminder {number} (kamctl remind list --all shows every stored reminder)").format(
                number=number
            )
        )
    return reminder


def find_open_objective(number: int, *, session: Session) -> Objective:
    objective = get_for_change(Objective, number, session=session)
    if objective is None:
        raise NotFound(
            _("no objective {number} (kamctl accounts plan NAME shows an account's objectives)").format(
                number=number
            )
        )
    return objective


def account_of(account_id: int, *, session: Session) -> Account:
    account = session.get(Account, account_id)
    if account is None:
        raise NotFound(_("no account {number}").format(number=account_id))
    return account


def contact_of(contact_id: int, *, session: Session) -> Contact | None:
    return session.get(Contact, contact_id)


def cadence_target(item: ItemRef, *, session: Session) -> tuple[int, int | None]:
    """The account (and contact) a cadence item is about: (account id, contact id or None)."""
    if item.kind == "cadence":
        if session.get(Account, item.number) is None:
            raise NotFound(_("no account {number} (for {id})").format(number=item.number, id=item.item_id))
        return item.number, None
    contact = session.get(Contact, item.number)
    if contact is None:
        raise NotFound(_("no contact {number} (for {id})").format(number=item.number, id=item.item_id))
    return contact.account_id, contact.id


_WHAT = {"Account": N_("account"), "Contact": N_("contact"), "Objective": N_("objective"), "Risk": N_("risk")}
"""What a computed item's id names, for the message when it does not exist."""


def check_computed_item(item: ItemRef, *, session: Session) -> None:
    """A computed item's account, contact, objective or risk exists (to snooze it)."""
    table = {"objective": Objective, "cadence-contact": Contact, "risk": Risk}.get(item.kind, Account)
    if session.get(table, item.number) is None:
        what = _(_WHAT[table.__name__])
        raise NotFound(
            _("no {id}: {what} {number} does not exist").format(
                id=item.item_id, what=what, number=item.number
            )
        )


def complete(reminder: Reminder, *, next_due: date | None, now: datetime, session: Session) -> None:
    """Done: moved to `next_due`, or closed when there is none; its snooze is forgotten. One more
    occurrence is counted done (a rule's COUNT ends it)."""
    reminder.occurrences_done += 1
    if next_due is not None:
        reminder.due = next_due
    else:
        reminder.done_at = now
    clear_snoozes([str(reminder.id)], session=session)
    session.add(reminder)
    session.flush()


def close_objective(objective: Objective, *, now: datetime, session: Session) -> None:
    objective.done_at = now
    session.add(objective)
    session.flush()


def move(reminder: Reminder, due: date, *, session: Session) -> None:
    reminder.due = due
    session.add(reminder)
    session.flush()


def remove(reminder: Reminder, *, session: Session) -> None:
    clear_snoozes([str(reminder.id)], session=session)
    session.delete(reminder)
    session.flush()


def snooze(item_id: str, until: date, *, session: Session) -> None:
    # Two processes snoozing one item at once would both insert it: the second waits instead.
    lock_for_change("snoozes", session=session)
    existing = session.get(Snooze, item_id)
    if existing is None:
        session.add(Snooze(item_id=item_id, until=until))
    else:
        existing.until = until
        session.add(existing)
    session.flush()


def clear_snoozes(item_ids: list[str], *, session: Session) -> None:
    """Forget snoozes of items that were just dealt with (a log clears cadence, done moves a rule on)."""
    if item_ids:
        session.execute(delete(Snooze).where(col(Snooze.item_id).in_(item_ids)))


def list_reminders(*, session: Session, include_done: bool = False) -> list[dict[str, Any]]:
    """Stored reminders with their account and contact names, open ones first by due date."""
    query = (
        select(Reminder, Account.name, Contact.name)
        .join(Account, col(Account.id) == Reminder.account_id)
        .outerjoin(Contact, col(Contact.id) == Reminder.contact_id)
    )
    if not include_done:
        query = query.where(col(Reminder.done_at).is_(None))
    query = query.order_by(col(Reminder.done_at).is_not(None), Reminder.due, Reminder.id)
    return [
        {
            "id": reminder.id,
            "account": account,
            "contact": contact,
            "title": reminder.title,
            "due": reminder.due,
            "rule": reminder.rule,
            "kind": "recurring" if reminder.rule else "follow-up",
            "log_entry_id": reminder.log_entry_id,
            "created_at": reminder.created_at,
            "done_at": reminder.done_at,
        }
        for reminder, account, contact in session.exec(query).all()
    ]
