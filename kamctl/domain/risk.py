"""Accounts at risk (SPEC §8), each with its reasons.

Of the accounts not archived and not lost at `until`: status `at-risk`; or the two latest log
entries that record a sentiment (up to `until`) are both negative; or, for key accounts
(MAPPED_TIERS), account-map findings of severity high (SPEC §5). Key accounts come first, then
the most reasons, then the lowest health.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kamctl.domain.account_map import finding_text
from kamctl.domain.accounts import TIERS
from kamctl.domain.kpis import AccountFigures
from kamctl.i18n import _, day


@dataclass(frozen=True)
class RiskReason:
    code: str
    """`status`, `negative-sentiment`, `renewal-lapsed`, `high-risk`, or a high-severity finding
    code of SPEC §5."""
    message: str


@dataclass(frozen=True)
class AtRisk:
    account: AccountFigures
    reasons: tuple[RiskReason, ...]

    def record(self) -> dict[str, Any]:
        health = self.account.health
        return {
            "account": self.account.name,
            "tier": self.account.tier,
            "owner": self.account.owner,
            "status": self.account.status,
            "health": None if health is None else health.score,
            "reasons": [{"code": reason.code, "message": reason.message} for reason in self.reasons],
        }


@dataclass(frozen=True)
class RiskSignals:
    """What the at-risk test reads about one account."""

    last_two_negative: bool = False
    """Its two latest log entries that record a sentiment were both negative."""
    high_findings: Sequence[Any] = ()
    """Its coverage findings of severity high (`kamctl.domain.account_map.Finding`)."""
    renewal_lapsed_on: date | None = None
    """Its renewal date, when it had lapsed (`kamctl.domain.renewals.lapsed_on`)."""
    high_risks: Sequence[str] = ()
    """The texts of its open risks of severity high, oldest first."""


def risk_reasons(account: AccountFigures, signals: RiskSignals) -> list[RiskReason]:
    reasons = []
    if account.status == "at-risk":
        reasons.append(RiskReason("status", _("status is at-risk")))
    if signals.last_two_negative:
        reasons.append(
            RiskReason("negative-sentiment", _("the last two log entries with a sentiment were negative"))
        )
    for finding in signals.high_findings:
        reasons.append(RiskReason(finding.code, finding_text(finding.message)))
    if signals.renewal_lapsed_on is not None:
        reasons.append(
            RiskReason(
                "renewal-lapsed", _("renewal lapsed on {day}").format(day=day(signals.renewal_lapsed_on))
            )
        )
    for text in signals.high_risks:
        reasons.append(RiskReason("high-risk", _("open high risk: {text}").format(text=text)))
    return reasons


def find_at_risk(accounts: Iterable[AccountFigures], signals: Mapping[int, RiskSignals]) -> list[AtRisk]:
    """SPEC §8 at_risk among accounts that are not lost: key accounts first, most reasons first,
    then the lowest health, then by name."""
    found = []
    for account in accounts:
        if account.status == "lost":
            continue
        reasons = risk_reasons(account, signals.get(account.id, RiskSignals()))
        if reasons:
            found.append(AtRisk(account, tuple(reasons)))

    def order(item: AtRisk) -> tuple:
        tier = TIERS.index(item.account.tier) if item.account.tier in TIERS else len(TIERS)
        health = item.account.health.score if item.account.health is not None else 101
        return (tier, -len(item.reasons), health, item.account.name.casefold(), item.account.id)

    return sorted(found, key=order)
