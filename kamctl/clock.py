"""The one clock: every "now" and "today" in kamctl comes from here and honours KAMCTL_NOW."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from kamctl.domain.limits import check_supported
from kamctl.errors import InvalidValue


def now() -> datetime:
    """The current moment, timezone-aware in local time; KAMCTL_NOW (ISO 8601) fixes it."""
    fixed = os.environ.get("KAMCTL_NOW")
    if not fixed:
        return datetime.now().astimezone()  # the one reading of the real clock in kamctl
    try:
        moment = datetime.fromisoformat(fixed.strip())
    except ValueError:
        from kamctl.i18n import _

        raise InvalidValue(
            _(
                "KAMCTL_NOW={value} is not an ISO 8601 date or datetime (e.g. 2026-11-20 or 2026-11-20T09:00)"
            ).format(value=repr(fixed))
        ) from None
    # Checked before the local timezone is applied: near year 1 that step itself overflows.
    check_supported(moment.date(), f"KAMCTL_NOW={fixed.strip()}")
    if moment.tzinfo is None:
        moment = moment.astimezone()  # a naive value means local wall-clock time
    return moment


def utcnow() -> datetime:
    """`now()` converted to UTC, the form every stored datetime takes."""
    return now().astimezone(UTC)


def today() -> date:
    """The local calendar day of `now()`."""
    return now().date()
