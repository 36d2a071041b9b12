"""The root command: global options, the command groups, and the one translator of errors."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from kamctl import __version__
from kamctl.cli import accounts, contacts, db, log, remind, report, score, settings
from kamctl.cli.context import Invocation, begin
from kamctl.errors import KamctlError
from kamctl.render import console, messages


class KamctlGroup(TyperGroup):
    """Turns every domain or database error into one `Error:` line and exit 1 (SPEC §2)."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except KamctlError as exc:
            if os.environ.get("KAMCTL_DEBUG"):
                raise
            messages.error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            # `kamctl … | head` closed the pipe: not an error worth a message.
            sys.stderr.close()
            raise typer.Exit(0) from None
        except OSError as exc:
            if os.environ.get("KAMCTL_DEBUG"):
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            messages.error(f"{where}{exc.strerror or exc}")
            raise typer.Exit(1) from None
        except Exception as exc:
            # SQLAlchemy's errors, and the driver's own on the paths that use sqlite3 directly.
            if os.environ.get("KAMCTL_DEBUG") or not type(exc).__module__.startswith(
                ("sqlalchemy", "sqlite3")
            ):
                raise
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            messages.error(f"database problem: {reason} (KAMCTL_DEBUG=1 shows details)")
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=KamctlGroup,
    name="kamctl",
    help="Key account management from the terminal: score, map, log, remind, report.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(accounts.app, name="accounts")
app.add_typer(score.app, name="score")
app.add_typer(contacts.app, name="contacts")
app.add_typer(log.app, name="log")
app.add_typer(remind.app, name="remind")
app.add_typer(report.app, name="report")
app.add_typer(settings.app, name="settings")
app.add_typer(db.app, name="db")


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
        typer.Option("--user", envvar="KAMCTL_USER", help="Who 'me' is (owner filters, history author)."),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain output without colour.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Key account management from the terminal: score, map, log, remind, report."""
    console.reset()
    console.set_no_color(no_color)
    invocation = Invocation(db=db, demo=demo, user_option=user)
    begin(invocation)
    ctx.call_on_close(invocation.close)
