"""Work that belongs to someone (SPEC §3, §7): assignees on reminders, objectives and risks,
contacts' rhythms for our person who knows them, `remind --mine/--owner`, and the handover that
moves the work and adds introductions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from helpers import portfolio_of, run_installed

pytestmark = pytest.mark.postgres


def due(run, *args: str, user: str = "tester") -> list[tuple]:
    items = run("--user", user, "remind", *args, "-f", "json").json()
    return [(item["id"], item["kind"], item["title"], item["due"], item["assignee"]) for item in items]


def add_risk(db_url: str, account_id: int, text: str, *, due: date | None, assignee: str | None = None,
             severity: str = "medium", status: str = "open") -> None:  # fmt: skip
    """A row of the risk table (its commands belong to `accounts risk`, which this test does not need)."""
    from kamctl.store.models import Risk

    with portfolio_of(db_url) as portfolio, portfolio.store().transaction() as session:
        session.add(Risk(account_id=account_id, text=text, severity=severity, assignee=assignee, due=due,
                         status=status, created_at=datetime(2026, 11, 1, tzinfo=UTC)))  # fmt: skip


@pytest.fixture
def team(run, db_url):
    """Kappa (owned by tanaka, cadence 14 from 2026-11-10): a follow-up for suzuki, one for tanaka,
    an objective for suzuki, a risk for tanaka; Ito's rhythm belongs to sato, Mori's to nobody
    named (so to tanaka)."""
    run("accounts", "add", "Kappa", "--owner", "tanaka", "--tier", "candidate", "--cadence", "14")
    run("contacts", "add", "Kappa", "Ito", "--cadence", "7", "--our-contact", "sato")
    run("contacts", "add", "Kappa", "Mori", "--cadence", "10")
    run("log", "Kappa", "Met both", "--with", "Ito", "--with", "Mori", "--when", "2026-11-18 10:00")
    run("remind", "add", "Kappa", "Fix the invoice", "--due", "2026-11-21", "--assignee", "suzuki")
    run("log", "Kappa", "Call", "--when", "2026-11-19 10:00", "--next", "2026-11-22", "--action", "Send the deck")
    run("accounts", "plan", "Kappa", "--objective", "Train the users", "--due", "2026-11-23", "--assignee", "Suzuki")
    add_risk(db_url, 1, "Budget freeze", due=date(2026, 11, 26))
    add_risk(db_url, 1, "Closed already", due=date(2026, 11, 20), status="closed")
    add_risk(db_url, 1, "No date yet", due=None)
    return run


EVERYTHING = [
    (1, "follow-up", "Fix the invoice", "2026-11-21", "suzuki"),
    (2, "follow-up", "Send the deck", "2026-11-22", "tanaka"),
    ("objective:1", "objective", "Train the users", "2026-11-23", "Suzuki"),
    ("cadence:1", "cadence", "Get in touch (every 14 days; last contact 2026-11-19)", "2026-12-03", "tanaka"),
    ("risk:1", "risk", "Budget freeze", "2026-11-26", "tanaka"),
    ("cadence:contact:1", "cadence", "Get in touch with Ito (every 7 days; last contact 2026-11-18)", "2026-11-25",
     "sato"),
    ("cadence:contact:2", "cadence", "Get in touch with Mori (every 10 days; last contact 2026-11-18)",
     "2026-11-28", "tanaka"),
]  # fmt: skip


def by_due(items: list[tuple]) -> list[tuple]:
    return sorted(items, key=lambda item: (item[3], str(item[0])))


def test_every_item_carries_its_assignee(team):
    listed = due(team, "--days", "14")
    assert sorted(listed, key=lambda item: (item[3], str(item[0]))) == by_due(EVERYTHING)
    assert [item[0] for item in listed] == [item[0] for item in by_due(EVERYTHING)]  # one account: by due date


@pytest.mark.parametrize(
    ("args", "user", "ids"),
    [
        (["--mine"], "tanaka", [2, "risk:1", "cadence:contact:2", "cadence:1"]),
        (["--mine"], "suzuki", [1, "objective:1"]),
        (["--owner", "SUZUKI"], "tester", [1, "objective:1"]),
        (["--mine"], "sato", ["cadence:contact:1"]),
        (["--owner", "sato"], "tanaka", ["cadence:contact:1"]),
        (["--mine"], "tester", []),
    ],
    ids=["owner", "support-colleague", "owner-option", "relationship-owner", "sato-by-name", "nobody"],
)
def test_remind_mine_is_the_work_that_belongs_to_me(team, args, user, ids):
    expected = [item for item in by_due(EVERYTHING) if item[0] in ids]
    assert due(team, *args, "--days", "14", user=user) == expected


def test_the_cached_fast_path_gives_the_same_work(team):
    """`remind --mine -f plain` as a real process: a cold run through stdlib sqlite3 (or the
    store on PostgreSQL), then again (from the cache on SQLite) — the same lines as the JSON."""
    expected = [
        "2026-11-21  in 1 day: Kappa: Fix the invoice  [follow-up 1]",
        "2026-11-23  in 3 days: Kappa: Train the users  [objective objective:1]",
    ]
    for _ in range(2):
        outcome = run_installed("--user", "suzuki", "remind", "--mine", "--days", "14", "-f", "plain")
        assert outcome.stdout.splitlines() == expected
    summary = run_installed("--user", "sato", "remind", "--mine", "--days", "14", "--summary")
    assert summary.stdout == "kamctl: 1 upcoming — kamctl remind\n"


def test_a_lost_account_gets_no_cadence_items(run):
    run("accounts", "add", "Gamma", "--owner", "tanaka", "--tier", "key", "--status", "lost", "--cadence", "30")
    run("contacts", "add", "Gamma", "Ito", "--cadence", "30")
    run("remind", "add", "Gamma", "Collect the last invoice", "--due", "2026-11-20")
    assert [item[0] for item in due(run, "--days", "0", "--on", "2027-06-01")] == [1, "review:1"]
    run("accounts", "edit", "Gamma", "--status", "active")
    assert [item[0] for item in due(run, "--days", "0", "--on", "2027-06-01")] == [
        1, "cadence:1", "cadence:contact:1", "review:1"
    ]  # fmt: skip


def test_a_renewal_whose_date_passed_is_lapsed(run):
    run("accounts", "add", "Kappa", "--renewal", "2026-12-31", "--cadence", "3650")
    assert due(run, "--on", "2026-12-31", "--days", "0") == [
        ("renewal:1", "renewal", "Renewal on 2026-12-31", "2026-10-02", "tester")
    ]
    assert due(run, "--on", "2027-01-01", "--days", "0") == [
        ("renewal:1", "renewal", "Renewal lapsed", "2026-10-02", "tester")
    ]


def test_a_risk_is_snoozed_like_any_item_and_closed_by_its_own_command(run, db_url):
    run("accounts", "add", "Kappa", "--cadence", "3650")
    add_risk(db_url, 1, "Budget freeze", due=date(2026, 11, 20), assignee="suzuki")
    assert due(run, "--days", "0") == [("risk:1", "risk", "Budget freeze", "2026-11-20", "suzuki")]
    assert run("remind", "done", "risk:1", exit=1).stderr == (
        "Error: risk:1 is cleared by closing the risk: kamctl accounts risk close 1 [--note TEXT]; "
        "to hide it for now: kamctl remind snooze risk:1 --until DATE\n"
    )
    assert run("remind", "snooze", "risk:2", "--until", "tomorrow", exit=1).stderr == (
        "Error: no risk:2: risk 2 does not exist\n"
    )
    run("remind", "snooze", "risk:1", "--until", "2026-11-22")
    assert due(run, "--days", "0") == []
    assert due(run, "--on", "2026-11-22", "--days", "0") == [
        ("risk:1", "risk", "Budget freeze", "2026-11-20", "suzuki")
    ]
    assert due(run, "--kind", "risk", "--days", "0", "--on", "2026-11-22")[0][0] == "risk:1"


def test_assignee_options(run):
    run("accounts", "add", "Kappa", "--owner", "tanaka", "--cadence", "3650")
    assert run("remind", "add", "Kappa", "Call back", "--due", "2026-11-21", "--assignee", " suzuki ").stderr == (
        "Added reminder 1: Kappa: Call back (due 2026-11-21, for suzuki)\n"
    )
    run("log", "Kappa", "Met", "--next", "2026-11-22", "--assignee", "sato")
    assert [item[4] for item in due(run)] == ["suzuki", "sato"]
    for args, message in [
        (("remind", "add", "Kappa", "x", "--due", "today", "--assignee", " "),
         "--assignee needs a person's name (e.g. --assignee suzuki)"),
        (("log", "Kappa", "Met", "--assignee", "sato"),
         "--assignee names who does the follow-up: give its date with --next DATE too"),
        (("accounts", "plan", "Kappa", "--assignee", "sato"),
         "--assignee belongs to --objective: kamctl accounts plan NAME --objective TEXT --due DATE "
         "--assignee PERSON"),
    ]:  # fmt: skip
        outcome = run(*args, exit=1)
        assert outcome.stderr == f"Error: {message}\n"
    assert len(due(run)) == 2  # nothing half-written
