"""What the import use cases share: a watcher of the rows as they are read, and the outcome."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

RowWatcher = Callable[[Iterable[Any], str], Iterable[Any]]
"""Wraps the rows of a file as they are read (a progress bar), given what is being done."""

Checked = TypeVar("Checked")


def unwatched(rows: Iterable[Any], _doing: str) -> Iterable[Any]:
    return rows


@dataclass(frozen=True)
class CheckedImport(Generic[Checked]):
    """An import: the checked rows, or the problems that stopped it; `written` is False when
    nothing was written (problems, or a dry run)."""

    checked: list[Checked]
    problems: list[str]
    rows: int
    written: bool
    encoding: str = "UTF-8"
    """The encoding the file was read in, as the user names it."""
    ignored: tuple[str, ...] = ()
    """The file's columns that name no field, in file order."""

    @property
    def bad_rows(self) -> int:
        """How many rows have problems (a row may have several, each named by its line)."""
        return len({problem.split(":", 1)[0] for problem in self.problems})
