"""Numbers as people and CRM exports write them: `1,200,000`, `¥300,000,000`, `$1,200.50`."""

from __future__ import annotations

import re

from kamctl.errors import InvalidValue
from kamctl.i18n import _

_CURRENCY = re.compile(r"^([-+]?)\s*(?:[¥￥$€£]|JPY|USD|EUR)?\s*(.*?)\s*(?:円|JPY|USD|EUR)?$", re.IGNORECASE)
"""A sign, then a currency symbol or code before or after the digits (`¥1,000`, `1,000円`, `-$5`)."""
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")
"""Digits grouped by `,` in threes, `.` before the decimals: the only place a comma may stand."""


def number_text(label: str, raw: str, *, currency: bool = False) -> float:
    """The number `raw` writes: thousands separated by `,` (`1,200,000`) or `_`, and with
    `currency` a currency symbol or code (`¥300,000,000`, `$1,200.50`, `￥1,000`, `1000円`).
    A comma anywhere else (`1,5`, `1 200,50`) could be a decimal comma: refused, not guessed."""
    text = raw.strip()
    sign, body = "", text
    if currency:
        matched = _CURRENCY.match(text)
        if matched:
            sign, body = matched.group(1), matched.group(2)
    if "," in body and not _THOUSANDS.fullmatch(body):
        raise InvalidValue(
            _(
                "{label} must be a number such as 1,200,000 or 1200.50 (got {value}): "
                "',' separates thousands and '.' decimals"
            ).format(label=label, value=repr(raw))
        )
    try:
        return float(sign + body.replace(",", "").replace("_", ""))
    except ValueError:
        raise InvalidValue(
            _("{label} must be a number (got {value})").format(label=label, value=repr(raw))
        ) from None
