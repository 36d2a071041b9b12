"""User text is data: shown literally, never as Rich markup or terminal control sequences."""

from __future__ import annotations

import re

# C0 and C1 control characters (except newline and tab) and the Unicode bidirectional
# overrides, which can make a line read differently from what it contains.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value: object) -> str:
    """`value` as text with every control character made visible (`\\x1b`), safe for any terminal."""
    return _UNSAFE.sub(_escape, "" if value is None else str(value))


def one_line(value: object) -> str:
    """Like `printable`, with line breaks and tabs folded into spaces (plain lists, table cells)."""
    return " ".join(printable(value).split())
