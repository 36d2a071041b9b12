"""`kamctl accounts`: add, list, show, edit, archive, rm, history, import, export (SPEC §3)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from kamctl.cli.context import current
from kamctl.cli.options import (
    DryRunOption,
    EncodingOption,
    ExcelOption,
    ExportFormat,
    FormatOption,
    OutputFormat,
    RawOption,
    YesOption,
)
from kamctl.completion import account_names, one_of
from kamctl.domain.accounts import CHANNELS, EDITABLE_FIELDS, STATUSES, TIERS, field_name
from kamctl.domain.cells import invalid_rows
from kamctl.i18n import N_, _, ngettext

app = typer.Typer(help="Manage accounts: the customers in your portfolio.", no_args_is_help=True)

Industry = Annotated[str | None, typer.Option(metavar="TEXT", help="Industry, e.g. manufacturing.")]
Owner = Annotated[str | None, typer.Option(metavar="NAME", help="Account manager who owns the account.")]
Tier = Annotated[str | None, typer.Option(**one_of(TIERS, N_("Account tier."), name="TIER"))]
Status = Annotated[str | None, typer.Option(**one_of(STATUSES, N_("Relationship status."), name="STATUS"))]
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
    str | None, typer.Option("--channel", **one_of(CHANNELS, N_("Preferred channel."), name="CHANNEL"))
]
Renewal = Annotated[str | None, typer.Option("--renewal", metavar="DATE", help="Contract renewal date.")]
Tags = Annotated[list[str] | None, typer.Option("--tag", metavar="TAG", help="A tag (repeatable).")]
Note = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="Free-text notes.")]
AccountName = Annotated[
    str, typer.Argument(metavar="NAME", help="Account name or id.", autocompletion=account_names)
]

RENAMED = {
    "cadence": "cadence_days",
    "channel": "preferred_channel",
    "renewal": "renewal_date",
    "note": "notes",
    "tag": "tags",
}
"""Options named otherwise than the fields they set."""

FIELD_OPTIONS = tuple(
    next((option for option, field in RENAMED.items() if field == name), name) for name in EDITABLE_FIELDS
)
"""The options of `add` and `edit` that set an account's fields, in the order they are checked."""


def _fields(options: Mapping[str, Any], *, but: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields a command's options give (`options`: its parameters), under their field names."""
    from kamctl.domain.fields import given

    return given({key: options[key] for key in FIELD_OPTIONS if key not in but}, renamed=RENAMED)


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The account's name (unique, any language).")],
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
    from kamctl.actions.accounts import add_account
    from kamctl.render import messages

    fields = _fields(locals())
    account = add_account(current().portfolio(), fields)
    messages.info(_("Added account {id}: {name}").format(id=account["id"], name=account["name"]))


@app.command("list")
def list_(
    tier: Tier = None,
    status: Status = None,
    owner: Owner = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only accounts you own.")] = False,
    tag: Annotated[str | None, typer.Option(metavar="TAG", help="Only accounts with this tag.")] = None,
    archived: Annotated[bool, typer.Option("--archived", help="List archived accounts instead.")] = False,
    sort: Annotated[
        str,
        typer.Option(
            metavar="FIELD", help="Sort by this field (e.g. name, tier, renewal_date, last_contact, score)."
        ),
    ] = "name",
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    excel: ExcelOption = False,
) -> None:
    """List accounts."""
    from kamctl.actions.accounts import list_accounts
    from kamctl.render.accounts import ACCOUNT_COLUMNS, accounts_json
    from kamctl.render.output import View, empty_list, present

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
    first = _("add one with `kamctl accounts add NAME`, or try `kamctl --demo accounts list` on sample data")
    empty = empty_list(
        N_("archived accounts") if archived else N_("accounts"),
        filtered=any((tier, status, owner, mine, tag)),
        first=_("`kamctl accounts archive NAME` archives one") if archived else first,
    )
    view = View(rows=records, columns=ACCOUNT_COLUMNS, data=accounts_json(records), empty=empty)
    present(view, fmt, raw=raw, excel=excel)


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
    untag: Annotated[
        list[str] | None, typer.Option("--untag", metavar="TAG", help="Remove a tag (repeatable).")
    ] = None,
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
    from kamctl.actions.accounts import change_account
    from kamctl.errors import InvalidValue
    from kamctl.render import messages

    fields = _fields({**locals(), "name": rename}, but=("tag",))
    if not fields and not tag and not untag:
        raise InvalidValue(_("nothing to change: give at least one option (see kamctl accounts edit --help)"))
    change = change_account(current().portfolio(), name, fields, tag=tag or (), untag=untag or ())
    if change.fields:
        fields = _(", ").join(field_name(field) for field in change.fields)
        messages.info(_("Changed {account}: {fields}").format(account=change.account, fields=fields))
    else:
        messages.info(_("{account}: nothing changed").format(account=change.account))


def _set_archived(name: str, archived: bool) -> None:
    from kamctl.actions.accounts import set_archived
    from kamctl.render import messages

    change = set_archived(current().portfolio(), name, archived)
    if archived:
        done = _("Archived {account}") if change.fields else _("{account} was already archived")
    else:
        done = _("Unarchived {account}") if change.fields else _("{account} was already unarchived")
    messages.info(done.format(account=change.account))


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
    from kamctl.actions.accounts import remove_account
    from kamctl.cli.confirm import confirm_or_refuse
    from kamctl.render import messages

    def confirm(account: str) -> None:
        confirm_or_refuse(
            _("Remove account {account} and everything attached to it?").format(account=repr(account)),
            yes=yes,
        )

    removed = remove_account(current().portfolio(), name, confirm=confirm)
    messages.info(_("Removed account {account}").format(account=removed))


@app.command("history")
def history(
    name: AccountName,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    excel: ExcelOption = False,
) -> None:
    """Every change ever made to the account, oldest first."""
    from kamctl.actions.accounts import account_history
    from kamctl.render.accounts import HISTORY_COLUMNS
    from kamctl.render.output import View, present

    title, rows = account_history(current().portfolio(), name)
    present(View(rows=rows, columns=HISTORY_COLUMNS, title=title), fmt, raw=raw, excel=excel)


@app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="CSV or JSON file; CRM export headers are recognised.")
    ],
    dry_run: DryRunOption = False,
    update: Annotated[
        bool, typer.Option("--update", help="Change accounts that already exist instead of refusing.")
    ] = False,
    encoding: EncodingOption = None,
) -> None:
    """Import accounts from CSV or JSON: all rows or none."""
    from kamctl.actions.accounts import import_accounts
    from kamctl.cli.imports import tell_dry_run, without_cycle_collection
    from kamctl.errors import InvalidValue
    from kamctl.render import messages
    from kamctl.render.progress import progress_if_watched

    with without_cycle_collection():
        done = import_accounts(
            current().portfolio(),
            file,
            update=update,
            dry_run=dry_run,
            watch=progress_if_watched,
            encoding=encoding,
        )
    plan = done.plan
    if plan.problems:
        for problem in plan.problems:
            messages.info(problem)
        raise InvalidValue(invalid_rows(len(plan.problems), plan.rows))
    if done.changed is None:
        tell_dry_run(done.encoding, done.ignored)
        messages.info(
            ngettext(
                "Would import {count} row: {new} new, {updated} updated (dry run)",
                "Would import {count} rows: {new} new, {updated} updated (dry run)",
                plan.count,
            ).format(count=plan.count, new=len(plan.new), updated=len(plan.changes))
        )
        return
    messages.info(
        ngettext(
            "Imported {count} row: {new} new, {changed} changed",
            "Imported {count} rows: {new} new, {changed} changed",
            plan.count,
        ).format(count=plan.count, new=len(plan.new), changed=done.changed)
    )


@app.command("export")
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv or json.")] = ExportFormat.csv,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout."),
    ] = None,
    raw: RawOption = False,
    excel: ExcelOption = False,
) -> None:
    """Export every account (archived too) in the shape `accounts import` reads."""
    from kamctl.actions.accounts import export_accounts
    from kamctl.render.output import View, present

    records = export_accounts(current().portfolio())
    view = View(
        rows=records,
        fields=None if records else ["id", "name"],
        what=ngettext("{count} account", "{count} accounts", len(records)).format(count=len(records)),
        verb=N_("Exported"),
    )
    present(view, fmt, output=output, raw=raw, excel=excel)
