"""A progress bar on stderr for long work, shown only to a person at a terminal."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

from kamctl.render import console

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Counted(Protocol[T_co]):
    """Items that can say how many they are before they are gone through (a list, a RowFile)."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[T_co]: ...


WORTH_A_BAR = 2_000
"""Fewer items finish before a bar would be seen."""


def progress(items: Counted[T], description: str) -> Iterator[T]:
    stderr = console.err()
    if len(items) < WORTH_A_BAR or not stderr.is_terminal:
        yield from items
        return
    from rich.progress import track

    yield from track(items, description=description, console=stderr, transient=True)


def progress_if_watched(items: Counted[T], description: str) -> Iterable[T]:
    """`progress` when stderr is a terminal, else the items as they are. For an import file:
    counting a CSV file's rows reads it a second time, worth it only for a person watching."""
    import sys

    return progress(items, description) if sys.stderr.isatty() else items
