"""Messages for people on stderr; stdout stays clean for results and scripts."""

from __future__ import annotations

import sys

from kamctl.i18n import _
from kamctl.render.safe import one_line


def info(message: str) -> None:
    """A confirmation (`Added account 12: Acme`). Callers pass user text through `one_line`."""
    sys.stderr.write(one_line(message) + "\n")


def warn(message: str) -> None:
    sys.stderr.write(_("Warning: {message}").format(message=one_line(message)) + "\n")


def error(message: str) -> None:
    sys.stderr.write(_("Error: {message}").format(message=one_line(message)) + "\n")
