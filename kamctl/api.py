"""kamctl as a Python library: open a portfolio, then call the use cases that the commands call.

Every use case takes the `Portfolio` as its first argument and returns plain values; errors are
`kamctl.errors` exceptions whose messages are the CLI's `Error:` lines. Nothing here imports
Typer or Rich.
"""

from __future__ import annotations

from datetime import datetime

from kamctl.actions.accounts import account_dossier, find_accounts
from kamctl.actions.log import record_interaction, search_log
from kamctl.actions.portfolio import Portfolio
from kamctl.actions.reminders import complete_reminder, due_list
from kamctl.actions.report import portfolio_report
from kamctl.actions.scoring import rank_accounts
from kamctl.errors import Conflict, DatabaseProblem, InvalidValue, KamctlError, NotFound
from kamctl.invocation import Invocation

__all__ = [
    "Conflict",
    "DatabaseProblem",
    "InvalidValue",
    "KamctlError",
    "NotFound",
    "Portfolio",
    "account_dossier",
    "complete_reminder",
    "due_list",
    "find_accounts",
    "open_portfolio",
    "portfolio_report",
    "rank_accounts",
    "record_interaction",
    "search_log",
]


def open_portfolio(
    db: str | None = None, *, user: str | None = None, now: datetime | None = None, demo: bool = False
) -> Portfolio:
    """The portfolio that `kamctl` itself would work on, resolved the same way.

    `db`: an SQLite file or an SQLAlchemy URL; else KAMCTL_DB, else `db` in the config file, else
    the default file. `user`: who "me" is (`mine=True`, the author of what is recorded); else
    KAMCTL_USER, else `user` in the config file, else the login name; on PostgreSQL "me" is the
    database login, and a `user` (or KAMCTL_USER) naming someone else is an InvalidValue. `now`:
    the moment the use cases work at (a naive value is local time); else the clock (KAMCTL_NOW
    fixes it). `demo=True`: a fresh temporary copy of the sample portfolio. An SQLite file is
    opened, created or migrated when a use case first needs it; PostgreSQL at once (to ask who
    the login is).
    """
    invocation = Invocation.from_environment(
        db, user=user, demo=demo, db_given_by="open_portfolio(db=…)", now=now
    )
    return invocation.portfolio()
