"""The reminder engine (SPEC §7): due dates of the six kinds, the window, snoozes, ids and order."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from kamctl.domain.reminders import (
    DueAccount,
    DueContact,
    DueFacts,
    DueRules,
    OpenObjective,
    StoredReminder,
    all_items,
    anything_due_now,
    cadence_due,
    due_list,
    grouped,
    needs_scores,
    parse_item_ref,
    review_due,
)
from kamctl.errors import InvalidValue

ON = date(2026, 11, 20)
TOKYO = timezone(timedelta(hours=9))
RULES = DueRules()  # cadence key 14, candidate 30, standard none; lead 90; review 3 months; 7 days


def at(day: date, hour: int = 9) -> datetime:
    """A moment on `day` in Tokyo, stored as UTC (as the database keeps it)."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=TOKYO).astimezone(UTC)


def account(id: int = 1, *, tier: str = "standard", **values) -> DueAccount:
    values.setdefault("created_at", at(date(2020, 1, 1)))
    return DueAccount(id=id, name=values.pop("name", f"Account {id}"), tier=tier, owner="sato", **values)


def items_for(facts: DueFacts, *, on: date = ON, days: int = 7) -> list[tuple[str | int, date]]:
    return [(item.id, item.due) for item in due_list(facts, RULES, on=on, days=days, tz=TOKYO)]


# Each kind, with its due date placed at: yesterday, today, the window's last day, one day beyond.
BOUNDARIES = [(-1, True), (0, True), (7, True), (8, False)]


def kind_facts(kind: str, due: date) -> tuple[DueFacts, str | int]:
    """Facts in which exactly one item of `kind` is due on `due`, and that item's id."""
    if kind == "follow-up":
        return DueFacts([account()], reminders=[StoredReminder(5, 1, "Send proposal", due)]), 5
    if kind == "recurring":
        return DueFacts([account()], reminders=[StoredReminder(6, 1, "Weekly call", due, rule="weekly")]), 6
    if kind == "cadence":
        # latest contact + cadence_days (14 for key accounts); the review is pushed out of the way
        last = at(due - timedelta(days=14))
        return DueFacts([account(tier="key", last_contact=last, last_review=at(ON))]), "cadence:1"
    if kind == "cadence-contact":
        contact = DueContact(9, 1, "Ito Ken", cadence_days=30, created_at=at(date(2020, 1, 1)),
                             last_contact=at(due - timedelta(days=30)))  # fmt: skip
        return DueFacts([account()], contacts=[contact]), "cadence:contact:9"
    if kind == "renewal":
        return DueFacts([account(renewal_date=due + timedelta(days=90))]), "renewal:1"
    if kind == "review":
        from dateutil.relativedelta import relativedelta

        last = at(due - relativedelta(months=3))
        return DueFacts([account(tier="key", cadence_days=3650, last_review=last)]), "review:1"
    if kind == "objective":
        return DueFacts([account()], objectives=[OpenObjective(8, 1, "Meet the CFO", due)]), "objective:8"
    raise AssertionError(kind)


KINDS = ("follow-up", "recurring", "cadence", "cadence-contact", "renewal", "review", "objective")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("offset", "shown"), BOUNDARIES, ids=["yesterday", "today", "window-end", "beyond"])
def test_each_kind_is_shown_from_overdue_to_the_last_day_of_the_window(kind, offset, shown):
    due = ON + timedelta(days=offset)
    facts, item_id = kind_facts(kind, due)
    assert items_for(facts) == ([(item_id, due)] if shown else [])


@pytest.mark.parametrize("kind", KINDS)
def test_a_snooze_hides_every_kind_until_its_day(kind):
    facts, item_id = kind_facts(kind, ON - timedelta(days=1))
    snoozed = DueFacts(
        facts.accounts,
        facts.contacts,
        facts.reminders,
        facts.objectives,
        {str(item_id): ON + timedelta(days=3)},
    )
    assert items_for(snoozed) == []
    assert items_for(snoozed, on=ON + timedelta(days=2)) == []
    # On the snooze's day it is back, with its own due date (3 days overdue by then)
    assert items_for(snoozed, on=ON + timedelta(days=3)) == [(item_id, ON - timedelta(days=1))]


def test_cadence_counts_from_creation_when_nothing_was_logged_and_uses_the_local_day():
    created = datetime(2026, 11, 5, 16, 0, tzinfo=UTC)  # 01:00 on Nov 6 in Tokyo
    assert cadence_due(None, created, 14, TOKYO) == date(2026, 11, 20)
    assert cadence_due(None, created, 14, UTC) == date(2026, 11, 19)


def test_review_counts_months_from_the_latest_review_or_creation():
    assert review_due(None, at(date(2026, 8, 31)), 3, TOKYO) == date(2026, 11, 30)
    assert review_due(at(date(2026, 11, 30)), at(date(2020, 1, 1)), 3, TOKYO) == date(2027, 2, 28)


def test_account_cadence_overrides_the_tier_and_standard_accounts_have_none_by_default():
    facts = DueFacts(
        [
            account(1, tier="standard"),  # no rhythm: nothing
            account(2, tier="standard", cadence_days=7),
            account(3, tier="candidate"),  # 30 days
        ]
    )
    ids = {item.id for item in all_items(facts, RULES, tz=TOKYO) if item.kind == "cadence"}
    assert ids == {"cadence:2", "cadence:3"}


def test_review_is_only_for_key_accounts_and_renewal_needs_a_date():
    facts = DueFacts([account(1, tier="candidate", renewal_date=date(2027, 1, 1)), account(2, tier="key")])
    kinds = sorted((item.kind, item.id) for item in all_items(facts, RULES, tz=TOKYO))
    assert kinds == [
        ("cadence", "cadence:1"), ("cadence", "cadence:2"), ("renewal", "renewal:1"), ("review", "review:2"),
    ]  # fmt: skip


def test_order_is_due_date_then_tier_then_score_and_groups_follow_the_day():
    facts = DueFacts(
        [
            account(1, tier="standard"),
            account(2, tier="key", last_review=at(ON)),
            account(3, tier="key", last_review=at(ON)),
            account(4, tier="candidate"),
        ],
        reminders=[
            StoredReminder(1, 1, "a", ON),
            StoredReminder(2, 2, "b", ON),
            StoredReminder(3, 3, "c", ON),
            StoredReminder(4, 4, "d", ON - timedelta(days=2)),
            StoredReminder(5, 1, "e", ON + timedelta(days=1)),
        ],
    )
    items = due_list(facts, DueRules(cadence_by_tier={}), on=ON, scores={2: 10.0, 3: 80.5}, tz=TOKYO)
    assert [item.id for item in items] == [4, 3, 2, 1, 5]
    assert [(group, [i.id for i in members]) for group, members in grouped(items, ON)] == [
        ("overdue", [4]), ("today", [3, 2, 1]), ("upcoming", [5]),
    ]  # fmt: skip
    assert [item.days_overdue(ON) for item in items] == [2, 0, 0, 0, -1]
    assert items[0].record(ON) == {
        "id": 4, "kind": "follow-up", "account": "Account 4", "contact": None, "title": "d",
        "due": ON - timedelta(days=2), "days_overdue": 2, "tier": "candidate", "assignee": "sato",
    }  # fmt: skip
    assert needs_scores(items) and anything_due_now(items, ON)
    assert not anything_due_now(items[-1:], ON)


def test_kinds_filter_and_days_window():
    facts, _ = kind_facts("objective", ON + timedelta(days=10))
    assert due_list(facts, RULES, on=ON, days=10, kinds=["objective"], tz=TOKYO)[0].id == "objective:8"
    assert due_list(facts, RULES, on=ON, days=10, kinds=["follow-up"], tz=TOKYO) == []
    assert due_list(facts, RULES, on=ON, tz=TOKYO) == []  # upcoming_days = 7


@pytest.mark.parametrize(
    ("text", "kind", "number", "item_id"),
    [
        ("12", "stored", 12, "12"),
        (" cadence:3 ", "cadence", 3, "cadence:3"),
        ("Cadence:Contact:5", "cadence-contact", 5, "cadence:contact:5"),
        ("renewal:3", "renewal", 3, "renewal:3"),
        ("review:3", "review", 3, "review:3"),
        ("objective:8", "objective", 8, "objective:8"),
    ],
)
def test_item_ids_as_typed(text, kind, number, item_id):
    ref = parse_item_ref(text)
    assert (ref.kind, ref.number, ref.item_id) == (kind, number, item_id)


@pytest.mark.parametrize("text", ["", "x", "cadence:", "cadence:x", "renewal:contact:1", "-3", "3.5"])
def test_bad_item_ids(text):
    with pytest.raises(InvalidValue, match="is not a reminder id"):
        parse_item_ref(text)
