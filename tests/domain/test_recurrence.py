"""Recurrence rules of `remind add --every` (SPEC §7): named rules and RFC 5545 RRULEs via dateutil."""

from __future__ import annotations

from datetime import date

import pytest

from kamctl.domain.recurrence import after_done, parse_rule
from kamctl.errors import InvalidValue

FRI = date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(
    ("text", "canonical", "rrule"),
    [
        ("daily", "daily", "FREQ=DAILY"),
        ("Weekly", "weekly", "FREQ=WEEKLY"),
        ("every 2 weeks", "every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
        ("every  1 month", "every 1 month", "FREQ=MONTHLY"),
        ("monthly", "monthly", "FREQ=MONTHLY"),
        ("quarterly", "quarterly", "FREQ=MONTHLY;INTERVAL=3"),
        ("yearly", "yearly", "FREQ=YEARLY"),
        ("annually", "yearly", "FREQ=YEARLY"),
        ("first monday of month", "first monday of month", "FREQ=MONTHLY;BYDAY=1MO"),
        ("Last Fri of the month", "last friday of month", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("RRULE:FREQ=WEEKLY;BYDAY=MO", "RRULE:FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=MO"),
        (
            "rrule:freq=monthly;bymonthday=15",
            "RRULE:FREQ=MONTHLY;BYMONTHDAY=15",
            "FREQ=MONTHLY;BYMONTHDAY=15",
        ),
        (
            "RRULE:FREQ=DAILY;UNTIL=20261231T000000Z",
            "RRULE:FREQ=DAILY;UNTIL=20261231",
            "FREQ=DAILY;UNTIL=20261231",
        ),
    ],
)
def test_rules_are_read_into_a_canonical_text_and_an_rrule(text, canonical, rrule):
    rule = parse_rule(text)
    assert (rule.text, rule.rrule) == (canonical, rrule)
    assert parse_rule(rule.text) == rule  # the stored text reads back the same


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        # The first occurrence on or after the given due date: the date itself when it fits the rule.
        ("weekly", FRI, date(2026, 11, 20)),
        ("first monday of month", FRI, date(2026, 12, 7)),
        ("RRULE:FREQ=WEEKLY;BYDAY=MO", FRI, date(2026, 11, 23)),
        ("last friday of month", FRI, date(2026, 11, 27)),
        ("RRULE:FREQ=MONTHLY;BYMONTHDAY=20", FRI, date(2026, 11, 20)),
    ],
)
def test_first_occurrence_on_or_after_the_due_date(text, start, expected):
    assert parse_rule(text).first_on_or_after(start) == expected


@pytest.mark.parametrize(
    ("text", "start", "after", "expected"),
    [
        ("daily", FRI, FRI, date(2026, 11, 21)),
        ("weekly", FRI, FRI, date(2026, 11, 27)),
        ("every 2 weeks", FRI, FRI, date(2026, 12, 4)),
        ("monthly", FRI, FRI, date(2026, 12, 20)),
        ("quarterly", FRI, FRI, date(2027, 2, 20)),
        ("yearly", FRI, FRI, date(2027, 11, 20)),
        # Occurrences keep counting from the start: weekly from a Friday, asked after a Tuesday.
        ("weekly", FRI, date(2026, 12, 1), date(2026, 12, 4)),
        # dateutil skips months without the start's day (RFC 5545): Jan 31 → Mar 31.
        ("monthly", date(2027, 1, 31), date(2027, 1, 31), date(2027, 3, 31)),
        ("first monday of month", date(2026, 12, 7), date(2026, 12, 7), date(2027, 1, 4)),
        ("RRULE:FREQ=DAILY;COUNT=2", FRI, date(2026, 11, 21), None),  # the rule has ended
    ],
)
def test_next_occurrence_after_a_day(text, start, after, expected):
    assert parse_rule(text).next_after(start, after) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the recurrence rule is empty"),
        ("sometimes", "cannot read the recurrence rule 'sometimes'"),
        ("every 0 days", "cannot repeat every 0 days"),
        ("fifth monday of month", "cannot read the recurrence rule"),
        ("RRULE:FREQ=HOURLY", "FREQ must be one of DAILY, WEEKLY, MONTHLY, YEARLY (got 'HOURLY')"),
        ("RRULE:FREQ=WEEKLY;BYDAY=XX", "invalid RRULE 'FREQ=WEEKLY;BYDAY=XX'"),
        ("RRULE:INTERVAL=2", "invalid RRULE"),
        ("RRULE:FREQ=FOO", "invalid RRULE 'FREQ=FOO'"),
        ("DTSTART:20260101\nRRULE:FREQ=DAILY", "cannot read the recurrence rule"),
    ],
)
def test_bad_rules_are_clear_errors(text, message):
    with pytest.raises(InvalidValue, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_rule(text)


@pytest.mark.parametrize(
    ("rule", "done_before", "due", "today", "expected"),
    [
        # COUNT=4 from Friday 20 Nov: done on time three times, the 4th done closes it for good.
        ("RRULE:FREQ=WEEKLY;COUNT=4", 0, FRI, FRI, date(2026, 11, 27)),
        ("RRULE:FREQ=WEEKLY;COUNT=4", 2, date(2026, 12, 4), date(2026, 12, 4), date(2026, 12, 11)),
        ("RRULE:FREQ=WEEKLY;COUNT=4", 3, date(2026, 12, 11), date(2026, 12, 11), None),
        ("RRULE:FREQ=WEEKLY;COUNT=1", 0, FRI, FRI, None),
        # Done late: the skipped occurrences do not use the count up (the next after today).
        ("RRULE:FREQ=WEEKLY;COUNT=2", 0, FRI, date(2027, 1, 2), date(2027, 1, 8)),
        # UNTIL: closed once the next occurrence would be after it.
        ("RRULE:FREQ=WEEKLY;UNTIL=20261203", 0, FRI, FRI, date(2026, 11, 27)),
        ("RRULE:FREQ=WEEKLY;UNTIL=20261203", 1, date(2026, 11, 27), date(2026, 11, 27), None),
        ("weekly", 40, FRI, FRI, date(2026, 11, 27)),
        (None, 0, FRI, FRI, None),
    ],
)
def test_done_moves_on_until_the_count_or_until_ends_the_rule(rule, done_before, due, today, expected):
    assert after_done(due, rule, today=today, occurrences_done=done_before) == expected


@pytest.mark.parametrize(
    ("rule", "done", "expected"),
    [
        ("RRULE:FREQ=WEEKLY;COUNT=4", 0, "FREQ=WEEKLY;COUNT=4"),
        ("RRULE:FREQ=WEEKLY;COUNT=4;BYDAY=MO", 3, "FREQ=WEEKLY;COUNT=1;BYDAY=MO"),
        ("RRULE:FREQ=WEEKLY;COUNT=4", 9, "FREQ=WEEKLY;COUNT=1"),
        ("RRULE:FREQ=WEEKLY;UNTIL=20261203", 2, "FREQ=WEEKLY;UNTIL=20261203"),
        ("monthly", 2, "FREQ=MONTHLY"),
    ],
)
def test_the_remaining_rule_counts_only_what_is_left(rule, done, expected):
    assert parse_rule(rule).remaining(done).rrule == expected
