"""Team-wide settings (SPEC §2): the keys, their defaults, and what values each accepts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kamctl.domain.names import did_you_mean
from kamctl.errors import InvalidValue, NotFound
from kamctl.i18n import N_, _

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
    """What the setting means, in English; `description` in the language in use."""
    subject: str = ""
    """What `{subject}` in `help` names (a criterion, a KPI), for families of keys."""

    @property
    def english(self) -> str:
        """`help` in English with its subject filled in (what JSON and CSV carry)."""
        return self.help.format(subject=self.subject) if self.subject else self.help

    @property
    def description(self) -> str:
        """`help` in the language in use, with its subject filled in."""
        if not self.help:
            return ""
        if not self.subject:
            return _(self.help)
        from kamctl.i18n import pgettext

        subject = pgettext("criterion", self.subject) if self.subject in CRITERIA else self.subject
        return _(self.help).format(subject=subject)


RULES: dict[str, SettingRule] = {
    **{
        f"weights.{criterion}": SettingRule(
            weight, "number", 0, 1000, help=N_("weight of {subject} in the score"), subject=criterion
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
        raise NotFound(
            _("no setting {key}{did_you_mean} (kamctl settings list shows them all)").format(
                key=repr(key), did_you_mean=did_you_mean(key, RULES)
            )
        )
    return rule


def parse_setting(key: str, text: str) -> Any:
    """The value of `key` that `text` means, checked; InvalidValue says what is accepted."""
    rule = rule_for(key)
    value = text.strip()
    if value.casefold() in NONE_WORDS:
        if rule.nullable:
            return None
        raise InvalidValue(_("{key} needs a value ({meaning})").format(key=key, meaning=rule.description))
    if rule.kind == "code":
        if not re.fullmatch(r"[A-Za-z]{3}", value):
            raise InvalidValue(
                _("{key} must be a three-letter currency code such as JPY (got {text})").format(
                    key=key, text=repr(text)
                )
            )
        return value.upper()
    try:
        number = float(value)
    except ValueError:
        raise InvalidValue(
            _("{key} must be a number (got {text})").format(key=key, text=repr(text))
        ) from None
    if rule.kind == "int":
        if not number.is_integer():
            raise InvalidValue(
                _("{key} must be a whole number (got {text})").format(key=key, text=repr(text))
            )
        number = int(number)
    elif number.is_integer():
        number = int(number)
    if not (rule.low <= number <= rule.high):
        raise InvalidValue(
            _("{key} must be between {low} and {high} (got {text})").format(
                key=key, low=f"{rule.low:g}", high=f"{rule.high:g}", text=repr(text)
            )
        )
    return number


def _target_rule(key: str) -> SettingRule:
    # Imported here: the KPIs are not needed by the fast paths that read settings.
    from kamctl.domain.targets import target_kpi, target_range

    kpi = target_kpi(key)
    low, high = target_range(kpi)
    return SettingRule(
        None,
        "number",
        low,
        high,
        nullable=True,
        help=N_("target of the report's {subject} (none: no target)"),
        subject=kpi,
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
