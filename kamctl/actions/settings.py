"""Team-wide settings kept in the database (SPEC §2): every one in force, one, and changing one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kamctl.actions.portfolio import Portfolio


@dataclass(frozen=True)
class SettingInForce:
    """One setting: its value for everyone who uses the database, and what it is without one."""

    key: str
    value: Any
    default: Any
    description: str
    """What it means, in English (JSON and CSV); `domain.settings.rule_for(key).description` in
    the language in use."""


def all_settings(portfolio: Portfolio) -> list[SettingInForce]:
    """Every setting, in the order of `domain.settings.RULES`, then the targets set."""
    from kamctl.domain.settings import RULES, rule_for
    from kamctl.domain.targets import TARGET_PREFIX, stored_targets
    from kamctl.store.queries.settings import load_settings

    with portfolio.store().transaction(write=False) as session:
        values = load_settings(session=session)
    found = [SettingInForce(key, values[key], rule.default, rule.english) for key, rule in RULES.items()]
    for kpi, target in stored_targets(values).items():
        rule = rule_for(TARGET_PREFIX + kpi)
        found.append(SettingInForce(TARGET_PREFIX + kpi, target, rule.default, rule.english))
    return found


def setting(portfolio: Portfolio, key: str) -> Any:
    """The value in force of `key` (NotFound for a key kamctl does not have)."""
    from kamctl.domain.settings import rule_for
    from kamctl.store.queries.settings import load_settings

    rule = rule_for(key)  # before the database: an unknown key is the person's mistake, not its
    with portfolio.store().transaction(write=False) as session:
        return load_settings(session=session).get(key, rule.default)


def change_setting(portfolio: Portfolio, key: str, text: str) -> Any:
    """Set `key` to the value `text` means (checked: InvalidValue says what is accepted); returns it."""
    from kamctl.domain.settings import parse_setting
    from kamctl.store.queries.settings import save_setting

    value = parse_setting(key, text)
    with portfolio.store().transaction() as session:
        save_setting(key, value, session=session)
    return value
