"""`kamctl accounts plan | review | team | handover`: the account plan, reviews, team and handovers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kamctl.cli.context import current
from kamctl.cli.options import FormatOption, FormerYesOption, OutputFormat

AccountName = Annotated[str, typer.Argument(metavar="NAME", help="Account name or id.")]

MASTER_PLAN_TEMPLATE = """\
# Master plan

## Value creation

## Trust building

## Communication plan
"""
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

    Without options it shows the plan. Due objectives appear in `kamctl remind`.
    """
    from kamctl import clock
    from kamctl.errors import InvalidValue
    from kamctl.render import messages
    from kamctl.render.safe import one_line
    from kamctl.store.queries import plans
    from kamctl.store.queries.accounts import find_account

    if due is not None and objective is None:
        raise InvalidValue(
            "--due belongs to --objective: kamctl accounts plan NAME --objective TEXT --due DATE"
        )
    if objective is not None and due is None:
        raise InvalidValue("an objective needs a due date: add --due DATE (e.g. --due 2027-03-31)")
    goals = [_text("goal", text) for text in goal or []]
    objective_text = _text("objective", objective) if objective is not None else None
    changes = bool(goals or objective is not None or done or remove_goal or remove_objective)
    if edit:
        if changes:
            raise InvalidValue("--edit opens the editor: give the other changes in a separate command")
        _edit_master_plan(name)
        return
    if not changes:
        _show_plan(name, fmt)
        return

    invocation = current()
    today = clock.today()
    now = clock.utcnow()
    due_day = None
    if due is not None:
        from kamctl.domain.dates import parse_date

        due_day = parse_date(due, today=today)
    notes: list[str] = []
    with invocation.store().transaction() as session:
        account = find_account(name, session=session)
        for text in goals:
            added = plans.add_goal(account, text, now=now, session=session)
            notes.append(f"Added goal {added.id}: {one_line(text)}")
        if objective_text is not None and due_day is not None:
            added = plans.add_objective(account, objective_text, due_day, now=now, session=session)
            notes.append(
                f"Added objective {added.id}: {one_line(objective_text)} (due {due_day.isoformat()})"
            )
        for ref in done or []:
            found = plans.find_objective(account, ref, session=session)
            if found.done_at is None:
                found.done_at = now
                session.add(found)
                notes.append(f"Objective {found.id} done: {one_line(found.text)}")
            else:
                notes.append(f"Objective {found.id} was already done")
        for ref in remove_goal or []:
            found_goal = plans.find_goal(account, ref, session=session)
            session.delete(found_goal)
            notes.append(f"Removed goal {found_goal.id}: {one_line(found_goal.text)}")
        for ref in remove_objective or []:
            found = plans.find_objective(account, ref, session=session)
            session.delete(found)
            notes.append(f"Removed objective {found.id}: {one_line(found.text)}")
        session.flush()
        label = account.name
    for note in notes:
        messages.info(f"{label}: {note}")
    if due_day is not None and due_day < today:
        messages.warn(f"{due_day.isoformat()} is in the past: the objective is overdue already")


def _text(label: str, text: str) -> str:
    from kamctl.errors import InvalidValue

    if not text.strip():
        raise InvalidValue(f"the {label} text must not be empty")
    return text.strip()


def _show_plan(name: str, fmt: OutputFormat) -> None:
    from kamctl.render.output import write_csv, write_json
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.plans import load_plan

    with current().store().transaction(write=False) as session:
        the_plan = load_plan(find_account(name, session=session), session=session)
    if fmt is OutputFormat.json:
        write_json(the_plan)
    elif fmt is OutputFormat.csv:
        # One row per goal and objective: the part of a plan that fits a spreadsheet.
        rows = [
            {"kind": "goal", "id": g["id"], "text": g["text"], "due": None, "done": None}
            for g in the_plan["goals"]
        ]
        rows += [
            {"kind": "objective", "id": o["id"], "text": o["text"], "due": o["due"], "done": o["done"]}
            for o in the_plan["objectives"]
        ]
        write_csv(rows, ["kind", "id", "text", "due", "done"])
    else:
        from kamctl import clock
        from kamctl.render import console
        from kamctl.render.accounts import draw_plan

        draw_plan(the_plan, console.out(), today=clock.today())


def _edit_master_plan(name: str) -> None:
    """Open $EDITOR on the master plan, outside any transaction: nobody waits while the user writes."""
    import os
    import tempfile

    from kamctl import clock
    from kamctl.cli.editor import edit_in_editor
    from kamctl.errors import Conflict
    from kamctl.render import messages
    from kamctl.store.queries.accounts import find_account

    invocation = current()
    with invocation.store().transaction(write=False) as session:
        account = find_account(name, session=session)
        account_id, label, before = account.id, account.name, account.master_plan
    start = before if before else MASTER_PLAN_TEMPLATE
    edited = edit_in_editor(start)
    if edited is None:
        messages.info(f"{label}: master plan unchanged")
        return
    text = edited.strip("\n") + "\n" if edited.strip() else None
    with invocation.store().transaction() as session:
        account = find_account(str(account_id), session=session)
        if account.master_plan != before:
            # Someone saved the plan while this editor was open: keep both, overwrite neither.
            fd, kept = tempfile.mkstemp(prefix="kamctl-master-plan-", suffix=".md")
            with os.fdopen(fd, "w", encoding="utf-8") as saved:
                saved.write(edited)
            raise Conflict(f"the master plan of {label} changed while you edited it; your text is in {kept}")
        account.master_plan = text
        account.updated_at = clock.utcnow()
        session.add(account)
    messages.info(f"{label}: master plan saved" if text else f"{label}: master plan cleared")


def review(
    name: AccountName,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="What the review concluded.")
    ] = None,
) -> None:
    """Record that the periodic account review happened (clears the review reminder)."""
    from dateutil.relativedelta import relativedelta

    from kamctl import clock
    from kamctl.render import messages
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.plans import record_review
    from kamctl.store.queries.settings import load_settings

    invocation = current()
    with invocation.store().transaction() as session:
        account = find_account(name, session=session)
        record_review(
            account,
            who=invocation.user,
            note=(note or "").strip() or None,
            now=clock.utcnow(),
            session=session,
        )
        months = load_settings(session=session)["review.interval_months"]
        label, tier = account.name, account.tier
    if tier == "key":
        next_due = clock.today() + relativedelta(months=months)
        messages.info(f"Recorded the review of {label}; the next one is due {next_due.isoformat()}")
    else:
        messages.info(f"Recorded the review of {label}")


def team(
    name: AccountName,
    add: Annotated[
        str | None, typer.Option("--add", metavar="PERSON", help="Add one of our people (with --role).")
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(help="owner, sales, marketing, support, executive-sponsor or other."),
    ] = None,
    remove: Annotated[
        str | None,
        typer.Option("--remove", metavar="PERSON", help="Remove a person (only --role, if given)."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Who on our side works on the account, and in which role. The owner is changed by `handover`."""
    from kamctl.domain.account_map import check_team_role
    from kamctl.errors import InvalidValue
    from kamctl.render import messages
    from kamctl.render.output import emit
    from kamctl.store.queries import plans
    from kamctl.store.queries.accounts import find_account

    if add is not None and remove is not None:
        raise InvalidValue("give --add or --remove, not both")
    if add is not None and role is None:
        raise InvalidValue("--add needs --role: owner, sales, marketing, support, executive-sponsor or other")
    if role is not None and add is None and remove is None:
        raise InvalidValue("--role goes with --add PERSON or --remove PERSON")
    checked_role = check_team_role(role) if role is not None else None
    person = (add if add is not None else remove or "").strip()
    if (add is not None or remove is not None) and not person:
        raise InvalidValue("the person's name must not be empty")
    invocation = current()
    with invocation.store().transaction(write=add is not None or remove is not None) as session:
        account = find_account(name, session=session)
        if add is not None:
            added = plans.add_team_member(account, person, checked_role, session=session)  # type: ignore[arg-type]
            messages.info(
                f"Added {person} to {account.name} as {checked_role}"
                if added
                else f"{person} is already on {account.name}'s team as {checked_role}"
            )
            return
        if remove is not None:
            removed = plans.remove_team_member(account, person, checked_role, session=session)
            messages.info(f"Removed {person} from {account.name}'s team ({', '.join(removed)})")
            if (account.owner or "").casefold() == person.casefold():
                messages.info(f"{account.owner} stays the owner (hand the account over to change that)")
            return
        members = plans.team_members(account, session=session)
        title = account.name
    from kamctl.render.accounts import TEAM_COLUMNS

    emit(members, TEAM_COLUMNS, fmt.value, title=title, empty=f"{title} has no team yet.")


def handover(
    name: AccountName,
    to: Annotated[str, typer.Option("--to", metavar="PERSON", help="The new owner.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="BRIEF.md", help="Write the brief to this file.")
    ] = None,
    yes: FormerYesOption = False,
) -> None:
    """Hand the account over: the new owner goes into its history, and a Markdown brief tells them everything.

    The brief holds the profile, the plan, the account map with who on our side knows whom, the
    last 10 interactions, open reminders and opportunities, and the risks. Without -o it is
    printed.
    """
    import sys

    from kamctl import clock
    from kamctl.domain.account_map import find_coverage_gaps
    from kamctl.errors import InvalidValue
    from kamctl.io.files import named_file, output_file, output_target
    from kamctl.render import messages
    from kamctl.render.handover import handover_brief
    from kamctl.store.queries.accounts import change_account, find_account
    from kamctl.store.queries.plans import hand_over_team, load_handover

    new_owner = to.strip()
    if not new_owner:
        raise InvalidValue("--to needs the new owner's name")
    output = named_file(output)
    output_target(output)  # a folder or a missing folder is refused before anything changes
    invocation = current()
    now = clock.now()
    with invocation.store().transaction() as session:
        account = find_account(name, session=session)
        previous = account.owner
        changed = (previous or "").casefold() != new_owner.casefold()
        if changed:
            change_account(
                account, {"owner": new_owner}, who=invocation.user, now=clock.utcnow(), session=session
            )
            hand_over_team(account, new_owner, session=session)
        facts = load_handover(account, session=session, now=now)
        findings = find_coverage_gaps(facts.account_map.contacts, facts.account_map.interactions, now=now)
        brief = handover_brief(
            facts, findings, previous=previous, new_owner=new_owner, author=invocation.user, now=now
        )
        if output is not None:
            # Written before the transaction commits: if the file cannot be written, the owner
            # change is rolled back too (one command, one all-or-nothing change).
            with output_file(output, private=True) as stream:
                stream.write(brief)
        label = account.name
    if changed:
        messages.info(f"Handed {label} over from {previous or 'nobody'} to {new_owner}")
    else:
        messages.info(f"{new_owner} already owns {label}: owner unchanged")
    if output is None:
        sys.stdout.write(brief)
    else:
        messages.info(f"Wrote the handover brief to {output}")
