"""What kamctl accepts: the range of dates it works with and the bounds of counts (SPEC §2)."""

from __future__ import annotations

from datetime import date

from kamctl.errors import InvalidValue
from kamctl.i18n import N_, _

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
"""Every computation on an accepted date stays far inside what Python's dates can hold (years
1–9999): a renewal minus 3,650 lead days, a recurrence or `+1m` step, the period of equal length
before `report --since`, a KPI window. A date outside this range (`0001-01-01`, `9999-12-31`) is
refused when it is entered, so that it can never break a later `remind` or `report`."""

MAX_AMOUNT = 1e15
"""The largest amount of money (revenue, profit, an order, an opportunity), either way: more than
any company's revenue in any currency, yen included, and small enough that sums over every order
of a portfolio stay finite (two amounts near 1e308 once added up to `Infinity` in JSON)."""

MAX_COUNT = 1_000_000
"""The largest `--limit`/`--top`: more than any portfolio holds (SPEC §9's reference data has a
million log entries), so a larger number is a typo that would only cost time and memory."""

MAX_REPORT_DAYS = 14_610
"""The longest report period, 40 years: its months are counted in one query, and SQLite takes
at most 500 of them at once; no key-account review looks further back."""

MAX_RUNS = 100_000
"""The most `score sensitivity --runs` (SPEC §2); each run re-ranks the whole portfolio."""


LEAST_MEANS = (N_("all"),)
"""What callers' `least_means` say (`check_count(…, least_means="all")`), for the catalog."""


def check_count(what: str, value: int, *, least: int, most: int = MAX_COUNT, least_means: str = "") -> int:
    """`value` itself when it lies within least…most; InvalidValue naming `what` otherwise
    (`least_means` says what the smallest value stands for, as in `0 (all)`)."""
    if not least <= value <= most:
        shown = f"{least} ({_(least_means)})" if least_means else str(least)
        raise InvalidValue(
            _("{what} must be from {least} to {most} (got {value})").format(
                what=what, least=shown, most=f"{most:,}", value=value
            )
        )
    return value


def check_amount_size(label: str, number: float, raw: object) -> float:
    """`number` itself when it lies within ±MAX_AMOUNT; InvalidValue naming `label` otherwise."""
    if abs(number) > MAX_AMOUNT:
        raise InvalidValue(
            _("{label} must be at most {most} either way (got {value})").format(
                label=label, most=f"{MAX_AMOUNT:,.0f}", value=repr(raw)
            )
        )
    return number


def check_supported(day: date, what: str) -> date:
    """`day` itself when it lies within FIRST_DAY…LAST_DAY; InvalidValue naming `what` otherwise."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidValue(
            _("{what} is outside the dates kamctl works with ({first} to {last})").format(
                what=what, first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat()
            )
        )
    return day
