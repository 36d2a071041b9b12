"""Reading the dates and moments users type (SPEC §2 "Dates"): the one parser behind every date option."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timezone
from functools import lru_cache

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from kamctl.domain.limits import FIRST_DAY, LAST_DAY, check_supported
from kamctl.errors import InvalidValue
from kamctl.i18n import N_, _

ACCEPTED_FORMS = N_(
    'YYYY-MM-DD, "YYYY-MM-DD HH:MM", today, yesterday, tomorrow, now, a weekday (friday), '
    '"last monday", "3 days ago", "in 2 weeks", +3d/-2w/+1m/+1y, "nov 20", "20 nov 2026", '
    "今日/昨日/明日, 金曜/来週の月曜, 3日後/2週間前, 12月20日"
)

# Day words, looked up after NFKC + casefold, so `Today`, `ＴＯＤＡＹ` and `today` are one word.
_DAY_WORDS: dict[str, int] = {
    "today": 0,
    "now": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "今日": 0,
    "きょう": 0,
    "本日": 0,
    "昨日": -1,
    "きのう": -1,
    "明日": 1,
    "あした": 1,
    "あす": 1,
}

_WEEKDAYS = {
    "monday": MO, "mon": MO,
    "tuesday": TU, "tue": TU, "tues": TU,
    "wednesday": WE, "wed": WE,
    "thursday": TH, "thu": TH, "thur": TH, "thurs": TH,
    "friday": FR, "fri": FR,
    "saturday": SA, "sat": SA,
    "sunday": SU, "sun": SU,
}  # fmt: skip

# Japanese weekdays (金曜, 金曜日, 金): the next one, as `friday`; 来週/先週 before one, as next/last.
_WEEKDAYS_JA = {"月": MO, "火": TU, "水": WE, "木": TH, "金": FR, "土": SA, "日": SU}
_WEEKDAY_PHRASE_JA = re.compile(r"(?P<which>来週|先週|今週)?の?(?P<name>[月火水木金土日])(?:曜日?)?")
_RELATIVE_JA = re.compile(r"(?P<n>[0-9]+) ?(?P<unit>日|週間|週|か月|ヶ月|ヵ月|カ月|ケ月|年)(?P<way>後|前)")
_UNITS_JA = {"日": "days", "週間": "weeks", "週": "weeks", "か月": "months", "ヶ月": "months",
             "ヵ月": "months", "カ月": "months", "ケ月": "months", "年": "years"}  # fmt: skip
_MONTH_DAY_JA = re.compile(
    r"(?:(?P<year>[0-9]{4})年)?(?P<month>[0-9]{1,2})月(?P<day>[0-9]{1,2})日(?:\([月火水木金土日]\))?"
)

# `+1m` is a month, never a minute: every date option is about days, not clock time.
_UNITS = {"d": "days", "day": "days", "w": "weeks", "week": "weeks",
          "m": "months", "month": "months", "y": "years", "year": "years"}  # fmt: skip

_WEEKDAY_PHRASE = re.compile(r"(?:(?P<which>next|last) )?(?P<name>[a-z]+)")
_AGO = re.compile(r"(?P<n>[0-9]+) (?P<unit>day|week|month|year)s? ago")
_IN = re.compile(r"in (?P<n>[0-9]+) (?P<unit>day|week|month|year)s?")
_SIGNED = re.compile(r"(?P<sign>[+-])(?P<n>[0-9]+)(?P<unit>[dwmy])")

# dateutil.parser.parse is lenient: it reads "12" as the 12th of this month, "a" as today, "32 jan"
# as 2032-01-01 and "nov 20 0099" as 1999. So it only sees text already shaped like an absolute date,
# and its answer must agree with the day and year that shape names; everything else is refused.
_DAY = r"(?P<day>0?[1-9]|[12][0-9]|3[01])"
_YEAR = r"(?P<year>[0-9]{4})"
_TIME = r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
_OFFSET = r"(?:z|[+-][0-9]{2}:?[0-9]{2})"
_MONTH = (
    r"(?:jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august"
    r"|sep|sept|september|oct|october|nov|november|dec|december)\.?"
)
_ABSOLUTE_SHAPES = (
    re.compile(rf"{_YEAR}([-/])[0-9]{{1,2}}\2{_DAY}(?:[t ]{_TIME}{_OFFSET}?)?"),
    re.compile(rf"{_MONTH} {_DAY},?(?: {_YEAR})?(?: {_TIME})?"),
    re.compile(rf"{_DAY} {_MONTH},?(?: {_YEAR})?(?: {_TIME})?"),
)


@lru_cache(maxsize=4096)  # an import reads the same few hundred days again and again
def parse_date(text: str, *, today: date) -> date:
    """The calendar day `text` names, relative to `today` (SPEC §2 "Dates").

    - ISO `2026-11-20` (also `2026/11/20`), or an ISO datetime: its date part as written.
    - `today`/`now`, `yesterday`, `tomorrow`, `今日`/`きょう`, `昨日`/`きのう`, `明日`/`あした`/`あす`.
    - A weekday (`friday`, `fri`, `next friday`): the next one, today excluded (1–7 days ahead).
      `last monday`: the latest one before today (1–7 days back).
    - `3 days ago`, `in 2 weeks`, `+3d`, `-2w`, `+1m`, `+1y`: calendar offsets; a month offset
      from the 31st lands on the last day of a shorter month (`+1m` from Jan 31 is Feb 28).
    - `nov 20`, `November 20`, `20 nov 2026`, `nov 20, 2026`: a year left out is today's year.

    Case, surrounding whitespace and full-width characters (`＋３ｄ`) do not matter.
    Anything else, a day that does not exist (`2026-02-30`), or a day outside the range kamctl
    works with (kamctl.domain.limits) raises InvalidValue.
    """
    reading = _read(text, today)
    return reading.date() if isinstance(reading, datetime) else reading


def parse_optional_date(text: str | date | None, *, today: date) -> date | None:
    """`parse_date` for an optional value: None or blank text means no date; a date stays itself."""
    if text is None or isinstance(text, date):
        return text
    return parse_date(text, today=today) if text.strip() else None


def parse_datetime(text: str, *, now: datetime) -> datetime:
    """The moment `text` names, relative to `now` (timezone-aware); the result is always aware.

    - Text with a time of day (`2026-11-20 14:30`, `nov 20 14:30`) is that moment; a time given
      without an offset is read in `now`'s timezone, one with an offset (`…T14:30Z`) is kept.
    - Every other form of `parse_date` names a day, and a day without a time means that day at
      `now`'s time of day: `now` and `today` are `now`, `yesterday` and `3 days ago` are exactly
      24 h / 3 days earlier, `2026-11-20` is 2026-11-20 at now's wall-clock time. So a moment
      logged `--when yesterday` sorts among the others as if it had been logged then.
    - "Today" is `now`'s calendar day in `now`'s own timezone.
    """
    if now.tzinfo is None:
        raise ValueError("parse_datetime needs a timezone-aware `now`")  # a caller's bug, not user input
    reading = _read(text, now.date())
    if isinstance(reading, datetime):
        return reading if reading.tzinfo is not None else reading.replace(tzinfo=now.tzinfo)
    return now.replace(year=reading.year, month=reading.month, day=reading.day)


def _read(text: str, today: date) -> date | datetime:
    """A day, or a datetime when the text names a time of day (naive unless it gave an offset)."""
    # NFKC folds full-width input from Japanese keyboards (`＋３ｄ`, `ｎｏｖ　２０`) to ASCII.
    phrase = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    if not phrase:
        raise InvalidValue(
            _("cannot read date {text}: it is empty; use {forms}").format(
                text=_quoted(text), forms=_(ACCEPTED_FORMS)
            )
        )
    try:
        reading = _read_phrase(phrase, today)
    except (ValueError, OverflowError):
        # dateutil and relativedelta report a day that does not exist, or an offset past year 9999.
        raise InvalidValue(
            _("cannot read date {text}: no such day or time, or outside {first} to {last}").format(
                text=_quoted(text), first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat()
            )
        ) from None
    if reading is None:
        raise InvalidValue(
            _("cannot read date {text}: use {forms}").format(text=_quoted(text), forms=_(ACCEPTED_FORMS))
        )
    day = reading.date() if isinstance(reading, datetime) else reading
    # A phrase (`+1000y`) also shows the day it named.
    named = "" if text.strip().startswith(day.isoformat()) else f" ({day.isoformat()})"
    check_supported(day, _("date {text}").format(text=_quoted(text)) + named)
    return reading


def _read_phrase(phrase: str, today: date) -> date | datetime | None:
    if phrase in _DAY_WORDS:
        return today + relativedelta(days=_DAY_WORDS[phrase])
    if match := _WEEKDAY_PHRASE.fullmatch(phrase):
        weekday = _WEEKDAYS.get(match["name"])
        if weekday is not None:
            # Starting the search one day away is what excludes today in both directions.
            if match["which"] == "last":
                return today + relativedelta(days=-1, weekday=weekday(-1))
            return today + relativedelta(days=1, weekday=weekday(+1))
    if (match := _WEEKDAY_PHRASE_JA.fullmatch(phrase)) and (
        phrase.endswith("曜") or "曜" in phrase or match["which"]
    ):
        weekday = _WEEKDAYS_JA[match["name"]]
        if match["which"] == "先週":
            return today + relativedelta(days=-1, weekday=weekday(-1))
        if match["which"] == "来週":
            # Next week's day: in the week (Monday to Sunday) after this one.
            monday = today + relativedelta(days=1, weekday=MO(+1))
            return monday + relativedelta(weekday=weekday(+1))
        return today + relativedelta(days=1, weekday=weekday(+1))
    if match := _RELATIVE_JA.fullmatch(phrase):
        sign = -1 if match["way"] == "前" else 1
        return today + relativedelta(**{_UNITS_JA[match["unit"]]: sign * int(match["n"])})
    if match := _MONTH_DAY_JA.fullmatch(phrase):
        year = int(match["year"]) if match["year"] else today.year
        return date(year, int(match["month"]), int(match["day"]))
    if match := _AGO.fullmatch(phrase):
        return today - relativedelta(**{_UNITS[match["unit"]]: int(match["n"])})
    if match := _IN.fullmatch(phrase):
        return today + relativedelta(**{_UNITS[match["unit"]]: int(match["n"])})
    if match := _SIGNED.fullmatch(phrase):
        sign = -1 if match["sign"] == "-" else 1
        return today + relativedelta(**{_UNITS[match["unit"]]: sign * int(match["n"])})
    for shape in _ABSOLUTE_SHAPES:
        if match := shape.fullmatch(phrase):
            return _read_absolute(match, today)
    return None


def _read_absolute(match: re.Match[str], today: date) -> date | datetime:
    # dateutil's parser is slow to import: only commands given a written date pay for it.
    from dateutil import parser as dateutil_parser

    # The default only supplies a missing year: every shape names a month and a day.
    moment = dateutil_parser.parse(match.string, default=datetime(today.year, 1, 1))  # noqa: DTZ001 - zone added by the caller
    year = int(match["year"]) if match["year"] else today.year
    if (moment.year, moment.day) != (year, int(match["day"])):
        raise ValueError(f"dateutil read {match.string!r} as {moment}")
    if moment.tzinfo is not None:
        # A plain fixed offset instead of dateutil's tzoffset/tzutc: same instant, simpler to compare.
        moment = moment.replace(tzinfo=timezone(moment.utcoffset()))
    has_time = ":" in match.string
    return moment if has_time else moment.date()


def _quoted(text: str) -> str:
    # repr() escapes control characters, so a pasted escape sequence cannot reach the terminal.
    shown = text if len(text) <= 40 else text[:39] + "…"
    return repr(shown)
