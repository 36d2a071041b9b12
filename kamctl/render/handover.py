"""The handover brief (SPEC §3 `accounts handover`): everything a new owner needs, as Markdown.

User text is escaped so that it reads as written: a name like `*ACME* [beta]` stays literal, a
note starting with `#` does not become a heading, and `|` cannot break a table. The master plan
is the one exception: it is Markdown written by the team, so it is kept as Markdown, with its
headings moved below the brief's own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kamctl.domain.account_map import Finding, MapContact, days_since, org_chart, walk_chart
from kamctl.render.account_map import influence_dots, since_text
from kamctl.render.output import display_value
from kamctl.render.safe import one_line, printable

if TYPE_CHECKING:
    from kamctl.domain.account_map import HandoverFacts

# Characters with a meaning inside a Markdown line (CommonMark): emphasis, code, links, HTML,
# tables, strikethrough, and the backslash itself.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# What makes the start of a line a heading, quote, list item, rule or setext underline.
_LINE_START = re.compile(r"^(#|>|[-+=]|\d+[.)])")


def md(value: Any) -> str:
    """User text as literal Markdown on one line (control characters made visible)."""
    text = _INLINE.sub(r"\\\1", one_line(value))
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)  # `&copy;` stays text, not an entity
    return _LINE_START.sub(r"\\\1", text)


def md_value(value: Any) -> str:
    """A plain value (date, number, list, text) as literal Markdown."""
    return md(display_value(value))


def shift_headings(markdown: str, levels: int) -> str:
    """Move every ATX heading `levels` deeper (at most `######`), leaving fenced code alone."""
    out = []
    fence: str | None = None
    for line in printable(markdown).splitlines():
        marker = re.match(r"\s{0,3}(`{3,}|~{3,})", line)
        if marker:
            if fence is None:
                fence = marker.group(1)[0]
            elif marker.group(1)[0] == fence:
                fence = None
        elif fence is None and (heading := re.match(r"(\s{0,3})(#{1,6})(\s|$)", line)):
            depth = min(6, len(heading.group(2)) + levels)
            line = heading.group(1) + "#" * depth + line[heading.end(2) :]
        out.append(line)
    return "\n".join(out)


PROFILE = (
    ("industry", "Industry"),
    ("owner", "Owner"),
    ("tier", "Tier"),
    ("status", "Status"),
    ("stage", "Relationship stage"),
    ("share_of_wallet", "Share of wallet (%)"),
    ("revenue", "Revenue (manual)"),
    ("profit", "Profit (manual)"),
    ("growth", "Growth (1–5)"),
    ("strategic_fit", "Strategic fit (1–5)"),
    ("influence", "Market influence (1–5)"),
    ("cadence_days", "Contact cadence (days)"),
    ("preferred_channel", "Preferred channel"),
    ("renewal_date", "Renewal"),
    ("tags", "Tags"),
    ("last_contact", "Last contact"),
    ("created_at", "Customer since"),
)


def handover_brief(
    facts: HandoverFacts,
    findings: Sequence[Finding],
    *,
    previous: str | None,
    new_owner: str,
    author: str,
    now: datetime,
    introductions: Sequence[dict[str, Any]] = (),
) -> str:
    """The brief as Markdown text, ending with a newline. `introductions` are the follow-ups the
    outgoing owner (`previous`) got: introduce the new owner to each decision maker."""
    from kamctl.domain.accounts import STAGES

    account = facts.account
    today = now.date()
    out: list[str] = [f"# Handover brief: {md(account['name'])}", ""]
    handed = f"From **{md(previous)}** to **{md(new_owner)}**" if previous else f"To **{md(new_owner)}**"
    out += [f"{handed} · {today.isoformat()} · written by {md(author)} with kamctl", ""]

    out += ["## Profile", "", "| Field | Value |", "|---|---|"]
    for key, label in PROFILE:
        value = account.get(key)
        if value in (None, [], ""):
            continue
        if key == "stage":
            value = f"{value} {STAGES.get(value, '')}"
        elif key in ("revenue", "profit"):
            value = f"{display_value(value)} {facts.currency}"
        elif isinstance(value, datetime):
            value = value.astimezone(now.tzinfo).date()
        out.append(f"| {label} | {md_value(value)} |")
    out.append("")
    if account.get("notes"):
        out += [f"> {md(account['notes'])}", ""]

    out += _plan(facts.plan, today)
    out += _team(facts.team)
    out += _map(facts.account_map.contacts, previous=previous, now=now)
    out += _interactions(facts.recent_log, now=now)
    out += _introductions(introductions, previous=previous)
    out += _reminders(facts.open_reminders, today)
    out += _opportunities(facts.open_opportunities, facts.currency)
    out += _risks(account, findings, facts.open_risks, today)
    return "\n".join(out).rstrip("\n") + "\n"


def _plan(plan: dict[str, Any], today: date) -> list[str]:
    out = ["## Plan", ""]
    if not (plan["goals"] or plan["objectives"] or plan["master_plan"]):
        return [*out, "No plan yet: `kamctl accounts plan NAME --goal TEXT --objective TEXT --due DATE`.", ""]
    if plan["goals"]:
        out += ["### Customer goals", ""]
        out += [f"- {md(goal['text'])}" for goal in plan["goals"]]
        out.append("")
    if plan["objectives"]:
        out += ["### Our objectives", ""]
        for objective in plan["objectives"]:
            box = "x" if objective["done"] else " "
            due = objective["due"]
            when = f" — due {due.isoformat()}" if due else ""
            if due and not objective["done"] and due < today:
                when += " (**overdue**)"
            out.append(f"- [{box}] #{objective['id']} {md(objective['text'])}{when}")
        out.append("")
    if plan["master_plan"]:
        out += ["### Master plan", "", shift_headings(plan["master_plan"], 3).strip("\n"), ""]
    if plan["reviews"]:
        last = plan["reviews"][0]
        note = f": {md(last['note'])}" if last["note"] else ""
        when = last["when"].astimezone().date().isoformat()
        out += [f"Last review {when} by {md(last['who'])}{note}", ""]
    return out


def _team(team: list[dict[str, str]]) -> list[str]:
    if not team:
        return []
    out = ["## Team", "", "| Person | Role |", "|---|---|"]
    out += [f"| {md(member['person'])} | {member['role']} |" for member in team]
    return [*out, ""]


def _map(contacts: Sequence[MapContact], *, previous: str | None, now: datetime) -> list[str]:
    out = ["## Account map", ""]
    if not contacts:
        return [*out, "Nobody on the map yet.", ""]
    out += ["Who is who at the customer, and who on our side knows them.", ""]
    for node, depth in walk_chart(org_chart(contacts)):
        person = node.contact
        name = f"~~{md(person.name)}~~ (left)" if person.left else f"**{md(person.name)}**"
        facts = [md(part) for part in (person.title, person.role) if part]
        if person.influence is not None:
            facts.append(f"influence {influence_dots(person.influence)} {person.influence}/5")
        if person.stance:
            facts.append(person.stance)
        facts.append(f"last contact {since_text(days_since(person.last_contact, now=now))}")
        facts.append(f"ours: **{md(person.our_contact)}**" if person.our_contact else "ours: nobody")
        out.append(f"{'  ' * depth}- {name} — {' · '.join(facts)}")
    out += ["", "### Who on our side knows whom", "", "| Our person | Knows |", "|---|---|"]
    by_owner: dict[str, list[MapContact]] = {}
    for person in contacts:
        if person.active:
            by_owner.setdefault((person.our_contact or "").strip(), []).append(person)
    for owner in sorted(by_owner, key=lambda o: (o == "", o.casefold())):
        who = md(owner) if owner else "*nobody*"
        if previous and owner.casefold() == previous.strip().casefold():
            who += " (outgoing owner: introduce the successor)"
        names = ", ".join(
            md(person.name) for person in sorted(by_owner[owner], key=lambda p: p.name.casefold())
        )
        out.append(f"| {who} | {names} |")
    return [*out, ""]


def _interactions(entries: list[dict[str, Any]], *, now: datetime) -> list[str]:
    out = [f"## Last {len(entries)} interactions" if len(entries) != 1 else "## Last interaction", ""]
    if not entries:
        return ["## Interactions", "", "Nothing logged yet.", ""]
    for entry in entries:
        when = entry["when"].astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M")
        facts = [entry["channel"], entry["kind"]]
        if entry["sentiment"]:
            facts.append(entry["sentiment"])
        if entry["contacts"]:
            facts.append("with " + ", ".join(md(name) for name in entry["contacts"]))
        out.append(f"- **{when}** · {' · '.join(facts)}")
        if entry["notes"]:
            # An indented paragraph of the same list item: the note reads as a block of its own.
            out += ["", f"  {md(entry['notes'])}", ""]
    return [*out, ""]


def _reminders(reminders: list[dict[str, Any]], today: date) -> list[str]:
    out = ["## Open reminders", ""]
    if not reminders:
        return [*out, "None.", ""]
    out += ["| Due | Reminder | With | Repeats |", "|---|---|---|---|"]
    for reminder in reminders:
        due = reminder["due"].isoformat()
        if reminder["due"] < today:
            due += " (**overdue**)"
        cells = [due, md(reminder["title"]), md(reminder["contact"] or ""), md(reminder["rule"] or "")]
        out.append(f"| {' | '.join(cells)} |")
    return [*out, ""]


def _opportunities(opportunities: list[dict[str, Any]], currency: str) -> list[str]:
    out = ["## Open opportunities", ""]
    if not opportunities:
        return [*out, "None.", ""]
    out += ["| Opportunity | Type | Value | Expected close |", "|---|---|--:|---|"]
    for opportunity in opportunities:
        value = (
            f"{display_value(opportunity['value'])} {currency}" if opportunity["value"] is not None else ""
        )
        close = opportunity["expected_close"].isoformat() if opportunity["expected_close"] else ""
        out.append(f"| {md(opportunity['title'])} | {opportunity['type']} | {value} | {close} |")
    return [*out, ""]


def _introductions(introductions: Sequence[dict[str, Any]], *, previous: str | None) -> list[str]:
    if not introductions:
        return []
    out = ["## Introductions", "", f"Follow-ups for **{md(previous)}**, who knows these decision makers:", ""]
    for item in introductions:
        out.append(f"- {md(item['title'])} — due {item['due'].isoformat()} (reminder {item['id']})")
    return [*out, ""]


def _risks(
    account: dict[str, Any], findings: Sequence[Finding], risks: Sequence[dict[str, Any]], today: date
) -> list[str]:
    lines = []
    if account.get("status") in ("at-risk", "lost"):
        lines.append(f"- The account's status is **{account['status']}**.")
    for risk in risks:
        facts = [f"owner {md(risk['owner'])}" if risk["owner"] else "no owner"]
        if risk["due"] is not None:
            overdue = " (**overdue**)" if risk["due"] < today else ""
            facts.append(f"due {risk['due'].isoformat()}{overdue}")
        if risk["mitigation"]:
            facts.append(f"mitigation: {md(risk['mitigation'])}")
        what = f"**{risk['severity'].upper()}** risk {risk['id']}: {md(risk['text'])}"
        lines.append(f"- {what} — {' · '.join(facts)}")
    lines += [f"- **{f.severity.upper()}** `{f.code}`: {md(f.message)}" for f in findings]
    if not lines:
        lines = ["No open risks and no coverage findings: the relationship does not hang on one thread."]
    return ["## Risks", "", *lines, ""]


def handover_moved(moved: dict[str, int], new_owner: str) -> str:
    """`Moved to lee: 2 reminders, 1 risk, 3 contacts` — empty when nothing moved."""
    parts = [f"{count} {what[:-1] if count == 1 else what}" for what, count in moved.items() if count]
    return f"Moved to {new_owner}: {', '.join(parts)}" if parts else ""
