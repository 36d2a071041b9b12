"""Recurring reminders: the rules `remind add --every` accepts, and their occurrences (dateutil.rrule).

A rule is stored as the user wrote it in its canonical form (`weekly`, `every 2 weeks`,
`first monday of month`, `RRULE:FREQ=MONTHLY;BYDAY=-1FR`). Its occurrences are counted from
the reminder's due date (the rule's DTSTART): `weekly` repeats on the weekday of that date,
`monthly` on its day of the month. Occurrences are calendar days; rules finer than a day
(HOURLY, MINUTELY, SECONDLY) are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil import rrule

from kamctl.domain.limits import LAST_DAY
from kamctl.errors import InvalidValue
from kamctl.i18n import N_, _, day

NAMED_RULES = {
    "daily": "FREQ=DAILY",
    "weekly": "FREQ=WEEKLY",
    "monthly": "FREQ=MONTHLY",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3",
    "yearly": "FREQ=YEARLY",
}
"""The named rules of SPEC §7 and the RFC 5545 rule each one stands for."""

_SYNONYMS = {"annually": "yearly", "every day": "daily", "every week": "weekly", "every month": "monthly",
             "every quarter": "quarterly", "every year": "yearly",
             "fortnightly": "every 2 weeks"}  # fmt: skip

_EVERY_N = re.compile(r"every (?P<n>[0-9]{1,3}) (?P<unit>day|week|month|year)s?")
_NTH_WEEKDAY = re.compile(
    r"(?P<nth>first|1st|second|2nd|third|3rd|fourth|4th|last) (?P<day>[a-z]+) of (?:the |each |every )?month"
)
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "last": -1,
}
_UNIT_FREQ = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}
_WEEKDAYS = {
    "monday": "MO", "mon": "MO", "tuesday": "TU", "tue": "TU", "wednesday": "WE", "wed": "WE",
    "thursday": "TH", "thu": "TH", "friday": "FR", "fri": "FR", "saturday": "SA", "sat": "SA",
    "sunday": "SU", "sun": "SU",
}  # fmt: skip
_DAY_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_COUNT = re.compile(r"COUNT=(?P<count>[0-9]+)")
_UNTIL_DATETIME = re.compile(r"(UNTIL=)([0-9]{8})T[0-9]{6}Z?", re.IGNORECASE)

ACCEPTED_RULES = N_(
    "daily, weekly, every 2 weeks (every N days|weeks|months|years), monthly, quarterly, yearly, "
    '"first monday of month" (first … fourth, last), or an RFC 5545 rule such as '
    '"RRULE:FREQ=WEEKLY;BYDAY=MO,TH"'
)


@dataclass(frozen=True)
class Rule:
    """A checked recurrence rule: how it is stored and shown (`text`), and its RFC 5545 form."""

    text: str
    rrule: str
    """The RRULE value without the `RRULE:` prefix, e.g. `FREQ=WEEKLY;INTERVAL=2`."""

    def occurrences(self, start: date) -> rrule.rrule:
        """Every occurrence counted from `start` (the DTSTART; included only if it fits the rule)."""
        return _build(self.rrule, start)

    def first_on_or_after(self, day: date) -> date | None:
        """The first occurrence on or after `day` when the rule starts at `day` (None: there is none)."""
        return _within_range(self.occurrences(day).after(_midnight(day), inc=True))

    def next_after(self, start: date, day: date) -> date | None:
        """The first occurrence strictly after `day`, counting from `start`; None when the rule has ended."""
        return _within_range(self.occurrences(start).after(_midnight(day), inc=False))

    @property
    def count(self) -> int | None:
        """The rule's COUNT: how many occurrences it has in all (None: no COUNT)."""
        found = _COUNT.search(self.rrule)
        return int(found["count"]) if found else None

    def remaining(self, occurrences_done: int) -> Rule:
        """The rule from the current occurrence on: its COUNT less the occurrences already done
        (at least 1: the current one is not done yet)."""
        if self.count is None:
            return self
        left = max(self.count - occurrences_done, 1)
        return Rule(self.text, _COUNT.sub(f"COUNT={left}", self.rrule))

    def without_count(self) -> Rule:
        """The rule without its COUNT: `remind done` counts the occurrences done instead, so that
        occurrences skipped while late do not use the count up."""
        if self.count is None:
            return self
        return Rule(self.text, ";".join(part for part in self.rrule.split(";") if not _COUNT.fullmatch(part)))


def _within_range(found: datetime | None) -> date | None:
    # A series ends at the last day kamctl works with, so no stored due date ever lies beyond it.
    return None if found is None or found.date() > LAST_DAY else found.date()


def parse_rule(text: str) -> Rule:
    """The rule `text` names (SPEC §7: named rules or `RRULE:` strings); InvalidValue says what is
    accepted."""
    phrase = " ".join(text.strip().split())
    if not phrase:
        raise InvalidValue(
            _("the recurrence rule is empty; use {accepted}").format(accepted=_(ACCEPTED_RULES))
        )
    if phrase.upper().startswith("RRULE:") or phrase.upper().startswith("FREQ="):
        return _parse_rrule(phrase)
    key = phrase.casefold()
    key = _SYNONYMS.get(key, key)
    if key in NAMED_RULES:
        return _checked(key, NAMED_RULES[key])
    if match := _EVERY_N.fullmatch(key):
        n = int(match["n"])
        if n < 1:
            raise InvalidValue(
                _("cannot repeat every 0 {unit}s; use a number from 1").format(unit=match["unit"])
            )
        unit = match["unit"]
        canonical = f"every {n} {unit}{'s' if n != 1 else ''}"
        interval = f";INTERVAL={n}" if n != 1 else ""
        return _checked(canonical, f"FREQ={_UNIT_FREQ[unit]}{interval}")
    if match := _NTH_WEEKDAY.fullmatch(key):
        weekday = _WEEKDAYS.get(match["day"])
        if weekday is not None:
            nth = _ORDINALS[match["nth"]]
            canonical = f"{_ordinal_word(nth)} {_weekday_word(weekday)} of month"
            return _checked(canonical, f"FREQ=MONTHLY;BYDAY={nth}{weekday}")
    raise InvalidValue(
        _("cannot read the recurrence rule {rule}; use {accepted}").format(
            rule=repr(phrase), accepted=_(ACCEPTED_RULES)
        )
    )


def _parse_rrule(phrase: str) -> Rule:
    value = phrase.split(":", 1)[1] if phrase.upper().startswith("RRULE:") else phrase
    value = value.strip().upper().rstrip(";")
    if "\n" in value or "DTSTART" in value:
        raise InvalidValue(_("give one RRULE line only; the reminder's due date is its start (DTSTART)"))
    # Occurrences are dates: an UNTIL with a time of day is read as its date, which also keeps
    # the rule valid next to a DATE-valued DTSTART in an exported calendar (RFC 5545 §3.3.10).
    value = _UNTIL_DATETIME.sub(r"\1\2", value)
    return _checked(f"RRULE:{value}", value)


def _checked(text: str, value: str) -> Rule:
    parts = {part.split("=", 1)[0] for part in value.split(";")}
    if {"COUNT", "UNTIL"} <= parts:
        raise InvalidValue(
            _("invalid RRULE {rule}: COUNT and UNTIL cannot be used together (RFC 5545)").format(
                rule=repr(value)
            )
        )
    try:
        _build(value, date(2000, 1, 1))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise InvalidValue(
            _("invalid RRULE {rule}: {problem}; use {accepted}").format(
                rule=repr(value), problem=exc, accepted=_(ACCEPTED_RULES)
            )
        ) from None
    freq = value.split("FREQ=", 1)[1].split(";", 1)[0] if "FREQ=" in value else ""
    if freq not in _DAY_FREQUENCIES:
        raise InvalidValue(
            _(
                "reminders repeat by day, week, month or year: FREQ must be one of {allowed} (got {freq})"
            ).format(allowed=", ".join(_DAY_FREQUENCIES), freq=repr(freq or "none"))
        )
    return Rule(text=text, rrule=value)


def _build(value: str, start: date) -> rrule.rrule:
    built = rrule.rrulestr(f"RRULE:{value}", dtstart=_midnight(start))
    if not isinstance(built, rrule.rrule):
        raise ValueError("not a single rule")
    return built


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())  # naive on purpose: occurrences are calendar days


def _ordinal_word(nth: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}[nth]


def _weekday_word(code: str) -> str:
    names = {"MO": "monday", "TU": "tuesday", "WE": "wednesday", "TH": "thursday", "FR": "friday",
             "SA": "saturday", "SU": "sunday"}  # fmt: skip
    return names[code]


def after_done(due: date, rule: str | None, *, today: date, occurrences_done: int = 0) -> date | None:
    """Where a reminder done today goes: a recurring one to its first occurrence after both its
    current one and today (occurrences missed meanwhile are not replayed); None when it closes
    (a follow-up, or a rule that has ended: past its UNTIL, or this was the COUNT-th occurrence
    done, `occurrences_done` counting those done before)."""
    if not rule:
        return None
    parsed = parse_rule(rule)
    if parsed.count is not None and occurrences_done + 1 >= parsed.count:
        return None
    return parsed.without_count().next_after(due, max(due, today))


def first_due(rule: Rule, start: date) -> date:
    """The first occurrence of `rule` on or after `start`: a new recurring reminder's due day."""
    first = rule.first_on_or_after(start)
    if first is None:
        raise InvalidValue(
            _("the rule {rule} has no occurrence on or after {date}").format(
                rule=repr(rule.text), date=day(start)
            )
        )
    return first
