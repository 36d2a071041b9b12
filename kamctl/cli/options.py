"""Options shared by many commands, declared once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import typer

from kamctl.completion import choices
from kamctl.render.output import Format

OutputFormat = Format.choice("table", "json", "csv")
ExportFormat = Format.choice("csv", "json")


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output: table for people, json or csv for scripts.")
]
RawOption = Annotated[
    bool,
    typer.Option("--raw", help="CSV: keep cells that start with = + - @ as they are (no formula guard)."),
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do it without asking.")]
FormerYesOption = Annotated[bool, typer.Option("--yes", "-y", hidden=True, help="No longer needed.")]
"""`--yes` of a command that used to ask before replacing its -o FILE: it no longer asks (SPEC §2
Files), and scripts that still pass it keep working."""
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Check everything and report what would change; change nothing.")
]


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
