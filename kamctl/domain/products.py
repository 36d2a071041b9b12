"""Products as typed on orders and opportunities (`--product`), the columns of the whitespace map."""

from __future__ import annotations

from kamctl.errors import InvalidValue
from kamctl.i18n import _


def check_product(raw: object) -> str | None:
    """A product name with its spaces tidied; blank means none."""
    if raw is None:
        return None
    name = " ".join(str(raw).split())
    if not name:
        return None
    return name


DEFAULT_PROBABILITY = {"renewal": 80, "upsell": 40, "cross-sell": 30, "new": 20}
"""Chance of winning, % (SPEC §3), of an opportunity whose own probability is not set."""


def check_probability(raw: object) -> int | None:
    """`--probability`: a whole percentage 0–100; blank means the default of the type."""
    if raw is None or not str(raw).strip():
        return None
    text = str(raw).strip().removesuffix("%").strip()
    wrong = _("--probability must be a whole number from 0 to 100 (got {raw})")
    try:
        number = float(text)
    except ValueError:
        raise InvalidValue(wrong.format(raw=repr(str(raw)))) from None
    if not number.is_integer() or not 0 <= number <= 100:
        raise InvalidValue(wrong.format(raw=repr(str(raw))))
    return int(number)


def effective_probability(type_: str, probability: int | None) -> int:
    """The opportunity's own probability, else the default of its type."""
    return probability if probability is not None else DEFAULT_PROBABILITY.get(type_, 0)
