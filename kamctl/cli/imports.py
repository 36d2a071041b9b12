"""What the import commands share (`accounts`, `contacts`, `orders`, `log` and `db import`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager


def tell_dry_run(encoding: str, ignored: Sequence[str]) -> None:
    """What a dry run says of the file itself: the encoding read, and the columns it ignores."""
    from kamctl.render import messages

    messages.info(f"read as {encoding}")
    if ignored:
        messages.info(f"ignored columns: {', '.join(ignored)}")


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
