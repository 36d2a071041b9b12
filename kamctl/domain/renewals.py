"""Contract renewals (SPEC §3): when a renewal date has passed without a renewal."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kamctl.domain.timelines import AccountTimeline


def is_lapsed(renewal_date: date | None, on: date) -> bool:
    """A renewal date before `on` means no renewal was recorded in time (`accounts renew` moves
    the date forward), so the contract has lapsed."""
    return renewal_date is not None and renewal_date < on


def check_renewal_until(until: date, *, current: date | None, today: date) -> date:
    """`accounts renew --until`: the contract must run past both its current renewal date and today."""
    from kamctl.errors import InvalidValue
    from kamctl.i18n import _, day

    if current is not None and until <= current:
        raise InvalidValue(
            _("--until must be after the current renewal date {current} (got {until})").format(
                current=day(current), until=day(until)
            )
        )
    if until <= today:
        raise InvalidValue(
            _("--until must be after today, {today} (got {until})").format(today=day(today), until=day(until))
        )
    return until


def lapsed_on(account: AccountTimeline, *, end: datetime, on: date) -> date | None:
    """The renewal date that had lapsed by `on` (`end`: the moment just after it), for an account
    that existed, was not archived and was not lost then; None otherwise. A lost account's
    contract is over, not awaiting renewal."""
    state = account.state_at(end)
    if state is None or state.archived or state.status == "lost":
        return None
    renewal_date = account.renewal_date_at(end)
    return renewal_date if is_lapsed(renewal_date, on) else None
