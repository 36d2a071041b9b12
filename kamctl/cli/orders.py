"""`kamctl accounts orders`: the order history that revenue, profit, order size and frequency come from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kamctl.cli.context import current
from kamctl.cli.options import (
    DryRunOption,
    EncodingOption,
    ExcelOption,
    FormatOption,
    OutputFormat,
    RawOption,
)
from kamctl.completion import account_names
from kamctl.domain.cells import invalid_rows

app = typer.Typer(
    help="Orders: unless set by hand, an account's revenue, profit, order size and order frequency "
    "are those of its orders in the last 365 days.",
    no_args_is_help=True,
)


def register(accounts: typer.Typer) -> None:
    """Add these commands to the `accounts` group, as `accounts orders`."""
    accounts.add_typer(app, name="orders")


@app.command("add")
def add(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Account name or id.", autocompletion=account_names)
    ],
    amount: Annotated[str, typer.Argument(metavar="AMOUNT", help="Order amount (1,200,000 is fine).")],
    when: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="Order date (default: today).")
    ] = None,
    profit: Annotated[
        str | None, typer.Option("--profit", metavar="AMOUNT", help="Profit on the order (may be negative).")
    ] = None,
    product: Annotated[
        str | None,
        typer.Option("--product", metavar="NAME", help="What was sold (the columns of accounts whitespace)."),
    ] = None,
) -> None:
    """Record one order."""
    from kamctl.actions.orders import add_order
    from kamctl.i18n import _, day
    from kamctl.render import messages
    from kamctl.render.output import display_value

    portfolio = current().portfolio()
    added = add_order(portfolio, name, amount, when=when, profit=profit, product=product)
    ordered_on = added.order.ordered_on
    amount = display_value(added.order.amount)
    said = (
        _("Added order {id}: {account}, {amount} of {product} on {day}")
        if added.order.product
        else _("Added order {id}: {account}, {amount} on {day}")
    )
    messages.info(
        said.format(
            id=added.id,
            account=added.account,
            amount=amount,
            product=added.order.product,
            day=day(ordered_on),
        )
    )
    if ordered_on > portfolio.today:
        messages.warn(
            _("{day} is in the future: the order counts from that day on").format(day=day(ordered_on))
        )


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="CSV: account,date,amount[,profit][,product] (or JSON)."),
    ],
    dry_run: DryRunOption = False,
    encoding: EncodingOption = None,
) -> None:
    """Import orders: every row is checked first; one bad row and nothing is imported."""
    from kamctl.actions.orders import import_orders
    from kamctl.cli.imports import tell_dry_run, without_cycle_collection
    from kamctl.errors import InvalidValue
    from kamctl.i18n import ngettext
    from kamctl.render import messages
    from kamctl.render.progress import progress_if_watched

    with without_cycle_collection():
        done = import_orders(
            current().portfolio(), file, dry_run=dry_run, watch=progress_if_watched, encoding=encoding
        )
    if done.problems:
        for problem in done.problems:
            messages.info(problem)
        raise InvalidValue(invalid_rows(len(done.problems), done.rows))
    if not done.written:
        tell_dry_run(done.encoding, done.ignored)
        messages.info(
            ngettext(
                "Would import {n} order (dry run)", "Would import {n} orders (dry run)", len(done.checked)
            ).format(n=len(done.checked))
        )
        return
    messages.info(
        ngettext("Imported {n} order", "Imported {n} orders", len(done.checked)).format(n=len(done.checked))
    )


@app.command("list")
def list_(
    name: Annotated[
        str | None, typer.Argument(metavar="[NAME]", help="Only this account's orders (name or id).")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    excel: ExcelOption = False,
) -> None:
    """List orders, newest first."""
    from kamctl.actions.orders import list_orders
    from kamctl.i18n import N_, _
    from kamctl.render.output import Column, View, empty_list, present

    rows = list_orders(current().portfolio(), name)
    columns = (
        Column("id", N_("ID"), justify="right", no_wrap=True),
        Column("account", N_("Account"), style="bold", min_width=16),
        Column("date", N_("Date"), no_wrap=True),
        Column("amount", N_("Amount"), justify="right", no_wrap=True),
        Column("profit", N_("Profit"), justify="right", no_wrap=True),
        Column("product", N_("Product"), min_width=10, minor=1),
    )
    view = View(
        rows=rows,
        columns=columns,
        fields=["id", "account", "date", "amount", "profit", "product"],
        empty=empty_list(
            N_("orders"),
            filtered=False,
            first=_(
                "record one with `kamctl accounts orders add {name} AMOUNT`, "
                "or import a CSV with `kamctl accounts orders import FILE`"
            ).format(name=name or "NAME"),
        ),
    )
    present(view, fmt, raw=raw, excel=excel)
