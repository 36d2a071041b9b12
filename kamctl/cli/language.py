"""The command tree in the chosen language (SPEC §12): help texts, choice lists and Click's words.

Typer builds each command once per process (and tests share one tree across languages), so the
English texts are kept on the objects and the shown ones are set again, from them, each time a
command is about to be used: `localize` is called when a command line is parsed.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from typing import Any

from kamctl import i18n
from kamctl.i18n import N_, _

_ENGLISH = "_kamctl_english"
"""The attribute holding a command's or parameter's English texts (help, short_help, metavar, …)."""

ONE_OF = " One of: "
"""How `completion.one_of` lists choices after a help text (a list too long for the metavar)."""

CLICK_MODULES = ("typer.core", "typer.main", "click.core", "click.exceptions", "click.formatting")
"""Modules whose `from gettext import gettext as _` is routed through kamctl's catalog. (Typer
0.28 draws help and usage errors with its own copy of Click, `typer._click`, which has no gettext.)"""


CLICK_PHRASES = (
    N_("Did you mean {candidates}?"),
    N_("(Possible options: {candidates})"),
    N_("'{value}' is not one of {choices}."),
    N_("'{value}' is not a valid {kind}."),
    N_("Invalid value for {name}: {problem}"),
    N_("Missing argument '{name}'."),
    N_("Missing option '{name}'."),
    N_("No such option: {name}"),
    N_("No such command '{name}'."),
    N_("Got unexpected extra argument(s) ({arguments})"),
    N_("Option '{name}' requires an argument."),
    N_("Option '{name}' does not take a value."),
    N_("Try '{command}' for help."),
    N_("Show this message and exit."),
    N_("[default: {value}]"),
    N_("[required]"),
    N_("env var: {name}"),
    N_("Usage: {usage}"),
    N_("Error: {message}"),
)
"""The fixed words of Typer's copy of Click (`typer._click` has no gettext), as Click writes them
in help pages and usage errors, innermost first: each is found in Click's text and replaced by
its translation, its {placeholders} carried over."""


@cache
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", phrase)
    pattern = ""
    for index, part in enumerate(parts):
        if index % 2 == 0:
            pattern += re.escape(part)
        else:
            last = index == len(parts) - 2 and not parts[-1]
            # A placeholder that ends the phrase runs to the end of the line.
            pattern += f"(?P<{part}>[^\n]+)" if last else f"(?P<{part}>[^\n]+?)"
    return re.compile(("^" if phrase.startswith(("Usage:", "Error:")) else "") + pattern, re.MULTILINE)


def click_words(text: str) -> str:
    """`text` written by Click (a help page, a usage error) with Click's words in the language in
    use; our own words in it are translated already."""
    if not i18n.japanese():
        return text
    for phrase in CLICK_PHRASES:
        translated = _(phrase)
        if translated == phrase:
            continue
        text = _phrase_pattern(phrase).sub(lambda match, t=translated: t.format(**match.groupdict()), text)
    # Typer adds its suggestion after Click's sentence, without looking at how it ends.
    return text.replace("。. ", "。")


TYPER_HELP = (
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
"""Help texts of the options Typer adds to the root command (translated by `localize`)."""

_ORIGINAL_ECHO = "_kamctl_original_echo"


def _route_click_echo() -> None:
    """Everything Typer's Click prints (help, usage errors) goes through `click_words`."""
    import importlib

    for name in ("typer._click.decorators", "typer._click.exceptions", "typer._click.core", "typer.core"):
        # decorators is imported late by Click (on the first --help): import it now to route it.
        module = importlib.import_module(name)
        echo = getattr(module, "echo", None)
        if echo is None or hasattr(echo, _ORIGINAL_ECHO):
            continue

        def translating_echo(message: Any = None, *args: Any, __echo=echo, **kwargs: Any) -> None:
            if isinstance(message, str):
                message = click_words(message)
            __echo(message, *args, **kwargs)

        setattr(translating_echo, _ORIGINAL_ECHO, echo)
        module.echo = translating_echo


_TOKEN = re.compile(
    r"\s+|[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+"
)
"""Where a line of help may break: at spaces, and between Japanese characters (one token each)."""
_NO_LINE_START = frozenset("、。，．・：；？！）」』】ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ)]},.:;!?")
"""What a line must not start with (kinsoku): it stays at the end of the line before."""


def _cells(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _fill(text: str, width: int, initial_indent: str, subsequent_indent: str) -> str:
    """`text` wrapped to `width` terminal cells, breaking between Japanese characters too."""
    lines: list[str] = []
    line, used = initial_indent, _cells(initial_indent)
    start = True
    for token in _TOKEN.findall(" ".join(text.split())):
        if token.isspace():
            if not start:
                line, used = line + " ", used + 1
            continue
        size = _cells(token)
        if used + size > width and not start and token[0] not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = subsequent_indent, _cells(subsequent_indent)
        line, used, start = line + token, used + size, False
    lines.append(line.rstrip())
    return "\n".join(lines)


def _wrap_text(
    text: str,
    width: int = 78,
    initial_indent: str = "",
    subsequent_indent: str = "",
    preserve_paragraphs: bool = False,
) -> str:
    """Click's `wrap_text` for text with Japanese in it: the same paragraphs and indents, lines
    measured in terminal cells (a Japanese character takes two)."""
    if not preserve_paragraphs:
        return _fill(text.expandtabs(), width, initial_indent, subsequent_indent)
    out = []
    for paragraph in re.split(r"\n\s*\n", text.expandtabs()):
        lines = paragraph.splitlines()
        if not lines:
            continue
        if lines[0].strip() == "\b":
            out.append("\n".join(lines[1:]))
            continue
        indent = " " * (len(lines[0]) - len(lines[0].lstrip()))
        out.append(_fill(" ".join(lines), width, initial_indent + indent, subsequent_indent + indent))
    return "\n\n".join(out)


def _route_click_wrapping() -> None:
    import typer._click.formatting as formatting

    english = getattr(formatting.wrap_text, _ORIGINAL_ECHO, formatting.wrap_text)

    def wrap_text(text: str, *args: Any, **kwargs: Any) -> str:
        if i18n.japanese() and not text.isascii():
            return _wrap_text(text, *args, **kwargs)
        return english(text, *args, **kwargs)

    setattr(wrap_text, _ORIGINAL_ECHO, english)
    formatting.wrap_text = wrap_text
    # The option column is measured with term_len: in cells, so that Japanese choice lists align.
    length = getattr(formatting.term_len, _ORIGINAL_ECHO, formatting.term_len)

    def term_len(text: str) -> int:
        return _cells(text) if i18n.japanese() and not text.isascii() else length(text)

    setattr(term_len, _ORIGINAL_ECHO, length)
    formatting.term_len = term_len


def speak(language: str) -> None:
    """Use `language` for this command line, Click's own words included."""
    i18n.use(language)
    _route_click_echo()
    _route_click_wrapping()
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


def localize(command: Any) -> None:
    """Show `command` (and, for a group, the commands it has built) in the language in use."""
    _localize(command, ("help", "short_help", "epilog"))
    if i18n.japanese() and command.help and not getattr(command, _ENGLISH)["short_help"]:
        # Click shortens help for command lists at the first ". ", and counts characters as
        # columns: the Japanese first sentence is the short help (wrapped in cells).
        first = command.help.split("\n\n")[0].split("。")[0]
        command.short_help = first if first.endswith(("。", ".")) else first + "。"
    for parameter in command.params:
        _localize(parameter, ("help", "metavar"))
        _show_default_as_label(parameter)
    for sub in getattr(command, "commands", {}).values():  # a group: the commands it has built
        localize(sub)


def _localize(thing: Any, fields: tuple[str, ...]) -> None:
    english = getattr(thing, _ENGLISH, None)
    if english is None:
        english = {field: getattr(thing, field, None) for field in fields}
        setattr(thing, _ENGLISH, english)
    for field, text in english.items():
        if not text:
            setattr(thing, field, text)  # as in English (a Japanese short help set before is undone)
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


def _show_default_as_label(parameter: Any) -> None:
    """`[既定値: 中]` for an option with fixed choices, as its choices are listed (`<低|中|高>`):
    the default is a value like the others (`medium`), shown by its label."""
    english = getattr(parameter, _ENGLISH)
    metavar, help_text = english.get("metavar") or "", english.get("help") or ""
    listed = metavar.startswith("<") and "|" in metavar
    if not (listed or ONE_OF in help_text) or not isinstance(parameter.default, str):
        return
    default = parameter.default
    parameter._get_default_string = lambda **_context: i18n.label(default)


def choice_list(metavar: str) -> str:
    """`<key|candidate|standard>` as the labels of the language in use (`<キーアカウント|候補|標準>`)."""
    if not (metavar.startswith("<") and metavar.endswith(">") and "|" in metavar):
        return metavar
    return "<" + "|".join(i18n.label(value) for value in metavar[1:-1].split("|")) + ">"
