"""Use cases: what kamctl does, for the CLI, the MCP server and scripts alike (SPEC §11).

Each function takes a `Portfolio` (the database, the moment "now" and who "me" is) and plain
values, and returns domain values; none imports Typer or Rich.
"""
