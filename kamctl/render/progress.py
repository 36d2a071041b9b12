"""A progress bar on stderr for long work, shown only to a person at a terminal."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from kamctl.render import console

T = TypeVar("T")

WORTH_A_BAR = 2_000
"""Fewer items finish before a bar would be seen."""


def progress(items: Sequence[T], description: str) -> Iterator[T]:
    stderr = console.err()
    if len(items) < WORTH_A_BAR or not stderr.is_terminal:
        yield from items
        return
    from rich.progress import track

    yield from track(items, description=description, console=stderr, transient=True)
