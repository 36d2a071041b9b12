"""`kamctl accounts opp`: opportunities to grow an account — upsell, cross-sell, renewal, new (SPEC §3)."""

from __future__ import annotations

from typing import Annotated

import typer

from kamctl.cli.context import current
from kamctl.cli.options import ExcelOption, FormatOption, OutputFormat, RawOption
from kamctl.completion import account_names, one_of
from kamctl.domain.opportunities import OPPORTUNITY_TYPES
from kamctl.i18n import N_

app = typer.Typer(
    help="Opportunities: upsell, cross-sell, renewal or new business, open until won or lost. "
    "Closed upsell and cross-sell opportunities make the win rate of kamctl report.",
    no_args_is_help=True,
)

OpportunityId = Annotated[str, typer.Argument(metavar="ID", help="The opportunity's number (see opp list).")]


def register(accounts: typer.Typer) -> None:
    """Add these commands to the `accounts` group, as `accounts opp`."""
    accounts.add_typer(app, name="opp")


@app.command("add")
def add(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Account name or id.", autocompletion=account_names)
    ],
    title: Annotated[str, typer.Argument(metavar="TITLE", help="What the opportunity is.")],
    type_: Annotated[
        str, typer.Option("--type", **one_of(OPPORTUNITY_TYPES, N_("What kind of opportunity."), name="TYPE"))
    ],
    value: Annotated[
        str | None, typer.Option("--value", metavar="AMOUNT", help="Expected value (1,200,000 is fine).")
    ] = None,
    close: Annotated[str | None, typer.Option("--close", metavar="DATE", help="Expected close date.")] = None,
    product: Annotated[
        str | None,
        typer.Option(
            "--product", metavar="NAME", help="What it would sell (the columns of accounts whitespace)."
        ),
    ] = None,
    probability: Annotated[
        str | None,
        typer.Option(
            "--probability",
            metavar="0-100",
            help="Chance of winning, % (default by type: renewal 80, upsell 40, cross-sell 30, new 20).",
        ),
    ] = None,
) -> None:
    """Add an open opportunity to an account."""
    from kamctl.actions.opportunities import add_opportunity
    from kamctl.i18n import _, day, label
    from kamctl.render import messages
    from kamctl.render.output import display_value

    added = add_opportunity(
        current().portfolio(),
        name,
        title,
        type_=type_,
        value=value,
        close=close,
        product=product,
        probability=probability,
    )
    details = [label(added.type)]
    if added.product:
        details.append(added.product)
    if added.value is not None:
        details.append(display_value(added.value))
    if added.expected_close is not None:
        details.append(_("closes {day}").format(day=day(added.expected_close)))
    details.append(_("{probability}% likely").format(probability=added.probability))
    messages.info(
        _("Added opportunity {id}: {account}: {title} ({details})").format(
            id=added.id,
            account=added.account,
            title=added.title,
            details=_(", ").join(details),
        )
    )


@app.command("list")
def list_(
    name: Annotated[
        str | None, typer.Argument(metavar="[NAME]", help="Only this account's opportunities (name or id).")
    ] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only open opportunities.")] = False,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    excel: ExcelOption = False,
) -> None:
    """List opportunities: open ones first by expected close, then closed ones, latest first."""
    from kamctl.actions.opportunities import list_opportunities
    from kamctl.i18n import N_, _
    from kamctl.render.output import View, empty_list, present
    from kamctl.render.report import OPPORTUNITY_COLUMNS

    rows = list_opportunities(current().portfolio(), name, open_only=open_only)
    empty = empty_list(
        N_("open opportunities") if open_only else N_("opportunities"),
        filtered=False,
        first=_("add one with `kamctl accounts opp add {name} TITLE`").format(name=name or "NAME"),
    )
    present(View(rows=rows, columns=OPPORTUNITY_COLUMNS, empty=empty), fmt, raw=raw, excel=excel)


def _close(ref: str, status: str, reason: str | None = None) -> None:
    from kamctl.actions.opportunities import close_opportunity
    from kamctl.i18n import _
    from kamctl.render import messages

    closed = close_opportunity(current().portfolio(), ref, status, reason=reason)
    said = (
        _("Opportunity {id} won: {account}: {title}")
        if status == "won"
        else _("Opportunity {id} lost: {account}: {title}")
    )
    messages.info(said.format(id=closed.id, account=closed.account, title=closed.title))


@app.command("won")
def won(opportunity_id: OpportunityId) -> None:
    """Close an opportunity as won (today)."""
    _close(opportunity_id, "won")


@app.command("lost")
def lost(
    opportunity_id: OpportunityId,
    reason: Annotated[str | None, typer.Option("--reason", metavar="TEXT", help="Why it was lost.")] = None,
) -> None:
    """Close an opportunity as lost (today), with the reason if known."""
    _close(opportunity_id, "lost", reason)
