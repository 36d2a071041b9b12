"""What `kamctl report` reads: a handful of set-based queries over the period, never one per account.

Costs on the reference data (SPEC §9: 10,000 accounts, 1,000,000 log entries) and how each
query keeps to them:

- account figures from log entries (counts, latest entry, latest sentiments) are correlated
  subqueries over the (account_id, occurred_at) index: one index probe per account, no table
  scan (STYLE: a correlated MAX beats GROUP BY there);
- CSAT/NPS answers are a GROUP BY over the few rows that carry one;
- the activity of the period (month × channel × sentiment) is one GROUP BY over the period;
- the account maps read every contact once and the 180 days' contacts met in one GROUP BY;
- orders are two GROUP BYs over the (account_id, ordered_on) and ordered_on indexes.

Windows are half-open moments `[start, end)` in UTC on the database side; the domain decides
the local calendar days (`kamctl.domain.periods`). GROUP BY on `account_id + 0` (cast back to an
integer) instead of the bare column keeps SQLite from walking the whole (account_id,
occurred_at) index and fetching every row it points to (see `queries.scoring`).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import (
    Integer,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlmodel import Session, col

from kamctl.domain.account_map import COLD_DAYS, RECENT_DAYS, MapContact
from kamctl.domain.contacts import DECISION_ROLES
from kamctl.domain.health import Objectives
from kamctl.domain.kpis import DECISION_DAYS, Activity, ClosedOpportunity, Feedback, OrderSums
from kamctl.domain.log import CHANNELS, SENTIMENTS
from kamctl.domain.periods import Period, day_start, month_edges, month_starts
from kamctl.domain.portfolio_report import AccountLog, PortfolioFacts, Threads
from kamctl.domain.retention import PipelineOpportunity
from kamctl.domain.risks import RiskFact
from kamctl.domain.timelines import AccountTimeline, Change, key_account_ids, mapped_account_ids
from kamctl.store.models import (
    Account,
    AccountHistory,
    Contact,
    LogContact,
    LogEntry,
    Objective,
    Opportunity,
    Order,
    Risk,
)
from kamctl.store.queries.scoring import in_scored_set
from kamctl.store.types import UTCDateTime

TRACKED_FIELDS = ("status", "tier", "archived", "renewal_date")
"""The account fields KPIs read through time (from account history)."""

SENTIMENT_CODE = {"positive": 1, "neutral": 10, "negative": 100}
"""The latest five sentiments come back as one number: positive + 10 × neutral + 100 × negative
(each count is at most 5, so the digits never carry)."""


@dataclass(frozen=True)
class Scope:
    """Which accounts a report covers: everything, one owner's (current owner), or given ids."""

    owner: str | None = None
    account_ids: tuple[int, ...] | None = None

    def accounts(self):
        """The account ids in scope as a subquery, or None for every account."""
        if self.owner is None and self.account_ids is None:
            return None
        query = select(Account.id)
        if self.owner is not None:
            query = query.where(func.lower(Account.owner) == self.owner.lower())
        if self.account_ids is not None:
            query = query.where(col(Account.id).in_(self.account_ids))
        return query

    def where(self, query, account_id):
        """`query` limited to the scope, through its `account_id` column."""
        if self.account_ids is not None and self.owner is None:
            return query.where(account_id.in_(self.account_ids))
        scoped = self.accounts()
        return query if scoped is None else query.where(account_id.in_(scoped))


def _rows(session: Session, query) -> Any:
    """Rows of a Core query, straight from the connection: ORM row loading costs more than the
    queries themselves at this size."""
    return session.connection().execute(query)


def _segments(column, bounds: Sequence[Any]):
    """A CASE giving the index i of the half-open segment [bounds[i], bounds[i + 1]) of `column`
    (a constant 0 when there is one segment; `_by_segment` keeps it out of GROUP BY)."""
    whens = [(column < bound, i) for i, bound in enumerate(bounds[1:-1])]
    if not whens:
        return literal_column("0")
    return case(*whens, else_=len(bounds) - 2)


def _by_segment(segment, bounds: Sequence[Any]) -> list:
    """`segment` as a GROUP BY term, or nothing for a single segment: `GROUP BY 0` would name
    a column by position on SQLite."""
    return [segment] if len(bounds) > 2 else []


def _account_key():
    # See the module docstring: CAST(account_id + 0 AS INTEGER), not the bare column.
    return cast(col(LogEntry.account_id) + literal_column("0"), Integer)


# ---------------------------------------------------------------------------------------------
# Accounts and their history


def load_timelines(*, session: Session, scope: Scope) -> list[AccountTimeline]:
    changes: dict[int, list[Change]] = defaultdict(list)
    history = scope.where(
        select(
            AccountHistory.account_id,
            AccountHistory.changed_at,
            AccountHistory.field,
            AccountHistory.old,
            AccountHistory.new,
        ).where(col(AccountHistory.field).in_(TRACKED_FIELDS)),
        col(AccountHistory.account_id),
    ).order_by(col(AccountHistory.account_id), col(AccountHistory.changed_at), col(AccountHistory.id))
    for account_id, when, name, old, new in _rows(session, history):
        changes[account_id].append(Change(when, name, old, new))
    accounts = scope.where(
        select(
            Account.id, Account.name, Account.created_at, Account.tier, Account.status, Account.archived,
            Account.owner, Account.cadence_days, Account.renewal_date,
        ),
        col(Account.id),
    ).order_by(col(Account.id))  # fmt: skip
    return [
        AccountTimeline(
            id=id_, name=name, created_at=created, tier=tier, status=status, archived=bool(archived),
            owner=owner, cadence_days=cadence, changes=tuple(changes.get(id_, ())), renewal_date=renewal,
        )
        for id_, name, created, tier, status, archived, owner, cadence, renewal in _rows(session, accounts)
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Orders and opportunities


def load_orders(
    period: Period, *, session: Session, scope: Scope
) -> tuple[dict[int, OrderSums], dict[int, OrderSums]]:
    """Each account's orders in the period and in the previous one."""
    previous = period.previous()
    current = (col(Order.ordered_on) >= period.since).label("current")
    query = scope.where(
        select(
            Order.account_id,
            current,
            func.sum(Order.amount),
            func.sum(Order.profit),
            func.count(),
            func.sum(case((col(Order.profit).is_not(None), Order.amount), else_=0)),
        ).where(col(Order.ordered_on) >= previous.since, col(Order.ordered_on) <= period.until),
        col(Order.account_id),
    ).group_by(col(Order.account_id), current)
    now: dict[int, OrderSums] = {}
    before: dict[int, OrderSums] = {}
    for account_id, is_current, amount, profit, count, with_profit in _rows(session, query):
        sums = OrderSums(
            float(amount or 0), None if profit is None else float(profit), count, float(with_profit or 0)
        )
        (now if is_current else before)[account_id] = sums
    return now, before


def load_revenue(period: Period, *, session: Session, scope: Scope) -> dict[int, float]:
    """Each account's order amounts in the period."""
    query = scope.where(
        select(Order.account_id, func.sum(Order.amount)).where(
            col(Order.ordered_on) >= period.since, col(Order.ordered_on) <= period.until
        ),
        col(Order.account_id),
    ).group_by(col(Order.account_id))
    return {account_id: float(amount or 0) for account_id, amount in _rows(session, query)}


def load_pipeline(
    start: datetime, end: datetime, *, session: Session, scope: Scope
) -> list[PipelineOpportunity]:
    """The opportunities created before `end` and not closed before `start`: those open at
    some moment between them."""
    query = scope.where(
        select(
            Opportunity.type,
            Opportunity.value,
            Opportunity.probability,
            Opportunity.created_at,
            Opportunity.closed_at,
        ).where(
            col(Opportunity.created_at) < end,
            or_(col(Opportunity.closed_at).is_(None), col(Opportunity.closed_at) >= start),
        ),
        col(Opportunity.account_id),
    )
    return [PipelineOpportunity(*row) for row in _rows(session, query)]


def load_monthly_revenue(period: Period, *, session: Session, scope: Scope) -> list[float]:
    """The period's order amounts per calendar month (`month_starts`)."""
    bounds = [period.since, *month_edges(period), period.until + timedelta(days=1)]
    bucket = _segments(col(Order.ordered_on), bounds).label("bucket")
    query = scope.where(
        select(bucket, func.sum(Order.amount)).where(
            col(Order.ordered_on) >= period.since, col(Order.ordered_on) <= period.until
        ),
        col(Order.account_id),
    ).group_by(*_by_segment(bucket, bounds))
    revenue = [0.0] * (len(bounds) - 1)
    for index, amount in _rows(session, query):
        revenue[int(index)] = float(amount or 0)
    return revenue


def load_closed_opportunities(
    start: datetime, end: datetime, *, session: Session, scope: Scope
) -> list[ClosedOpportunity]:
    query = scope.where(
        select(Opportunity.account_id, Opportunity.type, Opportunity.status, Opportunity.closed_at).where(
            col(Opportunity.status).in_(("won", "lost")),
            col(Opportunity.closed_at) >= start,
            col(Opportunity.closed_at) < end,
        ),
        col(Opportunity.account_id),
    )
    return [ClosedOpportunity(*row) for row in _rows(session, query)]


# ---------------------------------------------------------------------------------------------
# Log entries


def _entries_of_account():
    return col(LogEntry.account_id) == col(Account.id)


def _count_between(start: datetime, end: datetime):
    return (
        select(func.count())
        .where(_entries_of_account(), col(LogEntry.occurred_at) >= start, col(LogEntry.occurred_at) < end)
        .correlate(Account)
        .scalar_subquery()
    )


def _latest_before(end: datetime):
    return (
        select(func.max(LogEntry.occurred_at))
        .where(_entries_of_account(), col(LogEntry.occurred_at) < end)
        .correlate(Account)
        .scalar_subquery()
    )


def _latest_sentiments(end: datetime, count: int):
    return (
        select(col(LogEntry.sentiment).label("sentiment"))
        .where(_entries_of_account(), col(LogEntry.sentiment).is_not(None), col(LogEntry.occurred_at) < end)
        .order_by(col(LogEntry.occurred_at).desc(), col(LogEntry.id).desc())
        .limit(count)
        .correlate(Account)
        .subquery()
    )


def _sentiment_code(end: datetime):
    latest = _latest_sentiments(end, 5)
    code = case(*((latest.c.sentiment == s, n) for s, n in SENTIMENT_CODE.items()), else_=0)
    return select(func.sum(code)).select_from(latest).scalar_subquery()


def _negatives_of_last_two(end: datetime):
    latest = _latest_sentiments(end, 2)
    return select(func.count()).select_from(latest).where(latest.c.sentiment == "negative").scalar_subquery()


def decode_sentiments(code: int | None) -> dict[str, int]:
    code = int(code or 0)
    return {"positive": code % 10, "neutral": code // 10 % 10, "negative": code // 100}


def load_account_logs(period: Period, tz: tzinfo, *, session: Session, scope: Scope) -> dict[int, AccountLog]:
    """Per account: entries in the period and the previous one, the latest entry up to each
    period's end, whether the last two sentiments were negative, and CSAT/NPS of the period, the
    previous period and the 365 days up to `until` (`recent_sentiment`: `load_recent_sentiment`)."""
    previous = period.previous()
    start, end = period.starts_at(tz), period.ends_before(tz)
    before_start, before_end = previous.starts_at(tz), previous.ends_before(tz)
    query = scope.where(
        select(
            Account.id,
            _count_between(start, end),
            _count_between(before_start, before_end),
            _latest_before(end),
            _latest_before(before_end),
            _negatives_of_last_two(end),
        ),
        col(Account.id),
    )
    rows = {row[0]: row[1:] for row in _rows(session, query)}
    year_start = day_start(period.until - timedelta(days=364), tz)
    feedback = load_feedback(
        {"current": (start, end), "previous": (before_start, before_end), "year": (year_start, end)},
        session=session,
        scope=scope,
    )
    empty = Feedback()
    return {
        account_id: AccountLog(
            interactions=now,
            previous_interactions=before,
            last_contact=last,
            previous_last_contact=last_before,
            last_two_negative=negatives == 2,
            feedback=feedback["current"].get(account_id, empty),
            previous_feedback=feedback["previous"].get(account_id, empty),
            year_feedback=feedback["year"].get(account_id, empty),
        )
        for account_id, (now, before, last, last_before, negatives) in rows.items()
    }


def load_recent_sentiment(end: datetime, *, session: Session, scope: Scope) -> dict[int, dict[str, int]]:
    """Per account: the sentiments of its latest five entries before `end` that record one, counted."""
    query = scope.where(select(Account.id, _sentiment_code(end)), col(Account.id))
    return {account_id: decode_sentiments(code) for account_id, code in _rows(session, query)}


def load_feedback(
    windows: dict[str, tuple[datetime, datetime]], *, session: Session, scope: Scope
) -> dict[str, dict[int, Feedback]]:
    """CSAT and NPS answers per account in each named window [start, end).

    CSAT and NPS are read apart so that each filter matches its partial index (`ix_log_entry_csat`,
    and an NPS one where there is one): only the few entries with an answer are read, each window
    a filtered sum.
    """
    low, high = min(start for start, _ in windows.values()), max(end for _, end in windows.values())
    csat, nps, when = col(LogEntry.csat), col(LogEntry.nps), col(LogEntry.occurred_at)
    # Windows with the same bounds (the default period is also the 365 days of health) are
    # counted once.
    same = {name: next(other for other in windows if windows[other] == windows[name]) for name in windows}
    names = [name for name in windows if same[name] == name]
    inside = {name: and_(when >= start, when < end) for name, (start, end) in windows.items()}
    found: dict[str, dict[int, Feedback]] = {name: {} for name in windows}

    account = _account_key().label("account_id")

    def rows(answered, figures):
        # Grouped by CAST(account_id + 0), not the bare column: without a partial index for the
        # filter, the bare column makes SQLite walk the (account_id, occurred_at) index and fetch
        # every row of the log; with one, either way reads only the answered entries.
        query = scope.where(
            select(account, *figures).where(answered, when >= low, when < high), col(LogEntry.account_id)
        ).group_by(account)
        return _rows(session, query)

    csat_figures = [
        figure
        for name in names
        for figure in (func.sum(csat).filter(inside[name]), func.count().filter(inside[name]))
    ]
    for account_id, *figures in rows(csat.is_not(None), csat_figures):
        for i, name in enumerate(names):
            total, count = figures[2 * i], figures[2 * i + 1]
            if count:
                found[name][account_id] = Feedback(csat_sum=float(total or 0), csat_count=count)
    groups = (nps >= 9, and_(nps >= 7, nps <= 8), nps <= 6)
    nps_figures = [func.count().filter(inside[name], group) for name in names for group in groups]
    for account_id, *figures in rows(nps.is_not(None), nps_figures):
        for i, name in enumerate(names):
            promoters, passives, detractors = figures[3 * i : 3 * i + 3]
            if promoters or passives or detractors:
                answers = Feedback(promoters=promoters, passives=passives, detractors=detractors)
                found[name][account_id] = found[name].get(account_id, Feedback()) + answers
    return {name: found[same[name]] for name in windows}


ACTIVITY_INDEX_COLUMNS = ("sentiment", "channel", "occurred_at")
"""An index of log_entry on these leading columns makes the period's activity a grid of index
range counts (sentiment × channel × month): milliseconds instead of a pass over the period."""


def has_activity_index(session: Session) -> bool:
    """Whether this SQLite database has an index of log_entry led by ACTIVITY_INDEX_COLUMNS."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return False
    for row in connection.exec_driver_sql("PRAGMA index_list('log_entry')").all():
        name, partial = row[1], row[4] if len(row) > 4 else 0
        if partial:
            continue
        columns = [info[2] for info in connection.exec_driver_sql(f"PRAGMA index_info('{name}')").all()]
        if tuple(columns[: len(ACTIVITY_INDEX_COLUMNS)]) == ACTIVITY_INDEX_COLUMNS:
            return True
    return False


def load_activity(
    period: Period, tz: tzinfo, *, session: Session, scope: Scope
) -> tuple[Activity, list[dict[str, int]]]:
    """The period's entries counted by channel and sentiment, and the sentiments per month."""
    bounds = [period.starts_at(tz), *(day_start(d, tz) for d in month_edges(period)), period.ends_before(tz)]
    if scope.accounts() is None and has_activity_index(session):
        cells = _activity_by_index(bounds, session=session)
    else:
        cells = _activity_by_scan(bounds, session=session, scope=scope)
    by_channel = dict.fromkeys(CHANNELS, 0)
    sentiment = dict.fromkeys(SENTIMENTS, 0)
    monthly = [dict.fromkeys(SENTIMENTS, 0) for _ in range(len(bounds) - 1)]
    total = 0
    for (index, channel, mood), count in cells.items():
        total += count
        by_channel[channel if channel in by_channel else "other"] += count
        if mood in sentiment:
            sentiment[mood] += count
            monthly[index][mood] += count
    return Activity(interactions=total, by_channel=by_channel, sentiment=sentiment), monthly


def _activity_by_scan(
    bounds: Sequence[datetime], *, session: Session, scope: Scope
) -> dict[tuple[int, str, str | None], int]:
    """(month, channel, sentiment) → entries, from one GROUP BY over the period's entries."""
    month = _segments(col(LogEntry.occurred_at), bounds).label("month")
    query = scope.where(
        select(month, LogEntry.channel, LogEntry.sentiment, func.count()).where(
            col(LogEntry.occurred_at) >= bounds[0], col(LogEntry.occurred_at) < bounds[-1]
        ),
        col(LogEntry.account_id),
    ).group_by(*_by_segment(month, bounds), col(LogEntry.channel), col(LogEntry.sentiment))
    return {(int(index), channel, mood): count for index, channel, mood, count in _rows(session, query)}


def _activity_by_index(
    bounds: Sequence[datetime], *, session: Session
) -> dict[tuple[int, str, str | None], int]:
    """The same cells as `_activity_by_scan`, each an index range count (every entry of the whole
    database: the caller uses this only without a scope)."""
    # The months as a derived table: a UNION ALL of one-row SELECTs (SQLite's VALUES cannot name
    # its columns).
    months = union_all(
        *(
            select(
                literal(i, Integer).label("position"),
                literal(low, UTCDateTime()).label("low"),
                literal(high, UTCDateTime()).label("high"),
            )
            for i, (low, high) in enumerate(itertools.pairwise(bounds))
        )
    ).subquery("months")
    moods: list[str | None] = [*SENTIMENTS, None]
    pairs = [(mood, channel) for mood in moods for channel in CHANNELS]
    counts = [
        select(func.count())
        .where(
            col(LogEntry.sentiment).is_(None) if mood is None else col(LogEntry.sentiment) == mood,
            col(LogEntry.channel) == channel,
            col(LogEntry.occurred_at) >= months.c.low,
            col(LogEntry.occurred_at) < months.c.high,
        )
        .correlate(months)
        .scalar_subquery()
        for mood, channel in pairs
    ]
    cells: dict[tuple[int, str, str | None], int] = {}
    for index, *row in _rows(session, select(months.c.position, *counts)):
        for (mood, channel), count in zip(pairs, row, strict=True):
            if count:
                cells[(int(index), channel, mood)] = count
    return cells


# ---------------------------------------------------------------------------------------------
# Account maps, decision makers, objectives


def load_contacts(
    last_contacts: dict[int, datetime], end: datetime, *, session: Session, scope: Scope
) -> dict[int, list[MapContact]]:
    """Every contact of the accounts in scope added before `end` (left ones too), with what the
    findings read; `last_contact` comes from `last_contacts` (contact id → moment)."""
    query = scope.where(
        select(
            Contact.id, Contact.account_id, Contact.name, Contact.role, Contact.influence, Contact.stance,
            Contact.our_contact, Contact.left,
        ).where(col(Contact.created_at) < end),
        col(Contact.account_id),
    ).order_by(col(Contact.id))  # fmt: skip
    contacts: dict[int, list[MapContact]] = defaultdict(list)
    for id_, account_id, name, role, influence, stance, ours, left in _rows(session, query):
        contacts[account_id].append(
            MapContact(id=id_, name=name, role=role, influence=influence, stance=stance, our_contact=ours,
                       last_contact=last_contacts.get(id_), left=bool(left))
        )  # fmt: skip
    return contacts


def count_active_contacts(
    ends: Sequence[datetime], *, session: Session, scope: Scope
) -> list[dict[int, int]]:
    """For each moment of `ends`: account id → contacts not marked as left that existed by then."""
    active = col(Contact.left) == false()
    query = scope.where(
        select(
            Contact.account_id, *(func.count().filter(active, col(Contact.created_at) < end) for end in ends)
        ),
        col(Contact.account_id),
    ).group_by(col(Contact.account_id))
    counts: list[dict[int, int]] = [{} for _ in ends]
    for account_id, *numbers in _rows(session, query):
        for found, number in zip(counts, numbers, strict=True):
            if number:
                found[account_id] = number
    return counts


def _named_entries(start: datetime, end: datetime, alias: str):
    """Log entries of the account in [start, end) with the contacts they name (aliased)."""
    entry = LogEntry.__table__.alias(f"{alias}_entry")  # type: ignore[attr-defined]
    link = LogContact.__table__.alias(f"{alias}_link")  # type: ignore[attr-defined]
    return (
        entry,
        link,
        [
            entry.c.account_id == col(Account.id),
            entry.c.occurred_at >= start,
            entry.c.occurred_at < end,
            link.c.log_entry_id == entry.c.id,
        ],
    )


def load_threads(start: datetime, end: datetime, *, session: Session, scope: Scope) -> dict[int, Threads]:
    """Per account: the contact named by its latest entry in [start, end) that names one, and
    another contact named in that window if any (each an index walk that stops at the first
    hit); for accounts where only one contact was named, how many entries named them."""
    entry, link, where = _named_entries(start, end, "first")
    first = (
        select(link.c.contact_id)
        .where(*where)
        .order_by(entry.c.occurred_at.desc(), entry.c.id.desc())
        .limit(1)
        .correlate(Account)
        .scalar_subquery()
    )
    entry2, link2, where2 = _named_entries(start, end, "other")
    other = (
        select(link2.c.contact_id)
        .where(*where2, link2.c.contact_id != first)
        .order_by(entry2.c.occurred_at.desc(), entry2.c.id.desc())
        .limit(1)
        .correlate(Account)
        .scalar_subquery()
    )
    query = scope.where(select(Account.id, first, other), col(Account.id))
    found = {account_id: (one, two) for account_id, one, two in _rows(session, query) if one is not None}
    single = sorted(account_id for account_id, (_, two) in found.items() if two is None)
    entries: dict[int, int] = {}
    if single:
        counted = (
            select(LogEntry.account_id, func.count(func.distinct(LogEntry.id)))
            .join(LogContact, col(LogContact.log_entry_id) == col(LogEntry.id))
            .where(col(LogEntry.account_id).in_(single), col(LogEntry.occurred_at) >= start,
                   col(LogEntry.occurred_at) < end)
            .group_by(col(LogEntry.account_id))
        )  # fmt: skip
        entries = dict(_rows(session, counted).all())
    return {
        account_id: Threads(one, two, entries.get(account_id, 0)) for account_id, (one, two) in found.items()
    }


def load_decision_maker_contacts(
    recent_start: datetime, end: datetime, *, session: Session, scope: Scope
) -> dict[int, datetime]:
    """Active decision makers and economic buyers of the accounts in scope → the moment the
    findings read: an entry in [recent_start, end) naming them when there is one (found walking
    their newest entries first), else their latest entry before `end`; absent when never met."""
    link = LogContact.__table__.alias("dm_link")  # type: ignore[attr-defined]
    entry = LogEntry.__table__.alias("dm_entry")  # type: ignore[attr-defined]
    named = [
        link.c.contact_id == col(Contact.id),
        entry.c.id == link.c.log_entry_id,
        entry.c.occurred_at < end,
    ]
    recent = (
        select(entry.c.occurred_at)
        .where(*named, entry.c.occurred_at >= recent_start)
        .order_by(link.c.log_entry_id.desc())
        .limit(1)
        .correlate(Contact)
        .scalar_subquery()
    )
    deciders = [col(Contact.role).in_(DECISION_ROLES), col(Contact.left) == false()]
    query = scope.where(select(Contact.id, recent).where(*deciders), col(Contact.account_id))
    found: dict[int, datetime] = {}
    cold: list[int] = []
    for contact_id, moment in _rows(session, query):
        if moment is None:
            cold.append(contact_id)
        else:
            found[contact_id] = moment
    for first in range(0, len(cold), 10_000):
        latest = select(func.max(entry.c.occurred_at)).where(*named).correlate(Contact).scalar_subquery()
        query = select(Contact.id, latest).where(col(Contact.id).in_(cold[first : first + 10_000]))
        found.update(
            (contact_id, moment) for contact_id, moment in _rows(session, query) if moment is not None
        )
    return found


def accounts_meeting_decision_makers(
    account_ids: Sequence[int], start: datetime, end: datetime, *, session: Session
) -> frozenset[int]:
    """Which of `account_ids` have a log entry in [start, end) naming a decision-maker or
    economic-buyer (an EXISTS per account over the indexes; it stops at the first one found)."""
    if not account_ids:
        return frozenset()
    named = (
        exists()
        .where(
            _entries_of_account(),
            col(LogEntry.occurred_at) >= start,
            col(LogEntry.occurred_at) < end,
            col(LogContact.log_entry_id) == col(LogEntry.id),
            col(Contact.id) == col(LogContact.contact_id),
            col(Contact.role).in_(DECISION_ROLES),
        )
        .correlate(Account)
    )
    found: set[int] = set()
    ids = list(account_ids)
    for first in range(0, len(ids), 10_000):
        chunk = ids[first : first + 10_000]
        query = select(Account.id).where(col(Account.id).in_(chunk), named)
        found.update(_rows(session, query).scalars())
    return frozenset(found)


def load_objectives(
    until_end: datetime, until_day, *, session: Session, scope: Scope
) -> dict[int, Objectives]:
    """Per account: objectives done by the end of `until`, and open ones past due at `until`."""
    query = scope.where(
        select(Objective.account_id, Objective.due, Objective.done_at), col(Objective.account_id)
    )
    found: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for account_id, due, done_at in _rows(session, query):
        if done_at is not None and done_at < until_end:
            found[account_id][0] += 1
        elif due is not None and due < until_day:
            found[account_id][1] += 1
    return {account_id: Objectives(done, overdue) for account_id, (done, overdue) in found.items()}


def load_open_renewals(moment: datetime, *, session: Session, scope: Scope) -> frozenset[int]:
    """Accounts with a renewal opportunity open at `moment`, counting what happened at that very
    moment (health's renewal signal, as of now)."""
    query = scope.where(
        select(Opportunity.account_id).where(
            col(Opportunity.type) == "renewal",
            col(Opportunity.created_at) <= moment,
            or_(col(Opportunity.closed_at).is_(None), col(Opportunity.closed_at) > moment),
        ),
        col(Opportunity.account_id),
    )
    return frozenset(_rows(session, query).scalars())


def load_risk_facts(*, session: Session, scope: Scope) -> list[RiskFact]:
    """Every risk of the accounts in scope, oldest first (`open_risks`, at-risk reasons)."""
    query = scope.where(
        select(Risk.account_id, Risk.text, Risk.severity, Risk.created_at, Risk.closed_at),
        col(Risk.account_id),
    ).order_by(col(Risk.created_at), col(Risk.id))
    return [RiskFact(*row) for row in _rows(session, query)]


# ---------------------------------------------------------------------------------------------
# Everything together


def load_portfolio(
    period: Period,
    *,
    session: Session,
    now: datetime,
    cadence_by_tier: dict[str, int | None],
    scope: Scope | None = None,
    renewal_lead_days: int = 90,
) -> PortfolioFacts:
    """Everything `build_report` needs for `period` as seen at `now` (aware, local time).

    Account maps (contacts, who was met in the last 180 days) and the latest sentiments are read
    for the mapped accounts only (`mapped_account_ids`): the rest of the report never looks at them.
    """
    scope = scope or Scope()
    tz = now.tzinfo
    assert tz is not None
    previous = period.previous()
    end = period.ends_before(tz)
    previous_end = previous.ends_before(tz)
    as_of = min(now, end - timedelta(microseconds=1))

    accounts = load_timelines(session=session, scope=scope)
    keys, previous_keys = key_account_ids(accounts, end), key_account_ids(accounts, previous_end)
    mapped = mapped_account_ids(accounts, end)
    mapped_scope = Scope(account_ids=tuple(sorted(mapped)))
    orders, previous_orders = load_orders(period, session=session, scope=scope)
    logs = load_account_logs(period, tz, session=session, scope=scope)
    recent = load_recent_sentiment(end, session=session, scope=mapped_scope)
    logs = {
        account_id: replace(log, recent_sentiment=recent[account_id]) if account_id in recent else log
        for account_id, log in logs.items()
    }
    activity, monthly_sentiment = load_activity(period, tz, session=session, scope=scope)
    recent_start = day_start(as_of.date() - timedelta(days=RECENT_DAYS - 1), tz)
    threads = load_threads(recent_start, end, session=session, scope=mapped_scope)
    cold_start = day_start(as_of.date() - timedelta(days=COLD_DAYS - 1), tz)
    deciders = load_decision_maker_contacts(cold_start, end, session=session, scope=mapped_scope)
    contacts = load_contacts(deciders, end, session=session, scope=mapped_scope)
    active, previous_active = count_active_contacts([end, previous_end], session=session, scope=scope)
    decision_start = day_start(period.until - timedelta(days=DECISION_DAYS - 1), tz)
    previous_decision_start = day_start(previous.until - timedelta(days=DECISION_DAYS - 1), tz)
    return PortfolioFacts(
        period=period,
        tz=tz,
        as_of=as_of,
        accounts=accounts,
        orders=orders,
        previous_orders=previous_orders,
        opportunities=load_closed_opportunities(previous.starts_at(tz), end, session=session, scope=scope),
        logs=logs,
        activity=activity,
        contacts=contacts,
        active_contacts=active,
        previous_active_contacts=previous_active,
        threads=threads,
        decision_makers=accounts_meeting_decision_makers(sorted(keys), decision_start, end, session=session),
        previous_decision_makers=accounts_meeting_decision_makers(
            sorted(previous_keys), previous_decision_start, previous_end, session=session
        ),
        objectives=load_objectives(end, period.until, session=session, scope=mapped_scope),
        cadence_by_tier=cadence_by_tier,
        months=month_starts(period),
        monthly_revenue=load_monthly_revenue(period, session=session, scope=scope),
        monthly_sentiment=monthly_sentiment,
        risks=load_risk_facts(session=session, scope=scope),
        open_renewals=load_open_renewals(as_of, session=session, scope=mapped_scope),
        renewal_lead_days=renewal_lead_days,
        earlier_revenue=load_revenue(previous.previous(), session=session, scope=scope),
        pipeline=load_pipeline(previous_end, end, session=session, scope=scope),
    )


# ---------------------------------------------------------------------------------------------
# One account's health, the timeline of a review, wins, the team


def load_account_health(account: Account, findings: Sequence[Any], *, session: Session, now: datetime):
    """The health of one account as of `now` (`kamctl.domain.health`), from its exact map findings."""
    from kamctl.domain.health import account_health, account_health_facts, commercial_signals
    from kamctl.domain.periods import report_period
    from kamctl.store.queries.settings import load_settings

    tz = now.tzinfo
    assert tz is not None
    period = report_period(since=None, until=None, today=now.date())
    end = period.ends_before(tz)
    scope = Scope(account_ids=(account.id,))  # type: ignore[arg-type]
    log = load_account_logs(period, tz, session=session, scope=scope).get(account.id, AccountLog())  # type: ignore[arg-type]
    recent = load_recent_sentiment(end, session=session, scope=scope).get(account.id, {})  # type: ignore[arg-type]
    objectives = load_objectives(end, period.until, session=session, scope=scope).get(
        account.id, Objectives()
    )  # type: ignore[arg-type]
    settings = load_settings(session=session)
    orders, previous_orders = load_orders(period, session=session, scope=scope)
    timeline = AccountTimeline(
        id=account.id,  # type: ignore[arg-type]
        name=account.name,
        created_at=account.created_at,
        tier=account.tier,
        status=account.status,
        archived=account.archived,
        owner=account.owner,
        cadence_days=account.cadence_days,
    )
    facts = account_health_facts(
        timeline,
        tier=account.tier,
        last_contact=log.last_contact,
        as_of=now,
        cadence_by_tier={tier: settings.get(f"cadence.{tier}") for tier in ("key", "candidate", "standard")},
        recent_sentiment=recent,
        year_feedback=log.year_feedback,
        finding_severities=[finding.severity for finding in findings],
        objectives=objectives,
        commercial=commercial_signals(
            as_of=now,
            revenue=orders.get(account.id, OrderSums()).amount,  # type: ignore[arg-type]
            previous_revenue=previous_orders.get(account.id, OrderSums()).amount,  # type: ignore[arg-type]
            renewal_date=account.renewal_date,
            renewal_lead_days=int(settings["renewal.lead_days"]),
            renewal_opportunity_open=account.id in load_open_renewals(now, session=session, scope=scope),
            risks=load_risk_facts(session=session, scope=scope),
        ),
    )
    return account_health(facts)


def load_timeline(
    account_id: int, period: Period, tz: tzinfo | None, *, session: Session
) -> list[dict[str, Any]]:
    """The account's log entries in the period, newest first, as `log list` records (SPEC §6)."""
    from kamctl.store.queries.log import EntryFilter, list_entries

    assert tz is not None
    found, _ = list_entries(
        EntryFilter(account_id=account_id, since=period.starts_at(tz), until_before=period.ends_before(tz)),
        session=session,
    )
    return found


def load_wins(period: Period, tz: tzinfo | None, *, session: Session, scope: Scope) -> list[dict[str, Any]]:
    """Log entries of kind win in the period, newest first: `{id, account, when, contacts, notes, tags}`."""
    from kamctl.store.queries.log import records

    assert tz is not None
    query = scope.where(
        select(LogEntry, Account.name)
        .join(Account, col(Account.id) == col(LogEntry.account_id))
        .where(
            col(LogEntry.kind) == "win",
            col(LogEntry.occurred_at) >= period.starts_at(tz),
            col(LogEntry.occurred_at) < period.ends_before(tz),
        ),
        col(LogEntry.account_id),
    ).order_by(col(LogEntry.occurred_at).desc(), col(LogEntry.id).desc())
    found = [(entry, name) for entry, name in session.exec(query).all()]  # type: ignore[call-overload]
    return [
        {key: record[key] for key in ("id", "account", "when", "contacts", "notes", "tags")}
        for record in records(found, session=session)
    ]


def load_team(
    period: Period, tz: tzinfo | None, *, session: Session
) -> tuple[list[AccountTimeline], dict[int, int]]:
    """Every account through time, and each account's log entries in the period (`team_rows`)."""
    assert tz is not None
    accounts = load_timelines(session=session, scope=Scope())
    query = select(Account.id, _count_between(period.starts_at(tz), period.ends_before(tz)))
    return accounts, {account_id: count for account_id, count in _rows(session, query)}


def load_scored_set(*, session: Session) -> list[dict[str, Any]]:
    """The accounts `kamctl score` ranks (not archived, status not lost) with their manual
    criteria, ratings, stage and share of wallet, for `portfolio_report.scoring_facts`."""
    fields = ("id", "name", "tier", "revenue", "profit", "order_size", "order_frequency", "growth",
              "strategic_fit", "influence", "stage", "share_of_wallet")  # fmt: skip
    query = (
        select(*(getattr(Account, name) for name in fields)).where(in_scored_set()).order_by(col(Account.id))
    )
    return [dict(zip(fields, row, strict=True)) for row in _rows(session, query)]
