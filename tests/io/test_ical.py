"""`remind export` calendars (RFC 5545): escaping, folding, stable UIDs, RRULEs; read back by `icalendar`."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kamctl.domain.reminders import DueItem
from kamctl.io.ical import calendar_text, escape_text, fold, uid

STAMP = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)


def item(id, kind="follow-up", title="Send proposal", **values) -> DueItem:
    values.setdefault("due", date(2026, 11, 23))
    return DueItem(id=id, kind=kind, account_id=1, account=values.pop("account", "Kappa Motors"), title=title,
                   tier="key", **values)  # fmt: skip


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a,b;c\\d", "a\\,b\\;c\\\\d"),
        ("line\nnext", "line\\nnext"),
        ("日本語", "日本語"),
        ("bell\x07\r\nCR\rC1 \x9b bidi \u202e", "bell\\\\x07\\nCR\\nC1 \\\\x9b bidi \\\\u202e"),
    ],
)
def test_text_values_are_escaped(value, expected):
    assert escape_text(value) == expected


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "日本語のメモ" * 20
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert parts[0] + "".join(part[1:] for part in parts[1:]) == line


def test_uids_are_stable_item_ids():
    assert [uid(item(12)), uid(item("cadence:contact:5", kind="cadence"))] == [
        "reminder-12@kamctl", "cadence-contact-5@kamctl",
    ]  # fmt: skip


def test_a_real_parser_reads_every_todo_back():
    icalendar = pytest.importorskip("icalendar")
    items = [
        item(1, title="Proposal, pricing; v2\nwith notes", contact="Ito Ken"),
        item(2, kind="recurring", title="Weekly call", rule="weekly"),
        item("renewal:3", kind="renewal", title="Renewal on 2027-02-20", account="株式会社サンプル" * 5),
    ]
    text = calendar_text(items, stamp=STAMP, rules={2: "FREQ=WEEKLY;BYDAY=MO"})
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    calendar = icalendar.Calendar.from_ical(text)
    todos = list(calendar.walk("VTODO"))
    assert [str(todo["UID"]) for todo in todos] == [
        "reminder-1@kamctl",
        "reminder-2@kamctl",
        "renewal-3@kamctl",
    ]
    assert str(todos[0]["SUMMARY"]) == "Kappa Motors: Proposal, pricing; v2\nwith notes"
    assert todos[1]["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO"
    assert todos[1]["DTSTART"].dt == todos[1]["DUE"].dt == date(2026, 11, 23)
    assert "RRULE" not in todos[0] and "DTSTART" not in todos[0]
    assert str(todos[2]["SUMMARY"]).startswith("株式会社サンプル")
    assert todos[0]["DTSTAMP"].dt == STAMP
