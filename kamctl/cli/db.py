"""`kamctl db`: where the database is, its health, backups, complete dumps and the sample data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kamctl.cli.context import current
from kamctl.i18n import _

app = typer.Typer(
    help="The database: location, migration, checks, backups, dumps, sample data.", no_args_is_help=True
)


@app.command("path")
def path() -> None:
    """Print the database in use (file path, or URL without password)."""
    from kamctl.actions.database import location
    from kamctl.render.output import Format, View, present

    shown = location(current().db_url())
    present(View(texts={Format.plain: lambda: shown + "\n"}), Format.plain)


@app.command("migrate")
def migrate() -> None:
    """Bring the schema up to date (kamctl also does this by itself, after a backup)."""
    from kamctl.actions import database
    from kamctl.render import messages

    done = database.migrate(current().portfolio())
    if done.migrated_from is None:
        messages.info(
            _("The database is at schema version {version}: nothing to migrate").format(version=done.version)
        )
        return
    if done.backup:
        message = _(
            "Migrated the database from schema version {old} to {new}; the old file was copied to {backup}"
        ).format(old=done.migrated_from, new=done.version, backup=done.backup)
    else:
        message = _("Migrated the database from schema version {old} to {new}").format(
            old=done.migrated_from, new=done.version
        )
    messages.info(message)


@app.command("check")
def check() -> None:
    """Check integrity and schema version; exit 1 if anything is wrong."""
    from kamctl.actions.database import problems
    from kamctl.errors import DatabaseProblem
    from kamctl.render import messages

    found = problems(current().portfolio())
    for problem in found:
        messages.info(problem)
    if found:
        raise DatabaseProblem(
            _("the database has {n} problem(s); restore a backup or run kamctl db export").format(
                n=len(found)
            )
        )
    messages.info(_("ok"))


@app.command("backup")
def backup(
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE", help="Where to write the copy ('-' for stdout; default: next to the database)."
        ),
    ] = None,
) -> None:
    """Write a consistent copy of the database while it is in use."""
    from kamctl.actions.database import back_up
    from kamctl.io.files import named_file
    from kamctl.render import messages

    target = back_up(current().portfolio(), file)
    if named_file(target) is not None:
        messages.info(_("Backed up to {file}").format(file=target))


@app.command("export")
def export(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="JSON file to write ('-' for stdout).")],
) -> None:
    """Dump every table to one versioned JSON file."""
    from kamctl.actions import database
    from kamctl.io.files import named_file
    from kamctl.render import messages

    counts = database.export(current().portfolio(), file)
    if named_file(file) is not None:
        messages.info(
            _("Exported {rows} rows of {tables} tables to {file}").format(
                rows=sum(counts.values()), tables=len(counts), file=file
            )
        )


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A JSON dump written by kamctl db export.")],
) -> None:
    """Load a dump into an empty database: everything or nothing."""
    from kamctl.actions.database import import_dump
    from kamctl.cli.imports import without_cycle_collection
    from kamctl.render import messages

    with without_cycle_collection():
        counts = import_dump(current().portfolio(), file)
    messages.info(
        _("Imported {rows} rows into {tables} tables").format(rows=sum(counts.values()), tables=len(counts))
    )


@app.command("demo")
def demo(
    force: Annotated[
        bool, typer.Option("--force", help="Replace the data of a non-empty database (after a backup).")
    ] = False,
) -> None:
    """Load the sample portfolio into the current database."""
    from kamctl.actions.database import load_sample
    from kamctl.render import messages

    backup = load_sample(current().portfolio(), force=force)
    if backup is not None:
        messages.info(_("Backed up the old data to {file}").format(file=backup))
    messages.info(_("Loaded the sample portfolio"))
