"""Account plans (SPEC §3): goals, dated objectives, the master plan, reviews, the team, handovers."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamctl.i18n import N_

if TYPE_CHECKING:
    from kamctl.actions.portfolio import Portfolio


@dataclass(frozen=True)
class PlanStep:
    """One thing a plan change did: `what` is goal-added, objective-added, objective-done,
    objective-already-done, goal-removed or objective-removed."""

    what: str
    id: int
    text: str


@dataclass(frozen=True)
class PlanChange:
    """A change to an account's plan: the account, each step in order, and the new objective's
    due day (if one was added)."""

    account: str
    steps: list[PlanStep] = field(default_factory=list)
    due: date | None = None


@dataclass(frozen=True)
class MasterPlan:
    """The master plan as read before editing: which account, and its text then."""

    account_id: int
    account: str
    text: str | None


@dataclass(frozen=True)
class Review:
    """A review recorded; `next_due` is when the next one is due (key accounts only)."""

    account: str
    next_due: date | None


@dataclass(frozen=True)
class TeamChange:
    """A change to the team: `changed` is False when it was so already; `roles`, those removed;
    `stays_owner`, the owner who was removed from the team's other roles."""

    account: str
    person: str
    role: str | None
    changed: bool = True
    roles: list[str] = field(default_factory=list)
    stays_owner: str | None = None


@dataclass(frozen=True)
class Handover:
    """An account handed over: from whom to whom, the work that moved, the introductions the
    outgoing owner is to make, and the brief."""

    account: str
    previous: str | None
    new_owner: str
    brief: str
    moved: dict[str, int] = field(default_factory=dict)
    """How many open reminders, objectives, risks and contacts now belong to the new owner."""
    introductions: list[dict[str, Any]] = field(default_factory=list)
    """The follow-ups added for the outgoing owner: `id, contact, title, due`."""


EMPTY_TEXT = {
    "target": N_("the target text must not be empty"),
    "goal": N_("the goal text must not be empty"),
    "objective": N_("the objective text must not be empty"),
}
"""What a blank target, goal or objective is told."""


def _text(what: str, text: str) -> str:
    from kamctl.errors import InvalidValue
    from kamctl.i18n import _

    if not text.strip():
        raise InvalidValue(_(EMPTY_TEXT[what]))
    return text.strip()


def change_plan(
    portfolio: Portfolio,
    account: str,
    *,
    goals: list[str] = (),  # type: ignore[assignment]
    objective: str | None = None,
    due: str | date | None = None,
    done: list[str] = (),  # type: ignore[assignment]
    remove_goals: list[str] = (),  # type: ignore[assignment]
    remove_objectives: list[str] = (),  # type: ignore[assignment]
    target: str | None = None,
    customer_owner: str | None = None,
    assignee: str | None = None,
) -> PlanChange:
    """Add goals and a dated objective (worked on by `assignee`, default the account's owner), mark
    objectives done, remove goals and objectives, in that order, all or nothing. Objectives and
    goals are named by number.

    An objective may carry a measurable `target` and a `customer_owner` (a contact of the
    account, by id or name): the mutual success plan walked through at a QBR (SPEC §8)."""
    from kamctl.domain.dates import parse_date
    from kamctl.domain.names import person_name
    from kamctl.errors import InvalidValue
    from kamctl.i18n import _
    from kamctl.store.queries import plans
    from kamctl.store.queries.accounts import find_account

    if due is not None and objective is None:
        raise InvalidValue(
            _("--due belongs to --objective: kamctl accounts plan NAME --objective TEXT --due DATE")
        )
    if objective is not None and due is None:
        raise InvalidValue(_("an objective needs a due date: add --due DATE (e.g. --due 2027-03-31)"))
    for option, value, usage in (
        ("--target", target, "--target TEXT --customer-owner CONTACT"),
        ("--customer-owner", customer_owner, "--target TEXT --customer-owner CONTACT"),
        ("--assignee", assignee, "--assignee PERSON"),
    ):
        if value is not None and objective is None:
            raise InvalidValue(
                _(
                    "{option} belongs to --objective: "
                    "kamctl accounts plan NAME --objective TEXT --due DATE {usage}"
                ).format(option=option, usage=usage)
            )
    target_text = _text("target", target) if target is not None else None
    who = person_name(assignee, "--assignee") if assignee is not None else None
    texts = [_text("goal", text) for text in goals]
    objective_text = _text("objective", objective) if objective is not None else None
    due_day = due if isinstance(due, date) or due is None else parse_date(due, today=portfolio.today)
    now = portfolio.utcnow
    steps: list[PlanStep] = []
    with portfolio.store().transaction() as session:
        found = find_account(account, session=session)
        for text in texts:
            steps.append(
                PlanStep("goal-added", plans.add_goal(found, text, now=now, session=session).id, text)
            )  # type: ignore[arg-type]
        if objective_text is not None and due_day is not None:
            owner = None
            if customer_owner is not None:
                from kamctl.store.queries.contacts import find_contact

                owner = find_contact(customer_owner, session=session, account=found)
            added = plans.add_objective(
                found,
                objective_text,
                due_day,
                now=now,
                session=session,
                target=target_text,
                customer_owner=owner,
                assignee=who,
            )
            steps.append(PlanStep("objective-added", added.id, objective_text))  # type: ignore[arg-type]
        for ref in done:
            item = plans.find_objective(found, ref, session=session)
            what = (
                "objective-done"
                if plans.mark_done(item, now=now, session=session)
                else "objective-already-done"
            )
            steps.append(PlanStep(what, item.id, item.text))  # type: ignore[arg-type]
        for ref in remove_goals:
            goal = plans.find_goal(found, ref, session=session)
            plans.remove_plan_item(goal, session=session)
            steps.append(PlanStep("goal-removed", goal.id, goal.text))  # type: ignore[arg-type]
        for ref in remove_objectives:
            item = plans.find_objective(found, ref, session=session)
            plans.remove_plan_item(item, session=session)
            steps.append(PlanStep("objective-removed", item.id, item.text))  # type: ignore[arg-type]
        return PlanChange(found.name, steps, due_day)


def account_plan(portfolio: Portfolio, account: str) -> dict[str, Any]:
    """The account plan: goals, objectives (open first), the master plan and the reviews."""
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.plans import load_plan

    with portfolio.store().transaction(write=False) as session:
        return load_plan(find_account(account, session=session), session=session)


def read_master_plan(portfolio: Portfolio, account: str) -> MasterPlan:
    """The master plan as it is now, to edit and then `save_master_plan`."""
    from kamctl.store.queries.accounts import find_account

    with portfolio.store().transaction(write=False) as session:
        found = find_account(account, session=session)
        return MasterPlan(found.id, found.name, found.master_plan)  # type: ignore[arg-type]


def save_master_plan(portfolio: Portfolio, before: MasterPlan, edited: str) -> str | None:
    """Save the edited master plan (blank: none); the text saved. If someone saved the plan since
    `before` was read, neither is overwritten: the edited text goes into a file named by the
    Conflict raised."""
    from kamctl.errors import Conflict
    from kamctl.i18n import _
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.plans import save_master_plan as write_plan

    text = edited.strip("\n") + "\n" if edited.strip() else None
    with portfolio.store().transaction() as session:
        found = find_account(str(before.account_id), session=session)
        if found.master_plan != before.text:
            fd, kept = tempfile.mkstemp(prefix="kamctl-master-plan-", suffix=".md")
            with os.fdopen(fd, "w", encoding="utf-8") as saved:
                saved.write(edited)
            raise Conflict(
                _("the master plan of {account} changed while you edited it; your text is in {file}").format(
                    account=before.account, file=kept
                )
            )
        write_plan(found, text, now=portfolio.utcnow, session=session)
    return text


def record_review(portfolio: Portfolio, account: str, *, note: str | None = None) -> Review:
    """Record that the periodic account review happened, by `portfolio.user` (clears the review
    reminder)."""
    from dateutil.relativedelta import relativedelta

    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.plans import record_review as write_review
    from kamctl.store.queries.settings import load_settings

    with portfolio.store().transaction() as session:
        found = find_account(account, session=session)
        cleaned = (note or "").strip() or None
        write_review(found, who=portfolio.user, note=cleaned, now=portfolio.utcnow, session=session)
        months = load_settings(session=session)["review.interval_months"]
        label, tier = found.name, found.tier
    return Review(label, portfolio.today + relativedelta(months=months) if tier == "key" else None)


def account_team(portfolio: Portfolio, account: str) -> tuple[str, list[dict[str, str]]]:
    """The account's name and its team: the owner first, then every other member by role."""
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.plans import team_members

    with portfolio.store().transaction(write=False) as session:
        found = find_account(account, session=session)
        return found.name, team_members(found, session=session)


def _team_person(person: str) -> str:
    from kamctl.errors import InvalidValue
    from kamctl.i18n import _

    if not person.strip():
        raise InvalidValue(_("the person's name must not be empty"))
    return person.strip()


def add_team_member(portfolio: Portfolio, account: str, person: str, role: str) -> TeamChange:
    """Put one of our people on the account's team in `role` (the owner changes by handover)."""
    from kamctl.domain.account_map import check_team_role
    from kamctl.domain.accounts import TEAM_ROLES
    from kamctl.i18n import value_of
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.plans import add_team_member as write_member

    checked_role = check_team_role(value_of(role, TEAM_ROLES))
    name = _team_person(person)
    with portfolio.store().transaction() as session:
        found = find_account(account, session=session)
        added = write_member(found, name, checked_role, session=session)
        return TeamChange(found.name, name, checked_role, changed=added)


def remove_team_member(
    portfolio: Portfolio, account: str, person: str, role: str | None = None
) -> TeamChange:
    """Take a person off the account's team (only `role`, if given)."""
    from kamctl.domain.account_map import check_team_role
    from kamctl.domain.accounts import TEAM_ROLES
    from kamctl.i18n import value_of
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.plans import remove_team_member as delete_member

    checked_role = check_team_role(value_of(role, TEAM_ROLES)) if role is not None else None
    name = _team_person(person)
    with portfolio.store().transaction() as session:
        found = find_account(account, session=session)
        removed = delete_member(found, name, checked_role, session=session)
        owner = found.owner if (found.owner or "").casefold() == name.casefold() else None
        return TeamChange(found.name, name, checked_role, roles=removed, stays_owner=owner)


INTRODUCTION_DAYS = 14
"""The outgoing owner introduces the successor to each decision maker within this many days."""


def hand_over(
    portfolio: Portfolio, account: str, to: str, *, output: Path | None = None, keep_contacts: bool = False
) -> Handover:
    """Hand the account over to `to` (SPEC §3): the new owner goes into its history and takes the
    outgoing owner's open work and, unless `keep_contacts`, their contacts; the outgoing owner gets
    a follow-up to introduce the successor to each active decision-maker and economic buyer; a
    Markdown brief tells the new owner everything. With `output` the brief is written there before
    the change commits: if the file cannot be written, nothing changes."""
    from datetime import timedelta

    from kamctl.domain.account_map import find_coverage_gaps
    from kamctl.errors import InvalidValue
    from kamctl.i18n import _
    from kamctl.io.files import named_file, output_file, output_target
    from kamctl.render.handover import handover_brief
    from kamctl.store.queries.accounts import change_account, find_account
    from kamctl.store.queries.plans import decision_makers, hand_over_team, load_handover, move_work
    from kamctl.store.queries.reminders import add_reminder

    new_owner = to.strip()
    if not new_owner:
        raise InvalidValue(_("--to needs the new owner's name"))
    output = named_file(output)
    output_target(output)  # a folder or a missing folder is refused before anything changes
    now = portfolio.now
    with portfolio.store().transaction() as session:
        found = find_account(account, session=session)  # locked until the handover commits
        previous = found.owner
        if (previous or "").strip().casefold() == new_owner.casefold():
            raise InvalidValue(
                _("{account} is already owned by {owner}: name the new owner with --to PERSON").format(
                    account=found.name, owner=previous
                )
            )
        change_account(found, {"owner": new_owner}, who=portfolio.user, now=portfolio.utcnow, session=session)
        hand_over_team(found, previous, new_owner, session=session)
        moved: dict[str, int] = {}
        introductions: list[dict[str, Any]] = []
        if previous:
            moved = move_work(found, previous, new_owner, keep_contacts=keep_contacts, session=session)
            due = portfolio.today + timedelta(days=INTRODUCTION_DAYS)
            for contact in decision_makers(found, session=session):
                title = _("Introduce {new_owner} to {contact}").format(
                    new_owner=new_owner, contact=contact.name
                )
                reminder = add_reminder(
                    found,
                    title,
                    due,
                    now=portfolio.utcnow,
                    session=session,
                    contact=contact,
                    assignee=previous,
                )
                introductions.append({"id": reminder.id, "contact": contact.name, "title": title, "due": due})
        facts = load_handover(found, session=session, now=now)
        findings = find_coverage_gaps(facts.account_map.contacts, facts.account_map.interactions, now=now)
        brief = handover_brief(
            facts,
            findings,
            previous=previous,
            new_owner=new_owner,
            author=portfolio.user,
            now=now,
            introductions=introductions,
        )
        if output is not None:
            # Written before the transaction commits: one command, one all-or-nothing change.
            with output_file(output, private=True) as stream:
                stream.write(brief)
        return Handover(found.name, previous, new_owner, brief, moved, introductions)
