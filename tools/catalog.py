"""The Japanese catalog: extract kamctl's user-visible strings, update the .po, compile, check.

    python tools/catalog.py update            extract, then add new strings to kamctl.po (untranslated)
    python tools/catalog.py part NAME PATH …  parts/NAME.po: the strings of these files still to translate
    python tools/catalog.py compile           kamctl.po (and any parts/*.po) -> kamctl.mo
    python tools/catalog.py check [PATH …]    every string (of these source files) has a translation

Extraction is Babel's, plus what Babel's Python extractor cannot see: `help=`/`short_help=`/
`epilog=` texts of Typer options and commands, the docstrings Typer shows as a command's help,
the enum values shown as labels (context "value"), and the strings of Click and Typer that
kamctl's help and usage errors show.
"""

from __future__ import annotations

import ast
import importlib
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kamctl"
LOCALE = PACKAGE / "locale"
PO = LOCALE / "ja" / "LC_MESSAGES" / "kamctl.po"
MO = PO.with_suffix(".mo")
PARTS = LOCALE / "ja" / "parts"
"""Partial catalogs (one per area while several people translate at once), compiled with kamctl.po."""

SKIPPED = ("kamctl/demo/", "kamctl/store/migrations/")
"""Source that holds no user-visible strings: the sample portfolio's data, migration scripts."""

KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "NP_": ((1, "c"), 2),
    "one_of": (2,),  # an option with fixed choices: its help text (kamctl.completion.one_of)
}
HELP_KEYWORDS = ("help", "short_help", "epilog")
VALUE_CONTEXT = "value"

VALUE_SETS = (
    "kamctl.domain.accounts:TIERS",
    "kamctl.domain.accounts:STATUSES",
    "kamctl.domain.accounts:CHANNELS",
    "kamctl.domain.accounts:TEAM_ROLES",
    "kamctl.domain.log:KINDS",
    "kamctl.domain.log:SENTIMENTS",
    "kamctl.domain.contacts:ROLES",
    "kamctl.domain.contacts:STANCES",
    "kamctl.domain.opportunities:OPPORTUNITY_TYPES",
    "kamctl.domain.risks:SEVERITIES",
    "kamctl.domain.reminders:KINDS",
    "kamctl.domain.reminders:GROUPS",
    "kamctl.domain.whitespace:CELL_STATES",
)
"""Enum values shown to people as labels (`i18n.label`) and accepted as Japanese labels on input."""

FOREIGN = ("typer/core.py",)
"""Sources of library strings marked for gettext that kamctl shows. (Typer vendors Click without
gettext: its fixed words are translated by kamctl.cli.language from the phrases it lists.)"""


# ---------------------------------------------------------------------------------------------
# Extraction


def source_files(paths: list[str] | None = None) -> list[Path]:
    if paths:
        return [Path(path).resolve() for path in paths]
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if not any(str(path.relative_to(ROOT)).startswith(skip) for skip in SKIPPED)
    )


def messages_of(
    path: Path, *, name: str | None = None
) -> Iterator[tuple[int, str | tuple[str, ...], str | None]]:
    """(line, message or (singular, plural), context) of every string `path` marks or shows."""
    data = path.read_bytes()
    for lineno, message, _comments, context in extract("python", io.BytesIO(data), keywords=KEYWORDS):
        yield lineno, message, context
    if name is not None and name.startswith(("click/", "typer/")):
        return
    tree = ast.parse(data)
    registered = _registered_functions(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            found = _marked(node)
            if found is not None:  # also inside f-string braces, where Babel does not look
                yield (node.lineno, *found)
            for keyword in node.keywords:
                if keyword.arg in HELP_KEYWORDS:
                    text = _constant_text(keyword.value)
                    if text:
                        yield keyword.value.lineno, text, None
        elif isinstance(node, ast.FunctionDef) and (_is_command(node) or node.name in registered):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.body[0].lineno, doc, None


def _marked(node: ast.Call) -> tuple[str | tuple[str, ...], str | None] | None:
    """(message, context) of a `_("…")`, `N_`, `ngettext` or `pgettext` call of string literals."""
    name = node.func.id if isinstance(node.func, ast.Name) else None
    texts = [_constant_text(argument) for argument in node.args]
    if name in ("_", "N_") and texts[:1] and texts[0]:
        return texts[0], None
    if name == "ngettext" and len(texts) >= 2 and texts[0] and texts[1]:
        return (texts[0], texts[1]), None
    if name in ("pgettext", "NP_") and len(texts) >= 2 and texts[0] and texts[1]:
        return texts[1], texts[0]
    return None


def _constant_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _registered_functions(tree: ast.AST) -> set[str]:
    """Functions registered as commands by a call rather than a decorator: `app.command("x")(f)`."""
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Call)
            and isinstance(node.func.func, ast.Attribute)
            and node.func.func.attr in ("command", "callback")
        ):
            names.update(argument.id for argument in node.args if isinstance(argument, ast.Name))
    return names


def _is_command(node: ast.FunctionDef) -> bool:
    """A function Typer shows: decorated with `….command(…)` or `….callback(…)`."""
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr in ("command", "callback"):
            return True
    return False


def non_literal_calls(path: Path) -> list[str]:
    """`_(f"…")`, `_(a + b)`: calls whose message the catalog can never hold (`_(name)` of a
    variable is allowed: it translates a marked constant)."""
    problems = []
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS:
            for argument in node.args:
                if isinstance(argument, ast.JoinedStr | ast.BinOp):
                    problems.append(
                        f"{_where(path)}:{node.lineno}: {node.func.id}() of a built string"
                    )
    return problems


def _where(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def template(paths: list[str] | None = None) -> Catalog:
    catalog = Catalog(project="kamctl", domain="kamctl")
    for path in source_files(paths):
        where = _where(path)
        for lineno, message, context in messages_of(path):
            catalog.add(message, locations=[(where, lineno)], context=context)
    if not paths:
        for spec in VALUE_SETS:
            module, name = spec.split(":")
            for value in getattr(importlib.import_module(module), name):
                catalog.add(value, locations=[(spec, 0)], context=VALUE_CONTEXT)
        for name in FOREIGN:
            for base in map(Path, sys.path):
                path = base / name
                if path.is_file():
                    for lineno, message, context in messages_of(path, name=name):
                        catalog.add(message, locations=[(name, lineno)], context=context)
                    break
    return catalog


# ---------------------------------------------------------------------------------------------
# The catalog


def read(path: Path | None = None) -> Catalog:
    with (path or PO).open("rb") as handle:
        return read_po(handle, locale="ja", domain="kamctl")


def translations() -> Catalog:
    """kamctl.po with every parts/*.po merged in (a part's translation wins over an empty one)."""
    catalog = read() if PO.exists() else Catalog(locale="ja", domain="kamctl", project="kamctl", fuzzy=False)
    for part in sorted(PARTS.glob("*.po")) if PARTS.is_dir() else ():
        for message in read(part):
            if not message.id or not message.string or message.fuzzy:
                continue
            known = catalog.get(message.id, context=message.context)
            if known is None:
                catalog.add(message.id, message.string, context=message.context)
            elif not _translated(known):
                known.string = message.string
    return catalog


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(message.string) and all(strings) and not message.fuzzy


def update() -> None:
    """Extract and merge into kamctl.po: new strings come in untranslated, gone ones are dropped."""
    catalog = translations()
    catalog.update(template(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=0, include_lineno=False, sort_output=False, omit_header=False)


def compile_catalog(target: Path = MO) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".mo.tmp")
    with partial.open("wb") as handle:
        write_mo(handle, translations())
    partial.replace(target)
    return target


PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]|%[sd]")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def problems(paths: list[str] | None = None) -> list[str]:
    """What keeps the catalog from covering `paths` (or everything): strings without a Japanese
    translation, translations whose {placeholders} differ, `_()` of built strings."""
    found: list[str] = []
    catalog = translations()
    for path in source_files(paths):
        found += non_literal_calls(path)
    for message in template(paths):
        if not message.id:
            continue
        where = ", ".join(f"{file}:{line}" for file, line in message.locations[:2])
        known = catalog.get(message.id, context=message.context)
        shown = message.id if isinstance(message.id, str) else message.id[0]
        if known is None or not _translated(known):
            found.append(f"{where}: no Japanese for {shown!r}")
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = known.string if isinstance(known.string, tuple | list) else (known.string,)
        if any(placeholders(ids[-1]) != placeholders(string) for string in strings):
            found.append(f"{where}: placeholders differ in the Japanese for {shown!r}")
    return found


def write_part(name: str, paths: list[str]) -> Path:
    """parts/NAME.po: every string of `paths` that kamctl.po does not translate, keeping the
    translations the part already has (fill in the empty msgstr, then `compile`)."""
    target = PARTS / f"{name}.po"
    known = read(target) if target.exists() else None
    main_catalog = read() if PO.exists() else Catalog(locale="ja", domain="kamctl")
    part = Catalog(locale="ja", domain="kamctl", project="kamctl", fuzzy=False)
    for message in template(paths):
        if not message.id:
            continue
        translated = main_catalog.get(message.id, context=message.context)
        if translated is not None and _translated(translated):
            continue
        before = known.get(message.id, context=message.context) if known is not None else None
        part.add(
            message.id,
            before.string if before is not None else ("", "") if isinstance(message.id, tuple) else "",
            locations=message.locations,
            context=message.context,
        )
    for message in known or ():
        # What the part translates for other files stays (a part may be written file by file).
        if message.id and message.string and part.get(message.id, context=message.context) is None:
            part[message.id] = message
    PARTS.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        write_po(handle, part, width=0, include_lineno=False, omit_header=False)
    return target


def main(argv: list[str]) -> int:
    command, *rest = argv or ["check"]
    if command == "update":
        update()
    elif command == "part":
        print(write_part(rest[0], rest[1:]))
    elif command == "compile":
        print(compile_catalog())
    elif command == "check":
        found = problems(rest or None)
        for line in found:
            print(line)
        print(f"{len(found)} problem(s)", file=sys.stderr)
        return 1 if found else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
