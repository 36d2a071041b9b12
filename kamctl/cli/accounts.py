"""`kamctl accounts`: add, list, show, edit, archive, rm, history, import, export (SPEC §3)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from kamctl.cli import orders
from kamctl.cli.context import current
from kamctl.cli.options import DryRunOption, ExportFormat, FormatOption, OutputFormat, RawOption, YesOption

app = typer.Typer(help="Manage accounts: the customers in your portfolio.", no_args_is_help=True)

Industry = Annotated[str | None, typer.Option(help="Industry, e.g. manufacturing.")]
Owner = Annotated[str | None, typer.Option(help="Account manager who owns the account.")]
Tier = Annotated[str | None, typer.Option(help="key, candidate or standard.")]
Status = Annotated[str | None, typer.Option(help="prospect, active, at-risk or lost.")]
Stage = Annotated[
    str | None, typer.Option(metavar="1-5", help="Relationship stage: 1 exploratory … 5 integrated.")
]
Share = Annotated[
    str | None, typer.Option("--share-of-wallet", metavar="0-100", help="Our share of their spend, %.")
]
Revenue = Annotated[
    str | None, typer.Option(metavar="AMOUNT", help="Manual revenue (else: orders of the last 365 days).")
]
Profit = Annotated[str | None, typer.Option(metavar="AMOUNT", help="Manual profit (else: from orders).")]
OrderSize = Annotated[
    str | None, typer.Option("--order-size", metavar="AMOUNT", help="Manual mean order size.")
]
OrderFrequency = Annotated[
    str | None, typer.Option("--order-frequency", metavar="N", help="Manual orders per year.")
]
Growth = Annotated[str | None, typer.Option(metavar="1-5", help="Growth potential rating.")]
StrategicFit = Annotated[
    str | None, typer.Option("--strategic-fit", metavar="1-5", help="Strategic-partnership potential.")
]
Influence = Annotated[str | None, typer.Option(metavar="1-5", help="Brand and market influence rating.")]
Cadence = Annotated[str | None, typer.Option("--cadence", metavar="DAYS", help="Contact rhythm in days.")]
Channel = Annotated[
    str | None, typer.Option("--channel", help="Preferred channel: meeting, visit, call, email, …")
]
Renewal = Annotated[str | None, typer.Option("--renewal", metavar="DATE", help="Contract renewal date.")]
Tags = Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).")]
Note = Annotated[str | None, typer.Option("--note", help="Free-text notes.")]
AccountName = Annotated[str, typer.Argument(metavar="NAME", help="Account name or id.")]


def _given(**options: Any) -> dict[str, Any]:
    """The options the user actually gave, under their field names."""
    renamed = {
        "cadence": "cadence_days",
        "channel": "preferred_channel",
        "renewal": "renewal_date",
        "note": "notes",
        "tag": "tags",
    }
    return {renamed.get(key, key): value for key, value in options.items() if value is not None}


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The account's name (unique, any language).")],
    industry: Industry = None,
    owner: Owner = None,
    tier: Tier = None,
    status: Status = None,
    stage: Stage = None,
    share_of_wallet: Share = None,
    revenue: Revenue = None,
    profit: Profit = None,
    order_size: OrderSize = None,
    order_frequency: OrderFrequency = None,
    growth: Growth = None,
    strategic_fit: StrategicFit = None,
    influence: Influence = None,
    cadence: Cadence = None,
    channel: Channel = None,
    renewal: Renewal = None,
    tag: Tags = None,
    note: Note = None,
) -> None:
    """Add an account."""
    from kamctl import clock
    from kamctl.domain.accounts import check_fields
    from kamctl.render import messages
    from kamctl.store.queries.accounts import add_account

    invocation = current()
    raw = _given(
        name=name,
        industry=industry,
        owner=owner,
        tier=tier,
        status=status,
        stage=stage,
        share_of_wallet=share_of_wallet,
        revenue=revenue,
        profit=profit,
        order_size=order_size,
        order_frequency=order_frequency,
        growth=growth,
        strategic_fit=strategic_fit,
        influence=influence,
        cadence=cadence,
        channel=channel,
        renewal=renewal,
        tag=tag,
        note=note,
    )
    raw.setdefault("owner", invocation.user)
    raw.setdefault("tier", "standard")
    raw.setdefault("status", "active")
    values = check_fields(raw, today=clock.today())
    with invocation.store().transaction() as session:
        account = add_account(values, who=invocation.user, now=clock.utcnow(), session=session)
        messages.info(f"Added account {account.id}: {account.name}")


@app.command("list")
def list_(
    tier: Tier = None,
    status: Status = None,
    owner: Owner = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only accounts you own.")] = False,
    tag: Annotated[str | None, typer.Option(help="Only accounts with this tag.")] = None,
    archived: Annotated[bool, typer.Option("--archived", help="List archived accounts instead.")] = False,
    sort: Annotated[
        str, typer.Option(help="Sort by this field (e.g. name, tier, renewal_date, last_contact, score).")
    ] = "name",
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
) -> None:
    """List accounts."""
    from kamctl.actions.accounts import list_accounts
    from kamctl.render.accounts import ACCOUNT_COLUMNS, accounts_json
    from kamctl.render.output import View, present

    records = list_accounts(
        current().portfolio(),
        tier=tier,
        status=status,
        owner=owner,
        mine=mine,
        tag=tag,
        archived=archived,
        sort=sort,
    )
    view = View(
        rows=records, columns=ACCOUNT_COLUMNS, data=accounts_json(records), empty="No accounts match."
    )
    present(view, fmt, raw=raw)


@app.command("show")
def show(name: AccountName, fmt: FormatOption = OutputFormat.table) -> None:
    """Show one account's dossier."""
    from functools import partial

    from kamctl.actions.accounts import account_dossier
    from kamctl.render.accounts import dossier_json, draw_dossier
    from kamctl.render.output import View, present

    dossier = account_dossier(current().portfolio(), name)
    record = dossier["account"]
    view = View(
        rows=[record], fields=list(record), data=dossier_json(dossier), draw=partial(draw_dossier, dossier)
    )
    present(view, fmt)


@app.command("edit")
def edit(
    name: AccountName,
    rename: Annotated[
        str | None, typer.Option("--rename", metavar="NEW", help="Give the account a new name.")
    ] = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag (repeatable).")] = None,
    industry: Industry = None,
    owner: Owner = None,
    tier: Tier = None,
    status: Status = None,
    stage: Stage = None,
    share_of_wallet: Share = None,
    revenue: Revenue = None,
    profit: Profit = None,
    order_size: OrderSize = None,
    order_frequency: OrderFrequency = None,
    growth: Growth = None,
    strategic_fit: StrategicFit = None,
    influence: Influence = None,
    cadence: Cadence = None,
    channel: Channel = None,
    renewal: Renewal = None,
    tag: Tags = None,
    note: Note = None,
) -> None:
    """Change an account's fields; every change goes into its history.

    An empty value clears an optional field: --renewal "" removes the renewal date.
    """
    from kamctl import clock
    from kamctl.domain.accounts import check_fields
    from kamctl.errors import InvalidValue
    from kamctl.render import messages
    from kamctl.store.queries.accounts import change_account, find_account

    invocation = current()
    raw = _given(
        name=rename,
        industry=industry,
        owner=owner,
        tier=tier,
        status=status,
        stage=stage,
        share_of_wallet=share_of_wallet,
        revenue=revenue,
        profit=profit,
        order_size=order_size,
        order_frequency=order_frequency,
        growth=growth,
        strategic_fit=strategic_fit,
        influence=influence,
        cadence=cadence,
        channel=channel,
        renewal=renewal,
        note=note,
    )
    if not raw and not tag and not untag:
        raise InvalidValue("nothing to change: give at least one option (see kamctl accounts edit --help)")
    changes = check_fields(raw, today=clock.today())
    with invocation.store().transaction() as session:
        account = find_account(name, session=session)
        if tag or untag:
            from kamctl.domain.accounts import normalise_tags

            removed = {t.casefold() for t in untag or []}
            kept = [t for t in account.tags if t.casefold() not in removed]
            changes["tags"] = normalise_tags(kept + list(tag or []))
        recorded = change_account(account, changes, who=invocation.user, now=clock.utcnow(), session=session)
        if recorded:
            fields = ", ".join(field for field, _, _ in recorded)
            messages.info(f"Changed {account.name}: {fields}")
        else:
            messages.info(f"{account.name}: nothing changed")


def _set_archived(name: str, archived: bool) -> None:
    from kamctl import clock
    from kamctl.render import messages
    from kamctl.store.queries.accounts import change_account, find_account

    invocation = current()
    with invocation.store().transaction() as session:
        account = find_account(name, session=session)
        recorded = change_account(
            account, {"archived": archived}, who=invocation.user, now=clock.utcnow(), session=session
        )
        verb = "Archived" if archived else "Unarchived"
        messages.info(f"{verb} {account.name}" if recorded else f"{account.name} was already {verb.lower()}")


@app.command("archive")
def archive(name: AccountName) -> None:
    """Archive an account: kept with its history, left out of lists, scores and reminders."""
    _set_archived(name, True)


@app.command("unarchive")
def unarchive(name: AccountName) -> None:
    """Bring an archived account back."""
    _set_archived(name, False)


@app.command("rm")
def rm(name: AccountName, yes: YesOption = False) -> None:
    """Remove an account and everything attached to it (contacts, log, orders, reminders …)."""
    from kamctl.cli.confirm import confirm_or_refuse
    from kamctl.render import messages
    from kamctl.store.queries.accounts import find_account, remove_account

    invocation = current()
    with invocation.store().transaction() as session:
        account = find_account(name, session=session)
        confirm_or_refuse(f"Remove account {account.name!r} and everything attached to it?", yes=yes)
        label = account.name
        remove_account(account, session=session)
    messages.info(f"Removed account {label}")


@app.command("history")
def history(name: AccountName, fmt: FormatOption = OutputFormat.table, raw: RawOption = False) -> None:
    """Every change ever made to the account, oldest first."""
    from kamctl.render.accounts import HISTORY_COLUMNS
    from kamctl.render.output import emit
    from kamctl.store.queries.accounts import account_history, find_account

    invocation = current()
    with invocation.store().transaction(write=False) as session:
        account = find_account(name, session=session)
        rows = [
            {
                "when": entry.changed_at,
                "who": entry.who,
                "field": entry.field,
                "old": entry.old,
                "new": entry.new,
            }
            for entry in account_history(account, session=session)
        ]
        title = account.name
    emit(rows, HISTORY_COLUMNS, fmt.value, raw=raw, title=title)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="CSV or JSON file; CRM export headers are recognised.")],
    dry_run: DryRunOption = False,
    update: Annotated[
        bool, typer.Option("--update", help="Change accounts that already exist instead of refusing.")
    ] = False,
) -> None:
    """Import accounts from CSV or JSON: all rows or none."""
    from kamctl import clock
    from kamctl.cli.imports import without_cycle_collection
    from kamctl.domain.accounts import plan_import
    from kamctl.errors import InvalidValue
    from kamctl.io.rows import RowFile
    from kamctl.render import messages
    from kamctl.render.progress import progress_if_watched
    from kamctl.store.queries.accounts import existing_names, import_accounts

    invocation = current()
    store = invocation.store()
    # Every row is read and checked before the write lock is taken, so other commands wait for
    # the writing only (a second or two for 100,000 rows), not for the checking.
    with store.connection(write=False) as connection:
        existing = existing_names(connection=connection)
    with RowFile(file) as source, without_cycle_collection():
        rows = progress_if_watched(source, "Checking accounts")
        plan = plan_import(rows, existing=existing, update=update, today=clock.today())
    if plan.problems:
        for problem in plan.problems:
            messages.info(problem)
        raise InvalidValue(f"{len(plan.problems)} of {plan.rows} rows are invalid; nothing was imported")
    if dry_run:
        messages.info(
            f"Would import {plan.count} rows: {len(plan.new)} new, {len(plan.changes)} updated (dry run)"
        )
        return
    with store.connection(write=True) as connection, without_cycle_collection():
        changed = import_accounts(plan, who=invocation.user, now=clock.utcnow(), connection=connection)
    messages.info(f"Imported {plan.count} rows: {len(plan.new)} new, {changed} changed")


@app.command("export")
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv or json.")] = ExportFormat.csv,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    raw: RawOption = False,
) -> None:
    """Export every account (archived too) in the shape `accounts import` reads."""
    from kamctl.domain.accounts import account_record
    from kamctl.io.files import named_file, output_file
    from kamctl.render.output import to_json, write_csv
    from kamctl.store.queries.accounts import list_accounts

    invocation = current()
    with invocation.store().transaction(write=False) as session:
        found = list_accounts(session=session) + list_accounts(session=session, archived=True)
        records = sorted(
            (account_record(account, last_contact=last) for account, last in found),
            key=lambda record: record["id"],
        )
    with output_file(output, private=True) as stream:
        if fmt is ExportFormat.json:
            stream.write(to_json(records) + "\n")
        else:
            fields = list(records[0]) if records else ["id", "name"]
            write_csv(records, fields, raw=raw, stream=stream)
    if named_file(output) is not None:
        from kamctl.render import messages

        messages.info(f"Exported {len(records)} accounts to {output}")


app.add_typer(orders.app, name="orders")

# plan, review, team and handover live in their own module (issue 4: the account map and plan).
from kamctl.cli import plan as _plan  # noqa: E402

_plan.register(app)

# Opportunities have their own module (issue 6: report and opportunities).
from kamctl.cli import opp as _opp  # noqa: E402

app.add_typer(_opp.app, name="opp")
