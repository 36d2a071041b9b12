"""Checking the cells of an import file: a value that repeats from row to row is checked once."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

_UNKNOWN = object()


class CheckedCells:
    """`check(field, cell)`, remembering the checked value of each distinct text cell.

    A long import names the same few tiers, owners, roles, stages and days thousands of times:
    checking each once makes the checking several times quicker, and every row then holds the
    same value object instead of a copy of its own. A cell that fails its check raises as
    `check` does and is not remembered. Fields in `unique` (names, notes) rarely repeat and are
    not remembered; nor is anything past `limit` distinct cells. Callers must not change a
    value they are given: it may be shared.
    """

    def __init__(
        self, check: Callable[[str, Any], Any], *, unique: Collection[str] = (), limit: int = 10_000
    ) -> None:
        self._check = check
        self._unique = frozenset(unique)
        self._limit = limit
        self._known: dict[tuple[str, str], Any] = {}

    def __call__(self, field: str, cell: Any) -> Any:
        if type(cell) is not str or field in self._unique:
            return self._check(field, cell)
        key = (field, cell)
        value = self._known.get(key, _UNKNOWN)
        if value is _UNKNOWN:
            value = self._check(field, cell)
            if len(self._known) < self._limit:
                self._known[key] = value
        return value

    def fill(
        self, values: dict[str, Any], plan: Sequence[tuple[str, Sequence[int]]], cells: Sequence[Any]
    ) -> None:
        """Check one row's cells into `values` by a column plan: for each field, its columns in
        order, the first that holds a value wins. An empty cell (missing, None or blank text)
        leaves the field to the next column, or unset. The same as calling `self` per cell, with
        the loop inside: an import of 100,000 rows makes over a million of these checks."""
        known, unique, check, limit = self._known, self._unique, self._check, self._limit
        width = len(cells)
        for field, columns in plan:
            for column in columns:
                cell = cells[column] if column < width else None
                if cell is None:
                    continue
                if type(cell) is not str:
                    values[field] = check(field, cell)
                    break
                if not cell.strip():
                    continue
                if field in unique:
                    values[field] = check(field, cell)
                    break
                key = (field, cell)
                value = known.get(key, _UNKNOWN)
                if value is _UNKNOWN:
                    value = check(field, cell)
                    if len(known) < limit:
                        known[key] = value
                values[field] = value
                break


def invalid_rows(invalid: int, rows: int) -> str:
    """Why an import with invalid rows imports nothing: `3 of 4 rows are invalid; …`."""
    from kamctl.i18n import ngettext

    return ngettext(
        "{invalid} of {rows} row is invalid; nothing was imported",
        "{invalid} of {rows} rows are invalid; nothing was imported",
        rows,
    ).format(invalid=invalid, rows=rows)
