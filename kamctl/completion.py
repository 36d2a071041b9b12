"""Shell completion of what a command line names (SPEC §2): account and contact names, reminder
ids from the database the command would use, and the values of options with fixed choices.

Each function here is an `autocompletion=` of a typer option or argument. The database's
names are read with stdlib `sqlite3` (kamctl.store.completion), never through the database
stack, and a completion that cannot read anything offers nothing rather than an error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer

Completer = Callable[..., list[tuple[str, str | None]]]


def choices(values: Sequence[str]) -> Callable[[str], list[str]]:
    """The completion of an option whose values are `values` (the constants validation uses)."""

    def complete(incomplete: str) -> list[str]:
        from kamctl import i18n

        if not i18n.japanese():
            return [value for value in values if value.startswith(incomplete)]
        # In Japanese the labels are offered (`--channel 訪問`); a value typed in English still completes.
        labels = [i18n.label(value) for value in values]
        offered = [shown for shown in labels if shown.startswith(incomplete)]
        if incomplete:
            offered += [value for value in values if value.startswith(incomplete) and value not in offered]
        return offered

    return complete


def one_of(values: Sequence[str], help: str, *, name: str) -> dict[str, Any]:
    """The metavar, help and completion of an option with fixed choices, from the constants that
    validate it: `--help` lists them as `<key|candidate|standard>` (as Typer shows `-f`'s choices),
    or after the help text when that list would not fit an 80-column terminal, and a TAB offers
    them. The values are still parsed and checked by the command, whose `Error:` lines say what is
    accepted."""
    listed = f"<{'|'.join(values)}>"
    if len(listed) <= CHOICES_WIDTH:
        return {"metavar": listed, "help": help, "autocompletion": choices(values)}
    return {
        "metavar": name,
        "help": f"{help} One of: {', '.join(values)}.",
        "autocompletion": choices(values),
    }


CHOICES_WIDTH = 60
"""The longest choice list shown as a metavar: with `  --option ` it fits 80 columns."""


def account_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str | None]]:
    from kamctl.store import completion

    return _from_database(ctx, lambda path: completion.account_names(path, incomplete))


def contact_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str | None]]:
    """Contacts of the account already on the command line (argument or --account), else all."""
    from kamctl.store import completion

    account = _account_on_line(ctx)
    return _from_database(ctx, lambda path: completion.contact_names(path, incomplete, account))


def reminder_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str | None]]:
    from kamctl.store import completion

    return _from_database(ctx, lambda path: completion.reminder_ids(path, incomplete))


def _account_on_line(ctx: typer.Context) -> str | None:
    """The account the command line names so far (its `account` argument or option), if any."""
    value = ctx.params.get("account")
    if isinstance(value, str) and value:
        return value
    # Completing an option's value (`log add ACME --with <TAB>`) stops Click's parsing before the
    # arguments are assigned: they are left in ctx.args, in the order they were declared.
    arguments = [
        parameter.name for parameter in ctx.command.params if parameter.param_type_name == "argument"
    ]
    if "account" in arguments and len(ctx.args) > arguments.index("account"):
        return ctx.args[arguments.index("account")]
    return None


def _from_database(
    ctx: typer.Context, read: Callable[[Path], list[tuple[str, str | None]]]
) -> list[tuple[str, str | None]]:
    import sqlite3

    path = _database_file(ctx)
    if path is None:
        return []
    try:
        return read(path)
    except sqlite3.Error:  # locked, damaged, not kamctl's: nothing to offer
        return []


def _database_file(ctx: typer.Context) -> Path | None:
    """The SQLite file the completed command would use: --db, KAMCTL_DB, config `db`, default.

    Completion parses the line without running the root callback, so the global options are
    read from the root context's parameters (Click fills them from the environment too)."""
    from kamctl.errors import KamctlError
    from kamctl.invocation import Invocation

    root = ctx.find_root().params
    if root.get("demo"):
        return None  # the sample portfolio is made when the command runs
    db = root.get("db")
    try:
        return Invocation.from_environment(db if isinstance(db, str) else None).sqlite_file()
    except (KamctlError, OSError, ValueError):
        return None
