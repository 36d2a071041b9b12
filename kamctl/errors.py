"""Domain errors: each carries a message a user can act on; the CLI turns it into `Error: …`."""

from __future__ import annotations


class KamctlError(Exception):
    """A request that cannot be done. The message is shown to the user as one line."""

    exit_code = 1


class NotFound(KamctlError):
    """A named thing (account, contact, entry, setting) does not exist."""


class InvalidValue(KamctlError):
    """A value given by the user or found in a file is not acceptable."""


class Conflict(KamctlError):
    """The change would clash with existing data (duplicate name, cycle, non-empty target)."""


class DatabaseProblem(KamctlError):
    """The database cannot be opened, is damaged, or has a schema this version cannot use."""


def problem_message(exc: BaseException) -> str | None:
    """What a person is told about `exc` after `Error: ` (SPEC §2); None for a defect, which
    keeps its traceback. The CLI and the MCP server say the same."""
    if isinstance(exc, KamctlError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    # SQLAlchemy's errors, and the driver's own on the paths that use sqlite3 directly.
    if type(exc).__module__.startswith(("sqlalchemy", "sqlite3")):
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return f"database problem: {reason} (KAMCTL_DEBUG=1 shows details)"
    return None
