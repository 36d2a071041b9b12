"""The database itself: where it is, its schema, its health, copies, complete dumps, the sample data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kamctl.i18n import N_, _

if TYPE_CHECKING:
    from kamctl.actions.portfolio import Portfolio

DEMO_NEEDS_FORCE = N_("the database is not empty; use --force to replace its data with the sample portfolio")


def location(url: str) -> str:
    """The database at `url` as people see it: the file path, or the URL without its password.

    Takes the URL, not a Portfolio: naming the database must not open (create) it."""
    from kamctl.store.engine import display_name

    return display_name(url)


@dataclass(frozen=True)
class Migration:
    """What bringing the schema up to date did."""

    version: str
    """The schema version the database has now."""
    migrated_from: str | None
    """The version it had before; None when it was already current."""
    backup: Path | None
    """The copy of the SQLite file made before migrating."""


def migrate(portfolio: Portfolio) -> Migration:
    """Bring the database to this kamctl's schema version (after a backup of an SQLite file)."""
    from kamctl.errors import DatabaseProblem
    from kamctl.store.migrate import head_revision
    from kamctl.store.schema_version import SCHEMA_VERSION

    if head_revision() != SCHEMA_VERSION:
        raise DatabaseProblem(
            _(
                "this kamctl's migrations end at {head}, not at its schema version {version}; "
                "reinstall kamctl"
            ).format(head=head_revision(), version=SCHEMA_VERSION)
        )
    store = portfolio.store()  # opening migrates
    return Migration(SCHEMA_VERSION, store.migrated_from, store.migration_backup)


def problems(portfolio: Portfolio) -> list[str]:
    """Everything wrong with the database, one readable line each; empty when it is healthy."""
    from kamctl.store.engine import check_database

    return check_database(portfolio.store())


def back_up(portfolio: Portfolio, target: Path | None) -> Path:
    """A consistent copy of the SQLite database while it is in use; returns where it went
    (`-` is stdout; None: next to the database, named by the moment)."""
    from kamctl.store.engine import backup_database

    return backup_database(portfolio.store(), target)


def export(portfolio: Portfolio, file: Path) -> dict[str, int]:
    """Every table as one versioned JSON dump in `file` (`-` is stdout), private to its owner;
    the rows written per table."""
    from kamctl.io.dump import write_dump
    from kamctl.io.files import output_file

    store = portfolio.store()
    with output_file(file, private=True) as stream:
        return write_dump(store, stream)


def import_dump(portfolio: Portfolio, file: Path) -> dict[str, int]:
    """Load the dump in `file` into the empty database, everything or nothing; the rows per table."""
    from kamctl.io.dump import DumpFile, import_database
    from kamctl.io.rows import check_file

    check_file(file)  # before reading: a device such as /dev/zero never ends
    with DumpFile(file) as dump:
        return import_database(portfolio.store(), dump)


def load_sample(portfolio: Portfolio, *, force: bool = False) -> Path | None:
    """Fill the database with the sample portfolio, dated relative to `portfolio.now`.

    A database with data is refused (Conflict) unless `force`, which replaces its data after a
    backup of an SQLite file; returns that backup's path."""
    from kamctl.demo.portfolio import load_sample_portfolio
    from kamctl.errors import Conflict
    from kamctl.store.engine import backup_database, clear_database, has_rows, is_empty, lock_for_change

    store = portfolio.store()
    backup = None
    if not is_empty(store):
        if not force:
            raise Conflict(_(DEMO_NEEDS_FORCE))
        if store.path is not None:
            backup = backup_database(store, None)
    with store.transaction() as session:
        # Checked again under the lock: two `db demo` at once must not both find it empty.
        lock_for_change("whole database", session=session)
        if force:
            clear_database(session=session)
        elif has_rows(session.connection()):
            raise Conflict(_(DEMO_NEEDS_FORCE))
        load_sample_portfolio(session, now=portfolio.now)
    return backup
