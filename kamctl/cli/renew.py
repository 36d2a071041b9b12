"""`kamctl accounts renew`: record that an account's contract was renewed (SPEC §3 renewals)."""

from __future__ import annotations

from typing import Annotated

import typer

from kamctl.cli.context import current
from kamctl.completion import account_names


def register(accounts: typer.Typer) -> None:
    """Add `renew` to the `accounts` group."""
    accounts.command("renew")(renew)


def renew(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Account name or id.", autocompletion=account_names)
    ],
    until: Annotated[str, typer.Option("--until", metavar="DATE", help="The new renewal date.")],
    value: Annotated[
        str | None, typer.Option("--value", metavar="AMOUNT", help="The renewed contract's value.")
    ] = None,
) -> None:
    """Record a renewed contract: moves the renewal date and wins the open renewal opportunity."""
    from kamctl.actions.renewals import renew_account
    from kamctl.render import messages
    from kamctl.render.output import display_value

    renewed = renew_account(current().portfolio(), name, until=until, value=value)
    details = [f"was {renewed.previous.isoformat()}" if renewed.previous else "no renewal date before"]
    if renewed.value is not None:
        details.append(display_value(renewed.value))
    messages.info(f"Renewed {renewed.account} until {renewed.until.isoformat()} ({', '.join(details)})")
    if renewed.won_opportunity is not None:
        number, title = renewed.won_opportunity
        messages.info(f"Opportunity {number} won: {renewed.account}: {title}")
