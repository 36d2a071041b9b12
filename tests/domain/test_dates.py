"""SPEC §2 "Dates": every date option reads ISO dates/datetimes and the natural phrases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamctl.domain.dates import parse_date, parse_datetime
from kamctl.domain.limits import FIRST_DAY, LAST_DAY
from kamctl.errors import InvalidValue

FRIDAY = date(2026, 11, 20)  # the conftest's fixed day
MONDAY = date(2026, 11, 23)
JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=JST)  # a Friday morning in Tokyo


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 20)),
        ("now", date(2026, 11, 20)),
        ("yesterday", date(2026, 11, 19)),
        ("tomorrow", date(2026, 11, 21)),
        ("今日", date(2026, 11, 20)),
        ("きょう", date(2026, 11, 20)),
        ("本日", date(2026, 11, 20)),
        ("昨日", date(2026, 11, 19)),
        ("きのう", date(2026, 11, 19)),
        ("明日", date(2026, 11, 21)),
        ("あした", date(2026, 11, 21)),
        ("あす", date(2026, 11, 21)),
    ],
)
def test_day_words_name_today_and_its_neighbours(text: str, expected: date) -> None:
    assert parse_date(text, today=FRIDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # `friday` is the next one, today excluded: on a Friday it is a week ahead.
        ("friday", date(2026, 11, 27)),
        ("fri", date(2026, 11, 27)),
        ("next friday", date(2026, 11, 27)),
        ("next fri", date(2026, 11, 27)),
        ("saturday", date(2026, 11, 21)),
        ("sat", date(2026, 11, 21)),
        ("sunday", date(2026, 11, 22)),
        ("sun", date(2026, 11, 22)),
        ("monday", date(2026, 11, 23)),
        ("mon", date(2026, 11, 23)),
        ("next monday", date(2026, 11, 23)),
        ("tuesday", date(2026, 11, 24)),
        ("tue", date(2026, 11, 24)),
        ("tues", date(2026, 11, 24)),
        ("wednesday", date(2026, 11, 25)),
        ("wed", date(2026, 11, 25)),
        ("thursday", date(2026, 11, 26)),
        ("thu", date(2026, 11, 26)),
        ("thur", date(2026, 11, 26)),
        ("thurs", date(2026, 11, 26)),
        # `last monday` is the latest one before today, today excluded.
        ("last friday", date(2026, 11, 13)),
        ("last fri", date(2026, 11, 13)),
        ("last thursday", date(2026, 11, 19)),
        ("last saturday", date(2026, 11, 14)),
        ("last sunday", date(2026, 11, 15)),
        ("last monday", date(2026, 11, 16)),
        ("last wed", date(2026, 11, 18)),
    ],
)
def test_weekdays_from_a_friday(text: str, expected: date) -> None:
    assert parse_date(text, today=FRIDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("monday", date(2026, 11, 30)),
        ("next monday", date(2026, 11, 30)),
        ("last monday", date(2026, 11, 16)),
        ("tuesday", date(2026, 11, 24)),
        ("last tuesday", date(2026, 11, 17)),
        ("friday", date(2026, 11, 27)),
        ("last friday", date(2026, 11, 20)),
        ("sunday", date(2026, 11, 29)),
        ("last sunday", date(2026, 11, 22)),
    ],
)
def test_weekdays_from_a_monday_exclude_today_both_ways(text: str, expected: date) -> None:
    assert parse_date(text, today=MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0 days ago", date(2026, 11, 20)),
        ("1 day ago", date(2026, 11, 19)),
        ("3 days ago", date(2026, 11, 17)),
        ("1 week ago", date(2026, 11, 13)),
        ("2 weeks ago", date(2026, 11, 6)),
        ("1 month ago", date(2026, 10, 20)),
        ("2 months ago", date(2026, 9, 20)),
        ("11 months ago", date(2025, 12, 20)),
        ("1 year ago", date(2025, 11, 20)),
        ("2 years ago", date(2024, 11, 20)),
        ("in 1 day", date(2026, 11, 21)),
        ("in 3 days", date(2026, 11, 23)),
        ("in 1 week", date(2026, 11, 27)),
        ("in 2 weeks", date(2026, 12, 4)),
        ("in 1 month", date(2026, 12, 20)),
        ("in 2 months", date(2027, 1, 20)),
        ("in 1 year", date(2027, 11, 20)),
        ("+0d", date(2026, 11, 20)),
        ("+3d", date(2026, 11, 23)),
        ("-3d", date(2026, 11, 17)),
        ("+45d", date(2027, 1, 4)),
        ("+1w", date(2026, 11, 27)),
        ("-2w", date(2026, 11, 6)),
        ("+1m", date(2026, 12, 20)),
        ("-1m", date(2026, 10, 20)),
        ("+2m", date(2027, 1, 20)),
        ("+1y", date(2027, 11, 20)),
        ("-1y", date(2025, 11, 20)),
    ],
)
def test_offsets_count_calendar_days_weeks_months_years(text: str, expected: date) -> None:
    assert parse_date(text, today=FRIDAY) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        # A month offset from a day the target month lacks lands on that month's last day.
        (date(2026, 1, 31), "+1m", date(2026, 2, 28)),
        (date(2026, 1, 31), "in 1 month", date(2026, 2, 28)),
        (date(2026, 1, 31), "+2m", date(2026, 3, 31)),
        (date(2026, 1, 31), "+3m", date(2026, 4, 30)),
        (date(2026, 1, 31), "-2m", date(2025, 11, 30)),
        (date(2026, 3, 31), "1 month ago", date(2026, 2, 28)),
        (date(2028, 1, 31), "+1m", date(2028, 2, 29)),
        (date(2028, 2, 29), "+1y", date(2029, 2, 28)),
        (date(2028, 2, 29), "1 year ago", date(2027, 2, 28)),
        (date(2028, 2, 29), "+4y", date(2032, 2, 29)),
        # Year ends.
        (date(2026, 12, 31), "tomorrow", date(2027, 1, 1)),
        (date(2026, 12, 31), "+1d", date(2027, 1, 1)),
        (date(2026, 12, 31), "friday", date(2027, 1, 1)),
        (date(2027, 1, 1), "yesterday", date(2026, 12, 31)),
        (date(2027, 1, 1), "last thursday", date(2026, 12, 31)),
    ],
)
def test_offsets_across_month_and_year_ends(today: date, text: str, expected: date) -> None:
    assert parse_date(text, today=today) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        ("2025-02-28", date(2025, 2, 28)),
        ("2028-02-29", date(2028, 2, 29)),
        ("2026-1-5", date(2026, 1, 5)),
        ("2026/11/20", date(2026, 11, 20)),
        # An ISO datetime gives its date part, as written (no zone conversion).
        ("2026-11-20 14:30", date(2026, 11, 20)),
        ("2026-11-20T14:30:15", date(2026, 11, 20)),
        ("2026-11-20T23:30:00.123456-05:00", date(2026, 11, 20)),
        ("2026-11-20T23:59Z", date(2026, 11, 20)),
        # A month name without a year means that day in today's year.
        ("nov 20", date(2026, 11, 20)),
        ("nov. 20", date(2026, 11, 20)),
        ("November 20", date(2026, 11, 20)),
        ("jan 3", date(2026, 1, 3)),
        ("sept 3", date(2026, 9, 3)),
        ("sep 30", date(2026, 9, 30)),
        ("dec 31", date(2026, 12, 31)),
        ("20 nov", date(2026, 11, 20)),
        ("20 nov 2026", date(2026, 11, 20)),
        ("20 november 2027", date(2027, 11, 20)),
        ("nov 20 2027", date(2027, 11, 20)),
        ("nov 20, 2027", date(2027, 11, 20)),
        ("nov 20 14:30", date(2026, 11, 20)),
        ("20 nov 2026 14:30", date(2026, 11, 20)),
    ],
)
def test_absolute_dates(text: str, expected: date) -> None:
    assert parse_date(text, today=FRIDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  TODAY ", date(2026, 11, 20)),
        ("Friday", date(2026, 11, 27)),
        ("FRI", date(2026, 11, 27)),
        ("LAST  Monday", date(2026, 11, 16)),
        ("Next Friday", date(2026, 11, 27)),
        ("In 2 Weeks", date(2026, 12, 4)),
        ("3  Days\tAgo", date(2026, 11, 17)),
        ("+3D", date(2026, 11, 23)),
        ("NOV 20", date(2026, 11, 20)),
        ("\t明日\n", date(2026, 11, 21)),
        ("2026-11-20T14:30z", date(2026, 11, 20)),
        # Full-width input from a Japanese keyboard reads like its ASCII form.
        ("＋３ｄ", date(2026, 11, 23)),
        ("ｔｏｄａｙ", date(2026, 11, 20)),
        ("ｎｏｖ\u3000２０", date(2026, 11, 20)),
        ("\u3000今日\u3000", date(2026, 11, 20)),
    ],
)
def test_case_whitespace_and_width_do_not_matter(text: str, expected: date) -> None:
    assert parse_date(text, today=FRIDAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "fooday",
        "12",
        "a",
        "20",
        "next",
        "last",
        "last month",
        "next week",
        "this friday",
        "next next friday",
        "friday 14:30",
        "yesterday 14:30",
        "in days",
        "3 days",
        "in 3",
        "3 fortnights ago",
        "+3",
        "3d",
        "+3h",
        "+1.5d",
        "+ 3d",
        "20261120",
        "11/20/2026",
        "20/11/2026",
        "2026-11",
        "nov",
        "nov 2026",
        "20 nov 26",
        "32 jan",  # dateutil alone would read 2032-01-01
        "jan 32",
        "jan 0",
        "2026-11-32",
        "nov 20 2026 2027",
        "nov 20 at 3pm",
        "november twentieth",
        "明後日",
        "三日前",  # kanji numerals are not read (３日前 is: 3日前 after NFKC)
        "٣d",
        "+٣d",
        "2026-11-20 14",
        "2026-11-20T14:30 tokyo",
    ],
)
def test_unreadable_text_names_itself_and_the_accepted_forms(text: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_date(text, today=FRIDAY)
    message = str(caught.value)
    assert message.startswith(f"cannot read date {text!r}: use YYYY-MM-DD")
    assert "\n" not in message
    for form in ("today", "a weekday (friday)", '"last monday"', '"3 days ago"', "+3d", '"nov 20"', "今日"):
        assert form in message


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "2026-13-01",
        "2026-00-10",
        "2026-11-31",
        "0000-01-01",
        "nov 31",
        "feb 29",  # 2026 is not a leap year
        "nov 20 0099",  # dateutil alone would read 1999
        "20 nov 0001",  # and 2001
        "2026-11-20 25:00",
        "2026-11-20 14:60",
        "+99999y",
        "in 10000 years",
        "-9999999999999999999d",
        pytest.param("+" + "9" * 5000 + "d", id="+5000-digit-d"),
    ],
)
def test_days_that_do_not_exist_are_errors_not_crashes(text: str) -> None:
    with pytest.raises(
        InvalidValue, match=r"^cannot read date .*: no such day or time, or outside 1900-01-01 to 2999-12-31$"
    ):
        parse_date(text, today=FRIDAY)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0001-01-01", "date '0001-01-01'"),
        ("1899-12-31", "date '1899-12-31'"),
        ("3000-01-01", "date '3000-01-01'"),
        ("9999-12-31 23:59", "date '9999-12-31 23:59'"),
        ("20 nov 1899", "date '20 nov 1899' (1899-11-20)"),
        ("+974y", "date '+974y' (3000-11-20)"),
        ("127 years ago", "date '127 years ago' (1899-11-20)"),
        ("-46345d", "date '-46345d' (1899-12-31)"),
    ],
)
def test_days_outside_the_supported_range_are_refused(text: str, message: str) -> None:
    """kamctl.domain.limits: dates from 1900-01-01 to 2999-12-31, so that every computation fits."""
    with pytest.raises(InvalidValue) as caught:
        parse_date(text, today=FRIDAY)
    assert str(caught.value) == f"{message} is outside the dates kamctl works with (1900-01-01 to 2999-12-31)"


@pytest.mark.parametrize(
    "text", ["1900-01-01", "2999-12-31", "2999-12-31T23:59:59-12:00", "-46344d", "+973y"]
)
def test_days_at_the_edges_of_the_range_are_read(text: str) -> None:
    assert FIRST_DAY <= parse_date(text, today=FRIDAY) <= LAST_DAY


@pytest.mark.parametrize("text", ["", "   ", "\t\n", "\u3000"])
def test_empty_text_is_an_error(text: str) -> None:
    with pytest.raises(InvalidValue, match=r"^cannot read date .*: it is empty; use YYYY-MM-DD"):
        parse_date(text, today=FRIDAY)


def test_error_message_escapes_control_characters_and_stays_short() -> None:
    text = "\x1b[31mred\x07" + "x" * 100
    with pytest.raises(InvalidValue) as caught:
        parse_date(text, today=FRIDAY)
    message = str(caught.value)
    assert "\x1b" not in message and "\x07" not in message
    assert message.startswith(r"cannot read date '\x1b[31mred\x07xxx")
    assert "x" * 40 not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A day without a time of day is that day at now's time of day, in now's zone.
        ("now", datetime(2026, 11, 20, 9, 0, tzinfo=JST)),
        ("today", datetime(2026, 11, 20, 9, 0, tzinfo=JST)),
        ("今日", datetime(2026, 11, 20, 9, 0, tzinfo=JST)),
        ("yesterday", datetime(2026, 11, 19, 9, 0, tzinfo=JST)),
        ("昨日", datetime(2026, 11, 19, 9, 0, tzinfo=JST)),
        ("tomorrow", datetime(2026, 11, 21, 9, 0, tzinfo=JST)),
        ("3 days ago", datetime(2026, 11, 17, 9, 0, tzinfo=JST)),
        ("in 2 weeks", datetime(2026, 12, 4, 9, 0, tzinfo=JST)),
        ("+1m", datetime(2026, 12, 20, 9, 0, tzinfo=JST)),
        ("friday", datetime(2026, 11, 27, 9, 0, tzinfo=JST)),
        ("last monday", datetime(2026, 11, 16, 9, 0, tzinfo=JST)),
        ("2026-11-01", datetime(2026, 11, 1, 9, 0, tzinfo=JST)),
        ("nov 1", datetime(2026, 11, 1, 9, 0, tzinfo=JST)),
        ("20 nov 2025", datetime(2025, 11, 20, 9, 0, tzinfo=JST)),
        # A time of day without an offset is read in now's zone.
        ("2026-11-20 14:30", datetime(2026, 11, 20, 14, 30, tzinfo=JST)),
        ("2026-11-20T14:30:15", datetime(2026, 11, 20, 14, 30, 15, tzinfo=JST)),
        ("2026-11-20 00:00", datetime(2026, 11, 20, 0, 0, tzinfo=JST)),
        ("nov 19 18:05", datetime(2026, 11, 19, 18, 5, tzinfo=JST)),
        ("20 nov 2026 07:45", datetime(2026, 11, 20, 7, 45, tzinfo=JST)),
    ],
)
def test_parse_datetime_in_nows_zone(text: str, expected: datetime) -> None:
    moment = parse_datetime(text, now=NOW)
    assert moment == expected
    assert moment.utcoffset() == timedelta(hours=9)


@pytest.mark.parametrize(
    ("text", "expected", "offset"),
    [
        # An offset given in the text is kept as given.
        ("2026-11-20T14:30Z", datetime(2026, 11, 20, 14, 30, tzinfo=UTC), timedelta(0)),
        ("2026-11-20 14:30+05:30", datetime(2026, 11, 20, 9, 0, tzinfo=UTC), timedelta(hours=5.5)),
        ("2026-11-20T14:30:00-0800", datetime(2026, 11, 20, 22, 30, tzinfo=UTC), timedelta(hours=-8)),
    ],
)
def test_parse_datetime_keeps_an_explicit_offset(text: str, expected: datetime, offset: timedelta) -> None:
    moment = parse_datetime(text, now=NOW)
    assert moment == expected
    assert moment.utcoffset() == offset


def test_parse_datetime_keeps_wall_clock_time_across_a_dst_change() -> None:
    new_york = ZoneInfo("America/New_York")
    now = datetime(2026, 3, 10, 9, 0, tzinfo=new_york)  # EDT; the clocks moved on 2026-03-08
    moment = parse_datetime("3 days ago", now=now)
    assert (moment.hour, moment.tzinfo, moment.utcoffset()) == (9, new_york, timedelta(hours=-5))
    assert moment.date() == date(2026, 3, 7)


def test_parse_datetime_today_is_nows_calendar_day_in_nows_zone() -> None:
    late_utc = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)  # already the 21st in Tokyo
    assert parse_datetime("yesterday", now=late_utc) == datetime(2026, 11, 19, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["fooday", "", "2026-02-30"])
def test_parse_datetime_errors_like_parse_date(text: str) -> None:
    with pytest.raises(InvalidValue, match=r"^cannot read date "):
        parse_datetime(text, now=NOW)


def test_parse_datetime_refuses_a_naive_now() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_datetime("today", now=datetime(2026, 11, 20, 9, 0))  # noqa: DTZ001 - the point of the test


# Property tests: parsers are fed by users, so any text must end in a date or InvalidValue.

_VOCABULARY = [
    "today", "now", "yesterday", "tomorrow", "next", "last", "in", "ago", "friday", "fri", "mon",
    "day", "days", "week", "weeks", "month", "months", "year", "years", "nov", "november", "sept",
    "3", "20", "31", "0", "2026", "99999", "+3d", "-2w", "+1m", "+1y", "2026-11-20", "2026-02-30",
    "14:30", "25:99", "z", "t", ",", ".", "今日", "昨日", "明日", "-", "+", "/", ":", "9" * 30,
]  # fmt: skip
_today = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
_supported_days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)


def _read_as(text: str, today: date, expected: date) -> None:
    """`text` reads as `expected`, or is refused when that lies outside the supported range."""
    if FIRST_DAY <= expected <= LAST_DAY:
        assert parse_date(text, today=today) == expected
    else:
        with pytest.raises(InvalidValue, match="outside the dates kamctl works with"):
            parse_date(text, today=today)


_fixed_offsets = st.builds(
    lambda minutes: timezone(timedelta(minutes=minutes)), st.integers(-14 * 60, 14 * 60)
)


def _read_or_refuse(text: str, today: date) -> None:
    try:
        assert isinstance(parse_date(text, today=today), date)
    except InvalidValue as error:
        assert str(error).startswith("cannot read date ")
    try:
        moment = parse_datetime(text, now=datetime.combine(today, datetime.min.time(), tzinfo=JST))
        assert moment.tzinfo is not None
    except InvalidValue as error:
        assert str(error).startswith("cannot read date ")


@given(st.text(), _today)
def test_any_text_gives_a_date_or_invalid_value(text: str, today: date) -> None:
    _read_or_refuse(text, today)


@given(st.lists(st.sampled_from(_VOCABULARY), max_size=5).map(" ".join), _today)
def test_any_phrase_from_date_words_gives_a_date_or_invalid_value(text: str, today: date) -> None:
    _read_or_refuse(text, today)


@given(st.integers(min_value=-100_000, max_value=100_000), _today)
def test_signed_day_offset_is_that_many_days(days: int, today: date) -> None:
    _read_as(f"{days:+d}d", today, today + timedelta(days=days))


@given(st.integers(min_value=0, max_value=10_000), _today)
def test_in_n_days_and_n_days_ago_match_the_signed_forms(days: int, today: date) -> None:
    _read_as(f"in {days} days", today, today + timedelta(days=days))
    _read_as(f"{days} days ago", today, today - timedelta(days=days))
    _read_as(f"{days} weeks ago", today, today - timedelta(weeks=days))


@given(
    st.integers(min_value=-200, max_value=1200),
    st.dates(min_value=date(1920, 1, 1), max_value=date(2100, 12, 31)),
)
def test_month_offset_keeps_the_day_or_clips_to_month_end(months: int, today: date) -> None:
    result = parse_date(f"{months:+d}m", today=today)
    assert (result.year * 12 + result.month) - (today.year * 12 + today.month) == months
    next_month_first = date(result.year + result.month // 12, result.month % 12 + 1, 1)
    month_length = (next_month_first - timedelta(days=1)).day
    assert result.day == min(today.day, month_length)


_WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@given(st.sampled_from(_WEEKDAY_NAMES), st.dates(min_value=date(1900, 1, 8), max_value=date(2999, 12, 24)))
def test_weekday_is_within_the_next_seven_days_and_last_within_the_previous(name: str, today: date) -> None:
    ahead = parse_date(name, today=today)
    behind = parse_date(f"last {name}", today=today)
    assert 1 <= (ahead - today).days <= 7
    assert 1 <= (today - behind).days <= 7
    assert ahead.strftime("%A").lower() == name == behind.strftime("%A").lower()
    assert parse_date(f"next {name}", today=today) == ahead
    assert parse_date(name[:3], today=today) == ahead


@given(st.dates(), _today)
def test_iso_dates_round_trip(day: date, today: date) -> None:
    _read_as(day.isoformat(), today, day)


_supported_moments = st.datetimes(
    min_value=datetime.combine(FIRST_DAY, datetime.min.time()),
    max_value=datetime.combine(LAST_DAY, datetime.max.time()),
)


@given(
    _supported_moments.map(lambda moment: moment.replace(tzinfo=None)),
    _fixed_offsets,
    st.sampled_from(["T", " "]),
)
def test_iso_datetimes_with_offset_round_trip(wall_clock: datetime, offset: timezone, separator: str) -> None:
    moment = wall_clock.replace(tzinfo=offset)
    text = moment.isoformat(sep=separator)
    parsed = parse_datetime(text, now=NOW)
    assert parsed == moment
    assert parsed.utcoffset() == moment.utcoffset()


@given(_supported_moments)
def test_naive_iso_datetimes_are_read_in_nows_zone(moment: datetime) -> None:
    assert parse_datetime(moment.isoformat(), now=NOW) == moment.replace(tzinfo=JST)
