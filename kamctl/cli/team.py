"""`kamctl db team`: a team on PostgreSQL, its logins and their roles (SPEC §10)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from kamctl.cli.context import current
from kamctl.cli.options import FormatOption, OutputFormat
from kamctl.i18n import N_, _

team = typer.Typer(
    help="A team on PostgreSQL: who may read and change what (set up by the database owner).",
    no_args_is_help=True,
)


def register(db: typer.Typer) -> None:
    db.add_typer(team, name="team")


class TeamRole(StrEnum):
    """The roles of SPEC §10 (kamctl.store.team.ROLES; not imported here, to keep --help fast)."""

    viewer = "viewer"
    member = "member"
    manager = "manager"


Login = Annotated[str, typer.Argument(metavar="LOGIN", help="The PostgreSQL login of a team member.")]


@team.command("init")
def team_init() -> None:
    """Create the roles kamctl_viewer, kamctl_member, kamctl_manager and the rules on every table
    (the database owner, once; running it again changes nothing)."""
    from kamctl.actions.team import set_up
    from kamctl.render import messages

    set_up(current().portfolio())
    messages.info(_("The team is set up: add its logins with kamctl db team add LOGIN --role member"))


@team.command("add")
def team_add(
    login: Login,
    role: Annotated[
        TeamRole,
        typer.Option("--role", help="viewer reads; member changes their accounts; manager everything."),
    ],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read a new login's password from stdin (first line).")
    ] = False,
) -> None:
    """Create the login (asking for its password) or give an existing one this role."""
    from kamctl.actions.team import add
    from kamctl.render import messages

    created = add(current().portfolio(), login, role.value, lambda: _new_password(login, password_stdin))
    if created:
        messages.info(
            _("Created the login {login}, a {role} of the team").format(login=login, role=role.value)
        )
    else:
        messages.info(_("{login} is now a {role} of the team").format(login=login, role=role.value))


def _new_password(login: str, from_stdin: bool) -> str:
    """A new login's password: stdin's first line, or typed twice at a prompt; never an argument."""
    import sys

    from kamctl.errors import InvalidValue

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InvalidValue(
            _(
                "{login} is a new login and needs a password: type it at a prompt or give --password-stdin"
            ).format(login=login)
        )
    return typer.prompt(
        _("Password for {login}").format(login=login), hide_input=True, confirmation_prompt=True
    )


@team.command("list")
def team_list(fmt: FormatOption = OutputFormat.table) -> None:
    """The logins of the team and their roles."""
    from dataclasses import asdict

    from kamctl.actions.team import members
    from kamctl.render.output import Column, View, present

    rows = [asdict(member) for member in members(current().portfolio())]
    columns = (Column("login", N_("Login"), style="bold", no_wrap=True), Column("role", N_("Role")))
    empty = _("No one is on the team yet: kamctl db team add LOGIN --role member")
    present(View(rows=rows, columns=columns, empty=empty), fmt)


@team.command("rm")
def team_rm(login: Login) -> None:
    """Take the login off the team (its roles here are revoked; the login itself stays)."""
    from kamctl.actions.team import remove
    from kamctl.render import messages

    role = remove(current().portfolio(), login)
    messages.info(_("{login} is no longer on the team (was {role})").format(login=login, role=role))
