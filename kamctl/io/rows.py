"""Reading rows from a CSV or JSON file for imports, each with where it came from (`line 7`)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kamctl.errors import InvalidValue


@dataclass(frozen=True)
class SourceRow:
    where: str
    """`line 7` for CSV (the header is line 1), `item 3` for JSON."""
    values: dict[str, Any]
    problem: str | None = None
    """Set when the row cannot even be read as fields (more cells than the header has names)."""


def read_rows(path: Path) -> list[SourceRow]:
    """Rows of a `.json` file (a list of objects) or of a CSV file with a header line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidValue(f"no file {str(path)!r}") from None
    except UnicodeDecodeError:
        raise InvalidValue(f"{path} is not UTF-8 text") from None
    except IsADirectoryError:
        raise InvalidValue(f"{path} is a folder, not a file") from None
    if path.suffix.casefold() == ".json" or text.lstrip().startswith(("[", "{")):
        return _json_rows(path, text)
    return _csv_rows(path, text)


def _json_rows(path: Path, text: str) -> list[SourceRow]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidValue(f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    if isinstance(data, dict):
        # A single object, or an export wrapped as {"accounts": [...]}.
        lists = [value for value in data.values() if isinstance(value, list)]
        data = lists[0] if len(lists) == 1 else [data]
    if not isinstance(data, list):
        raise InvalidValue(f"{path}: expected a list of objects")
    rows = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise InvalidValue(f"{path}: item {number} is not an object")
        rows.append(SourceRow(f"item {number}", dict(item)))
    return rows


def _csv_rows(path: Path, text: str) -> list[SourceRow]:
    lines = text.splitlines(keepends=True)
    try:
        dialect = csv.Sniffer().sniff(lines[0] if lines else "", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(lines, dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidValue(f"{path} is empty") from None
    except csv.Error as exc:
        raise InvalidValue(f"{path}: line 1: {exc}") from None
    header = [name.strip() for name in header]
    rows = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InvalidValue(f"{path}: line {reader.line_num}: {exc}") from None
        if not any(cell.strip() for cell in cells):
            continue
        where = f"line {reader.line_num}"
        if len(cells) > len(header):
            problem = f"{len(cells)} cells, but the header names {len(header)} columns"
            rows.append(SourceRow(where, {}, problem))
            continue
        rows.append(SourceRow(where, dict(zip(header, cells, strict=False))))
    return rows
