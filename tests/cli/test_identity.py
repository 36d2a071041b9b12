"""Who "me" is (SPEC §10): on PostgreSQL the database login, whatever the client claims."""

from __future__ import annotations

import pytest
from helpers import run_installed
from pg_team import needs_postgresql, team_prefix
from sqlalchemy import create_engine, make_url, text

from kamctl.api import open_portfolio
from kamctl.errors import InvalidValue

NAMES_SOMEONE_ELSE = (
    "Error: on PostgreSQL you are who you log in as (tester); {named} names someone else: "
    "log in as tanaka instead\n"
)

pytestmark = [pytest.mark.postgres, needs_postgresql]


def owners(run, db_url: str) -> list[str]:
    return [row["owner"] for row in run("--db", db_url, "accounts", "list", "-f", "json").json()]


def test_user_naming_someone_else_is_refused_and_changes_nothing(run, db_url: str) -> None:
    # --db names the tester's URL itself: the test helpers would otherwise log in as tanaka.
    done = run("--db", db_url, "--user", "tanaka", "accounts", "add", "Acme", exit=1)
    assert (done.stdout, done.stderr) == ("", NAMES_SOMEONE_ELSE.format(named="--user tanaka"))
    assert owners(run, db_url) == []


def test_kamctl_user_naming_someone_else_is_refused(run, db_url: str, monkeypatch) -> None:
    monkeypatch.setenv("KAMCTL_USER", "tanaka")
    done = run("--db", db_url, "accounts", "list", exit=1)
    assert (done.stdout, done.stderr) == ("", NAMES_SOMEONE_ELSE.format(named="KAMCTL_USER=tanaka"))


def test_the_refusal_in_a_real_process(db_url: str) -> None:
    done = run_installed("--db", db_url, "--user", "tanaka", "remind", "--mine", exit=1)
    assert (done.stdout, done.stderr) == ("", NAMES_SOMEONE_ELSE.format(named="--user tanaka"))


def test_naming_oneself_or_no_one_is_the_login(run, db_url: str, monkeypatch, tmp_path) -> None:
    run("--db", db_url, "--user", "tester", "accounts", "add", "Acme")
    monkeypatch.delenv("KAMCTL_USER")
    # The personal config's `user` is for SQLite files: on PostgreSQL the login says who this is.
    config = tmp_path / "xdg_config_home" / "kamctl" / "config.toml"
    config.parent.mkdir()
    config.write_text('user = "sato"\n')
    run("--db", db_url, "accounts", "add", "Bravo")
    assert owners(run, db_url) == ["tester", "tester"]
    mine = run("--db", db_url, "accounts", "list", "--mine", "-f", "json").json()
    assert [row["name"] for row in mine] == ["Acme", "Bravo"]


def test_the_api_refuses_a_user_naming_someone_else(db_url: str, monkeypatch) -> None:
    with pytest.raises(InvalidValue) as refused:
        open_portfolio(db_url, user="tanaka")
    assert str(refused.value) == (
        "on PostgreSQL you are who you log in as (tester); open_portfolio(user='tanaka') names "
        "someone else: log in as tanaka instead"
    )
    monkeypatch.delenv("KAMCTL_USER")
    assert open_portfolio(db_url).user == "tester"


@pytest.mark.parametrize("command", [("accounts", "list"), ("db", "migrate")])
def test_a_login_that_does_not_own_the_tables_never_migrates(
    run, db_url: str, monkeypatch, command: tuple[str, ...]
) -> None:
    run("accounts", "list")  # the tables, made by their owner: the tester
    with team_prefix(db_url, monkeypatch) as prefix:
        member = f"{prefix}_ann"
        admin = create_engine(db_url)
        with admin.begin() as connection:
            schema = connection.execute(text("SELECT current_schema()")).scalar_one()
            connection.exec_driver_sql(f'CREATE ROLE "{member}" LOGIN')
            connection.exec_driver_sql(f'GRANT USAGE ON SCHEMA "{schema}" TO "{member}"')
            connection.exec_driver_sql(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{member}"')
            connection.execute(text("UPDATE alembic_version SET version_num = '0003'"))
        monkeypatch.delenv("KAMCTL_USER")
        as_member = make_url(db_url).set(username=member).render_as_string(hide_password=False)
        done = run("--db", as_member, *command, exit=1)
        assert (done.stdout, done.stderr) == (
            "",
            "Error: the database's schema is behind this kamctl (0003 < 0004); ask the database "
            "owner (tester) to run `kamctl db migrate`\n",
        )
        with admin.begin() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0003"
        admin.dispose()
