"""The account map's findings and org chart (SPEC §5), on maps built to trigger each finding and not to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from kamctl.domain.account_map import (
    FINDING_SEVERITY,
    Interaction,
    MapContact,
    days_since,
    find_coverage_gaps,
    map_summary,
    org_chart,
    walk_chart,
)
from kamctl.domain.contacts import find_cycles, reporting_cycle

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=JST)


def ago(days: int, hour: int = 10) -> datetime:
    """A moment `days` calendar days before NOW's day (JST), at `hour`."""
    return datetime(2026, 11, 20, hour, tzinfo=JST) - timedelta(days=days)


def person(contact_id: int, name: str | None = None, **fields) -> MapContact:
    return MapContact(id=contact_id, name=name or f"P{contact_id}", **fields)


def met(days: int, *contact_ids: int) -> Interaction:
    return Interaction(ago(days), frozenset(contact_ids))


HEALTHY = [
    person(1, "Kenji", role="decision-maker", stance="supporter", influence=5, our_contact="suzuki",
           last_contact=ago(10)),
    person(2, "Daniel", role="champion", stance="champion", influence=4, reports_to=1, our_contact="tanaka",
           last_contact=ago(3)),
    person(3, "Yuki", role="user", stance="supporter", influence=3, reports_to=2, our_contact="mori"),
]  # fmt: skip
HEALTHY_LOG = [met(10, 1, 2), met(3, 2)]


def codes(contacts, interactions=(), now=NOW) -> list[str]:
    return [finding.code for finding in find_coverage_gaps(contacts, interactions, now=now)]


def test_a_healthy_map_has_no_findings():
    assert find_coverage_gaps(HEALTHY, HEALTHY_LOG, now=NOW) == []


def test_severities_are_the_documented_ones():
    assert FINDING_SEVERITY == {
        "single-threaded": "high",
        "no-decision-maker": "high",
        "decision-maker-cold": "medium",
        "no-champion": "medium",
        "blocker-high-influence": "high",
        "single-owner": "medium",
    }


def test_an_empty_map_raises_every_finding_that_needs_people_most_severe_first():
    findings = find_coverage_gaps([], [], now=NOW)
    assert [(f.severity, f.code, f.message) for f in findings] == [
        ("high", "single-threaded", "no active contacts on the map"),
        ("high", "no-decision-maker", "no active decision-maker or economic-buyer on the map"),
        ("medium", "no-champion", "no active champion: nobody there sells for us internally"),
        ("medium", "single-owner", "no active contacts, so nobody on our side knows anyone there"),
    ]


# --- single-threaded: fewer than 2 active contacts, or every logged interaction of the last 180
# days was with one contact.


def test_single_threaded_with_one_active_contact_and_others_who_left():
    contacts = [HEALTHY[0], person(2, "Gone", stance="champion", left=True)]
    [finding] = [f for f in find_coverage_gaps(contacts, [], now=NOW) if f.code == "single-threaded"]
    assert (finding.severity, finding.message, finding.contact_id) == (
        "high",
        "Kenji is the only active contact",
        1,
    )


def test_single_threaded_when_every_recent_interaction_was_with_one_contact():
    log = [met(5, 2), met(40, 2), met(170, 2)]
    [finding] = [f for f in find_coverage_gaps(HEALTHY, log, now=NOW) if f.code == "single-threaded"]
    assert finding.message == "every interaction of the last 180 days was with Daniel (3 entries)"
    assert finding.contact_id == 2


def test_not_single_threaded_when_interactions_name_two_people():
    assert "single-threaded" not in codes(HEALTHY, [met(5, 2), met(40, 1, 2)])
    assert "single-threaded" not in codes(HEALTHY, [met(5, 2), met(40, 3)])


def test_entries_without_contacts_do_not_count_either_way():
    # Only entries that name someone say who the relationship rests on.
    assert "single-threaded" in codes(HEALTHY, [met(5, 2), Interaction(ago(6), frozenset())])
    assert "single-threaded" not in codes(HEALTHY, [Interaction(ago(6), frozenset())])


def test_no_recent_interactions_with_contacts_is_not_single_threaded():
    assert "single-threaded" not in codes(HEALTHY, [])


@pytest.mark.parametrize(
    ("other_days_ago", "single"),
    [(178, False), (179, False), (180, True), (181, True)],
)
def test_single_threaded_window_is_today_and_the_179_days_before(other_days_ago, single):
    """An entry 179 days ago is in the last 180 days; one 180 days ago is not."""
    log = [met(1, 2), met(other_days_ago, 1)]
    assert ("single-threaded" in codes(HEALTHY, log)) is single


def test_single_threaded_window_counts_local_calendar_days():
    # 2026-05-24 23:30 JST is 14:30 UTC the same day: 180 days before 2026-11-20 in JST.
    late = datetime(2026, 5, 24, 23, 30, tzinfo=JST)
    assert days_since(late, now=NOW) == 180
    # 2026-05-25 00:30 JST is still 2026-05-24 in UTC, but 179 days ago on the user's calendar.
    early = datetime(2026, 5, 25, 0, 30, tzinfo=JST)
    assert days_since(early.astimezone(UTC), now=NOW) == 179
    assert "single-threaded" in codes(HEALTHY, [met(1, 2), Interaction(late, frozenset({1}))])
    assert "single-threaded" not in codes(HEALTHY, [met(1, 2), Interaction(early, frozenset({1}))])


# --- no-decision-maker


@pytest.mark.parametrize(
    ("roles", "left", "found"),
    [
        (("decision-maker", "user"), (False, False), False),
        (("economic-buyer", "user"), (False, False), False),
        (("influencer", "champion"), (False, False), True),
        (("decision-maker", "user"), (True, False), True),
        ((None, "user"), (False, False), True),
    ],
)
def test_no_decision_maker(roles, left, found):
    contacts = [
        person(1, role=roles[0], stance="champion", left=left[0], our_contact="a", last_contact=ago(1)),
        person(2, role=roles[1], stance="champion", left=left[1], our_contact="b", last_contact=ago(1)),
        person(3, role="user", stance="supporter", our_contact="c"),
    ]
    assert ("no-decision-maker" in codes(contacts)) is found


# --- decision-maker-cold: not contacted in 90 days; never counts as cold.


@pytest.mark.parametrize(
    ("days", "cold"),
    [(0, False), (1, False), (89, False), (90, True), (91, True), (400, True), (None, True)],
)
def test_decision_maker_cold_boundaries(days, cold):
    buyer = person(4, "Laura", role="economic-buyer", stance="neutral", our_contact="tanaka",
                   last_contact=None if days is None else ago(days))  # fmt: skip
    assert ("decision-maker-cold" in codes([*HEALTHY, buyer], HEALTHY_LOG)) is cold


def test_decision_maker_cold_names_each_cold_person():
    contacts = [
        person(1, "Kenji", role="decision-maker", stance="champion", our_contact="a", last_contact=ago(120)),
        person(2, "Laura", role="economic-buyer", stance="neutral", our_contact="b"),
        person(3, "Gone", role="decision-maker", stance="neutral", our_contact="c", left=True),
        person(4, "Priya", role="technical", stance="skeptic", our_contact="d", last_contact=ago(300)),
    ]
    cold = [(f.message, f.contact_id) for f in find_coverage_gaps(contacts, [], now=NOW)
            if f.code == "decision-maker-cold"]  # fmt: skip
    assert cold == [
        ("Kenji (decision-maker): last contacted 120 days ago", 1),
        ("Laura (economic-buyer): never contacted", 2),
    ]


def test_decision_maker_cold_uses_the_local_calendar_day():
    # 2026-08-23 08:00 JST is 2026-08-22 in UTC: 89 days ago in Tokyo, so still warm.
    moment = datetime(2026, 8, 23, 8, 0, tzinfo=JST).astimezone(UTC)
    buyer = person(4, role="economic-buyer", stance="neutral", our_contact="x", last_contact=moment)
    assert "decision-maker-cold" not in codes([*HEALTHY, buyer], HEALTHY_LOG)


def test_a_future_dated_contact_is_not_cold():
    buyer = person(4, role="economic-buyer", stance="neutral", our_contact="x", last_contact=ago(-3))
    assert "decision-maker-cold" not in codes([*HEALTHY, buyer], HEALTHY_LOG)


# --- no-champion: stance champion, not role champion.


@pytest.mark.parametrize(
    ("stance", "role", "left", "found"),
    [
        ("champion", "user", False, False),
        ("supporter", "champion", False, True),
        ("champion", "champion", True, True),
    ],
)
def test_no_champion(stance, role, left, found):
    contacts = [
        HEALTHY[0],
        person(2, role=role, stance=stance, left=left, our_contact="tanaka"),
        HEALTHY[2],
    ]
    assert ("no-champion" in codes(contacts, HEALTHY_LOG)) is found


# --- blocker-high-influence


@pytest.mark.parametrize(
    ("stance", "influence", "left", "found"),
    [
        ("blocker", 4, False, True),
        ("blocker", 5, False, True),
        ("blocker", 3, False, False),
        ("blocker", None, False, False),
        ("skeptic", 5, False, False),
        ("blocker", 5, True, False),
    ],
)
def test_blocker_high_influence(stance, influence, left, found):
    cfo = person(4, "Kobayashi", role="economic-buyer", stance=stance, influence=influence, left=left,
                 our_contact="sato", last_contact=ago(2))  # fmt: skip
    findings = [f for f in find_coverage_gaps([*HEALTHY, cfo], HEALTHY_LOG, now=NOW)
                if f.code == "blocker-high-influence"]  # fmt: skip
    assert bool(findings) is found
    if found:
        assert (findings[0].severity, findings[0].message, findings[0].contact_id) == (
            "high",
            f"Kobayashi is a blocker with influence {influence}",
            4,
        )


# --- single-owner: every active contact owned by the same person on our side (or none).


@pytest.mark.parametrize(
    ("owners", "message"),
    [
        (("sato", "sato", "sato"), "every active contact is owned by sato: a handover would lose them all"),
        (("sato", "SATO ", "Sato"), "every active contact is owned by sato: a handover would lose them all"),
        (("sato", None, ""), "sato is our only person with a relationship there; the others have no owner"),
        ((None, None, None), "no active contact has an owner on our side (set one with --our-contact)"),
        (("sato", "tanaka", None), None),
    ],
)
def test_single_owner(owners, message):
    contacts = [
        person(index + 1, role=role, stance=stance, our_contact=owner, last_contact=ago(1))
        for index, (owner, role, stance) in enumerate(
            zip(
                owners,
                ("decision-maker", "champion", "user"),
                ("supporter", "champion", "neutral"),
                strict=True,
            )
        )
    ]
    found = [
        f.message for f in find_coverage_gaps(contacts, [met(1, 1, 2)], now=NOW) if f.code == "single-owner"
    ]
    assert found == ([message] if message else [])


def test_single_owner_ignores_owners_of_people_who_left():
    contacts = [
        person(1, role="decision-maker", stance="champion", our_contact="sato", last_contact=ago(1)),
        person(2, role="user", stance="supporter", our_contact="sato", last_contact=ago(1)),
        person(3, role="user", stance="supporter", our_contact="tanaka", left=True),
    ]
    assert codes(contacts, [met(1, 1, 2)]) == ["single-owner"]


def test_findings_are_ordered_by_severity_then_spec_order():
    contacts = [
        person(1, "Boss", role="decision-maker", stance="blocker", influence=5, our_contact="sato"),
    ]
    assert codes(contacts) == [
        "single-threaded",
        "blocker-high-influence",
        "decision-maker-cold",
        "no-champion",
        "single-owner",
    ]


# --- The org chart.


def names(roots) -> list[tuple[str, int]]:
    return [(node.contact.name, depth) for node, depth in walk_chart(roots)]


def test_org_chart_roots_are_people_without_a_manager_on_the_map():
    contacts = [
        person(1, "Kenji", influence=5),
        person(2, "Laura", influence=5, reports_to=1),
        person(3, "Aiko", influence=2, reports_to=4),
        person(4, "Daniel", influence=4, reports_to=1),
        person(5, "Tom", influence=5, reports_to=2, left=True),
        person(6, "Priya", influence=3, reports_to=2),
        person(7, "Orphan", reports_to=99),
    ]
    assert names(org_chart(contacts)) == [
        ("Kenji", 0),
        ("Laura", 1),  # influence 5 before Daniel's 4
        ("Priya", 2),  # active people before those who left
        ("Tom", 2),
        ("Daniel", 1),
        ("Aiko", 2),
        ("Orphan", 0),  # a manager that is not on the map makes a root
    ]


def test_org_chart_never_loops_on_a_stored_cycle():
    contacts = [
        person(1, "A", reports_to=3),
        person(2, "B", reports_to=1),
        person(3, "C", reports_to=2),
        person(4, "D", reports_to=2),
        person(5, "Self", reports_to=5),
    ]
    assert names(org_chart(contacts)) == [("Self", 0), ("A", 0), ("B", 1), ("C", 2), ("D", 2)]


def test_org_chart_of_200_people_is_complete_and_deep_chains_need_no_recursion():
    contacts = [person(1, "Root")] + [
        person(i, reports_to=(i - 1) // 3 + 1 if i < 150 else i - 1) for i in range(2, 201)
    ]
    walked = list(walk_chart(org_chart(contacts)))
    assert sorted(node.contact.id for node, _ in walked) == list(range(1, 201))
    assert max(depth for _, depth in walked) > 50
    chain = [person(i, reports_to=i - 1 if i > 1 else None) for i in range(1, 3001)]
    assert len(list(walk_chart(org_chart(chain)))) == 3000


def test_find_cycles_and_reporting_cycle():
    assert find_cycles({1: 2, 2: 3, 3: 1, 4: 1, 5: None}) == [[1, 2, 3]]
    assert find_cycles({"a": "a"}) == [["a"]]
    assert find_cycles({1: None, 2: 1}) == []
    managers = {1: None, 2: 1, 3: 2}
    assert reporting_cycle(managers, 1, 3) == [1, 3, 2, 1]
    assert reporting_cycle(managers, 1, 1) == [1, 1]
    assert reporting_cycle(managers, 3, 1) is None
    assert reporting_cycle(managers, 2, None) is None
    assert reporting_cycle({1: 2, 2: 1, 3: None}, 3, 1) is None  # a stored cycle elsewhere


def test_map_summary():
    contacts = [*HEALTHY, person(4, "Gone", role="gatekeeper", stance="blocker", left=True, our_contact="ito"),
                person(5, "Kobayashi", role="economic-buyer", stance="blocker", our_contact="Suzuki ")]  # fmt: skip
    assert map_summary(contacts) == {
        "contacts": 5,
        "active": 4,
        "left": 1,
        "roles_covered": ["decision-maker", "economic-buyer", "champion", "user"],
        "roles_missing": ["influencer", "technical", "gatekeeper"],
        "champions": 1,
        "blockers": 1,
        "our_people": ["mori", "suzuki", "tanaka"],
    }
