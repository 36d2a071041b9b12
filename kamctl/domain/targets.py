"""Targets to review the report against (SPEC §8): `settings set target.<kpi> VALUE`, and whether
each KPI met its target.

A target is a setting of the family `target.<kpi>` for any numeric KPI of `kamctl report`; "met"
means actual ≥ target, except for the KPIs where lower is better (`LOWER_IS_BETTER`), where it
means actual ≤ target. A KPI without a value (null) has met nothing: `met` is null too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kamctl.domain.limits import MAX_AMOUNT, MAX_COUNT
from kamctl.domain.names import did_you_mean
from kamctl.errors import NotFound
from kamctl.i18n import _

TARGET_PREFIX = "target."

LOWER_IS_BETTER = frozenset({"renewals_lapsed"})
"""KPIs whose target is a ceiling (fewer lapsed renewals is better)."""

_SHARES = (0, 1)
TARGET_RANGES: Mapping[str, tuple[float, float]] = {
    "key_revenue_share": _SHARES,
    "retention_rate": _SHARES,
    "upsell_win_rate": _SHARES,
    "cadence_coverage": _SHARES,
    "decision_maker_coverage": _SHARES,
    "grr": _SHARES,
    "nrr": (0, 10),
    "margin": (-1, 1),
    "csat_avg": (1, 5),
    "nps": (-100, 100),
    "key_accounts": (0, MAX_COUNT),
    "interactions": (0, MAX_COUNT),
    "renewals_lapsed": (0, MAX_COUNT),
    "avg_contacts_per_key_account": (0, MAX_COUNT),
}
"""What a target may be, per KPI: shares are 0–1 (0.95, not 95); amounts any size kamctl takes."""


def target_kpis() -> tuple[str, ...]:
    """The KPIs a target can be set for: the report's numeric ones."""
    from kamctl.domain.kpis import COMPARED

    return COMPARED


def target_kpi(key: str) -> str:
    """The KPI that the setting `target.<kpi>` names; NotFound for a KPI the report has not."""
    kpi = key.removeprefix(TARGET_PREFIX)
    kpis = target_kpis()
    if kpi not in kpis:
        raise NotFound(
            _("no KPI {kpi} to set a target for{did_you_mean} (targets: {targets})").format(
                kpi=repr(kpi),
                did_you_mean=did_you_mean(kpi, kpis),
                targets=", ".join(TARGET_PREFIX + name for name in kpis),
            )
        )
    return kpi


def target_range(kpi: str) -> tuple[float, float]:
    return TARGET_RANGES.get(kpi, (-MAX_AMOUNT, MAX_AMOUNT))


def stored_targets(settings: Mapping[str, Any]) -> dict[str, float]:
    """`{kpi: target}` of the targets set, in the report's KPI order."""
    return {
        kpi: settings[TARGET_PREFIX + kpi]
        for kpi in target_kpis()
        if settings.get(TARGET_PREFIX + kpi) is not None
    }


@dataclass(frozen=True)
class TargetResult:
    kpi: str
    target: float
    actual: float | None
    met: bool | None

    def record(self) -> dict[str, Any]:
        return {"target": self.target, "actual": self.actual, "met": self.met}


def met(kpi: str, actual: float | None, target: float) -> bool | None:
    if actual is None:
        return None
    return actual <= target if kpi in LOWER_IS_BETTER else actual >= target


def check_targets(kpis: Mapping[str, Any], targets: Mapping[str, float]) -> dict[str, TargetResult]:
    """Each target with the KPI's actual value (as the report's JSON rounds it) and whether it is met."""
    return {
        kpi: TargetResult(kpi, target, kpis.get(kpi), met(kpi, kpis.get(kpi), target))
        for kpi, target in targets.items()
        if kpi in kpis
    }
