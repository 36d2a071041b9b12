"""A team's logins with passwords, end to end (SPEC §10): the owner sets the team up with kamctl,
and a viewer, a member and a manager then work through the installed kamctl and through raw SQL,
each connecting with a password that is never in its URL (a 0600 PGPASSFILE, or PGPASSWORD).

The server must ask these logins for their password: KAMCTL_TEST_PASSWORD_GROUP names a group
role whose members it authenticates with scram-sha-256 on 127.0.0.1 (.ci/run sets this up and the
variable). Without it the tests skip; with it, a server that lets a login in without its password
fails them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from helpers import Outcome, run_installed
from pg_team import needs_postgresql, team_prefix
from psycopg import errors

PASSWORD_GROUP = os.environ.get("KAMCTL_TEST_PASSWORD_GROUP")

pytestmark = [
    pytest.mark.postgres,
    needs_postgresql,
    pytest.mark.skipif(
        not PASSWORD_GROUP,
        reason="needs KAMCTL_TEST_PASSWORD_GROUP: a group role whose members the server asks for a password",
    ),
]

ROLES = ("viewer", "member", "manager")


def _one_error_line(done: Outcome) -> None:
    """A refusal: exit 1 and one `Error:` line (its wording is tested where it is made)."""
    assert done.exit_code == 1
    assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr


@dataclass
class Login:
    """One of the team's logins: its name, password, and how it connects without a password in
    its URL (`env`, for the installed kamctl)."""

    name: str
    password: str
    url: str
    env: dict[str, str] = field(default_factory=dict)

    def kamctl(self, *args: str, exit: int = 0, input: str | None = None) -> Outcome:
        """The installed kamctl, run as this login."""
        return run_installed(*args, exit=exit, input=input, env={"KAMCTL_DB": self.url, **self.env})

    def connect(self) -> psycopg.Connection:
        """Raw SQL as this login (autocommit), its password found by libpq in PGPASSFILE."""
        from sqlalchemy import make_url

        url = make_url(self.url)
        return psycopg.connect(
            host=url.host,
            port=url.port,
            dbname=url.database,
            user=self.name,
            options=url.query["options"],
            autocommit=True,
        )


@dataclass
class Team:
    """A database with a team: its owner's account Kappa Motors, and a viewer, a member and a
    manager who each give a password."""

    owner: psycopg.Connection
    owner_login: str
    logins: dict[str, Login]
    kappa: int

    def value(self, sql: str, *params: object) -> object:
        """One value, read by the owner (who is not bound by row-level security)."""
        return self.owner.execute(sql, params).fetchone()[0]


def _owner_connection(db_url: str) -> psycopg.Connection:
    from sqlalchemy import make_url

    url = make_url(db_url).set(drivername="postgresql")
    return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)


def _refuses_without_password(login: Login) -> None:
    """The server must ask this login for its password: a CI set-up that silently trusts it would
    test nothing, so that fails rather than skips. (The caller leaves libpq no password to find.)"""
    try:
        with login.connect():
            pass
    except psycopg.OperationalError as refusal:
        assert "password" in str(refusal), refusal
    else:
        pytest.fail(
            f"the server let {login.name} in without a password: KAMCTL_TEST_PASSWORD_GROUP={PASSWORD_GROUP}"
            " is set, but the server does not ask that group's members for one (see .ci/run's pg_hba.conf)"
        )


@pytest.fixture
def kamctl_team(run, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Team]:
    from sqlalchemy import make_url

    owner_login = make_url(db_url).username
    monkeypatch.setenv("KAMCTL_USER", owner_login)  # the owner's kamctl acts as the owner
    with team_prefix(db_url, monkeypatch) as prefix, _owner_connection(db_url) as owner:
        run("db", "team", "init")
        run("accounts", "add", "Kappa Motors")
        run("settings", "set", "weights.revenue", "3")
        logins: dict[str, Login] = {}
        for role in ROLES:
            name = f"{prefix}_ci_{role}"
            password = f"pw-{role}-{os.urandom(4).hex()}"
            run("db", "team", "add", name, "--role", role, "--password-stdin", input=f"{password}\n")
            owner.execute(f'GRANT "{PASSWORD_GROUP}" TO "{name}"')
            url = make_url(db_url).set(username=name, password=None)
            logins[role] = Login(name, password, url.render_as_string(hide_password=False))
        nowhere = tmp_path / "no-such-pgpass"
        monkeypatch.setenv("PGPASSFILE", str(nowhere))
        monkeypatch.delenv("PGPASSWORD", raising=False)
        _refuses_without_password(logins["viewer"])

        # The viewer and the member find their passwords in a private password file; the manager
        # in PGPASSWORD (the environment libpq reads). Both are read by libpq, never by kamctl.
        url = make_url(db_url)
        passfile = tmp_path / "pgpass"
        passfile.touch(mode=0o600)
        passfile.write_text(
            "".join(
                f"{url.host}:{url.port}:{url.database}:{login.name}:{login.password}\n"
                for login in logins.values()
            )
        )
        monkeypatch.setenv("PGPASSFILE", str(passfile))  # for the raw connections of this process
        for role in ("viewer", "member"):
            logins[role].env = {"PGPASSFILE": str(passfile), "KAMCTL_USER": logins[role].name}
        logins["manager"].env = {
            "PGPASSFILE": str(nowhere),
            "PGPASSWORD": logins["manager"].password,
            "KAMCTL_USER": logins["manager"].name,
        }
        kappa = owner.execute("SELECT id FROM account WHERE name = 'Kappa Motors'").fetchone()[0]
        yield Team(owner, owner_login, logins, kappa)


def test_the_viewer_reads_everything_and_changes_nothing(kamctl_team: Team) -> None:
    viewer = kamctl_team.logins["viewer"]
    listed = viewer.kamctl("accounts", "list", "-f", "json").json()
    assert [(account["name"], account["owner"]) for account in listed] == [
        ("Kappa Motors", kamctl_team.owner_login)
    ]
    assert "Kappa Motors" in viewer.kamctl("accounts", "show", "Kappa Motors").stdout

    _one_error_line(viewer.kamctl("log", "Kappa Motors", "Called the buyer", exit=1))
    _one_error_line(viewer.kamctl("accounts", "add", "Lumen", exit=1))
    _one_error_line(viewer.kamctl("accounts", "edit", "Kappa Motors", "--tier", "key", exit=1))
    assert kamctl_team.value("SELECT count(*) FROM log_entry") == 0
    assert kamctl_team.value("SELECT count(*) FROM account") == 1
    assert kamctl_team.value("SELECT tier FROM account") == "standard"

    with viewer.connect() as connection:
        assert connection.execute("SELECT name FROM account").fetchall() == [("Kappa Motors",)]
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute("UPDATE account SET tier = 'key'")
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute("DELETE FROM setting")
    assert kamctl_team.value("SELECT tier FROM account") == "standard"


def test_the_member_adds_and_changes_their_own_account(kamctl_team: Team) -> None:
    member = kamctl_team.logins["member"]
    member.kamctl("accounts", "add", "Lumen")
    assert kamctl_team.value("SELECT owner FROM account WHERE name = 'Lumen'") == member.name
    member.kamctl("accounts", "edit", "Lumen", "--tier", "key")
    assert kamctl_team.value("SELECT tier FROM account WHERE name = 'Lumen'") == "key"
    assert kamctl_team.value(
        "SELECT array_agg(DISTINCT who) FROM account_history h JOIN account a ON a.id = h.account_id"
        " WHERE a.name = 'Lumen'"
    ) == [member.name], "history names the login that made the change"


def test_the_member_is_refused_the_owners_account_settings_and_ownership(kamctl_team: Team) -> None:
    member = kamctl_team.logins["member"]
    member.kamctl("accounts", "add", "Lumen")
    _one_error_line(member.kamctl("accounts", "edit", "Kappa Motors", "--tier", "key", exit=1))
    _one_error_line(member.kamctl("settings", "set", "weights.revenue", "5", exit=1))
    _one_error_line(member.kamctl("accounts", "edit", "Lumen", "--owner", kamctl_team.owner_login, exit=1))
    assert kamctl_team.value("SELECT tier FROM account WHERE id = %s", kamctl_team.kappa) == "standard"
    assert kamctl_team.value("SELECT value FROM setting WHERE key = 'weights.revenue'") == "3"
    assert kamctl_team.value("SELECT owner FROM account WHERE name = 'Lumen'") == member.name
    assert kamctl_team.value("SELECT count(*) FROM account_history WHERE field IN ('owner', 'tier')") == 0


def test_the_member_on_the_accounts_team_changes_it(run, kamctl_team: Team) -> None:
    member = kamctl_team.logins["member"]
    run("accounts", "team", "Kappa Motors", "--add", member.name, "--role", "support")
    member.kamctl("accounts", "edit", "Kappa Motors", "--tier", "key")
    assert kamctl_team.value("SELECT tier FROM account WHERE id = %s", kamctl_team.kappa) == "key"
    assert (
        kamctl_team.value(
            "SELECT who FROM account_history WHERE account_id = %s AND field = 'tier'", kamctl_team.kappa
        )
        == member.name
    )
    _one_error_line(member.kamctl("accounts", "edit", "Kappa Motors", "--owner", member.name, exit=1))
    assert (
        kamctl_team.value("SELECT owner FROM account WHERE id = %s", kamctl_team.kappa)
        == kamctl_team.owner_login
    )


def test_the_member_logs_on_the_owners_account(kamctl_team: Team) -> None:
    member = kamctl_team.logins["member"]
    member.kamctl("log", "Kappa Motors", "Met the buyer at the fair")
    assert (
        kamctl_team.value("SELECT author FROM log_entry WHERE account_id = %s", kamctl_team.kappa)
        == member.name
    )


def test_the_member_is_refused_in_raw_sql_too(kamctl_team: Team) -> None:
    member = kamctl_team.logins["member"]
    with member.connect() as connection:
        changed = connection.execute(
            "UPDATE account SET tier = 'key' WHERE id = %s", (kamctl_team.kappa,)
        ).rowcount
        assert changed == 0, "another owner's account is filtered out of a member's UPDATE"
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute("UPDATE setting SET value = '5'")
        signed = connection.execute(
            "INSERT INTO log_entry (account_id, occurred_at, channel, kind, notes, tags, author, created_at)"
            " VALUES (%s, now(), 'call', 'interaction', 'Raw note', '[]', 'someone else', now()) RETURNING author",
            (kamctl_team.kappa,),
        ).fetchone()[0]
        assert signed == member.name, "the database signs the entry with the login, whatever was sent"
    assert kamctl_team.value("SELECT tier FROM account WHERE id = %s", kamctl_team.kappa) == "standard"


def test_the_manager_changes_settings_and_ownership(kamctl_team: Team) -> None:
    manager, member = kamctl_team.logins["manager"], kamctl_team.logins["member"]
    manager.kamctl("settings", "set", "weights.revenue", "5")
    assert kamctl_team.value("SELECT value FROM setting WHERE key = 'weights.revenue'") == "5"
    manager.kamctl("accounts", "edit", "Kappa Motors", "--owner", member.name)
    assert kamctl_team.value("SELECT owner FROM account WHERE id = %s", kamctl_team.kappa) == member.name
    assert (
        kamctl_team.value(
            "SELECT who FROM account_history WHERE account_id = %s AND field = 'owner'", kamctl_team.kappa
        )
        == manager.name
    )

    # Now the member's account: they may change it.
    member.kamctl("accounts", "edit", "Kappa Motors", "--tier", "key")
    assert kamctl_team.value("SELECT tier FROM account WHERE id = %s", kamctl_team.kappa) == "key"


@pytest.mark.parametrize("where", ["PGPASSWORD", "URL"])
def test_a_wrong_password_is_one_error_line_without_it(kamctl_team: Team, tmp_path: Path, where: str) -> None:
    from sqlalchemy import make_url

    member = kamctl_team.logins["member"]
    wrong = "not-the-pw-7f3a"
    env = {"PGPASSFILE": str(tmp_path / "no-such-pgpass"), "KAMCTL_USER": member.name}
    url = member.url
    if where == "PGPASSWORD":
        env["PGPASSWORD"] = wrong
    else:
        url = make_url(member.url).set(password=wrong).render_as_string(hide_password=False)
    done = run_installed("accounts", "list", exit=1, env={"KAMCTL_DB": url, **env})
    _one_error_line(done)
    assert wrong not in done.stdout + done.stderr
    assert done.stdout == ""
