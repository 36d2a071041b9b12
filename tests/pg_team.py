"""Logins for the team tests on PostgreSQL: roles belong to the whole server, so each test makes its
own, named after the test database and a random part, and drops them after."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

PG_URL = os.environ.get("KAMCTL_TEST_DATABASE_URL")

needs_postgresql = pytest.mark.skipif(not PG_URL, reason="needs KAMCTL_TEST_DATABASE_URL")


def connect_as(db_url: str, login: str):
    """A raw psycopg connection (autocommit) to the test's schema as `login`. The dev and CI
    servers trust 127.0.0.1, so naming the login is enough to be it."""
    import psycopg
    from sqlalchemy import make_url

    url = make_url(db_url)
    return psycopg.connect(
        host=url.host,
        port=url.port,
        dbname=url.database,
        user=login,
        options=url.query["options"],
        autocommit=True,
    )


@contextmanager
def team_prefix(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A prefix of this test's own group roles (kamctl's `kamctl_*` are shared by the server) and
    logins; every role named with it is dropped at the end."""
    from sqlalchemy import create_engine, make_url, text

    from kamctl.store import team

    prefix = f"kt_{make_url(db_url).database}_{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(team, "GROUP_PREFIX", prefix)
    try:
        yield prefix
    finally:
        admin = create_engine(db_url)
        with admin.begin() as connection:
            roles = (
                connection.execute(
                    text(
                        "SELECT rolname FROM pg_roles WHERE starts_with(rolname, :prefix) ORDER BY rolcanlogin DESC"
                    ),
                    {"prefix": prefix},
                )
                .scalars()
                .all()
            )
            for role in roles:
                connection.exec_driver_sql(f'DROP OWNED BY "{role}"')
            for role in roles:
                connection.exec_driver_sql(f'DROP ROLE "{role}"')
        admin.dispose()
