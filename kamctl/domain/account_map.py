"""The account map (SPEC §5): the org chart of a customer and the coverage findings drawn from it.

Pure functions over plain dataclasses: the store fills `MapContact`s and `Interaction`s, the
renderers draw what these functions return.

Findings and their severities (SPEC §5 names the six codes; the severities are kamctl's):

- `single-threaded` (high): fewer than 2 active contacts; or the log entries of the last 180
  days that name contacts exist and together name one contact only.
- `no-decision-maker` (high): no active contact with role decision-maker or economic-buyer.
- `decision-maker-cold` (medium): an active decision-maker or economic-buyer last contacted 90
  or more days ago, or never; one finding per person.
- `no-champion` (medium): no active contact with stance champion.
- `blocker-high-influence` (high): an active contact with stance blocker and influence 4 or 5;
  one finding per person.
- `single-owner` (medium): every active contact is owned by the same person on our side, or
  none has an owner (contacts without an owner add nobody): the handover risk.

High is what can lose the account on its own: nobody to talk to, nobody who can sign, or a
powerful opponent. Medium is a weakness to work on: a cold decision maker, no champion, or
relationships that all sit with one of our people. `report`'s at-risk list takes the high ones.

"Active" means not marked as left. Day counts are calendar days in the timezone of `now`:
a moment on day N before today is "N days ago". "The last 180 days" are today and the 179 days
before it (a log entry 180 days ago is outside); "not contacted in 90 days" means the latest
contact is 90 or more days ago (89 is still warm).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kamctl.domain.accounts import TEAM_ROLES
from kamctl.domain.contacts import DECISION_ROLES, ROLES
from kamctl.domain.names import not_one_of
from kamctl.errors import InvalidValue
from kamctl.i18n import N_

SEVERITIES = ("high", "medium", "low")
"""Most urgent first: findings are listed in this order."""

FINDING_SEVERITY = {
    "single-threaded": "high",
    "no-decision-maker": "high",
    "decision-maker-cold": "medium",
    "no-champion": "medium",
    "blocker-high-influence": "high",
    "single-owner": "medium",
}
"""Every finding code of SPEC §5, in SPEC order, with its severity."""

RECENT_DAYS = 180
"""The window of `single-threaded`: the log entries of the last 180 days."""

COLD_DAYS = 90
"""A decision maker last contacted this many days ago or longer is cold."""

HIGH_INFLUENCE = 4
"""A blocker with at least this influence (1–5) is a finding."""



def check_team_role(raw: str) -> str:
    """A team role as typed (`Executive sponsor`, `executive_sponsor`) checked against TEAM_ROLES."""
    from kamctl.i18n import value_of

    value = re.sub(r"[\s_]+", "-", value_of(raw.strip(), TEAM_ROLES).casefold())
    if value not in TEAM_ROLES:
        raise InvalidValue(not_one_of("role", raw, TEAM_ROLES))
    return value


@dataclass(frozen=True)
class MapContact:
    """One person on the map, with what the findings and the chart need."""

    id: int
    name: str
    title: str | None = None
    role: str | None = None
    influence: int | None = None
    stance: str | None = None
    reports_to: int | None = None
    our_contact: str | None = None
    last_contact: datetime | None = None
    left: bool = False
    reading: str | None = None

    @property
    def active(self) -> bool:
        return not self.left


@dataclass(frozen=True)
class Interaction:
    """A log entry of the account that names contacts: when it happened and who took part."""

    when: datetime
    contact_ids: frozenset[int]


@dataclass(frozen=True)
class AccountMap:
    """Everything `contacts map` and the findings need about one account, as plain values."""

    account_id: int
    account: str
    contacts: list[MapContact]
    interactions: list[Interaction]


@dataclass(frozen=True)
class HandoverFacts:
    """Everything the handover brief says, read in the handover's transaction."""

    account: dict[str, Any]
    plan: dict[str, Any]
    team: list[dict[str, str]]
    account_map: AccountMap
    recent_log: list[dict[str, Any]]
    open_reminders: list[dict[str, Any]]
    open_opportunities: list[dict[str, Any]]
    currency: str
    open_risks: list[dict[str, Any]] = field(default_factory=list)
    """Open risks from the risk table (`id, text, severity, owner, due, mitigation`), worst first."""


class FindingMessage(str):
    """A finding's message: English as a string (JSON, CSV and the database keep it so), with the
    template and values it was made from, so that `finding_text` can say it in the language in use."""

    template: str
    args: dict[str, Any]

    def __new__(cls, template: str, **args: Any) -> FindingMessage:
        message = super().__new__(cls, template.format(**args))
        message.template, message.args = template, args
        return message


def finding_text(message: str) -> str:
    """A finding's message as people read it: in the language in use (roles as their labels);
    a message that is only text (read back from JSON) as it is."""
    if not isinstance(message, FindingMessage):
        return message
    from kamctl import i18n

    if not i18n.japanese():
        return str(message)
    args = {
        key: i18n.label(value) if key == "role" else finding_text(value) if isinstance(value, str) else value
        for key, value in message.args.items()
    }
    return i18n._(message.template).format(**args)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    contact_id: int | None = None
    """The person the finding is about, when it is about one."""


@dataclass
class OrgNode:
    """A person in the org chart with the people who report to them."""

    contact: MapContact
    reports: list[OrgNode] = field(default_factory=list)


def days_since(moment: datetime | None, *, now: datetime) -> int | None:
    """Calendar days from `moment` to `now`, in `now`'s timezone (0 = today); None for never."""
    if moment is None:
        return None
    return (now.date() - moment.astimezone(now.tzinfo).date()).days


def find_coverage_gaps(
    contacts: Sequence[MapContact], interactions: Iterable[Interaction], *, now: datetime
) -> list[Finding]:
    """The coverage findings of SPEC §5 for one account's map, most severe first.

    `interactions` may hold any log entries of the account; only those of the last 180 days
    count, and only the contacts they name.
    """
    active = [contact for contact in contacts if contact.active]
    by_id = {contact.id: contact for contact in contacts}
    findings: list[Finding] = []

    threaded = _single_threaded(active, interactions, by_id, now=now)
    if threaded:
        findings.append(threaded)

    deciders = [contact for contact in active if contact.role in DECISION_ROLES]
    if not deciders:
        message = N_("no active decision-maker or economic-buyer on the map")
        findings.append(_finding("no-decision-maker", message))
    for contact in deciders:
        days = days_since(contact.last_contact, now=now)
        if days is None:
            message = N_("{name} ({role}): never contacted")
            args = {"name": contact.name, "role": contact.role}
            findings.append(_finding("decision-maker-cold", message, contact, **args))
        elif days >= COLD_DAYS:
            message = N_("{name} ({role}): last contacted {days} days ago")
            args = {"name": contact.name, "role": contact.role, "days": days}
            findings.append(_finding("decision-maker-cold", message, contact, **args))

    if not any(contact.stance == "champion" for contact in active):
        message = N_("no active champion: nobody there sells for us internally")
        findings.append(_finding("no-champion", message))

    for contact in active:
        if contact.stance == "blocker" and (contact.influence or 0) >= HIGH_INFLUENCE:
            message = N_("{name} is a blocker with influence {influence}")
            args = {"name": contact.name, "influence": contact.influence}
            findings.append(_finding("blocker-high-influence", message, contact, **args))

    owners = {_person_key(contact.our_contact) for contact in active} - {""}
    if len(owners) <= 1:
        template, args = _single_owner_message(active)
        findings.append(_finding("single-owner", template, **args))

    order = {code: position for position, code in enumerate(FINDING_SEVERITY)}
    return sorted(
        findings,
        key=lambda finding: (SEVERITIES.index(finding.severity), order[finding.code]),
    )


def _single_threaded(
    active: list[MapContact],
    interactions: Iterable[Interaction],
    by_id: Mapping[int, MapContact],
    *,
    now: datetime,
) -> Finding | None:
    if not active:
        return _finding("single-threaded", N_("no active contacts on the map"))
    if len(active) == 1:
        message = N_("{name} is the only active contact")
        return _finding("single-threaded", message, active[0], name=active[0].name)
    recent = [
        interaction
        for interaction in interactions
        if interaction.contact_ids and (days_since(interaction.when, now=now) or 0) < RECENT_DAYS
    ]
    met = set().union(*(interaction.contact_ids for interaction in recent)) if recent else set()
    if len(met) == 1:
        [only] = met
        name = by_id[only].name if only in by_id else FindingMessage(N_("contact {id}"), id=only)
        message = (
            N_("every interaction of the last {days} days was with {name} ({count} entry)")
            if len(recent) == 1
            else N_("every interaction of the last {days} days was with {name} ({count} entries)")
        )
        return _finding(
            "single-threaded", message, by_id.get(only), days=RECENT_DAYS, name=name, count=len(recent)
        )
    return None


def _single_owner_message(active: list[MapContact]) -> tuple[str, dict[str, Any]]:
    if not active:
        return N_("no active contacts, so nobody on our side knows anyone there"), {}
    named = [contact.our_contact for contact in active if _person_key(contact.our_contact)]
    if not named:
        return N_("no active contact has an owner on our side (set one with --our-contact)"), {}
    owner = named[0].strip()
    if len(named) < len(active):
        return N_("{owner} is our only person with a relationship there; the others have no owner"), {
            "owner": owner
        }
    return N_("every active contact is owned by {owner}: a handover would lose them all"), {"owner": owner}


def _finding(code: str, template: str, contact: MapContact | None = None, **args: Any) -> Finding:
    message = FindingMessage(template, **args)
    return Finding(code, FINDING_SEVERITY[code], message, None if contact is None else contact.id)


def _person_key(person: str | None) -> str:
    """One of our people as compared: `Sato`, `sato ` and `sato` are the same person."""
    return (person or "").strip().casefold()


# ---------------------------------------------------------------------------------------------
# The org chart.


def _sibling_order(contact: MapContact) -> tuple:
    # Active people first, the most influential first, then by name: the chart reads top-down.
    return (contact.left, -(contact.influence or 0), contact.name.casefold(), contact.id)


def org_chart(contacts: Sequence[MapContact]) -> list[OrgNode]:
    """The reporting lines as a forest: roots are people without a manager on the map (SPEC §5).

    Never loops: should stored data hold a cycle (kamctl refuses to make one), its member with
    the smallest id is drawn as a root.
    """
    nodes = {contact.id: OrgNode(contact) for contact in contacts}
    roots: list[OrgNode] = []
    for contact in sorted(contacts, key=_sibling_order):
        manager = contact.reports_to
        if manager is None or manager not in nodes or manager == contact.id:
            roots.append(nodes[contact.id])
        else:
            nodes[manager].reports.append(nodes[contact.id])
    reached = _reachable(roots)
    for contact in sorted(contacts, key=lambda c: c.id):
        if contact.id in reached:
            continue
        # Everyone not reached hangs from a cycle: walk up to it and break it at its smallest id.
        path: list[int] = []
        person = contact.id
        while person not in path:
            path.append(person)
            person = nodes[person].contact.reports_to  # type: ignore[assignment]
        root = nodes[min(path[path.index(person) :])]
        manager = nodes[root.contact.reports_to]  # type: ignore[index]
        manager.reports = [report for report in manager.reports if report is not root]
        roots.append(root)
        reached |= _reachable([root])
    return roots


def _reachable(roots: Iterable[OrgNode]) -> set[int]:
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node.contact.id in seen:
            continue
        seen.add(node.contact.id)
        stack.extend(node.reports)
    return seen


def walk_chart(roots: Sequence[OrgNode]) -> Iterable[tuple[OrgNode, int]]:
    """Every node of the chart with its depth (roots are 0), top-down, without recursion."""
    stack = [(node, 0) for node in reversed(roots)]
    while stack:
        node, depth = stack.pop()
        yield node, depth
        stack.extend((report, depth + 1) for report in reversed(node.reports))


# ---------------------------------------------------------------------------------------------
# The summary in `accounts show`.


def map_summary(contacts: Sequence[MapContact]) -> dict:
    """Counts for the dossier: contacts, active, left, which roles are covered and who on our side."""
    active = [contact for contact in contacts if contact.active]
    roles = Counter(contact.role for contact in active if contact.role)
    owners: dict[str, str] = {}
    for contact in active:
        if _person_key(contact.our_contact):
            owners.setdefault(_person_key(contact.our_contact), contact.our_contact.strip())  # type: ignore[union-attr]
    return {
        "contacts": len(contacts),
        "active": len(active),
        "left": len(contacts) - len(active),
        "roles_covered": [role for role in ROLES if roles[role]],
        "roles_missing": [role for role in ROLES if not roles[role] and role != "other"],
        "champions": sum(contact.stance == "champion" for contact in active),
        "blockers": sum(contact.stance == "blocker" for contact in active),
        "our_people": sorted(owners.values(), key=str.casefold),
    }
