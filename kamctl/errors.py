"""Domain errors: each carries a message a user can act on; the CLI turns it into `Error: …`."""

from __future__ import annotations

from kamctl.i18n import N_, _


class KamctlError(Exception):
    """A request that cannot be done. The message is shown to the user as one line."""

    exit_code = 1


class NotFound(KamctlError):
    """A named thing (account, contact, entry, setting) does not exist."""


class InvalidValue(KamctlError):
    """A value given by the user or found in a file is not acceptable."""


class Conflict(KamctlError):
    """The change would clash with existing data (duplicate name, cycle, non-empty target)."""


class Refused(KamctlError):
    """On a team's PostgreSQL database, the login may not make this change (SPEC §10)."""


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
        if getattr(getattr(exc, "orig", None), "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
            return refusal_message(exc.orig)  # type: ignore[attr-defined]
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return _("database problem: {reason} (KAMCTL_DEBUG=1 shows details)").format(reason=reason)
    return None


INSUFFICIENT_PRIVILEGE = "42501"
"""PostgreSQL's SQLSTATE for a change its grants, row-level security or kamctl's triggers refuse."""

_TABLE_WORDS = {"setting": N_("settings")}


def refusal_message(exc: BaseException) -> str:
    """A refusal PostgreSQL made that kamctl did not see coming (its own checks word the usual
    ones with the account and its owner): what was refused and who can help, then the server's
    words. kamctl's triggers already speak to the person: their words are kept as they are."""
    diagnostic = getattr(exc, "diag", None)
    reason = (getattr(diagnostic, "message_primary", None) or str(exc)).splitlines()[0]
    if reason.startswith("permission denied for table "):
        table = reason.removeprefix("permission denied for table ")
        what = _(_TABLE_WORDS[table]) if table in _TABLE_WORDS else table
        return _("you may not change {what}: ask a manager ({reason})").format(what=what, reason=reason)
    if reason.startswith("new row violates row-level security policy"):
        return _("you may not make this change: ask the account's owner or a manager ({reason})").format(
            reason=reason
        )
    return reason
