"""What the import commands share (`accounts`, `contacts`, `orders`, `log` and `db import`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kamctl.actions.contacts import ContactImport
    from kamctl.domain.contacts import OnExisting


def tell_dry_run(encoding: str, ignored: Sequence[str]) -> None:
    """What a dry run says of the file itself: the encoding read, and the columns it ignores."""
    from kamctl.render import messages

    messages.info(f"read as {encoding}")
    if ignored:
        messages.info(f"ignored columns: {', '.join(ignored)}")


def tell_contact_import(done: ContactImport, *, dry_run: bool, on_existing: OnExisting) -> None:
    """What `contacts import` says: the cards it skipped, then every bad row and one Error line
    (nothing imported), or what it added, updated and skipped (or would, in a dry run)."""
    from kamctl.domain.contacts import OnExisting
    from kamctl.errors import InvalidValue
    from kamctl.render import messages

    for note in done.skipped_cards:
        messages.info(note)
    if done.problems:
        for problem in done.problems:
            messages.info(problem)
        message = f"{done.bad_rows} of {done.rows} rows are invalid; nothing was imported"
        if done.missing_accounts:
            names = ", ".join(repr(name) for name in done.missing_accounts)
            message += (
                f". No account {names}: add {'it' if len(done.missing_accounts) == 1 else 'each'} first "
                "(kamctl accounts add NAME), or put everyone into one account with --account ACCOUNT"
            )
        raise InvalidValue(message)
    verb = "Imported" if done.written else "Would import"
    if dry_run:
        tell_dry_run(done.encoding, done.ignored)
        for label, rows in (("update", done.updated), ("skip", done.skipped)):
            for row in rows:
                messages.info(f"{row.where}: would {label} {row.values['name']} ({row.account.name})")
    accounts = done.accounts
    where = accounts[0] if len(accounts) == 1 else f"{len(accounts)} accounts"
    counts = [f"{len(done.added)} added"]
    if done.updated or on_existing is OnExisting.update:
        counts.append(f"{len(done.updated)} updated")
    if done.skipped or on_existing is OnExisting.skip:
        counts.append(f"{len(done.skipped)} skipped")
    if not done.checked:
        messages.info(f"No contacts to import{' (dry run)' if dry_run else ''}")
        return
    summary = ", ".join(counts) if len(counts) > 1 else f"{len(done.added)} contacts"
    messages.info(f"{verb} {summary} into {where}{' (dry run)' if dry_run else ''}")


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Bulk work without Python's cycle collector.

    Every few hundred new tuples it would walk the young objects, and now and then the whole heap
    (SQLAlchemy's and Typer's objects included, and every row checked so far when an import
    checks all rows before writing them): a good part of a large import's time. Rows make no
    reference cycles; reference counting frees them as they go.
    """
    import gc

    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
