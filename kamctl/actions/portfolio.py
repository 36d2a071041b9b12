"""The portfolio a use case works on: its database, the moment "now", and who "me" is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kamctl.store.engine import Store


@dataclass(frozen=True)
class Portfolio:
    """Everything a use case needs from outside: passed explicitly, never read from a global.

    The database is opened (created, migrated) on first use, so a use case that can answer
    from `sqlite_file` with the standard library (the routine `remind`) never loads SQLAlchemy.
    """

    now: datetime
    """The current moment, timezone-aware."""
    user: str
    """Who "me" is: `--mine`, `who` of every change."""
    open_store: Callable[[], Store] = field(repr=False, compare=False)
    """Returns the open database; the same one on every call."""
    sqlite_file: Path | None = None
    """The database's SQLite file when it is one that may already exist; None for PostgreSQL and
    for a database made for this run (`--demo`)."""

    def store(self) -> Store:
        return self.open_store()

    @property
    def today(self) -> date:
        """The local calendar day of `now`."""
        return self.now.date()

    @property
    def utcnow(self) -> datetime:
        """`now` in UTC, the form every stored datetime takes."""
        return self.now.astimezone(UTC)

    def at(self, now: datetime) -> Portfolio:
        """The same portfolio at another moment (a long-running server asks the clock per call)."""
        return replace(self, now=now)
