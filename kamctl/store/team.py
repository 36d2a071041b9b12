"""A team on PostgreSQL (SPEC §10): group roles, grants, row-level security, and the team's logins.

All the SQL that decides who may change what lives here, so that PostgreSQL enforces it for
every client, kamctl or not. The database owner runs it (`kamctl db team init`); running it again
changes nothing. The owner of the tables is not bound by row-level security (PostgreSQL exempts a
table's owner unless forced), which keeps the owner's kamctl working as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from kamctl.errors import Conflict, DatabaseProblem, InvalidValue, NotFound, Refused
from kamctl.i18n import _
from kamctl.store import models

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Connection

ROLES = ("viewer", "member", "manager")
"""The roles of SPEC §10, each including the rights of the one before it."""

GROUP_PREFIX = "kamctl"
"""Group roles are `kamctl_viewer`, `kamctl_member`, `kamctl_manager`. Roles belong to the whole
PostgreSQL server, not to one database: the tests give theirs another prefix, to drop them after."""

ACCOUNT_TABLE = models.Account.__tablename__
ACCOUNT_HISTORY_TABLE = models.AccountHistory.__tablename__
LOG_TABLE = models.LogEntry.__tablename__
TEAM_TABLE = models.TeamMember.__tablename__
SIGNED_COLUMNS = {
    models.AccountHistory.__tablename__: "who",
    models.Review.__tablename__: "who",
    models.Renewal.__tablename__: "who",
    models.LogEntry.__tablename__: "author",
}
"""The columns naming who did something: the database fills them in with the login (SPEC §10)."""

READ_ONLY_TABLES = (models.DatabaseIdentity.__tablename__, "alembic_version")
MANAGER_TABLES = (models.Setting.__tablename__,)
"""Changed by managers only: the team-wide weights, cadences and targets."""
SHARED_TABLES = (models.Snooze.__tablename__,)
"""Changed by any member: a snooze hides a computed reminder (its id is text, not an account)."""

ASSIGNED_TABLES = (models.Reminder.__tablename__, models.Objective.__tablename__, models.Risk.__tablename__)
"""Work given to someone (an `assignee`): the assignee may do it whoever owns the account."""

FUNCTIONS = ("kamctl_is_owner()", "kamctl_is_manager()", "kamctl_may_change(integer)")
"""The SQL functions `team init` creates; the last one's presence says a team is set up here."""


def group_role(role: str) -> str:
    return f"{GROUP_PREFIX}_{role}"


def attached_tables() -> list[str]:
    """The tables whose rows belong to one account (an `account_id` column)."""
    return [table.__tablename__ for table in models.ALL_TABLES if "account_id" in table.__table__.columns]


def row_security_tables() -> list[str]:
    """Every table kamctl creates, plus Alembic's version table: all get row-level security."""
    return [table.__tablename__ for table in models.SCHEMA_TABLES] + ["alembic_version"]


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _functions(schema: str) -> list[str]:
    """The functions the policies call. SECURITY DEFINER: they run as the tables' owner, who reads
    past row-level security (no policy recursion), with a fixed search_path so that no login can
    slip in a table or function of its own."""
    path = f"SET search_path = {_identifier(schema)}, pg_temp"
    manager = _literal(group_role("manager"))
    return [
        f"""CREATE OR REPLACE FUNCTION kamctl_is_owner() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$
    SELECT pg_has_role(session_user, relowner, 'MEMBER') FROM pg_class WHERE oid = '{ACCOUNT_TABLE}'::regclass
$$""",
        f"""CREATE OR REPLACE FUNCTION kamctl_is_manager() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$
    SELECT kamctl_is_owner() OR pg_has_role(session_user, {manager}, 'MEMBER')
$$""",
        # Whether the login may change the account and what is attached to it: a manager, its
        # owner, or someone on its team (`accounts team`). kamctl can ask it before a change, to
        # word a refusal (SPEC §10) instead of finding that no row was changed.
        f"""CREATE OR REPLACE FUNCTION kamctl_may_change(account_id integer) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$
    SELECT kamctl_is_manager()
        OR EXISTS (SELECT 1 FROM {ACCOUNT_TABLE} WHERE id = $1 AND owner = session_user)
        OR EXISTS (SELECT 1 FROM {TEAM_TABLE} WHERE account_id = $1 AND person = session_user)
$$""",
    ]


def _triggers() -> list[str]:
    """Ownership changes only by managers; `who`/`author` are the login, whatever the client sent."""
    statements = [
        """CREATE OR REPLACE FUNCTION kamctl_guard_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.owner IS DISTINCT FROM OLD.owner AND NOT kamctl_is_manager() THEN
        RAISE EXCEPTION '% may not change who owns %: only a manager may', session_user, OLD.name
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$""",
        f"""CREATE OR REPLACE TRIGGER kamctl_guard_owner BEFORE UPDATE OF owner ON {ACCOUNT_TABLE}
    FOR EACH ROW EXECUTE FUNCTION kamctl_guard_owner()""",
    ]
    for table, column in SIGNED_COLUMNS.items():
        # The owner keeps writing the name given (`--user`): the one-person case, and imports.
        statements += [
            f"""CREATE OR REPLACE FUNCTION kamctl_sign_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF kamctl_is_owner() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        NEW.{column} := OLD.{column};
    ELSE
        NEW.{column} := session_user;
    END IF;
    RETURN NEW;
END $$""",
            f"""CREATE OR REPLACE TRIGGER kamctl_sign BEFORE INSERT OR UPDATE ON {table}
    FOR EACH ROW EXECUTE FUNCTION kamctl_sign_{table}()""",
        ]
    return statements


def _policy(
    table: str, name: str, command: str, role: str, using: str | None, check: str | None
) -> list[str]:
    clauses = f" USING ({using})" if using else ""
    clauses += f" WITH CHECK ({check})" if check else ""
    return [
        f"DROP POLICY IF EXISTS {name} ON {table}",
        f"CREATE POLICY {name} ON {table} FOR {command} TO {group_role(role)}{clauses}",
    ]


def _policies() -> list[str]:
    """The rules of SPEC §10. Policies of one command are alternatives (PostgreSQL ORs them)."""
    statements: list[str] = []
    for table in row_security_tables():
        statements.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        statements += _policy(table, "kamctl_read", "SELECT", "viewer", "true", None)
        if table not in READ_ONLY_TABLES:
            statements += _policy(table, "kamctl_manage", "ALL", "manager", "true", "true")
    may_change_account = "kamctl_may_change(id)"
    statements += _policy(
        ACCOUNT_TABLE, "kamctl_member_add", "INSERT", "member", None, "owner = session_user"
    )
    statements += _policy(
        ACCOUNT_TABLE, "kamctl_member_change", "UPDATE", "member", may_change_account, may_change_account
    )
    statements += _policy(ACCOUNT_TABLE, "kamctl_member_remove", "DELETE", "member", may_change_account, None)
    for table in attached_tables():
        may_change = "kamctl_may_change(account_id)"
        statements += _policy(table, "kamctl_member_change", "ALL", "member", may_change, may_change)
    # Anyone logs an interaction on any account; the entry and its follow-up are then theirs.
    own_entry = "author = session_user"
    statements += _policy(LOG_TABLE, "kamctl_member_own_entry", "ALL", "member", own_entry, own_entry)
    follows_own_entry = (
        f"EXISTS (SELECT 1 FROM {LOG_TABLE} e WHERE e.id = log_entry_id AND e.author = session_user)"
    )
    statements += _policy(
        models.Reminder.__tablename__,
        "kamctl_member_follow_up",
        "ALL",
        "member",
        follows_own_entry,
        follows_own_entry,
    )
    # Work has an assignee (SPEC §3): they may do it (complete, reschedule) on any account, but
    # not hand it on to someone else (the check) nor delete it.
    for table in ASSIGNED_TABLES:
        assigned = "assignee = session_user"
        statements += _policy(table, "kamctl_member_assigned", "UPDATE", "member", assigned, assigned)
    entry_of_theirs = (
        f"EXISTS (SELECT 1 FROM {LOG_TABLE} e WHERE e.id = log_entry_id"
        " AND (e.author = session_user OR kamctl_may_change(e.account_id)))"
    )
    statements += _policy(
        models.LogContact.__tablename__,
        "kamctl_member_change",
        "ALL",
        "member",
        entry_of_theirs,
        entry_of_theirs,
    )
    for table in SHARED_TABLES:
        statements += _policy(table, "kamctl_member_change", "ALL", "member", "true", "true")
    return statements


def _grants(schema: str) -> list[str]:
    """What each role may do at all (row-level security then narrows it to rows). History is
    written, never rewritten: no one but the owner updates or deletes it."""
    viewer, member, manager = (group_role(role) for role in ROLES)
    tables = row_security_tables()
    changed_by_members = [
        table for table in tables if table not in (*READ_ONLY_TABLES, *MANAGER_TABLES, ACCOUNT_HISTORY_TABLE)
    ]
    return [
        f"GRANT {viewer} TO {member}",
        f"GRANT {member} TO {manager}",
        f"GRANT USAGE ON SCHEMA {_identifier(schema)} TO {viewer}",
        f"GRANT SELECT ON {', '.join(tables)} TO {viewer}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(changed_by_members)} TO {member}",
        f"GRANT INSERT ON {ACCOUNT_HISTORY_TABLE} TO {member}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_identifier(schema)} TO {member}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(MANAGER_TABLES)} TO {manager}",
        *(f"GRANT EXECUTE ON FUNCTION {function} TO {viewer}" for function in FUNCTIONS),
    ]


def _group_roles() -> list[str]:
    """CREATE ROLE has no IF NOT EXISTS: each is created when missing."""
    return [
        f"""DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_literal(group_role(role))}) THEN
        CREATE ROLE {group_role(role)} NOLOGIN;
    END IF;
END $$"""
        for role in ROLES
    ]


def setup_statements(schema: str) -> list[str]:
    """The whole set-up of a team in `schema`, in order; every statement may run again."""
    return [*_group_roles(), *_functions(schema), *_triggers(), *_policies(), *_grants(schema)]


def _tables_owner(connection: Connection) -> tuple[str, bool]:
    """Who owns kamctl's tables, and whether the current login is (or acts as) them."""
    row = connection.execute(
        text(
            "SELECT pg_get_userbyid(relowner), pg_has_role(current_user, relowner, 'MEMBER') "
            f"FROM pg_class WHERE oid = '{ACCOUNT_TABLE}'::regclass"
        )
    ).one()
    return row[0], row[1]


def set_up_team(connection: Connection) -> None:
    """Create or refresh the roles, grants and policies of a team: the database owner only."""
    owner, is_owner = _tables_owner(connection)
    if not is_owner:
        raise DatabaseProblem(
            _("only the database owner sets up a team: ask {owner} to run kamctl db team init").format(
                owner=owner
            )
        )
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    # One set-up at a time: two at once would both find a role missing and both create it.
    connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('kamctl db team init'))"))
    with connection.connection.driver_connection.cursor() as cursor:
        # Through the driver's cursor with no parameters: `%` in PL/pgSQL is not a placeholder.
        for statement in setup_statements(schema):
            cursor.execute(statement)


@dataclass(frozen=True)
class LoginRights:
    """What row-level security lets the login of a team's database do."""

    login: str
    manages: bool
    """The tables' owner or a manager: every change goes through."""
    writes: bool
    """A member's grants (a viewer has none): changes go through where the policies allow them."""


def login_rights(connection: Connection) -> LoginRights | None:
    """The login's rights on a database with a team; None on one without (no policies bind anyone)."""
    if connection.execute(text(f"SELECT to_regprocedure('{FUNCTIONS[-1]}')")).scalar() is None:
        return None
    row = connection.execute(
        text(f"SELECT session_user, kamctl_is_manager(), has_table_privilege('{ACCOUNT_TABLE}', 'UPDATE')")
    ).one()
    return LoginRights(login=row[0], manages=row[1], writes=row[2])


def refused(login: str, account: models.Account | None) -> Refused:
    """The refusal of a change to `account` (or to something of no account), naming who can help."""
    if account is None:
        return Refused(_("{login} may not change this: ask a manager").format(login=login))
    if account.owner and account.owner != login:
        owner = account.owner
        return Refused(
            _("{login} may not change {account}: owned by {owner}; ask {owner} or a manager").format(
                login=login, account=account.name, owner=owner
            )
        )
    return Refused(
        _("{login} may not change {account}: ask a manager").format(login=login, account=account.name)
    )


def refused_to_manager(login: str, what: str, why: str) -> Refused:
    """The refusal of a team-wide change, a manager's job."""
    return Refused(
        _("{login} may not {what}: ask a manager ({why})").format(login=login, what=_(what), why=_(why))
    )


def _check_team(connection: Connection) -> None:
    if connection.execute(text(f"SELECT to_regprocedure('{FUNCTIONS[-1]}')")).scalar() is None:
        raise NotFound(_("this database has no team yet: its owner runs kamctl db team init"))


def _check_login_name(login: str) -> None:
    if not login.strip() or login != login.strip():
        raise InvalidValue(
            _("{login} is not a login name: give a name without spaces around it").format(login=repr(login))
        )
    if len(login.encode()) > 63:
        raise InvalidValue(
            _("the login name {login} is too long: PostgreSQL takes at most 63 bytes").format(login=login)
        )
    if login.startswith("pg_") or login in {group_role(role) for role in ROLES}:
        raise InvalidValue(
            _("{login} is a name PostgreSQL or kamctl keeps for itself: choose another login name").format(
                login=login
            )
        )


@dataclass(frozen=True)
class TeamLogin:
    login: str
    role: str


def add_login(connection: Connection, login: str, role: str, password: Callable[[], str]) -> bool:
    """Give `login` the team role `role`, creating it (with the password `password()` returns) if
    there is none; True when it was created. A login keeps one role: the others are revoked."""
    from psycopg import sql

    if role not in ROLES:
        raise InvalidValue(_("no role {role}: use {roles}").format(role=repr(role), roles=", ".join(ROLES)))
    _check_login_name(login)
    _check_team(connection)
    can_login = connection.execute(
        text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :login"), {"login": login}
    ).scalar()
    if can_login is False:
        raise Conflict(
            _("{login} is a group role, not a login: name a login (one that connects)").format(login=login)
        )
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor:
        if can_login is None:
            secret = password()
            if not secret:
                raise InvalidValue(
                    _("the password of {login} is empty: give one at the prompt or on stdin").format(
                        login=login
                    )
                )
            # Sent already hashed (SCRAM, as libpq does for \password): the password itself never
            # reaches the server, so no server log can show it.
            hashed = raw.pgconn.encrypt_password(secret.encode(), login.encode(), b"scram-sha-256").decode()
            cursor.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(login), sql.Literal(hashed))
            )
        for other in ROLES:
            if other != role:
                cursor.execute(
                    sql.SQL("REVOKE {} FROM {}").format(
                        sql.Identifier(group_role(other)), sql.Identifier(login)
                    )
                )
        cursor.execute(
            sql.SQL("GRANT {} TO {}").format(sql.Identifier(group_role(role)), sql.Identifier(login))
        )
    return can_login is None


def team_logins(connection: Connection) -> list[TeamLogin]:
    """The logins with a team role, by name (the group roles, which include each other, left out)."""
    _check_team(connection)
    groups = {group_role(role): role for role in ROLES}
    rows = connection.execute(
        text(
            "SELECT m.rolname, g.rolname FROM pg_auth_members a "
            "JOIN pg_roles m ON m.oid = a.member JOIN pg_roles g ON g.oid = a.roleid "
            "WHERE g.rolname = ANY(:groups) AND NOT m.rolname = ANY(:groups) ORDER BY m.rolname, g.rolname"
        ),
        {"groups": list(groups)},
    ).all()
    return [TeamLogin(login, groups[group]) for login, group in rows]


def remove_login(connection: Connection, login: str) -> str:
    """Take `login` off the team (its team roles revoked; the login itself stays, as it may have
    other uses on the server); returns the role it had."""
    from psycopg import sql

    had = [member.role for member in team_logins(connection) if member.login == login]
    if not had:
        raise NotFound(_("{login} is not on the team: kamctl db team list shows who is").format(login=login))
    with connection.connection.driver_connection.cursor() as cursor:
        for role in ROLES:
            cursor.execute(
                sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group_role(role)), sql.Identifier(login))
            )
    return had[-1]
