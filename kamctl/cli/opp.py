"""`kamctl accounts opp`: opportunities to grow an account — upsell, cross-sell, renewal, new (SPEC §3)."""

from __future__ import annotations

from typing import Annotated

import typer

from kamctl.cli.context import current
from kamctl.cli.options import FormatOption, OutputFormat, RawOption

app = typer.Typer(
    help="Opportunities: upsell, cross-sell, renewal or new business, open until won or lost. "
    "Closed upsell and cross-sell opportunities make the win rate of kamctl report.",
    no_args_is_help=True,
)

OpportunityId = Annotated[str, typer.Argument(metavar="ID", help="The opportunity's number (see opp list).")]


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Account name or id.")],
    title: Annotated[str, typer.Argument(metavar="TITLE", help="What the opportunity is.")],
    type_: Annotated[str, typer.Option("--type", metavar="TYPE", help="upsell, cross-sell, renewal or new.")],
    value: Annotated[
        str | None, typer.Option("--value", metavar="AMOUNT", help="Expected value (1,200,000 is fine).")
    ] = None,
    close: Annotated[str | None, typer.Option("--close", metavar="DATE", help="Expected close date.")] = None,
) -> None:
    """Add an open opportunity to an account."""
    from kamctl import clock
    from kamctl.domain.dates import parse_date
    from kamctl.domain.opportunities import check_opportunity_title, check_opportunity_type
    from kamctl.domain.scoring import check_amount
    from kamctl.render import messages
    from kamctl.render.output import display_value
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.opportunities import add_opportunity

    checked_title = check_opportunity_title(title)
    checked_type = check_opportunity_type(type_)
    amount = check_amount("--value", value, minimum=0) if value is not None and value.strip() else None
    expected = parse_date(close, today=clock.today()) if close is not None and close.strip() else None
    with current().store().transaction() as session:
        account = find_account(name, session=session)
        opportunity = add_opportunity(
            account,
            title=checked_title,
            type_=checked_type,
            value=amount,
            expected_close=expected,
            now=clock.utcnow(),
            session=session,
        )
        details = [checked_type]
        if amount is not None:
            details.append(display_value(amount))
        if expected is not None:
            details.append(f"closes {expected.isoformat()}")
        messages.info(
            f"Added opportunity {opportunity.id}: {account.name}: {checked_title} ({', '.join(details)})"
        )


@app.command("list")
def list_(
    name: Annotated[
        str | None, typer.Argument(metavar="[NAME]", help="Only this account's opportunities (name or id).")
    ] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only open opportunities.")] = False,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
) -> None:
    """List opportunities: open ones first by expected close, then closed ones, latest first."""
    from kamctl.render.output import emit
    from kamctl.render.report import OPPORTUNITY_COLUMNS
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.opportunities import list_opportunities

    with current().store().transaction(write=False) as session:
        account_id = find_account(name, session=session).id if name is not None else None
        rows = list_opportunities(session=session, account_id=account_id, open_only=open_only)
    emit(rows, OPPORTUNITY_COLUMNS, fmt.value, raw=raw, empty="No opportunities.")


def _close(ref: str, status: str, reason: str | None = None) -> None:
    from kamctl import clock
    from kamctl.domain.opportunities import parse_opportunity_id
    from kamctl.render import messages
    from kamctl.store.queries.opportunities import account_name_of, close_opportunity, find_opportunity

    number = parse_opportunity_id(ref)
    cleaned = " ".join(reason.split()) if reason else None
    with current().store().transaction() as session:
        opportunity = find_opportunity(number, session=session)
        close_opportunity(opportunity, status, now=clock.utcnow(), reason=cleaned or None, session=session)
        account = account_name_of(opportunity, session=session)
        messages.info(f"Opportunity {opportunity.id} {status}: {account}: {opportunity.title}")


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
