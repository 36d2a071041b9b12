"""The period a report covers: `since` … `until`, both days included, in the local time zone.

Log entries and closed opportunities count from local midnight starting `since` to local
midnight ending `until`; orders count by their date. Default: the 365 days ending today. The
previous period is the one of equal length that ends the day before `since`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from kamctl.domain.limits import MAX_REPORT_DAYS
from kamctl.errors import InvalidValue
from kamctl.i18n import _

DEFAULT_DAYS = 365
"""The default period: the 365 days ending today."""


@dataclass(frozen=True)
class Period:
    """`since` … `until`, both days included."""

    since: date
    until: date

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def previous(self) -> Period:
        """The period of equal length that ends the day before `since`."""
        until = self.since - timedelta(days=1)
        return Period(until - timedelta(days=self.days - 1), until)

    def starts_at(self, tz: tzinfo) -> datetime:
        """Local midnight starting `since`."""
        return day_start(self.since, tz)

    def ends_before(self, tz: tzinfo) -> datetime:
        """Local midnight ending `until` (the first moment after the period)."""
        return day_start(self.until + timedelta(days=1), tz)

    def record(self) -> dict[str, date]:
        return {"since": self.since, "until": self.until}


def day_start(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz)


def report_period(*, since: date | None, until: date | None, today: date) -> Period:
    """The period asked for: by default the 365 days ending today (or ending `until`)."""
    last = until if until is not None else today
    first = since if since is not None else last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise InvalidValue(
            _("--since {first} is after --until {last}: the period would be empty").format(
                first=first.isoformat(), last=last.isoformat()
            )
        )
    period = Period(first, last)
    if period.days > MAX_REPORT_DAYS:
        raise InvalidValue(
            _(
                "--since {first} to --until {last} is {days} days: a report "
                "covers at most {most} (40 years); give a later --since"
            ).format(
                first=first.isoformat(),
                last=last.isoformat(),
                days=f"{period.days:,}",
                most=f"{MAX_REPORT_DAYS:,}",
            )
        )
    return period


def month_starts(period: Period) -> list[date]:
    """The first day of every calendar month that overlaps the period, oldest first."""
    months = []
    day = period.since.replace(day=1)
    while day <= period.until:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def month_edges(period: Period) -> list[date]:
    """The days that start a new month inside the period (excluding `since`): bucket boundaries."""
    return [start for start in month_starts(period) if start > period.since]
