"""Risks to an account (SPEC §3 risks): their severity, text and number as typed, and counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from kamctl.domain.names import as_id, not_one_of
from kamctl.errors import InvalidValue
from kamctl.i18n import _, value_of

SEVERITIES = ("low", "medium", "high")
"""From the least to the most severe; `report`'s `open_risks` has one count of each."""


@dataclass(frozen=True)
class RiskFact:
    """One risk as reports read it: open from `created_at` until `closed_at`."""

    account_id: int
    text: str
    severity: str
    created_at: datetime
    closed_at: datetime | None = None

    def open_at(self, moment: datetime) -> bool:
        """Recorded before `moment` and not closed by then."""
        return self.created_at < moment and (self.closed_at is None or self.closed_at >= moment)


def check_severity(raw: str) -> str:
    value = value_of(raw.strip(), SEVERITIES).casefold()
    if value not in SEVERITIES:
        raise InvalidValue(not_one_of("--severity", raw, SEVERITIES))
    return value


def check_risk_text(raw: str) -> str:
    text = " ".join(raw.split())
    if not text:
        raise InvalidValue(_("the risk needs a text: what could go wrong"))
    return text


def parse_risk_id(raw: str) -> int:
    number = as_id(raw)
    if number is None:
        raise InvalidValue(
            _("a risk is named by its number (got {raw}; kamctl accounts risk list shows them)").format(
                raw=repr(raw)
            )
        )
    return number


def count_by_severity(severities: Iterable[str]) -> dict[str, int]:
    """`{low, medium, high}` counts of the given severities (every key present)."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for severity in severities:
        if severity in counts:
            counts[severity] += 1
    return counts


def risk_order(severity: str) -> int:
    """Sort key: high first."""
    return -SEVERITIES.index(severity) if severity in SEVERITIES else 1
