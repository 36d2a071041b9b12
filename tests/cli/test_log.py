"""`kamctl log` (SPEC §6): capture, follow-ups, feedback, list/search/show/edit/rm, import/export."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import portfolio_of, run_installed

pytestmark = pytest.mark.postgres


@pytest.fixture
def kappa(run):
    run("accounts", "add", "Kappa Motors", "--tier", "key")
    run("contacts", "add", "Kappa Motors", "Ito Ken")
    run("contacts", "add", "Kappa Motors", "Mori Aya")
    return run


def entries(run, *args):
    return run("log", "list", *args, "-f", "json").json()


def test_log_account_note_is_shorthand_for_log_add_and_prints_id_and_next_due(kappa):
    outcome = kappa("log", "Kappa Motors", "Agreed pilot scope")
    assert outcome.stdout == ""
    assert outcome.stderr.splitlines() == [
        "Logged 1: Kappa Motors, meeting 2026-11-20 09:00",
        "Next contact with Kappa Motors due 2026-12-04 (in 14 days; every 14 days)",
    ]
    kappa("log", "add", "kappa motors", "Second note", "--channel", "call")
    assert [(e["id"], e["channel"], e["kind"], e["notes"]) for e in entries(kappa)] == [
        (2, "call", "interaction", "Second note"),
        (1, "meeting", "interaction", "Agreed pilot scope"),
    ]


def test_every_option_of_log_and_the_follow_up(kappa):
    outcome = kappa(
        "log", "Kappa Motors", "Pilot agreed", "--with", "ito ken", "--with", "Mori Aya", "--channel", "visit",
        "--when", "yesterday", "--kind", "win", "--sentiment", "positive", "--tag", "pilot", "--tag", "日本",
        "--next", "friday", "--action", "Send the pilot contract",
    )  # fmt: skip
    assert outcome.stderr.splitlines() == [
        "Logged 1: Kappa Motors, visit 2026-11-19 09:00 with Ito Ken, Mori Aya",
        "Follow-up 1 due 2026-11-27: Send the pilot contract",
        "Next contact with Kappa Motors due 2026-12-03 (in 13 days; every 14 days)",
    ]
    assert entries(kappa) == [
        {
            "id": 1, "account": "Kappa Motors", "contacts": ["Ito Ken", "Mori Aya"],
            "when": "2026-11-19T09:00:00+09:00", "channel": "visit", "kind": "win", "sentiment": "positive",
            "csat": None, "nps": None, "notes": "Pilot agreed", "tags": ["pilot", "日本"], "follow_up_id": 1,
        }
    ]  # fmt: skip
    reminders = kappa("remind", "list", "-f", "json").json()
    assert [(r["id"], r["title"], r["due"], r["contact"], r["log_entry_id"]) for r in reminders] == [
        (1, "Send the pilot contract", "2026-11-27", "Ito Ken", 1)
    ]


def test_next_without_action_is_called_follow_up(kappa):
    kappa("log", "Kappa Motors", "Call", "--next", "+3d")
    assert kappa("remind", "list", "-f", "json").json()[0]["title"] == "Follow up"


def test_feedback_with_csat_and_nps(kappa):
    kappa("log", "Kappa Motors", "Survey Q4", "--kind", "feedback", "--csat", "4", "--nps", "9")
    entry = entries(kappa)[0]
    assert (entry["kind"], entry["csat"], entry["nps"]) == ("feedback", 4, 9)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--csat", "6"), "Error: csat must be a whole number from 1 to 5 (got '6')"),
        (("--csat", "4.5"), "Error: csat must be a whole number from 1 to 5 (got '4.5')"),
        (("--nps", "11"), "Error: nps must be a whole number from 0 to 10 (got '11')"),
        (
            ("--channel", "fax"),
            "Error: channel must be one of meeting, visit, call, email, chat, social, event, other (got 'fax')",
        ),
        (
            ("--kind", "feedbak"),
            "Error: kind must be one of interaction, feedback, win, issue, review (got 'feedbak'); did you mean 'feedback'?",
        ),
        (
            ("--sentiment", "great"),
            "Error: sentiment must be one of positive, neutral, negative (got 'great')",
        ),
        (("--when", "someday"), "Error: cannot read date 'someday': use YYYY-MM-DD"),
        (
            ("--action", "Call back"),
            "Error: --action names the follow-up: give its date with --next DATE too",
        ),
        (("--with", "Ito Kenji"), "Error: no contact 'Ito Kenji' in Kappa Motors; did you mean 'Ito Ken'?"),
    ],
)
def test_bad_options_are_one_error_line_and_record_nothing(kappa, args, message):
    outcome = kappa("log", "Kappa Motors", "note", *args, exit=1)
    assert outcome.stderr.startswith(message)
    assert entries(kappa) == []


def test_unknown_account_suggests_names(kappa):
    outcome = kappa("log", "Kapa Motors", "note", exit=1)
    assert outcome.stderr == "Error: no account 'Kapa Motors'; did you mean 'Kappa Motors'?\n"


def test_explicit_add_reaches_an_account_named_like_a_sub_command(run):
    run("accounts", "add", "list")
    run("log", "add", "list", "Met them")
    assert entries(run, "list")[0]["account"] == "list"


def test_notes_from_stdin_and_empty_notes(kappa):
    kappa("log", "Kappa Motors", input="Long notes\nfrom a pipe\n")
    assert entries(kappa)[0]["notes"] == "Long notes\nfrom a pipe"
    outcome = kappa("log", "Kappa Motors", input="  \n", exit=1)
    assert outcome.stderr == "Error: nothing recorded: the notes read from standard input are empty\n"
    assert kappa("log", "Kappa Motors", "   ", exit=1).stderr.startswith(
        "Error: nothing recorded: the notes are empty"
    )
    assert len(entries(kappa)) == 1


def test_log_clears_a_cadence_snooze(kappa):
    kappa("remind", "snooze", "cadence:1", "--until", "2027-06-01")
    kappa("log", "Kappa Motors", "Caught up")
    assert kappa("remind", "--days", "30", "-f", "json").json()[0]["id"] == "cadence:1"


def test_an_account_without_rhythm_says_so(run):
    run("accounts", "add", "Plain Co")
    outcome = run("log", "Plain Co", "Hello")
    assert outcome.stderr.splitlines()[-1] == (
        "Plain Co has no contact rhythm (set one with: kamctl accounts edit 'Plain Co' --cadence DAYS)"
    )


# --- list ---------------------------------------------------------------------------------------


@pytest.fixture
def history(kappa):
    kappa("accounts", "add", "Blue Harbor")
    kappa(
        "log", "Kappa Motors", "Kick-off", "--when", "2026-11-01 10:00", "--with", "Ito Ken", "--tag", "QBR"
    )
    kappa(
        "log",
        "Kappa Motors",
        "Price talk",
        "--when",
        "2026-11-10 10:00",
        "--channel",
        "call",
        "--kind",
        "issue",
    )
    kappa("log", "Blue Harbor", "Demo 打ち合わせ", "--when", "2026-11-15 10:00", "--tag", "デモ")
    kappa("log", "Kappa Motors", "Survey", "--when", "2026-11-18 10:00", "--kind", "feedback", "--csat", "5")
    return kappa


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        ((), [4, 3, 2, 1]),
        (("Kappa Motors",), [4, 2, 1]),
        (("--since", "2026-11-10"), [4, 3, 2]),
        (("--until", "2026-11-10"), [2, 1]),
        (("--since", "2026-11-10", "--until", "2026-11-15"), [3, 2]),
        (("--kind", "feedback"), [4]),
        (("--channel", "call"), [2]),
        (("--contact", "Ito Ken"), [1]),
        (("--tag", "qbr"), [1]),
        (("--tag", "デモ"), [3]),
        (("--limit", "2"), [4, 3]),
    ],
)
def test_log_list_filters_newest_first(history, args, ids):
    assert [entry["id"] for entry in entries(history, *args)] == ids


def test_log_list_table_and_csv(history):
    table = history("log", "list", "Kappa Motors", "--limit", "1")
    assert "Survey" in table.stdout and "Kick-off" not in table.stdout
    assert table.stderr == "Showing the latest 1 of 3 entries (--limit 0 shows all)\n"
    csv_text = history("log", "list", "--kind", "issue", "-f", "csv").stdout
    assert csv_text.splitlines() == [
        "id,account,contacts,when,channel,kind,sentiment,csat,nps,notes,tags,follow_up_id",
        "2,Kappa Motors,,2026-11-10T10:00:00+09:00,call,issue,,,,Price talk,,",
    ]


# --- search -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("kick", [1]),
        ("KICK-OFF", [1]),
        ("打ち合わせ", [3]),  # Japanese inside a longer text, no spaces
        ("打ち", [3]),  # two characters: below the trigram size
        ("デモ", [3]),  # a Japanese tag
        ("qbr", [1]),  # a tag
        ("price talk", [2]),  # every word must match
        ('"price talk"', [2]),
        ("price survey", []),
        ("zz", []),
        ("100%", []),
    ],
)
def test_log_search_over_notes_and_tags(history, query, ids):
    found = history("log", "search", query, "-f", "json").json()
    assert [entry["id"] for entry in found] == ids


def test_log_search_best_match_first_and_account_filter(history):
    history("log", "Blue Harbor", "price price price talk", "--when", "2026-11-19 10:00")
    history("log", "Blue Harbor", "Talk about the new price list", "--when", "2026-11-20 08:00")
    # The whole query as written first (newest first among those), then the others, newest first:
    # on SQLite and PostgreSQL alike.
    ranked = [entry["id"] for entry in history("log", "search", "price talk", "-f", "json").json()]
    assert ranked == [5, 2, 6]
    assert [entry["id"] for entry in history("log", "search", "price", "-f", "json").json()] == [6, 5, 2]
    assert [
        e["id"] for e in history("log", "search", "price", "--account", "Kappa Motors", "-f", "json").json()
    ] == [2]
    assert history("log", "search", "  ", exit=1).stderr.startswith("Error: the search query is empty")


@pytest.mark.postgres
def test_log_search_finds_the_term_itself_not_just_its_pieces(kappa):
    kappa("log", "Kappa Motors", "prim rich ice")  # holds pri, ric and ice, but not "price"
    kappa("log", "Kappa Motors", "École visit", "--tag", "Straße")
    kappa("log", "Kappa Motors", "the price")
    assert [e["id"] for e in kappa("log", "search", "price", "-f", "json").json()] == [3]
    assert [e["id"] for e in kappa("log", "search", "rich ice prim", "-f", "json").json()] == [1]
    assert [e["id"] for e in kappa("log", "search", "straße", "-f", "json").json()] == [2]


def test_log_search_ignores_case_in_any_script_on_sqlite(kappa, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL folds case as its locale says (CI's cluster has none)")
    kappa("log", "Kappa Motors", "ÉCOLE visit", "--tag", "Ärger")
    assert [e["id"] for e in kappa("log", "search", "école", "-f", "json").json()] == [1]
    assert [e["id"] for e in kappa("log", "search", "ärg", "-f", "json").json()] == [1]


# --- show, edit, rm ------------------------------------------------------------------------------


def test_show_edit_and_rm(history):
    shown = history("log", "show", "1")
    assert "Kick-off" in shown.stdout and "Ito Ken" in shown.stdout
    record = history("log", "show", "1", "-f", "json").json()
    assert record["author"] == "tester" and record["contacts"] == ["Ito Ken"]
    outcome = history(
        "log", "edit", "1", "--notes", "Kick-off, revised", "--with", "Mori Aya", "--sentiment", "negative",
        "--csat", "2", "--tag", "risk", "--untag", "qbr", "--when", "2026-11-02 10:00",
    )  # fmt: skip
    assert outcome.stderr == "Changed log entry 1: sentiment, csat, when, notes, tags, contacts\n"
    record = history("log", "show", "1", "-f", "json").json()
    assert (record["notes"], record["contacts"], record["sentiment"], record["csat"], record["tags"]) == (
        "Kick-off, revised", ["Mori Aya"], "negative", 2, ["risk"],
    )  # fmt: skip
    assert [e["id"] for e in history("log", "search", "revised", "-f", "json").json()] == [1]
    assert history("log", "search", "qbr", "-f", "json").json() == []
    history("log", "edit", "1", "--sentiment", "", "--csat", "")
    record = history("log", "show", "1", "-f", "json").json()
    assert (record["sentiment"], record["csat"]) == (None, None)
    assert history("log", "edit", "1", exit=1).stderr.startswith("Error: nothing to change")
    assert history("log", "rm", "1", exit=1).stderr.startswith(
        "Error: Remove log entry 1: not confirmed; add --yes"
    )
    assert history("log", "rm", "1", "--yes").stderr == "Removed log entry 1\n"
    assert history("log", "show", "1", exit=1).stderr.startswith("Error: no log entry '1'")
    assert history("log", "search", "revised", "-f", "json").json() == []


def test_removing_an_account_removes_its_entries_from_search(history):
    history("accounts", "rm", "Blue Harbor", "--yes")
    assert history("log", "search", "打ち合わせ", "-f", "json").json() == []


# --- import and export ---------------------------------------------------------------------------


def test_export_then_import_round_trips(history, tmp_path):
    history("log", "Kappa Motors", "=cmd|' /C calc'!A0", "--with", "Mori Aya", "--with", "Ito Ken")
    for fmt in ("csv", "json"):
        exported = history("log", "export", "-f", fmt).stdout
        path = tmp_path / f"log.{fmt}"
        path.write_text(exported, encoding="utf-8")
        before = len(entries(history, "--limit", "0"))
        assert history("log", "import", str(path)).stderr == f"Imported {before} log entries\n"
        again = history("log", "export", "-f", fmt).stdout
        if fmt == "json":
            data = json.loads(again)
            assert data[:before] == data[before:] == json.loads(exported)
        else:
            lines = again.splitlines()
            assert lines[1 : before + 1] == lines[before + 1 :] == exported.splitlines()[1:]
    assert (
        "\"'=cmd|' /C calc'!A0\"" in history("log", "export").stdout
        or "'=cmd" in history("log", "export").stdout
    )


def test_import_is_all_or_nothing_with_line_numbers(history, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        textwrap.dedent(
            """\
            account,when,channel,kind,notes,contacts,sentiment,csat,nps,tags
            Kappa Motors,2026-11-01T10:00:00+09:00,call,interaction,ok,Ito Ken,,,,a;b
            Kapa Motors,2026-11-01,call,interaction,typo,,,,,
            Kappa Motors,next year,call,interaction,bad date,,,,,
            Kappa Motors,2026-11-01,fax,interaction,bad channel,Nobody,,7,,
            """
        ),
        encoding="utf-8",
    )
    outcome = history("log", "import", str(path), exit=1)
    assert outcome.stderr.splitlines() == [
        "line 3: no account 'Kapa Motors'; did you mean 'Kappa Motors'?",
        'line 4: cannot read date \'next year\': use YYYY-MM-DD, "YYYY-MM-DD HH:MM", today, yesterday, tomorrow, now, a weekday (friday), "last monday", "3 days ago", "in 2 weeks", +3d/-2w/+1m/+1y, "nov 20", "20 nov 2026", 今日/昨日/明日, 金曜/来週の月曜, 3日後/2週間前, 12月20日',
        "line 5: channel must be one of meeting, visit, call, email, chat, social, event, other (got 'fax')",
        "Error: 3 of 4 rows are invalid; nothing was imported",
    ]
    assert len(entries(history, "--limit", "0")) == 4


def test_import_dry_run_and_json_lists(history, tmp_path):
    path = tmp_path / "log.json"
    path.write_text(
        json.dumps([{"account": "Kappa Motors", "when": "2026-11-03 10:00", "notes": "From JSON",
                     "contacts": ["Ito Ken"], "tags": ["x"], "kind": "feedback", "nps": 10}]),
        encoding="utf-8",
    )  # fmt: skip
    assert history("log", "import", str(path), "--dry-run").stderr == "read as UTF-8\nWould import 1 log entry (dry run)\n"
    assert len(entries(history, "--limit", "0")) == 4
    history("log", "import", str(path))
    entry = entries(history, "--kind", "feedback")[-1]
    assert (entry["notes"], entry["contacts"], entry["nps"], entry["when"]) == (
        "From JSON", ["Ito Ken"], 10, "2026-11-03T10:00:00+09:00",
    )  # fmt: skip
    assert [e["id"] for e in history("log", "search", "from json", "-f", "json").json()] == [5]


# --- real processes: $EDITOR, stdin, concurrency --------------------------------------------------


def _editor(tmp_path: Path, text: str | None) -> str:
    """An $EDITOR that writes `text` above the template (None: leaves the file as it is)."""
    script = tmp_path / "editor.py"
    body = (
        ""
        if text is None
        else f"path = sys.argv[1]\nold = open(path, encoding='utf-8').read()\nopen(path, 'w', encoding='utf-8').write({text!r} + old)\n"
    )
    script.write_text(f"import sys\n{body}", encoding="utf-8")
    return f"{sys.executable} {script}"


@pytest.mark.parametrize("via", ["EDITOR", "VISUAL"])
def test_notes_from_the_editor_in_a_real_process(kappa, tmp_path, via):
    # A terminal on stdin is what makes kamctl open the editor instead of reading a pipe.
    import pty

    primary, secondary = pty.openpty()
    try:
        done = subprocess.run(
            ["kamctl", "log", "Kappa Motors", "--with", "Ito Ken"],
            stdin=secondary, capture_output=True, text=True, timeout=60,
            env={**__import__("os").environ, via: _editor(tmp_path, "Written in the editor\n日本語\n")},
        )  # fmt: skip
    finally:
        import os

        os.close(primary)
        os.close(secondary)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("Logged 1: Kappa Motors")
    assert entries(kappa)[0]["notes"] == "Written in the editor\n日本語"


def test_an_empty_note_in_the_editor_records_nothing(kappa, tmp_path):
    import os
    import pty

    primary, secondary = pty.openpty()
    try:
        done = subprocess.run(
            ["kamctl", "log", "Kappa Motors"], stdin=secondary, capture_output=True, text=True, timeout=60,
            env={**os.environ, "EDITOR": _editor(tmp_path, None)},
        )  # fmt: skip
    finally:
        os.close(primary)
        os.close(secondary)
    assert (done.returncode, done.stderr) == (0, "Nothing recorded: the notes were empty.\n")
    assert entries(kappa) == []


def test_notes_piped_into_the_installed_command(kappa):
    outcome = run_installed("log", "Kappa Motors", "--channel", "email", input="Mail thread\nsummary\n")
    assert outcome.stderr.startswith("Logged 1: Kappa Motors, email")
    assert entries(kappa)[0]["notes"] == "Mail thread\nsummary"


def test_two_processes_logging_at_the_same_time_both_succeed(kappa):
    import os

    for round_ in range(3):
        started = [
            subprocess.Popen(
                ["kamctl", "log", "Kappa Motors", f"note {round_}-{n}", "--with", "Ito Ken", "--next", "+2d"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=dict(os.environ),
            )
            for n in range(2)
        ]
        for process in started:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
    notes = sorted(entry["notes"] for entry in entries(kappa, "--limit", "0"))
    assert notes == sorted(f"note {r}-{n}" for r in range(3) for n in range(2))
    assert len(kappa("remind", "list", "-f", "json").json()) == 6


def test_sqlite_full_text_index_follows_raw_inserts(kappa, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("the FTS index is SQLite's")
    kappa("log", "Kappa Motors", "first")  # creates the schema
    path = db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO log_entry (account_id, occurred_at, channel, kind, notes, tags, created_at) "
            "VALUES (1, '2026-11-19 00:00:00.000000', 'call', 'interaction', 'Raw row about 物流センター', "
            "'[\"\\u65e5\\u672c\"]', '2026-11-19 00:00:00.000000')"
        )
    assert [e["notes"] for e in kappa("log", "search", "物流セ", "-f", "json").json()] == [
        "Raw row about 物流センター"
    ]
    assert [e["id"] for e in kappa("log", "search", "日本", "-f", "json").json()] == [2]


# --- the Python API: the same search and recording as the commands ------------------------------


@pytest.mark.parametrize(
    ("query", "options"),
    [
        ("price", {}),
        ("price", {"account": "Blue Harbor"}),
        ("QBR", {"since": "2026-11-02"}),
        ("e", {"limit": 2}),
    ],
)
def test_search_log_is_what_log_search_json_prints(history, db_url, query, options):
    from kamctl.actions.log import search_log
    from kamctl.render.log import entries_json

    history("log", "Blue Harbor", "price list", "--when", "2026-11-19 10:00", "--tag", "QBR")
    args = [arg for key, value in options.items() for arg in (f"--{key}", str(value))]
    with portfolio_of(db_url) as api:
        found = entries_json(search_log(api, query, **options))
    assert found == history("log", "search", query, *args, "-f", "json").json()
    assert found  # every case finds something


def test_log_search_since_a_day(history):
    history("log", "Blue Harbor", "price list", "--when", "2026-11-19 10:00", "--tag", "QBR")
    assert [e["id"] for e in history("log", "search", "QBR", "-f", "json").json()] == [5, 1]
    assert [
        e["id"] for e in history("log", "search", "QBR", "--since", "2026-11-19", "-f", "json").json()
    ] == [5]
    assert history("log", "search", "QBR", "--since", "2026-11-20", "-f", "json").json() == []
    assert history("log", "search", "QBR", "--since", "soon", exit=1).stderr.startswith(
        "Error: cannot read date 'soon'"
    )


def test_record_interaction_is_the_entry_log_show_prints_by_the_user(kappa, db_url):
    from kamctl.actions.log import record_interaction
    from kamctl.render.log import recorded_json

    with portfolio_of(db_url, user="ana") as api:
        recorded = record_interaction(
            api, "kappa motors", "Pilot agreed\n", with_=["mori aya", "Ito Ken"], channel="visit",
            when="yesterday", next_="friday", action="Send the contract",
        )  # fmt: skip
    entry = recorded_json(recorded)
    assert entry == kappa("log", "show", "1", "-f", "json").json()
    assert (entry["author"], entry["contacts"], entry["follow_up_id"]) == ("ana", ["Ito Ken", "Mori Aya"], 1)
    assert (entry["channel"], entry["when"], entry["notes"]) == (
        "visit",
        "2026-11-19T09:00:00+09:00",
        "Pilot agreed",
    )
    assert kappa("remind", "list", "-f", "json").json()[0]["title"] == "Send the contract"


@pytest.mark.parametrize(
    ("account", "notes", "options", "message"),
    [
        ("Kappa Motors", "Met", {"channel": "fax"}, "channel must be one of"),
        ("Kappa Motor", "Met", {}, "no account 'Kappa Motor'"),
        ("Kappa Motors", "Met", {"with_": ["Ito Ken", "Nobody"]}, "no contact 'Nobody'"),
        ("Kappa Motors", " \n ", {"next_": "friday"}, "nothing recorded: the notes are empty"),
        ("Kappa Motors", "Met", {"action": "Call"}, "--action names the follow-up"),
    ],
)
def test_an_invalid_interaction_says_what_log_says_and_records_nothing(
    kappa, db_url, account, notes, options, message
):
    from kamctl.actions.log import record_interaction
    from kamctl.errors import KamctlError

    with portfolio_of(db_url) as api, pytest.raises(KamctlError) as refused:
        record_interaction(api, account, notes, **options)
    assert str(refused.value).startswith(message)
    args = ["log", account, notes]
    for key, value in options.items():
        for item in value if isinstance(value, list) else [value]:
            args += [f"--{key.rstrip('_')}", item]
    assert kappa(*args, exit=1).stderr == f"Error: {refused.value}\n"
    assert entries(kappa) == [] and kappa("remind", "list", "-f", "json").json() == []
