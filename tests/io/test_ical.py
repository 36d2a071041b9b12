"""`remind export` calendars (RFC 5545): escaping, folding, UIDs stable and unique to the database,
priorities, RRULEs, completed items, to-dos or events; read back by `icalendar`."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kamctl.domain.reminders import DueItem
from kamctl.io.ical import calendar_text, escape_text, fold, uid

STAMP = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
DATABASE = "0123abcd"


def item(id, kind="follow-up", title="Send proposal", **values) -> DueItem:
    values.setdefault("due", date(2026, 11, 23))
    values.setdefault("tier", "key")
    return DueItem(id=id, kind=kind, account_id=1, account=values.pop("account", "Kappa Motors"), title=title,
                   **values)  # fmt: skip


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


def test_uids_are_stable_item_ids_of_this_database():
    assert [uid(item(12), DATABASE), uid(item("cadence:contact:5", kind="cadence"), "other")] == [
        "reminder-12.0123abcd@kamctl", "cadence-contact-5.other@kamctl",
    ]  # fmt: skip


def test_a_real_parser_reads_every_todo_back():
    icalendar = pytest.importorskip("icalendar")
    items = [
        item(1, title="Proposal, pricing; v2\nwith notes", contact="Ito Ken"),
        item(2, kind="recurring", title="Weekly call", rule="weekly", tier="candidate"),
        item("renewal:3", kind="renewal", title="Renewal on 2027-02-20", account="株式会社サンプル" * 5),
        item(4, title="Sent the deck", due=date(2026, 11, 18), tier="standard"),
    ]
    done = datetime(2026, 11, 19, 7, 30, tzinfo=UTC)
    text = calendar_text(
        items, stamp=STAMP, database=DATABASE, rules={2: "FREQ=WEEKLY;BYDAY=MO;COUNT=3"}, completed={4: done}
    )
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    calendar = icalendar.Calendar.from_ical(text)
    todos = list(calendar.walk("VTODO"))
    assert [str(todo["UID"]) for todo in todos] == [
        "reminder-1.0123abcd@kamctl",
        "reminder-2.0123abcd@kamctl",
        "renewal-3.0123abcd@kamctl",
        "reminder-4.0123abcd@kamctl",
    ]
    assert str(todos[0]["SUMMARY"]) == "Kappa Motors: Proposal, pricing; v2\nwith notes"
    assert [int(todo["PRIORITY"]) for todo in todos] == [1, 5, 1, 9]
    assert [str(todo["STATUS"]) for todo in todos] == ["NEEDS-ACTION"] * 3 + ["COMPLETED"]
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3\r\n" in text  # as given (icalendar reorders its parts)
    # RFC 5545 §3.6.2: DUE after DTSTART; the occurrence is due by the end of its day.
    assert (todos[1]["DTSTART"].dt, todos[1]["DUE"].dt) == (date(2026, 11, 23), date(2026, 11, 24))
    assert "RRULE" not in todos[0] and "DTSTART" not in todos[0]
    assert todos[0]["DUE"].dt == date(2026, 11, 23)
    assert str(todos[2]["SUMMARY"]).startswith("株式会社サンプル")
    assert todos[0]["DTSTAMP"].dt == STAMP
    assert todos[3]["COMPLETED"].dt == done and "COMPLETED" not in todos[0]


def test_events_are_all_day_with_the_rule_and_done_items_marked():
    icalendar = pytest.importorskip("icalendar")
    items = [
        item(2, kind="recurring", title="Weekly call", rule="weekly"),
        item(4, title="Sent the deck", due=date(2026, 11, 18), tier="candidate"),
    ]
    done = datetime(2026, 11, 19, 7, 30, tzinfo=UTC)
    text = calendar_text(
        items, stamp=STAMP, database=DATABASE, rules={2: "FREQ=WEEKLY;COUNT=2"}, completed={4: done}, form="event"
    )
    calendar = icalendar.Calendar.from_ical(text)
    assert list(calendar.walk("VTODO")) == []
    weekly, deck = calendar.walk("VEVENT")
    assert (weekly["DTSTART"].dt, weekly["DTEND"].dt) == (date(2026, 11, 23), date(2026, 11, 24))
    assert weekly["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=2"
    assert (str(weekly["UID"]), int(weekly["PRIORITY"]), str(weekly["TRANSP"])) == (
        "reminder-2.0123abcd@kamctl", 1, "TRANSPARENT",
    )  # fmt: skip
    assert (str(deck["SUMMARY"]), deck["DTSTART"].dt, int(deck["PRIORITY"])) == (
        "Done: Kappa Motors: Sent the deck", date(2026, 11, 18), 5,
    )  # fmt: skip
    assert "RRULE" not in deck and "STATUS" not in deck
