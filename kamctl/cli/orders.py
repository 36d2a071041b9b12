"""`kamctl accounts orders`: the order history that revenue, profit, order size and frequency come from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kamctl.cli.context import current
from kamctl.cli.options import DryRunOption, FormatOption, OutputFormat, RawOption

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
    name: Annotated[str, typer.Argument(metavar="NAME", help="Account name or id.")],
    amount: Annotated[str, typer.Argument(metavar="AMOUNT", help="Order amount (1,200,000 is fine).")],
    when: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="Order date (default: today).")
    ] = None,
    profit: Annotated[
        str | None, typer.Option("--profit", metavar="AMOUNT", help="Profit on the order (may be negative).")
    ] = None,
) -> None:
    """Record one order."""
    from kamctl import clock
    from kamctl.domain.scoring import check_order
    from kamctl.render import messages
    from kamctl.render.output import display_value
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.orders import NewOrder, add_order

    today = clock.today()
    checked = check_order(0, amount, profit=profit, when=when, today=today)
    with current().store().transaction() as session:
        account = find_account(name, session=session)
        order = add_order(
            NewOrder(account.id, checked.ordered_on, checked.amount, checked.profit), session=session
        )
        messages.info(
            f"Added order {order.id}: {account.name}, {display_value(order.amount)} "
            f"on {order.ordered_on.isoformat()}"
        )
    if checked.ordered_on > today:
        messages.warn(f"{checked.ordered_on.isoformat()} is in the future: the order counts from that day on")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="CSV with columns account,date,amount[,profit] (or JSON).")],
    dry_run: DryRunOption = False,
) -> None:
    """Import orders: every row is checked first; one bad row and nothing is imported."""
    from kamctl import clock
    from kamctl.cli.imports import without_cycle_collection
    from kamctl.domain.scoring import missing_order_columns, plan_order_import
    from kamctl.errors import InvalidValue
    from kamctl.io.rows import CountedRows, RowFile, source_rows
    from kamctl.render import messages
    from kamctl.render.progress import progress_if_watched
    from kamctl.store.queries.orders import account_names, insert_orders

    store = current().store()
    with store.transaction(write=False) as session:
        accounts = account_names(session=session)
    # Every row is read and checked before the write lock is taken: other commands wait for the
    # writing only. The file is checked as it is read, never held whole.
    with RowFile(file) as source, without_cycle_collection():
        rows = CountedRows(source_rows(progress_if_watched(source, "Checking orders")))
        orders, problems = plan_order_import(rows, accounts=accounts, today=clock.today())
    missing = missing_order_columns(rows.headers) if rows.count else []
    if missing:
        raise InvalidValue(
            f"{file} has no {', '.join(repr(c) for c in missing)} column: "
            "expected account,date,amount[,profit]"
        )
    if problems:
        for problem in problems:
            messages.info(problem)
        raise InvalidValue(f"{len(problems)} of {rows.count} rows are invalid; nothing was imported")
    if dry_run:
        messages.info(f"Would import {len(orders)} orders (dry run)")
        return
    with store.connection(write=True) as connection, without_cycle_collection():
        insert_orders(orders, connection=connection)
    messages.info(f"Imported {len(orders)} orders")


@app.command("list")
def list_(
    name: Annotated[
        str | None, typer.Argument(metavar="[NAME]", help="Only this account's orders (name or id).")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
) -> None:
    """List orders, newest first."""
    from kamctl.render.output import Column, emit
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.orders import list_orders

    with current().store().transaction(write=False) as session:
        account_id = find_account(name, session=session).id if name is not None else None
        rows = list_orders(session=session, account_id=account_id)
    columns = (
        Column("id", "ID", justify="right"),
        Column("account", "Account", style="bold"),
        Column("date", "Date"),
        Column("amount", "Amount", justify="right"),
        Column("profit", "Profit", justify="right"),
    )
    emit(rows, columns, fmt.value, fields=["id", "account", "date", "amount", "profit"], raw=raw,
         empty="No orders.")  # fmt: skip
