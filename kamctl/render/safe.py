"""User text is data: shown literally, never as Rich markup or terminal control sequences."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""What SPEC §2 calls terminal control characters: C0 except tab and newline, DEL, C1, the Unicode
bidirectional overrides, embeddings and isolates, and the direction marks (U+200E, U+200F, U+061C),
which can make a line read differently from what it contains. A carriage return is one too: alone
it moves the cursor back over what the line already shows."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value: object) -> str:
    """`value` as text with every control character made visible (`\\x1b`), safe for any terminal."""
    text = "" if value is None else str(value)
    # Every unsafe character is a control or format character, so printable text has none: the
    # check is far cheaper than the search on the ASCII and Japanese text that almost all data is.
    return text if text.isprintable() else UNSAFE.sub(_escape, text)


_UNSAFE_IN_CELLS = re.compile(UNSAFE.pattern.replace("\x0b-\x1f", "\x0b\x0c\x0e-\x1f"))
"""The same set less the carriage return, which in a CSV file is a line break like LF (RFC 4180)."""


def printable_cell(value: object) -> str:
    """Like `printable`, but a carriage return stays: a CSV cell keeps its CR LF or CR line breaks
    (quoted by the writer), so that notes written on any system import back unchanged."""
    text = "" if value is None else str(value)
    return text if text.isprintable() else _UNSAFE_IN_CELLS.sub(_escape, text)


def one_line(value: object) -> str:
    """Like `printable`, with line breaks and tabs folded into spaces (plain lists, table cells)."""
    return " ".join(printable(value).split())


def literal(value: object, style: str = "") -> Text:
    """User text as a Rich `Text` on one line: titles, captions, tree nodes, anything Rich would
    otherwise read as markup (`[/]` raises, `[link=…]` makes a live hyperlink)."""
    from rich.text import Text

    return Text(one_line(value), style=style)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_safe(encoded: str) -> str:
    """JSON text with every control character written as a `\\uXXXX` escape.

    The encoder already escapes C0 but writes DEL, C1 and the bidi controls raw, which `cat`
    would hand to the terminal. JSON's own escape keeps the data exact: `json.loads` returns the
    original string. Outside strings JSON text is ASCII, so every match is inside a string.
    """
    return encoded if encoded.isprintable() else UNSAFE.sub(_json_escape, encoded)
