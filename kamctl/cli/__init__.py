"""The root command: global options, the command groups, and the one translator of errors."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from kamctl import __version__
from kamctl.cli import language
from kamctl.cli.context import Invocation, begin
from kamctl.errors import problem_message
from kamctl.render import console, messages

GROUPS = ("accounts", "score", "contacts", "log", "remind", "report", "settings", "db", "mcp")
"""The command groups, in the order help lists them; each is the `app` of kamctl.cli.<name>."""

PARTS = {"accounts": ("orders", "plan", "opp", "renew", "risk", "whitespace"), "db": ("team",)}
"""Command modules that add their commands to a group (`kamctl accounts orders`, `accounts plan`),
each with its `register(app)`, in the order help lists them."""
_joined: set[str] = set()


class KamctlGroup(TyperGroup):
    """The root command. Turns every domain or database error into one `Error:` line and exit 1
    (SPEC §2), and builds a command group only when it is asked for.

    Typer would build all of them (every command, its signature and type hints) at every start,
    for the one group that runs: a large share of a short command's time.
    """

    def make_context(self, info_name, args, parent=None, **extra) -> Any:
        # The language first: `--help`, completion and Click's usage errors are shown in it.
        from kamctl import config, i18n
        from kamctl.errors import KamctlError

        try:
            language.speak(config.language())
        except KamctlError as exc:
            language.speak(i18n.DEFAULT)
            messages.error(str(exc))
            sys.exit(1)
        language.localize(self)
        return super().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return [*GROUPS, *(name for name in super().list_commands(ctx) if name not in GROUPS)]

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:
        if cmd_name in GROUPS and cmd_name not in self.commands:
            self.commands[cmd_name] = _build_group(cmd_name)
            language.localize(self.commands[cmd_name])
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:
        if len(args) > 1 and args[0] in GROUPS and args[0] not in self.commands:
            # `kamctl accounts list`: the group with only the command that runs (building every
            # command of a group costs more than many commands take). Not kept in `commands`:
            # help, completion and "did you mean" of the group see all of them.
            group = _build_group(args[0], only=args[1])
            if group is not None:
                language.localize(group)
                return args[0], group, args[1:]
        if args and args[0] not in GROUPS and args[0] not in self.commands:
            # An unknown word: every group is built, so that "did you mean" can name them all.
            for name in GROUPS:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        ctx.meta["kamctl.argv"] = list(args)  # checked in `invoke`, where errors become `Error:` lines
        return super().parse_args(ctx, args)

    def invoke(self, ctx: typer.Context):
        try:
            _check_text_given(ctx)
            return super().invoke(ctx)
        except BrokenPipeError:
            # `kamctl … | head` closed the pipe: not an error worth a message.
            sys.stderr.close()
            raise typer.Exit(0) from None
        except Exception as exc:
            message = problem_message(exc)
            if message is None or os.environ.get("KAMCTL_DEBUG"):
                raise
            messages.error(message)
            raise typer.Exit(getattr(exc, "exit_code", 1)) from None


app = typer.Typer(
    cls=KamctlGroup,
    name="kamctl",
    help="Key account management from the terminal: score, map, log, remind, report.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _check_text_given(ctx: typer.Context) -> None:
    """Every argument, and every global option taken from the environment (KAMCTL_USER, KAMCTL_DB),
    is valid UTF-8 text (SPEC §2): what is not can be neither stored nor printed."""
    from kamctl.domain.text import check_utf8

    for argument in ctx.meta.get("kamctl.argv", ()):
        check_utf8(argument, "an argument")
    # The arguments were checked above: a global option's text that fails here came from its variable.
    envvars = {parameter.name: parameter.envvar for parameter in ctx.command.params}
    for name, value in ctx.params.items():
        if isinstance(value, str):
            check_utf8(value, str(envvars.get(name) or f"--{name}"))


def _build_group(name: str, *, only: str | None = None) -> Any:
    """The click group of kamctl.cli.<name>, built as `app.add_typer(module.app, name=name)` would;
    with `only`, holding just that command (None when the group has no command of that name)."""
    import copy
    import importlib

    from typer.main import get_command_name, get_group_from_info
    from typer.models import TyperInfo

    module = importlib.import_module(f"kamctl.cli.{name}")
    if name not in _joined:
        # Once per process: the group is built again for each invocation of the root app (tests).
        _joined.add(name)
        for part in PARTS.get(name, ()):
            importlib.import_module(f"kamctl.cli.{part}").register(module.app)
    typer_app = module.app
    if only is not None:
        typer_app = copy.copy(module.app)
        typer_app.registered_commands = [
            command
            for command in module.app.registered_commands
            if (command.name or get_command_name(command.callback.__name__)) == only
        ]
        typer_app.registered_groups = [
            group
            for group in module.app.registered_groups
            if (group.name or group.typer_instance.info.name) == only
        ]
        if not typer_app.registered_commands and not typer_app.registered_groups:
            return None
    return get_group_from_info(
        TyperInfo(typer_app, name=name, options_metavar="[OPTIONS]"),
        pretty_exceptions_short=app.pretty_exceptions_short,
        rich_markup_mode=app.rich_markup_mode,
        suggest_commands=app.suggest_commands,
    )


def _print_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"kamctl {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="KAMCTL_DB",
            metavar="PATH_OR_URL",
            help="SQLite file or SQLAlchemy URL (postgresql+psycopg://…).",
            show_envvar=True,
        ),
    ] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            envvar="KAMCTL_DEMO",
            help="Use a fresh temporary copy of the sample portfolio; your data is not touched.",
        ),
    ] = False,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            envvar="KAMCTL_USER",
            metavar="NAME",
            help="Who 'me' is (owner filters, history author); on PostgreSQL, the login.",
        ),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain output without colour.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Key account management from the terminal: score, map, log, remind, report."""
    console.reset()
    console.set_no_color(no_color)
    # Messages about the database name where it came from (Click's ParameterSource.ENVIRONMENT).
    from_env = getattr(ctx.get_parameter_source("db"), "name", None) == "ENVIRONMENT"
    given_by = "KAMCTL_DB" if from_env else "--db"
    user_from_env = getattr(ctx.get_parameter_source("user"), "name", None) == "ENVIRONMENT"
    invocation = Invocation(
        db=db,
        demo=demo,
        user_option=user,
        db_given_by=given_by,
        user_given_by="KAMCTL_USER={}" if user_from_env else "--user {}",
    )
    begin(invocation)
    ctx.call_on_close(invocation.close)
