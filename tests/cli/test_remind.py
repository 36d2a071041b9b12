"""`kamctl remind` (SPEC §7): the due list, its formats and exit codes, and stored reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from helpers import portfolio_of

pytestmark = pytest.mark.postgres

TODAY = date(2026, 11, 20)  # conftest's KAMCTL_NOW


def due(run, *args):
    return run("remind", *args, "-f", "json").json()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def make_item(run, monkeypatch, kind: str, offset: int) -> str:
    """One item of `kind` due TODAY + offset; returns its id as JSON shows it."""
    target = TODAY + timedelta(days=offset)
    if kind == "follow-up":
        run("accounts", "add", "Acme")
        run("remind", "add", "Acme", "Send proposal", "--due", target.isoformat())
        return 1
    if kind == "recurring":
        run("accounts", "add", "Acme")
        run("remind", "add", "Acme", "Daily check", "--due", target.isoformat(), "--every", "daily")
        return 1
    if kind == "cadence":
        run("accounts", "add", "Acme", "--cadence", "10")
        run("log", "Acme", "Met", "--when", (target - timedelta(days=10)).isoformat())
        return "cadence:1"
    if kind == "cadence-contact":
        run("accounts", "add", "Acme")
        run("contacts", "add", "Acme", "Ito Ken", "--cadence", "10")
        run("log", "Acme", "Met", "--with", "Ito Ken", "--when", (target - timedelta(days=10)).isoformat())
        return "cadence:contact:1"
    if kind == "renewal":
        run("accounts", "add", "Acme", "--renewal", (target + timedelta(days=90)).isoformat())
        return "renewal:1"
    if kind == "review":
        run("accounts", "add", "Acme", "--tier", "key", "--cadence", "3650")
        monkeypatch.setenv("KAMCTL_NOW", f"{(target - timedelta(days=92)).isoformat()}T09:00:00+09:00")
        run("accounts", "review", "Acme")
        monkeypatch.setenv("KAMCTL_NOW", "2026-11-20T09:00:00+09:00")
        return "review:1"
    if kind == "objective":
        run("accounts", "add", "Acme")
        run("accounts", "plan", "Acme", "--objective", "Meet the CFO", "--due", target.isoformat())
        return "objective:1"
    raise AssertionError(kind)


KINDS = ("follow-up", "recurring", "cadence", "cadence-contact", "renewal", "review", "objective")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("offset", "shown"),
    [(-1, True), (0, True), (7, True), (8, False)],
    ids=["yesterday", "today", "window-end", "beyond"],
)
def test_each_kind_at_its_boundary_days(run, monkeypatch, kind, offset, shown):
    item_id = make_item(run, monkeypatch, kind, offset)
    found = [(item["id"], item["kind"], item["due"], item["days_overdue"]) for item in due(run)]
    expected_kind = "cadence" if kind == "cadence-contact" else kind
    assert found == ([(item_id, expected_kind, day(offset), -offset)] if shown else [])


def test_review_due_counts_months(run, monkeypatch):
    run("accounts", "add", "Acme", "--tier", "key", "--cadence", "3650")
    monkeypatch.setenv("KAMCTL_NOW", "2026-08-20T09:00:00+09:00")
    run("accounts", "review", "Acme")
    monkeypatch.setenv("KAMCTL_NOW", "2026-11-20T09:00:00+09:00")
    assert [(i["id"], i["due"]) for i in due(run)] == [("review:1", "2026-11-20")]


@pytest.fixture
def portfolio(run):
    run("accounts", "add", "Kappa Motors", "--tier", "key", "--owner", "sato", "--renewal", "2027-02-20")
    run("accounts", "add", "Blue Harbor", "--tier", "candidate", "--owner", "tester")
    run("contacts", "add", "Kappa Motors", "Ito Ken")
    run("log", "Kappa Motors", "QBR", "--when", "2026-11-01 10:00")  # cadence 14: due 2026-11-15
    run("log", "Blue Harbor", "Call", "--when", "2026-10-30 10:00")  # cadence 30: due 2026-11-29
    run("accounts", "review", "Kappa Motors")
    run("remind", "add", "Kappa Motors", "Send proposal", "--due", "2026-11-20", "--contact", "Ito Ken")
    run("remind", "add", "Blue Harbor", "Weekly report", "--due", "2026-11-23", "--every", "weekly")
    return run


def test_the_due_list_json_grouped_and_ordered(portfolio):
    assert due(portfolio) == [
        {"id": "cadence:1", "kind": "cadence", "account": "Kappa Motors", "contact": None,
         "title": "Get in touch (every 14 days; last contact 2026-11-01)", "due": "2026-11-15", "days_overdue": 5,
         "tier": "key", "assignee": "sato"},
        {"id": 1, "kind": "follow-up", "account": "Kappa Motors", "contact": "Ito Ken", "title": "Send proposal",
         "due": "2026-11-20", "days_overdue": 0, "tier": "key",
         "assignee": "sato"},
        {"id": "renewal:1", "kind": "renewal", "account": "Kappa Motors", "contact": None,
         "title": "Renewal on 2027-02-20", "due": "2026-11-22", "days_overdue": -2, "tier": "key",
         "assignee": "sato"},
        {"id": 2, "kind": "recurring", "account": "Blue Harbor", "contact": None, "title": "Weekly report",
         "due": "2026-11-23", "days_overdue": -3, "tier": "candidate",
         "assignee": "tester"},
    ]  # fmt: skip


def test_plain_table_quiet_and_check(portfolio):
    plain = portfolio("remind", "-f", "plain", "--check", exit=3)
    assert plain.stdout.splitlines() == [
        "2026-11-15  5 days overdue: Kappa Motors: Get in touch (every 14 days; last contact 2026-11-01)  [cadence cadence:1]",
        "2026-11-20  today: Kappa Motors (Ito Ken): Send proposal  [follow-up 1]",
        "2026-11-22  in 2 days: Kappa Motors: Renewal on 2027-02-20  [renewal renewal:1]",
        "2026-11-23  in 3 days: Blue Harbor: Weekly report  [recurring 2]",
    ]
    assert "│" not in plain.stdout and "\x1b" not in plain.stdout
    table = portfolio("remind")
    titles = [
        line.strip()
        for line in table.stdout.splitlines()
        if line.startswith(("Overdue", "Today", "Upcoming"))
    ]
    assert titles == ["Overdue (1)", "Today (1)", "Upcoming (2)"]
    # Only upcoming items: --check passes; nothing at all: --quiet prints nothing
    assert portfolio("remind", "--kind", "recurring", "--check").exit_code == 0
    quiet = portfolio("remind", "--quiet", "--check", "--on", "2026-11-10", "--days", "1")
    assert (quiet.stdout, quiet.stderr) == ("", "")
    assert portfolio("remind", "--on", "2026-11-10", "--days", "0").stderr == "Nothing due today.\n"
    assert (
        portfolio("remind", "--on", "2026-11-10", "--days", "2").stderr == "Nothing due up to 2026-11-12.\n"
    )
    assert portfolio("remind", "--on", "2026-11-10", "--days", "1", "-f", "json").stdout == "[]\n"


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("--owner", "SATO"), ["cadence:1", 1, "renewal:1"]),
        (("--mine",), [2]),
        (("--account", "blue harbor"), [2]),
        (("--kind", "renewal", "--kind", "follow-up"), [1, "renewal:1"]),
        (("--days", "0"), ["cadence:1", 1]),
        (("--days", "10"), ["cadence:1", 1, "renewal:1", 2, "cadence:2"]),
        (("--on", "2026-11-23", "--days", "0"), ["cadence:1", 1, "renewal:1", 2]),
    ],
)
def test_filters(portfolio, args, ids):
    assert [item["id"] for item in due(portfolio, *args)] == ids


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--kind", "meeting"),
            "Error: --kind must be one of follow-up, recurring, cadence, renewal, review, objective, risk (got 'meeting')",
        ),
        (("--days", "-1"), "Error: --days must be between 0 and 3650 (got -1)"),
        (("--days", "x"), "Error: --days must be a whole number of days (got 'x')"),
        (("--account", "Kappa Motor"), "Error: no account 'Kappa Motor'; did you mean 'Kappa Motors'?"),
        (("--on", "someday"), "Error: cannot read date 'someday'"),
    ],
)
def test_bad_options(portfolio, args, message):
    assert portfolio("remind", *args, exit=1).stderr.startswith(message)


def test_archived_accounts_are_left_out(portfolio):
    portfolio("accounts", "archive", "Kappa Motors")
    assert [item["id"] for item in due(portfolio)] == [2]


def test_done_follow_up_recurring_objective_and_log(portfolio):
    assert (
        portfolio("remind", "done", "1", "--log", "Sent it").stderr
        == "Reminder 1 done: Send proposal\nLogged 3\n"
    )
    entry = portfolio("log", "list", "-f", "json").json()[0]
    assert (entry["notes"], entry["contacts"]) == ("Sent it", ["Ito Ken"])
    # Weekly from Monday Nov 23: done early moves it to the next Monday
    assert portfolio("remind", "done", "2").stderr == "Reminder 2 done; next on 2026-11-30: Weekly report\n"
    assert [r["due"] for r in portfolio("remind", "list", "-f", "json").json()] == ["2026-11-30"]
    assert portfolio("remind", "done", "1", exit=1).stderr == "Error: reminder 1 is already done\n"
    portfolio("accounts", "plan", "Blue Harbor", "--objective", "Pilot", "--due", "2026-11-21")
    assert portfolio("remind", "done", "objective:1").stderr == "Objective 1 done: Pilot\n"
    assert "objective:1" not in [item["id"] for item in due(portfolio)]


def test_done_on_a_recurring_reminder_that_is_weeks_late_skips_to_after_today(run):
    run("accounts", "add", "Acme")
    run("remind", "add", "Acme", "Weekly", "--due", "2026-10-30", "--every", "weekly")
    assert run("remind", "done", "1").stderr == "Reminder 1 done; next on 2026-11-27: Weekly\n"


def test_done_explains_computed_items_and_logs_cadence(portfolio):
    assert portfolio("remind", "done", "cadence:1", exit=1).stderr.startswith(
        "Error: cadence:1 is cleared by logging a contact with the account"
    )
    assert portfolio("remind", "done", "review:1", exit=1).stderr.startswith(
        "Error: review:1 is cleared by recording the review: kamctl accounts review ACCOUNT"
    )
    assert portfolio("remind", "done", "renewal:1", exit=1).stderr.startswith(
        "Error: renewal:1 is due until the renewal date moves"
    )
    assert portfolio("remind", "done", "cadence:1", "--log", "Called").stderr == "Logged 3\n"
    assert "cadence:1" not in [item["id"] for item in due(portfolio)]
    assert portfolio("remind", "done", "99", exit=1).stderr.startswith("Error: no reminder 99")
    assert portfolio("remind", "done", "nope", exit=1).stderr.startswith("Error: 'nope' is not a reminder id")


def test_snooze_every_kind(portfolio):
    assert portfolio("remind", "snooze", "1", "--until", "2026-11-25").stderr == (
        "Follow-up 1 moved to 2026-11-25: Send proposal\n"
    )
    for item in ("cadence:1", "renewal:1", "2"):
        assert (
            portfolio("remind", "snooze", item, "--until", "2026-11-24").stderr
            == f"Snoozed {item} until 2026-11-24\n"
        )
    assert [i["id"] for i in due(portfolio)] == [1]
    assert [i["id"] for i in due(portfolio, "--on", "2026-11-24", "--days", "1")] == [
        "cadence:1",
        "renewal:1",
        2,
        1,
    ]
    assert portfolio("remind", "snooze", "cadence:99", "--until", "friday", exit=1).stderr.startswith(
        "Error: no cadence:99: account 99 does not exist"
    )
    assert portfolio("remind", "snooze", "1", "--until", "today", exit=1).stderr == (
        "Error: snooze until a day after today (got 2026-11-20)\n"
    )


def test_add_list_and_rm(portfolio):
    outcome = portfolio(
        "remind",
        "add",
        "Kappa Motors",
        "Monthly call",
        "--due",
        "2026-11-20",
        "--every",
        "first monday of month",
    )
    assert (
        outcome.stderr
        == "Added reminder 3: Kappa Motors: Monthly call (due 2026-12-07, repeating first monday of month)\n"
    )
    listed = portfolio("remind", "list", "-f", "json").json()
    assert [(r["id"], r["kind"], r["due"], r["rule"]) for r in listed] == [
        (1, "follow-up", "2026-11-20", None), (2, "recurring", "2026-11-23", "weekly"),
        (3, "recurring", "2026-12-07", "first monday of month"),
    ]  # fmt: skip
    assert portfolio("remind", "rm", "cadence:1", exit=1).stderr.startswith(
        "Error: cadence:1 is computed from the data"
    )
    assert portfolio("remind", "rm", "3", exit=1).stderr.startswith(
        "Error: Remove reminder 3 (Monthly call): not confirmed"
    )
    assert portfolio("remind", "rm", "3", "--yes").stderr == "Removed reminder 3\n"
    portfolio("remind", "done", "1")
    assert [r["id"] for r in portfolio("remind", "list", "-f", "json").json()] == [2]
    assert [r["id"] for r in portfolio("remind", "list", "--all", "-f", "json").json()] == [2, 1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("Kappa Motors", "x", "--due", "friday", "--every", "hourly"),
            "Error: cannot read the recurrence rule 'hourly'",
        ),
        (
            ("Kappa Motors", "x", "--due", "friday", "--every", "RRULE:FREQ=DAILY;COUNT=1;UNTIL=20200101"),
            "Error: invalid RRULE",
        ),
        (
            ("Kappa Motors", "x", "--due", "friday", "--contact", "Nobody"),
            "Error: no contact 'Nobody' in Kappa Motors",
        ),
        (("Kappa Motors", " ", "--due", "friday"), "Error: the reminder's title must not be empty"),
        (("Nope", "x", "--due", "friday"), "Error: no account 'Nope'"),
    ],
)
def test_add_errors(portfolio, args, message):
    assert portfolio("remind", "add", *args, exit=1).stderr.startswith(message)


def database_of(db_url: str) -> str:
    """The database's own id, as every exported UID carries it."""
    from kamctl.store.engine import database_id, open_store

    store = open_store(db_url)
    try:
        with store.connection(write=False) as connection:
            return database_id(connection)
    finally:
        store.dispose()


def test_export_is_a_valid_calendar_with_stable_uids_and_rrules(portfolio, db_url, tmp_path):
    icalendar = pytest.importorskip("icalendar")
    target = tmp_path / "kamctl.ics"
    assert portfolio("remind", "export", "-o", str(target)).stderr == f"Exported 5 reminders to {target}\n"
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    todos = {str(todo["UID"]): todo for todo in calendar.walk("VTODO")}
    database = database_of(db_url)
    assert len(database) >= 16
    # 90 days: up to 2027-02-18; Kappa's next review (2027-02-20) is beyond
    assert set(todos) == {
        f"{name}.{database}@kamctl"
        for name in ("cadence-1", "reminder-1", "renewal-1", "reminder-2", "cadence-2")
    }
    weekly = todos[f"reminder-2.{database}@kamctl"]
    assert weekly["RRULE"].to_ical() == b"FREQ=WEEKLY"
    assert (weekly["DTSTART"].dt, weekly["DUE"].dt) == (date(2026, 11, 23), date(2026, 11, 24))
    proposal = todos[f"reminder-1.{database}@kamctl"]
    assert str(proposal["SUMMARY"]) == "Kappa Motors: Send proposal"
    assert {str(uid): int(todo["PRIORITY"]) for uid, todo in todos.items()} == {
        f"cadence-1.{database}@kamctl": 1, f"reminder-1.{database}@kamctl": 1, f"renewal-1.{database}@kamctl": 1,
        f"reminder-2.{database}@kamctl": 5, f"cadence-2.{database}@kamctl": 5,
    }  # fmt: skip
    again = icalendar.Calendar.from_ical(portfolio("remind", "export", "--days", "90").stdout.encode())
    assert sorted(str(t["UID"]) for t in again.walk("VTODO")) == sorted(todos)


def test_two_databases_never_share_a_uid(run, tmp_path):
    uids = []
    for name in ("ana.db", "ben.db"):
        path = tmp_path / name
        run("--db", str(path), "accounts", "add", "Kappa Motors")
        run("--db", str(path), "remind", "add", "Kappa Motors", "Call", "--due", "2026-11-21")
        text = run("--db", str(path), "remind", "export").stdout
        uids.append([line for line in text.splitlines() if line.startswith("UID:reminder-1.")])
    assert len(uids[0]) == len(uids[1]) == 1 and uids[0] != uids[1]


def exported(run, *args) -> list:
    icalendar = pytest.importorskip("icalendar")
    calendar = icalendar.Calendar.from_ical(run("remind", "export", *args).stdout)
    return [part for part in calendar.walk() if part.name in ("VTODO", "VEVENT")]


def test_done_items_stay_in_the_export_as_completed_for_days(run, monkeypatch):
    run("accounts", "add", "Acme", "--tier", "standard")
    run("remind", "add", "Acme", "Send proposal", "--due", "2026-11-18")
    run("remind", "add", "Acme", "Call back", "--due", "2026-11-25")
    run("accounts", "plan", "Acme", "--objective", "Meet the CFO", "--due", "2026-11-19")
    run("remind", "done", "1")
    run("remind", "done", "objective:1")
    items = {str(part["CATEGORIES"].to_ical(), "utf-8") + str(part["SUMMARY"]): part for part in exported(run)}
    proposal, objective = items["follow-upAcme: Send proposal"], items["objectiveAcme: Meet the CFO"]
    for done in (proposal, objective):
        assert (str(done["STATUS"]), done["COMPLETED"].dt, int(done["PRIORITY"])) == (
            "COMPLETED", datetime(2026, 11, 20, 0, 0, tzinfo=UTC), 9,
        )  # fmt: skip
    assert str(items["follow-upAcme: Call back"]["STATUS"]) == "NEEDS-ACTION"
    # Done 3 days ago: `--days 2` leaves it out (as the calendar has long closed it).
    monkeypatch.setenv("KAMCTL_NOW", "2026-11-23T09:00:00+09:00")
    assert [str(part["SUMMARY"]) for part in exported(run, "--days", "2")] == ["Acme: Call back"]
    assert len(exported(run, "--days", "3")) == 3


def test_a_rule_with_count_ends_after_that_many_done_occurrences(run):
    run("accounts", "add", "Acme", "--tier", "key", "--cadence", "3650")
    run("remind", "add", "Acme", "Weekly call", "--due", "2026-11-20", "--every", "RRULE:FREQ=WEEKLY;COUNT=3")
    [todo] = [part for part in exported(run) if "Weekly" in str(part["SUMMARY"])]
    assert todo["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=3"
    assert run("remind", "done", "1").stderr == "Reminder 1 done; next on 2026-11-27: Weekly call\n"
    [todo] = [part for part in exported(run) if "Weekly" in str(part["SUMMARY"])]
    # What is left: 2 occurrences from 2026-11-27 (the file never yields a 4th of 3).
    assert (todo["DTSTART"].dt, todo["RRULE"].to_ical()) == (date(2026, 11, 27), b"FREQ=WEEKLY;COUNT=2")
    assert run("remind", "done", "1").stderr == "Reminder 1 done; next on 2026-12-04: Weekly call\n"
    assert run("remind", "done", "1").stderr == "Reminder 1 done: Weekly call\n"
    assert [(r["due"], r["done_at"] is not None) for r in run("remind", "list", "--all", "-f", "json").json()] == [
        ("2026-12-04", True)
    ]
    [todo] = [part for part in exported(run) if "Weekly" in str(part["SUMMARY"])]
    assert (str(todo["STATUS"]), "RRULE" in todo) == ("COMPLETED", False)
    assert run("remind", "done", "1", exit=1).stderr == "Error: reminder 1 is already done\n"


def test_a_rule_with_until_closes_when_the_next_occurrence_is_after_it(run):
    run("accounts", "add", "Acme", "--cadence", "3650")
    run("remind", "add", "Acme", "Call", "--due", "2026-11-20", "--every", "RRULE:FREQ=WEEKLY;UNTIL=20261130")
    assert run("remind", "done", "1").stderr == "Reminder 1 done; next on 2026-11-27: Call\n"
    assert run("remind", "done", "1").stderr == "Reminder 1 done: Call\n"


def test_events_for_calendars_without_todos(run):
    run("accounts", "add", "Acme", "--tier", "candidate", "--cadence", "3650")
    run("remind", "add", "Acme", "Weekly call", "--due", "2026-11-23", "--every", "weekly")
    [event] = exported(run, "--as", "event")
    assert event.name == "VEVENT"
    assert (event["DTSTART"].dt, event["DTEND"].dt, event["RRULE"].to_ical(), int(event["PRIORITY"])) == (
        date(2026, 11, 23), date(2026, 11, 24), b"FREQ=WEEKLY", 5,
    )  # fmt: skip


def test_export_refuses_an_unknown_form_and_writes_nothing(run, tmp_path):
    target = tmp_path / "kamctl.ics"
    assert run("remind", "export", "--as", "vjournal", "-o", str(target), exit=1).stderr == (
        "Error: --as must be one of todo, event (got 'vjournal')\n"
    )
    assert not target.exists()


# --- the Python API: the same due list and completion as the commands -----------------------------


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"on": "2026-11-23"},
        {"days": "0"},
        {"mine": True},
        {"account": "kappa motors", "kinds": ["renewal"]},
    ],
)
def test_due_list_is_what_remind_json_prints(portfolio, db_url, options):
    from kamctl.actions.reminders import due_list
    from kamctl.render.reminders import due_json

    args = []
    for key, value in options.items():
        if key == "mine":
            args.append("--mine")
        elif key == "kinds":
            args += [arg for kind in value for arg in ("--kind", kind)]
        else:
            args += [f"--{key}", value]
    with portfolio_of(db_url) as api:
        assert due_json(due_list(api, **options)) == due(portfolio, *args)


def test_complete_reminder_is_what_remind_done_did(portfolio, db_url):
    from kamctl.actions.reminders import complete_reminder
    from kamctl.render.reminders import completion_json

    with portfolio_of(db_url, user="ana") as api:
        assert completion_json(complete_reminder(api, "2")) == {
            "id": "2", "kind": "reminder", "title": "Weekly report", "closed": False, "next_due": "2026-11-30",
            "log_entry_id": None,
        }  # fmt: skip
        assert completion_json(complete_reminder(api, "1", log="Sent it")) == {
            "id": "1", "kind": "reminder", "title": "Send proposal", "closed": True, "next_due": None,
            "log_entry_id": 3,
        }  # fmt: skip
    assert [(r["id"], r["due"], r["done_at"] is None) for r in portfolio("remind", "list", "--all", "-f", "json").json()] == [
        (2, "2026-11-30", True), (1, "2026-11-20", False),
    ]  # fmt: skip
    entry = portfolio("log", "show", "3", "-f", "json").json()
    assert (entry["author"], entry["notes"], entry["contacts"]) == ("ana", "Sent it", ["Ito Ken"])


@pytest.mark.parametrize(
    ("ref", "log"), [("cadence:1", None), ("99", "Called"), ("1", "  "), ("review:1", "Done"), ("nope", None)]
)
def test_a_refused_completion_says_what_the_command_says_and_writes_nothing(portfolio, db_url, ref, log):
    from kamctl.actions.reminders import complete_reminder
    from kamctl.errors import KamctlError

    before = [
        portfolio(*args, "-f", "json").json() for args in (("remind", "list", "--all"), ("log", "list"))
    ]
    with portfolio_of(db_url) as api, pytest.raises(KamctlError) as refused:
        complete_reminder(api, ref, log=log)
    args = ("remind", "done", ref, *(("--log", log) if log is not None else ()))
    assert portfolio(*args, exit=1).stderr == f"Error: {refused.value}\n"
    after = [portfolio(*args, "-f", "json").json() for args in (("remind", "list", "--all"), ("log", "list"))]
    assert after == before


def test_done_items_follow_owner_and_mine(run):
    run("accounts", "add", "Acme", "--owner", "tester", "--cadence", "3650")
    run("accounts", "add", "Bolt", "--owner", "sato", "--cadence", "3650")
    run("remind", "add", "Acme", "Ours", "--due", "2026-11-19")
    run("remind", "add", "Bolt", "Theirs", "--due", "2026-11-19")
    run("remind", "done", "1")
    run("remind", "done", "2")
    assert [str(part["SUMMARY"]) for part in exported(run, "--mine")] == ["Acme: Ours"]
    assert [str(part["SUMMARY"]) for part in exported(run, "--owner", "SATO")] == ["Bolt: Theirs"]
    assert len(exported(run)) == 2
