"""`kamctl db team init|add|list|rm` (SPEC §10): on PostgreSQL, and refused on SQLite."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import run_installed
from pg_team import connect_as, needs_postgresql, team_prefix
from psycopg import errors

SQLITE_REFUSAL = "Error: a team needs PostgreSQL: {path} is an SQLite file, kept by one person; give --db a postgresql:// URL\n"


@pytest.mark.new_database
@pytest.mark.parametrize(
    "command",
    [("init",), ("add", "ann", "--role", "member", "--password-stdin"), ("list",), ("rm", "ann")],
)
def test_a_team_needs_postgresql(run, db_url: str, command: tuple[str, ...]) -> None:
    path = Path(db_url.removeprefix("sqlite:///"))
    done = run("db", "team", *command, input="secret\n", exit=1)
    assert (done.stdout, done.stderr) == ("", SQLITE_REFUSAL.format(path=path))
    assert not path.exists(), "a refused team command creates no SQLite file"


def test_a_team_needs_postgresql_in_a_real_process(db_url: str) -> None:
    path = db_url.removeprefix("sqlite:///")
    done = run_installed("db", "team", "list", exit=1)
    assert (done.stdout, done.stderr) == ("", SQLITE_REFUSAL.format(path=path))


@pytest.fixture
def prefix(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with team_prefix(db_url, monkeypatch) as prefix:
        yield prefix


@pytest.mark.postgres
@needs_postgresql
def test_init_add_list_rm(run, prefix: str) -> None:
    ann, bob = f"{prefix}_ann", f"{prefix}_bob"
    set_up = "The team is set up: add its logins with kamctl db team add LOGIN --role member\n"
    assert run("db", "team", "init").stderr == set_up
    assert run("db", "team", "init").stderr == set_up, "running it again is fine"
    empty = run("db", "team", "list")
    assert (empty.stdout, empty.stderr) == (
        "",
        "No one is on the team yet: kamctl db team add LOGIN --role member\n",
    )

    done = run("db", "team", "add", ann, "--role", "member", "--password-stdin", input="s3cret-pw\n")
    assert done.stderr == f"Created the login {ann}, a member of the team\n"
    assert "s3cret-pw" not in done.stdout + done.stderr
    done = run("db", "team", "add", bob, "--role", "viewer", "--password-stdin", input="other\n")
    # An existing login changes role; no password is asked for.
    assert (
        run("db", "team", "add", bob, "--role", "manager").stderr == f"{bob} is now a manager of the team\n"
    )
    listed = json.loads(run("db", "team", "list", "-f", "json").stdout)
    assert listed == [{"login": ann, "role": "member"}, {"login": bob, "role": "manager"}]

    assert run("db", "team", "rm", ann).stderr == f"{ann} is no longer on the team (was member)\n"
    assert json.loads(run("db", "team", "list", "-f", "json").stdout) == [{"login": bob, "role": "manager"}]
    done = run("db", "team", "rm", ann, exit=1)
    assert done.stderr == f"Error: {ann} is not on the team: kamctl db team list shows who is\n"


@pytest.mark.postgres
@needs_postgresql
def test_the_login_made_connects_with_its_role(run, db_url: str, prefix: str) -> None:
    ann = f"{prefix}_ann"
    run("db", "team", "init")
    run("accounts", "add", "Kappa Motors")
    run("db", "team", "add", ann, "--role", "viewer", "--password-stdin", input="secret\n")
    with connect_as(db_url, ann) as connection:
        assert connection.execute("SELECT name FROM account").fetchall() == [("Kappa Motors",)]
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute("UPDATE account SET notes = 'x'")


@pytest.mark.postgres
@needs_postgresql
def test_team_commands_before_init(run, prefix: str) -> None:
    expected = "Error: this database has no team yet: its owner runs kamctl db team init\n"
    done = run(
        "db", "team", "add", f"{prefix}_ann", "--role", "member", "--password-stdin", input="pw\n", exit=1
    )
    assert done.stderr == expected
    assert run("db", "team", "list", exit=1).stderr == expected


@pytest.mark.postgres
@needs_postgresql
@pytest.mark.parametrize(
    ("login", "stdin", "flag", "message"),
    [
        (
            "{prefix}_ann",
            "\n",
            "--password-stdin",
            "the password of {prefix}_ann is empty: give one at the prompt or on stdin",
        ),
        (
            "{prefix}_ann",
            "",
            None,
            "{prefix}_ann is a new login and needs a password: type it at a prompt or give --password-stdin",
        ),
        (
            "pg_monitor",
            "pw\n",
            "--password-stdin",
            "pg_monitor is a name PostgreSQL or kamctl keeps for itself: choose another login name",
        ),
        (
            "{prefix}_member",
            "pw\n",
            "--password-stdin",
            "{prefix}_member is a name PostgreSQL or kamctl keeps for itself: choose another login name",
        ),
        (
            "{prefix}_group",
            "pw\n",
            "--password-stdin",
            "{prefix}_group is a group role, not a login: name a login (one that connects)",
        ),
    ],
)
def test_bad_logins_and_passwords_are_refused(
    run, db_url: str, prefix: str, login: str, stdin: str, flag: str | None, message: str
) -> None:
    from sqlalchemy import create_engine, text

    run("db", "team", "init")
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {prefix}_group NOLOGIN")
    login = login.format(prefix=prefix)
    done = run("db", "team", "add", login, "--role", "member", *([flag] if flag else []), input=stdin, exit=1)
    assert done.stderr == f"Error: {message.format(prefix=prefix)}\n"
    with engine.connect() as connection:
        made = connection.execute(
            text("SELECT count(*) FROM pg_roles WHERE rolname = :n"), {"n": f"{prefix}_ann"}
        )
        assert made.scalar() == 0
    engine.dispose()


@pytest.mark.postgres
@needs_postgresql
def test_only_the_owner_sets_up_a_team(run, db_url: str, prefix: str) -> None:
    from sqlalchemy import make_url

    ann = f"{prefix}_ann"
    run("db", "team", "init")
    run("db", "team", "add", ann, "--role", "manager", "--password-stdin", input="pw\n")
    owner = make_url(db_url).username
    as_ann = make_url(db_url).set(username=ann).render_as_string(hide_password=False)
    done = run("--user", ann, "--db", as_ann, "db", "team", "init", exit=1)  # "me" is the login
    assert (
        done.stderr
        == f"Error: only the database owner sets up a team: ask {owner} to run kamctl db team init\n"
    )
