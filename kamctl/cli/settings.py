"""`kamctl settings`: the team-wide settings kept in the database (SPEC §2)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kamctl.cli.context import current
from kamctl.cli.options import FormatOption, OutputFormat
from kamctl.i18n import N_, _

app = typer.Typer(
    help="Show and change team-wide settings (weights, cadences, lead times).", no_args_is_help=True
)

Key = Annotated[
    str, typer.Argument(metavar="KEY", help="Setting key, e.g. cadence.key (kamctl settings list shows all).")
]


@app.command("list")
def list_(fmt: FormatOption = OutputFormat.table) -> None:
    """Every setting with its value and default."""
    from dataclasses import asdict

    from kamctl.actions.settings import all_settings
    from kamctl.domain.settings import rule_for
    from kamctl.render.output import Column, View, present

    rows = [asdict(setting) for setting in all_settings(current().portfolio())]
    if fmt is OutputFormat.table:  # JSON and CSV keep the English meaning
        for row in rows:
            row["description"] = rule_for(row["key"]).description
    columns = (
        Column("key", N_("Key"), style="bold", no_wrap=True),
        Column("value", N_("Value"), justify="right", show=_shown),
        Column("default", N_("Default"), justify="right", style="dim", show=_shown, minor=1),
        Column("description", N_("Meaning"), style="dim", ratio=1),
    )
    present(View(rows=rows, columns=columns), fmt)


def _shown(value: Any) -> str:
    return _("none") if value is None else str(value)


@app.command("get")
def get(key: Key) -> None:
    """Print one setting's value (`none` when unset)."""
    from kamctl.actions.settings import setting
    from kamctl.render.output import Format, View, present

    value = setting(current().portfolio(), key)
    # What a script reads: `none` in every language.
    present(
        View(texts={Format.plain: lambda: ("none" if value is None else str(value)) + "\n"}), Format.plain
    )


@app.command("set")
def set_(
    key: Key,
    value: Annotated[str, typer.Argument(metavar="VALUE", help="New value; 'none' clears a cadence.")],
) -> None:
    """Change a setting for everyone who uses this database."""
    from kamctl.actions.settings import change_setting
    from kamctl.render import messages

    messages.info(f"{key} = {_shown(change_setting(current().portfolio(), key, value))}")
