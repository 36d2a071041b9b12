"""The periodic review of one account (`kamctl report account`) and the team report (`report team`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, tzinfo
from typing import Any

from kamctl.domain.kpis import OrderSums, compute_kpis
from kamctl.domain.periods import Period
from kamctl.domain.portfolio_report import PortfolioFacts, period_facts
from kamctl.domain.timelines import AccountTimeline

ACCOUNT_KPIS = ("revenue", "profit", "orders", "interactions", "csat_avg", "nps", "upsell_win_rate")
"""The KPIs of one account's review, compared with the previous period."""


def objective_status(objective: Mapping[str, Any], today: date) -> str:
    """`done`, `overdue` (open and due before today) or `open`."""
    if objective["done"]:
        return "done"
    if objective["due"] is not None and objective["due"] < today:
        return "overdue"
    return "open"


def review_record(
    dossier: Mapping[str, Any],
    facts: PortfolioFacts,
    *,
    timeline: Sequence[Mapping[str, Any]],
    scored: Any,
    today: date,
    risks: Sequence[Mapping[str, Any]] = (),
    renewals: Sequence[Mapping[str, Any]] = (),
    whitespace: Mapping[str, str | None] | None = None,
) -> dict[str, Any]:
    """The periodic review of one account (`report account`): the dossier (as of today) with the
    period's KPIs against the previous period, the interactions and the feedback of the period.

    `facts` are the account's own (`load_portfolio` scoped to it); `scored` is its
    `ScoredAccount`, or None when it is not scored (archived or lost); `risks` are its open risks
    and those closed in the period; `renewals`, every renewal recorded, newest first.
    """
    account = dossier["account"]
    current = compute_kpis(period_facts(facts)).record()
    before = compute_kpis(period_facts(facts, previous=True)).record()
    orders = facts.orders.get(account["id"], OrderSums())
    previous_orders = facts.previous_orders.get(account["id"], OrderSums())
    current["orders"], before["orders"] = orders.count, previous_orders.count
    plan = dossier["plan"]
    feedback_fields = ("id", "when", "kind", "channel", "contacts", "csat", "nps", "notes")
    return {
        "account": account,
        "period": facts.period.record(),
        "previous_period": facts.period.previous().record(),
        "score": None
        if scored is None
        else {
            "score": round(scored.score, 2),
            "strength": None if scored.strength.value is None else round(scored.strength.value, 2),
            "quadrant": scored.quadrant,
            "recommendation": scored.recommendation,
        },
        "health": dossier["health"],
        "kpis": [{"kpi": key, "current": current[key], "previous": before[key]} for key in ACCOUNT_KPIS],
        "sentiment": current["sentiment"],
        "by_channel": current["by_channel"],
        "plan": {
            "goals": list(plan["goals"]),
            "objectives": [
                {"id": o["id"], "text": o["text"], "due": o["due"], "status": objective_status(o, today)}
                for o in plan["objectives"]
            ],
            "last_review": plan.get("last_review"),
        },
        "timeline": list(timeline),
        "feedback": {
            mood: [
                {key: entry[key] for key in feedback_fields}
                for entry in timeline
                if entry["sentiment"] == mood
            ]
            for mood in ("positive", "negative")
        },
        "map": dossier["map"],
        "findings": dossier["findings"],
        "open_reminders": dossier["open_reminders"],
        "open_opportunities": dossier["open_opportunities"],
        "team": dossier["team"],
        "risks": sorted(risks, key=risk_order),
        "renewal": renewal_record(account["renewal_date"], renewals, today),
        "whitespace": dict(whitespace or {}),
    }


def risk_order(risk: Mapping[str, Any]) -> tuple[bool, int, date, int]:
    """Open risks first, the most severe first, then the soonest due (none last)."""
    from kamctl.domain.risks import risk_order as severity_order

    return (risk["status"] != "open", severity_order(risk["severity"]), risk["due"] or date.max, risk["id"])


def renewal_record(
    renewal_date: date | None, renewals: Sequence[Mapping[str, Any]], today: date
) -> dict[str, Any]:
    """The contract's renewal: its date, whether it lapsed (SPEC §3, `is_lapsed`), the days left
    (negative once passed), and the renewals recorded, newest first."""
    from kamctl.domain.renewals import is_lapsed

    return {
        "date": renewal_date,
        "lapsed": is_lapsed(renewal_date, today),
        "days_left": None if renewal_date is None else (renewal_date - today).days,
        "renewals": list(renewals),
    }


def team_rows(
    accounts: Sequence[AccountTimeline],
    interactions: Mapping[int, int],
    *,
    overdue_owners: Sequence[str | None],
    period: Period,
    tz: tzinfo,
) -> list[dict[str, Any]]:
    """Per person (case-insensitive): accounts owned (not archived) and key accounts at `until`,
    log entries of their accounts in the period, and the reminders overdue today that belong to
    them (`overdue_owners`: each item's assignee), so a colleague who owns no account has a row
    for the work given to them."""
    end = period.ends_before(tz)
    rows: dict[str, dict[str, Any]] = {}

    def row(owner: str | None) -> dict[str, Any]:
        key = (owner or "").strip().casefold()
        if key not in rows:
            rows[key] = {"owner": (owner or "").strip() or None, "accounts": 0, "key_accounts": 0,
                         "interactions": 0, "overdue_reminders": 0}  # fmt: skip
        return rows[key]

    for account in accounts:
        state = account.state_at(end)
        entry = row(account.owner)
        entry["interactions"] += interactions.get(account.id, 0)
        if state is not None and not state.archived:
            entry["accounts"] += 1
            entry["key_accounts"] += state.tier == "key"
    for owner in overdue_owners:
        row(owner)["overdue_reminders"] += 1
    return sorted(rows.values(), key=lambda r: (r["owner"] is None, (r["owner"] or "").casefold()))
