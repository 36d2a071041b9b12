"""Everything a score depends on, fetched in one set-based query; score snapshots."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Integer, and_, cast, delete, false, func, insert, literal_column, select
from sqlmodel import Session, col

from kamctl.domain.scoring import (
    SCORED_OUT_STATUS,
    AccountFacts,
    OrderTotals,
    ScoredAccount,
    ScoringWindow,
    Snapshot,
)
from kamctl.store.engine import check_manages, lock_for_change
from kamctl.store.models import Account, LogEntry, Order, ScoreSnapshot


def in_scored_set():
    """The accounts SPEC §4 scores: not archived, status not `lost` (`domain.scoring.check_scored`)."""
    return and_(col(Account.archived) == false(), col(Account.status) != SCORED_OUT_STATUS)


def load_scoring_facts(
    window: ScoringWindow,
    *,
    session: Session,
    tier: str | None = None,
    owner: str | None = None,
    ids: Iterable[int] | None = None,
) -> list[AccountFacts]:
    """The scored set of SPEC §4 (non-archived, status not `lost`, narrowed by the filters),
    with each account's order totals and mean CSAT inside `window`.

    One statement: the accounts joined to two GROUP BY aggregates. Orders are read through
    the (account_id, ordered_on) index; the CSAT mean reads only entries with a CSAT inside
    the window.
    """
    orders = (
        select(
            col(Order.account_id).label("account_id"),
            func.count().label("count"),
            func.sum(Order.amount).label("amount"),
            func.sum(Order.profit).label("profit"),
        )
        .where(col(Order.ordered_on) >= window.first, col(Order.ordered_on) <= window.last)
        .group_by(col(Order.account_id))
        .subquery("order_totals")
    )
    # Grouped by CAST(account_id + 0 AS INTEGER), not the bare column: on SQLite the bare
    # column makes the planner walk the whole (account_id, occurred_at) index in order and
    # fetch every row of the log for its csat, several times slower than one plain scan. The
    # CAST keeps an integer affinity, so the join below can use an automatic index instead of
    # a nested scan; the partial index ix_log_entry_csat (schema 0002) still answers the
    # filter, reading only the entries with a CSAT.
    csat_account = cast(col(LogEntry.account_id) + literal_column("0"), Integer).label("account_id")
    csat = (
        select(csat_account, func.avg(LogEntry.csat).label("csat"))
        .where(
            col(LogEntry.csat).is_not(None),
            col(LogEntry.occurred_at) >= window.starts_at,
            col(LogEntry.occurred_at) < window.ends_before,
        )
        .group_by(csat_account)
        .subquery("csat_means")
    )
    query = (
        select(
            Account.id,
            Account.name,
            Account.tier,
            Account.revenue,
            Account.profit,
            Account.order_size,
            Account.order_frequency,
            Account.growth,
            Account.strategic_fit,
            Account.influence,
            Account.stage,
            Account.share_of_wallet,
            csat.c.csat,
            orders.c.count,
            orders.c.amount,
            orders.c.profit,
        )
        .outerjoin(orders, orders.c.account_id == col(Account.id))
        .outerjoin(csat, csat.c.account_id == col(Account.id))
        .where(in_scored_set())
        .order_by(col(Account.id))
    )
    if tier:
        query = query.where(col(Account.tier) == tier)
    if owner:
        query = query.where(func.lower(Account.owner) == owner.lower())
    if ids is not None:
        query = query.where(col(Account.id).in_(list(ids)))
    facts = []
    for row in session.execute(query):
        (id_, name, tier_, revenue, profit, order_size, order_frequency, growth, strategic_fit,
         influence, stage, share, mean_csat, count, amount, order_profit) = row  # fmt: skip
        facts.append(
            AccountFacts(
                id=id_,
                name=name,
                tier=tier_,
                revenue=revenue,
                profit=profit,
                order_size=order_size,
                order_frequency=order_frequency,
                growth=growth,
                strategic_fit=strategic_fit,
                influence=influence,
                stage=stage,
                share_of_wallet=share,
                csat=None if mean_csat is None else float(mean_csat),
                orders=OrderTotals(
                    count=count or 0,
                    amount=float(amount or 0),
                    profit=None if order_profit is None else float(order_profit),
                ),
            )
        )
    return facts


def save_snapshots(scored: Iterable[ScoredAccount], *, taken_on: date, session: Session) -> tuple[int, int]:
    """Store the scores as the snapshot of `taken_on`, replacing one taken earlier that day.

    Returns (scores saved, scores of that day replaced).
    """
    # Every account's score at once: a manager's job on a team's database (SPEC §10 is silent).
    check_manages(session, "save scores", "kamctl score save saves every account's score")
    # Two processes saving at once would both insert the day's rows: the second waits instead.
    lock_for_change("score snapshots", session=session)
    replaced = session.execute(delete(ScoreSnapshot).where(col(ScoreSnapshot.taken_on) == taken_on))
    rows = [
        {
            "account_id": account.id,
            "taken_on": taken_on,
            "score": round(account.score, 2),
            "strength": None if account.strength.value is None else round(account.strength.value, 2),
            "quadrant": account.quadrant,
        }
        for account in scored
    ]
    if rows:
        session.execute(insert(ScoreSnapshot), rows)
    return len(rows), replaced.rowcount or 0


def snapshot_history(account_id: int, *, session: Session) -> list[Snapshot]:
    """One account's saved scores, oldest first."""
    query = (
        select(ScoreSnapshot.taken_on, ScoreSnapshot.score, ScoreSnapshot.strength, ScoreSnapshot.quadrant)
        .where(col(ScoreSnapshot.account_id) == account_id)
        .order_by(col(ScoreSnapshot.taken_on))
    )
    return [Snapshot(*row) for row in session.execute(query)]
