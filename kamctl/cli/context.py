"""What the global options decide for one invocation: which database, who "me" is."""

from __future__ import annotations

import getpass
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kamctl.config import load_config

if TYPE_CHECKING:
    from kamctl.actions.portfolio import Portfolio
    from kamctl.store.engine import Store


@dataclass
class Invocation:
    db: str | None = None
    demo: bool = False
    db_given_by: str = "--db"
    """Where `db` came from, for messages: `--db` or `KAMCTL_DB`."""
    user_option: str | None = None
    _store: Store | None = field(default=None, repr=False)
    _demo_dir: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

    @property
    def user(self) -> str:
        """Who "me" is: --user/KAMCTL_USER, else config `user`, else the login name."""
        if self.user_option:
            return self.user_option
        configured = load_config().get("user")
        if isinstance(configured, str) and configured.strip():
            return configured.strip()
        from kamctl.domain.text import check_utf8

        try:
            login = getpass.getuser()
        except (KeyError, OSError):
            login = os.environ.get("USER", "me")
        # getpass reads LOGNAME/USER, which may hold any bytes.
        return check_utf8(login, "the login name (set KAMCTL_USER)")

    def db_url(self) -> str:
        from kamctl.store.engine import resolve_url

        if self.demo:
            return self._demo_url()
        configured = self._configured_db()
        return resolve_url(configured)

    def sqlite_file(self) -> Path | None:
        """The SQLite file of this invocation, found without importing SQLAlchemy (for the direct
        paths of `kamctl.store.direct`); None for `--demo`, whose database the store makes, and
        for PostgreSQL."""
        if self.demo:
            return None
        from kamctl.cache import sqlite_file_of

        return sqlite_file_of(self._configured_db())

    def _configured_db(self) -> str | None:
        """--db/KAMCTL_DB, else config `db`, else None (the default file); a named SQLite file
        must be in a folder that exists (`paths.check_database_folder`)."""
        given_by = self.db_given_by
        configured = self.db
        if not configured:
            from kamctl.paths import config_file

            value = load_config().get("db")
            configured = value if isinstance(value, str) and value else None
            given_by = f"`db` in {config_file()}"
        if configured is not None:
            from kamctl.cache import sqlite_file_of
            from kamctl.paths import check_database_folder

            file = sqlite_file_of(configured)
            if file is not None:
                check_database_folder(file, named=configured, given_by=given_by)
        return configured

    def store(self) -> Store:
        """The open database, created and migrated on first use in this invocation."""
        if self._store is None:
            from kamctl.store.engine import open_store

            url = self.db_url()
            self._store = open_store(url)
            if self.demo:
                from kamctl import clock
                from kamctl.demo.portfolio import load_sample_portfolio

                with self._store.transaction() as session:
                    load_sample_portfolio(session, now=clock.now())
        return self._store

    def portfolio(self) -> Portfolio:
        """What the use cases work on in this invocation: this database, now, and "me"."""
        from kamctl import clock
        from kamctl.actions.portfolio import Portfolio

        return Portfolio(
            now=clock.now(), user=self.user, open_store=self.store, sqlite_file=self.sqlite_file()
        )

    def _demo_url(self) -> str:
        if self._demo_dir is None:
            self._demo_dir = tempfile.TemporaryDirectory(prefix="kamctl-demo-")
        return f"sqlite:///{self._demo_dir.name}/demo.db"

    def close(self) -> None:
        if self._store is not None:
            self._store.dispose()
            self._store = None
        if self._demo_dir is not None:
            self._demo_dir.cleanup()
            self._demo_dir = None


_current = Invocation()


def begin(invocation: Invocation) -> None:
    global _current
    _current = invocation


def current() -> Invocation:
    return _current
