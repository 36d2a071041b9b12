"""Every table view of the sample portfolio at 80, 100 and 120 columns (SPEC §2 Terminal layout):
no line wider than the terminal, every box row closed, every account and contact name in full."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from tests.helpers import run_installed

WIDTHS = (80, 100, 120)

TABLE_VIEWS = {
    "accounts list": ("accounts", "list"),
    "accounts history": ("accounts", "history", "北斗精機株式会社"),
    "accounts opp list": ("accounts", "opp", "list"),
    "accounts orders list": ("accounts", "orders", "list", "株式会社みなと物流"),
    "log list": ("log", "list"),
    "log search": ("log", "search", "ダッシュボード"),
    "contacts list": ("contacts", "list"),
    "contacts list ACCOUNT": ("contacts", "list", "株式会社みなと物流"),
    "score": ("score", "--top", "100"),
    "report": ("report",),
}

BOX_START = "┏┃┡│└┢┗"
BOX_END = "┓┃┩│┘┪┛╮╯"


def screen(run, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], width: int) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    return run(*args).stdout


def table_columns(text: str) -> list[str]:
    """Each column of each table, its cells' lines joined top to bottom without white space: a
    name that wraps or folds reads whole again."""
    columns: list[str] = []
    current: list[list[str]] = []
    in_table = False
    for line in text.splitlines():
        if line.startswith("┡"):
            in_table = True
        elif line.startswith("│") and in_table:
            cells = line.strip().strip("│").split("│")
            if not current:
                current = [[] for _ in cells]
            for column, cell in zip(current, cells, strict=True):
                column.append(cell.strip())
        elif line.startswith("└") and in_table:
            columns += [re.sub(r"\s", "", " ".join(column)) for column in current]
            current, in_table = [], False
    return columns


def footnote(text: str) -> str:
    """The dim footnote after a table, its lines joined."""
    start = text.index("hidden at ")
    lines = text[start:].splitlines()
    end = next(i for i, line in enumerate(lines) if line.rstrip().endswith("-f json"))
    return " ".join(line.strip() for line in lines[: end + 1])


def names_shown(text: str, names: set[str]) -> set[str]:
    joined = table_columns(text)
    return {name for name in names if any(re.sub(r"\s", "", name) in column for column in joined)}


@pytest.fixture
def names(sample_portfolio) -> set[str]:
    """Every account's and contact's name in the sample portfolio."""
    accounts = sample_portfolio("accounts", "list", "-f", "json").json()
    archived = sample_portfolio("accounts", "list", "--archived", "-f", "json").json()
    contacts = sample_portfolio("contacts", "list", "-f", "json").json()
    return {record["name"] for record in accounts + archived + contacts}


@pytest.mark.parametrize("view", TABLE_VIEWS)
def test_every_table_fits_80_100_and_120_columns(sample_portfolio, names, monkeypatch, view):
    args = TABLE_VIEWS[view]
    # The names this view lists: those a terminal wide enough for everything shows.
    expected = names_shown(screen(sample_portfolio, monkeypatch, args, 400), names)
    assert expected, "the view lists accounts or contacts"
    for width in WIDTHS:
        text = screen(sample_portfolio, monkeypatch, args, width)
        for line in text.splitlines():
            assert cell_len(line) <= width, f"{view} at {width}: {line!r}"
            if line[:1] in BOX_START:
                assert line.rstrip()[-1:] in BOX_END, f"{view} at {width}: open row {line!r}"
        assert names_shown(text, expected) == expected, f"{view} at {width}"
        assert "…" not in "".join(table_columns(text)), f"{view} at {width}: a cell is cut"


def test_accounts_list_names_every_account_at_80_columns(sample_portfolio, monkeypatch):
    accounts = {record["name"] for record in sample_portfolio("accounts", "list", "-f", "json").json()}
    text = screen(sample_portfolio, monkeypatch, ("accounts", "list"), 80)
    assert names_shown(text, accounts) == accounts
    assert footnote(text) == (
        "hidden at 80 columns: Tags, Industry, Stage, Owner — widen the window or use -f json"
    )


def test_japanese_names_and_notes_fold_instead_of_being_cut(sample_portfolio, monkeypatch):
    """`株式会 …` named four accounts at once; a Japanese note was cut to one line."""
    text = screen(sample_portfolio, monkeypatch, ("score",), 80)
    assert "株式会 …" not in text
    assert "│  9 │ 株式会社みなと物流       │" in text
    notes = screen(sample_portfolio, monkeypatch, ("log", "list", "北斗精機株式会社", "--limit", "1"), 80)
    record = sample_portfolio("log", "list", "北斗精機株式会社", "--limit", "1", "-f", "json").json()[0]
    assert record["notes"] in "".join(table_columns(notes))


def test_report_keeps_the_account_column_at_80_columns(sample_portfolio, monkeypatch):
    text = screen(sample_portfolio, monkeypatch, ("report",), 80)
    revenue = text[text.index("Accounts by revenue") :]
    assert revenue.splitlines()[2].split("┃")[1].strip() == "Account"
    assert "│ 株式会社みなと物流 " in revenue
    assert footnote(revenue) == (
        "hidden at 80 columns: Interactions, CSAT, Profit — widen the window or use -f json"
    )


def test_the_map_shows_every_role_at_80_columns(sample_portfolio, monkeypatch):
    """`代表取締役 · de…`: the role was cut; it now wraps beside the columns."""
    text = screen(sample_portfolio, monkeypatch, ("contacts", "map", "北斗精機株式会社"), 80)
    contacts = sample_portfolio("contacts", "list", "北斗精機株式会社", "-f", "json").json()
    flat = re.sub(r"[\s│├└─]", "", text)
    for contact in contacts:
        assert all(cell_len(line) <= 80 for line in text.splitlines())
        assert contact["name"] in text
        assert re.sub(r"\s", "", contact["role"]) in flat


def test_a_pipe_gets_100_columns_and_the_installed_command_fits(sample_portfolio, monkeypatch):
    monkeypatch.delenv("COLUMNS")
    piped = run_installed("score", input="")  # no terminal anywhere: stdin, stdout, stderr
    assert max(cell_len(line) for line in piped.stdout.splitlines()) == 100
    narrow = run_installed("log", "list", env={"COLUMNS": "80"})
    assert max(cell_len(line) for line in narrow.stdout.splitlines()) <= 80
    assert footnote(narrow.stdout) == (
        "hidden at 80 columns: Follow-up, Kind, Channel — widen the window or use -f json"
    )


def test_an_empty_database_says_how_to_begin(run):
    assert run("accounts", "list").stderr == (
        "No accounts yet — add one with `kamctl accounts add NAME`, "
        "or try `kamctl --demo accounts list` on sample data.\n"
    )
    assert (
        run("log", "list").stderr
        == 'No log entries yet — record one with `kamctl log ACCOUNT "what happened"`.\n'
    )
    assert (
        run("contacts", "list").stderr
        == "No contacts yet — add one with `kamctl contacts add ACCOUNT NAME`.\n"
    )
    run("accounts", "add", "Acme")
    assert run("accounts", "list", "--tier", "key").stderr == (
        "No accounts match — leave out the filters to list them all.\n"
    )
    assert (
        run("log", "list", "Acme").stderr
        == "No log entries match — leave out the filters to list them all.\n"
    )
    assert run("accounts", "list", "--archived").stderr == (
        "No archived accounts yet — `kamctl accounts archive NAME` archives one.\n"
    )
    assert run("accounts", "list", "-f", "json").json()[0]["name"] == "Acme"
    assert run("accounts", "list", "--tier", "key", "-f", "json").stdout == "[]\n"


def test_report_changes_agree_with_the_rounding_shown(sample_portfolio):
    """5.33 → 5.38 reads 5.3 → 5.4: up 0.1, not "no change"."""
    assert sample_portfolio("report", "-f", "json").json()["kpis"]["avg_contacts_per_key_account"] == 5.38
    assert (
        "| Contacts per key account | 5.4 | 5.3 | ▲ +0.1 |" in sample_portfolio("report", "-f", "md").stdout
    )


OTHER_VIEWS = {
    "settings list": ("settings", "list"),
    "score explain": ("score", "explain", "株式会社みなと物流"),
    "score weights": ("score", "weights"),
    "score matrix": ("score", "matrix"),
    "report account": ("report", "account", "株式会社みなと物流"),
    "report team": ("report", "team"),
    "report wins": ("report", "wins"),
    "accounts plan": ("accounts", "plan", "株式会社みなと物流"),
    "accounts team": ("accounts", "team", "株式会社みなと物流"),
    "contacts show": ("contacts", "show", "小林 隆"),
    "remind list": ("remind", "list"),
}


@pytest.mark.parametrize("view", OTHER_VIEWS)
def test_every_other_view_fits_80_100_and_120_columns(sample_portfolio, monkeypatch, view):
    """The views that are not one list of accounts or contacts: no line past the edge, no box
    left open, no cell cut (an ellipsis the text itself holds is shown at any width)."""
    ellipses = "".join(table_columns(screen(sample_portfolio, monkeypatch, OTHER_VIEWS[view], 400))).count(
        "…"
    )
    for width in WIDTHS:
        text = screen(sample_portfolio, monkeypatch, OTHER_VIEWS[view], width)
        for line in text.splitlines():
            assert cell_len(line) <= width, f"{view} at {width}: {line!r}"
            if line[:1] in BOX_START:
                assert line.rstrip()[-1:] in BOX_END, f"{view} at {width}: open row {line!r}"
        assert "".join(table_columns(text)).count("…") == ellipses, f"{view} at {width}: a cell is cut"
