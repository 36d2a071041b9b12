"""The due list as an RFC 5545 calendar: one VTODO per item, or one all-day VEVENT for calendars
that ignore to-dos (khal, Google Calendar); stable UIDs, priorities, RRULEs, completed items.

A UID is the item's stable id and the database's own random id (`reminder-12.<database id>@kamctl`),
so importing a newer export into a calendar updates its items instead of adding copies, and two
people's exports never collide in one calendar. PRIORITY follows the account's tier.

To-dos: a one-off has a DUE date only. A recurring one starts on its current occurrence (DTSTART)
and is due by the end of that day (DUE the next day: RFC 5545 §3.6.2 wants DUE after DTSTART, and
a date-valued DUE is the start of its day); its RRULE's COUNT is what is left of it, so a rule of
COUNT=4 with one occurrence done yields 3 more, never a fifth. Items done lately are exported as
STATUS:COMPLETED with the moment they were done (COMPLETED), so a calendar closes them.

Events: all day (DTSTART;VALUE=DATE, DTEND the next day, TRANSP:TRANSPARENT: a reminder does not
make anyone busy); a done item stays on its day with "Done: " before its summary, as events have
no completion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from kamctl.render.safe import printable

if TYPE_CHECKING:
    # Only named in annotations: vCard export borrows `escape_text` without the due-list domain.
    from kamctl.domain.reminders import DueItem

PRODUCT = "-//kamctl//remind export//EN"
LINE_LIMIT = 75
"""Octets per line before folding (RFC 5545 §3.1)."""


PRIORITIES = {"key": 1, "candidate": 5, "standard": 9}
"""PRIORITY by account tier (RFC 5545 §3.8.1.9: 1 highest, 5 medium, 9 lowest)."""

FORMS = ("todo", "event")
"""`remind export --as`: VTODOs, or all-day VEVENTs."""


def uid(item: DueItem, database: str) -> str:
    name = f"reminder-{item.id}" if isinstance(item.id, int) else str(item.id).replace(":", "-")
    return f"{name}.{database}@kamctl"


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


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_text(
    items: Sequence[DueItem],
    *,
    stamp: datetime,
    database: str,
    rules: Mapping[int, str] | None = None,
    completed: Mapping[int | str, datetime] | None = None,
    form: str = "todo",
) -> str:
    """The calendar of `items` as `form` (`todo` or `event`); `rules` maps a recurring reminder's id
    to its RRULE value (`FREQ=WEEKLY;COUNT=3`), `completed` an item done lately to when it was done."""
    rules = rules or {}
    completed = completed or {}
    component = "VEVENT" if form == "event" else "VTODO"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN"]
    for item in items:
        done_at = completed.get(item.id)
        who = f" ({item.contact})" if item.contact else ""
        description = f"{item.kind} · {item.account}{who} · kamctl id {item.id}"
        summary = f"{item.account}: {item.title}"
        if done_at is not None and form == "event":
            summary = f"Done: {summary}"
        lines += [
            f"BEGIN:{component}",
            f"UID:{uid(item, database)}",
            f"DTSTAMP:{_moment(stamp)}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(description)}",
            f"CATEGORIES:{escape_text(item.kind)}",
            f"PRIORITY:{PRIORITIES.get(item.tier, 0)}",
        ]
        rule = rules.get(item.id) if isinstance(item.id, int) and done_at is None else None
        if form == "event":
            lines += [
                f"DTSTART;VALUE=DATE:{_day(item.due)}",
                f"DTEND;VALUE=DATE:{_day(item.due + timedelta(days=1))}",
                "TRANSP:TRANSPARENT",
            ]
            lines += [f"RRULE:{rule}"] if rule else []
        elif done_at is not None:
            lines += ["STATUS:COMPLETED", f"COMPLETED:{_moment(done_at)}", f"DUE;VALUE=DATE:{_day(item.due)}"]
        elif rule:
            lines += [
                "STATUS:NEEDS-ACTION",
                f"DTSTART;VALUE=DATE:{_day(item.due)}",
                f"RRULE:{rule}",
                f"DUE;VALUE=DATE:{_day(item.due + timedelta(days=1))}",
            ]
        else:
            lines += ["STATUS:NEEDS-ACTION", f"DUE;VALUE=DATE:{_day(item.due)}"]
        lines.append(f"END:{component}")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
