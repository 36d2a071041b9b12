"""The whitespace map (SPEC §3 `accounts whitespace`): accounts × products, where each account
buys, is being sold to, was lost, or has yet to be offered a product.

A cell is `owned` (an order of that product in the last 365 days), else `open` (an open
opportunity for it), else `lost` (the account's latest opportunity for it was lost), else empty
(None). Products are the distinct `--product` values of every order and opportunity, in
alphabetical order (case-insensitive; a product typed in two cases is one column, named as it
was first recorded). Rows are sorted by score (unscored last), then name. An empty cell of a
key account is where to grow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

CELL_STATES = ("owned", "open", "lost")


@dataclass(frozen=True)
class ProductOpportunity:
    """An opportunity with a product, as the map reads it."""

    account_id: int
    product: str
    status: str
    created_at: datetime
    id: int = 0


@dataclass(frozen=True)
class WhitespaceAccount:
    id: int
    name: str
    tier: str
    score: float | None


@dataclass(frozen=True)
class WhitespaceRow:
    account: str
    tier: str
    score: float | None
    cells: dict[str, str | None] = field(default_factory=dict)

    @property
    def is_key(self) -> bool:
        return self.tier == "key"

    def record(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "tier": self.tier,
            "score": None if self.score is None else round(self.score, 2),
            "cells": dict(self.cells),
        }


@dataclass(frozen=True)
class WhitespaceMap:
    products: Sequence[str]
    rows: Sequence[WhitespaceRow]

    def record(self) -> dict[str, Any]:
        """SPEC §3's JSON: `{products, rows: [{account, tier, score, cells: {product: state}}]}`,
        every product in every row's cells (null when empty)."""
        return {"products": list(self.products), "rows": [row.record() for row in self.rows]}


def product_names(named: Iterable[str]) -> dict[str, str]:
    """Each product's folded name → the spelling first met, in alphabetical order."""
    names: dict[str, str] = {}
    for name in named:
        names.setdefault(name.casefold(), name)
    return dict(sorted(names.items()))


def whitespace_map(
    accounts: Iterable[WhitespaceAccount],
    *,
    products: Iterable[str],
    owned: Iterable[tuple[int, str]],
    opportunities: Iterable[ProductOpportunity],
) -> WhitespaceMap:
    """The map of `accounts` (already filtered) over every product.

    `products` are the product names in the order first recorded; `owned` the (account id,
    product) pairs with an order in the last 365 days.
    """
    columns = product_names(products)
    bought = {(account_id, product.casefold()) for account_id, product in owned}
    open_ones: set[tuple[int, str]] = set()
    latest: dict[tuple[int, str], ProductOpportunity] = {}
    for opportunity in opportunities:
        key = (opportunity.account_id, opportunity.product.casefold())
        if opportunity.status == "open":
            open_ones.add(key)
        current = latest.get(key)
        if current is None or (opportunity.created_at, opportunity.id) > (current.created_at, current.id):
            latest[key] = opportunity

    def state(account_id: int, folded: str) -> str | None:
        key = (account_id, folded)
        if key in bought:
            return "owned"
        if key in open_ones:
            return "open"
        if key in latest and latest[key].status == "lost":
            return "lost"
        return None

    ranked = sorted(
        accounts,
        key=lambda a: (a.score is None, -(a.score or 0.0), a.name.casefold(), a.id),
    )
    rows = [
        WhitespaceRow(
            account.name,
            account.tier,
            account.score,
            {name: state(account.id, folded) for folded, name in columns.items()},
        )
        for account in ranked
    ]
    return WhitespaceMap(list(columns.values()), rows)
