"""Asking before destructive changes: a prompt on a terminal, `--yes` everywhere else (SPEC §2)."""

from __future__ import annotations

import sys

import typer

from kamctl.errors import InvalidValue
from kamctl.i18n import _


def confirm_or_refuse(question: str, *, yes: bool) -> None:
    """Return if the user agreed; raise otherwise. Without a terminal, only --yes agrees."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise InvalidValue(
            _("{question}: not confirmed; add --yes to do it without asking").format(
                question=question.rstrip("?？")
            )
        )
    if not typer.confirm(question, default=False, err=True):
        raise typer.Exit(1)
