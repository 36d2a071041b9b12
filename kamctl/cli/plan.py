"""`kamctl accounts plan | review | team | handover`: the account plan, reviews, team and handovers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kamctl.cli.context import current
from kamctl.cli.options import FormatOption, FormerYesOption, OutputFormat
from kamctl.completion import account_names, one_of
from kamctl.domain.accounts import TEAM_ROLES
from kamctl.i18n import N_

AccountName = Annotated[
    str, typer.Argument(metavar="NAME", help="Account name or id.", autocompletion=account_names)
]

MASTER_PLAN_TEMPLATE = N_(
    """\
# Master plan

## Value creation

## Trust building

## Communication plan
"""
)
"""What `--edit` opens when an account has no master plan yet (the headings SPEC §1 names)."""


def register(app: typer.Typer) -> None:
    """Add these commands to the `accounts` group."""
    app.command("plan")(plan)
    app.command("review")(review)
    app.command("team")(team)
    app.command("handover")(handover)


def plan(
    name: AccountName,
    goal: Annotated[
        list[str] | None, typer.Option("--goal", metavar="TEXT", help="Add a business goal of the customer.")
    ] = None,
    objective: Annotated[
        str | None,
        typer.Option("--objective", metavar="TEXT", help="Add one of our objectives (with --due)."),
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", metavar="DATE", help="When the objective is due.")
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target", metavar="TEXT", help="The objective's measurable result, agreed with the customer."
        ),
    ] = None,
    customer_owner: Annotated[
        str | None,
        typer.Option(
            "--customer-owner",
            metavar="CONTACT",
            help="The customer's contact who owns the objective with us.",
        ),
    ] = None,
    assignee: Annotated[
        str | None, typer.Option(metavar="PERSON", help="Who works on the objective (default: the owner).")
    ] = None,
    done: Annotated[
        list[str] | None, typer.Option("--done", metavar="OBJECTIVE_ID", help="Mark an objective as done.")
    ] = None,
    remove_goal: Annotated[
        list[str] | None, typer.Option("--remove-goal", metavar="GOAL_ID", help="Remove a goal.")
    ] = None,
    remove_objective: Annotated[
        list[str] | None,
        typer.Option("--remove-objective", metavar="OBJECTIVE_ID", help="Remove an objective."),
    ] = None,
    edit: Annotated[
        bool, typer.Option("--edit", help="Edit the free-text master plan in $EDITOR (Markdown).")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The account plan: customer goals, our dated objectives and the master plan.

    Without options it shows the plan. Due objectives appear in `kamctl remind`. An objective
    with --target and --customer-owner is part of the mutual success plan that
    `kamctl report account NAME --qbr` walks through with the customer.
    """
    from kamctl.errors import InvalidValue
    from kamctl.i18n import _

    changes = bool(
        goal
        or objective is not None
        or due is not None
        or target is not None
        or customer_owner is not None
        or assignee is not None
        or done
        or remove_goal
        or remove_objective
    )
    if edit:
        if changes:
            raise InvalidValue(_("--edit opens the editor: give the other changes in a separate command"))
        _edit_master_plan(name)
    elif changes:
        _change_plan(
            name,
            goal or [],
            objective,
            due,
            done or [],
            remove_goal or [],
            remove_objective or [],
            target=target,
            customer_owner=customer_owner,
            assignee=assignee,
        )
    else:
        _show_plan(name, fmt)


STEP_NOTES = {
    "goal-added": N_("Added goal {id}: {text}"),
    "objective-added": N_("Added objective {id}: {text}"),
    "objective-done": N_("Objective {id} done: {text}"),
    "objective-already-done": N_("Objective {id} was already done"),
    "goal-removed": N_("Removed goal {id}: {text}"),
    "objective-removed": N_("Removed objective {id}: {text}"),
}
"""How `accounts plan` tells each step of a change."""


def _change_plan(
    name: str,
    goals: list[str],
    objective: str | None,
    due: str | None,
    done: list[str],
    remove_goals: list[str],
    remove_objectives: list[str],
    *,
    target: str | None = None,
    customer_owner: str | None = None,
    assignee: str | None = None,
) -> None:
    from kamctl.actions.plans import change_plan
    from kamctl.i18n import _, day
    from kamctl.render import messages
    from kamctl.render.safe import one_line

    portfolio = current().portfolio()
    change = change_plan(
        portfolio,
        name,
        goals=goals,
        objective=objective,
        due=due,
        done=done,
        remove_goals=remove_goals,
        remove_objectives=remove_objectives,
        target=target,
        customer_owner=customer_owner,
        assignee=assignee,
    )
    for step in change.steps:
        note = _(STEP_NOTES[step.what]).format(id=step.id, text=one_line(step.text))
        if step.what == "objective-added" and change.due is not None:
            note = _("{note} (due {day})").format(note=note, day=day(change.due))
        messages.info(f"{change.account}: {note}")
    if change.due is not None and change.due < portfolio.today:
        messages.warn(_("{day} is in the past: the objective is overdue already").format(day=day(change.due)))


def _show_plan(name: str, fmt: str) -> None:
    from functools import partial

    from kamctl.actions.plans import account_plan
    from kamctl.render.accounts import draw_plan, plan_rows
    from kamctl.render.output import View, present

    portfolio = current().portfolio()
    the_plan = account_plan(portfolio, name)
    view = View(
        rows=plan_rows(the_plan),
        fields=["kind", "id", "text", "due", "done", "target", "customer_owner"],
        data=the_plan,
        draw=partial(draw_plan, the_plan, today=portfolio.today),
    )
    present(view, fmt)


def _edit_master_plan(name: str) -> None:
    """Open $EDITOR on the master plan, outside any transaction: nobody waits while the user writes."""
    from kamctl.actions.plans import read_master_plan, save_master_plan
    from kamctl.cli.editor import edit_in_editor
    from kamctl.i18n import _
    from kamctl.render import messages

    portfolio = current().portfolio()
    before = read_master_plan(portfolio, name)
    edited = edit_in_editor(before.text or _(MASTER_PLAN_TEMPLATE))
    if edited is None:
        messages.info(_("{account}: master plan unchanged").format(account=before.account))
        return
    saved = save_master_plan(portfolio, before, edited)
    said = _("{account}: master plan saved") if saved else _("{account}: master plan cleared")
    messages.info(said.format(account=before.account))


def review(
    name: AccountName,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="What the review concluded.")
    ] = None,
) -> None:
    """Record that the periodic account review happened (clears the review reminder)."""
    from kamctl.actions.plans import record_review
    from kamctl.i18n import _, day
    from kamctl.render import messages

    done = record_review(current().portfolio(), name, note=note)
    if done.next_due is not None:
        messages.info(
            _("Recorded the review of {account}; the next one is due {day}").format(
                account=done.account, day=day(done.next_due)
            )
        )
    else:
        messages.info(_("Recorded the review of {account}").format(account=done.account))


def team(
    name: AccountName,
    add: Annotated[
        str | None, typer.Option("--add", metavar="PERSON", help="Add one of our people (with --role).")
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(**one_of(TEAM_ROLES, N_("Their part on the account team."), name="ROLE")),
    ] = None,
    remove: Annotated[
        str | None,
        typer.Option("--remove", metavar="PERSON", help="Remove a person (only --role, if given)."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Who on our side works on the account, and in which role. The owner is changed by `handover`."""
    from kamctl.actions import plans
    from kamctl.errors import InvalidValue
    from kamctl.i18n import _, label
    from kamctl.render import messages

    if add is not None and remove is not None:
        raise InvalidValue(_("give --add or --remove, not both"))
    if add is not None and role is None:
        raise InvalidValue(
            _("--add needs --role: {roles}").format(
                roles=_("{choices} or {last}").format(
                    choices=_(", ").join(label(r) for r in TEAM_ROLES[:-1]),
                    last=label(TEAM_ROLES[-1]),
                )
            )
        )
    if role is not None and add is None and remove is None:
        raise InvalidValue(_("--role goes with --add PERSON or --remove PERSON"))
    portfolio = current().portfolio()
    if add is not None:
        added = plans.add_team_member(portfolio, name, add, role)  # type: ignore[arg-type]
        said = (
            _("Added {person} to {account} as {role}")
            if added.changed
            else _("{person} is already on {account}'s team as {role}")
        )
        messages.info(said.format(person=added.person, account=added.account, role=label(added.role or "")))
    elif remove is not None:
        removed = plans.remove_team_member(portfolio, name, remove, role)
        messages.info(
            _("Removed {person} from {account}'s team ({roles})").format(
                person=removed.person,
                account=removed.account,
                roles=_(", ").join(label(r) for r in removed.roles),
            )
        )
        if removed.stays_owner is not None:
            messages.info(
                _("{person} stays the owner (hand the account over to change that)").format(
                    person=removed.stays_owner
                )
            )
    else:
        from kamctl.render.accounts import TEAM_COLUMNS
        from kamctl.render.output import View, present

        title, members = plans.account_team(portfolio, name)
        empty = _("{account} has no team yet.").format(account=title)
        present(View(rows=members, columns=TEAM_COLUMNS, title=title, empty=empty), fmt)


def handover(
    name: AccountName,
    to: Annotated[str, typer.Option("--to", metavar="PERSON", help="The new owner.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the brief (Markdown) to this file."),
    ] = None,
    keep_contacts: Annotated[
        bool,
        typer.Option("--keep-contacts", help="Leave the outgoing owner's contacts with them (our_contact)."),
    ] = False,
    yes: FormerYesOption = False,
) -> None:
    """Hand the account over: the new owner goes into its history and takes over the open work.

    The outgoing owner's open reminders, objectives and risks move to the new owner, and so do
    the contacts they know (unless --keep-contacts); the outgoing owner gets a follow-up, due in
    14 days, to introduce the new owner to each decision maker. The brief holds the profile,
    the plan, the account map with who on our side knows whom, the last 10 interactions, open
    reminders and opportunities, and the risks. Without -o it is printed.
    """
    import sys

    from kamctl.actions.plans import hand_over
    from kamctl.i18n import _, day
    from kamctl.io.files import named_file
    from kamctl.render import messages
    from kamctl.render.handover import handover_moved

    done = hand_over(current().portfolio(), name, to, output=output, keep_contacts=keep_contacts)
    said = (
        _("Handed {account} over from {previous} to {new_owner}")
        if done.previous
        else _("Handed {account} over from nobody to {new_owner}")
    )
    messages.info(said.format(account=done.account, previous=done.previous, new_owner=done.new_owner))
    if moved := handover_moved(done.moved, done.new_owner):
        messages.info(moved)
    for introduction in done.introductions:
        messages.info(
            _("Added reminder {id} for {person}: {title} (due {day})").format(
                id=introduction["id"],
                person=done.previous,
                title=introduction["title"],
                day=day(introduction["due"]),
            )
        )
    if named_file(output) is None:
        sys.stdout.write(done.brief)
    else:
        messages.info(_("Wrote the handover brief to {file}").format(file=output))
