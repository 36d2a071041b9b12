"""The whitespace map (SPEC §3): each cell's state, product columns, row order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kamctl.domain.whitespace import ProductOpportunity, WhitespaceAccount, whitespace_map

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def opp(product: str, status: str, day: int, id_: int = 0, account: int = 1) -> ProductOpportunity:
    return ProductOpportunity(account, product, status, T0 + timedelta(days=day), id_)


@pytest.mark.parametrize(
    ("owned", "opportunities", "state"),
    [
        ((), (), None),
        (((1, "P"),), (), "owned"),
        (((1, "P"),), (opp("P", "lost", 5),), "owned"),  # an order beats everything
        ((), (opp("P", "open", 1),), "open"),
        ((), (opp("P", "lost", 1), opp("P", "open", 2)), "open"),
        ((), (opp("P", "open", 1), opp("P", "lost", 2)), "open"),  # still being sold
        ((), (opp("P", "lost", 1),), "lost"),
        ((), (opp("P", "won", 1), opp("P", "lost", 2)), "lost"),  # the latest was lost
        ((), (opp("P", "lost", 1), opp("P", "won", 2)), None),  # won since: not lost (no order yet)
        ((), (opp("P", "lost", 1, id_=2), opp("P", "won", 1, id_=1)), "lost"),  # same moment: later id
        (((2, "P"),), (opp("P", "open", 1, account=2),), None),  # another account's
        (((1, "p"),), (), "owned"),  # products match whatever the case
    ],
)
def test_cell_state(owned, opportunities, state):
    found = whitespace_map(
        [WhitespaceAccount(1, "Acme", "key", 50.0)], products=["P"], owned=owned, opportunities=opportunities
    )
    assert found.record()["rows"][0]["cells"] == {"P": state}


def test_products_once_each_alphabetically_and_rows_by_score_then_name():
    accounts = [
        WhitespaceAccount(1, "beta", "standard", 40.0),
        WhitespaceAccount(2, "Alpha", "key", 40.0),
        WhitespaceAccount(3, "Unscored", "candidate", None),
        WhitespaceAccount(4, "Top", "key", 90.123),
    ]
    found = whitespace_map(
        accounts, products=["sensors", "Analytics", "Sensors", "解析"], owned=(), opportunities=()
    )
    assert found.products == ["Analytics", "sensors", "解析"]
    assert [(row["account"], row["score"]) for row in found.record()["rows"]] == [
        ("Top", 90.12),
        ("Alpha", 40.0),
        ("beta", 40.0),
        ("Unscored", None),
    ]


def test_no_products_and_no_accounts():
    assert whitespace_map([], products=[], owned=(), opportunities=()).record() == {
        "products": [],
        "rows": [],
    }
