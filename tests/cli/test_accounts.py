"""`kamctl accounts` through the real CLI against a real database (SPEC §3)."""

from __future__ import annotations

import json

import pytest
from helpers import run_installed

pytestmark = pytest.mark.postgres


def test_add_then_list_as_json_has_every_field(run):
    run(
        "accounts",
        "add",
        "Kappa Motors",
        "--industry",
        "automotive",
        "--tier",
        "key",
        "--stage",
        "3",
        "--share-of-wallet",
        "40",
        "--revenue",
        "1,200,000",
        "--growth",
        "4",
        "--renewal",
        "2027-03-31",
        "--tag",
        "auto",
        "--tag",
        "jp",
        "--note",
        "pilot in Q1",
        "--channel",
        "visit",
        "--cadence",
        "14",
    )
    [account] = run("accounts", "list", "-f", "json").json()
    assert account == {
        "id": 1,
        "name": "Kappa Motors",
        "industry": "automotive",
        "owner": "tester",
        "tier": "key",
        "status": "active",
        "stage": 3,
        "share_of_wallet": 40.0,
        "revenue": 1200000.0,
        "profit": None,
        "order_size": None,
        "order_frequency": None,
        "growth": 4,
        "strategic_fit": None,
        "influence": None,
        "cadence_days": 14,
        "preferred_channel": "visit",
        "renewal_date": "2027-03-31",
        "tags": ["auto", "jp"],
        "notes": "pilot in Q1",
        "archived": False,
        "created_at": "2026-11-20T09:00:00+09:00",
        "updated_at": "2026-11-20T09:00:00+09:00",
        "last_contact": None,
        "score": 36.25,  # revenue alone → x = 1 → 25, growth 4 → 15 × 0.75 = 11.25
    }


def test_add_confirms_on_stderr_and_keeps_stdout_clean(run):
    outcome = run("accounts", "add", "Acme")
    assert outcome.stdout == ""
    assert outcome.stderr == "Added account 1: Acme\n"


def test_names_are_unique_case_insensitively_including_non_ascii(run):
    run("accounts", "add", "Ärzte AG")
    outcome = run("accounts", "add", "ärzte ag", exit=1)
    assert outcome.stderr == "Error: an account named 'Ärzte AG' already exists (id 1)\n"


def test_unknown_account_suggests_close_names(run):
    run("accounts", "add", "Kappa Motors")
    run("accounts", "add", "北斗精機株式会社")
    outcome = run("accounts", "show", "kapa motors", exit=1)
    assert outcome.stderr == "Error: no account 'kapa motors'; did you mean 'Kappa Motors'?\n"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--stage", "6", "stage must be between 1 and 5 (got '6')"),
        ("--stage", "2.5", "stage must be a whole number (got '2.5')"),
        ("--growth", "0", "growth must be between 1 and 5 (got '0')"),
        ("--share-of-wallet", "101", "share of wallet must be between 0 and 100 (got '101')"),
        ("--revenue", "lots", "revenue must be a number (got 'lots')"),
        ("--revenue", "-5", "revenue must be at least 0 (got '-5')"),
        ("--revenue", "nan", "revenue must be a finite number (got 'nan')"),
        ("--tier", "gold", "tier must be one of key, candidate, standard (got 'gold')"),
        (
            "--status",
            "activ",
            "status must be one of prospect, active, at-risk, lost (got 'activ'); did you mean 'active'?",
        ),
        (
            "--channel",
            "fax",
            "preferred channel must be one of meeting, visit, call, email, chat, social, event, other (got 'fax')",
        ),
        ("--cadence", "0", "cadence days must be between 1 and 3650 (got '0')"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_added(run, option, value, message):
    outcome = run("accounts", "add", "Acme", option, value, exit=1)
    assert outcome.stderr == f"Error: {message}\n"
    assert run("accounts", "list", "-f", "json").json() == []


def test_bad_renewal_date_names_the_accepted_forms(run):
    outcome = run("accounts", "add", "Acme", "--renewal", "someday", exit=1)
    assert outcome.stderr.startswith("Error: cannot read date 'someday': use YYYY-MM-DD")
    assert outcome.stderr.count("\n") == 1


def test_relative_renewal_date_uses_the_fixed_clock(run):
    run("accounts", "add", "Acme", "--renewal", "in 2 weeks")
    assert run("accounts", "list", "-f", "json").json()[0]["renewal_date"] == "2026-12-04"


def test_edit_records_every_change_in_history(run, monkeypatch):
    run("accounts", "add", "Acme", "--stage", "2", "--tag", "a")
    monkeypatch.setenv("KAMCTL_NOW", "2026-11-21T10:00:00+09:00")
    run("accounts", "edit", "acme", "--stage", "3", "--status", "at-risk", "--tag", "b", "--untag", "a")
    monkeypatch.setenv("KAMCTL_NOW", "2026-11-22T10:00:00+09:00")
    run("accounts", "edit", "1", "--rename", "Acme Japan")
    history = run("accounts", "history", "Acme Japan", "-f", "json").json()
    assert history == [
        {
            "when": "2026-11-20T09:00:00+09:00",
            "who": "tester",
            "field": "created",
            "old": None,
            "new": "Acme",
        },
        {
            "when": "2026-11-21T10:00:00+09:00",
            "who": "tester",
            "field": "status",
            "old": "active",
            "new": "at-risk",
        },
        {"when": "2026-11-21T10:00:00+09:00", "who": "tester", "field": "stage", "old": "2", "new": "3"},
        {"when": "2026-11-21T10:00:00+09:00", "who": "tester", "field": "tags", "old": "a", "new": "b"},
        {
            "when": "2026-11-22T10:00:00+09:00",
            "who": "tester",
            "field": "name",
            "old": "Acme",
            "new": "Acme Japan",
        },
    ]


def test_global_user_option_is_the_history_author(run):
    run("--user", "sato", "accounts", "add", "Acme")
    assert run("accounts", "history", "Acme", "-f", "json").json()[0]["who"] == "sato"
    assert run("accounts", "list", "--owner", "SATO", "-f", "json").json()[0]["owner"] == "sato"


def test_edit_with_nothing_to_change_is_an_error(run):
    run("accounts", "add", "Acme")
    outcome = run("accounts", "edit", "Acme", exit=1)
    assert outcome.stderr.startswith("Error: nothing to change")


def test_edit_can_clear_an_optional_field(run):
    run("accounts", "add", "Acme", "--renewal", "2027-01-31")
    run("accounts", "edit", "Acme", "--renewal", "")
    assert run("accounts", "list", "-f", "json").json()[0]["renewal_date"] is None


def test_rename_onto_an_existing_name_is_refused(run):
    run("accounts", "add", "Acme")
    run("accounts", "add", "Beta")
    outcome = run("accounts", "edit", "Beta", "--rename", "ACME", exit=1)
    assert outcome.stderr == "Error: an account named 'Acme' already exists (id 1)\n"


def test_list_filters_and_sorting(run):
    run("accounts", "add", "Charlie", "--tier", "key", "--renewal", "2027-01-01", "--tag", "Big")
    run("accounts", "add", "alpha", "--tier", "candidate", "--status", "at-risk")
    run("--user", "lee", "accounts", "add", "Bravo", "--tier", "key", "--renewal", "2026-12-01")
    names = lambda *args: [a["name"] for a in run("accounts", "list", *args, "-f", "json").json()]  # noqa: E731
    assert names() == ["alpha", "Bravo", "Charlie"]
    assert names("--tier", "key") == ["Bravo", "Charlie"]
    assert names("--status", "at-risk") == ["alpha"]
    assert names("--mine") == ["alpha", "Charlie"]
    assert names("--owner", "lee") == ["Bravo"]
    assert names("--tag", "big") == ["Charlie"]
    assert names("--sort", "renewal_date") == ["Bravo", "Charlie", "alpha"]
    outcome = run("accounts", "list", "--sort", "renewl_date", exit=1)
    assert "did you mean 'renewal_date'?" in outcome.stderr


def test_archive_hides_and_unarchive_restores(run):
    run("accounts", "add", "Acme")
    run("accounts", "archive", "Acme")
    assert run("accounts", "list", "-f", "json").json() == []
    assert [a["name"] for a in run("accounts", "list", "--archived", "-f", "json").json()] == ["Acme"]
    run("accounts", "unarchive", "acme")
    assert [a["archived"] for a in run("accounts", "list", "-f", "json").json()] == [False]
    fields = [h["field"] for h in run("accounts", "history", "Acme", "-f", "json").json()]
    assert fields == ["created", "archived", "archived"]


def test_rm_needs_yes_without_a_terminal(run):
    run("accounts", "add", "Acme")
    outcome = run("accounts", "rm", "Acme", exit=1)
    assert "add --yes" in outcome.stderr
    assert len(run("accounts", "list", "-f", "json").json()) == 1
    run("accounts", "rm", "Acme", "--yes")
    assert run("accounts", "list", "-f", "json").json() == []


def test_show_json_has_the_dossier_sections(run):
    run("accounts", "add", "Acme", "--tier", "key")
    dossier = run("accounts", "show", "Acme", "-f", "json").json()
    assert dossier["account"]["name"] == "Acme"
    assert {"recent_log", "open_reminders", "open_opportunities", "team", "plan"} <= set(dossier)


def test_show_table_prints_the_profile(run):
    run("accounts", "add", "北斗精機株式会社", "--industry", "manufacturing", "--stage", "4")
    out = run("accounts", "show", "北斗精機株式会社").stdout
    assert "北斗精機株式会社" in out
    assert "4 interdependent" in out
    assert "manufacturing" in out


def test_markup_and_control_characters_in_names_print_literally(run):
    run("accounts", "add", "[bold red]Evil[/] \x1b[31mCorp\x07")
    table = run("accounts", "list").stdout
    assert "[bold red]Evil[/]" in table
    assert "\x1b" not in table and "\x07" not in table
    assert "\\x1b[31mCorp\\x07" in table
    assert run("accounts", "list", "-f", "json").json()[0]["name"] == "[bold red]Evil[/] \x1b[31mCorp\x07"


def test_csv_guards_against_formula_injection_unless_raw(run):
    run("accounts", "add", '=HYPERLINK("http://x")', "--note", "+1 call", "--profit", "-5")
    rows = run("accounts", "list", "-f", "csv").stdout.splitlines()
    header = rows[0].split(",")
    assert header[:3] == ["id", "name", "industry"]
    assert rows[1].startswith('1,"\'=HYPERLINK(""http://x"")"')
    assert "'+1 call" in rows[1]
    assert ",-5," in rows[1]  # a negative number is a number, not a formula
    raw = run("accounts", "list", "-f", "csv", "--raw").stdout.splitlines()
    assert raw[1].startswith('1,"=HYPERLINK(""http://x"")"')


def test_accounts_by_numeric_id(run):
    run("accounts", "add", "Acme")
    assert run("accounts", "show", "1", "-f", "json").json()["account"]["name"] == "Acme"


def test_installed_command_adds_and_lists(db_url):
    done = run_installed("accounts", "add", "Sakura Foods", "--tier", "key")
    assert done.stderr == "Added account 1: Sakura Foods\n"
    listed = run_installed("accounts", "list", "-f", "json")
    assert [a["name"] for a in json.loads(listed.stdout)] == ["Sakura Foods"]
    failed = run_installed("accounts", "add", "Sakura Foods", exit=1)
    assert failed.stderr == "Error: an account named 'Sakura Foods' already exists (id 1)\n"
    assert "Traceback" not in failed.stderr
