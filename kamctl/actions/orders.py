"""Orders: the history that an account's revenue, profit, order size and frequency come from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamctl.actions.imports import CheckedImport

if TYPE_CHECKING:
    from kamctl.actions.imports import RowWatcher
    from kamctl.actions.portfolio import Portfolio
    from kamctl.domain.scoring import CheckedOrder


@dataclass(frozen=True)
class AddedOrder:
    """An order recorded: its number, account, and the checked order."""

    id: int
    account: str
    order: CheckedOrder


def add_order(
    portfolio: Portfolio,
    account: str,
    amount: str | float,
    *,
    when: str | None = None,
    profit: str | float | None = None,
    product: str | None = None,
) -> AddedOrder:
    """Record one order (default date: today); amounts as typed (1,200,000 is fine)."""
    from dataclasses import replace

    from kamctl.domain.scoring import check_order
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.orders import add_order as insert_order

    checked = check_order(0, amount, profit=profit, when=when, product=product, today=portfolio.today)
    with portfolio.store().transaction() as session:
        found = find_account(account, session=session)
        order = insert_order(replace(checked, account_id=found.id), session=session)
        return AddedOrder(order.id, found.name, checked)  # type: ignore[arg-type]


def import_orders(
    portfolio: Portfolio,
    file: Path,
    *,
    dry_run: bool = False,
    watch: RowWatcher | None = None,
    encoding: str | None = None,
) -> CheckedImport[CheckedOrder]:
    """Import orders (columns account,date,amount[,profit][,product]; in `encoding`, else UTF-8 or
    Shift_JIS): every row checked first; one bad row and nothing is imported."""
    from kamctl.domain.scoring import missing_order_columns, order_field_for_header, plan_order_import
    from kamctl.errors import InvalidValue
    from kamctl.i18n import _
    from kamctl.io.rows import CountedRows, RowFile, source_rows
    from kamctl.store.queries.orders import account_names, insert_orders

    store = portfolio.store()
    with store.transaction(write=False) as session:
        accounts = account_names(session=session)
    # Every row is read and checked before the write lock is taken: other commands wait for the
    # writing only. The file is checked as it is read, never held whole.
    with RowFile(file, encoding=encoding) as source:
        rows = CountedRows(source_rows(watch(source, _("Checking orders")) if watch else source))
        orders, problems = plan_order_import(rows, accounts=accounts, today=portfolio.today)
    missing = missing_order_columns(rows.headers) if rows.count else []
    if missing:
        raise InvalidValue(
            _("{file} has no {columns} column: expected account,date,amount[,profit][,product]").format(
                file=file, columns=", ".join(repr(c) for c in missing)
            )
        )
    read = {"encoding": source.shown_encoding, "ignored": source.ignored(order_field_for_header)}
    if problems or dry_run:
        return CheckedImport(orders, problems, rows.count, written=False, **read)
    with store.connection(write=True) as connection:
        insert_orders(orders, connection=connection)
    return CheckedImport(orders, problems, rows.count, written=True, **read)


def list_orders(portfolio: Portfolio, account: str | None = None) -> list[dict[str, Any]]:
    """Orders (every account's or one's), newest first."""
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.orders import list_orders as read_orders

    with portfolio.store().transaction(write=False) as session:
        account_id = find_account(account, session=session).id if account is not None else None
        return read_orders(session=session, account_id=account_id)
