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
    run(
        "log",
        "Kappa",
        "Call",
        "--when",
        "2026-11-19 10:00",
        "--next",
        "2026-11-22",
        "--action",
        "Send the deck",
    )
    run(
        "accounts",
        "plan",
        "Kappa",
        "--objective",
        "Train the users",
        "--due",
        "2026-11-23",
        "--assignee",
        "Suzuki",
    )
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
    assert [item[0] for item in listed] == [
        item[0] for item in by_due(EVERYTHING)
    ]  # one account: by due date


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
    run(
        "accounts",
        "add",
        "Gamma",
        "--owner",
        "tanaka",
        "--tier",
        "key",
        "--status",
        "lost",
        "--cadence",
        "30",
    )
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
    assert run(
        "remind", "add", "Kappa", "Call back", "--due", "2026-11-21", "--assignee", " suzuki "
    ).stderr == ("Added reminder 1: Kappa: Call back (due 2026-11-21, for suzuki)\n")
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


@pytest.fixture
def handed(run, db_url):
    """Kappa owned by tanaka, with suzuki on its team as support; work for tanaka (named and
    unnamed) and for suzuki; contacts tanaka, sato and nobody know; two decision makers and one
    who left."""
    run("accounts", "add", "Kappa", "--owner", "tanaka", "--cadence", "3650")
    run("accounts", "team", "Kappa", "--add", "suzuki", "--role", "support")
    run("accounts", "team", "Kappa", "--add", "lee", "--role", "sales")
    run("contacts", "add", "Kappa", "Ito", "--role", "decision-maker", "--our-contact", "Tanaka")
    run("contacts", "add", "Kappa", "Abe", "--role", "economic-buyer", "--our-contact", "sato")
    run("contacts", "add", "Kappa", "Ueda", "--role", "decision-maker")
    run("contacts", "left", "Ueda")
    run("contacts", "add", "Kappa", "Oda", "--role", "champion", "--our-contact", "tanaka")
    run("remind", "add", "Kappa", "Named for tanaka", "--due", "2026-11-25", "--assignee", "tanaka")
    run("remind", "add", "Kappa", "Unnamed", "--due", "2026-11-26")
    run("remind", "add", "Kappa", "For suzuki", "--due", "2026-11-27", "--assignee", "suzuki")
    run("accounts", "plan", "Kappa", "--objective", "Pilot", "--due", "2026-11-28", "--assignee", "tanaka")
    add_risk(db_url, 1, "Budget freeze", due=date(2026, 11, 29), assignee="tanaka", severity="high")
    add_risk(db_url, 1, "Champion leaving", due=None, assignee="suzuki")
    return run


def test_handover_moves_the_work_and_adds_introductions(handed):
    before = due(handed, "--days", "14")
    outcome = handed("--user", "boss", "accounts", "handover", "Kappa", "--to", "lee")
    assert outcome.stderr == (
        "Handed Kappa over from tanaka to lee\n"
        "Moved to lee: 1 reminder, 1 objective, 1 risk, 2 contacts\n"
        "Added reminder 4 for tanaka: Introduce lee to Abe (due 2026-12-04)\n"
        "Added reminder 5 for tanaka: Introduce lee to Ito (due 2026-12-04)\n"
    )
    after = due(handed, "--days", "14")
    assert after == [
        (1, "follow-up", "Named for tanaka", "2026-11-25", "lee"),
        (2, "follow-up", "Unnamed", "2026-11-26", "lee"),
        (3, "follow-up", "For suzuki", "2026-11-27", "suzuki"),
        ("objective:1", "objective", "Pilot", "2026-11-28", "lee"),
        ("risk:1", "risk", "Budget freeze", "2026-11-29", "lee"),
        (4, "follow-up", "Introduce lee to Abe", "2026-12-04", "tanaka"),
        (5, "follow-up", "Introduce lee to Ito", "2026-12-04", "tanaka"),
    ]
    assert [item[0] for item in before] == [1, 2, 3, "objective:1", "risk:1"]
    assert [item[0] for item in due(handed, "--mine", "--days", "14", user="tanaka")] == [4, 5]
    contacts = handed("contacts", "list", "Kappa", "-f", "json").json()
    assert {c["name"]: c["our_contact"] for c in contacts} == {"Ito": "lee", "Abe": "sato", "Ueda": None,
                                                              "Oda": "lee"}  # fmt: skip
    assert handed("accounts", "team", "Kappa", "-f", "json").json() == [
        {"person": "lee", "role": "owner"},
        {"person": "suzuki", "role": "support"},
        {"person": "tanaka", "role": "other"},
    ]
    brief = outcome.stdout
    assert brief.startswith(
        "# Handover brief: Kappa\n\nFrom **tanaka** to **lee** · 2026-11-20 · written by boss"
    )
    assert (
        "## Introductions\n\nFollow-ups for **tanaka**, who knows these decision makers:\n\n"
        "- Introduce lee to Abe — due 2026-12-04 (reminder 4)\n"
        "- Introduce lee to Ito — due 2026-12-04 (reminder 5)\n"
    ) in brief
    assert (
        "## Risks\n\n"
        "- **HIGH** risk 1: Budget freeze — owner lee · due 2026-11-29\n"
        "- **MEDIUM** risk 2: Champion leaving — owner suzuki\n"
    ) in brief


def test_handover_keep_contacts_leaves_the_relationships(handed):
    handed("accounts", "handover", "Kappa", "--to", "lee", "--keep-contacts")
    contacts = handed("contacts", "list", "Kappa", "-f", "json").json()
    assert {c["name"]: c["our_contact"] for c in contacts}["Ito"] == "Tanaka"
    assert [item[0] for item in due(handed, "--mine", "--days", "14", user="lee")] == [
        1,
        2,
        "objective:1",
        "risk:1",
    ]


def test_handover_to_the_current_owner_is_refused_and_changes_nothing(handed):
    outcome = handed("accounts", "handover", "Kappa", "--to", " TANAKA ", exit=1)
    assert outcome.stderr == "Error: Kappa is already owned by tanaka: name the new owner with --to PERSON\n"
    assert [item[4] for item in due(handed, "--days", "14")] == [
        "tanaka",
        "tanaka",
        "suzuki",
        "tanaka",
        "tanaka",
    ]
    assert [h["field"] for h in handed("accounts", "history", "Kappa", "-f", "json").json()] == ["created"]


def test_report_team_counts_overdue_work_by_whom_it_belongs_to(run):
    """`report team`: an overdue follow-up given to a support colleague is theirs, not the owner's."""
    run("accounts", "add", "Acme", "--owner", "tanaka")
    run("remind", "add", "Acme", "Fix the invoice", "--due", "2026-11-10", "--assignee", "suzuki")
    run("remind", "add", "Acme", "Call back", "--due", "2026-11-12")
    rows = {row["owner"]: row for row in run("report", "team", "-f", "json").json()}
    assert (rows["tanaka"]["accounts"], rows["tanaka"]["overdue_reminders"]) == (1, 1)
    assert (rows["suzuki"]["accounts"], rows["suzuki"]["overdue_reminders"]) == (0, 1)
