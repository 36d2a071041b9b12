"""Which database and who "me" is for one run of kamctl: the CLI, the Python API or the MCP server.

Cheap to import (no dataclasses, no SQLAlchemy): the cached `remind` answers from here before
anything else is loaded.
"""

from __future__ import annotations

import os
from pathlib import Path

TYPE_CHECKING = False  # `typing` itself is not needed at run time, and costs the cached remind
if TYPE_CHECKING:
    import tempfile
    from datetime import datetime

    from kamctl.actions.portfolio import Portfolio
    from kamctl.store.engine import Store


class Invocation:
    """The database and the user that the global options (or the API's arguments) name.

    The store is opened on first use, and `close` releases it and a `--demo` copy.
    """

    def __init__(
        self,
        db: str | None = None,
        *,
        demo: bool = False,
        user_option: str | None = None,
        db_given_by: str = "--db",
        user_given_by: str = "--user {}",
        now: datetime | None = None,
    ) -> None:
        self.db = db
        self.demo = demo
        self.user_option = user_option
        self.db_given_by = db_given_by  # where `db` came from, for messages: --db or KAMCTL_DB
        self.user_given_by = user_given_by  # how `user_option` was given, for messages ({} is the name)
        self.now = now  # the moment to work at; None: the clock's
        self._store: Store | None = None
        self._demo_dir: tempfile.TemporaryDirectory | None = None

    @classmethod
    def from_environment(
        cls,
        db: str | None = None,
        *,
        user: str | None = None,
        demo: bool = False,
        db_given_by: str = "--db",
        now: datetime | None = None,
    ) -> Invocation:
        """What the global options resolve to when they are not given: KAMCTL_DB, KAMCTL_USER."""
        if db is None:
            db = os.environ.get("KAMCTL_DB") or None
            db_given_by = "KAMCTL_DB"
        user_given_by = "open_portfolio(user={!r})"
        if user is None:
            user = os.environ.get("KAMCTL_USER") or None
            user_given_by = "KAMCTL_USER={}"
        return cls(
            db, demo=demo, user_option=user, db_given_by=db_given_by, user_given_by=user_given_by, now=now
        )

    def __repr__(self) -> str:
        from kamctl.paths import without_password

        db = None if self.db is None else without_password(self.db)
        return f"Invocation(db={db!r}, demo={self.demo!r}, user_option={self.user_option!r})"

    @property
    def user(self) -> str:
        """Who "me" is: on PostgreSQL the database login (`login_as_user`); else --user/KAMCTL_USER,
        else config `user`, else the login name."""
        # Only a database that is not an SQLite file can be PostgreSQL: the file case (and the
        # cached `remind`) never opens the store here.
        if not self.demo and self.sqlite_file() is None:
            login = self.store().login()
            if login is not None:
                return self.login_as_user(login)
        if self.user_option:
            return self.user_option
        from kamctl.config import load_config

        configured = load_config().get("user")
        if isinstance(configured, str) and configured.strip():
            return configured.strip()
        import getpass

        from kamctl.domain.text import check_utf8

        try:
            login = getpass.getuser()
        except (KeyError, OSError):
            login = os.environ.get("USER", "me")
        # getpass reads LOGNAME/USER, which may hold any bytes.
        return check_utf8(login, "the login name (set KAMCTL_USER)")

    def login_as_user(self, login: str) -> str:
        """The database login as "me" (SPEC §10), refusing a --user/KAMCTL_USER that names someone
        else: the server, not the client, says who someone is. The personal config's `user` is for
        SQLite files and is not consulted."""
        if self.user_option and self.user_option != login:
            from kamctl.errors import InvalidValue

            named = self.user_given_by.format(self.user_option)
            from kamctl.i18n import _

            raise InvalidValue(
                _(
                    "on PostgreSQL you are who you log in as ({login}); {named} names someone else: "
                    "log in as {user} instead"
                ).format(login=login, named=named, user=self.user_option)
            )
        return login

    def db_url(self) -> str:
        from kamctl.store.engine import resolve_url

        if self.demo:
            return self._demo_url()
        return resolve_url(self._configured_db())

    def sqlite_file(self) -> Path | None:
        """The SQLite file of this invocation, found without importing SQLAlchemy (for the direct
        paths of `kamctl.store.direct` and the remind cache); None for `--demo`, whose database
        the store makes, and for PostgreSQL."""
        if self.demo:
            return None
        return sqlite_file_of(self._configured_db())

    def _configured_db(self) -> str | None:
        """--db/KAMCTL_DB, else config `db`, else None (the default file); a named SQLite file
        must be in a folder that exists (`paths.check_database_folder`)."""
        given_by = self.db_given_by
        configured = self.db
        if not configured:
            from kamctl.config import load_config
            from kamctl.paths import config_file

            value = load_config().get("db")
            configured = value if isinstance(value, str) and value else None
            from kamctl.i18n import _

            given_by = _("`db` in {file}").format(file=config_file())
        if configured is not None:
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
                from kamctl.demo.portfolio import load_sample_portfolio

                with self._store.transaction() as session:
                    load_sample_portfolio(session, now=self.moment())
        return self._store

    def moment(self) -> datetime:
        """The moment this invocation works at, timezone-aware (a naive `now` is local time)."""
        if self.now is None:
            from kamctl import clock

            return clock.now()
        return self.now if self.now.tzinfo is not None else self.now.astimezone()

    def portfolio(self) -> Portfolio:
        """What the use cases work on in this invocation: this database, now, and "me"."""
        from kamctl.actions.portfolio import Portfolio

        return Portfolio(
            now=self.moment(), user=self.user, open_store=self.store, sqlite_file=self.sqlite_file()
        )

    def _demo_url(self) -> str:
        if self._demo_dir is None:
            import tempfile

            self._demo_dir = tempfile.TemporaryDirectory(prefix="kamctl-demo-")
        return f"sqlite:///{self._demo_dir.name}/demo.db"

    def close(self) -> None:
        if self._store is not None:
            self._store.dispose()
            self._store = None
        if self._demo_dir is not None:
            self._demo_dir.cleanup()
            self._demo_dir = None


def sqlite_file_of(db: str | None) -> Path | None:
    """The SQLite file that `--db`/KAMCTL_DB/config `db` names, without importing SQLAlchemy;
    None for other databases (PostgreSQL), in-memory SQLite and URLs with options.

    The same reading as kamctl.store.engine.resolve_url, for the cases it accepts.
    """
    from kamctl.paths import default_db_path

    if not db:
        return default_db_path()
    if "://" not in db:
        return Path(db).expanduser().resolve()
    prefix = "sqlite:///"
    rest = db[len(prefix) :] if db.startswith(prefix) else None
    if not rest or "?" in rest or rest == ":memory:":
        return None
    return Path(rest).absolute()  # SQLAlchemy reads a relative file name from the working folder
