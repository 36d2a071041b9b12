"""`kamctl contacts` through the real CLI against a real database (SPEC §5)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.postgres

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=JST)  # KAMCTL_NOW of tests/conftest.py


def log(db_url: str, account_id: int, days_ago: int, *contact_ids: int) -> None:
    """A log entry `days_ago` days before the fixed now, naming contacts (as `kamctl log --with` would)."""
    from kamctl.store.engine import open_store
    from kamctl.store.models import LogContact, LogEntry

    store = open_store(db_url)
    when = (NOW - timedelta(days=days_ago)).astimezone(UTC)
    with store.transaction() as session:
        entry = LogEntry(account_id=account_id, occurred_at=when, created_at=when, notes=f"met {contact_ids}")
        session.add(entry)
        session.flush()
        session.add_all(LogContact(log_entry_id=entry.id, contact_id=c) for c in contact_ids)
    store.dispose()


@pytest.fixture
def kappa(run):
    """Kappa Motors with a small map: Kenji ← Laura ← Priya, and Daniel under Kenji."""
    run("accounts", "add", "Kappa Motors", "--tier", "key")
    run("contacts", "add", "Kappa Motors", "Kenji Morita", "--title", "EVP Manufacturing", "--role",
        "decision-maker", "--influence", "5", "--stance", "supporter", "--our-contact", "suzuki",
        "--email", "kenji@kappa.example", "--phone", "+81 53-555-0101", "--cadence", "45")  # fmt: skip
    run("contacts", "add", "kappa motors", "Laura Chen", "--title", "VP Procurement", "--role", "economic-buyer",
        "--influence", "5", "--stance", "neutral", "--reports-to", "kenji morita", "--our-contact", "tanaka")  # fmt: skip
    run("contacts", "add", "1", "Priya Nair", "--role", "technical", "--influence", "3", "--stance", "skeptic",
        "--reports-to", "2", "--our-contact", "yamada", "--note", "Wants every gateway reviewed.")  # fmt: skip
    run("contacts", "add", "Kappa Motors", "Daniel Okafor", "--role", "champion", "--influence", "4",
        "--stance", "champion", "--reports-to", "Kenji Morita", "--our-contact", "tanaka")  # fmt: skip
    return run


def test_add_confirms_on_stderr(run):
    run("accounts", "add", "Acme")
    outcome = run("contacts", "add", "Acme", "北村 正人", "--role", "decision-maker")
    assert (outcome.stdout, outcome.stderr) == ("", "Added contact 1: 北村 正人 (Acme)\n")


def test_list_json_has_every_field(kappa, db_url):
    log(db_url, 1, 3, 1, 2)
    listed = kappa("contacts", "list", "-f", "json").json()
    assert [c["name"] for c in listed] == ["Daniel Okafor", "Kenji Morita", "Laura Chen", "Priya Nair"]
    assert listed[1] == {
        "id": 1,
        "account": "Kappa Motors",
        "name": "Kenji Morita",
        "reading": None,
        "title": "EVP Manufacturing",
        "role": "decision-maker",
        "influence": 5,
        "stance": "supporter",
        "reports_to": None,
        "our_contact": "suzuki",
        "email": "kenji@kappa.example",
        "phone": "+81 53-555-0101",
        "cadence_days": 45,
        "notes": None,
        "left": False,
        "last_contact": "2026-11-17T09:00:00+09:00",
    }
    assert listed[3]["reports_to"] == "Laura Chen"
    assert listed[3]["last_contact"] is None


def test_list_filters_by_account_role_and_stance(kappa):
    kappa("accounts", "add", "Acme")
    kappa("contacts", "add", "Acme", "Zed", "--role", "champion", "--stance", "champion")
    names = lambda *a: [c["name"] for c in kappa("contacts", "list", *a, "-f", "json").json()]  # noqa: E731
    assert names("Acme") == ["Zed"]
    assert names("--role", "champion") == ["Zed", "Daniel Okafor"]  # by account, then name
    assert names("Kappa Motors", "--stance", "Champion") == ["Daniel Okafor"]
    assert kappa("contacts", "list", "--role", "boss", exit=1).stderr.startswith("Error: role must be one of")
    assert (
        kappa("contacts", "list", "Acne", exit=1).stderr == "Error: no account 'Acne'; did you mean 'Acme'?\n"
    )


def test_list_table_marks_people_who_left_and_aligns_japanese(run):
    run("accounts", "add", "北斗精機株式会社")
    run("contacts", "add", "北斗精機株式会社", "村田 亮", "--role", "influencer", "--stance", "champion")
    run("contacts", "add", "北斗精機株式会社", "Al", "--role", "user", "--stance", "neutral")
    run("contacts", "left", "村田 亮")
    out = run("contacts", "list", "北斗精機株式会社").stdout
    assert "村田 亮 (left)" in out
    lines = [line for line in out.splitlines() if "champion" in line or "neutral" in line]
    from rich.cells import cell_len

    # The stance column starts at the same terminal cell on both lines.
    columns = [
        cell_len(line[: line.index(word)]) for line, word in zip(lines, ("neutral", "champion"), strict=True)
    ]
    assert columns[0] == columns[1]


def test_show_by_name_id_and_account(kappa, db_url):
    log(db_url, 1, 12, 3)
    shown = kappa("contacts", "show", "priya nair", "-f", "json").json()
    assert shown["id"] == 3 and shown["reports_to"] == "Laura Chen"
    assert shown["direct_reports"] == []
    assert [entry["notes"] for entry in shown["recent_log"]] == ["met (3,)"]
    assert kappa("contacts", "show", "2", "-f", "json").json()["direct_reports"] == ["Priya Nair"]
    table = kappa("contacts", "show", "Laura Chen").stdout
    assert "VP Procurement" in table and "Kenji Morita" in table and "Priya Nair" in table
    csv = kappa("contacts", "show", "Laura Chen", "-f", "csv").stdout.splitlines()
    assert csv[0].startswith("id,account,name,reading,title,role")


def test_a_name_on_two_maps_needs_the_account(kappa):
    kappa("accounts", "add", "Acme")
    kappa("contacts", "add", "Acme", "laura chen")
    outcome = kappa("contacts", "show", "Laura Chen", exit=1)
    assert outcome.stderr == (
        "Error: 2 contacts are named 'Laura Chen': Acme (id 5), Kappa Motors (id 2); add --account ACCOUNT\n"
    )
    assert kappa("contacts", "show", "Laura Chen", "--account", "acme", "-f", "json").json()["id"] == 5
    assert kappa("contacts", "show", "Laura Chen", "-a", "1", "-f", "json").json()["id"] == 2


def test_unknown_contacts_get_suggestions(kappa):
    assert kappa("contacts", "show", "Lora Chen", exit=1).stderr == (
        "Error: no contact 'Lora Chen'; did you mean 'Laura Chen'?\n"
    )
    assert kappa("contacts", "show", "99", exit=1).stderr == "Error: no contact '99'\n"
    kappa("accounts", "add", "Acme")
    assert (
        kappa("contacts", "show", "1", "--account", "Acme", exit=1).stderr
        == "Error: no contact '1' in Acme\n"
    )


def test_names_are_unique_within_one_account(kappa):
    assert kappa("contacts", "add", "Kappa Motors", "KENJI MORITA", exit=1).stderr == (
        "Error: Kappa Motors already has a contact named 'Kenji Morita' (id 1)\n"
    )
    assert kappa("contacts", "edit", "Laura Chen", "--rename", "priya nair", exit=1).stderr == (
        "Error: Kappa Motors already has a contact named 'Priya Nair' (id 3)\n"
    )


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--influence", "6", "influence must be between 1 and 5 (got '6')"),
        ("--influence", "high", "influence must be a number (got 'high')"),
        ("--email", "kenji(at)kappa", "email must look like name@example.com (got 'kenji(at)kappa')"),
        ("--cadence", "0", "cadence days must be between 1 and 3650 (got '0')"),
        (
            "--stance",
            "friend",
            "stance must be one of champion, supporter, neutral, skeptic, blocker (got 'friend')",
        ),
        ("--reports-to", "Nobody", "no contact 'Nobody' in Acme"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_added(run, option, value, message):
    run("accounts", "add", "Acme")
    assert run("contacts", "add", "Acme", "Zed", option, value, exit=1).stderr == f"Error: {message}\n"
    assert run("contacts", "list", "-f", "json").json() == []


def test_reporting_lines_never_form_a_cycle(kappa):
    assert kappa("contacts", "edit", "Kenji Morita", "--reports-to", "Priya Nair", exit=1).stderr == (
        "Error: Kenji Morita cannot report to Priya Nair: that would form a cycle "
        "Kenji Morita → Priya Nair → Laura Chen → Kenji Morita\n"
    )
    assert kappa("contacts", "edit", "Laura Chen", "--reports-to", "laura chen", exit=1).stderr == (
        "Error: Laura Chen cannot report to Laura Chen: that would form a cycle Laura Chen → Laura Chen\n"
    )
    # Nothing changed: Kenji is still the root.
    assert kappa("contacts", "show", "Kenji Morita", "-f", "json").json()["reports_to"] is None


def test_reporting_lines_stay_within_one_account(kappa):
    kappa("accounts", "add", "Acme")
    kappa("contacts", "add", "Acme", "Zed")
    assert kappa("contacts", "add", "Acme", "Yan", "--reports-to", "Kenji Morita", exit=1).stderr == (
        "Error: 'Kenji Morita' is a contact of Kappa Motors, not of Acme: reporting lines stay within one account\n"
    )
    assert kappa("contacts", "edit", "Zed", "--reports-to", "1", exit=1).stderr == (
        "Error: Kenji Morita (id 1) is a contact of Kappa Motors, not of Acme: reporting lines stay within one account\n"
    )


def test_edit_changes_clears_and_renames(kappa):
    outcome = kappa(
        "contacts", "edit", "Priya Nair", "--stance", "supporter", "--title", "CISO", "--reports-to", ""
    )
    assert outcome.stderr == "Changed Priya Nair: title, stance, reports to\n"
    kappa("contacts", "edit", "3", "--rename", "Priya N.", "--note", "")
    shown = kappa("contacts", "show", "Priya N.", "-f", "json").json()
    assert (shown["stance"], shown["title"], shown["reports_to"], shown["notes"]) == (
        "supporter",
        "CISO",
        None,
        None,
    )
    assert kappa("contacts", "edit", "3", "--title", "CISO").stderr == "Priya N.: nothing changed\n"
    assert kappa("contacts", "edit", "3", exit=1).stderr.startswith("Error: nothing to change")


def test_rm_needs_yes_and_leaves_reports_without_a_manager(kappa):
    assert "add --yes" in kappa("contacts", "rm", "Laura Chen", exit=1).stderr
    outcome = kappa("contacts", "rm", "Laura Chen", "--yes")
    assert outcome.stderr == (
        "Removed contact 2: Laura Chen (Kappa Motors)\n1 person who reported to them has no manager on the map now\n"
    )
    assert kappa("contacts", "show", "Priya Nair", "-f", "json").json()["reports_to"] is None


def test_left_keeps_the_person_greyed_out_and_undo_brings_them_back(kappa):
    assert kappa("contacts", "left", "Daniel Okafor").stderr == (
        "Marked Daniel Okafor (Kappa Motors) as left; kept on the map greyed out\n"
    )
    assert kappa("contacts", "left", "Daniel Okafor").stderr == "Daniel Okafor was already marked as left\n"
    the_map = kappa("contacts", "map", "Kappa Motors", "-f", "json").json()
    assert [node["left"] for node in the_map["nodes"]] == [False, False, False, True]
    assert "no-champion" in [finding["code"] for finding in the_map["findings"]]
    assert "Daniel Okafor (left)" in kappa("contacts", "map", "Kappa Motors").stdout
    assert (
        kappa("contacts", "left", "Daniel Okafor", "--undo").stderr
        == "Daniel Okafor (Kappa Motors) is active again\n"
    )


def test_map_json(kappa, db_url):
    log(db_url, 1, 100, 1)
    log(db_url, 1, 5, 2, 4)
    assert kappa("contacts", "map", "Kappa Motors", "-f", "json").json() == {
        "account": "Kappa Motors",
        "nodes": [
            {"id": 1, "name": "Kenji Morita", "reading": None, "title": "EVP Manufacturing", "role": "decision-maker",
             "influence": 5, "stance": "supporter", "reports_to": None, "our_contact": "suzuki",
             "last_contact": "2026-08-12T09:00:00+09:00", "left": False},
            {"id": 2, "name": "Laura Chen", "reading": None, "title": "VP Procurement", "role": "economic-buyer", "influence": 5,
             "stance": "neutral", "reports_to": 1, "our_contact": "tanaka",
             "last_contact": "2026-11-15T09:00:00+09:00", "left": False},
            {"id": 3, "name": "Priya Nair", "reading": None, "title": None, "role": "technical", "influence": 3, "stance": "skeptic",
             "reports_to": 2, "our_contact": "yamada", "last_contact": None, "left": False},
            {"id": 4, "name": "Daniel Okafor", "reading": None, "title": None, "role": "champion", "influence": 4,
             "stance": "champion", "reports_to": 1, "our_contact": "tanaka",
             "last_contact": "2026-11-15T09:00:00+09:00", "left": False},
        ],
        "findings": [
            {"code": "decision-maker-cold", "severity": "medium",
             "message": "Kenji Morita (decision-maker): last contacted 100 days ago"},
        ],
    }  # fmt: skip


def test_map_tree_shows_the_org_chart_and_findings(kappa, db_url):
    log(db_url, 1, 5, 2)
    log(db_url, 1, 30, 2)
    out = kappa("contacts", "map", "Kappa Motors").stdout
    lines = out.splitlines()
    assert lines[0].split() == [
        "Kappa",
        "Motors",
        "Infl.",
        "Stance",
        "Last",
        "contact",
        "Ours",
        "Title",
        "·",
        "role",
    ]
    assert re.match(
        r"└── Kenji Morita +●●●●● +supporter +never +suzuki +EVP Manufacturing · decision-maker$", lines[1]
    )
    assert re.match(r"    ├── Laura Chen +●●●●● +neutral +5 days ago +tanaka +VP Procurement · economic-buyer$",
                    lines[2])  # fmt: skip
    assert re.match(r"    │   └── Priya Nair +●●●○○ +skeptic +never +yamada +technical$", lines[3])
    assert re.match(r"    └── Daniel Okafor +●●●●○ +champion +never +tanaka +champion$", lines[4])
    # Every column starts at the same place on every line.
    assert len({line.index("●") for line in lines[1:5]}) == 1
    assert "4 contacts, 4 active" in out
    assert re.search(
        r"HIGH +single-threaded +every interaction of the last 180 days was with Laura Chen \(2", out
    )
    assert re.search(r"MEDIUM +decision-maker-cold +Kenji Morita \(decision-maker\): never contacted", out)


def test_map_of_an_account_without_contacts(run):
    run("accounts", "add", "Acme")
    out = run("contacts", "map", "Acme").stdout
    assert "No contacts yet" in out
    assert "no-decision-maker" in out


def test_map_of_200_contacts_with_japanese_names_renders_every_person_aligned(run, monkeypatch):
    """A deep and wide org chart: every person once, under their manager, columns aligned."""
    from kamctl.domain.account_map import AccountMap, MapContact
    from kamctl.render.account_map import map_tree
    from kamctl.render.console import reset

    family = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"]
    contacts = [
        MapContact(
            id=i,
            name=f"{family[i % 10]} {i}号" if i % 2 else f"Person {i}",
            role="user",
            influence=(i % 5) + 1,
            stance=("champion", "supporter", "neutral", "skeptic", "blocker")[i % 5],
            reports_to=None if i == 1 else (i // 2),
            our_contact=("sato", "lee")[i % 2],
            left=i % 17 == 0,
        )
        for i in range(1, 201)
    ]
    from rich.cells import cell_len
    from rich.console import Console

    reset()
    console = Console(width=200, no_color=True, highlight=False, record=True)
    with console.capture() as captured:
        console.print(map_tree(AccountMap(1, "北斗精機株式会社", contacts, []), now=NOW))
    lines = captured.get().splitlines()
    assert len(lines) == 201
    for contact in contacts:
        label = contact.name + (" (left)" if contact.left else "")
        assert sum(1 for line in lines if re.search(rf"── {re.escape(label)} ", line)) == 1, label
    starts = {cell_len(line[: line.index(next(ch for ch in line if ch in "●○"))]) for line in lines[1:]}
    assert len(starts) == 1  # influence column aligned across all depths and scripts
    # Each person is drawn right under the subtree of their manager (depth = manager's + 1).
    depth = {int(re.search(r"(\d+)(?:号)?(?: \(left\))? ", line.split("── ", 1)[1]).group(1)): line.index("──")
             for line in lines[1:]}  # fmt: skip
    assert all(depth[c.id] == depth[c.reports_to] + 4 for c in contacts if c.reports_to)


NASTY = 'Evil "Boss" [bold]<b>#1</b>&amp; `x`\\n\n;{}|end'


def test_mermaid_and_dot_escape_names(run):
    run("accounts", "add", 'Acme "Global"')
    run(
        "contacts",
        "add",
        "1",
        NASTY,
        "--role",
        "decision-maker",
        "--stance",
        "champion",
        "--our-contact",
        "日本 太郎",
    )
    run("contacts", "add", "1", "山田 花子", "--reports-to", "1", "--stance", "blocker")
    mermaid = run("contacts", "map", "1", "-f", "mermaid").stdout
    assert mermaid.splitlines()[:4] == [
        "---",
        'title: "Acme \\"Global\\" — account map"',
        "---",
        "flowchart TD",
    ]
    assert (
        '    c1["Evil #quot;Boss#quot; #91;bold#93;#lt;b#gt;#35;1#lt;/b#gt;#amp;amp; #96;x#96;\\n ;#123;#125;|end'
        '<br/>decision-maker · champion<br/>ours: 日本 太郎 · never"]'
    ) in mermaid
    assert '    c2["山田 花子<br/>blocker<br/>ours: nobody · never"]' in mermaid
    assert "    c1 --> c2" in mermaid
    assert "    class c1 champion" in mermaid and "    class c2 blocker" in mermaid
    dot = run("contacts", "map", "1", "-f", "dot").stdout
    assert '    graph [label="Acme \\"Global\\" — account map"' in dot
    assert ('c1 [label="Evil \\"Boss\\" [bold]&lt;b&gt;#1&lt;/b&gt;&amp;amp; `x`\\\\n ;&#123;&#125;&#124;end'
            '\\ndecision-maker · champion\\nours: 日本 太郎 · never"') in dot  # fmt: skip
    assert "    c1 -> c2;" in dot


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_reads_the_dot_output(run, tmp_path):
    run("accounts", "add", "Acme")
    run("contacts", "add", "Acme", NASTY, "--stance", "champion")
    run("contacts", "add", "Acme", "山田 花子", "--reports-to", "1")
    source = run("contacts", "map", "Acme", "-f", "dot").stdout
    done = subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "山田 花子" in done.stdout


INJECTIONS = (
    'A&amp;B &#65; <b>x</b> \\N \\n {a|b} "q"',
    '%%{init: {"theme": "dark"}}%% [x] `y` #35;',
)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_shows_every_name_and_title_literally(run):
    """Graphviz decodes entities (`&amp;`), escapes (`\\N`), HTML and record fields in labels:
    what the user typed must come out of `dot -Tsvg` as typed."""
    import xml.etree.ElementTree as ElementTree

    run("accounts", "add", INJECTIONS[0])
    for text in INJECTIONS:
        run("contacts", "add", "1", text, "--title", text)
    source = run("contacts", "map", "1", "-f", "dot").stdout
    svg = subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True, check=True).stdout
    shown = [e.text for e in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert shown[0] == INJECTIONS[0] + " — account map"
    assert shown.count(INJECTIONS[0]) == 2 and shown.count(INJECTIONS[1]) == 2  # name and title


def test_mermaid_codes_every_directive_character(run):
    run("accounts", "add", INJECTIONS[1])
    run("contacts", "add", "1", INJECTIONS[1], "--title", INJECTIONS[0])
    mermaid = run("contacts", "map", "1", "-f", "mermaid").stdout
    assert mermaid.splitlines()[:5] == [
        "---",
        'title: "\\u0025\\u0025{init: {\\"theme\\": \\"dark\\"}}\\u0025\\u0025 [x] `y` #35; — account map"',
        "---",
        "flowchart TD",
        '    c1["#37;#37;#123;init: #123;#quot;theme#quot;: #quot;dark#quot;#125;#125;#37;#37; #91;x#93; #96;y#96; '
        "#35;35;<br/>A#amp;amp;B #amp;#35;65; #lt;b#gt;x#lt;/b#gt; \\N \\n #123;a|b#125; #quot;q#quot;"
        '<br/>ours: nobody · never"]',
    ]
    assert "%%{" not in mermaid and "}%%" not in mermaid


def test_markup_and_control_characters_print_literally_in_the_tree(run):
    run("accounts", "add", "Acme")
    run("contacts", "add", "Acme", "[bold red]Evil[/] \x1b[31mBoss\x07", "--title", "[link]x[/link]")
    out = run("contacts", "map", "Acme").stdout
    assert "[bold red]Evil[/] \\x1b[31mBoss\\x07" in out
    assert "[link]x[/link]" in out
    assert "\x1b" not in out


# --- Import and export.


def test_csv_import_all_or_nothing_with_line_numbers(kappa, tmp_path):
    bad = tmp_path / "people.csv"
    bad.write_text(
        "account,name,title,role,influence,reports_to,email\n"
        "Kappa Motors,Aiko Shimizu,Engineer,user,2,Yuki Harada,aiko@kappa.example\n"
        "Kappa Motors,Yuki Harada,Plant Manager,user,3,Daniel Okafor,yuki@kappa.example\n"
        "Kappa Motors,Bad Influence,,user,9,,\n"
        "Kapa Motors,Typo,,,,,\n"
        "Kappa Motors,Kenji Morita,,,,,\n"
        "Kappa Motors,Mail,,,,,not-an-email\n",
        encoding="utf-8",
    )
    outcome = kappa("contacts", "import", str(bad), exit=1)
    assert outcome.stderr == (
        "line 4: influence must be between 1 and 5 (got '9')\n"
        "line 5: no account 'Kapa Motors'; did you mean 'Kappa Motors'?\n"
        "line 6: Kappa Motors already has a contact named 'Kenji Morita' (id 1); --update changes it, --skip-existing leaves it\n"
        "line 7: email must look like name@example.com (got 'not-an-email')\n"
        "Error: 4 of 6 rows are invalid; nothing was imported. No account 'Kapa Motors': add it first "
        "(kamctl accounts add NAME), or put everyone into one account with --account ACCOUNT\n"
    )
    assert len(kappa("contacts", "list", "-f", "json").json()) == 4
    good = tmp_path / "good.csv"
    good.write_text("\n".join(bad.read_text().splitlines()[:3]) + "\n", encoding="utf-8")
    assert kappa("contacts", "import", str(good), "--dry-run").stderr == (
        "read as UTF-8\nWould import 2 contacts into Kappa Motors (dry run)\n"
    )
    assert len(kappa("contacts", "list", "-f", "json").json()) == 4
    assert kappa("contacts", "import", str(good)).stderr == "Imported 2 contacts into Kappa Motors\n"
    aiko = kappa("contacts", "show", "Aiko Shimizu", "-f", "json").json()
    assert (aiko["reports_to"], aiko["influence"], aiko["email"]) == ("Yuki Harada", 2, "aiko@kappa.example")
    assert kappa("contacts", "show", "Yuki Harada", "-f", "json").json()["reports_to"] == "Daniel Okafor"


def test_import_refuses_a_cycle_and_missing_files(run, tmp_path):
    run("accounts", "add", "Acme")
    cyclic = tmp_path / "c.csv"
    cyclic.write_text("name,reports_to\nA,B\nB,A\n", encoding="utf-8")
    assert run("contacts", "import", str(cyclic), "--account", "Acme", exit=1).stderr == (
        "line 2: reporting lines would form a cycle: A → B → A\nError: 1 of 2 rows are invalid; nothing was imported\n"
    )
    assert run("contacts", "import", str(tmp_path / "nope.csv"), exit=1).stderr == (
        f"Error: no file {str(tmp_path / 'nope.csv')!r}\n"
    )
    vcf = tmp_path / "x.vcf"
    vcf.write_text("BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n", encoding="utf-8")
    assert run("contacts", "import", str(vcf), exit=1).stderr == (
        "line 1: no account (a column 'account', or --account for the whole file)\n"
        "Error: 1 of 1 row is invalid; nothing was imported\n"
    )


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vcard_export_then_import_into_another_account_gives_the_same_people(kappa, tmp_path, version):
    kappa("contacts", "add", "Kappa Motors", "北村 正人", "--title", "代表取締役社長, 本社", "--email",
          "m.kitamura@hokuto.example", "--phone", "+81 3-1234-5678", "--reports-to", "Kenji Morita",
          "--note", "とても長いメモ。" * 30 + "\n二行目; with specials \\ ok")  # fmt: skip
    kappa("contacts", "left", "Priya Nair")
    cards = tmp_path / "kappa.vcf"
    done = kappa(
        "contacts", "export", "Kappa Motors", "-f", "vcard", "--vcard-version", version, "-o", str(cards)
    )
    assert done.stderr == f"Exported 5 contacts to {cards}\n"
    data = cards.read_bytes()
    assert data.count(b"BEGIN:VCARD") == 5 and b"\r\n " in data  # the long note is folded
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    kappa("accounts", "add", "Kappa Thailand")
    assert kappa("contacts", "import", str(cards), "--account", "Kappa Thailand").stderr == (
        "Imported 5 contacts into Kappa Thailand\n"
    )

    def people(account):
        keep = ("name", "title", "role", "influence", "stance", "reports_to", "our_contact", "email", "phone",
                "cadence_days", "notes", "left")  # fmt: skip
        listed = kappa("contacts", "list", account, "-f", "json").json()
        return [{key: contact[key] for key in keep} for contact in listed]

    assert people("Kappa Thailand") == people("Kappa Motors")


def test_vcard_import_without_account_uses_org(kappa, tmp_path):
    cards = tmp_path / "x.vcf"
    cards.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Aiko\nORG:kappa motors\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nFN:Bob\nORG:Nowhere Inc\nEND:VCARD\n",
        encoding="utf-8",
    )
    assert kappa("contacts", "import", str(cards), exit=1).stderr == (
        "line 6: no account 'Nowhere Inc'\n"
        "Error: 1 of 2 rows are invalid; nothing was imported. No account 'Nowhere Inc': add it first "
        "(kamctl accounts add NAME), or put everyone into one account with --account ACCOUNT\n"
    )


def test_csv_and_json_exports_import_back(kappa, tmp_path):
    kappa("contacts", "edit", "Kenji Morita", "--phone", "+81 53-555-0101", "--note", "=HYPERLINK(x)")
    for fmt in ("csv", "json"):
        exported = kappa("contacts", "export", "Kappa Motors", "-f", fmt).stdout
        if fmt == "csv":
            assert exported.splitlines()[0] == (
                "id,account,name,reading,title,role,influence,stance,reports_to,our_contact,email,phone,cadence_days,"
                "notes,left,last_contact"
            )
            assert "'+81 53-555-0101" in exported and "'=HYPERLINK(x)" in exported
        path = tmp_path / f"people.{fmt}"
        path.write_text(exported, encoding="utf-8")
        kappa("accounts", "add", f"Copy {fmt}")
        kappa("contacts", "import", str(path), "--account", f"Copy {fmt}")
        copied = kappa("contacts", "list", f"Copy {fmt}", "-f", "json").json()
        original = kappa("contacts", "list", "Kappa Motors", "-f", "json").json()
        strip = lambda rows: [{k: v for k, v in r.items() if k not in ("id", "account")} for r in rows]  # noqa: E731
        assert strip(copied) == strip(original)


def test_export_replaces_an_existing_file_without_asking(kappa, tmp_path):
    """SPEC §2 Files: -o names the output explicitly; `--yes`, once needed, is still accepted."""
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    kappa("contacts", "export", "-f", "json", "-o", str(target))
    assert len(json.loads(target.read_text())) == 4
    target.write_text("old", encoding="utf-8")
    kappa("contacts", "export", "-f", "json", "-o", str(target), "--yes")
    assert len(json.loads(target.read_text())) == 4


def test_help_lists_every_contacts_command(run):
    out = run("contacts", "--help").stdout
    for command in ("add", "list", "show", "edit", "rm", "left", "map", "import", "export"):
        assert re.search(rf"^  {command} ", out, re.MULTILINE), command


@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=8))
@settings(max_examples=60, deadline=None)
def test_any_names_render_in_every_map_format(names):
    """Random Unicode (markup, quotes, control characters) never breaks the tree, Mermaid, DOT or vCard."""
    from rich.console import Console

    from kamctl.domain.account_map import AccountMap, MapContact
    from kamctl.io.vcard import read_vcards, write_vcards
    from kamctl.render.account_map import dot, map_tree, mermaid

    contacts = [
        MapContact(id=i + 1, name=name, title=name, our_contact=name, reports_to=i if i else None)
        for i, name in enumerate(names)
    ]
    the_map = AccountMap(1, names[0], contacts, [])
    console = Console(width=120, no_color=True, highlight=False)
    with console.capture() as captured:
        console.print(map_tree(the_map, now=NOW))
    assert "\x1b" not in captured.get()
    for line in mermaid(the_map, [], now=NOW).splitlines()[4:]:
        if line.startswith("    c") and '["' in line:
            label = line.split('["', 1)[1].rsplit('"]', 1)[0]
            assert '"' not in label and "<" not in label.replace("<br/>", "")
    quoted = r'"(?:[^"\\\n]|\\.)*"'  # a DOT string: every quote and backslash escaped
    for line in dot(the_map, [], now=NOW).splitlines():
        if line.startswith("    c") and "label=" in line:
            assert re.fullmatch(rf"    c\d+ \[label={quoted}, .*\];", line), line
        elif line.startswith("    graph"):
            assert re.fullmatch(rf"    graph \[label={quoted}, .*\];", line), line
    # (A contact's name is never blank; a card without any name is a company's, and skipped.)
    records = [{"name": name, "account": "Acme"} for name in names if name.strip()]
    read = read_vcards(write_vcards(records, version="4.0").encode("utf-8"))
    assert all(row.problem is None for row in read)
    assert len(read) == len(records)


# ---------------------------------------------------------------------------------------------
# Readings, vCard identity, and imports that meet people already on the map (issue 13).


def test_reading_is_set_shown_after_the_name_and_kept_in_every_format(run):
    run("accounts", "add", "Hokuto")
    run("contacts", "add", "Hokuto", "山田 太郎", "--reading", "やまだ たろう", "--role", "decision-maker")
    run("contacts", "add", "Hokuto", "Ann Lee", "--reports-to", "山田 太郎")
    assert run("contacts", "list", "-f", "json").json()[1]["reading"] == "やまだ たろう"
    assert "山田 太郎 (やまだ たろう)" in run("contacts", "list").stdout
    tree = run("contacts", "map", "Hokuto").stdout
    assert "山田 太郎" in tree and "やまだ" not in tree  # the map leaves its columns room for the role
    assert run("contacts", "map", "Hokuto", "-f", "json").json()["nodes"][0]["reading"] == "やまだ たろう"
    assert "やまだ たろう" in run("contacts", "show", "山田 太郎").stdout
    csv = run("contacts", "export", "-f", "csv").stdout.splitlines()
    assert csv[2] == "1,Hokuto,山田 太郎,やまだ たろう,,decision-maker,,,,,,,,,false,"
    assert run("contacts", "show", "やまだ たろう", "-f", "json").json()["name"] == "山田 太郎"  # searchable
    assert run("contacts", "show", "Ann Lee", "-f", "json").json()["reports_to"] == "山田 太郎"
    run("contacts", "edit", "山田 太郎", "--reading", "")
    assert run("contacts", "show", "山田 太郎", "-f", "json").json()["reading"] is None


def test_vcard_uids_never_change_and_differ_per_database(run, tmp_path):
    run("accounts", "add", "Acme")
    run("contacts", "add", "Acme", "Ann Lee")
    first = run("contacts", "export", "-f", "vcard").stdout
    run("contacts", "edit", "Ann Lee", "--title", "CFO")
    second = run("contacts", "export", "-f", "vcard", "--vcard-version", "4.0").stdout
    [uid] = re.findall(r"^UID:(.*?)\r?$", first, re.MULTILINE)
    assert re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", uid)
    assert re.findall(r"^UID:(.*?)\r?$", second, re.MULTILINE) == [uid]
    assert re.search(r"^REV:\d{8}T\d{6}Z\r?$", second, re.MULTILINE)
    assert "KIND:individual" in second
    other = tmp_path / "other.db"  # created by kamctl: a database of its own, with its own id
    run("--db", str(other), "accounts", "add", "Acme")
    run("--db", str(other), "contacts", "add", "Acme", "Ann Lee")
    elsewhere = run("--db", str(other), "contacts", "export", "-f", "vcard").stdout
    [other_uid] = re.findall(r"^UID:(.*?)\r?$", elsewhere, re.MULTILINE)
    assert other_uid != uid


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vcard_export_import_into_an_empty_database_export_is_identical(kappa, tmp_path, version):
    kappa("contacts", "add", "Kappa Motors", "北村 正人", "--reading", "きたむら まさと", "--title", "社長; 本社",
          "--reports-to", "Laura Chen", "--note", "二行\n目")  # fmt: skip
    kappa("contacts", "left", "Priya Nair")
    cards = tmp_path / "cards.vcf"
    kappa("contacts", "export", "-f", "vcard", "--vcard-version", version, "-o", str(cards))
    other = str(tmp_path / "empty.db")
    kappa("--db", other, "accounts", "add", "Kappa Motors")
    assert kappa("--db", other, "contacts", "import", str(cards)).stderr == (
        "Imported 5 contacts into Kappa Motors\n"
    )
    again = tmp_path / "again.vcf"
    kappa("--db", other, "contacts", "export", "-f", "vcard", "--vcard-version", version, "-o", str(again))
    assert again.read_bytes() == cards.read_bytes()


def test_reimporting_a_known_card_updates_its_person_instead_of_adding_a_twin(kappa, tmp_path):
    cards = tmp_path / "cards.vcf"
    kappa("contacts", "export", "Kappa Motors", "-f", "vcard", "-o", str(cards))
    edited = cards.read_bytes().decode().replace("TITLE:EVP Manufacturing", "TITLE:CEO")
    edited = edited.replace("FN:Laura Chen\r\nN:Chen;Laura;;;", "FN:Laura Chen-Ito\r\nN:Chen-Ito;Laura;;;")
    cards.write_bytes(edited.encode())
    assert kappa("contacts", "import", str(cards)).stderr == (
        "Imported 0 added, 4 updated into Kappa Motors\n"
    )
    listed = kappa("contacts", "list", "-f", "json").json()
    assert [(c["id"], c["name"], c["title"]) for c in listed] == [
        (4, "Daniel Okafor", None), (1, "Kenji Morita", "CEO"), (2, "Laura Chen-Ito", "VP Procurement"),
        (3, "Priya Nair", None),
    ]  # fmt: skip
    assert listed[3]["reports_to"] == "Laura Chen-Ito"
    # Its UID is stored: the next export carries the same one.
    assert kappa("contacts", "export", "Kappa Motors", "-f", "vcard").stdout.count("UID:") == 4


def test_import_update_skip_existing_and_dry_run(kappa, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(
        "account,name,title\nKappa Motors,Kenji Morita,CEO\nKappa Motors,Aiko Sato,Buyer\n", encoding="utf-8"
    )
    refused = kappa("contacts", "import", str(people), exit=1)
    assert refused.stderr == (
        "line 2: Kappa Motors already has a contact named 'Kenji Morita' (id 1); --update changes it, "
        "--skip-existing leaves it\nError: 1 of 2 rows are invalid; nothing was imported\n"
    )
    both = kappa("contacts", "import", str(people), "--update", "--skip-existing", exit=2)
    assert "give --update or --skip-existing, not both" in both.stderr
    assert kappa("contacts", "import", str(people), "--update", "--dry-run").stderr == (
        "read as UTF-8\nline 2: would update Kenji Morita (Kappa Motors)\n"
        "Would import 1 added, 1 updated into Kappa Motors (dry run)\n"
    )
    assert kappa("contacts", "import", str(people), "--skip-existing", "--dry-run").stderr == (
        "read as UTF-8\nline 2: would skip Kenji Morita (Kappa Motors)\n"
        "Would import 1 added, 1 skipped into Kappa Motors (dry run)\n"
    )
    assert len(kappa("contacts", "list", "-f", "json").json()) == 4  # dry runs change nothing
    assert kappa("contacts", "import", str(people), "--skip-existing").stderr == (
        "Imported 1 added, 1 skipped into Kappa Motors\n"
    )
    assert kappa("contacts", "show", "Kenji Morita", "-f", "json").json()["title"] == "EVP Manufacturing"
    people.write_text("account,name,title\nKappa Motors,kenji morita,CEO\nKappa Motors,Aiko Sato,Buyer\n")
    assert kappa("contacts", "import", str(people), "--update").stderr == (
        "Imported 0 added, 2 updated into Kappa Motors\n"
    )
    kenji = kappa("contacts", "show", "1", "-f", "json").json()
    assert (kenji["name"], kenji["title"], kenji["email"]) == ("kenji morita", "CEO", "kenji@kappa.example")


def test_vcard_import_skips_company_cards_with_a_note(kappa, tmp_path):
    cards = tmp_path / "google.vcf"
    cards.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:Kappa Motors\nORG:Kappa Motors\nX-ABShowAs:COMPANY\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nN:Sato;Aiko;;;\nFN:Aiko Sato\nORG:Kappa Motors\n"
        "EMAIL;TYPE=HOME:aiko@home.example\nEMAIL;TYPE=WORK:aiko@kappa.example\nEND:VCARD\n",
        encoding="utf-8",
    )
    assert kappa("contacts", "import", str(cards)).stderr == (
        "line 1: skipped 'Kappa Motors', a card of a company, not of a person\n"
        "Imported 1 contact into Kappa Motors\n"
    )
    assert kappa("contacts", "show", "Aiko Sato", "-f", "json").json()["email"] == "aiko@kappa.example"


def test_an_update_that_would_close_a_loop_of_reporting_lines_is_refused(kappa, tmp_path):
    people = tmp_path / "people.csv"
    # Priya reports to Laura, Laura to Kenji: Kenji reporting to Priya would close the loop.
    people.write_text("account,name,reports_to\nKappa Motors,Kenji Morita,Priya Nair\n", encoding="utf-8")
    assert kappa("contacts", "import", str(people), "--update", exit=1).stderr == (
        "line 2: reporting lines would form a cycle: Kenji Morita → Priya Nair → Laura Chen → Kenji Morita\n"
        "Error: 1 of 1 row is invalid; nothing was imported\n"
    )
    people.write_text("account,name,reports_to\nKappa Motors,Kenji Morita,Aiko Sato\nKappa Motors,Aiko Sato,\n")
    assert kappa("contacts", "import", str(people), "--update").stderr == (
        "Imported 1 added, 1 updated into Kappa Motors\n"
    )
    assert kappa("contacts", "show", "Kenji Morita", "-f", "json").json()["reports_to"] == "Aiko Sato"
