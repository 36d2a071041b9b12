"""`kamctl db`: where the database is, its health, backups, complete dumps and the sample data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kamctl.cli.context import current

app = typer.Typer(
    help="The database: location, migration, checks, backups, dumps, sample data.", no_args_is_help=True
)


@app.command("path")
def path() -> None:
    """Print the database in use (file path, or URL without password)."""
    import sys

    from kamctl.store.engine import display_name

    sys.stdout.write(display_name(current().db_url()) + "\n")


@app.command("migrate")
def migrate() -> None:
    """Bring the schema up to date (kamctl also does this by itself, after a backup)."""
    from kamctl.render import messages
    from kamctl.store.engine import migrate_database

    result = migrate_database(current().db_url())
    messages.info(result)


@app.command("check")
def check() -> None:
    """Check integrity and schema version; exit 1 if anything is wrong."""
    from kamctl.errors import DatabaseProblem
    from kamctl.render import messages
    from kamctl.store.engine import check_database

    problems = check_database(current().store())
    if problems:
        for problem in problems:
            messages.info(problem)
        raise DatabaseProblem(
            f"the database has {len(problems)} problem(s); restore a backup or run kamctl db export"
        )
    messages.info("ok")


@app.command("backup")
def backup(
    file: Annotated[
        Path | None,
        typer.Argument(help="Where to write the copy ('-' for stdout; default: next to the database)."),
    ] = None,
) -> None:
    """Write a consistent copy of the database while it is in use."""
    from kamctl.io.files import named_file
    from kamctl.render import messages
    from kamctl.store.engine import backup_database

    target = backup_database(current().store(), file)
    if named_file(target) is not None:
        messages.info(f"Backed up to {target}")


@app.command("export")
def export(file: Annotated[Path, typer.Argument(help="JSON file to write ('-' for stdout).")]) -> None:
    """Dump every table to one versioned JSON file."""
    from kamctl.io.dump import write_dump
    from kamctl.io.files import named_file, output_file
    from kamctl.render import messages

    store = current().store()
    with output_file(file, private=True) as stream:
        counts = write_dump(store, stream)
    if named_file(file) is not None:
        messages.info(f"Exported {sum(counts.values())} rows of {len(counts)} tables to {file}")


@app.command("import")
def import_(file: Annotated[Path, typer.Argument(help="A JSON dump written by kamctl db export.")]) -> None:
    """Load a dump into an empty database: everything or nothing."""
    from kamctl.cli.imports import without_cycle_collection
    from kamctl.io.dump import DumpFile, import_database
    from kamctl.io.rows import check_file
    from kamctl.render import messages

    check_file(file)  # before reading: a device such as /dev/zero never ends
    with DumpFile(file) as dump, without_cycle_collection():
        counts = import_database(current().store(), dump)
    messages.info(f"Imported {sum(counts.values())} rows into {len(counts)} tables")


_DEMO_NEEDS_FORCE = "the database is not empty; use --force to replace its data with the sample portfolio"


@app.command("demo")
def demo(
    force: Annotated[
        bool, typer.Option("--force", help="Replace the data of a non-empty database (after a backup).")
    ] = False,
) -> None:
    """Load the sample portfolio into the current database."""
    from kamctl import clock
    from kamctl.demo.portfolio import load_sample_portfolio
    from kamctl.errors import Conflict
    from kamctl.render import messages
    from kamctl.store.engine import backup_database, clear_database, has_rows, is_empty, lock_for_change

    store = current().store()
    if not is_empty(store):
        if not force:
            raise Conflict(_DEMO_NEEDS_FORCE)
        if store.path is not None:
            messages.info(f"Backed up the old data to {backup_database(store, None)}")
    with store.transaction() as session:
        # Checked again under the lock: two `db demo` at once must not both find it empty.
        lock_for_change("whole database", session=session)
        if force:
            clear_database(session=session)
        elif has_rows(session.connection()):
            raise Conflict(_DEMO_NEEDS_FORCE)
        load_sample_portfolio(session, now=clock.now())
    messages.info("Loaded the sample portfolio")
