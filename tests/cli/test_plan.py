"""`kamctl accounts plan | review | team | handover` and the map in `accounts show` (SPEC §3, §5)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from helpers import run_installed

pytestmark = pytest.mark.postgres


@pytest.fixture
def acme(run):
    run("accounts", "add", "Acme", "--tier", "key")
    return run


def test_plan_goals_objectives_and_done(acme):
    assert acme(
        "accounts", "plan", "Acme", "--goal", "Cut downtime by 30%", "--goal", "One platform"
    ).stderr == ("Acme: Added goal 1: Cut downtime by 30%\nAcme: Added goal 2: One platform\n")
    assert acme(
        "accounts", "plan", "acme", "--objective", "Sign the framework", "--due", "in 2 weeks"
    ).stderr == ("Acme: Added objective 1: Sign the framework (due 2026-12-04)\n")
    acme("accounts", "plan", "Acme", "--objective", "Meet the plant manager", "--due", "2026-11-10")
    assert (
        acme("accounts", "plan", "Acme", "--done", "1").stderr
        == "Acme: Objective 1 done: Sign the framework\n"
    )
    assert acme("accounts", "plan", "Acme", "--done", "#1").stderr == "Acme: Objective 1 was already done\n"
    assert acme("accounts", "plan", "Acme", "-f", "json").json() == {
        "account": "Acme",
        "goals": [
            {"id": 1, "text": "Cut downtime by 30%", "created_at": "2026-11-20T09:00:00+09:00"},
            {"id": 2, "text": "One platform", "created_at": "2026-11-20T09:00:00+09:00"},
        ],
        "objectives": [
            {"id": 2, "text": "Meet the plant manager", "due": "2026-11-10", "done": False, "done_at": None,
             "target": None, "customer_owner": None, "created_at": "2026-11-20T09:00:00+09:00"},
            {"id": 1, "text": "Sign the framework", "due": "2026-12-04", "done": True,
             "done_at": "2026-11-20T09:00:00+09:00", "target": None, "customer_owner": None,
             "created_at": "2026-11-20T09:00:00+09:00"},
        ],
        "master_plan": None,
        "reviews": [],
    }  # fmt: skip
    table = acme("accounts", "plan", "Acme").stdout
    assert "Cut downtime by 30%" in table and "overdue 10 d" in table and "done" in table
    csv = acme("accounts", "plan", "Acme", "-f", "csv").stdout.splitlines()
    assert csv[0] == "kind,id,text,due,done,target,customer_owner"
    assert csv[3] == "objective,2,Meet the plant manager,2026-11-10,false,,"


def test_an_objective_with_a_target_and_a_customer_owner(acme):
    """The mutual success plan (SPEC §8): a measurable target and the customer's owner, a contact
    of the account named by name or id."""
    acme("contacts", "add", "Acme", "佐藤 花子", "--role", "decision-maker")
    acme("accounts", "add", "Beta")
    acme("contacts", "add", "Beta", "Bob")
    acme(
        "accounts", "plan", "Acme", "--objective", "Cut scrap", "--due", "2027-01-31",
        "--target", "Scrap rate below 2 %", "--customer-owner", "佐藤 花子",
    )  # fmt: skip
    acme(
        "accounts",
        "plan",
        "Acme",
        "--objective",
        "Pilot line 2",
        "--due",
        "2027-02-28",
        "--customer-owner",
        "1",
    )
    objectives = acme("accounts", "plan", "Acme", "-f", "json").json()["objectives"]
    assert [(o["text"], o["target"], o["customer_owner"]) for o in objectives] == [
        ("Cut scrap", "Scrap rate below 2 %", "佐藤 花子"),
        ("Pilot line 2", None, "佐藤 花子"),
    ]
    table = acme("accounts", "plan", "Acme").stdout
    assert "Customer owner" in table and "Scrap rate below 2 %" in table
    assert acme("accounts", "plan", "Acme", "-f", "csv").stdout.splitlines()[1] == (
        "objective,1,Cut scrap,2027-01-31,false,Scrap rate below 2 %,佐藤 花子"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--target", "2 %"),
            "--target belongs to --objective: kamctl accounts plan NAME --objective TEXT --due DATE "
            "--target TEXT --customer-owner CONTACT",
        ),
        (
            ("--customer-owner", "Bob"),
            "--customer-owner belongs to --objective: kamctl accounts plan NAME --objective TEXT "
            "--due DATE --target TEXT --customer-owner CONTACT",
        ),
        (("--objective", "O", "--due", "tomorrow", "--target", " "), "the target text must not be empty"),
        # Bob is on Beta's map, not Acme's: a customer owner belongs to the account.
        (("--objective", "O", "--due", "tomorrow", "--customer-owner", "Bob"), "no contact 'Bob' in Acme"),
    ],
)
def test_mutual_plan_errors_change_nothing(acme, args, message):
    acme("accounts", "add", "Beta")
    acme("contacts", "add", "Beta", "Bob")
    assert acme("accounts", "plan", "Acme", *args, exit=1).stderr == f"Error: {message}\n"
    assert acme("accounts", "plan", "Acme", "-f", "json").json()["objectives"] == []


def test_plan_removes_goals_and_objectives(acme):
    acme("accounts", "plan", "Acme", "--goal", "G", "--objective", "O", "--due", "tomorrow")
    acme("accounts", "plan", "Acme", "--remove-goal", "1", "--remove-objective", "1")
    the_plan = acme("accounts", "plan", "Acme", "-f", "json").json()
    assert (the_plan["goals"], the_plan["objectives"]) == ([], [])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--objective", "Sign"), "an objective needs a due date: add --due DATE (e.g. --due 2027-03-31)"),
        (
            ("--due", "friday"),
            "--due belongs to --objective: kamctl accounts plan NAME --objective TEXT --due DATE",
        ),
        (("--objective", "Sign", "--due", "someday"), None),
        (("--goal", "  "), "the goal text must not be empty"),
        (("--done", "7"), "Acme has no objective '7' (its objectives: none yet)"),
        (("--remove-goal", "x"), "Acme has no goal 'x' (its goals: none yet)"),
        (("--edit", "--goal", "G"), "--edit opens the editor: give the other changes in a separate command"),
    ],
)
def test_plan_errors_change_nothing(acme, args, message):
    outcome = acme("accounts", "plan", "Acme", *args, exit=1)
    if message:
        assert outcome.stderr == f"Error: {message}\n"
    else:
        assert outcome.stderr.startswith("Error: cannot read date 'someday'")
    the_plan = acme("accounts", "plan", "Acme", "-f", "json").json()
    assert (the_plan["goals"], the_plan["objectives"]) == ([], [])


def test_objectives_of_another_account_are_not_reachable(acme):
    acme("accounts", "add", "Beta")
    acme("accounts", "plan", "Beta", "--objective", "Theirs", "--due", "tomorrow")
    acme("accounts", "plan", "Acme", "--objective", "Ours", "--due", "tomorrow")
    assert acme("accounts", "plan", "Acme", "--done", "1", exit=1).stderr == (
        "Error: Acme has no objective '1' (its objectives: #2)\n"
    )


def editor_script(tmp_path: Path, body: str, name: str = "editor.sh") -> str:
    script = tmp_path / name
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_master_plan_is_edited_in_editor_by_the_installed_command(db_url, tmp_path):
    """A real process: $EDITOR gets the template file, what it saves becomes the master plan."""
    run_installed("accounts", "add", "Acme", "--tier", "key")
    seen = tmp_path / "seen.md"
    writer = editor_script(
        tmp_path,
        f'cp "$1" "{seen}"\nprintf "# 北斗 plan\\n\\n## Value creation\\n- *Predictive* maintenance\\n" > "$1"',
    )
    done = run_installed("accounts", "plan", "Acme", "--edit", env={"EDITOR": writer})
    assert done.stderr == "Acme: master plan saved\n"
    assert "## Communication plan" in seen.read_text(encoding="utf-8")  # the template for a new plan
    shown = run_installed("accounts", "plan", "Acme", "-f", "json")
    assert (
        '"master_plan": "# 北斗 plan\\n\\n## Value creation\\n- *Predictive* maintenance\\n"' in shown.stdout
    )
    # Saving the same text changes nothing; an editor that fails saves nothing.
    keep = run_installed("accounts", "plan", "Acme", "--edit", env={"EDITOR": "true"})
    assert keep.stderr == "Acme: master plan unchanged\n"
    failed = run_installed("accounts", "plan", "Acme", "--edit", env={"EDITOR": "false"}, exit=1)
    assert failed.stderr == "Error: the editor 'false' exited with status 1; nothing saved\n"
    # An editor command with arguments, and emptying the file clears the plan.
    emptier = editor_script(tmp_path, ': > "$1"', name="empty.sh")
    cleared = run_installed("accounts", "plan", "Acme", "--edit", env={"EDITOR": f"sh {emptier}"})
    assert cleared.stderr == "Acme: master plan cleared\n"


def test_edit_without_an_editor_or_terminal_is_an_error(acme, monkeypatch):
    assert acme("accounts", "plan", "Acme", "--edit", exit=1).stderr == (
        "Error: no editor to open: set $EDITOR (or $VISUAL) to an editor command\n"
    )


def test_edit_in_process_and_plan_table_renders_markdown(acme, tmp_path, monkeypatch):
    monkeypatch.setenv(
        "VISUAL", editor_script(tmp_path, 'printf "# Plan\\n\\n- [bold]not markup[/bold]\\n" > "$1"')
    )
    acme("accounts", "plan", "Acme", "--edit")
    out = acme("accounts", "plan", "Acme").stdout
    assert "Master plan" in out and "[bold]not markup[/bold]" in out


def test_review_records_who_and_when(acme, monkeypatch):
    assert acme("accounts", "review", "Acme", "--note", "Renewal on track").stderr == (
        "Recorded the review of Acme; the next one is due 2027-02-20\n"
    )
    acme("settings", "set", "review.interval_months", "6")
    monkeypatch.setenv("KAMCTL_USER", "sato")
    monkeypatch.setenv("KAMCTL_NOW", "2026-12-01T10:00:00+09:00")
    assert (
        acme("accounts", "review", "Acme").stderr
        == "Recorded the review of Acme; the next one is due 2027-06-01\n"
    )
    reviews = acme("accounts", "plan", "Acme", "-f", "json").json()["reviews"]
    assert reviews == [
        {"id": 2, "when": "2026-12-01T10:00:00+09:00", "who": "sato", "note": None},
        {"id": 1, "when": "2026-11-20T09:00:00+09:00", "who": "tester", "note": "Renewal on track"},
    ]
    acme("accounts", "add", "Small")
    assert acme("accounts", "review", "Small").stderr == "Recorded the review of Small\n"


def test_team_add_show_remove(acme):
    assert (
        acme("accounts", "team", "Acme", "--add", "mori", "--role", "sales").stderr
        == "Added mori to Acme as sales\n"
    )
    assert acme("accounts", "team", "Acme", "--add", "Mori", "--role", "sales").stderr == (
        "Mori is already on Acme's team as sales\n"
    )
    acme("accounts", "team", "Acme", "--add", "suzuki", "--role", "Executive Sponsor")
    acme("accounts", "team", "Acme", "--add", "mori", "--role", "support")
    assert acme("accounts", "team", "Acme", "-f", "json").json() == [
        {"person": "tester", "role": "owner"},
        {"person": "mori", "role": "sales"},
        {"person": "mori", "role": "support"},
        {"person": "suzuki", "role": "executive-sponsor"},
    ]
    assert acme("accounts", "team", "Acme", "--remove", "mori", "--role", "sales").stderr == (
        "Removed mori from Acme's team (sales)\n"
    )
    assert acme("accounts", "team", "Acme", "--remove", "suzuki").stderr == (
        "Removed suzuki from Acme's team (executive-sponsor)\n"
    )
    assert "mori" in acme("accounts", "team", "Acme").stdout
    assert acme("accounts", "show", "Acme", "-f", "json").json()["team"] == [
        {"person": "tester", "role": "owner"},
        {"person": "mori", "role": "support"},
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--add", "ito"), "--add needs --role: owner, sales, marketing, support, executive-sponsor or other"),
        (("--add", "ito", "--role", "cfo"),
         "role must be one of owner, sales, marketing, support, executive-sponsor, other (got 'cfo')"),
        (("--add", "ito", "--role", "owner"),
         "Acme has one owner (tester); change it with `kamctl accounts handover 'Acme' --to 'ito'`"),
        (("--remove", "tester"), "tester owns Acme: hand it over first (kamctl accounts handover 'Acme' --to PERSON)"),
        (("--remove", "mory"), "Acme's team has no 'mory'; did you mean 'mori'?"),
        (("--role", "sales"), "--role goes with --add PERSON or --remove PERSON"),
        (("--add", "a", "--remove", "b"), "give --add or --remove, not both"),
    ],
)  # fmt: skip
def test_team_errors(acme, args, message):
    acme("accounts", "team", "Acme", "--add", "mori", "--role", "sales")
    assert acme("accounts", "team", "Acme", *args, exit=1).stderr == f"Error: {message}\n"


def test_show_has_map_summary_findings_plan_and_team(acme):
    acme("contacts", "add", "Acme", "Kenji", "--role", "decision-maker", "--stance", "blocker", "--influence", "5",
         "--our-contact", "sato")  # fmt: skip
    acme("contacts", "add", "Acme", "Old", "--role", "user", "--stance", "champion")
    acme("contacts", "left", "Old")
    acme("accounts", "review", "Acme")
    dossier = acme("accounts", "show", "Acme", "-f", "json").json()
    assert dossier["map"] == {
        "contacts": 2,
        "active": 1,
        "left": 1,
        "roles_covered": ["decision-maker"],
        "roles_missing": ["economic-buyer", "influencer", "champion", "technical", "user", "gatekeeper"],
        "champions": 0,
        "blockers": 1,
        "our_people": ["sato"],
    }
    assert [(f["severity"], f["code"]) for f in dossier["findings"]] == [
        ("high", "single-threaded"),
        ("high", "blocker-high-influence"),
        ("medium", "decision-maker-cold"),
        ("medium", "no-champion"),
        ("medium", "single-owner"),
    ]
    assert dossier["plan"]["last_review"] == {
        "when": "2026-11-20T09:00:00+09:00",
        "who": "tester",
        "note": None,
    }
    table = acme("accounts", "show", "Acme").stdout
    assert "Account map" in table and "blocker-high-influence" in table and "Last review" in table


# --- Handover.


@pytest.fixture
def handover_account(acme):
    acme("accounts", "edit", "Acme", "--industry", "automotive", "--note", "# not a heading | *not bold*")
    acme(
        "accounts",
        "plan",
        "Acme",
        "--goal",
        "Grow [fast] *now*",
        "--objective",
        "Sign <it>",
        "--due",
        "2026-11-01",
    )
    acme("contacts", "add", "Acme", "Kenji *Boss*", "--title", "CEO | owner", "--role", "decision-maker",
         "--stance", "supporter", "--influence", "5", "--our-contact", "tester")  # fmt: skip
    acme("contacts", "add", "Acme", "Laura", "--role", "champion", "--stance", "champion", "--reports-to", "1",
         "--our-contact", "mori")  # fmt: skip
    acme("accounts", "team", "Acme", "--add", "mori", "--role", "sales")
    return acme


def test_handover_changes_the_owner_in_history_and_prints_the_brief(handover_account):
    run = handover_account
    outcome = run("--user", "boss", "accounts", "handover", "Acme", "--to", "lee")
    assert outcome.stderr == (
        "Handed Acme over from tester to lee\n"
        "Moved to lee: 1 contact\n"
        "Added reminder 1 for tester: Introduce lee to Kenji *Boss* (due 2026-12-04)\n"
    )
    brief = outcome.stdout
    assert brief.startswith(
        "# Handover brief: Acme\n\nFrom **tester** to **lee** · 2026-11-20 · written by boss"
    )
    history = run("accounts", "history", "Acme", "-f", "json").json()
    assert history[-1] == {"when": "2026-11-20T09:00:00+09:00", "who": "boss", "field": "owner", "old": "tester",
                           "new": "lee"}  # fmt: skip
    assert run("accounts", "team", "Acme", "-f", "json").json() == [
        {"person": "lee", "role": "owner"},
        {"person": "mori", "role": "sales"},
        {"person": "tester", "role": "other"},
    ]
    for section in ("## Profile", "## Plan", "## Team", "## Account map", "### Who on our side knows whom",
                    "## Interactions", "## Open reminders", "## Open opportunities", "## Risks"):  # fmt: skip
        assert f"\n{section}\n" in brief, section
    # User text is literal Markdown.
    assert "> \\# not a heading \\| \\*not bold\\*" in brief
    assert "- Grow \\[fast\\] \\*now\\*" in brief
    assert "- [ ] #1 Sign \\<it\\> — due 2026-11-01 (**overdue**)" in brief
    assert (
        "- **Kenji \\*Boss\\*** — CEO \\| owner · decision-maker · influence ●●●●● 5/5 · supporter" in brief
    )
    assert "  - **Laura** — champion · champion · last contact never · ours: **mori**" in brief
    assert "| lee | Kenji \\*Boss\\* |" in brief
    assert "## Introductions\n\nFollow-ups for **tester**, who knows these decision makers:\n\n" in brief
    assert "- Introduce lee to Kenji \\*Boss\\* — due 2026-12-04 (reminder 1)\n" in brief
    assert "- **MEDIUM** `decision-maker-cold`: Kenji \\*Boss\\* (decision-maker): never contacted" in brief


def test_handover_brief_is_valid_markdown(handover_account):
    from markdown_it import MarkdownIt

    brief = handover_account("accounts", "handover", "Acme", "--to", "lee").stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(brief)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[:4] == ["Handover brief: Acme", "Profile", "Plan", "Customer goals"]
    html = MarkdownIt("commonmark").enable("table").render(brief)
    assert "<em>" not in html.split("Master plan")[0]  # no user text became emphasis
    assert "<table>" in html and "Grow [fast] *now*" in html


def test_handover_to_the_same_owner_is_an_error_and_changes_nothing(acme):
    outcome = acme("accounts", "handover", "Acme", "--to", "TESTER", exit=1)
    assert outcome.stderr == "Error: Acme is already owned by tester: name the new owner with --to PERSON\n"
    assert outcome.stdout == ""
    assert [h["field"] for h in acme("accounts", "history", "Acme", "-f", "json").json()] == ["created"]


def test_handover_writes_the_brief_file_and_replaces_it_without_asking(acme, tmp_path):
    """SPEC §2 Files: -o names the output explicitly; `--yes`, once needed, is still accepted."""
    brief = tmp_path / "brief.md"
    assert acme("accounts", "handover", "Acme", "--to", "lee", "-o", str(brief)).stderr == (
        f"Handed Acme over from tester to lee\nWrote the handover brief to {brief}\n"
    )
    assert brief.read_text(encoding="utf-8").startswith("# Handover brief: Acme\n")
    acme("accounts", "handover", "Acme", "--to", "sato", "-o", str(brief))
    assert "From **lee** to **sato**" in brief.read_text(encoding="utf-8")
    acme("accounts", "handover", "Acme", "--to", "ito", "-o", str(brief), "--yes")
    assert "From **sato** to **ito**" in brief.read_text(encoding="utf-8")
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".brief.md")]  # no temp file left


def test_handover_that_cannot_write_its_brief_changes_nothing(acme, tmp_path):
    missing = tmp_path / "no-such-folder" / "brief.md"
    outcome = acme("accounts", "handover", "Acme", "--to", "lee", "-o", str(missing), exit=1)
    assert outcome.stderr.startswith("Error: ")
    assert acme("accounts", "show", "Acme", "-f", "json").json()["account"]["owner"] == "tester"


def test_handover_of_a_demo_account_reads_well(monkeypatch, tmp_path):
    """The sample portfolio's Kappa Motors: every section filled, rendered by a Markdown parser."""
    from helpers import invoke
    from markdown_it import MarkdownIt

    brief_path = tmp_path / "brief.md"
    invoke("--demo", "accounts", "handover", "Kappa Motors", "--to", "lee", "-o", str(brief_path))
    brief = brief_path.read_text(encoding="utf-8")
    assert "From **tanaka** to **lee**" in brief
    assert "## Last 10 interactions" in brief
    assert brief.count("\n- **2026-") == 10
    assert "#### Kappa Motors — account plan" in brief  # the master plan's headings sit below the brief's
    assert "## Introductions\n\nFollow-ups for **tanaka**" in brief
    assert "~~Tom Becker~~ (left)" in brief
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(brief)
    assert html.count("<table>") == 5 and "<s>Tom Becker</s>" in html
