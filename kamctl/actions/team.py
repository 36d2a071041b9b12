"""A team on PostgreSQL (SPEC §10): set it up, add, list and remove the logins of its members."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from kamctl.actions.portfolio import Portfolio
    from kamctl.store.team import TeamLogin


@contextmanager
def _team_database(portfolio: Portfolio) -> Iterator[Connection]:
    """One transaction on the team's PostgreSQL database; an SQLite database is refused before it
    is opened (a team command must not create an SQLite file)."""
    from kamctl.errors import InvalidValue
    from kamctl.i18n import _

    if portfolio.sqlite_file is not None or portfolio.store().is_sqlite:
        name = portfolio.sqlite_file or _("this database")
        raise InvalidValue(
            _(
                "a team needs PostgreSQL: {name} is an SQLite file, kept by one person; "
                "give --db a postgresql:// URL"
            ).format(name=name)
        )
    with portfolio.store().connection() as connection:
        yield connection


def set_up(portfolio: Portfolio) -> None:
    """Create or refresh the team's roles and rules (the database owner only; again changes nothing)."""
    from kamctl.store.team import set_up_team

    with _team_database(portfolio) as connection:
        set_up_team(connection)


def add(portfolio: Portfolio, login: str, role: str, password: Callable[[], str]) -> bool:
    """Give `login` the team role `role`, creating the login with `password()` when there is none;
    True when it was created."""
    from kamctl.store.team import add_login

    with _team_database(portfolio) as connection:
        return add_login(connection, login, role, password)


def members(portfolio: Portfolio) -> list[TeamLogin]:
    """Every login of the team with its role."""
    from kamctl.store.team import team_logins

    with _team_database(portfolio) as connection:
        return team_logins(connection)


def remove(portfolio: Portfolio, login: str) -> str:
    """Take `login` off the team; returns the role it had."""
    from kamctl.store.team import remove_login

    with _team_database(portfolio) as connection:
        return remove_login(connection, login)
