"""The layering of kamctl/, read from the source: commands parse, call one use case and render;
use cases and the domain know nothing of the terminal; the domain knows nothing of the database."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kamctl"

SHARED_CLI_HELPERS = {"options", "context", "confirm", "editor", "imports"}
"""Modules of kamctl/cli/ that every command may use; the others are commands."""


@dataclass(frozen=True)
class Import:
    module: str
    """Every module the statement may load: `from kamctl import store` gives `kamctl.store`."""
    line: int


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, package_folder: Path = PACKAGE) -> list[Import]:
    """Every import in the file, at module level or inside functions, relative ones resolved."""
    name = module_name(path, package_folder)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.append(Import(base, node.lineno))
            found += [Import(f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return found


def modules_in(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(PACKAGE.parent)}:{line}"


def is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def cli_modules() -> list[Path]:
    return [path for path in modules_in("cli") if path.name != "context.py"]


def test_the_reading_sees_imports_at_every_level_and_relative_ones(tmp_path):
    """The checks below are only as good as this reading of the source."""
    sample = tmp_path / "kamctl" / "cli" / "sample.py"
    sample.parent.mkdir(parents=True)
    sample.write_text(
        "import typer\n"
        "def command():\n"
        "    from kamctl import store\n"
        "    from ..store.engine import open_store\n"
        "    from . import score\n",
        encoding="utf-8",
    )
    found = {(item.module, item.line) for item in imports(sample, tmp_path / "kamctl")}
    assert {("typer", 1), ("kamctl.store", 3), ("kamctl.store.engine", 4), ("kamctl.cli.score", 5)} <= found


def test_no_command_touches_the_store():
    """SQL and ORM sessions belong to the use cases (kamctl/actions); cli/context.py opens the store."""
    offences = []
    for path in cli_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offences += [
            f"{where(path, item.line)} imports {item.module}"
            for item in imports(path)
            if is_within(item.module, "kamctl.store")
        ]
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "transaction":
                offences.append(f"{where(path, node.lineno)} opens a transaction")
            elif isinstance(node, ast.Name) and node.id == "session":
                offences.append(f"{where(path, node.lineno)} uses a session")
            elif isinstance(node, ast.arg) and node.arg == "session":
                offences.append(f"{where(path, node.lineno)} takes a session")
            elif isinstance(node, ast.keyword) and node.arg == "session":
                offences.append(f"{where(path, node.value.lineno)} passes a session")
    assert sorted(set(offences)) == []


def test_no_command_module_imports_another():
    """A rule two commands share lives in kamctl/actions or kamctl/domain, not in a command."""
    commands = {path.stem for path in modules_in("cli") if path.stem not in SHARED_CLI_HELPERS | {"__init__"}}
    offences = []
    for path in modules_in("cli"):
        if path.name == "__init__.py":
            continue  # the root group registers every command
        offences += [
            f"{where(path, item.line)} imports {item.module}"
            for item in imports(path)
            if item.module.rpartition(".")[0] == "kamctl.cli"
            and item.module.rpartition(".")[2] in commands
            and item.module != module_name(path)
        ]
    assert sorted(set(offences)) == []


@pytest.mark.parametrize("layer", ["actions", "domain"])
def test_use_cases_and_the_domain_know_nothing_of_the_terminal(layer):
    offences = [
        f"{where(path, item.line)} imports {item.module}"
        for path in modules_in(layer)
        for item in imports(path)
        if any(is_within(item.module, banned) for banned in ("typer", "rich", "kamctl.cli"))
    ]
    assert sorted(set(offences)) == []


def test_the_domain_knows_nothing_of_the_database():
    offences = [
        f"{where(path, item.line)} imports {item.module}"
        for path in modules_in("domain")
        for item in imports(path)
        if is_within(item.module, "kamctl.store")
    ]
    assert sorted(set(offences)) == []


def import_graph() -> dict[str, set[str]]:
    """Which kamctl modules each kamctl module imports (at any level), by module name."""
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py") if "versions" not in path.parts}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        targets = set()
        for item in imports(path):
            module = item.module
            while module and module not in paths:  # `from kamctl.x import name`: the module kamctl.x
                module = module.rpartition(".")[0]
            if module and module != name:
                targets.add(module)
        graph[name] = targets
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round about (Tarjan)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in order:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], order[target])
        if low[module] == order[module]:
            group = []
            while (member := stack.pop()) != module:
                group.append(member)
            if group:
                found.append(sorted([module, *group]))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return found


def test_circles_are_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(graph) == [["a", "b", "c"]]


def test_no_modules_import_each_other():
    """A package imported by its own parts is not counted: `kamctl.cli` registers its commands."""
    graph = import_graph()
    for name, targets in graph.items():
        targets -= {parent for parent in targets if is_within(name, parent)}
    assert circles(graph) == []
