"""Shell completion through the shells' own protocol (SPEC §2), `--help`'s metavars, and the
sort directions of `accounts list`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from kamctl.domain.accounts import TIERS
from kamctl.domain.contacts import ROLES, STANCES
from kamctl.domain.log import KINDS as LOG_KINDS
from kamctl.domain.reminders import KINDS as REMINDER_KINDS
from kamctl.domain.scoring import NORMALIZATIONS


def complete(
    *words: str, shell: str = "bash", env: dict[str, str] | None = None, python: list[str] | None = None
):
    """What the installed `kamctl` answers the shell's completion function for the command line
    `kamctl WORDS…` with the cursor at the end of the last word (run as a real process). Each word
    is written as typed, quotes included, as the shells pass them on."""
    script = shutil.which("kamctl") or pytest.fail("the kamctl console script is not installed")
    line = " ".join(["kamctl", *words])
    protocol = (
        {"_KAMCTL_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words))}
        if shell == "bash"
        else {"_KAMCTL_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
    )
    argv = [*python, script] if python else [script]
    done = subprocess.run(
        argv, capture_output=True, text=True, timeout=60, env={**os.environ, **protocol, **(env or {})}
    )
    assert done.returncode == 0, done.stderr
    return done


def bash(*words: str, **options) -> list[str]:
    """The completions bash gets: one per line (its completion function splits on newlines only)."""
    out = complete(*words, **options).stdout
    return out.splitlines() if out.strip() else []


@pytest.fixture
def names(run):
    run("accounts", "add", "Acme Holdings", "--tier", "key")
    run("accounts", "add", "Acme Tools")
    run("accounts", "add", "株式会社みなと物流")
    run("accounts", "add", "Gone Co")
    run("accounts", "archive", "Gone Co")
    run("contacts", "add", "Acme Holdings", "Tanaka Ichiro", "--cadence", "30")
    run("contacts", "add", "Acme Holdings", "田中 一郎")
    run("contacts", "add", "Acme Tools", "Tom Baker")
    run("remind", "add", "Acme Tools", "Send the deck", "--due", "2026-11-21")
    run("remind", "add", "Acme Holdings", "Call back", "--due", "2026-11-19")
    run("remind", "done", "2")
    return run


def test_account_names_complete_with_spaces_and_japanese(names):
    assert bash("accounts", "show", "") == [
        "Acme Holdings",
        "Acme Tools",
        "株式会社みなと物流",
    ]  # not archived
    assert bash("accounts", "show", "Acme") == ["Acme Holdings", "Acme Tools"]
    assert bash("accounts", "show", "'Acme H") == ["Acme Holdings"]  # a quoted word with a space
    assert bash("accounts", "show", "Acme\\ T") == ["Acme Tools"]  # an escaped space
    assert bash("accounts", "show", "株式") == ["株式会社みなと物流"]
    assert bash("log", "add", "") == ["Acme Holdings", "Acme Tools", "株式会社みなと物流"]
    assert bash("remind", "--account", "株") == ["株式会社みなと物流"]
    assert bash("score", "show", "Nothing") == []


def test_zsh_gets_the_same_names_in_its_format(names):
    out = complete("accounts", "show", "Acme", shell="zsh").stdout
    assert out == '_arguments \'*: :(("Acme Holdings"\n"Acme Tools"))\'\n'
    out = complete("contacts", "show", "田", shell="zsh").stdout
    assert out == "_arguments '*: :((\"田中 一郎\"))'\n"


def test_contact_names_are_those_of_the_account_on_the_line(names):
    assert bash("contacts", "show", "T") == ["Tanaka Ichiro", "Tom Baker"]
    assert bash("contacts", "show", "--account", "'Acme Tools'", "T") == ["Tom Baker"]
    assert bash("log", "add", '"Acme Holdings"', "--with", "") == ["Tanaka Ichiro", "田中 一郎"]
    assert bash("log", "add", "1", "--with", "T") == ["Tanaka Ichiro"]  # the account by id
    assert bash("log", "add", "--kind", "win", "2", "--with", "") == ["Tom Baker"]
    assert bash("remind", "add", "'Acme Tools'", "Call", "--contact", "") == ["Tom Baker"]


def test_reminder_ids_are_the_open_ones_and_computed_ids_once_their_kind_is_typed(names):
    assert bash("remind", "done", "") == ["1"]  # reminder 2 is done
    out = complete("remind", "snooze", "", shell="zsh").stdout
    assert out == '_arguments \'*: :(("1":"Acme Tools\\\\: Send the deck"))\'\n'
    assert bash("remind", "done", "cadence:") == ["cadence:1", "cadence:2", "cadence:3"]
    assert bash("remind", "snooze", "cadence:contact:") == ["cadence:contact:1"]  # the one with a cadence
    assert bash("remind", "rm", "nonsense:") == []


def test_the_database_is_the_one_the_command_would_use(names, tmp_path):
    other = tmp_path / "other.db"
    names("--db", str(other), "accounts", "add", "Other Ltd")
    assert bash("--db", str(other), "accounts", "show", "") == ["Other Ltd"]
    assert bash("accounts", "show", "O", env={"KAMCTL_DB": str(other)}) == ["Other Ltd"]
    assert bash("--db", str(tmp_path / "missing.db"), "accounts", "show", "") == []  # nothing made
    assert bash("--demo", "accounts", "show", "") == []
    # PostgreSQL: nothing offered, and nothing connected to (this server does not exist).
    assert bash("--db", "postgresql+psycopg://nobody@127.0.0.1:9/none", "accounts", "show", "") == []


def test_choices_complete_from_the_constants_that_validate_them(run):
    assert bash("accounts", "list", "--tier", "") == ["key", "candidate", "standard"] == list(TIERS)
    assert bash("accounts", "edit", "Acme", "--status", "") == ["prospect", "active", "at-risk", "lost"]
    assert bash("contacts", "add", "Acme", "Ann", "--role", "") == list(ROLES)
    assert (
        bash("contacts", "list", "--stance", "s")
        == ["supporter", "skeptic"]
        == [stance for stance in STANCES if stance.startswith("s")]
    )
    assert bash("log", "add", "Acme", "--kind", "") == ["interaction", "feedback", "win", "issue", "review"]
    assert bash("log", "add", "Acme", "--kind", "") == list(LOG_KINDS)
    assert bash("log", "add", "Acme", "--sentiment", "n") == ["neutral", "negative"]
    assert bash("log", "add", "Acme", "--channel", "e") == ["email", "event"]
    assert bash("remind", "--kind", "") == list(REMINDER_KINDS)
    assert bash("score", "--normalize", "") == ["rank", "minmax", "log"] == list(NORMALIZATIONS)
    assert bash("accounts", "team", "Acme", "--role", "s") == ["sales", "support"]
    assert bash("accounts", "opp", "add", "Acme", "Deal", "--type", "") == [
        "upsell", "cross-sell", "renewal", "new",
    ]  # fmt: skip
    assert bash("accounts", "list", "-f", "") == ["table", "json", "csv"]
    assert bash("remind", "-f", "") == ["table", "plain", "json"]


def test_a_completion_does_not_load_the_database_stack(names):
    """SPEC §9: a TAB costs about as much as starting Python; SQLAlchemy alone costs far more."""
    done = complete("accounts", "show", "Acme", python=[sys.executable, "-X", "importtime"])
    assert done.stdout.splitlines() == ["Acme Holdings", "Acme Tools"]
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line]
    assert "kamctl.store.completion" in imported  # the list is complete
    assert not [module for module in imported if module.split(".")[0] in ("sqlalchemy", "sqlmodel", "rich")]


def test_help_lists_the_choices_and_values_are_checked_as_before(run):
    help_text = run("accounts", "list", "--help").stdout
    assert "--tier <key|candidate|standard>" in help_text
    assert "--status <prospect|active|at-risk|lost>" in help_text
    assert "<str>" not in help_text
    assert "--normalize <rank|minmax|log>" in run("score", "--help").stdout
    assert "--kind <interaction|feedback|win|issue|review>" in run("log", "add", "--help").stdout
    role = "".join(run("contacts", "add", "--help").stdout.split())  # however it wraps
    assert "--roleROLEPartinthebuyingdecision.Oneof:" + ",".join(ROLES) + "." in role
    for command in (("contacts", "add"), ("log", "add"), ("accounts", "team"), ("remind",), ("score",)):
        widths = [len(line) for line in run(*command, "--help").stdout.splitlines()]
        assert max(widths) <= 80, command  # a choice list too long for a metavar goes in the help
    outcome = run("accounts", "list", "--tier", "gold", exit=1)
    assert outcome.stderr == "Error: tier must be one of key, candidate, standard (got 'gold')\n"


def test_every_metavar_is_named_in_one_style(run):
    """Arguments and options that take a value show an upper-case name (`{NAME}`, `[FILE]`,
    `--owner NAME`) or their choices (`<a|b>`), never a type (`<str>`) or a lower-case name."""
    from typer import _click as click
    from typer.main import get_command

    from kamctl.cli import app

    root = get_command(app)
    odd = []

    def walk(command, context) -> None:
        for parameter in command.params:
            if getattr(parameter, "is_flag", False) or parameter.name in ("help",):
                continue
            metavar = parameter.make_metavar(context).strip("[]{}.")
            named = metavar.replace("|", "").replace("-", "").replace("_", "").isupper()
            listed = metavar.startswith("<") and "|" in metavar
            if not (named or listed or metavar in ("1-5", "0-10", "0-100")):
                odd.append(f"{context.command_path} {parameter.name}: {metavar}")
        for name in getattr(command, "list_commands", lambda _: [])(context):
            sub = command.get_command(context, name)
            if sub is not None and not sub.hidden:
                walk(sub, click.Context(sub, info_name=name, parent=context))

    walk(root, click.Context(root, info_name="kamctl"))
    assert odd == []


def test_accounts_list_sorts_scores_and_amounts_highest_first(run):
    run("accounts", "add", "Low", "--revenue", "100", "--growth", "1")
    run("accounts", "add", "High", "--revenue", "900", "--growth", "5")
    run("accounts", "add", "Blank")
    run("accounts", "add", "Mid", "--revenue", "500", "--growth", "3")
    listed = lambda *args: [a["name"] for a in run("accounts", "list", *args, "-f", "json").json()]  # noqa: E731
    assert listed("--sort", "revenue") == ["High", "Mid", "Low", "Blank"]  # blanks still last
    assert listed("--sort", "growth") == ["High", "Mid", "Low", "Blank"]
    scores = [a["score"] for a in run("accounts", "list", "--sort", "score", "-f", "json").json()]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    assert listed("--sort", "name") == ["Blank", "High", "Low", "Mid"]  # names as before
    assert listed("--sort", "id") == ["Low", "High", "Blank", "Mid"]
