"""`kamctl accounts risk`: risks to an account, each with an owner, a mitigation and a due date (SPEC §3)."""

from __future__ import annotations

from typing import Annotated

import typer

from kamctl.cli.context import current
from kamctl.cli.options import FormatOption, OutputFormat, RawOption
from kamctl.completion import account_names, one_of
from kamctl.domain.risks import SEVERITIES
from kamctl.i18n import N_

app = typer.Typer(
    help="Risks: what could cost us the account, who mitigates it and by when. "
    "Open high risks are reasons in kamctl report's at-risk list.",
    no_args_is_help=True,
)


def register(accounts: typer.Typer) -> None:
    """Add these commands to the `accounts` group, as `accounts risk`."""
    accounts.add_typer(app, name="risk")


@app.command("add")
def add(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Account name or id.", autocompletion=account_names)
    ],
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What could go wrong.")],
    severity: Annotated[
        str, typer.Option("--severity", **one_of(SEVERITIES, N_("How bad it would be."), name="SEVERITY"))
    ] = "medium",
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            "--assignee",
            metavar="PERSON",
            help="Who on our side mitigates it (default: the account's owner).",
        ),
    ] = None,
    due: Annotated[str | None, typer.Option("--due", metavar="DATE", help="Mitigate by this date.")] = None,
    mitigation: Annotated[
        str | None, typer.Option("--mitigation", metavar="TEXT", help="What we do about it.")
    ] = None,
) -> None:
    """Add an open risk to an account."""
    from kamctl.actions.risks import add_risk
    from kamctl.i18n import _, day, label
    from kamctl.render import messages

    added = add_risk(
        current().portfolio(), name, text, severity=severity, owner=owner, due=due, mitigation=mitigation
    )
    details = [label(added.severity)]
    if added.owner:
        details.append(_("owner {owner}").format(owner=added.owner))
    if added.due is not None:
        details.append(_("due {day}").format(day=day(added.due)))
    messages.info(
        _("Added risk {id}: {account}: {text} ({details})").format(
            id=added.id,
            account=added.account,
            text=added.text,
            details=_(", ").join(details),
        )
    )


@app.command("list")
def list_(
    name: Annotated[
        str | None, typer.Argument(metavar="[NAME]", help="Only this account's risks (name or id).")
    ] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only open risks.")] = False,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
) -> None:
    """List risks: open ones first, the most severe first, then closed ones, latest first."""
    from kamctl.actions.risks import list_risks
    from kamctl.i18n import N_, _
    from kamctl.render.output import View, empty_list, present
    from kamctl.render.risks import RISK_COLUMNS

    rows = list_risks(current().portfolio(), name, open_only=open_only)
    empty = empty_list(
        N_("open risks") if open_only else N_("risks"),
        filtered=False,
        first=_("add one with `kamctl accounts risk add {name} TEXT`").format(name=name or "NAME"),
    )
    present(View(rows=rows, columns=RISK_COLUMNS, empty=empty), fmt, raw=raw)


@app.command("close")
def close(
    risk_id: Annotated[str, typer.Argument(metavar="ID", help="The risk's number (see risk list).")],
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="How it ended.")] = None,
) -> None:
    """Close a risk (today): mitigated, or no longer a risk."""
    from kamctl.actions.risks import close_risk
    from kamctl.i18n import _
    from kamctl.render import messages

    closed = close_risk(current().portfolio(), risk_id, note=note)
    messages.info(
        _("Closed risk {id}: {account}: {text}").format(
            id=closed.id, account=closed.account, text=closed.text
        )
    )
