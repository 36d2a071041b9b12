"""Team-wide settings (SPEC §2): the keys, their defaults, and what values each accepts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kamctl.domain.names import did_you_mean
from kamctl.errors import InvalidValue, NotFound

CRITERIA = ("revenue", "profit", "order_size", "order_frequency", "growth", "strategic_fit", "influence")
"""The attractiveness criteria of SPEC §4, in the order they are shown."""

DEFAULT_WEIGHTS = {
    "revenue": 25,
    "profit": 20,
    "order_size": 10,
    "order_frequency": 10,
    "growth": 15,
    "strategic_fit": 10,
    "influence": 10,
}


@dataclass(frozen=True)
class SettingRule:
    default: Any
    kind: str  # "number", "int", "code"
    low: float | None = None
    high: float | None = None
    nullable: bool = False
    help: str = ""


RULES: dict[str, SettingRule] = {
    **{
        f"weights.{criterion}": SettingRule(
            weight, "number", 0, 1000, help=f"weight of {criterion} in the score"
        )
        for criterion, weight in DEFAULT_WEIGHTS.items()
    },
    "cadence.key": SettingRule(
        14, "int", 1, 3650, nullable=True, help="contact rhythm of key accounts, days"
    ),
    "cadence.candidate": SettingRule(
        30, "int", 1, 3650, nullable=True, help="contact rhythm of candidate accounts, days"
    ),
    "cadence.standard": SettingRule(
        None, "int", 1, 3650, nullable=True, help="contact rhythm of standard accounts, days"
    ),
    "renewal.lead_days": SettingRule(90, "int", 0, 3650, help="days before a renewal that it is due"),
    "review.interval_months": SettingRule(
        3, "int", 1, 60, help="months between periodic reviews of key accounts"
    ),
    "score.key_threshold": SettingRule(
        50, "number", 0, 100, help="attractiveness from which an account is 'high'"
    ),
    "score.strength_threshold": SettingRule(50, "number", 0, 100, help="strength from which we are 'strong'"),
    "score.key_capacity": SettingRule(
        None,
        "int",
        1,
        100_000,
        nullable=True,
        help="most accounts recommended key: the highest-scoring strategic ones (none: no cap)",
    ),
    "upcoming_days": SettingRule(7, "int", 0, 365, help="days ahead that remind shows"),
    "currency": SettingRule("JPY", "code", help="ISO 4217 code of amounts (JPY, EUR, USD, …)"),
}

NONE_WORDS = ("none", "null", "off", "")


TARGET_PREFIX = "target."
"""`target.<kpi>`: a family of keys, one per numeric KPI of the report (`kamctl.domain.targets`)."""


def rule_for(key: str) -> SettingRule:
    if key.startswith(TARGET_PREFIX):
        return _target_rule(key)
    rule = RULES.get(key)
    if rule is None:
        raise NotFound(f"no setting {key!r}{did_you_mean(key, RULES)} (kamctl settings list shows them all)")
    return rule


def parse_setting(key: str, text: str) -> Any:
    """The value of `key` that `text` means, checked; InvalidValue says what is accepted."""
    rule = rule_for(key)
    value = text.strip()
    if value.casefold() in NONE_WORDS:
        if rule.nullable:
            return None
        raise InvalidValue(f"{key} needs a value ({rule.help})")
    if rule.kind == "code":
        if not re.fullmatch(r"[A-Za-z]{3}", value):
            raise InvalidValue(f"{key} must be a three-letter currency code such as JPY (got {text!r})")
        return value.upper()
    try:
        number = float(value)
    except ValueError:
        raise InvalidValue(f"{key} must be a number (got {text!r})") from None
    if rule.kind == "int":
        if not number.is_integer():
            raise InvalidValue(f"{key} must be a whole number (got {text!r})")
        number = int(number)
    elif number.is_integer():
        number = int(number)
    if not (rule.low <= number <= rule.high):
        raise InvalidValue(f"{key} must be between {rule.low:g} and {rule.high:g} (got {text!r})")
    return number


def _target_rule(key: str) -> SettingRule:
    # Imported here: the KPIs are not needed by the fast paths that read settings.
    from kamctl.domain.targets import target_kpi, target_range

    kpi = target_kpi(key)
    low, high = target_range(kpi)
    return SettingRule(
        None, "number", low, high, nullable=True, help=f"target of the report's {kpi} (none: no target)"
    )


def effective_settings(stored: Mapping[str, Any]) -> dict[str, Any]:
    """Every setting: the stored value where there is one, else the default (unknown keys dropped),
    and the targets set (`target.<kpi>`)."""
    settings = {key: stored.get(key, rule.default) for key, rule in RULES.items()}
    settings.update({key: value for key, value in stored.items() if key.startswith(TARGET_PREFIX)})
    return settings


def cadences_by_tier(settings: Mapping[str, Any]) -> dict[str, int | None]:
    """Each tier's default contact rhythm (`cadence.<tier>`), days or None."""
    from kamctl.domain.accounts import TIERS

    return {tier: settings.get(f"cadence.{tier}") for tier in TIERS}


def weights_from(settings: Mapping[str, Any]) -> dict[str, float]:
    return {criterion: settings[f"weights.{criterion}"] for criterion in CRITERIA}
