"""Options shared by many commands, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

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
ExcelOption = Annotated[
    bool,
    typer.Option("--excel", help="CSV for Excel: UTF-8 with a BOM and CRLF line ends (Japanese Excel too)."),
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do it without asking.")]
FormerYesOption = Annotated[bool, typer.Option("--yes", "-y", hidden=True, help="No longer needed.")]
"""`--yes` of a command that used to ask before replacing its -o FILE: it no longer asks (SPEC §2
Files), and scripts that still pass it keep working."""
EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        metavar="NAME",
        help="The file's encoding (utf-8, cp932, latin-1, …); default: UTF-8, else Shift_JIS (cp932).",
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Check everything and report what would change; change nothing.")
]
