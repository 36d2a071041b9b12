"""How `kamctl remind` reads on a screen (SPEC §2 Terminal layout, §7): the compact view, the full
table at any width, and `--summary` for a shell rc file."""

from __future__ import annotations

import pytest
from helpers import run_installed
from rich.cells import cell_len

LONG_TITLE = "Send the revised proposal with the multi-year pricing options to the CFO"
JAPANESE_ACCOUNT = "株式会社みなと物流ホールディングス"
JAPANESE_TITLE = "小林CFO向けにROI資料と改定見積を提出し、導入スケジュールを合意する"

OPENERS = {"┏": "┓", "┃": "┃", "┡": "┩", "│": "│", "└": "┘"}


@pytest.fixture
def morning(run):
    """Three stored reminders (one overdue, one today, one upcoming) and three accounts whose
    rhythm of 10 days ran out on 2026-10-11 (conftest's today is 2026-11-20)."""
    run("accounts", "add", "Acme", "--tier", "key")
    run("accounts", "add", JAPANESE_ACCOUNT)
    for name in ("Beta", "Gamma", "Delta"):
        run("accounts", "add", name, "--cadence", "10")
        run("log", name, "Met", "--when", "2026-10-01")
    run("remind", "add", "Acme", LONG_TITLE, "--due", "2026-11-18")
    run("remind", "add", JAPANESE_ACCOUNT, JAPANESE_TITLE, "--due", "2026-11-20")
    run("remind", "add", "Acme", "Call back", "--due", "2026-11-23")
    return run


def lines_of(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def test_the_compact_view_is_one_line_per_item_and_folds_overdue_cadence(morning, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    out = morning("remind").stdout
    assert lines_of(out) == [
        "Overdue (4)",
        "2026-11-18 Acme            Send the revised proposal with  1",
        "                           the multi-year pricing options",
        "                           to the CFO",
        "2026-10-11 3 accounts      Get in touch: 3 overdue cadence",
        "                           items, not listed: add --kind",
        "                           cadence",
        "",
        "Today (1)",
        "2026-11-20 株式会社みなと  小林CFO向けにROI資料と改定見積  2",
        "           物流ホールディ  を提出し、導入スケジュールを合",
        "           ングス          意する",
        "",
        "Upcoming (1)",
        "2026-11-23 Acme            Call back                       3",
    ]
    # What the fold line points to lists them, one line each
    assert lines_of(morning("remind", "--kind", "cadence").stdout) == [
        "Overdue (3)",
        "2026-10-11 Beta  Get in touch (every 10 days; last cadence:3",
        "                 contact 2026-10-01)",
        "2026-10-11 Delta Get in touch (every 10 days; last cadence:5",
        "                 contact 2026-10-01)",
        "2026-10-11 Gamma Get in touch (every 10 days; last cadence:4",
        "                 contact 2026-10-01)",
    ]


def test_compact_is_the_default_below_100_columns_and_full_can_be_chosen(morning, monkeypatch):
    monkeypatch.setenv("COLUMNS", "99")
    compact = morning("remind").stdout
    assert compact.startswith("Overdue (4)\n2026-11-18 Acme ")
    assert morning("remind", "--compact").stdout == compact
    full = morning("remind", "--full").stdout
    assert "┃ ID" in full and full != compact
    monkeypatch.setenv("COLUMNS", "100")
    assert morning("remind").stdout.splitlines()[1].startswith("┏")
    assert morning("remind", "--compact").stdout.startswith("Overdue (4)\n2026-11-18 Acme ")


def test_the_full_table_drops_minor_columns_first_and_says_so(morning, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    out = morning("remind", "--full").stdout
    assert lines_of(out)[-2:] == [
        "hidden at 60 columns: When, Kind, Contact",  # in the order they gave way
        "— widen the window or use -f json",
    ]
    header = next(line for line in out.splitlines() if line.startswith("┃ ID"))
    assert [cell.strip() for cell in header.strip("┃").split("┃")] == ["ID", "Account", "What", "Due"]
    assert cell_len(header) == 60
    monkeypatch.setenv("COLUMNS", "160")
    wide = morning("remind", "--full").stdout
    assert "hidden" not in wide and "┃ When " in wide


def test_summary_is_one_line_for_a_shell_rc_file(morning):
    assert morning("remind", "--summary").stdout == "kamctl: 4 overdue, 1 today, 1 upcoming — kamctl remind\n"
    assert morning("remind", "--summary", "--account", "Acme").stdout == (
        "kamctl: 1 overdue, 1 upcoming — kamctl remind\n"
    )
    assert morning("remind", "--summary", "--check", exit=3).stdout.startswith("kamctl: 4 overdue")


def test_summary_says_nothing_when_nothing_is_due(run):
    run("accounts", "add", "Acme")
    done = run("remind", "--summary")
    assert (done.stdout, done.stderr) == ("", "")


def test_summary_is_text_only(morning):
    done = morning("remind", "--summary", "-f", "json", exit=1)
    assert done.stderr == "Error: --summary prints one line of text, not json: leave out -f json\n"
    assert done.stdout == ""


def test_summary_is_answered_from_the_cache_by_the_installed_command(morning):
    first = run_installed("remind", "--summary")
    assert first.stdout == "kamctl: 4 overdue, 1 today, 1 upcoming — kamctl remind\n"
    assert run_installed("remind", "--summary").stdout == first.stdout
    morning("remind", "add", "Acme", "One more", "--due", "2026-11-20")
    assert (
        run_installed("remind", "--summary").stdout
        == "kamctl: 4 overdue, 2 today, 1 upcoming — kamctl remind\n"
    )


def _closed_rows(out: str, width: int) -> None:
    for line in out.splitlines():
        assert cell_len(line) <= width, line
        text = line.rstrip()
        if text[:1] in OPENERS:
            assert text.endswith(OPENERS[text[0]]), line


def _table_cells(out: str, column: str) -> list[str]:
    """The text of every row's cell in `column` of the full table, wrapped lines joined."""
    cells: list[str] = []
    index = None
    for line in out.splitlines():
        if line.startswith("┃"):
            index = [part.strip() for part in line.split("┃")].index(column)
        elif line.startswith("│") and index is not None:
            parts = line.split("│")
            if parts[1].strip():  # the ID cell starts a new row
                cells.append("")
            cells[-1] += parts[index].strip()
    return cells


@pytest.mark.parametrize("width", [80, 100, 120])
def test_the_sample_portfolio_fits_every_width_with_every_title_in_full(sample_portfolio, monkeypatch, width):
    run = sample_portfolio
    monkeypatch.setenv("COLUMNS", str(width))
    compact = run("remind", "--compact").stdout
    full = run("remind", "--full").stdout
    for out in (compact, full):
        _closed_rows(out, width)
        assert "…" not in out
    # Full table: every item's title in its own cell, complete (wrapped lines joined)
    every = [item["title"] for item in run("remind", "-f", "json").json()]
    squeezed = sorted("".join(title.split()) for title in every)
    assert sorted("".join(cell.split()) for cell in _table_cells(full, "What")) == squeezed
    # Compact: one block of lines per item, in the list's order; the overdue cadence items are
    # folded into one block that counts them; every other block holds its item's whole title
    items = run("remind", "-f", "json").json()
    folded = [item for item in items if item["kind"] == "cadence" and item["days_overdue"] > 0]
    blocks = _blocks(compact)
    fold = [block for block in blocks if "Get in touch:" in block]
    assert len(fold) == 1 and f"Get in touch: {len(folded)} overdue cadence items" in " ".join(
        fold[0].split()
    )
    listed = [item for item in items if item not in folded]
    shown = [block for block in blocks if block is not fold[0]]
    assert len(shown) == len(listed)
    for item, block in zip(listed, shown, strict=True):
        assert block.startswith(item["due"]) and block.splitlines()[0].rstrip().endswith(str(item["id"]))
        assert _in_order("".join(item["title"].split()), "".join(block.split())), (item["title"], block)


def _blocks(compact: str) -> list[str]:
    """The compact view's items: each from the line that starts with its due date to the next."""
    blocks: list[str] = []
    for line in compact.splitlines():
        if line[:4].isdigit() and line[4:5] == "-":
            blocks.append(line)
        elif line.startswith(" ") and blocks:
            blocks[-1] += "\n" + line
    return blocks


def _in_order(needle: str, haystack: str) -> bool:
    """Every character of `needle` is in `haystack`, in order (a title wrapped beside its account)."""
    rest = iter(haystack)
    return all(character in rest for character in needle)


def test_plain_and_json_do_not_change_with_the_views(morning, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    plain = morning("remind", "-f", "plain").stdout
    assert plain == (
        "2026-10-11  40 days overdue: Beta: Get in touch (every 10 days; last contact 2026-10-01)  [cadence cadence:3]\n"
        "2026-10-11  40 days overdue: Delta: Get in touch (every 10 days; last contact 2026-10-01)  [cadence cadence:5]\n"
        "2026-10-11  40 days overdue: Gamma: Get in touch (every 10 days; last contact 2026-10-01)  [cadence cadence:4]\n"
        f"2026-11-18  2 days overdue: Acme: {LONG_TITLE}  [follow-up 1]\n"
        f"2026-11-20  today: {JAPANESE_ACCOUNT}: {JAPANESE_TITLE}  [follow-up 2]\n"
        "2026-11-23  in 3 days: Acme: Call back  [follow-up 3]\n"
    )
    monkeypatch.setenv("COLUMNS", "160")
    assert morning("remind", "-f", "plain").stdout == plain
