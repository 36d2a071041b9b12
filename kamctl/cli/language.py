"""The command tree in the chosen language (SPEC §12): help texts, choice lists and Click's words.

Typer builds each command once per process (and tests share one tree across languages), so the
English texts are kept on the objects and the shown ones are set again, from them, each time a
command is about to be used: `localize` is called when a command line is parsed.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from kamctl import i18n
from kamctl.i18n import _

_ENGLISH = "_kamctl_english"
"""The attribute holding a command's or parameter's English texts (help, short_help, metavar, …)."""

ONE_OF = " One of: "
"""How `completion.one_of` lists choices after a help text (a list too long for the metavar)."""

CLICK_MODULES = ("typer.core", "typer.main", "click.core", "click.exceptions", "click.formatting")
"""Modules whose `from gettext import gettext as _` is routed through kamctl's catalog. (Typer
0.28 draws help and usage errors with its own copy of Click, `typer._click`, which has no gettext.)"""


def speak(language: str) -> None:
    """Use `language` for this command line, Click's own words included."""
    i18n.use(language)
    for name in CLICK_MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        # Click binds `from gettext import gettext as _` at import: route its lookups through
        # kamctl's catalog (English returns the message itself, as gettext would).
        if hasattr(module, "_"):
            module._ = i18n._
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext


def localize(command: click.Command) -> None:
    """Show `command` (and, for a group, the commands it has built) in the language in use."""
    _localize(command, ("help", "short_help", "epilog"))
    for parameter in command.params:
        _localize(parameter, ("help", "metavar"))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localize(sub)


def _localize(thing: Any, fields: tuple[str, ...]) -> None:
    english = getattr(thing, _ENGLISH, None)
    if english is None:
        english = {field: getattr(thing, field, None) for field in fields}
        setattr(thing, _ENGLISH, english)
    for field, text in english.items():
        if not text:
            continue
        if field == "metavar":
            setattr(thing, field, choice_list(text))
        elif field == "help" and ONE_OF in text:
            head, values = text.split(ONE_OF, 1)
            labels = [i18n.label(value) for value in values.rstrip(".").split(", ")]
            setattr(
                thing, field, _("{help} One of: {values}.").format(help=_(head), values=", ".join(labels))
            )
        else:
            setattr(thing, field, _(text))


def choice_list(metavar: str) -> str:
    """`<key|candidate|standard>` as the labels of the language in use (`<キーアカウント|候補|標準>`)."""
    if not (metavar.startswith("<") and metavar.endswith(">") and "|" in metavar):
        return metavar
    return "<" + "|".join(i18n.label(value) for value in metavar[1:-1].split("|")) + ">"
