"""User text is printed literally in every renderer and every format (SPEC §2 Output).

Each hostile value below is stored as an account's name, industry, owner, note and tag, a
contact's name, title and our-contact, a log entry's notes, a reminder's title, a goal, a team
member and an opportunity. Every command that shows them, in each of its formats, must exit 0,
write no raw terminal control character, and show the text as written: markup as text, control
characters escaped (`\\x1b`), in JSON as `\\uXXXX` escapes that read back to the original.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import invoke, run_installed

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""SPEC §2's terminal control characters: C0 but tab and newline, DEL, C1, bidi controls and marks."""

HOSTILE = {
    "markup-close": "C [/]",
    "markup-link": "[link=https://evil.example]x[/link]",
    "osc52-clipboard": "Clip \x1b]52;c;AAAA\x07 me",
    "c1": "Red \x9b31m, go \x9d8;;https://evil.example\x9c here",
    "bidi": "Acme \u202eevil\u202c, marks \u200f\u200e\u061c, isolate \u2066 end",
    "nul": "Nul \x00 byte",
    "mermaid-directive": "M %%{init: {'theme':'dark'}}%% x",
}


def shown(text: str) -> str:
    """How SPEC §2 writes `text` where control characters cannot stay: `\\x1b`, `\\u202e`."""
    return CONTROL.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )


def setup_commands(value: str) -> list[tuple[str, ...]]:
    return [
        ("accounts", "add", value, "--tier", "key", "--status", "at-risk", "--industry", value,
         "--owner", value, "--note", value),
        ("accounts", "edit", "1", "--tag", value),
        ("contacts", "add", "1", value, "--title", value, "--role", "decision-maker", "--stance", "champion",
         "--our-contact", value, "--note", value, "--cadence", "7"),
        ("log", "1", value, "--with", "1", "--kind", "win", "--tag", value, "--next", "tomorrow", "--action", value),
        ("remind", "add", "1", value, "--due", "yesterday"),
        ("accounts", "team", "1", "--add", value, "--role", "sales"),
        ("accounts", "plan", "1", "--goal", value),
        ("accounts", "opp", "add", "1", value, "--type", "upsell"),
    ]  # fmt: skip


_built: dict[str, Path] = {}
"""One database per hostile value, built once and copied for each test (commands may write)."""


@pytest.fixture
def hostile(request, tmp_path, tmp_path_factory, monkeypatch) -> str:
    value: str = request.param
    monkeypatch.setenv("COLUMNS", "400")  # no wrapping: each text shows on one line
    if value not in _built:
        folder = tmp_path_factory.mktemp("hostile")
        monkeypatch.setenv("KAMCTL_DB", str(folder / "kamctl.db"))
        for args in setup_commands(value):
            invoke(*args)
        _built[value] = folder
    for file in _built[value].glob("kamctl.db*"):
        shutil.copy(file, tmp_path / file.name)
    monkeypatch.setenv("KAMCTL_DB", str(tmp_path / "kamctl.db"))
    return value


def _strings(data) -> list[str]:
    if isinstance(data, dict):
        return [text for item in data.values() for text in _strings(item)]
    if isinstance(data, list):
        return [text for item in data for text in _strings(item)]
    return [data] if isinstance(data, str) else []


_MERMAID_ENTITIES = {
    "#quot;": '"',
    "#35;": "#",
    "#lt;": "<",
    "#gt;": ">",
    "#amp;": "&",
    "#96;": "`",
    "#37;": "%",
    "#91;": "[",
    "#93;": "]",
    "#123;": "{",
    "#125;": "}",
}


def read_back(fmt: str, out: str) -> str:
    """The text a reader of `fmt` sees: cells unquoted, escapes of the format undone, markup rendered."""
    if fmt == "csv":
        return "\n".join(cell for row in csv.reader(io.StringIO(out)) for cell in row)
    if fmt == "md":
        from markdown_it import MarkdownIt

        page = MarkdownIt("commonmark").enable("table").render(out)
        assert "<a href" not in page and "<script" not in page
        return html.unescape(re.sub(r"<[^>]+>", "", page))
    if fmt == "html":
        return html.unescape(out)
    if fmt == "ics":
        icalendar = pytest.importorskip("icalendar")
        calendar = icalendar.Calendar.from_ical(out)
        return "\n".join(
            str(todo.get(key, "")) for todo in calendar.walk("VTODO") for key in ("SUMMARY", "DESCRIPTION")
        )
    if fmt == "vcard":
        from kamctl.io.vcard import read_vcards

        return "\n".join(
            str(value) for row in read_vcards(out.encode("utf-8")) for value in row.values.values()
        )
    if fmt == "mermaid":
        assert "%%{" not in out  # a name must not smuggle in an init directive
        return re.sub("|".join(_MERMAID_ENTITIES), lambda m: _MERMAID_ENTITIES[m.group()], out)
    if fmt == "dot":
        return out.replace('\\"', '"').replace("\\\\", "\\")
    return out


TABLE_JSON_CSV = ("table", "json", "csv")
COMMANDS = [
    (("accounts", "list"), TABLE_JSON_CSV),
    (("accounts", "show", "1"), TABLE_JSON_CSV),
    (("accounts", "history", "1"), TABLE_JSON_CSV),
    (("accounts", "team", "1"), TABLE_JSON_CSV),
    (("accounts", "plan", "1"), TABLE_JSON_CSV),
    (("accounts", "export"), ("csv", "json")),
    (("accounts", "opp", "list", "1"), TABLE_JSON_CSV),
    (("accounts", "handover", "1", "--to", "Bob"), ("md",)),  # the brief, always Markdown
    (("contacts", "list"), TABLE_JSON_CSV),
    (("contacts", "list", "1"), TABLE_JSON_CSV),
    (("contacts", "show", "1"), TABLE_JSON_CSV),
    (("contacts", "map", "1"), ("tree", "json", "mermaid", "dot")),
    (("contacts", "export", "1"), ("csv", "json", "vcard")),
    (("log", "list"), TABLE_JSON_CSV),
    (("log", "list", "1"), TABLE_JSON_CSV),
    (("log", "show", "1"), TABLE_JSON_CSV),
    (("log", "export"), ("csv", "json")),
    (("remind",), ("table", "plain", "json")),
    (("remind", "list"), TABLE_JSON_CSV),
    (("remind", "export"), ("ics",)),  # always iCalendar
    (("report",), ("table", "json", "csv", "md", "html")),
    (("report", "account", "1"), ("table", "json", "md", "html")),  # its CSV is the KPIs only
    (("report", "wins"), ("table", "json", "csv", "md", "html")),
    (("score",), TABLE_JSON_CSV),
    (("score", "explain", "1"), TABLE_JSON_CSV),
    (("score", "matrix"), TABLE_JSON_CSV),
]
TITLED = {
    ("accounts", "history", "1"),
    ("accounts", "team", "1"),
    ("contacts", "list", "1"),
    ("log", "list", "1"),
}
"""Tables titled with the account's name (the other tables show it in their cells)."""
ONLY_FORMAT = {"md", "ics"}
"""Formats a command writes without a --format option."""


@pytest.mark.parametrize("hostile", list(HOSTILE.values()), ids=list(HOSTILE), indirect=True)
@pytest.mark.parametrize(("command", "formats"), COMMANDS, ids=[" ".join(c) for c, _ in COMMANDS])
def test_user_text_is_printed_literally(hostile: str, command: tuple[str, ...], formats: tuple[str, ...]):
    for fmt in formats:
        done = invoke(*command, *([] if fmt in ONLY_FORMAT else ["-f", fmt]))
        where = f"{' '.join(command)} -f {fmt}"
        assert not CONTROL.findall(done.stdout), f"{where}: raw control characters on stdout"
        assert not CONTROL.findall(done.stderr), f"{where}: raw control characters on stderr"
        if fmt == "json":
            # JSON keeps the data exact: its \uXXXX escapes read back to the original text.
            assert hostile in _strings(json.loads(done.stdout)), where
        else:
            assert shown(hostile) in read_back(fmt, done.stdout), f"{where}:\n{done.stdout}"
        if fmt == "table" and command in TITLED:
            assert done.stdout.splitlines()[0].strip() == shown(hostile), where


def test_json_writes_controls_as_escapes(run):
    run("accounts", "add", "Red \x9b31m \u202eevil\x7f")
    line = run("accounts", "list", "-f", "json").stdout.splitlines()[1]
    assert line.startswith('  {"id": 1, "name": "Red \\u009b31m \\u202eevil\\u007f", ')


def test_db_export_escapes_controls_and_imports_back_exactly(run, tmp_path, monkeypatch):
    name = "Red \x9b31m \u202eevil\u200f"
    run("accounts", "add", name, "--note", "bell \x07")
    dump = tmp_path / "dump.json"
    run("db", "export", str(dump))
    text = dump.read_text(encoding="utf-8")
    assert not CONTROL.search(text)
    assert '"name": "Red \\u009b31m \\u202eevil\\u200f"' in text
    monkeypatch.setenv("KAMCTL_DB", str(tmp_path / "other.db"))
    run("db", "import", str(dump))
    assert [row["name"] for row in run("accounts", "list", "-f", "json").json()] == [name]
    again = tmp_path / "again.json"
    run("db", "export", str(again))
    assert again.read_bytes() == dump.read_bytes()


def test_csv_escapes_controls_keeps_line_breaks_and_guards_escaped_formulas(run):
    run("accounts", "add", "Acme", "--note", "line 1\nline 2 \x1b[31m")
    run("accounts", "add", "=1+1\x07")
    rows = list(csv.DictReader(io.StringIO(run("accounts", "export", "-f", "csv").stdout)))
    assert [(row["name"], row["notes"]) for row in rows] == [
        ("Acme", "line 1\nline 2 \\x1b[31m"),
        ("'=1+1\\x07", ""),
    ]


def test_the_message_of_an_empty_list_shows_the_name_escaped(run):
    run("accounts", "add", "C [/] \x1b]52;c;AAAA\x07", "--owner", "")
    done = run("accounts", "team", "1")
    assert done.stderr == "C [/] \\x1b]52;c;AAAA\\x07 has no team yet.\n"


def test_master_plan_links_show_their_address(run, tmp_path, monkeypatch):
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "See [the deck](https://evil.example/x)\\n" > "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    run("accounts", "add", "Acme")
    run("accounts", "plan", "Acme", "--edit")
    assert "the deck (https://evil.example/x)" in run("accounts", "plan", "Acme").stdout


# --- The installed command, as a user's terminal would run it.


def test_installed_history_of_a_markup_name_prints_it(run):
    run("accounts", "add", "C [/]")
    done = run_installed("accounts", "history", "C [/]")
    assert done.stdout.splitlines()[0].strip() == "C [/]"
    assert done.stderr == ""


@pytest.mark.parametrize("command", [("accounts", "history"), ("accounts", "team"), ("contacts", "list"),
                                     ("log", "list")])  # fmt: skip
def test_installed_commands_on_a_terminal_make_no_hyperlink_nor_clipboard_write(run, command):
    name = "[link=https://evil.example]x[/link] \x1b]52;c;AAAA\x07"
    run("accounts", "add", name)
    run("accounts", "team", "1", "--add", "Sato", "--role", "sales")
    run("contacts", "add", "1", "Ito")
    run("log", "1", "met")
    # FORCE_COLOR makes Rich write for a terminal: styles and hyperlinks (OSC 8) included.
    done = run_installed(*command, "1", env={"FORCE_COLOR": "1", "NO_COLOR": "", "COLUMNS": "200"})
    assert "\x1b[" in done.stdout  # styled for a terminal, so a hyperlink would be written
    assert "\x1b]" not in done.stdout and "\x07" not in done.stdout
    # The title wraps at the table's width: compare without styles and white space.
    seen = re.sub(r"\x1b\[[0-9;]*m|\s", "", done.stdout)
    assert "[link=https://evil.example]x[/link]\\x1b]52;c;AAAA\\x07" in seen


def test_installed_exports_write_no_raw_controls(run):
    name = "Go \x9d8;;https://evil.example\x9c \u202e"
    run("accounts", "add", name)
    run("contacts", "add", "1", name)
    run("remind", "add", "1", name, "--due", "tomorrow")
    listed = run_installed("accounts", "list", "-f", "json").stdout
    assert not CONTROL.findall(listed) and json.loads(listed)[0]["name"] == name
    table = run_installed("contacts", "list", "-f", "csv").stdout
    assert not CONTROL.findall(table) and shown(name) in table
    icalendar = pytest.importorskip("icalendar")
    calendar = run_installed("remind", "export").stdout
    assert not CONTROL.findall(calendar)
    [todo] = [t for t in icalendar.Calendar.from_ical(calendar).walk("VTODO") if "reminder" in str(t["UID"])]
    assert str(todo["SUMMARY"]) == f"{shown(name)}: {shown(name)}"
