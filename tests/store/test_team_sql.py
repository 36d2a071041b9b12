"""The rules of SPEC §10 as PostgreSQL enforces them: SQL sent as each login, outside kamctl."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from pg_team import connect_as, needs_postgresql, team_prefix
from psycopg import errors

from kamctl.store import models, team

pytestmark = [pytest.mark.postgres, needs_postgresql]


@dataclass
class Team:
    """A database with a team: sato owns Kappa, tanaka owns Lumen, suzuki is on Kappa's team."""

    db_url: str
    owner: psycopg.Connection
    logins: dict[str, str]
    kappa: int
    lumen: int

    def login(self, name: str) -> psycopg.Connection:
        return connect_as(self.db_url, self.logins[name])


def _account(connection: psycopg.Connection, name: str, owner: str) -> int:
    return connection.execute(
        "INSERT INTO account (name, name_key, owner, tier, status, tags, archived, created_at, updated_at)"
        " VALUES (%s, lower(%s), %s, 'standard', 'active', '[]', false, now(), now()) RETURNING id",
        (name, name, owner),
    ).fetchone()[0]


@pytest.fixture
def kamctl_team(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Team]:
    from sqlalchemy import make_url

    from kamctl.store.engine import open_store

    store = open_store(db_url)  # the schema, as kamctl makes it
    owner = psycopg.connect(
        make_url(db_url).set(drivername="postgresql").render_as_string(hide_password=False), autocommit=True
    )
    with team_prefix(db_url, monkeypatch) as prefix:
        logins = {name: f"{prefix}_{name}" for name in ("sato", "tanaka", "suzuki", "vic", "mana")}
        roles = {"sato": "member", "tanaka": "member", "suzuki": "member", "vic": "viewer", "mana": "manager"}
        with store.connection() as connection:
            team.set_up_team(connection)
            for name, login in logins.items():
                team.add_login(connection, login, roles[name], lambda: "secret")
        kappa = _account(owner, "Kappa Motors", logins["sato"])
        lumen = _account(owner, "Lumen", logins["tanaka"])
        owner.execute(
            "INSERT INTO team_member (account_id, person, role) VALUES (%s, %s, 'support')",
            (kappa, logins["suzuki"]),
        )
        owner.execute("INSERT INTO setting (key, value) VALUES ('weights.revenue', '3')")
        yield Team(db_url, owner, logins, kappa, lumen)
        owner.close()
    store.dispose()


def test_every_table_has_row_level_security(kamctl_team: Team) -> None:
    tables = [table.__tablename__ for table in models.SCHEMA_TABLES] + ["alembic_version"]
    secured = kamctl_team.owner.execute(
        "SELECT relname FROM pg_class WHERE relrowsecurity AND relnamespace = current_schema()::regnamespace"
    ).fetchall()
    assert sorted(name for (name,) in secured) == sorted(tables)


def test_setting_up_again_changes_nothing(kamctl_team: Team) -> None:
    def policies() -> list[tuple]:
        return kamctl_team.owner.execute(
            "SELECT tablename, policyname, cmd, roles::text, qual, with_check FROM pg_policies"
            " WHERE schemaname = current_schema() ORDER BY 1, 2"
        ).fetchall()

    before = policies()
    from kamctl.store.engine import open_store

    store = open_store(kamctl_team.db_url)
    with store.connection() as connection:
        team.set_up_team(connection)
    store.dispose()
    assert policies() == before
    assert len(before) > 2 * len(models.SCHEMA_TABLES)


def test_viewer_reads_everything_and_changes_nothing(kamctl_team: Team) -> None:
    with kamctl_team.login("vic") as vic:
        names = vic.execute("SELECT name FROM account ORDER BY name").fetchall()
        assert names == [("Kappa Motors",), ("Lumen",)]
        assert vic.execute("SELECT value FROM setting").fetchall() == [("3",)]
        with pytest.raises(errors.InsufficientPrivilege):
            vic.execute("UPDATE account SET notes = 'x' WHERE id = %s", (kamctl_team.kappa,))
        with pytest.raises(errors.InsufficientPrivilege):
            _account(vic, "Viewer Co", kamctl_team.logins["vic"])
        with pytest.raises(errors.InsufficientPrivilege):
            vic.execute(
                "INSERT INTO log_entry (account_id, occurred_at, channel, kind, notes, tags, created_at)"
                " VALUES (%s, now(), 'call', 'interaction', 'hi', '[]', now())",
                (kamctl_team.kappa,),
            )


def test_member_changes_own_account_and_not_anothers(kamctl_team: Team) -> None:
    with kamctl_team.login("tanaka") as tanaka:
        assert (
            tanaka.execute("UPDATE account SET notes = 'mine' WHERE id = %s", (kamctl_team.lumen,)).rowcount
            == 1
        )
        # Another's account is read but not changed: the rows are simply not there to update.
        assert tanaka.execute("SELECT count(*) FROM account").fetchone() == (2,)
        assert (
            tanaka.execute("UPDATE account SET notes = 'x' WHERE id = %s", (kamctl_team.kappa,)).rowcount == 0
        )
        assert tanaka.execute("DELETE FROM account WHERE id = %s", (kamctl_team.kappa,)).rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            tanaka.execute(
                'INSERT INTO contact (account_id, name, name_key, "left", created_at, updated_at)'
                " VALUES (%s, 'Ito', 'ito', false, now(), now())",
                (kamctl_team.kappa,),
            )
    assert kamctl_team.owner.execute("SELECT notes FROM account ORDER BY name").fetchall() == [
        (None,),
        ("mine",),
    ]


def test_member_on_the_account_team_changes_it(kamctl_team: Team) -> None:
    with kamctl_team.login("suzuki") as suzuki:
        assert (
            suzuki.execute("UPDATE account SET notes = 'team' WHERE id = %s", (kamctl_team.kappa,)).rowcount
            == 1
        )
        suzuki.execute(
            'INSERT INTO contact (account_id, name, name_key, "left", created_at, updated_at)'
            " VALUES (%s, 'Ito', 'ito', false, now(), now())",
            (kamctl_team.kappa,),
        )
        assert (
            suzuki.execute("UPDATE account SET notes = 'x' WHERE id = %s", (kamctl_team.lumen,)).rowcount == 0
        )


def test_member_adds_accounts_only_as_their_owner(kamctl_team: Team) -> None:
    with kamctl_team.login("tanaka") as tanaka:
        _account(tanaka, "Nova", kamctl_team.logins["tanaka"])
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            _account(tanaka, "Orbit", kamctl_team.logins["sato"])
    owners = kamctl_team.owner.execute("SELECT owner FROM account WHERE name IN ('Nova', 'Orbit')").fetchall()
    assert owners == [(kamctl_team.logins["tanaka"],)]


def test_member_logs_on_any_account_and_the_entry_and_follow_up_are_theirs(kamctl_team: Team) -> None:
    tanaka_login = kamctl_team.logins["tanaka"]
    with kamctl_team.login("tanaka") as tanaka:
        entry = tanaka.execute(
            "INSERT INTO log_entry (account_id, occurred_at, channel, kind, notes, tags, author, created_at)"
            " VALUES (%s, now(), 'call', 'interaction', 'met at the fair', '[]', 'sato', now()) RETURNING id",
            (kamctl_team.kappa,),
        ).fetchone()[0]
        tanaka.execute(
            "INSERT INTO reminder (account_id, log_entry_id, title, due, occurrences_done, created_at)"
            " VALUES (%s, %s, 'send the quote', '2026-12-01', 0, now())",
            (kamctl_team.kappa, entry),
        )
        assert tanaka.execute("UPDATE log_entry SET notes = 'met' WHERE id = %s", (entry,)).rowcount == 1
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            tanaka.execute(
                "INSERT INTO reminder (account_id, title, due, occurrences_done, created_at)"
                " VALUES (%s, 'not mine to plan', '2026-12-01', 0, now())",
                (kamctl_team.kappa,),
            )
    with kamctl_team.login("sato") as sato:
        # sato owns the account: sato may change its log too, but not rewrite who wrote it.
        sato.execute("UPDATE log_entry SET author = 'sato', notes = 'met twice' WHERE id = %s", (entry,))
    assert kamctl_team.owner.execute("SELECT author, notes FROM log_entry").fetchall() == [
        (tanaka_login, "met twice")
    ]
    assert kamctl_team.owner.execute("SELECT title FROM reminder").fetchall() == [("send the quote",)]


def test_member_cannot_change_settings_or_ownership(kamctl_team: Team) -> None:
    with kamctl_team.login("tanaka") as tanaka:
        with pytest.raises(errors.InsufficientPrivilege):
            tanaka.execute("UPDATE setting SET value = '9'")
        with pytest.raises(errors.InsufficientPrivilege):
            tanaka.execute("INSERT INTO setting (key, value) VALUES ('weights.growth', '9')")
        with pytest.raises(
            errors.InsufficientPrivilege, match="may not change who owns Lumen: only a manager may"
        ):
            tanaka.execute("UPDATE account SET owner = 'someone' WHERE id = %s", (kamctl_team.lumen,))
        with pytest.raises(errors.InsufficientPrivilege):
            tanaka.execute("DELETE FROM account_history")
    assert kamctl_team.owner.execute("SELECT value FROM setting").fetchall() == [("3",)]
    assert kamctl_team.owner.execute(
        "SELECT owner FROM account WHERE id = %s", (kamctl_team.lumen,)
    ).fetchone() == (kamctl_team.logins["tanaka"],)


def test_manager_changes_everything(kamctl_team: Team) -> None:
    with kamctl_team.login("mana") as mana:
        assert mana.execute("UPDATE setting SET value = '5'").rowcount == 1
        assert (
            mana.execute(
                "UPDATE account SET owner = %s WHERE id = %s",
                (kamctl_team.logins["tanaka"], kamctl_team.kappa),
            ).rowcount
            == 1
        )
        assert mana.execute("UPDATE account SET notes = 'checked'").rowcount == 2
    assert kamctl_team.owner.execute("SELECT value FROM setting").fetchall() == [("5",)]
    assert kamctl_team.owner.execute(
        "SELECT count(*) FROM account WHERE owner = %s", (kamctl_team.logins["tanaka"],)
    ).fetchone() == (2,)


def test_history_names_the_login_not_what_the_client_wrote(kamctl_team: Team) -> None:
    with kamctl_team.login("tanaka") as tanaka:
        tanaka.execute(
            "INSERT INTO account_history (account_id, changed_at, who, field, new) VALUES (%s, now(), 'sato', 'notes', 'x')",
            (kamctl_team.lumen,),
        )
        tanaka.execute(
            "INSERT INTO review (account_id, reviewed_at, who) VALUES (%s, now(), 'a manager')",
            (kamctl_team.lumen,),
        )
        tanaka.execute(
            "INSERT INTO renewal (account_id, renewed_at, who, until) VALUES (%s, now(), 'sato', '2027-12-31')",
            (kamctl_team.lumen,),
        )
    # The owner's own writes keep the name given (the one-person case, imports).
    kamctl_team.owner.execute(
        "INSERT INTO review (account_id, reviewed_at, who) VALUES (%s, now(), 'the owner')",
        (kamctl_team.lumen,),
    )
    tanaka_login = kamctl_team.logins["tanaka"]
    assert kamctl_team.owner.execute("SELECT who FROM account_history").fetchall() == [(tanaka_login,)]
    assert kamctl_team.owner.execute("SELECT who FROM review ORDER BY id").fetchall() == [
        (tanaka_login,),
        ("the owner",),
    ]
    assert kamctl_team.owner.execute("SELECT who FROM renewal").fetchall() == [(tanaka_login,)]


def test_may_change_answers_for_the_login(kamctl_team: Team) -> None:
    query = "SELECT kamctl_may_change(%s), kamctl_may_change(%s)"
    ids = (kamctl_team.kappa, kamctl_team.lumen)
    answers = {}
    for name in ("sato", "tanaka", "suzuki", "vic", "mana"):
        with kamctl_team.login(name) as connection:
            answers[name] = connection.execute(query, ids).fetchone()
    assert answers == {
        "sato": (True, False),
        "tanaka": (False, True),
        "suzuki": (True, False),
        "vic": (False, False),
        "mana": (True, True),
    }


def test_the_assignee_does_their_work_on_anothers_account(kamctl_team: Team) -> None:
    tanaka_login = kamctl_team.logins["tanaka"]
    reminders = [
        kamctl_team.owner.execute(
            "INSERT INTO reminder (account_id, title, due, assignee, created_at)"
            " VALUES (%s, %s, '2026-12-01', %s, now()) RETURNING id",
            (kamctl_team.kappa, title, assignee),
        ).fetchone()[0]
        for title, assignee in (("Offer", tanaka_login), ("Visit", kamctl_team.logins["sato"]))
    ]
    with kamctl_team.login("tanaka") as tanaka:
        done = "UPDATE reminder SET done_at = now() WHERE id = %s"
        assert tanaka.execute(done, (reminders[0],)).rowcount == 1
        assert tanaka.execute(done, (reminders[1],)).rowcount == 0, "work assigned to another"
        assert tanaka.execute("DELETE FROM reminder WHERE id = %s", (reminders[0],)).rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            tanaka.execute("UPDATE reminder SET assignee = 'someone' WHERE id = %s", (reminders[0],))
    assert kamctl_team.owner.execute(
        "SELECT done_at IS NOT NULL, assignee FROM reminder ORDER BY id"
    ).fetchall() == [
        (True, tanaka_login),
        (False, kamctl_team.logins["sato"]),
    ]


def test_a_migration_renews_the_teams_rules_in_its_transaction(
    kamctl_team: Team, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run by the owner, a migration ends by setting up the team again, so what it adds is
    covered at once: here a rule missing before the migration (as a new table's would be) is back."""
    import shutil

    from kamctl.store import engine as engine_module
    from kamctl.store import migrate
    from kamctl.store.schema_version import KNOWN_VERSIONS, SCHEMA_VERSION

    kamctl_team.owner.execute("DROP POLICY kamctl_member_change ON risk")
    following = f"{int(SCHEMA_VERSION) + 1:04d}"
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    (folder / "versions" / f"{following}_test.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f'revision = "{following}"\ndown_revision = "{SCHEMA_VERSION}"\nbranch_labels = None\ndepends_on = None\n\n\n'
        "def upgrade():\n    op.add_column('account', sa.Column('region', sa.String(), nullable=True))\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
    monkeypatch.setattr(engine_module, "SCHEMA_VERSION", following)
    monkeypatch.setattr(engine_module, "KNOWN_VERSIONS", (*KNOWN_VERSIONS, following))

    migrated = engine_module.open_store(kamctl_team.db_url)
    migrated.dispose()
    assert migrated.migrated_from == SCHEMA_VERSION
    policies = kamctl_team.owner.execute(
        "SELECT policyname FROM pg_policies WHERE schemaname = current_schema() AND tablename = 'risk'"
    ).fetchall()
    assert ("kamctl_member_change",) in policies
