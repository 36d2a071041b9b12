"""Account plans, reviews and teams (SPEC §3): goals, dated objectives, the master plan, who works on it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from kamctl.domain.account_map import HandoverFacts
from kamctl.domain.accounts import TEAM_ROLES, account_record
from kamctl.domain.contacts import DECISION_ROLES
from kamctl.domain.names import as_id, did_you_mean
from kamctl.errors import Conflict, NotFound
from kamctl.i18n import _, label
from kamctl.store.engine import all_for_change, get_for_change
from kamctl.store.models import (
    Account,
    Contact,
    Goal,
    LogContact,
    LogEntry,
    Objective,
    Opportunity,
    Reminder,
    Review,
    Risk,
    TeamMember,
)
from kamctl.store.queries.contacts import load_account_map
from kamctl.store.queries.risks import list_risks


def add_goal(account: Account, text: str, *, now: datetime, session: Session) -> Goal:
    goal = Goal(account_id=account.id, text=text, created_at=now)  # type: ignore[arg-type]
    session.add(goal)
    session.flush()
    return goal


def add_objective(
    account: Account,
    text: str,
    due: date,
    *,
    now: datetime,
    session: Session,
    target: str | None = None,
    customer_owner: Contact | None = None,
    assignee: str | None = None,
) -> Objective:
    objective = Objective(
        account_id=account.id,  # type: ignore[arg-type]
        text=text,
        due=due,
        target=target,
        customer_owner_id=None if customer_owner is None else customer_owner.id,
        assignee=assignee,
        created_at=now,
    )
    session.add(objective)
    session.flush()
    return objective


def find_objective(account: Account, ref: str, *, session: Session) -> Objective:
    """An objective of `account` by its number (objectives are named by id, SPEC §2)."""
    text = ref.strip().lstrip("#")
    objective = (
        get_for_change(Objective, number, session=session) if (number := as_id(text)) is not None else None
    )
    if objective is None or objective.account_id != account.id:
        ids = session.exec(select(Objective.id).where(Objective.account_id == account.id)).all()
        known = ", ".join(f"#{number}" for number in sorted(ids)) or _("none yet")
        raise NotFound(
            _("{account} has no objective {ref} (its objectives: {known})").format(
                account=account.name, ref=repr(ref), known=known
            )
        )
    return objective


def find_goal(account: Account, ref: str, *, session: Session) -> Goal:
    text = ref.strip().lstrip("#")
    goal = get_for_change(Goal, number, session=session) if (number := as_id(text)) is not None else None
    if goal is None or goal.account_id != account.id:
        ids = session.exec(select(Goal.id).where(Goal.account_id == account.id)).all()
        known = ", ".join(f"#{number}" for number in sorted(ids)) or _("none yet")
        raise NotFound(
            _("{account} has no goal {ref} (its goals: {known})").format(
                account=account.name, ref=repr(ref), known=known
            )
        )
    return goal


def mark_done(objective: Objective, *, now: datetime, session: Session) -> bool:
    """Mark the objective done now; False when it already was."""
    if objective.done_at is not None:
        return False
    objective.done_at = now
    session.add(objective)
    session.flush()
    return True


def remove_plan_item(item: Goal | Objective, *, session: Session) -> None:
    session.delete(item)
    session.flush()


def save_master_plan(account: Account, text: str | None, *, now: datetime, session: Session) -> None:
    account.master_plan = text
    account.updated_at = now
    session.add(account)
    session.flush()


def load_plan(account: Account, *, session: Session) -> dict[str, Any]:
    """The account plan as the JSON contract of `accounts plan`: goals, objectives, master plan, reviews."""
    goals = session.exec(select(Goal).where(Goal.account_id == account.id).order_by(Goal.id)).all()
    objectives = session.exec(
        select(Objective)
        .where(Objective.account_id == account.id)
        .order_by(col(Objective.done_at).is_not(None), Objective.due, Objective.id)
    ).all()
    owners = customer_owners(objectives, session=session)
    reviews = session.exec(
        select(Review)
        .where(Review.account_id == account.id)
        .order_by(col(Review.reviewed_at).desc(), col(Review.id).desc())
    ).all()
    return {
        "account": account.name,
        "goals": [{"id": goal.id, "text": goal.text, "created_at": goal.created_at} for goal in goals],
        "objectives": [
            {
                "id": objective.id,
                "text": objective.text,
                "due": objective.due,
                "done": objective.done_at is not None,
                "done_at": objective.done_at,
                "target": objective.target,
                "customer_owner": owners.get(objective.customer_owner_id),
                "created_at": objective.created_at,
            }
            for objective in objectives
        ],
        "master_plan": account.master_plan,
        "reviews": [
            {"id": review.id, "when": review.reviewed_at, "who": review.who, "note": review.note}
            for review in reviews
        ],
    }


def customer_owners(objectives: Sequence[Objective], *, session: Session) -> dict[int | None, str]:
    """Contact id → name of the objectives' customer-side owners (the mutual success plan)."""
    ids = {objective.customer_owner_id for objective in objectives} - {None}
    if not ids:
        return {}
    found = session.exec(select(Contact.id, Contact.name).where(col(Contact.id).in_(ids))).all()
    return dict(found)  # type: ignore[arg-type]


def record_review(account: Account, *, who: str, note: str | None, now: datetime, session: Session) -> Review:
    review = Review(account_id=account.id, reviewed_at=now, who=who, note=note)  # type: ignore[arg-type]
    session.add(review)
    session.flush()
    return review


# ---------------------------------------------------------------------------------------------
# The team. The owner is the account's `owner` field (one per account, changed by handover);
# stored members carry the other roles.


def team_members(account: Account, *, session: Session) -> list[dict[str, str]]:
    """The account's team: its owner first, then every other member and role, by role and person."""
    stored = session.exec(select(TeamMember).where(TeamMember.account_id == account.id)).all()
    members = [{"person": account.owner, "role": "owner"}] if account.owner else []

    def order(member: TeamMember) -> tuple[int, str]:
        rank = TEAM_ROLES.index(member.role) if member.role in TEAM_ROLES else len(TEAM_ROLES)
        return (rank, member.person.casefold())

    others = sorted((member for member in stored if member.role != "owner"), key=order)
    return members + [{"person": member.person, "role": member.role} for member in others]


def add_team_member(account: Account, person: str, role: str, *, session: Session) -> bool:
    """Add `person` in `role`; False when they already have that role."""
    if role == "owner":
        if (account.owner or "").casefold() == person.casefold():
            return False
        raise Conflict(
            _(
                "{account} has one owner ({owner}); change it with "
                "`kamctl accounts handover {quoted_account} --to {quoted_person}`"
            ).format(
                account=account.name,
                owner=account.owner,
                quoted_account=repr(account.name),
                quoted_person=repr(person),
            )
        )
    existing = session.exec(
        select(TeamMember).where(TeamMember.account_id == account.id, TeamMember.role == role)
    ).all()
    if any(member.person.casefold() == person.casefold() for member in existing):
        return False
    session.add(TeamMember(account_id=account.id, person=person, role=role))  # type: ignore[arg-type]
    session.flush()
    return True


def remove_team_member(account: Account, person: str, role: str | None, *, session: Session) -> list[str]:
    """Remove `person` from the team (only `role`, if given); the roles removed."""
    key = person.strip().casefold()
    if role == "owner" or (role is None and (account.owner or "").casefold() == key):
        others = [] if role == "owner" else _stored_roles(account, key, session=session)
        if not others:
            raise Conflict(
                _(
                    "{owner} owns {account}: hand it over first "
                    "(kamctl accounts handover {quoted_account} --to PERSON)"
                ).format(owner=account.owner, account=account.name, quoted_account=repr(account.name))
            )
    removed = []
    for member in session.exec(select(TeamMember).where(TeamMember.account_id == account.id)).all():
        if member.person.casefold() == key and member.role != "owner" and role in (None, member.role):
            removed.append(member.role)
            session.delete(member)
    if not removed:
        people = [member["person"] for member in team_members(account, session=session)]
        said = (
            _("{account}'s team has no {person} as {role}{did_you_mean}")
            if role
            else _("{account}'s team has no {person}{did_you_mean}")
        )
        raise NotFound(
            said.format(
                account=account.name,
                person=repr(person),
                role=label(role or ""),
                did_you_mean=did_you_mean(person, people),
            )
        )
    session.flush()
    return removed


def _stored_roles(account: Account, key: str, *, session: Session) -> list[str]:
    members = session.exec(select(TeamMember).where(TeamMember.account_id == account.id)).all()
    return [member.role for member in members if member.person.casefold() == key and member.role != "owner"]


def hand_over_team(account: Account, previous: str | None, new_owner: str, *, session: Session) -> None:
    """Keep the team in step with a handover: the new owner is the `owner` row (and only that:
    listed once), and the outgoing owner stays on the team as `other` unless they hold a role."""
    members = session.exec(select(TeamMember).where(TeamMember.account_id == account.id)).all()
    new_key = new_owner.casefold()
    for member in members:
        if member.role == "owner" or member.person.casefold() == new_key:
            session.delete(member)
    session.flush()
    session.add(TeamMember(account_id=account.id, person=new_owner, role="owner"))  # type: ignore[arg-type]
    if previous and not _stored_roles(account, previous.casefold(), session=session):
        session.add(TeamMember(account_id=account.id, person=previous, role="other"))  # type: ignore[arg-type]
    session.flush()


def _is(person: str | None, key: str) -> bool:
    return person is not None and person.strip().casefold() == key


def move_work(
    account: Account, previous: str, new_owner: str, *, keep_contacts: bool, session: Session
) -> dict[str, int]:
    """Give the new owner the outgoing owner's open work on the account: reminders, objectives and
    risks assigned to them (unassigned ones follow the account's owner by themselves) and, unless
    `keep_contacts`, the contacts whose `our_contact` they are. How many of each moved."""
    key = previous.strip().casefold()
    moved = {"reminders": 0, "objectives": 0, "risks": 0, "contacts": 0}
    open_work = (
        (
            "reminders",
            select(Reminder).where(Reminder.account_id == account.id, col(Reminder.done_at).is_(None)),
        ),
        (
            "objectives",
            select(Objective).where(Objective.account_id == account.id, col(Objective.done_at).is_(None)),
        ),
        ("risks", select(Risk).where(Risk.account_id == account.id, Risk.status == "open")),
    )
    for what, query in open_work:
        for row in all_for_change(query, session=session):
            if _is(row.assignee, key):
                row.assignee = new_owner
                session.add(row)
                moved[what] += 1
    if not keep_contacts:
        contacts = select(Contact).where(Contact.account_id == account.id)
        for contact in all_for_change(contacts, session=session):
            if _is(contact.our_contact, key):
                contact.our_contact = new_owner
                session.add(contact)
                moved["contacts"] += 1
    session.flush()
    return moved


def decision_makers(account: Account, *, session: Session) -> list[Contact]:
    """The account's active decision-makers and economic buyers, by name."""
    return list(
        session.exec(
            select(Contact)
            .where(
                Contact.account_id == account.id,
                col(Contact.left).is_(False),
                col(Contact.role).in_(DECISION_ROLES),
            )
            .order_by(Contact.name_key, Contact.id)
        ).all()
    )


# ---------------------------------------------------------------------------------------------
# The handover brief.


def load_handover(account: Account, *, session: Session, now: datetime, log_limit: int = 10) -> HandoverFacts:
    from kamctl.store.queries.settings import load_settings

    entries = session.exec(
        select(LogEntry)
        .where(LogEntry.account_id == account.id)
        .order_by(col(LogEntry.occurred_at).desc(), col(LogEntry.id).desc())
        .limit(log_limit)
    ).all()
    who: dict[int, list[str]] = {entry.id: [] for entry in entries}  # type: ignore[misc]
    if entries:
        for entry_id, name in session.exec(
            select(LogContact.log_entry_id, Contact.name)
            .join(Contact, col(Contact.id) == LogContact.contact_id)
            .where(col(LogContact.log_entry_id).in_(list(who)))
            .order_by(Contact.name_key)
        ).all():
            who[entry_id].append(name)
    reminders = session.exec(
        select(Reminder, Contact.name)
        .outerjoin(Contact, col(Contact.id) == Reminder.contact_id)
        .where(Reminder.account_id == account.id, col(Reminder.done_at).is_(None))
        .order_by(Reminder.due, Reminder.id)
    ).all()
    opportunities = session.exec(
        select(Opportunity)
        .where(Opportunity.account_id == account.id, Opportunity.status == "open")
        .order_by(Opportunity.expected_close, Opportunity.id)
    ).all()
    return HandoverFacts(
        account=account_record(account, last_contact=entries[0].occurred_at if entries else None),
        plan=load_plan(account, session=session),
        team=team_members(account, session=session),
        account_map=load_account_map(account, session=session, now=now),
        recent_log=[
            {
                "id": entry.id,
                "when": entry.occurred_at,
                "channel": entry.channel,
                "kind": entry.kind,
                "sentiment": entry.sentiment,
                "contacts": who[entry.id],  # type: ignore[index]
                "notes": entry.notes,
            }
            for entry in entries
        ],
        open_reminders=[
            {"id": r.id, "title": r.title, "due": r.due, "rule": r.rule, "contact": contact}
            for r, contact in reminders
        ],
        open_opportunities=[
            {
                "id": o.id,
                "title": o.title,
                "type": o.type,
                "value": o.value,
                "expected_close": o.expected_close,
            }
            for o in opportunities
        ],
        currency=load_settings(session=session)["currency"],
        open_risks=list_risks(session=session, account_id=account.id, open_only=True),
    )
