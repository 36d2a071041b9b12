"""Orders: adding them one by one or in bulk, and listing them with their account's name."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlmodel import Session, col

from kamctl.domain.scoring import CheckedOrder
from kamctl.errors import Conflict
from kamctl.i18n import _
from kamctl.store.bulk import BULK_CHUNK, chunks, insert_rows
from kamctl.store.models import Account, Order


def add_order(order: CheckedOrder, *, session: Session) -> Order:
    row = Order(
        account_id=order.account_id,
        ordered_on=order.ordered_on,
        amount=order.amount,
        profit=order.profit,
        product=order.product,
    )
    session.add(row)
    session.flush()
    return row


def insert_orders(orders: Sequence[CheckedOrder], *, connection: Connection) -> int:
    """Insert checked orders set-based, inside the caller's write transaction; returns how many.

    They were checked against the accounts of a moment before the write lock was taken: an
    account removed meanwhile is a Conflict, and the caller's rollback writes nothing.
    """
    wanted = {order.account_id for order in orders}
    present: set[int] = set()
    for part in chunks(sorted(wanted), BULK_CHUNK):
        present.update(connection.execute(select(Account.id).where(col(Account.id).in_(part))).scalars())
    if wanted - present:
        raise Conflict(
            _(
                "an account was removed while the file was being checked; nothing was imported "
                "(run the import again)"
            )
        )
    return insert_rows(
        connection,
        Order.__table__,  # type: ignore[attr-defined]
        ("account_id", "ordered_on", "amount", "profit", "product"),
        ((order.account_id, order.ordered_on, order.amount, order.profit, order.product) for order in orders),
    )


def list_orders(*, session: Session, account_id: int | None = None) -> list[dict]:
    """Orders, newest first, each as `{id, account, date, amount, profit, product}` (SPEC §3)."""
    query = (
        select(Order.id, Account.name, Order.ordered_on, Order.amount, Order.profit, Order.product)
        .join(Account, col(Account.id) == col(Order.account_id))
        .order_by(col(Order.ordered_on).desc(), col(Order.id).desc())
    )
    if account_id is not None:
        query = query.where(col(Order.account_id) == account_id)
    return [
        {"id": id_, "account": name, "date": day, "amount": amount, "profit": profit, "product": product}
        for id_, name, day, amount, profit, product in session.execute(query)
    ]


def account_names(*, session: Session) -> dict[int, str]:
    """Every account's id and name (to resolve the accounts of an import in memory)."""
    return dict(session.execute(select(Account.id, Account.name)).all())
