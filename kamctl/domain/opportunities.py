"""Opportunities as typed: their type, title and number (`kamctl accounts opp`)."""

from __future__ import annotations

from kamctl.domain.names import as_id, not_one_of
from kamctl.errors import InvalidValue
from kamctl.i18n import _, value_of

OPPORTUNITY_TYPES = ("upsell", "cross-sell", "renewal", "new")


def check_opportunity_type(raw: str) -> str:
    """`upsell`, `cross-sell`, `renewal` or `new` (any case; `cross_sell` and `cross sell` too)."""
    raw = value_of(raw, OPPORTUNITY_TYPES)
    value = "-".join(raw.strip().casefold().replace("_", " ").replace("-", " ").split())
    if value == "crosssell":
        value = "cross-sell"
    if value not in OPPORTUNITY_TYPES:
        raise InvalidValue(not_one_of("--type", raw, OPPORTUNITY_TYPES))
    return value


def check_opportunity_title(raw: str) -> str:
    title = " ".join(raw.split())
    if not title:
        raise InvalidValue(_("the opportunity needs a title"))
    return title


def parse_opportunity_id(raw: str) -> int:
    number = as_id(raw)
    if number is None:
        raise InvalidValue(
            _(
                "an opportunity is named by its number (got {raw}; kamctl accounts opp list shows them)"
            ).format(raw=repr(raw))
        )
    return number
