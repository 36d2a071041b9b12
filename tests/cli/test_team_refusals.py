"""A team's refusals through kamctl (SPEC §10): one `Error:` line naming who can help, nothing changed;
and what a member may do on another's account (log) or as an assignee (complete the work)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from helpers import run_installed
from pg_team import needs_postgresql, team_prefix

pytestmark = [pytest.mark.postgres, needs_postgresql]

KAPPA = "Kappa Motors"


@dataclass(frozen=True)
class Team:
    """Logins of one test: sato owns Kappa Motors, tanaka is another member, vic a viewer, mia a
    manager. `as_(login, …)` runs kamctl logged in as one of them."""

    db_url: str
    sato: str
    tanaka: str
    vic: str
    mia: str
    monkeypatch: pytest.MonkeyPatch
    run: object

    def url(self, login: str) -> str:
        from sqlalchemy import make_url

        return make_url(self.db_url).set(username=login).render_as_string(hide_password=False)

    def as_(self, login: str, *args: str, exit: int = 0):
        self.monkeypatch.setenv("KAMCTL_USER", login)
        try:
            return self.run("--db", self.url(login), *args, exit=exit)  # type: ignore[operator]
        finally:
            self.monkeypatch.setenv("KAMCTL_USER", "tester")

    def rows(self, query: str) -> list[tuple]:
        """Rows read by the database owner (past row-level security)."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.db_url)
        try:
            with engine.connect() as connection:
                return [tuple(row) for row in connection.execute(text(query))]
        finally:
            engine.dispose()

    def everything(self) -> dict[str, list[tuple]]:
        """Every row of every table: what a refusal must leave as it was."""
        from kamctl.store import models

        return {
            table.__tablename__: sorted(map(repr, self.rows(f"SELECT * FROM {table.__tablename__}")))
            for table in models.SCHEMA_TABLES
        }


@pytest.fixture
def team(run, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Team]:
    with team_prefix(db_url, monkeypatch) as prefix:
        logins = {name: f"{prefix}_{name}" for name in ("sato", "tanaka", "vic", "mia")}
        run("db", "team", "init")
        for name, role in (("sato", "member"), ("tanaka", "member"), ("vic", "viewer"), ("mia", "manager")):
            run("db", "team", "add", logins[name], "--role", role, "--password-stdin", input="pw\n")
        run("accounts", "add", KAPPA, "--owner", logins["sato"])
        run("contacts", "add", KAPPA, "Yamada Taro")
        yield Team(db_url=db_url, monkeypatch=monkeypatch, run=run, **logins)


CHANGES_TO_KAPPA = [
    ("accounts", "edit", KAPPA, "--industry", "steel"),
    ("accounts", "edit", KAPPA, "--owner", "{login}"),
    ("contacts", "add", KAPPA, "Suzuki Hanako"),
    ("contacts", "edit", "Yamada Taro", "--title", "CEO"),
    ("remind", "add", KAPPA, "Call back", "--due", "2026-12-01"),
    ("accounts", "orders", "add", KAPPA, "1000"),
    ("accounts", "opp", "add", KAPPA, "Bigger line", "--type", "upsell"),
]


@pytest.mark.parametrize("who", ["tanaka", "vic"])
@pytest.mark.parametrize("command", CHANGES_TO_KAPPA, ids=lambda command: " ".join(command[:3]))
def test_a_change_to_anothers_account_is_refused_and_changes_nothing(
    team: Team, who: str, command: tuple[str, ...]
) -> None:
    login = getattr(team, who)
    before = team.everything()
    done = team.as_(login, *(part.format(login=login) for part in command), exit=1)
    assert (done.stdout, done.stderr) == (
        "",
        f"Error: {login} may not change {KAPPA}: owned by {team.sato}; ask {team.sato} or a manager\n",
    )
    assert team.everything() == before


def test_the_refusal_in_a_real_process(team: Team) -> None:
    before = team.everything()
    done = run_installed(
        "accounts", "edit", KAPPA, "--tier", "key",
        exit=1, env={"KAMCTL_DB": team.url(team.tanaka), "KAMCTL_USER": team.tanaka},
    )  # fmt: skip
    assert (done.stdout, done.stderr) == (
        "",
        f"Error: {team.tanaka} may not change {KAPPA}: owned by {team.sato}; ask {team.sato} or a manager\n",
    )
    assert team.everything() == before


@pytest.mark.parametrize("who", ["tanaka", "vic", "sato"])
def test_settings_are_a_managers(team: Team, who: str) -> None:
    login = getattr(team, who)
    before = team.everything()
    done = team.as_(login, "settings", "set", "weights.revenue", "30", exit=1)
    assert done.stderr == (
        f"Error: {login} may not change settings: ask a manager"
        " (they are the whole team's weights, cadences and targets)\n"
    )
    assert team.everything() == before
    team.as_(team.mia, "settings", "set", "weights.revenue", "30")
    assert team.rows("SELECT key, value FROM setting") == [("weights.revenue", "30")]


def test_score_save_is_a_managers(team: Team) -> None:
    before = team.everything()
    done = team.as_(team.sato, "score", "save", exit=1)
    assert done.stderr == (
        f"Error: {team.sato} may not save scores: ask a manager (kamctl score save saves every account's score)\n"
    )
    assert team.everything() == before
    team.as_(team.mia, "score", "save")
    assert team.rows("SELECT count(*) FROM score_snapshot") == [(1,)]


def test_only_a_manager_changes_who_owns_an_account(team: Team) -> None:
    before = team.everything()
    done = team.as_(team.sato, "accounts", "edit", KAPPA, "--owner", team.tanaka, exit=1)
    assert done.stderr == f"Error: {team.sato} may not change who owns {KAPPA}: only a manager may\n"
    assert team.everything() == before
    team.as_(team.mia, "accounts", "edit", KAPPA, "--owner", team.tanaka)
    assert team.rows("SELECT owner FROM account") == [(team.tanaka,)]
    assert team.rows("SELECT who, field, old, new FROM account_history WHERE field = 'owner'") == [
        (team.mia, "owner", team.sato, team.tanaka)
    ]


def test_the_owner_changes_their_account_signed_with_their_login(team: Team) -> None:
    team.as_(team.sato, "accounts", "edit", KAPPA, "--industry", "steel")
    assert team.rows("SELECT who, new FROM account_history WHERE field = 'industry'") == [
        (team.sato, "steel")
    ]


def test_a_member_logs_on_anothers_account(team: Team) -> None:
    done = team.as_(
        team.tanaka, "log", KAPPA, "Met at the fair", "--with", "Yamada Taro", "--next", "2026-12-01"
    )
    assert done.exit_code == 0
    assert team.rows("SELECT author, notes FROM log_entry") == [(team.tanaka, "Met at the fair")]
    assert team.rows("SELECT count(*) FROM log_contact") == [(1,)]
    assert team.rows("SELECT count(*) FROM reminder WHERE log_entry_id IS NOT NULL") == [(1,)]


def test_a_viewer_logs_nothing(team: Team) -> None:
    before = team.everything()
    done = team.as_(team.vic, "log", KAPPA, "Met at the fair", exit=1)
    assert done.stderr == f"Error: {team.vic} may not change anything: ask a manager (a viewer only reads)\n"
    assert team.everything() == before


def test_the_assignee_completes_work_on_anothers_account(team: Team) -> None:
    team.run("remind", "add", KAPPA, "Send the offer", "--due", "2026-12-01", "--assignee", team.tanaka)  # type: ignore[operator]
    team.run("remind", "add", KAPPA, "Visit", "--due", "2026-12-02")  # type: ignore[operator]
    (mine,), (not_mine,) = team.rows("SELECT id FROM reminder ORDER BY id")
    team.as_(team.tanaka, "remind", "done", str(mine))
    before = team.everything()
    done = team.as_(team.tanaka, "remind", "done", str(not_mine), exit=1)
    assert done.stderr == (
        f"Error: {team.tanaka} may not change {KAPPA}: owned by {team.sato}; ask {team.sato} or a manager\n"
    )
    assert team.everything() == before
    assert team.rows("SELECT id, done_at IS NOT NULL FROM reminder ORDER BY id") == [
        (mine, True),
        (not_mine, False),
    ]


def test_a_member_adds_accounts_only_as_their_owner(team: Team) -> None:
    """Caught by PostgreSQL itself (no kamctl check): the safety net words it."""
    before = team.everything()
    done = team.as_(team.tanaka, "accounts", "add", "Lambda", "--owner", team.sato, exit=1)
    assert done.stderr == (
        "Error: you may not make this change: ask the account's owner or a manager"
        ' (new row violates row-level security policy for table "account")\n'
    )
    assert team.everything() == before


def test_a_viewer_adds_no_account(team: Team) -> None:
    before = team.everything()
    done = team.as_(team.vic, "accounts", "add", "Lambda", exit=1)
    assert done.stderr == f"Error: {team.vic} may not change anything: ask a manager (a viewer only reads)\n"
    assert team.everything() == before
