"""`kamctl accounts whitespace`: the cross-sell map of accounts × products (SPEC §3)."""

from __future__ import annotations

from typing import Annotated

import typer

from kamctl.cli.context import current
from kamctl.cli.options import FormatOption, OutputFormat, RawOption
from kamctl.completion import one_of
from kamctl.domain.accounts import TIERS
from kamctl.domain.limits import MAX_COUNT
from kamctl.i18n import N_


def register(accounts: typer.Typer) -> None:
    """Add `whitespace` to the `accounts` group."""
    accounts.command("whitespace")(whitespace)


def whitespace(
    tier: Annotated[
        str | None, typer.Option(**one_of(TIERS, N_("Only accounts of this tier."), name="TIER"))
    ] = None,
    owner: Annotated[str | None, typer.Option(metavar="NAME", help="Only accounts this person owns.")] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only accounts you own.")] = False,
    top: Annotated[
        int | None,
        typer.Option("--top", min=1, max=MAX_COUNT, metavar="N", help="Show only the first N accounts."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
) -> None:
    """Where to grow: accounts × products (owned in the last 365 days, open opportunity, lost, or
    empty), best-scoring accounts first; a key account's empty cell is where to grow.

    The table shows the first 50 accounts unless --top says otherwise; -f json and csv carry all.
    """
    from kamctl.actions.opportunities import find_whitespace
    from kamctl.render.output import View, present
    from kamctl.render.whitespace import draw_whitespace, whitespace_csv

    found = find_whitespace(current().portfolio(), tier=tier, owner=owner, mine=mine, top=top)
    if not found.products or not found.rows:
        from kamctl.i18n import _
        from kamctl.render import messages

        if fmt == OutputFormat.table:
            messages.info(
                _(
                    "No products yet — name one with `kamctl accounts orders add NAME AMOUNT --product P` "
                    "or `kamctl accounts opp add NAME TITLE --type cross-sell --product P`."
                )
                if not found.products
                else _("No accounts match — leave out the filters to map them all.")
            )
            return
    view = View(
        data=found.record(),
        draw=lambda console: draw_whitespace(found, console, top=top),
        texts={"csv": lambda: whitespace_csv(found, raw=raw)},
    )
    present(view, fmt, raw=raw)
