"""`kamctl settings`: the team-wide settings kept in the database (SPEC §2)."""

from __future__ import annotations

from typing import Annotated

import typer

from kamctl.cli.context import current
from kamctl.cli.options import FormatOption, OutputFormat

app = typer.Typer(
    help="Show and change team-wide settings (weights, cadences, lead times).", no_args_is_help=True
)

Key = Annotated[str, typer.Argument(help="Setting key, e.g. cadence.key (kamctl settings list shows all).")]


@app.command("list")
def list_(fmt: FormatOption = OutputFormat.table) -> None:
    """Every setting with its value and default."""
    from kamctl.domain.settings import RULES
    from kamctl.render.output import Column, emit
    from kamctl.store.queries.settings import load_settings

    with current().store().transaction(write=False) as session:
        settings = load_settings(session=session)
    rows = [
        {"key": key, "value": settings[key], "default": rule.default, "description": rule.help}
        for key, rule in RULES.items()
    ]
    columns = (
        Column("key", "Key", style="bold"),
        Column("value", "Value", justify="right", show=_shown),
        Column("default", "Default", justify="right", style="dim", show=_shown),
        Column("description", "Meaning", style="dim"),
    )
    emit(rows, columns, fmt.value)


def _shown(value) -> str:
    return "none" if value is None else str(value)


@app.command("get")
def get(key: Key) -> None:
    """Print one setting's value (`none` when unset)."""
    import sys

    from kamctl.domain.settings import rule_for
    from kamctl.store.queries.settings import load_settings

    rule_for(key)
    with current().store().transaction(write=False) as session:
        value = load_settings(session=session)[key]
    sys.stdout.write(_shown(value) + "\n")


@app.command("set")
def set_(key: Key, value: Annotated[str, typer.Argument(help="New value; 'none' clears a cadence.")]) -> None:
    """Change a setting for everyone who uses this database."""
    from kamctl.domain.settings import parse_setting
    from kamctl.render import messages
    from kamctl.store.queries.settings import save_setting

    parsed = parse_setting(key, value)
    with current().store().transaction() as session:
        save_setting(key, parsed, session=session)
    messages.info(f"{key} = {_shown(parsed)}")
