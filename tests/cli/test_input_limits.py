"""Input kamctl cannot store or compute with: one `Error:` line, exit 1, nothing changed.

Bytes that are not UTF-8 (in an argument, KAMCTL_USER, the login name or piped notes), ids past
the database's integer, dates outside 1900-01-01…2999-12-31, counts past their bound.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from helpers import run_installed

# What Python makes of the byte 0xff in argv, the environment or a surrogateescape stream.
NOT_UTF8 = "B\udcff"
NOT_UTF8_MESSAGE = (
    "Error: an argument is not valid UTF-8 text: 'B\\xff' (check the encoding of the terminal or script)\n"
)
HUGE_ID = str(2**63)
DATE_RANGE = "(1900-01-01 to 2999-12-31)"


def test_an_argument_that_is_not_utf8_is_refused(run):
    outcome = run("accounts", "add", NOT_UTF8, exit=1)
    assert outcome.stderr == NOT_UTF8_MESSAGE
    assert run("accounts", "list", "-f", "json").json() == []


def test_an_argument_that_is_not_utf8_is_refused_by_the_installed_command(db_url):
    run_installed("accounts", "add", "Acme")
    # subprocess passes the surrogate as the raw byte 0xff, as a shell would.
    outcome = run_installed("log", "Acme", "note \udcff", exit=1)
    assert outcome.stderr == (
        "Error: an argument is not valid UTF-8 text: 'note \\xff' (check the encoding of the terminal or script)\n"
    )
    assert json.loads(run_installed("log", "list", "-f", "json").stdout) == []


@pytest.mark.parametrize(
    "args",
    [
        ["accounts", "show", NOT_UTF8],
        ["accounts", "edit", "Acme", "--note", NOT_UTF8],
        ["contacts", "add", "Acme", NOT_UTF8],
        ["remind", "add", "Acme", NOT_UTF8, "--due", "tomorrow"],
        ["settings", "set", "currency", NOT_UTF8],
        ["--user", NOT_UTF8, "remind"],
    ],
)
def test_no_command_takes_text_that_is_not_utf8(run, args):
    run("accounts", "add", "Acme")
    outcome = run(*args, exit=1)
    assert outcome.stderr == NOT_UTF8_MESSAGE


def test_kamctl_user_that_is_not_utf8_is_refused(db_url):
    run_installed("accounts", "add", "Acme")
    outcome = run_installed("log", "Acme", "Met", env={"KAMCTL_USER": "u\udcff"}, exit=1)
    assert outcome.stderr == (
        "Error: KAMCTL_USER is not valid UTF-8 text: 'u\\xff' (check the encoding of the terminal or script)\n"
    )
    assert json.loads(run_installed("log", "list", "-f", "json").stdout) == []


def test_a_login_name_that_is_not_utf8_is_refused(run, monkeypatch):
    run("accounts", "add", "Acme")
    monkeypatch.delenv("KAMCTL_USER")
    monkeypatch.setenv("LOGNAME", "u\udcff")
    outcome = run("log", "Acme", "Met", exit=1)
    assert outcome.stderr == (
        "Error: the login name (set KAMCTL_USER) is not valid UTF-8 text: 'u\\xff' "
        "(check the encoding of the terminal or script)\n"
    )


def test_piped_notes_that_are_not_utf8_are_refused(run):
    run("accounts", "add", "Acme")
    outcome = run("log", "Acme", input=b"Met Ito\xff\n", exit=1)
    assert outcome.stderr == (
        "Error: standard input is not valid UTF-8 text: 'Met Ito\\xff ' (check the encoding of the terminal or script)\n"
    )
    assert run("log", "list", "-f", "json").json() == []


def test_piped_notes_that_are_not_utf8_are_refused_whatever_the_locale(db_url):
    run_installed("accounts", "add", "Acme")
    kamctl = shutil.which("kamctl")
    for locale in ("C.UTF-8", "C"):
        done = subprocess.run(
            [kamctl, "log", "Acme"],
            input=b"\x82\xa0 Shift_JIS\n",
            capture_output=True,
            env={**os.environ, "LC_ALL": locale},
            timeout=120,
        )
        assert (done.returncode, done.stderr) == (
            1,
            b"Error: standard input is not valid UTF-8 text: '\\x82\\xa0 Shift_JIS ' "
            b"(check the encoding of the terminal or script)\n",
        )
    assert json.loads(run_installed("log", "list", "-f", "json").stdout) == []


def test_piped_utf8_notes_keep_their_lines(run):
    run("accounts", "add", "Acme")
    run("log", "Acme", input="日本語の\r\nメモ\n".encode())
    assert run("log", "list", "-f", "json").json()[0]["notes"] == "日本語の\nメモ"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["remind", "done", HUGE_ID], f"'{HUGE_ID}' is not a reminder id: use a reminder number (12) or a "
         "computed id (cadence:3, cadence:contact:5, renewal:3, review:3, objective:8, risk:4)"),
        (["remind", "snooze", f"cadence:{HUGE_ID}", "--until", "tomorrow"], f"'cadence:{HUGE_ID}' is not a "
         "reminder id: use a reminder number (12) or a computed id (cadence:3, cadence:contact:5, renewal:3, "
         "review:3, objective:8, risk:4)"),
        (["remind", "rm", "9" * 5000, "--yes"], f"'{'9' * 5000}' is not a reminder id: use a reminder number "
         "(12) or a computed id (cadence:3, cadence:contact:5, renewal:3, review:3, objective:8, risk:4)"),
        (["remind", "--account", HUGE_ID], f"no account '{HUGE_ID}'"),
        (["remind", "--account", "²"], "no account '²'"),
        (["log", "show", HUGE_ID], f"no log entry '{HUGE_ID}' (kamctl log list shows entries with their ids)"),
        (["log", "rm", "²", "--yes"], "no log entry '²' (kamctl log list shows entries with their ids)"),
        (["accounts", "opp", "won", HUGE_ID], f"an opportunity is named by its number (got '{HUGE_ID}'; kamctl "
         "accounts opp list shows them)"),
        (["accounts", "show", HUGE_ID], f"no account '{HUGE_ID}'"),
        # Past PostgreSQL's INTEGER: no row has such an id, and the query must not overflow there.
        (["accounts", "show", str(2**31)], "no account '2147483648'"),
        (["contacts", "show", str(2**31)], "no contact '2147483648'"),
        (["log", "show", str(2**31)], "no log entry '2147483648' (kamctl log list shows entries with their ids)"),
        (["accounts", "plan", "Acme", "--done", str(2**31)],
         "Acme has no objective '2147483648' (its objectives: none yet)"),
        (["remind", "snooze", "objective:2147483647", "--until", "tomorrow"],
         "no objective:2147483647: objective 2147483647 does not exist"),
        (["log", "list", "--limit", HUGE_ID], f"--limit must be from 0 (all) to 1,000,000 (got {HUGE_ID})"),
        (["log", "search", "x", "--limit", HUGE_ID], f"--limit must be from 1 to 1,000,000 (got {HUGE_ID})"),
        (["score", "sensitivity", "--runs", HUGE_ID], f"runs must be from 1 to 100,000 (got {HUGE_ID})"),
    ],
)  # fmt: skip
@pytest.mark.postgres
def test_numbers_past_any_id_or_bound_are_one_error_line(run, args, message):
    run("accounts", "add", "Acme")
    outcome = run(*args, exit=1)
    assert outcome.stderr == f"Error: {message}\n"


@pytest.mark.parametrize(
    ("args", "label", "given"),
    [
        (["accounts", "add", "Beta", "--revenue", "1e308"], "revenue", "1e308"),
        (["accounts", "edit", "Acme", "--profit", "-1000000000000001"], "profit", "-1000000000000001"),
        (["accounts", "orders", "add", "Acme", "1e16"], "amount", "1e16"),
        (["accounts", "orders", "add", "Acme", "1", "--profit", "-2e15"], "profit", "-2e15"),
        (
            ["accounts", "opp", "add", "Acme", "Upsell", "--type", "upsell", "--value", "2e15"],
            "--value",
            "2e15",
        ),
    ],
)
def test_amounts_past_a_quadrillion_are_refused(run, args, label, given):
    """Two amounts near 1e308 once summed to `Infinity`, which is not JSON."""
    run("accounts", "add", "Acme")
    outcome = run(*args, exit=1)
    assert (
        outcome.stderr == f"Error: {label} must be at most 1,000,000,000,000,000 either way (got {given!r})\n"
    )


def test_the_largest_amounts_add_up_to_finite_json(run):
    run("accounts", "add", "Acme", "--revenue", "1e15")
    run("accounts", "orders", "add", "Acme", "1e15")
    run("accounts", "orders", "add", "Acme", "1,000,000,000,000,000")
    kpis = run("report", "account", "Acme", "-f", "json").stdout
    assert "Infinity" not in kpis and "NaN" not in kpis
    assert run("score", "-f", "json").json()[0]["values"]["order_size"] == 1e15


def test_sensitivity_runs_past_the_bound_are_refused_by_the_installed_command(db_url):
    run_installed("accounts", "add", "Acme")
    outcome = run_installed("score", "sensitivity", "--runs", "9223372036854775808", exit=1)
    assert outcome.stderr == "Error: runs must be from 1 to 100,000 (got 9223372036854775808)\n"


def test_score_top_past_the_bound_is_a_usage_error(run):
    outcome = run("score", "--top", HUGE_ID, exit=2)
    assert f"Invalid value for '--top': {HUGE_ID} is not in the range 1<=x<=1000000." in outcome.stderr


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["accounts", "add", "Beta", "--renewal", "0001-01-01"], "'0001-01-01'"),
        (["accounts", "add", "Beta", "--renewal", "9999-12-31"], "'9999-12-31'"),
        (["accounts", "edit", "Acme", "--renewal", "1899-12-31"], "'1899-12-31'"),
        (["remind", "add", "Acme", "Call", "--due", "3000-01-01"], "'3000-01-01'"),
        (["remind", "--on", "9999-12-31"], "'9999-12-31'"),
        (["remind", "snooze", "cadence:1", "--until", "+1000y"], "'+1000y' (3026-11-20)"),
        (["log", "Acme", "Met", "--when", "0001-01-01"], "'0001-01-01'"),
        (["log", "Acme", "Met", "--when", "0001-01-01T10:00:00+09:00"], "'0001-01-01T10:00:00+09:00'"),
        (["log", "list", "--until", "9999-12-31"], "'9999-12-31'"),
        (["report", "--since", "0001-01-01"], "'0001-01-01'"),
        (["report", "--until", "9999-12-31"], "'9999-12-31'"),
        (["accounts", "plan", "Acme", "--objective", "Pilot", "--due", "9999-12-31"], "'9999-12-31'"),
        (["accounts", "opp", "add", "Acme", "Upsell", "--type", "upsell", "--close", "0001-01-01"],
         "'0001-01-01'"),
        (["accounts", "orders", "add", "Acme", "100", "--date", "0001/01/01"], "'0001/01/01' (0001-01-01)"),
    ],
)  # fmt: skip
def test_dates_outside_the_supported_range_are_refused_when_entered(run, args, shown):
    run("accounts", "add", "Acme", "--cadence", "14")
    outcome = run(*args, exit=1)
    assert outcome.stderr == f"Error: date {shown} is outside the dates kamctl works with {DATE_RANGE}\n"


def test_dates_at_the_edges_of_the_range_are_kept_and_remind_still_works(run):
    run("accounts", "add", "Acme", "--renewal", "2999-12-31")
    run("accounts", "add", "Beta", "--renewal", "1900-01-01")
    assert run("accounts", "show", "Acme", "-f", "json").json()["account"]["renewal_date"] == "2999-12-31"
    due = run("remind", "-f", "json").json()
    assert [(item["account"], item["kind"], item["due"]) for item in due] == [
        ("Beta", "renewal", "1899-10-03")
    ]


def test_renewal_out_of_range_is_refused_by_the_installed_command_and_remind_keeps_working(db_url):
    run_installed("accounts", "add", "Acme")
    outcome = run_installed("accounts", "edit", "Acme", "--renewal", "0001-01-01", exit=1)
    assert outcome.stderr == f"Error: date '0001-01-01' is outside the dates kamctl works with {DATE_RANGE}\n"
    assert run_installed("remind", "-f", "json").stdout.strip() == "[]"


@pytest.mark.parametrize(
    "fixed", ["0001-01-01", "9999-12-31", "9999-12-31T23:59:59-14:00", "1899-12-31T23:59"]
)
def test_kamctl_now_outside_the_range_is_one_error_line(db_url, fixed):
    outcome = run_installed("remind", env={"KAMCTL_NOW": fixed}, exit=1)
    assert (
        outcome.stderr == f"Error: KAMCTL_NOW={fixed} is outside the dates kamctl works with {DATE_RANGE}\n"
    )


def test_a_dump_with_a_date_outside_the_range_is_refused(run, tmp_path):
    run("accounts", "add", "Acme", "--renewal", "2027-01-31")
    dump = tmp_path / "dump.json"
    run("db", "export", str(dump))
    data = json.loads(dump.read_text(encoding="utf-8"))
    data["tables"]["account"][0]["renewal_date"] = "0001-01-01"
    dump.write_text(json.dumps(data), encoding="utf-8")
    run("accounts", "rm", "Acme", "--yes")
    outcome = run("db", "import", str(dump), exit=1)
    assert outcome.stderr == (
        "Error: the dump's table account, row 1: renewal_date must be a date from 1900-01-01 to 2999-12-31, "
        "not '0001-01-01'\n"
    )


def test_a_renewal_near_year_1_stored_by_an_earlier_version_does_not_break_remind(run, db_url):
    import sqlite3

    run("accounts", "add", "Acme", "--renewal", "2027-01-31")
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as connection:
        connection.execute("UPDATE account SET renewal_date = '0001-01-01'")
    connection.close()
    due = run("remind", "-f", "json").json()
    assert [(item["kind"], item["due"], item["title"]) for item in due] == [
        ("renewal", "0001-01-01", "Renewal lapsed")
    ]


@pytest.mark.parametrize("stored", ["9999-12-31 10:00:00.000000", "9999-12-31 23:00:00.000000"])
def test_contacts_and_reviews_near_year_9999_stored_by_an_earlier_version_do_not_break_remind(
    run, db_url, stored
):
    """The latest contact or review plus its rhythm would pass year 9999 (at 23:00 UTC the local
    day of Tokyo already does): that account is simply not due, and every other item still is."""
    import sqlite3

    run("accounts", "add", "Acme", "--tier", "key")
    run("accounts", "add", "Kappa", "--tier", "key")
    run("log", "Acme", "met", "--when", "2026-11-01")
    run("accounts", "review", "Acme")
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as connection:
        connection.execute("UPDATE log_entry SET occurred_at = ?", (stored,))
        connection.execute("UPDATE review SET reviewed_at = ?", (stored,))
    connection.close()
    for args in (["remind", "-f", "json", "--days", "30"], ["remind", "export", "--days", "30"]):
        run(*args)
    due = run("remind", "-f", "json", "--days", "30").json()
    assert {(item["kind"], item["account"]) for item in due} == {("cadence", "Kappa")}


def test_a_series_ends_at_the_last_supported_day(run):
    run("accounts", "add", "Acme")
    run("remind", "add", "Acme", "Audit", "--due", "2999-06-01", "--every", "every 999 years")
    outcome = run("remind", "done", "1")
    assert outcome.stderr == "Reminder 1 done: Audit\n"
    assert run("remind", "list", "--all", "-f", "json").json()[0]["due"] == "2999-06-01"


def test_a_report_period_past_40_years_is_refused(run):
    run("accounts", "add", "Acme")
    outcome = run("report", "--since", "1900-01-01", "--until", "2999-12-31", exit=1)
    assert outcome.stderr == (
        "Error: --since 1900-01-01 to --until 2999-12-31 is 401,767 days: a report covers at most 14,610 "
        "(40 years); give a later --since\n"
    )
    longest = run("report", "--since", "1986-01-31", "--until", "2026-01-30", "-f", "json").json()
    assert longest["period"] == {"since": "1986-01-31", "until": "2026-01-30"}
