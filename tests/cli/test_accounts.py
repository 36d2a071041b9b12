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


# ---------------------------------------------------------------------------------------------
# `accounts show`: the dossier's score and its layout (SPEC §3, §2 "Terminal layout")


def test_show_has_the_score_that_list_score_and_explain_give(sample_portfolio):
    run = sample_portfolio
    dossier = run("accounts", "show", "株式会社みなと物流", "-f", "json").json()
    listed = {a["name"]: a["score"] for a in run("accounts", "list", "-f", "json").json()}
    [ranked] = [a for a in run("score", "-f", "json").json() if a["account"] == "株式会社みなと物流"]
    explained = run("score", "explain", "株式会社みなと物流", "-f", "json").json()
    assert dossier["account"]["score"] == dossier["score"] == listed["株式会社みなと物流"] == 63.58
    assert (dossier["rank"], dossier["scored_accounts"]) == (
        ranked["rank"],
        len(run("score", "-f", "json").json()),
    )
    assert (dossier["strength"], dossier["quadrant"], dossier["recommendation"]) == (
        ranked["strength"],
        ranked["quadrant"],
        ranked["recommendation"],
    )
    assert dossier["breakdown"] == explained["criteria"]
    assert dossier["strength_components"] == explained["strength_components"]
    assert dossier["not_scored"] is None
    assert round(sum(line["points"] for line in dossier["breakdown"]), 2) == 63.58
    table = run("accounts", "show", "株式会社みなと物流").stdout
    assert "Score 63.58 · rank 9 of 28 · strength 41.7 · star → develop" in table
    assert " Revenue          23,075,000  orders      25   16.30 " in table
    # The team is one line of the profile, its owner first.
    assert "│ Team               sato (owner), yamada (support), suzuki (executive-sponsor)  " in table


def test_show_of_an_account_out_of_the_scored_set_says_why(run):
    run("accounts", "add", "Acme", "--growth", "4")
    run("accounts", "add", "Kappa Motors", "--growth", "2", "--status", "lost")
    run("accounts", "add", "Lambda Foods", "--growth", "5")
    run("accounts", "archive", "Lambda Foods")
    lost = run("accounts", "show", "Kappa Motors", "-f", "json").json()
    unscored = dict.fromkeys(
        ("score", "rank", "scored_accounts", "strength", "quadrant", "recommendation", "breakdown")
    )
    assert {key: lost[key] for key in unscored} == unscored
    assert lost["account"]["score"] is None and lost["strength_components"] is None
    assert (
        lost["not_scored"]
        == "Kappa Motors is lost, so it is not scored (kamctl accounts edit --status brings it back)"
    )
    archived = run("accounts", "show", "Lambda Foods", "-f", "json").json()
    assert archived["not_scored"] == (
        "Lambda Foods is archived, so it is not scored (kamctl accounts unarchive brings it back)"
    )
    assert "Not scored: Lambda Foods is archived, so it is not scored" in run(
        "accounts", "show", "Lambda Foods"
    ).stdout.replace("\n│ ", " ").replace(" │", "")
    # The one account left in the scored set ranks first of one: growth 4 → 15 × 0.75.
    acme = run("accounts", "show", "Acme", "-f", "json").json()
    assert (acme["score"], acme["rank"], acme["scored_accounts"], acme["quadrant"]) == (
        11.25,
        1,
        1,
        "unrated",
    )


def test_show_with_every_shared_weight_at_zero_says_it_cannot_score(run):
    run("accounts", "add", "Acme", "--growth", "4")
    from kamctl.domain.settings import CRITERIA

    for criterion in CRITERIA:
        run("settings", "set", f"weights.{criterion}", "0")
    dossier = run("accounts", "show", "Acme", "-f", "json").json()
    assert (dossier["score"], dossier["breakdown"]) == (None, None)
    assert dossier["not_scored"] == run("score", exit=1).stderr.removeprefix("Error: ").rstrip("\n")


def column_text(lines: list[str], header: str) -> list[str]:
    """The text of one column of the first table whose header row has `header`, row by row
    (a row's wrapped lines joined, spaces removed: wrapping may break anywhere)."""
    from rich.cells import cell_len

    top = next(i for i, line in enumerate(lines) if f"┃ {header} " in line)
    start = cell_len(lines[top][: lines[top].index(f"┃ {header} ")]) + 1
    rows: list[str] = []
    for line in lines[top + 2 :]:
        if line.lstrip("│ ").startswith("└"):
            return rows
        cells, offset = [], 0
        for char in line:
            if offset >= start:
                cells.append(char)
            offset += cell_len(char)
        cell = "".join(cells).split("│")[0].replace(" ", "")
        if line.split("│")[2].strip():  # a new row: its first cell (the ID) is not empty
            rows.append(cell)
        elif rows:
            rows[-1] += cell
    return rows


def within_the_panel(lines: list[str]) -> str:
    """The panel's text without its borders, lines joined and spaces removed."""
    return "".join(line[1:-1] for line in lines[1:-1]).replace(" ", "")


@pytest.mark.parametrize("width", [80, 100, 120])
@pytest.mark.parametrize("account", ["株式会社みなと物流", "Kappa Motors", "北斗精機株式会社"])
def test_show_fits_the_width_closes_every_box_and_cuts_no_text(sample_portfolio, monkeypatch, width, account):
    from rich.cells import cell_len

    run = sample_portfolio
    dossier = run("accounts", "show", account, "-f", "json").json()
    monkeypatch.setenv("COLUMNS", str(width))
    lines = run("accounts", "show", account).stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert lines[0].startswith(f"╭─ {account} ─") and lines[0].endswith("╮")
    assert lines[-1].startswith("╰") and lines[-1].endswith("╯")
    assert all(line.startswith("│") and line.endswith("│") for line in lines[1:-1])
    assert "…" not in "".join(lines)
    text = within_the_panel(lines)
    assert dossier["account"]["notes"].replace(" ", "") in text
    assert column_text(lines, "Notes") == [entry["notes"].replace(" ", "") for entry in dossier["recent_log"]]
    if dossier["open_reminders"]:
        titles = column_text(lines, "Title")
        assert titles == [reminder["title"].replace(" ", "") for reminder in dossier["open_reminders"]]
    hidden = "hidden at 80 columns: Channel, Kind — widen the window or use -f json"
    assert (hidden in "\n".join(lines)) == (width == 80)


def test_show_wraps_a_name_too_long_for_the_top_border_inside_the_panel(db_url):
    from rich.cells import cell_len

    name = "株式会社" + "とても長い名前の東日本広域物流サービスホールディングス" * 2
    run_installed("accounts", "add", name, "--note", "最初の商談は来月。" * 12)
    lines = run_installed("accounts", "show", name, env={"COLUMNS": "80"}).stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert lines[0] == "╭" + "─" * 78 + "╮" and " id 1 " in lines[-1]
    assert within_the_panel(lines).startswith(name + "Team")
    assert ("最初の商談は来月。" * 12) in within_the_panel(lines)


def test_show_lists_open_opportunities_with_product_and_chance(run, monkeypatch):
    """The dossier's open opportunities carry the product and the chance in force (the type's
    default when none was given); at 80 columns they give way before the title is squeezed."""
    run("accounts", "add", "Acme")
    run("accounts", "opp", "add", "Acme", "Energy monitoring for the paint shop", "--type", "cross-sell",
        "--product", "Energy Monitoring", "--value", "9500000")  # fmt: skip
    run("accounts", "opp", "add", "Acme", "Framework", "--type", "renewal", "--probability", "60")
    opportunities = run("accounts", "show", "Acme", "-f", "json").json()["open_opportunities"]
    assert [(o["title"], o["product"], o["probability"]) for o in opportunities] == [
        ("Energy monitoring for the paint shop", "Energy Monitoring", 30),
        ("Framework", None, 60),
    ]
    wide = run("accounts", "show", "Acme").stdout
    assert "│ Energy monitoring for the paint shop │ cross-sell │ Energy Monitoring │ 9,500,000 │    30% │" in wide
    monkeypatch.setenv("COLUMNS", "80")
    narrow = run("accounts", "show", "Acme").stdout
    assert "│  1 │ Energy monitoring for the │ cross-sell │ 9,500,000 │    30% │" in narrow
    assert "hidden at 80 columns: Product — widen the window or use -f json" in narrow
