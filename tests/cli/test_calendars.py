"""`remind export` read by the calendars its users have (SPEC §7): khal imports every event and
updates them on re-import; calcurse imports with 0 skipped, with priorities and done to-dos, and its
refresh recipe (calcurse cannot update by UID) replaces kamctl's items instead of duplicating them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_installed

pytestmark = pytest.mark.postgres

NOTE = re.compile(r" ?>[0-9a-f]{40}")

CALCURSE_FORMATS = [
    arg
    for kind in ("todo", "apt", "event", "recur-apt", "recur-event")
    for arg in (f"--format-{kind}", "%(hash)\\n")
]
"""`--dump-imported` prints the hash of each imported item, one a line: what the refresh recipe
purges before the next import."""


@pytest.fixture
def portfolio(run):
    """Three tiers; a one-off, a weekly rule of COUNT=3 done once, a monthly rule, a follow-up done
    yesterday; no cadence, renewal or review within 90 days."""
    run("accounts", "add", "Kappa Motors", "--tier", "key", "--cadence", "3650")
    run("accounts", "add", "Beta", "--tier", "candidate", "--cadence", "3650")
    run("accounts", "add", "Gamma", "--tier", "standard", "--cadence", "3650")
    run("remind", "add", "Kappa Motors", "Send proposal", "--due", "2026-11-23")
    run(
        "remind",
        "add",
        "Kappa Motors",
        "Weekly call",
        "--due",
        "2026-11-23",
        "--every",
        "RRULE:FREQ=WEEKLY;COUNT=3",
    )
    run("remind", "add", "Gamma", "Old thing", "--due", "2026-11-19")
    run("remind", "add", "Beta", "Monthly report", "--due", "2026-11-25", "--every", "monthly")
    run("remind", "done", "2")  # the weekly call moves to 2026-11-30, 2 occurrences left
    run("remind", "done", "3")
    return run


def client(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is not installed (.ci/run installs it; pip install -e '.[test]' installs khal)")
    return found


def call(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, (
        f"{args[0]} exit {done.returncode}\nstdout: {done.stdout}\nstderr: {done.stderr}"
    )
    return done.stdout + done.stderr


@pytest.fixture
def khal(tmp_path):
    folder = tmp_path / "khal"
    (folder / "calendar").mkdir(parents=True)
    config = folder / "config"
    config.write_text(
        "[calendars]\n[[kamctl]]\n"
        f"path = {folder / 'calendar'}\ntype = calendar\n"
        "[default]\ndefault_calendar = kamctl\n"
        f"[sqlite]\npath = {folder / 'khal.db'}\n"
        "[locale]\nlocal_timezone = UTC\ndefault_timezone = UTC\n"
        "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n",
        encoding="utf-8",
    )
    executable = client("khal")

    def khal(*args: str) -> str:
        return call(executable, "-c", str(config), *args)

    khal.calendar = folder / "calendar"  # type: ignore[attr-defined]
    return khal


def listed(khal) -> list[str]:
    out = khal("list", "--format", "{start-date} {title}", "--day-format", "", "2026-11-01", "2027-02-28")
    return [line for line in out.splitlines() if line.strip()]


def test_khal_imports_every_event_and_a_new_export_updates_them(portfolio, khal, tmp_path):
    target = tmp_path / "kamctl.ics"
    assert run_installed("remind", "export", "--as", "event", "-o", str(target)).stderr == (
        f"Exported 4 reminders to {target}\n"
    )
    khal("import", "--batch", str(target))
    every_event = [
        "2026-11-19 Done: Gamma: Old thing",
        "2026-11-23 Kappa Motors: Send proposal",
        "2026-11-25 Beta: Monthly report",
        "2026-11-30 Kappa Motors: Weekly call",
        "2026-12-07 Kappa Motors: Weekly call",  # COUNT=3 with one done: two left, never a fourth
        "2026-12-25 Beta: Monthly report",
        "2027-01-25 Beta: Monthly report",
        "2027-02-25 Beta: Monthly report",
    ]
    assert listed(khal) == every_event
    assert len(list(khal.calendar.glob("*.ics"))) == 4
    # The weekly call done again: its last occurrence is left; re-importing updates by UID.
    portfolio("remind", "done", "2")
    portfolio("remind", "export", "--as", "event", "-o", str(target))
    khal("import", "--batch", str(target))
    assert listed(khal) == [line for line in every_event if line != "2026-11-30 Kappa Motors: Weekly call"]
    assert len(list(khal.calendar.glob("*.ics"))) == 4


@pytest.fixture
def calcurse(tmp_path):
    folder = tmp_path / "calcurse"
    folder.mkdir()
    (folder / "todo").write_text("[3] My own to-do\n", encoding="utf-8")
    executable = client("calcurse")

    def calcurse(*args: str) -> str:
        return call(executable, "-D", str(folder), *args)

    calcurse.folder = folder  # type: ignore[attr-defined]
    return calcurse


def items(path: Path) -> list[str]:
    """calcurse's to-do or appointment lines, sorted, without the id of their note (DESCRIPTION)."""
    return sorted(NOTE.sub("", line) for line in path.read_text(encoding="utf-8").splitlines())


def todos(folder: Path) -> list[str]:
    return items(folder / "todo")


def test_calcurse_imports_every_todo_with_its_priority_and_done_ones_done(portfolio, calcurse, tmp_path):
    target = tmp_path / "kamctl.ics"
    portfolio("remind", "export", "-o", str(target))
    assert "0 apps / 0 events / 4 todos / 0 skipped" in calcurse("-i", str(target))
    # calcurse keeps a done to-do with its priority negated.
    assert todos(calcurse.folder) == [
        "[-9] Gamma: Old thing",
        "[1] Kappa Motors: Send proposal",
        "[1] Kappa Motors: Weekly call",
        "[3] My own to-do",
        "[5] Beta: Monthly report",
    ]


def test_calcurse_imports_the_events_with_their_rules(portfolio, calcurse, tmp_path):
    target = tmp_path / "kamctl.ics"
    portfolio("remind", "export", "--as", "event", "-o", str(target))
    assert "0 apps / 4 events / 0 todos / 0 skipped" in calcurse("-i", str(target))
    assert items(calcurse.folder / "apts") == [
        "11/19/2026 [1] Done: Gamma: Old thing",
        "11/23/2026 [1] Kappa Motors: Send proposal",
        "11/25/2026 [1] {1M} Beta: Monthly report",
        "11/30/2026 [1] {1W -> 12/07/2026} Kappa Motors: Weekly call",
    ]


def test_the_calcurse_refresh_recipe_replaces_instead_of_duplicating(portfolio, calcurse, tmp_path):
    """calcurse 4.7 has no update by UID: the README's recipe purges what the last import added
    (the hashes `--dump-imported` printed), then imports the new export."""
    target, hashes = tmp_path / "kamctl.ics", tmp_path / "kamctl.hashes"

    def refresh() -> None:
        if hashes.exists():
            for line in hashes.read_text(encoding="utf-8").split():
                calcurse("-q", "-P", "--filter-hash", line)
        portfolio("remind", "export", "-o", str(target))
        imported = calcurse("-q", "-i", str(target), "--dump-imported", *CALCURSE_FORMATS)
        hashes.write_text(imported, encoding="utf-8")

    refresh()
    refresh()
    before = todos(calcurse.folder)
    assert len(before) == 5
    portfolio("remind", "done", "1")
    refresh()
    assert todos(calcurse.folder) == sorted(
        "[-1] Kappa Motors: Send proposal" if line == "[1] Kappa Motors: Send proposal" else line
        for line in before
    )
