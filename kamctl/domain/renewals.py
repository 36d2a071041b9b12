"""Contract renewals (SPEC §3): when a renewal date has passed without a renewal."""

from __future__ import annotations

from datetime import date


def is_lapsed(renewal_date: date | None, on: date) -> bool:
    """A renewal date before `on` means no renewal was recorded in time (`accounts renew` moves
    the date forward), so the contract has lapsed."""
    return renewal_date is not None and renewal_date < on
