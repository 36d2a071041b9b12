"""`kamctl mcp` (SPEC §11): the tools it offers, their answers equal to the CLI's `-f json`, its refusals."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import FIXED_NOW
from helpers import invoke, run_installed

from kamctl.mcp.tools import DATA_NOT_INSTRUCTIONS

READ_TOOLS = ["find_accounts", "account_brief", "search_log", "due_items", "rank_accounts", "portfolio_kpis"]
WRITE_TOOLS = ["log_interaction", "complete_reminder"]


def cli_error(*args: str) -> str:
    """The `Error:` line the CLI prints for this command line, without its line break."""
    stderr = invoke(*args, exit=1).stderr
    assert stderr.startswith("Error: ") and stderr.count("\n") == 1, stderr
    return stderr.rstrip("\n")


def test_without_allow_write_only_the_read_tools_whose_descriptions_say_text_is_data(serve, sample_db):
    with serve("--db", str(sample_db), "mcp") as server:
        tools = server.tools()
    assert [tool.name for tool in tools] == READ_TOOLS
    for tool in tools:
        assert tool.description.endswith(DATA_NOT_INSTRUCTIONS)
        assert tool.annotations.read_only_hint is True
        assert tool.input_schema["additionalProperties"] is False


def test_allow_write_adds_the_two_write_tools(serve, sample_db):
    with serve("--db", str(sample_db), "mcp", "--allow-write") as server:
        tools = {tool.name: tool for tool in server.tools()}
    assert list(tools) == READ_TOOLS + WRITE_TOOLS
    for name in WRITE_TOOLS:
        assert tools[name].annotations.read_only_hint is False
        assert tools[name].description.endswith(DATA_NOT_INSTRUCTIONS)
    assert tools["log_interaction"].input_schema["required"] == ["account", "notes"]
    assert set(tools["log_interaction"].input_schema["properties"]) == {
        "account", "notes", "with", "channel", "when", "next", "action"
    }  # fmt: skip


def test_find_accounts_are_the_rows_of_accounts_list_by_name_or_id(serve, sample_db):
    db = str(sample_db)
    listed = invoke("--db", db, "accounts", "list", "-f", "json").json()
    with serve("--db", db, "mcp") as server:
        by_name = server.call("find_accounts", query="KAPPA").json()
        japanese = server.call("find_accounts", query="株式会社").json()
        by_id = server.call("find_accounts", query="2").json()
    assert by_name == [row for row in listed if "kappa" in row["name"].lower()] != []
    assert japanese == [row for row in listed if "株式会社" in row["name"]] != []
    assert by_id == [row for row in listed if row["id"] == 2 or "2" in row["name"]] != []


def test_demo_serves_a_fresh_sample_portfolio(serve, sample_db):
    sample = invoke("--db", str(sample_db), "accounts", "show", "Kappa Motors", "-f", "json").json()
    with serve("--demo", "mcp") as server:
        brief = server.call("account_brief", account="Kappa Motors").json()
    assert brief == sample


# (tool, its arguments, the command whose `-f json` it answers): on the sample portfolio, as `sato`.
READS = [
    ("account_brief", {"account": "kappa motors"}, ["accounts", "show", "kappa motors"]),
    ("account_brief", {"account": "3"}, ["accounts", "show", "3"]),
    ("search_log", {"query": "renewal"}, ["log", "search", "renewal"]),
    ("search_log", {"query": "価格", "account": "株式会社みなと物流", "since": "2026-09-01", "limit": 2},
     ["log", "search", "価格", "--account", "株式会社みなと物流", "--since", "2026-09-01", "--limit", "2"]),
    ("due_items", {}, ["remind"]),
    ("due_items", {"on": "2026-11-25", "days": 3, "mine": True},
     ["remind", "--on", "2026-11-25", "--days", "3", "--mine"]),
    ("rank_accounts", {}, ["score"]),
    ("rank_accounts", {"top": 3, "tier": "candidate"}, ["score", "--top", "3", "--tier", "candidate"]),
    ("portfolio_kpis", {}, ["report"]),
    ("portfolio_kpis", {"since": "2026-10-01", "until": "2026-10-31"},
     ["report", "--since", "2026-10-01", "--until", "2026-10-31"]),
]  # fmt: skip


@pytest.fixture(scope="module")
def read_replies(serve, sample_db, tmp_path_factory):
    """Every call of READS answered by one server (a process each would triple the suite's time)."""
    env = {
        "KAMCTL_NOW": FIXED_NOW,
        "TZ": "Asia/Tokyo",
        "XDG_CONFIG_HOME": str(tmp_path_factory.mktemp("cfg")),
    }
    with serve("--db", str(sample_db), "--user", "sato", "mcp", env=env) as server:
        return [server.call(tool, **arguments) for tool, arguments, _ in READS]


@pytest.mark.parametrize(
    "index", range(len(READS)), ids=[f"{tool}-{n}" for n, (tool, _, _) in enumerate(READS)]
)
def test_read_tool_answers_the_json_of_its_command(read_replies, sample_db, index):
    _, _, command = READS[index]
    expected = invoke("--db", str(sample_db), "--user", "sato", *command, "-f", "json").json()
    assert read_replies[index].json() == expected


def test_refused_read_is_a_tool_error_with_the_cli_message(serve, sample_db):
    db = str(sample_db)
    with serve("--db", db, "mcp") as server:
        unknown = server.call("account_brief", account="Kappa Motor")
        no_tier = server.call("rank_accounts", tier="gold")
        no_day = server.call("due_items", on="someday")
        no_query = server.call("find_accounts")
        mistyped = server.call("search_log", query="renewal", limit="many")
        unexpected = server.call("find_accounts", query="kappa", name="Kappa")
        unknown_tool = server.call("drop_database")
    assert unknown.is_error
    assert unknown.text == cli_error("--db", db, "accounts", "show", "Kappa Motor")
    assert no_tier.is_error
    assert no_tier.text == cli_error("--db", db, "score", "--tier", "gold")
    assert no_day.is_error
    assert no_day.text == cli_error("--db", db, "remind", "--on", "someday")
    assert (no_query.is_error, no_query.text) == (
        True,
        "Error: find_accounts: 'query' is a required property",
    )
    assert (mistyped.is_error, mistyped.text) == (
        True,
        "Error: search_log: limit: 'many' is not of type 'integer'",
    )
    assert (unexpected.is_error, unexpected.text) == (
        True, "Error: find_accounts: Additional properties are not allowed ('name' was unexpected)"
    )  # fmt: skip
    assert (unknown_tool.is_error, unknown_tool.text) == (
        True, "Error: no tool named 'drop_database'; tools/list names the tools this server offers"
    )  # fmt: skip


def test_write_tools_are_refused_without_allow_write_and_write_nothing(serve, run):
    run("accounts", "add", "Acme")
    run("remind", "add", "Acme", "Call back", "--due", "2026-11-19")
    with serve("mcp") as server:
        logged = server.call("log_interaction", account="Acme", notes="Kick-off")
        completed = server.call("complete_reminder", id=1)
    assert (logged.is_error, logged.text) == (
        True, "Error: log_interaction changes the database: start the server with `kamctl mcp --allow-write` to offer it"
    )  # fmt: skip
    assert (completed.is_error, completed.text) == (
        True, "Error: complete_reminder changes the database: start the server with `kamctl mcp --allow-write` to offer it"
    )  # fmt: skip
    assert run("log", "list", "-f", "json").json() == []
    assert run("remind", "list", "-f", "json").json()[0]["done_at"] is None


def test_a_database_that_cannot_be_used_is_an_error_line_before_serving(tmp_path):
    missing = tmp_path / "no-such-folder" / "crm.db"
    done = run_installed("--db", str(missing), "mcp", exit=1)
    assert done.stderr == (
        f"Error: no folder {missing.parent} for the database {missing} (given by --db); "
        "create the folder first or correct --db\n"
    )
    assert done.stdout == ""


def test_the_server_loads_no_use_case_and_no_database_code_before_a_request():
    code = (
        "import sys\nimport kamctl.cli.mcp, kamctl.mcp.server\n"
        "print(sorted(m for m in sys.modules if m.startswith(('kamctl.actions', 'kamctl.store', 'sqlalchemy', 'rich'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


@pytest.mark.postgres
def test_log_interaction_records_the_entry_as_the_user(serve, run):
    run("accounts", "add", "Acme")
    run("contacts", "add", "Acme", "Jane Roe")
    with serve("--user", "aiko", "mcp", "--allow-write") as server:
        entry = server.call(
            "log_interaction", account="acme", notes="Kick-off: they want a quote", channel="call",
            when="2026-11-19 10:00", next="2026-11-27", action="Send the quote", **{"with": ["Jane Roe"]},
        ).json()  # fmt: skip
    assert entry == run("log", "show", str(entry["id"]), "-f", "json").json()
    assert (entry["account"], entry["contacts"], entry["channel"], entry["when"], entry["author"]) == (
        "Acme", ["Jane Roe"], "call", "2026-11-19T10:00:00+09:00", "aiko"
    )  # fmt: skip
    follow_ups = run("remind", "list", "-f", "json").json()
    assert [(item["title"], item["due"], item["log_entry_id"]) for item in follow_ups] == [
        ("Send the quote", "2026-11-27", entry["id"])
    ]
    assert entry["follow_up_id"] == follow_ups[0]["id"]


@pytest.mark.postgres
def test_complete_reminder_closes_one_and_moves_a_recurring_one(serve, run):
    run("accounts", "add", "Acme")
    run("remind", "add", "Acme", "Call back", "--due", "2026-11-19")
    run("remind", "add", "Acme", "Weekly sync", "--due", "2026-11-20", "--every", "weekly")
    with serve("mcp", "--allow-write") as server:
        once = server.call("complete_reminder", id=1).json()
        weekly = server.call("complete_reminder", id="2").json()
    assert once == {"id": "1", "kind": "reminder", "title": "Call back", "closed": True, "next_due": None,
                    "log_entry_id": None}  # fmt: skip
    assert weekly == {"id": "2", "kind": "reminder", "title": "Weekly sync", "closed": False,
                      "next_due": "2026-11-27", "log_entry_id": None}  # fmt: skip
    stored = {item["id"]: item for item in run("remind", "list", "--all", "-f", "json").json()}
    assert (stored[1]["done_at"], stored[2]["done_at"], stored[2]["due"]) == (
        "2026-11-20T09:00:00+09:00", None, "2026-11-27"
    )  # fmt: skip


@pytest.mark.postgres
def test_refused_write_is_the_cli_error_and_writes_nothing(serve, run):
    run("accounts", "add", "Acme")
    run("remind", "add", "Acme", "Call back", "--due", "2026-11-19")
    before = (run("log", "list", "-f", "json").stdout, run("remind", "list", "--all", "-f", "json").stdout)
    with serve("mcp", "--allow-write") as server:
        unknown_account = server.call("log_interaction", account="Acme Corp", notes="Kick-off")
        unknown_contact = server.call("log_interaction", account="Acme", notes="Kick-off", **{"with": "Jane"})
        bad_follow_up = server.call("log_interaction", account="Acme", notes="Kick-off", next="someday")
        unknown_reminder = server.call("complete_reminder", id=99)
    assert unknown_account.is_error
    assert unknown_account.text == cli_error("log", "Acme Corp", "Kick-off")
    assert unknown_contact.is_error
    assert unknown_contact.text == cli_error("log", "Acme", "Kick-off", "--with", "Jane")
    assert bad_follow_up.is_error
    assert bad_follow_up.text == cli_error("log", "Acme", "Kick-off", "--next", "someday")
    assert unknown_reminder.is_error
    assert unknown_reminder.text == cli_error("remind", "done", "99")
    assert (
        run("log", "list", "-f", "json").stdout,
        run("remind", "list", "--all", "-f", "json").stdout,
    ) == before
