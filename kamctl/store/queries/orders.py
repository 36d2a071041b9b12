"""Orders: adding them one by one or in bulk, and listing them with their account's name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select
from sqlmodel import Session, col

from kamctl.store.models import Account, Order


@dataclass(frozen=True)
class NewOrder:
    account_id: int
    ordered_on: date
    amount: float
    profit: float | None = None


def add_order(order: NewOrder, *, session: Session) -> Order:
    row = Order(
        account_id=order.account_id, ordered_on=order.ordered_on, amount=order.amount, profit=order.profit
    )
    session.add(row)
    session.flush()
    return row


def add_orders(orders: Sequence[NewOrder], *, session: Session) -> None:
    """Insert many orders in one statement per batch (an import of 100,000 rows)."""
    if not orders:
        return
    session.execute(
        insert(Order),
        [
            {"account_id": o.account_id, "ordered_on": o.ordered_on, "amount": o.amount, "profit": o.profit}
            for o in orders
        ],
    )


def list_orders(*, session: Session, account_id: int | None = None) -> list[dict]:
    """Orders, newest first, each as `{id, account, date, amount, profit}` (SPEC §3)."""
    query = (
        select(Order.id, Account.name, Order.ordered_on, Order.amount, Order.profit)
        .join(Account, col(Account.id) == col(Order.account_id))
        .order_by(col(Order.ordered_on).desc(), col(Order.id).desc())
    )
    if account_id is not None:
        query = query.where(col(Order.account_id) == account_id)
    return [
        {"id": id_, "account": name, "date": ordered_on, "amount": amount, "profit": profit}
        for id_, name, ordered_on, amount, profit in session.execute(query)
    ]


def account_names(*, session: Session) -> dict[int, str]:
    """Every account's id and name (to resolve the accounts of an import in memory)."""
    return dict(session.execute(select(Account.id, Account.name)).all())
