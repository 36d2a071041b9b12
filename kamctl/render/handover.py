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

from kamctl import i18n
from kamctl.domain.account_map import Finding, MapContact, days_since, finding_text, org_chart, walk_chart
from kamctl.i18n import N_, _, ngettext
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
    ("industry", N_("Industry")),
    ("owner", N_("Owner")),
    ("tier", N_("Tier")),
    ("status", N_("Status")),
    ("stage", N_("Relationship stage")),
    ("share_of_wallet", N_("Share of wallet (%)")),
    ("revenue", N_("Revenue (manual)")),
    ("profit", N_("Profit (manual)")),
    ("growth", N_("Growth (1–5)")),
    ("strategic_fit", N_("Strategic fit (1–5)")),
    ("influence", N_("Market influence (1–5)")),
    ("cadence_days", N_("Contact cadence (days)")),
    ("preferred_channel", N_("Preferred channel")),
    ("renewal_date", N_("Renewal")),
    ("tags", N_("Tags")),
    ("last_contact", N_("Last contact")),
    ("created_at", N_("Customer since")),
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
    out: list[str] = [_("# Handover brief: {account}").format(account=md(account["name"])), ""]
    if previous:
        handed = _("From **{previous}** to **{owner}**").format(previous=md(previous), owner=md(new_owner))
    else:
        handed = _("To **{owner}**").format(owner=md(new_owner))
    written = _("{handed} · {day} · written by {author} with kamctl")
    out += [written.format(handed=handed, day=i18n.day(today), author=md(author)), ""]

    out += [_("## Profile"), "", _("| Field | Value |"), "|---|---|"]
    for key, label in PROFILE:
        value = account.get(key)
        if value in (None, [], ""):
            continue
        if key == "stage":
            value = f"{value} {_(STAGES[value]) if value in STAGES else ''}"
        elif key in ("revenue", "profit"):
            value = f"{display_value(value)} {facts.currency}"
        elif isinstance(value, datetime):
            value = value.astimezone(now.tzinfo).date()
        elif key in ("tier", "status", "preferred_channel"):
            value = i18n.label(value)
        out.append(f"| {_(label)} | {md_value(value)} |")
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
    out = [_("## Plan"), ""]
    if not (plan["goals"] or plan["objectives"] or plan["master_plan"]):
        no_plan = _("No plan yet: `kamctl accounts plan NAME --goal TEXT --objective TEXT --due DATE`.")
        return [*out, no_plan, ""]
    if plan["goals"]:
        out += [_("### Customer goals"), ""]
        out += [f"- {md(goal['text'])}" for goal in plan["goals"]]
        out.append("")
    if plan["objectives"]:
        out += [_("### Our objectives"), ""]
        for objective in plan["objectives"]:
            box = "x" if objective["done"] else " "
            due = objective["due"]
            when = _(" — due {day}").format(day=i18n.day(due)) if due else ""
            if due and not objective["done"] and due < today:
                when += _(" (**overdue**)")
            out.append(f"- [{box}] #{objective['id']} {md(objective['text'])}{when}")
        out.append("")
    if plan["master_plan"]:
        out += [_("### Master plan"), "", shift_headings(plan["master_plan"], 3).strip("\n"), ""]
    if plan["reviews"]:
        last = plan["reviews"][0]
        note = f": {md(last['note'])}" if last["note"] else ""
        when = i18n.day(last["when"].astimezone().date())
        out += [_("Last review {day} by {who}{note}").format(day=when, who=md(last["who"]), note=note), ""]
    return out


def _team(team: list[dict[str, str]]) -> list[str]:
    if not team:
        return []
    out = [_("## Team"), "", _("| Person | Role |"), "|---|---|"]
    out += [f"| {md(member['person'])} | {i18n.label(member['role'])} |" for member in team]
    return [*out, ""]


def _map(contacts: Sequence[MapContact], *, previous: str | None, now: datetime) -> list[str]:
    out = [_("## Account map"), ""]
    if not contacts:
        return [*out, _("Nobody on the map yet."), ""]
    out += [_("Who is who at the customer, and who on our side knows them."), ""]
    for node, depth in walk_chart(org_chart(contacts)):
        person = node.contact
        if person.left:
            name = _("~~{name}~~ (left)").format(name=md(person.name))
        else:
            name = f"**{md(person.name)}**"
        facts = [md(person.title)] if person.title else []
        if person.role:
            facts.append(md(i18n.label(person.role)))
        if person.influence is not None:
            facts.append(
                _("influence {dots} {level}/5").format(
                    dots=influence_dots(person.influence), level=person.influence
                )
            )
        if person.stance:
            facts.append(i18n.label(person.stance))
        facts.append(
            _("last contact {since}").format(since=since_text(days_since(person.last_contact, now=now)))
        )
        if person.our_contact:
            facts.append(_("ours: **{who}**").format(who=md(person.our_contact)))
        else:
            facts.append(_("ours: nobody"))
        out.append(f"{'  ' * depth}- {name} — {' · '.join(facts)}")
    out += ["", _("### Who on our side knows whom"), "", _("| Our person | Knows |"), "|---|---|"]
    by_owner: dict[str, list[MapContact]] = {}
    for person in contacts:
        if person.active:
            by_owner.setdefault((person.our_contact or "").strip(), []).append(person)
    for owner in sorted(by_owner, key=lambda o: (o == "", o.casefold())):
        who = md(owner) if owner else _("*nobody*")
        if previous and owner.casefold() == previous.strip().casefold():
            who += _(" (outgoing owner: introduce the successor)")
        names = _(", ").join(
            md(person.name) for person in sorted(by_owner[owner], key=lambda p: p.name.casefold())
        )
        out.append(f"| {who} | {names} |")
    return [*out, ""]


def _interactions(entries: list[dict[str, Any]], *, now: datetime) -> list[str]:
    if len(entries) == 1:
        out = [_("## Last interaction"), ""]
    else:
        out = [
            ngettext("## Last {count} interaction", "## Last {count} interactions", len(entries)).format(
                count=len(entries)
            ),
            "",
        ]
    if not entries:
        return [_("## Interactions"), "", _("Nothing logged yet."), ""]
    for entry in entries:
        moment = entry["when"].astimezone(now.tzinfo)
        when = f"{i18n.day(moment.date())} {moment:%H:%M}"
        facts = [i18n.label(entry["channel"]), i18n.label(entry["kind"])]
        if entry["sentiment"]:
            facts.append(i18n.label(entry["sentiment"]))
        if entry["contacts"]:
            facts.append(_("with {names}").format(names=_(", ").join(md(name) for name in entry["contacts"])))
        out.append(f"- **{when}** · {' · '.join(facts)}")
        if entry["notes"]:
            # An indented paragraph of the same list item: the note reads as a block of its own.
            out += ["", f"  {md(entry['notes'])}", ""]
    return [*out, ""]


def _reminders(reminders: list[dict[str, Any]], today: date) -> list[str]:
    out = [_("## Open reminders"), ""]
    if not reminders:
        return [*out, _("None."), ""]
    out += [_("| Due | Reminder | With | Repeats |"), "|---|---|---|---|"]
    for reminder in reminders:
        due = i18n.day(reminder["due"])
        if reminder["due"] < today:
            due += _(" (**overdue**)")
        cells = [due, md(reminder["title"]), md(reminder["contact"] or ""), md(reminder["rule"] or "")]
        out.append(f"| {' | '.join(cells)} |")
    return [*out, ""]


def _opportunities(opportunities: list[dict[str, Any]], currency: str) -> list[str]:
    out = [_("## Open opportunities"), ""]
    if not opportunities:
        return [*out, _("None."), ""]
    out += [_("| Opportunity | Type | Value | Expected close |"), "|---|---|--:|---|"]
    for opportunity in opportunities:
        value = (
            f"{display_value(opportunity['value'])} {currency}" if opportunity["value"] is not None else ""
        )
        close = i18n.day(opportunity["expected_close"]) if opportunity["expected_close"] else ""
        kind = i18n.label(opportunity["type"])
        out.append(f"| {md(opportunity['title'])} | {kind} | {value} | {close} |")
    return [*out, ""]


def _introductions(introductions: Sequence[dict[str, Any]], *, previous: str | None) -> list[str]:
    if not introductions:
        return []
    heading = _("Follow-ups for **{previous}**, who knows these decision makers:").format(
        previous=md(previous)
    )
    out = [_("## Introductions"), "", heading, ""]
    for item in introductions:
        line = _("- {title} — due {day} (reminder {id})")
        out.append(line.format(title=md(item["title"]), day=i18n.day(item["due"]), id=item["id"]))
    return [*out, ""]


def _risks(
    account: dict[str, Any], findings: Sequence[Finding], risks: Sequence[dict[str, Any]], today: date
) -> list[str]:
    lines = []
    if account.get("status") in ("at-risk", "lost"):
        lines.append(
            _("- The account's status is **{status}**.").format(status=i18n.label(account["status"]))
        )
    for risk in risks:
        facts = [_("owner {owner}").format(owner=md(risk["owner"])) if risk["owner"] else _("no owner")]
        if risk["due"] is not None:
            overdue = _(" (**overdue**)") if risk["due"] < today else ""
            facts.append(_("due {day}").format(day=i18n.day(risk["due"])) + overdue)
        if risk["mitigation"]:
            facts.append(_("mitigation: {mitigation}").format(mitigation=md(risk["mitigation"])))
        what = _("**{severity}** risk {id}: {text}").format(
            severity=_severity(risk["severity"]), id=risk["id"], text=md(risk["text"])
        )
        lines.append(f"- {what} — {' · '.join(facts)}")
    lines += [f"- **{_severity(f.severity)}** `{f.code}`: {md(finding_text(f.message))}" for f in findings]
    if not lines:
        lines = [_("No open risks and no coverage findings: the relationship does not hang on one thread.")]
    return [_("## Risks"), "", *lines, ""]


def _severity(severity: str) -> str:
    """A severity as the brief shows it: HIGH in English (it stands out), the label in Japanese."""
    return i18n.label(severity) if i18n.japanese() else severity.upper()


def handover_moved(moved: dict[str, int], new_owner: str) -> str:
    """`Moved to lee: 2 reminders, 1 risk, 3 contacts` — empty when nothing moved."""
    parts = [_moved_count(what, count) for what, count in moved.items() if count]
    if not parts:
        return ""
    return _("Moved to {owner}: {things}").format(owner=new_owner, things=_(", ").join(parts))


def _moved_count(what: str, count: int) -> str:
    """`2 reminders`: what a handover moved, counted (`handover_moved`)."""
    counted = {
        "reminders": ngettext("{count} reminder", "{count} reminders", count),
        "risks": ngettext("{count} risk", "{count} risks", count),
        "contacts": ngettext("{count} contact", "{count} contacts", count),
        "objectives": ngettext("{count} objective", "{count} objectives", count),
        "opportunities": ngettext("{count} opportunity", "{count} opportunities", count),
    }
    if what not in counted:
        return f"{count} {what[:-1] if count == 1 else what}"
    return counted[what].format(count=count)
