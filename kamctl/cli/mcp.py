"""`kamctl mcp`: serve kamctl's use cases to an assistant over the Model Context Protocol (SPEC §11)."""

from __future__ import annotations

from typing import Annotated

import typer

from kamctl.cli.context import current

app = typer.Typer(invoke_without_command=True, no_args_is_help=False, subcommand_metavar="")


@app.callback()
def mcp(
    allow_write: Annotated[
        bool,
        typer.Option(
            "--allow-write",
            help="Also offer log_interaction and complete_reminder, which change the database.",
        ),
    ] = False,
) -> None:
    """Serve this database to an assistant: an MCP server on stdin/stdout.

    Read tools: find_accounts, account_brief, search_log, due_items, rank_accounts,
    portfolio_kpis. With --allow-write also log_interaction and complete_reminder (recorded as
    --user). Each answer is the JSON of the matching command's `-f json`; a refused call is a
    tool error with the command's Error: line.
    """
    portfolio = current().portfolio()  # a wrong --db, config or KAMCTL_NOW fails here, as an Error: line
    from kamctl.mcp.server import serve

    serve(portfolio, allow_write=allow_write)
