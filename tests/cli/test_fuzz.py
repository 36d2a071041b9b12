"""Every command and option fed random input (SPEC §9 Reliability): a clear answer, never a traceback.

The command tree is read from the real root group, so a new command or option is fuzzed as soon
as it exists. Each example runs against a copy of one small seeded database, built once.
Outcomes allowed: exit 0 or 3 (`remind --check`), a usage error (exit 2), or exit 1 whose stderr
ends with its one `Error: …` line (an import's list of bad rows, or the preview of `score apply`,
may come before it). After an accepted change, `remind` still answers.

The examples are derandomized so that the suite is repeatable; KAMCTL_FUZZ_EXAMPLES=N runs N
fresh random ones instead (e.g. before a release).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers import invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SKIPPED = {("db", "demo")}
"""Loading the sample portfolio costs a second per example and reads no user input."""

_EXTRA_EXAMPLES = int(os.environ.get("KAMCTL_FUZZ_EXAMPLES", "0"))


@dataclass(frozen=True)
class Parameter:
    kind: str  # "argument", "flag", "option"
    opts: tuple[str, ...]
    type_name: str
    choices: tuple[str, ...]
    required: bool
    multiple: bool
    is_path: bool


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]
    parameters: tuple[Parameter, ...]


def _commands() -> dict[str, Command]:
    import typer
    import typer.main

    from kamctl.cli import app

    root = typer.main.get_command(app)
    found: list[Command] = []

    def walk(command: Any, path: tuple[str, ...], ctx: Any) -> None:
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                walk(sub, (*path, name), typer.Context(sub, parent=ctx, info_name=name))
            if not getattr(command, "invoke_without_command", False):
                return
        if path and path not in SKIPPED:
            found.append(Command(path, tuple(_parameter(p) for p in command.params if p.name != "help")))

    walk(root, (), typer.Context(root, info_name="kamctl"))
    return {" ".join(command.path): command for command in found}


def _parameter(param: Any) -> Parameter:
    is_argument = type(param).__name__.endswith("Argument")
    is_flag = bool(getattr(param, "is_flag", False))
    return Parameter(
        kind="argument" if is_argument else "flag" if is_flag else "option",
        opts=tuple(param.opts),
        type_name=param.type.name,
        choices=tuple(str(choice) for choice in getattr(param.type, "choices", ()) or ()),
        required=bool(param.required),
        multiple=bool(getattr(param, "multiple", False)),
        is_path=param.type.name == "path",
    )


COMMANDS = _commands()

# Text a person could paste, with what breaks naive programs: control characters, markup,
# terminal escapes, and bytes that are not UTF-8 (as Python hands them over: lone surrogates).
# No NUL, which no command-line argument can carry.
pasted_text = st.text(
    st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))
    | st.sampled_from("\udcff\udc80\udce9"),
    max_size=30,
)
NAMED = ["Acme", "acme", "1", "2", "3", "株式会社テスト", "Ito Ken", "cadence:1", "renewal:1", "review:1",
         "objective:1", "cadence:contact:1", "weights.growth", "currency", "upcoming_days", "daily",
         "every 2 weeks", "RRULE:FREQ=YEARLY;INTERVAL=999", "key", "meeting", "win", "positive"]  # fmt: skip
DATES = ["0001-01-01", "9999-12-31", "1899-12-31", "1900-01-01", "2999-12-31", "3000-01-01", "today",
         "+1000y", "-99999d", "+99999999999999999999d", "2026-02-30", "nov 20", "in 2 weeks",
         "2026-11-20T25:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00+14:00"]  # fmt: skip
HOSTILE = ["[/]", "[bold]x", "[link=https://example.com]x[/link]", "\x1b]52;c;YQ==\x07", "\x1b[31mred",
           "\u202eevil", "\x9b31m", "-", "--", "=1+1", "''", '"', "a\nb", " ", "B\udcff", "\udcff"]  # fmt: skip
HUGE = [2**31, 2**63 - 1, 2**63, -(2**63) - 1, 10**30, 100_001, 1_000_001, 99999999999999999999]
numbers = st.one_of(
    st.integers(-3, 12), st.sampled_from(HUGE), st.floats(allow_nan=True, allow_infinity=True)
).map(str)
not_utf8 = st.tuples(pasted_text, st.sampled_from(["\udcff", "\udc82\udca0"])).map("".join)
any_value = st.one_of(
    st.sampled_from(NAMED), st.sampled_from(DATES), st.sampled_from(HOSTILE), numbers, pasted_text, not_utf8
)
CLOCKS = ["2026-11-20T09:00:00+09:00", "1900-01-01T00:00:00+14:00", "2999-12-31T23:59:59-12:00", "0001-01-01",
          "9999-12-31T23:59:59", "not a date"]  # fmt: skip
"""KAMCTL_NOW: the suite's day, the edges of the supported range (the seeded data then lies in the
future or far past), and values that must be refused."""
PATHS = ["in.csv", "in.json", "in.vcf", "missing.csv", "out.csv", "out.json", "sub"]
"""Files for FILE and -o: all inside the example's own folder (never a system file)."""


def _value(draw: Any, parameter: Parameter, folder: Path) -> str:
    if parameter.is_path:
        return str(folder / draw(st.sampled_from(PATHS)))
    if parameter.choices:
        # Mostly a valid choice (`-f json`), so that the other values get looked at.
        return draw(st.sampled_from(parameter.choices)) if draw(st.integers(0, 5)) else draw(any_value)
    if parameter.type_name in ("integer", "int", "integer range", "int range", "float"):
        return draw(numbers | any_value)
    return draw(any_value)


def _arguments(draw: Any, command: Command, folder: Path) -> list[str]:
    words: list[str] = []
    if draw(st.booleans()):
        # The one global option that takes user text (--db and --demo choose the database).
        words += ["--user", draw(any_value)]
    words += list(command.path)
    for parameter in command.parameters:
        if parameter.kind == "argument":
            if parameter.required or draw(st.booleans()):
                words.append(_value(draw, parameter, folder))
            continue
        if not parameter.required and draw(st.integers(0, 4)) != 0:
            continue  # most options are left out: the first bad value would hide the others
        times = draw(st.integers(1, 2)) if parameter.multiple else 1
        for _ in range(times):
            name = draw(st.sampled_from(parameter.opts))
            words += [name] if parameter.kind == "flag" else [name, _value(draw, parameter, folder)]
    return words


@pytest.fixture(scope="module")
def seeded_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seeded_database(tmp_path_factory.mktemp("fuzz-template"))


def build_seeded_database(folder: Path) -> Path:
    """A small portfolio with one of everything, kept as one SQLite file for the examples to copy."""
    built = folder / "built.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KAMCTL_DB", str(built))
        patch.setenv("XDG_CACHE_HOME", str(folder / "cache"))
        patch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
        for command in (
            ["accounts", "add", "Acme", "--tier", "key", "--renewal", "2027-01-31", "--cadence", "14",
             "--revenue", "1000000", "--growth", "4", "--tag", "iot"],
            ["accounts", "add", "株式会社テスト", "--tier", "candidate", "--owner", "tester"],
            ["accounts", "add", "Beta", "--status", "at-risk"],
            ["contacts", "add", "Acme", "Ito Ken", "--role", "decision-maker", "--cadence", "30"],
            ["contacts", "add", "Acme", "Sato Yui", "--reports-to", "Ito Ken"],
            ["log", "Acme", "Kick-off meeting", "--with", "Ito Ken", "--when", "2026-11-01"],
            ["log", "株式会社テスト", "電話で確認", "--channel", "call", "--kind", "win"],
            ["remind", "add", "Acme", "Send proposal", "--due", "2026-11-25"],
            ["remind", "add", "Acme", "Weekly check", "--due", "2026-11-20", "--every", "weekly"],
            ["accounts", "opp", "add", "Acme", "Upsell sensors", "--type", "upsell", "--value", "500000"],
            ["accounts", "orders", "add", "Acme", "1200000", "--date", "2026-10-01"],
            ["accounts", "plan", "Acme", "--goal", "Grow share", "--objective", "Pilot line 2",
             "--due", "2027-03-31"],
        ):  # fmt: skip
            invoke(*command)
    template = folder / "template.db"
    # One self-contained file (no -wal beside it), so that a plain copy is a complete database.
    with sqlite3.connect(built) as source, sqlite3.connect(template) as target:
        source.backup(target)
    source.close()
    target.close()
    return template


@settings(
    max_examples=_EXTRA_EXAMPLES or 400,
    derandomize=not _EXTRA_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=st.sampled_from(sorted(COMMANDS)), data=st.data())
def test_any_input_to_any_command_gets_a_clear_answer(path, data, seeded_database, tmp_path):
    folder = tmp_path / f"example-{os.urandom(4).hex()}"
    folder.mkdir()
    for name in ("in.csv", "in.json", "in.vcf"):
        content = data.draw(pasted_text, label=name)
        (folder / name).write_text(content, encoding="utf-8", errors="surrogateescape")
    args = _arguments(data.draw, COMMANDS[path], folder)
    now = data.draw(st.sampled_from(CLOCKS), label="KAMCTL_NOW")
    problem = unclear_answer(args, seeded_database, folder, now=now)
    assert problem is None, problem


def unclear_answer(
    args: list[str], seeded_database: Path, folder: Path, *, now: str = CLOCKS[0]
) -> str | None:
    """What is wrong with kamctl's answer to `args` on a copy of the seeded database, or None."""
    from typer.testing import CliRunner

    from kamctl.cli import app

    database = folder / "kamctl.db"
    shutil.copyfile(seeded_database, database)
    env = {"KAMCTL_DB": str(database), "KAMCTL_NOW": now}
    result = CliRunner().invoke(app, args, input="", prog_name="kamctl", env=env)
    shown = f"KAMCTL_NOW={now} kamctl {args!r}\nexit {result.exit_code}\nstderr: {result.stderr!r}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        where = "".join(traceback.format_exception(result.exception)[-3:])
        return f"{shown}\nuncaught {result.exception!r}\n{where}"
    if result.exit_code not in (0, 1, 2, 3) or "Traceback" in result.stderr:
        return shown
    if result.exit_code == 0:
        # What was accepted must not break the morning routine (an accepted `--renewal 0001-01-01`
        # once made every later `remind` fail).
        after = CliRunner().invoke(app, ["remind", "-f", "json"], env={**env, "KAMCTL_NOW": CLOCKS[0]})
        if after.exit_code != 0:
            return (
                f"{shown}\nthen `kamctl remind` exit {after.exit_code}: {after.exception!r} {after.stderr!r}"
            )
    if result.exit_code == 1:
        # One `Error:` line, last; an import's list of bad rows or a preview may come before it.
        lines = result.stderr.splitlines()
        if (
            not lines
            or not lines[-1].startswith("Error: ")
            or sum(line.startswith("Error") for line in lines) != 1
        ):
            return shown
        if not result.stderr.endswith("\n"):
            return shown
    return None
