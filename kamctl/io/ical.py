"""The due list as an RFC 5545 calendar: one VTODO per item, with stable UIDs and RRULEs.

A UID is the item's stable id (`reminder-12@kamctl`, `cadence-3@kamctl`, …), so importing a
newer export into a calendar updates the to-dos instead of adding copies. A recurring reminder
keeps its rule: DTSTART and DUE are its current occurrence (VALUE=DATE) and RRULE repeats it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from kamctl.render.safe import printable

if TYPE_CHECKING:
    # Only named in annotations: vCard export borrows `escape_text` without the due-list domain.
    from kamctl.domain.reminders import DueItem

PRODUCT = "-//kamctl//remind export//EN"
LINE_LIMIT = 75
"""Octets per line before folding (RFC 5545 §3.1)."""


def uid(item: DueItem) -> str:
    name = f"reminder-{item.id}" if isinstance(item.id, int) else str(item.id).replace(":", "-")
    return f"{name}@kamctl"


def escape_text(value: object) -> str:
    """TEXT values (RFC 5545 §3.3.11, the same in vCard's RFC 6350 §3.4): backslash, semicolon,
    comma and line breaks (CR LF, CR, LF) escaped.

    The RFCs allow no other control character but tab: any other is shown as `\\x1b` (SPEC §2), as
    readers differ in what they do with them.
    """
    text = printable(str(value).replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= LINE_LIMIT:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = LINE_LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, LINE_LIMIT - 1  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def calendar_text(
    items: Sequence[DueItem], *, stamp: datetime, rules: Mapping[int, str] | None = None
) -> str:
    """The calendar; `rules` maps a recurring reminder's id to its RRULE value (`FREQ=WEEKLY`)."""
    rules = rules or {}
    stamped = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN"]
    for item in items:
        who = f" ({item.contact})" if item.contact else ""
        description = f"{item.kind} · {item.account}{who} · kamctl id {item.id}"
        lines += [
            "BEGIN:VTODO",
            f"UID:{uid(item)}",
            f"DTSTAMP:{stamped}",
            f"SUMMARY:{escape_text(f'{item.account}: {item.title}')}",
            f"DESCRIPTION:{escape_text(description)}",
            f"CATEGORIES:{escape_text(item.kind)}",
            "STATUS:NEEDS-ACTION",
        ]
        rule = rules.get(item.id) if isinstance(item.id, int) else None
        if rule:
            lines += [f"DTSTART;VALUE=DATE:{_day(item.due)}", f"RRULE:{rule}"]
        lines += [f"DUE;VALUE=DATE:{_day(item.due)}", "END:VTODO"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
