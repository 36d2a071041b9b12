"""`kamctl accounts renew`: record that an account's contract was renewed (SPEC §3 renewals)."""

from __future__ import annotations

from typing import Annotated

import typer

from kamctl import i18n
from kamctl.cli.context import current
from kamctl.completion import account_names
from kamctl.i18n import _


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
    if renewed.previous:
        details = [_("was {day}").format(day=i18n.day(renewed.previous))]
    else:
        details = [_("no renewal date before")]
    if renewed.value is not None:
        details.append(display_value(renewed.value))
    messages.info(
        _("Renewed {account} until {day} ({details})").format(
            account=renewed.account, day=i18n.day(renewed.until), details=_(", ").join(details)
        )
    )
    if renewed.won_opportunity is not None:
        number, title = renewed.won_opportunity
        messages.info(
            _("Opportunity {number} won: {account}: {title}").format(
                number=number, account=renewed.account, title=title
            )
        )
