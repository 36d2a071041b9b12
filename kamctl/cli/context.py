"""The invocation of the running command, set by the root group from the global options."""

from __future__ import annotations

from kamctl.invocation import Invocation

__all__ = ["Invocation", "begin", "current"]

_current = Invocation()


def begin(invocation: Invocation) -> None:
    global _current
    _current = invocation


def current() -> Invocation:
    return _current
