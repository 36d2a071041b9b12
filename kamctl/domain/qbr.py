"""The quarterly business review pack (`report account --qbr`, SPEC §8): what we walk through *with*
the customer.

Only what the customer may read goes in: their goals, the mutual success plan, wins, what they
told us, open issues and the next quarter. Internal matter (score, quadrant, health, risks, our
account and contact notes, stance, influence, the master plan, plain interaction notes) is never
read into these facts, so no format can leak it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from kamctl.domain.periods import Period, report_period
from kamctl.domain.reviews import objective_status
from kamctl.i18n import _

QUARTER = relativedelta(months=3)
"""A QBR looks back one quarter, and ahead one."""


def qbr_period(*, since: date | None, until: date | None, today: date) -> Period:
    """The quarter a QBR covers: the 3 months up to `until` (default today), or `--since`…`--until`."""
    last = until if until is not None else today
    first = since if since is not None else last - QUARTER + timedelta(days=1)
    return report_period(since=first, until=last, today=today)


def next_quarter(period: Period) -> Period:
    """The 3 months after the period: what the next quarter's plan covers."""
    start = period.until + timedelta(days=1)
    return Period(start, period.until + QUARTER)


@dataclass(frozen=True)
class PlannedObjective:
    """One objective as the customer may see it: no internal notes, our owner by name."""

    id: int
    text: str
    due: date | None
    target: str | None
    customer_owner: str | None
    owner: str | None
    """Who on our side works on it: its assignee, else the account's owner."""
    done_on: date | None


@dataclass(frozen=True)
class IssueFollowUp:
    """The follow-up an issue entry created: when it is due, whether it is done, who does it."""

    due: date
    done: bool
    assignee: str | None


@dataclass(frozen=True)
class QbrFacts:
    """What a QBR pack is built from; `entries` are the log records (`log list`) of kinds win,
    feedback and issue in the quarter, newest first."""

    account: str
    owner: str | None
    period: Period
    goals: Sequence[str]
    objectives: Sequence[PlannedObjective]
    entries: Sequence[Mapping[str, Any]]
    follow_ups: Mapping[int, IssueFollowUp] = field(default_factory=dict)


def _objective(objective: PlannedObjective, today: date) -> dict[str, Any]:
    status = objective_status({"done": objective.done_on is not None, "due": objective.due}, today)
    return {
        "id": objective.id,
        "objective": objective.text,
        "target": objective.target,
        "customer_owner": objective.customer_owner,
        "owner": objective.owner,
        "due": objective.due,
        "status": status,
        "done_on": objective.done_on,
    }


def _entry(entry: Mapping[str, Any], tz: Any) -> dict[str, Any]:
    return {
        "when": entry["when"].astimezone(tz).date(),
        "with": list(entry["contacts"]),
        "notes": entry["notes"],
    }


def qbr_record(facts: QbrFacts, *, today: date, tz: Any = None) -> dict[str, Any]:
    """The QBR pack as one record (the JSON of `report account --qbr -f json`).

    - `success_plan`: objectives open, or done in the quarter, by due date.
    - `results`: objectives with a target whose result falls in the quarter (done in it, or due
      in it): the target against what happened.
    - `wins`, `feedback`: log entries of kind win and feedback in the quarter; feedback by
      sentiment, and its `themes` (tags, most mentioned first).
    - `open_issues`: issues logged in the quarter whose follow-up is not done (owner: the
      follow-up's assignee, else the account's owner), and open objectives past due.
    - `next_quarter`: open objectives due in the 3 months after the quarter.
    """
    period = facts.period
    ahead = next_quarter(period)
    planned = sorted(facts.objectives, key=lambda o: (o.due or date.max, o.id))
    in_quarter = [o for o in planned if o.done_on is None or period.since <= o.done_on <= period.until]
    results = [
        o
        for o in planned
        if o.target
        and (
            (o.done_on is not None and period.since <= o.done_on <= period.until)
            or (o.due is not None and period.since <= o.due <= period.until)
        )
    ]
    wins = [_entry(e, tz) for e in facts.entries if e["kind"] == "win"]
    heard = [e for e in facts.entries if e["kind"] == "feedback"]
    feedback = {
        mood: [_entry(e, tz) for e in heard if (e["sentiment"] or "neutral") == mood]
        for mood in ("positive", "negative", "neutral")
    }
    themes = Counter(tag.casefold() for e in heard for tag in dict.fromkeys(e["tags"]))
    issues: list[dict[str, Any]] = []
    for entry in facts.entries:
        if entry["kind"] != "issue":
            continue
        follow_up = facts.follow_ups.get(entry["follow_up_id"]) if entry["follow_up_id"] else None
        if follow_up is not None and follow_up.done:
            continue
        issues.append(
            {
                "issue": entry["notes"],
                "raised": entry["when"].astimezone(tz).date(),
                "with": list(entry["contacts"]),
                "owner": (follow_up.assignee if follow_up else None) or facts.owner,
                "due": follow_up.due if follow_up else None,
            }
        )
    for objective in planned:
        if objective.done_on is None and objective.due is not None and objective.due < today:
            issues.append(
                {
                    "issue": _("Objective past due: {objective}").format(objective=objective.text),
                    "raised": objective.due,
                    "with": [objective.customer_owner] if objective.customer_owner else [],
                    "owner": objective.owner,
                    "due": objective.due,
                }
            )
    return {
        "account": facts.account,
        "period": period.record(),
        "next_period": ahead.record(),
        "goals": list(facts.goals),
        "success_plan": [_objective(o, today) for o in in_quarter],
        "results": [_objective(o, today) for o in results],
        "wins": wins,
        "feedback": {**feedback, "themes": [{"theme": t, "mentions": n} for t, n in themes.most_common()]},
        "open_issues": issues,
        "next_quarter": [
            _objective(o, today)
            for o in planned
            if o.done_on is None and o.due is not None and ahead.since <= o.due <= ahead.until
        ],
    }
