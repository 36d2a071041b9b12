"""The bundled sample portfolio: complete, consistent, dated relative to now, deterministic."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Date, select

from kamctl import clock
from kamctl.demo.portfolio import load_sample_portfolio
from kamctl.store import models
from kamctl.store.engine import open_store
from kamctl.store.types import UTCDateTime

Rows = dict[str, list[dict[str, Any]]]

MAY_LIE_AHEAD = {
    ("account", "renewal_date"),
    ("reminder", "due"),
    ("objective", "due"),
    ("opportunity", "expected_close"),
    ("renewal", "until"),
    ("risk", "due"),
}
"""The only dates that may be in the future: everything else in the portfolio has happened."""


def load(url: str, now: datetime) -> Rows:
    """Load the portfolio into the empty database at `url` and read every table back."""
    store = open_store(url)
    with store.transaction() as session:
        load_sample_portfolio(session, now=now)
    with store.transaction(write=False) as session:
        rows = {
            table.__tablename__: [
                row.model_dump()
                for row in session.scalars(select(table).order_by(*table.__table__.primary_key.columns))
            ]
            for table in models.ALL_TABLES
        }
    store.dispose()
    return rows


@pytest.fixture
def now() -> datetime:
    return clock.now()


@pytest.fixture(scope="module")
def loaded() -> dict[datetime, Rows]:
    """Loads are shared by the read-only tests of this module (one per `now`)."""
    return {}


@pytest.fixture
def portfolio(loaded: dict[datetime, Rows], db_url: str, now: datetime) -> Rows:
    if now not in loaded:
        loaded[now] = load(db_url, now)
    return loaded[now]


def test_a_portfolio_of_every_tier_and_status(portfolio: Rows) -> None:
    accounts = portfolio["account"]
    assert len(accounts) >= 30
    assert len(portfolio["contact"]) >= 80
    assert {a["tier"] for a in accounts} == {"key", "candidate", "standard"}
    assert {a["status"] for a in accounts} == {"prospect", "active", "at-risk", "lost"}
    assert {a["owner"] for a in accounts} == {"sato", "tanaka", "lee"}
    assert Counter(a["tier"] for a in accounts)["key"] >= 6
    assert any(a["archived"] for a in accounts)
    assert all(a["name_key"] == a["name"].casefold() for a in accounts)
    assert all(c["name_key"] == c["name"].casefold() for c in portfolio["contact"])
    assert any("Ｎ" in a["name"] for a in accounts), "a full-width name stresses table alignment"
    assert any(not a["name"].isascii() for a in accounts) and any(a["name"].isascii() for a in accounts)


def test_every_account_has_its_creation_in_history(portfolio: Rows) -> None:
    created = Counter(h["account_id"] for h in portfolio["account_history"] if h["field"] == "created")
    assert created == Counter(a["id"] for a in portfolio["account"])
    changed = {(h["field"], h["new"]) for h in portfolio["account_history"]}
    assert {("status", "at-risk"), ("status", "lost"), ("tier", "key")} <= changed


def test_reports_to_stays_within_the_account_and_has_no_cycles(portfolio: Rows) -> None:
    contacts = {c["id"]: c for c in portfolio["contact"]}
    with_manager = [c for c in contacts.values() if c["reports_to_id"] is not None]
    assert len(with_manager) >= 40
    for contact in with_manager:
        seen = {contact["id"]}
        manager_id = contact["reports_to_id"]
        while manager_id is not None:
            assert contacts[manager_id]["account_id"] == contact["account_id"]
            assert manager_id not in seen, f"cycle through {contact['name']}"
            seen.add(manager_id)
            manager_id = contacts[manager_id]["reports_to_id"]


def test_orders_and_log_entries_span_two_years(portfolio: Rows, now: datetime) -> None:
    today = now.date()
    order_days = [(today - o["ordered_on"]).days for o in portfolio["orders"]]
    assert 300 <= len(order_days) <= 2000
    # Orders reach a third year back: the previous period's net revenue retention needs a base.
    assert 1000 <= max(order_days) <= 1095 and 1 <= min(order_days) <= 10
    before_previous = {o["account_id"] for o in portfolio["orders"] if (today - o["ordered_on"]).days > 730}
    assert len(before_previous) >= 15
    assert all(200_000 <= o["amount"] <= 30_000_000 for o in portfolio["orders"])
    assert sum(o["profit"] is not None for o in portfolio["orders"]) > 0.8 * len(order_days)

    entry_days = [(now - e["occurred_at"]).days for e in portfolio["log_entry"]]
    # About 520 entries in the report's default period (the last 365 days) and as many in the one
    # before it, so that the dashboard compares the year with a year of data.
    assert 900 <= len(entry_days) <= 1200
    assert 700 <= max(entry_days) <= 730 and min(entry_days) <= 3
    assert 400 <= sum(days < 365 for days in entry_days) <= 600
    entries = portfolio["log_entry"]
    assert {e["channel"] for e in entries} == {"meeting", "visit", "call", "email", "chat", "social", "event", "other"}
    assert {e["kind"] for e in entries} == {"interaction", "feedback", "win", "issue", "review"}
    assert all(1 <= e["csat"] <= 5 for e in entries if e["csat"] is not None)
    assert all(0 <= e["nps"] <= 10 for e in entries if e["nps"] is not None)


def test_log_entries_name_contacts_of_their_own_account(portfolio: Rows) -> None:
    entry_account = {e["id"]: e["account_id"] for e in portfolio["log_entry"]}
    contact_account = {c["id"]: c["account_id"] for c in portfolio["contact"]}
    links = portfolio["log_contact"]
    assert len(links) >= len(entry_account)
    assert all(entry_account[link["log_entry_id"]] == contact_account[link["contact_id"]] for link in links)


def test_everything_recorded_has_already_happened(portfolio: Rows, now: datetime) -> None:
    """All datetimes are aware and past; only due dates, renewals and expected closes lie ahead."""
    today = now.date()
    for table in models.ALL_TABLES:
        for column in table.__table__.columns:
            values = [row[column.key] for row in portfolio[table.__tablename__] if row[column.key] is not None]
            if isinstance(column.type, UTCDateTime):
                assert all(v.tzinfo is not None and v <= now for v in values), (table, column.key)
            elif isinstance(column.type, Date) and (table.__tablename__, column.key) not in MAY_LIE_AHEAD:
                assert all(v < today for v in values), (table, column.key)


def test_reminders_are_overdue_due_today_and_upcoming(portfolio: Rows, now: datetime) -> None:
    today = now.date()
    reminders = portfolio["reminder"]
    open_dues = [r["due"] for r in reminders if r["done_at"] is None]
    assert any(d < today for d in open_dues) and today in open_dues and any(d > today for d in open_dues)
    assert sum(r["rule"] is not None for r in reminders) >= 3
    assert sum(r["done_at"] is not None for r in reminders) >= 2
    assert sum(r["log_entry_id"] is not None for r in reminders) >= 3
    renewals = [a["renewal_date"] for a in portfolio["account"] if a["renewal_date"] is not None]
    assert any(today < d <= today + timedelta(days=90) for d in renewals)
    assert any(d < today for d in renewals)
    objectives = portfolio["objective"]
    assert any(o["done_at"] is None and o["due"] < today for o in objectives)
    assert any(o["done_at"] is not None for o in objectives)
    assert {o["status"] for o in portfolio["opportunity"]} == {"open", "won", "lost"}
    assert {m["role"] for m in portfolio["team_member"]} >= {"owner", "sales", "marketing", "support",
                                                                "executive-sponsor", "other"}


def test_account_maps_show_every_kind_of_coverage_gap(portfolio: Rows) -> None:
    """SPEC §5 findings appear somewhere, while every key account has a decision-maker on the map."""
    live = {a["id"]: a for a in portfolio["account"] if not a["archived"]}
    active: dict[int, list[dict]] = defaultdict(list)
    for contact in portfolio["contact"]:
        if not contact["left"] and contact["account_id"] in live:
            active[contact["account_id"]].append(contact)
    deciders = {"decision-maker", "economic-buyer"}

    assert any(len(active[a]) < 2 for a in live), "single-threaded"
    assert any(active[a] and not any(c["role"] in deciders for c in active[a]) for a in live)
    assert any(c["stance"] == "blocker" and c["influence"] >= 4 for cs in active.values() for c in cs)
    assert any(len(active[a]) >= 4 and len({c["our_contact"] for c in active[a]}) == 1 for a in live)
    assert any(c["left"] for c in portfolio["contact"])
    for account in live.values():
        if account["tier"] == "key":
            assert len(active[account["id"]]) >= 4
            assert any(c["role"] in deciders for c in active[account["id"]]), account["name"]

    latest: dict[int, list[dict]] = defaultdict(list)
    for entry in sorted(portfolio["log_entry"], key=lambda e: e["occurred_at"]):
        latest[entry["account_id"]].append(entry)
    sliding = [a for a in live.values() if a["tier"] == "key"
               and [e["sentiment"] for e in latest[a["id"]][-2:]] == ["negative", "negative"]]
    assert len(sliding) == 1


def digest(rows: Rows) -> str:
    canonical = [(table, [sorted(row.items()) for row in table_rows]) for table, table_rows in rows.items()]
    return hashlib.sha256(repr(canonical).encode()).hexdigest()


def test_same_now_gives_identical_data(portfolio: Rows, now: datetime, tmp_path: Path) -> None:
    assert load(f"sqlite:///{tmp_path / 'again.db'}", now) == portfolio


def test_same_data_in_another_process(portfolio: Rows, now: datetime, tmp_path: Path) -> None:
    """Nothing depends on string hashing (set order), which changes from process to process."""
    script = (
        f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
        "from datetime import datetime; from test_portfolio import digest, load; "
        "print(digest(load(sys.argv[1], datetime.fromisoformat(sys.argv[2]))))"
    )
    url = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run(
        [sys.executable, "-c", script, url, now.isoformat()],
        capture_output=True, text=True, env=environment, check=True,
    )
    assert result.stdout.strip() == digest(portfolio)


def test_a_naive_now_is_refused(db_url: str) -> None:
    store = open_store(db_url)
    with pytest.raises(ValueError, match="timezone-aware"), store.transaction() as session:
        load_sample_portfolio(session, now=datetime(2026, 11, 20, 9, 0))  # noqa: DTZ001 - the point
    store.dispose()


# --- SPEC §4, computed independently of kamctl's scoring code -------------------------------

WEIGHTS = {"revenue": 25, "profit": 20, "order_size": 10, "order_frequency": 10,
           "growth": 15, "strategic_fit": 10, "influence": 10}


def percentile_rank(value: float, values: list[float]) -> float:
    """SPEC §4: x = (#below + 0.5 × (#equal − 1)) / (n − 1), and 1 when n = 1."""
    if len(values) == 1:
        return 1.0
    below = sum(v < value for v in values)
    equal = sum(v == value for v in values)
    return (below + 0.5 * (equal - 1)) / (len(values) - 1)


def quadrants(portfolio: Rows, now: datetime) -> dict[str, str]:
    today = now.date()
    scored = [a for a in portfolio["account"] if not a["archived"] and a["status"] != "lost"]
    orders: dict[int, list[dict]] = defaultdict(list)
    for order in portfolio["orders"]:
        if today - timedelta(days=365) < order["ordered_on"] <= today:
            orders[order["account_id"]].append(order)
    csat: dict[int, list[int]] = defaultdict(list)
    for entry in portfolio["log_entry"]:
        if entry["csat"] is not None and entry["occurred_at"] > now - timedelta(days=365):
            csat[entry["account_id"]].append(entry["csat"])

    numeric: dict[int, dict[str, float | None]] = {}
    for account in scored:
        mine = orders[account["id"]]
        amounts = [o["amount"] for o in mine]
        profits = [o["profit"] for o in mine if o["profit"] is not None]
        from_orders = {
            "revenue": sum(amounts) if amounts else None,
            "profit": sum(profits) if profits else None,
            "order_size": sum(amounts) / len(amounts) if amounts else None,
            "order_frequency": len(amounts) or None,
        }
        numeric[account["id"]] = {
            criterion: account[criterion] if account[criterion] is not None else from_orders[criterion]
            for criterion in from_orders
        }

    result = {}
    for account in scored:
        points = 0.0
        for criterion, value in numeric[account["id"]].items():
            if value is not None:
                present = [n[criterion] for n in numeric.values() if n[criterion] is not None]
                points += 100 * WEIGHTS[criterion] * percentile_rank(value, present) / sum(WEIGHTS.values())
        for criterion in ("growth", "strategic_fit", "influence"):
            if account[criterion] is not None:
                points += 100 * WEIGHTS[criterion] * (account[criterion] - 1) / 4 / sum(WEIGHTS.values())
        components = []
        if account["stage"] is not None:
            components.append((account["stage"] - 1) / 4)
        if account["share_of_wallet"] is not None:
            components.append(account["share_of_wallet"] / 100)
        if csat[account["id"]]:
            components.append((sum(csat[account["id"]]) / len(csat[account["id"]]) - 1) / 4)
        if not components:
            result[account["name"]] = "unrated"
            continue
        strength = 100 * sum(components) / len(components)
        attractive = points >= 50
        strong = strength >= 50
        result[account["name"]] = {
            (True, True): "strategic", (True, False): "star",
            (False, True): "status", (False, False): "streamline",
        }[attractive, strong]
    return result


def test_scoring_puts_accounts_in_every_quadrant(portfolio: Rows, now: datetime) -> None:
    counts = Counter(quadrants(portfolio, now).values())
    for quadrant in ("strategic", "star", "status", "streamline", "unrated"):
        assert counts[quadrant] >= 2, counts


def test_percentile_rank_follows_spec() -> None:
    assert percentile_rank(5, [5]) == 1.0
    assert [percentile_rank(v, [1, 2, 2, 4]) for v in (1, 2, 4)] == [0.0, 0.5, 1.0]


def test_the_portfolio_moves_with_now(tmp_path: Path, now: datetime) -> None:
    """Loaded a month later, the same history is simply a month later: reminders stay alive."""
    later = now + timedelta(days=31)
    rows = load(f"sqlite:///{tmp_path / 'later.db'}", later)
    newest_order: date = max(o["ordered_on"] for o in rows["orders"])
    assert (later.date() - newest_order).days <= 10
    assert min(later - e["occurred_at"] for e in rows["log_entry"]) < timedelta(days=4)


# --- issue 14: a coherent two-year story ----------------------------------------------------

MINATO = "株式会社みなと物流"


def by_name(portfolio: Rows) -> dict[str, dict[str, Any]]:
    return {a["name"]: a for a in portfolio["account"]}


def test_the_year_before_the_report_period_has_data_for_every_key_account(portfolio: Rows, now: datetime) -> None:
    """The dashboard compares the last 365 days with the 365 before: both hold orders, interactions
    and surveys for each key account (no +100 pp changes out of nothing)."""
    today = now.date()
    for account in portfolio["account"]:
        if account["tier"] != "key":
            continue
        mine = account["id"]
        order_ages = [(today - o["ordered_on"]).days for o in portfolio["orders"] if o["account_id"] == mine]
        entries = [e for e in portfolio["log_entry"] if e["account_id"] == mine]
        earlier = [e for e in entries if 365 <= (today - e["occurred_at"].date()).days < 730]
        assert any(365 <= days < 730 for days in order_ages), account["name"]
        assert len(earlier) >= 10, account["name"]
        assert sum(e["csat"] is not None for e in earlier) >= 3, account["name"]


def test_every_note_carries_one_sentiment(portfolio: Rows) -> None:
    """The same words never appear once as positive and once as negative."""
    sentiments: dict[str, set[str]] = defaultdict(set)
    for entry in portfolio["log_entry"]:
        sentiments[entry["notes"]].add(entry["sentiment"])
    mixed = {notes: found for notes, found in sentiments.items() if len(found) > 1}
    assert mixed == {}
    negative = {e["notes"] for e in portfolio["log_entry"] if e["sentiment"] == "negative"}
    assert not any("no issues" in notes or "問題なし" in notes for notes in negative)


def test_survey_answers_agree_with_their_sentiment(portfolio: Rows) -> None:
    surveys = [e for e in portfolio["log_entry"] if e["csat"] is not None]
    assert len(surveys) >= 150
    for entry in surveys:
        expected = "positive" if entry["csat"] >= 4 else "neutral" if entry["csat"] == 3 else "negative"
        assert entry["sentiment"] == expected, entry
        if entry["nps"] is not None:
            assert entry["nps"] >= 7 if expected == "positive" else entry["nps"] <= 7, entry


def test_lost_accounts_have_no_contact_rhythm(portfolio: Rows) -> None:
    lost = {a["id"] for a in portfolio["account"] if a["status"] == "lost"}
    assert lost
    assert all(a["cadence_days"] is None for a in portfolio["account"] if a["id"] in lost)
    assert all(c["cadence_days"] is None for c in portfolio["contact"] if c["account_id"] in lost)


def test_products_give_key_accounts_a_whitespace_map(portfolio: Rows, now: datetime) -> None:
    """SPEC §3 whitespace, computed here: owned (ordered in the last 365 days), open, lost (latest
    opportunity lost), empty. Key accounts show all four, and each has somewhere to grow."""
    today = now.date()
    orders, opportunities = portfolio["orders"], portfolio["opportunity"]
    assert all(o["product"] is not None for o in orders)
    products = {o["product"] for o in orders} | {o["product"] for o in opportunities if o["product"]}
    assert 4 <= len(products) <= 6

    def state(account_id: int, product: str) -> str:
        if any(o["account_id"] == account_id and o["product"] == product
               and (today - o["ordered_on"]).days < 365 for o in orders):
            return "owned"
        mine = [o for o in opportunities if o["account_id"] == account_id and o["product"] == product]
        if any(o["status"] == "open" for o in mine):
            return "open"
        if mine and max(mine, key=lambda o: o["created_at"])["status"] == "lost":
            return "lost"
        return "empty"

    key = [a for a in portfolio["account"] if a["tier"] == "key"]
    cells = {a["name"]: {product: state(a["id"], product) for product in products} for a in key}
    assert {s for row in cells.values() for s in row.values()} == {"owned", "open", "lost", "empty"}
    assert all("empty" in row.values() for row in cells.values()), cells
    probabilities = [o["probability"] for o in opportunities if o["probability"] is not None]
    assert len(probabilities) >= 5 and all(0 <= p <= 100 for p in probabilities)


def test_one_renewal_lapsed_and_one_recorded(portfolio: Rows, now: datetime) -> None:
    today = now.date()
    accounts = {a["id"]: a for a in portfolio["account"]}
    renewed = {r["account_id"] for r in portfolio["renewal"]}
    lapsed = [a["name"] for a in accounts.values()
              if a["renewal_date"] is not None and a["renewal_date"] < today and a["id"] not in renewed
              and a["status"] != "lost"]
    assert lapsed == [MINATO]

    [renewal] = portfolio["renewal"]
    account = accounts[renewal["account_id"]]
    assert renewal["previous"] < today < renewal["until"] == account["renewal_date"]
    history = [h for h in portfolio["account_history"]
               if h["account_id"] == account["id"] and h["field"] == "renewal_date"]
    assert [(h["old"], h["new"]) for h in history] == [(renewal["previous"].isoformat(),
                                                        renewal["until"].isoformat())]
    won = [o for o in portfolio["opportunity"] if o["account_id"] == account["id"]
           and o["type"] == "renewal" and o["status"] == "won"]
    assert [o["closed_at"].date() for o in won] == [renewal["renewed_at"].date()]


def test_risks_have_owners_severities_and_due_dates(portfolio: Rows, now: datetime) -> None:
    risks = portfolio["risk"]
    owners = {a["id"]: a["owner"] for a in portfolio["account"]}
    assert {r["severity"] for r in risks} == {"low", "medium", "high"}
    assert all(r["assignee"] for r in risks)
    assert any(r["assignee"] != owners[r["account_id"]] for r in risks), "a colleague mitigates one"
    assert sum(r["status"] == "open" and r["due"] is not None for r in risks) >= 4
    closed = [r for r in risks if r["status"] == "closed"]
    assert len(closed) == 1 and closed[0]["closed_at"] is not None and closed[0]["close_note"]
    assert all(r["closed_at"] is None and r["close_note"] is None for r in risks if r["status"] == "open")
    minato = by_name(portfolio)[MINATO]["id"]
    assert any(r["account_id"] == minato and r["severity"] == "high" and r["status"] == "open" for r in risks)


def test_targets_are_stored_like_every_setting(portfolio: Rows) -> None:
    stored = {s["key"]: json.loads(s["value"]) for s in portfolio["setting"]}
    assert stored["target.nrr"] == 1.05
    assert stored["target.csat_avg"] == 4.2


def test_work_is_given_to_colleagues_on_the_account_team(portfolio: Rows) -> None:
    accounts = {a["id"]: a for a in portfolio["account"]}
    team = {(m["account_id"], m["person"]) for m in portfolio["team_member"]}
    for kind in ("reminder", "objective"):
        given = [row for row in portfolio[kind] if row["assignee"] is not None]
        assert given, kind
        for row in given:
            assert row["assignee"] != accounts[row["account_id"]]["owner"]
            assert (row["account_id"], row["assignee"]) in team, row
    assert any(row["assignee"] == "yamada" for row in portfolio["reminder"]), "a support colleague's follow-up"


def test_objectives_have_targets_and_customer_side_owners(portfolio: Rows) -> None:
    contacts = {c["id"]: c for c in portfolio["contact"]}
    objectives = portfolio["objective"]
    with_owner = [o for o in objectives if o["customer_owner_id"] is not None]
    assert len(with_owner) >= 10 and sum(o["target"] is not None for o in objectives) >= 10
    assert all(contacts[o["customer_owner_id"]]["account_id"] == o["account_id"] for o in with_owner)
    assert all(not contacts[o["customer_owner_id"]]["left"] for o in with_owner if o["done_at"] is None)


def test_japanese_contacts_have_a_reading(portfolio: Rows) -> None:
    japanese = [c for c in portfolio["contact"] if not c["name"].isascii()]
    assert len(japanese) >= 40
    for contact in japanese:
        reading = contact["reading"]
        assert reading and all("ァ" <= ch <= "ヺ" or ch in "ー " for ch in reading), contact["name"]
        assert len(reading.split()) == len(contact["name"].split())
    assert all(c["reading"] is None for c in portfolio["contact"] if c["name"].isascii())


def test_minato_is_a_key_account_at_risk_in_the_star_quadrant(portfolio: Rows, now: datetime) -> None:
    """Another part tests the `score apply --demote` guard on it: key, at-risk, attractive but weak."""
    minato = by_name(portfolio)[MINATO]
    assert (minato["tier"], minato["status"]) == ("key", "at-risk")
    assert quadrants(portfolio, now)[MINATO] == "star"
