"""SPEC §9: many kamctl processes writing at once lose nothing and fail nothing, on SQLite and
PostgreSQL. Each test starts up to 16 real processes of the installed command together.
A writer kept waiting by another one's write says so (SQLite, where the wait is bounded)."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager, suppress

import pytest
from helpers import Outcome, invoke

WRITERS = 16

WAITING = "Waiting for another kamctl process to finish writing to the database…\n"


def all_at_once(*commands: list[str]) -> list[Outcome]:
    """Start every command as its own `kamctl` process at the same moment; their outcomes in order,
    without the line that says a process waited for the others.

    None of them may end in a traceback or give up on a locked database.
    """
    executable = shutil.which("kamctl") or pytest.fail("the kamctl console script is not installed")
    started = [
        subprocess.Popen(
            [executable, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        for args in commands
    ]
    outcomes = []
    for process in started:
        out, err = process.communicate(timeout=600)
        # One that had to wait for the others says so first (see the tests at the end).
        outcomes.append(Outcome(process.returncode, out, err.removeprefix(WAITING)))
    for outcome in outcomes:
        assert "Traceback" not in outcome.stderr, outcome.stderr
        assert "locked" not in outcome.stderr, outcome.stderr
        assert "database problem" not in outcome.stderr, outcome.stderr
    return outcomes


@pytest.fixture
def acme(run):
    run("accounts", "add", "Acme", "--tier", "key")
    return run


def _reminders(run) -> dict[int, dict]:
    return {row["id"]: row for row in run("remind", "list", "--all", "-f", "json").json()}


@pytest.mark.postgres
def test_sixteen_dones_move_a_daily_reminder_sixteen_days(acme):
    acme("remind", "add", "Acme", "Call the buyer", "--due", "2026-11-20", "--every", "daily")
    outcomes = all_at_once(*(["remind", "done", "1"] for _ in range(WRITERS)))
    assert [outcome.exit_code for outcome in outcomes] == [0] * WRITERS
    # Each done moves it one day on from where the previous done left it: 20 November + 16.
    assert _reminders(acme)[1]["due"] == "2026-12-06"
    nexts = sorted(outcome.stderr for outcome in outcomes)
    assert nexts == sorted(
        f"Reminder 1 done; next on 2026-{month}-{day:02d}: Call the buyer\n"
        for month, day in [("11", d) for d in range(21, 31)] + [("12", d) for d in range(1, 7)]
    )


@pytest.mark.postgres
def test_a_follow_up_is_done_by_exactly_one_of_sixteen(acme):
    acme("remind", "add", "Acme", "Send the offer", "--due", "2026-11-20")
    outcomes = all_at_once(*(["remind", "done", "1"] for _ in range(WRITERS)))
    assert Counter((outcome.exit_code, outcome.stderr) for outcome in outcomes) == {
        (0, "Reminder 1 done: Send the offer\n"): 1,
        (1, "Error: reminder 1 is already done\n"): WRITERS - 1,
    }
    assert _reminders(acme)[1]["done_at"] is not None


@pytest.mark.postgres
def test_sixteen_tags_added_at_once_are_all_kept_and_in_history(acme):
    tags = [f"t{n:02d}" for n in range(WRITERS)]
    outcomes = all_at_once(*(["accounts", "edit", "Acme", "--tag", tag] for tag in tags))
    assert [outcome.exit_code for outcome in outcomes] == [0] * WRITERS
    account = acme("accounts", "show", "Acme", "-f", "json").json()["account"]
    assert sorted(account["tags"]) == tags
    history = [
        row for row in acme("accounts", "history", "Acme", "-f", "json").json() if row["field"] == "tags"
    ]
    assert len(history) == WRITERS
    # Every change starts from the one before it: the chain of old → new values holds every tag.
    assert sorted(len((row["new"] or "").split(", ")) for row in history) == list(range(1, WRITERS + 1))
    assert sorted((row["old"] or "") for row in history)[0] == ""


@pytest.mark.postgres
def test_one_new_name_added_by_eight_at_once_is_one_account_and_seven_clear_errors(acme):
    """Half add the name, half rename Acme to it: the unique name is checked under a lock, so
    the losers get kamctl's own message, never the database's unique-index failure."""
    outcomes = all_at_once(
        *(["accounts", "add", "Kappa Motors"] for _ in range(4)),
        *(["accounts", "edit", "Acme", "--rename", "KAPPA MOTORS"] for _ in range(4)),
    )
    assert sorted(outcome.exit_code for outcome in outcomes) == [0] + [1] * 7
    names = sorted(account["name"] for account in acme("accounts", "list", "-f", "json").json())
    assert names in (["Acme", "Kappa Motors"], ["KAPPA MOTORS"])
    for outcome in outcomes:
        if outcome.exit_code == 1:
            assert re.fullmatch(
                r"Error: an account named '(Kappa Motors|KAPPA MOTORS)' already exists \(id \d\)\n"
                r"|Error: no account 'Acme'.*\n",
                outcome.stderr,
            ), outcome.stderr


@pytest.mark.postgres
def test_an_empty_database_is_filled_by_one_of_four_imports_or_demos(run, tmp_path):
    """`db import` and `db demo` fill only an empty database: of four at once, one does; the
    others find it filled (checked under a lock, so on PostgreSQL too)."""
    run("accounts", "add", "Acme")
    dump = tmp_path / "dump.json"
    run("db", "export", str(dump))
    run("accounts", "rm", "Acme", "--yes")
    outcomes = all_at_once(*(["db", "import", str(dump)] for _ in range(4)))
    assert sorted(outcome.exit_code for outcome in outcomes) == [0, 1, 1, 1]
    assert [row["name"] for row in run("accounts", "list", "-f", "json").json()] == ["Acme"]
    for outcome in outcomes:
        if outcome.exit_code:
            assert outcome.stderr == "Error: the database is not empty; import into a new database (--db NEW.db)\n"
    run("accounts", "rm", "Acme", "--yes")
    outcomes = all_at_once(*(["db", "demo"] for _ in range(4)))
    assert sorted(outcome.exit_code for outcome in outcomes) == [0, 1, 1, 1]
    # Loaded once: the same accounts as a fresh sample portfolio, none twice.
    once = [row["name"] for row in run("--demo", "accounts", "list", "-f", "json").json()]
    assert [row["name"] for row in run("accounts", "list", "-f", "json").json()] == once
    for outcome in outcomes:
        if outcome.exit_code:
            assert outcome.stderr == (
                "Error: the database is not empty; use --force to replace its data with the sample portfolio\n"
            )


@pytest.mark.postgres
def test_settings_snoozes_goals_and_weights_written_at_once_are_all_recorded(acme, db_url):
    for name in ("Beta", "Gamma", "Delta"):
        acme("accounts", "add", name)
    settings = {
        "cadence.key": "20",
        "cadence.candidate": "40",
        "renewal.lead_days": "60",
        "upcoming_days": "9",
    }
    snoozes = {"cadence:1": "2026-12-01", "cadence:2": "2026-12-02", "cadence:3": "2026-12-03"}
    goals = [f"Goal {n}" for n in range(4)]
    weights = {"growth": "30", "influence": "5", "profit": "40"}
    outcomes = all_at_once(
        *(["settings", "set", key, value] for key, value in settings.items()),
        *(["remind", "snooze", item, "--until", day] for item, day in snoozes.items()),
        # The same item twice: both succeed, and one of the two days is kept.
        ["remind", "snooze", "cadence:4", "--until", "2026-12-10"],
        ["remind", "snooze", "cadence:4", "--until", "2026-12-11"],
        *(["accounts", "plan", "Acme", "--goal", goal] for goal in goals),
        *(["score", "weights", "--set", f"{criterion}={weight}"] for criterion, weight in weights.items()),
    )
    assert [outcome.exit_code for outcome in outcomes] == [0] * WRITERS
    for key, value in settings.items():
        assert acme("settings", "get", key).stdout == f"{value}\n"
    chosen = {row["criterion"]: row["weight"] for row in acme("score", "weights", "-f", "json").json()}
    assert {criterion: chosen[criterion] for criterion in weights} == {
        criterion: float(weight) for criterion, weight in weights.items()
    }
    plan = acme("accounts", "plan", "Acme", "-f", "json").json()
    assert sorted(goal["text"] for goal in plan["goals"]) == goals
    stored = dict(_select(db_url, "SELECT item_id, until FROM snooze"))
    assert {item: str(day) for item, day in stored.items() if item != "cadence:4"} == snoozes
    assert str(stored["cadence:4"]) in ("2026-12-10", "2026-12-11")


@pytest.mark.postgres
def test_an_objective_and_an_opportunity_are_closed_once(acme):
    acme("accounts", "plan", "Acme", "--objective", "Pilot in plant 2", "--due", "2026-12-01")
    acme("accounts", "opp", "add", "Acme", "Line 3 retrofit", "--type", "upsell")
    half = WRITERS // 2
    objective = all_at_once(
        *(["remind", "done", "objective:1"] for _ in range(half // 2)),
        *(["accounts", "plan", "Acme", "--done", "1"] for _ in range(half // 2)),
        *(["accounts", "opp", "won" if n % 2 else "lost", "1"] for n in range(half)),
    )
    by_remind, by_plan, opportunity = objective[: half // 2], objective[half // 2 : half], objective[half:]
    done_once = Counter(outcome.stderr for outcome in by_remind + by_plan if "done: Pilot" in outcome.stderr)
    assert sum(done_once.values()) == 1, [outcome.stderr for outcome in objective[:half]]
    assert {o.stderr for o in by_remind if o.exit_code} <= {"Error: objective 1 is already done\n"}
    assert {o.stderr for o in by_plan if "done: Pilot" not in o.stderr} <= {
        "Acme: Objective 1 was already done\n"
    }
    assert [o.exit_code for o in by_plan] == [0] * (half // 2)
    winners = [outcome for outcome in opportunity if outcome.exit_code == 0]
    assert len(winners) == 1, [outcome.stderr for outcome in opportunity]
    status = acme("accounts", "opp", "list", "-f", "json").json()[0]["status"]
    assert winners[0].stderr == f"Opportunity 1 {status}: Acme: Line 3 retrofit\n"
    refused = {outcome.stderr for outcome in opportunity if outcome.exit_code}
    assert refused == {f"Error: opportunity 1 is already {status} on 2026-11-20\n"}


def _select(db_url: str, sql: str) -> list[tuple]:
    """Rows read straight from the test's database (for what no command shows)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


@contextmanager
def another_writer_holding_acme(db_url: str) -> Iterator[Callable[[], None]]:
    """Another writer in the middle of changing Acme, as far as kamctl can tell; yields the
    function that ends its transaction. SQLite: it holds the write lock; PostgreSQL: Acme's row."""
    if db_url.startswith("sqlite"):
        with closing(sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            yield lambda: other.execute("ROLLBACK")
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as other:
            other.execute(text("SELECT id FROM account WHERE name = 'Acme' FOR UPDATE"))
            yield other.rollback
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_writer_kept_waiting_says_so_then_writes(acme, db_url):
    with another_writer_holding_acme(db_url) as finish:
        executable = shutil.which("kamctl") or pytest.fail("the kamctl console script is not installed")
        process = subprocess.Popen(
            [executable, "accounts", "edit", "Acme", "--tag", "waited"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        with ThreadPoolExecutor(1) as pool:
            said = pool.submit(process.stderr.readline)
            # The other writer finishes once this one has said that it waits for it (or, should
            # it never say so, after a minute, so that the test fails instead of hanging).
            with suppress(TimeoutError):
                said.result(timeout=60)
            finish()
            assert said.result() == WAITING
        _, rest = process.communicate(timeout=120)
    assert (process.returncode, rest) == (0, "Changed Acme: tags\n")
    assert acme("accounts", "show", "Acme", "-f", "json").json()["account"]["tags"] == ["waited"]


def test_a_writer_kept_waiting_past_the_busy_timeout_fails_cleanly(acme, db_url, monkeypatch):
    """SQLite's wait is bounded by the busy timeout (PostgreSQL's lock waits are not)."""
    monkeypatch.setattr("kamctl.store.direct.BUSY_TIMEOUT_S", 1.5)
    with another_writer_holding_acme(db_url):
        outcome = invoke("settings", "set", "upcoming_days", "9", exit=1)
    assert outcome.stderr == WAITING + (
        "Error: another kamctl process has been writing to the database for more than 1.5 s; "
        "nothing was changed, try again when it has finished\n"
    )
    assert acme("settings", "get", "upcoming_days").stdout == "7\n"
