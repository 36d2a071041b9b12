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
