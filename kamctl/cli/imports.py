"""What the import commands share (`accounts`, `contacts`, `orders`, `log` and `db import`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kamctl.domain.cells import invalid_rows

if TYPE_CHECKING:
    from kamctl.actions.contacts import ContactImport
    from kamctl.domain.contacts import OnExisting


def tell_dry_run(encoding: str, ignored: Sequence[str]) -> None:
    """What a dry run says of the file itself: the encoding read, and the columns it ignores."""
    from kamctl.i18n import _
    from kamctl.render import messages

    messages.info(_("read as {encoding}").format(encoding=encoding))
    if ignored:
        messages.info(_("ignored columns: {columns}").format(columns=", ".join(ignored)))


def tell_contact_import(done: ContactImport, *, dry_run: bool, on_existing: OnExisting) -> None:
    """What `contacts import` says: the cards it skipped, then every bad row and one Error line
    (nothing imported), or what it added, updated and skipped (or would, in a dry run)."""
    from kamctl.domain.contacts import OnExisting
    from kamctl.errors import InvalidValue
    from kamctl.i18n import _, ngettext
    from kamctl.render import messages

    for note in done.skipped_cards:
        messages.info(note)
    if done.problems:
        for problem in done.problems:
            messages.info(problem)
        message = invalid_rows(done.bad_rows, done.rows)
        if done.missing_accounts:
            names = ", ".join(repr(name) for name in done.missing_accounts)
            message += ngettext(
                ". No account {names}: add it first (kamctl accounts add NAME), "
                "or put everyone into one account with --account ACCOUNT",
                ". No account {names}: add each first (kamctl accounts add NAME), "
                "or put everyone into one account with --account ACCOUNT",
                len(done.missing_accounts),
            ).format(names=names)
        raise InvalidValue(message)
    if dry_run:
        tell_dry_run(done.encoding, done.ignored)
        for would, rows in (
            (_("{where}: would update {name} ({account})"), done.updated),
            (_("{where}: would skip {name} ({account})"), done.skipped),
        ):
            for row in rows:
                messages.info(
                    would.format(where=row.where, name=row.values["name"], account=row.account.name)
                )
    accounts = done.accounts
    where = accounts[0] if len(accounts) == 1 else _("{n} accounts").format(n=len(accounts))
    counts = [_("{n} added").format(n=len(done.added))]
    if done.updated or on_existing is OnExisting.update:
        counts.append(_("{n} updated").format(n=len(done.updated)))
    if done.skipped or on_existing is OnExisting.skip:
        counts.append(_("{n} skipped").format(n=len(done.skipped)))
    if not done.checked:
        messages.info(_("No contacts to import (dry run)") if dry_run else _("No contacts to import"))
        return
    summary = (
        _(", ").join(counts)
        if len(counts) > 1
        else ngettext("{n} contact", "{n} contacts", len(done.added)).format(n=len(done.added))
    )
    sentence = {
        (True, False): _("Imported {summary} into {where}"),
        (False, False): _("Would import {summary} into {where}"),
        (True, True): _("Imported {summary} into {where} (dry run)"),
        (False, True): _("Would import {summary} into {where} (dry run)"),
    }[(bool(done.written), dry_run)]
    messages.info(sentence.format(summary=summary, where=where))


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
