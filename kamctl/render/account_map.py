"""How the account map looks: the org chart as a tree, Mermaid and Graphviz, findings, contact tables."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kamctl import i18n
from kamctl.domain.account_map import Finding, MapContact, days_since, finding_text, org_chart, walk_chart
from kamctl.domain.contacts import DECISION_ROLES, STANCES
from kamctl.i18n import N_, NP_, _, ngettext, pgettext
from kamctl.render.output import Column, display_value, json_data
from kamctl.render.safe import one_line, printable

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from kamctl.actions.contacts import ContactCard
    from kamctl.domain.account_map import AccountMap

STANCE_STYLES = {
    "champion": "bold green",
    "supporter": "green",
    "neutral": "",
    "skeptic": "yellow",
    "blocker": "bold red",
}
SEVERITY_STYLES = {"high": "bold red", "medium": "yellow", "low": "cyan"}
LEFT_STYLE = "dim"
GUIDE_WIDTH = 4
"""Cells a level of Rich's tree guides takes (`├── `, `│   `)."""


def influence_dots(influence: int | None) -> str:
    """Influence 1–5 as `●●●○○`; unknown as `·····`."""
    if influence is None:
        return "·····"
    return "●" * influence + "○" * (5 - influence)


def since_text(days: int | None) -> str:
    """Days since the last contact as people say it."""
    if days is None:
        return _("never")
    if days == 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    if days < 0:
        return _("in {days} days").format(days=-days)
    return _("{days} days ago").format(days=days)


def value_label(value: str | None) -> str:
    """An enum value (role, stance, channel) as a table shows it: its label; blank for none."""
    return i18n.label(value) if value else display_value(value)


def _styled(value: Any, styles: dict[str, str]) -> Text:
    from rich.text import Text

    return Text(value_label(value), style=styles.get(value or "", ""))


def _pad(text: str, width: int) -> str:
    """`text` filled with spaces to `width` terminal cells (a Japanese character takes two)."""
    from rich.cells import cell_len

    return text + " " * (width - cell_len(text))


CONTACT_COLUMNS = (
    Column("id", N_("ID"), justify="right", no_wrap=True),
    Column("name", N_("Name"), style="bold", min_width=12),
    Column("account", N_("Account"), min_width=16),
    Column("title", NP_("job", "Title"), context="job", min_width=10, minor=5),
    Column("role", N_("Role"), show=value_label, no_wrap=True),
    Column("influence", N_("Infl."), show=influence_dots, no_wrap=True, minor=3),
    Column("stance", N_("Stance"), show=lambda value: _styled(value, STANCE_STYLES), no_wrap=True, minor=1),
    Column("reports_to", N_("Reports to"), min_width=8, minor=4),
    Column("our_contact", N_("Ours"), no_wrap=True, minor=2),
    Column("last_contact", N_("Last contact"), no_wrap=True, show=lambda v: _local_day(v), minor=3),
)
"""The `contacts list` table (`contacts show` has every field); people who left are marked in the
name column (see `table_rows`)."""


def contact_columns(*, with_account: bool = True) -> list[Column]:
    """The `contacts list` columns: the account's only when the list spans accounts."""
    return [column for column in CONTACT_COLUMNS if with_account or column.key != "account"]


def shown_name(name: str, *, reading: str | None = None, left: bool = False) -> str:
    """A person's name as tables and the tree show it: `山田 太郎 (やまだ たろう)`, `(left)` after."""
    return name + (f" ({reading})" if reading else "") + (" " + _("(left)") if left else "")


def table_rows(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records as the table shows them: the name with its reading, a left person's with `(left)`."""
    return [
        {**rec, "name": shown_name(rec["name"], reading=rec["reading"], left=rec["left"])}
        if rec["left"] or rec["reading"]
        else rec
        for rec in records
    ]


def _local_day(moment: datetime | None) -> str:
    return i18n.day(moment.astimezone().date()) if moment else ""


# ---------------------------------------------------------------------------------------------
# The tree.


def map_tree(account_map: AccountMap, *, now: datetime) -> RenderableType:
    """The org chart as a Rich tree whose columns line up, Japanese names included.

    Each line: name, influence, stance (coloured), days since the last contact, our owner, then
    title and role. People who left are dimmed and marked `(left)`.
    """
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    roots = org_chart(account_map.contacts)
    lines = list(walk_chart(roots))

    def name_of(contact: MapContact) -> str:
        # No reading here (`contacts list` and `show` have it): beside the name it pushes every
        # column right, and at 80 columns title and role, what a map is read for, lose the room.
        return one_line(shown_name(contact.name, left=contact.left))

    title = one_line(account_map.account)
    name_width = max(
        [cell_len(title)]
        + [GUIDE_WIDTH * (depth + 1) + cell_len(name_of(node.contact)) for node, depth in lines]
    )
    since = {node.contact.id: since_text(days_since(node.contact.last_contact, now=now)) for node, _ in lines}
    infl, stance_header, last, ours = _("Infl."), _("Stance"), _("Last contact"), _("Ours")
    since_width = max([cell_len(last), *(cell_len(text) for text in since.values())])
    owner_width = max(
        [cell_len(ours), *(cell_len(one_line(node.contact.our_contact or "—")) for node, _depth in lines)]
    )
    stance_width = max(cell_len(text) for text in [stance_header, *map(i18n.label, STANCES)])
    infl_width = max(5, cell_len(infl))

    header = Text(title, style="bold")
    header.append(" " * (name_width - cell_len(title) + 2))
    columns = "  ".join(
        (
            _pad(infl, infl_width),
            _pad(stance_header, stance_width),
            _pad(last, since_width),
            _pad(ours, owner_width),
        )
    )
    header.append(columns + "  " + _("Title · role"), style="dim")
    header.no_wrap, header.overflow = True, "ellipsis"
    tree = Tree(header, guide_style="dim")

    def label(contact: MapContact, depth: int) -> Table:
        name = name_of(contact)
        dim = LEFT_STYLE if contact.left else ""
        text = Text(name, style=dim or "bold")
        text.append(" " * (name_width - GUIDE_WIDTH * (depth + 1) - cell_len(name) + 2))
        text.append(_pad(influence_dots(contact.influence), infl_width), style=dim or "cyan")
        text.append("  ")
        stance = contact.stance or "—"
        shown = i18n.label(stance) if contact.stance else stance
        text.append(_pad(shown, stance_width), style=dim or STANCE_STYLES.get(stance, ""))
        text.append("  ")
        days = days_since(contact.last_contact, now=now)
        cold = days is None or days >= 90
        when_style = dim or ("red" if cold and contact.role in DECISION_ROLES else "yellow" if cold else "")
        text.append(_pad(since[contact.id], since_width), style=when_style)
        text.append("  ")
        owner = one_line(contact.our_contact or "—")
        text.append(owner + " " * (owner_width - cell_len(owner)), style=dim)
        text.append("  ")
        role = i18n.label(contact.role) if contact.role else None
        details = " · ".join(one_line(part) for part in (contact.title, role) if part)
        # The columns stay on one line; title and role wrap beside them (Japanese by character)
        # on a narrow terminal, because the role is what a map is read for.
        text.no_wrap, text.overflow = True, "ellipsis"
        row = Table.grid()
        row.add_column(no_wrap=True)
        row.add_column(overflow="fold")
        row.add_row(text, Text(details, style="dim"))
        return row

    branches: dict[int, Tree] = {}
    for node, depth in lines:
        parent = tree if depth == 0 else branches[node.contact.reports_to]  # type: ignore[index]
        branches[node.contact.id] = parent.add(label(node.contact, depth))
    return tree


def findings_table(findings: Sequence[Finding]) -> RenderableType:
    """Findings one per line, severity coloured; a green line when there are none."""
    from rich.table import Table
    from rich.text import Text

    if not findings:
        return Text(_("No coverage findings: the relationship does not hang on one thread."), style="green")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column()
    for finding in findings:
        grid.add_row(
            Text(_severity(finding.severity), style=SEVERITY_STYLES.get(finding.severity, "")),
            Text(finding.code, style="bold"),
            Text(printable(finding_text(finding.message))),
        )
    return grid


def _severity(severity: str) -> str:
    """HIGH in English; the label (高) in Japanese, which has no capitals."""
    return i18n.label(severity) if i18n.japanese() else severity.upper()


def draw_map(account_map: AccountMap, findings: Sequence[Finding], out: Console, *, now: datetime) -> None:
    """`contacts map`: the org chart, how many are active, and the findings."""
    from rich.console import Group
    from rich.text import Text

    active = sum(contact.active for contact in account_map.contacts)
    count = len(account_map.contacts)
    summary = Text(
        ngettext("{count} contact, {active} active", "{count} contacts, {active} active", count).format(
            count=count, active=active
        ),
        style="dim",
    )
    parts: list[Any] = [map_tree(account_map, now=now), summary, Text("")]
    if not account_map.contacts:
        parts = [
            Text(one_line(account_map.account), style="bold"),
            Text(
                _("No contacts yet: kamctl contacts add {account} NAME --role …").format(
                    account=repr(account_map.account)
                ),
                style="dim",
            ),
            Text(""),
        ]
    parts += [Text(_("Findings"), style="bold underline"), findings_table(findings)]
    out.print(Group(*parts))


# ---------------------------------------------------------------------------------------------
# JSON, Mermaid and Graphviz.


def map_json(account_map: AccountMap, findings: Sequence[Finding]) -> dict[str, Any]:
    """The JSON contract of `contacts map -f json` (SPEC §5); `reports_to` is the manager's node id."""
    return {
        "account": account_map.account,
        "nodes": [
            {
                "id": contact.id,
                "name": contact.name,
                "reading": contact.reading,
                "title": contact.title,
                "role": contact.role,
                "influence": contact.influence,
                "stance": contact.stance,
                "reports_to": contact.reports_to,
                "our_contact": contact.our_contact,
                "last_contact": contact.last_contact,
                "left": contact.left,
            }
            for contact in account_map.contacts
        ],
        "findings": findings_json(findings),
    }


def findings_json(findings: Sequence[Finding]) -> list[dict[str, str]]:
    return [{"code": f.code, "severity": f.severity, "message": f.message} for f in findings]


def _node_lines(contact: MapContact, *, now: datetime) -> list[str]:
    """What a box of the exported chart says, one line per item (user text still raw)."""
    lines = [contact.name + (" " + _("(left)") if contact.left else "")]
    if contact.title:
        lines.append(contact.title)
    role = i18n.label(contact.role) if contact.role else None
    stance = i18n.label(contact.stance) if contact.stance else None
    facts = [part for part in (role, _influence_word(contact.influence), stance) if part]
    if facts:
        lines.append(" · ".join(facts))
    owner = (
        _("ours: {person}").format(person=contact.our_contact) if contact.our_contact else _("ours: nobody")
    )
    lines.append(f"{owner} · {since_text(days_since(contact.last_contact, now=now))}")
    return lines


def _influence_word(influence: int | None) -> str | None:
    return None if influence is None else _("influence {influence}/5").format(influence=influence)


MERMAID_CLASSES = {
    "champion": "fill:#d3f9d8,stroke:#2b8a3e,color:#000",
    "supporter": "fill:#ebfbee,stroke:#40c057,color:#000",
    "neutral": "fill:#f1f3f5,stroke:#868e96,color:#000",
    "skeptic": "fill:#fff3bf,stroke:#f08c00,color:#000",
    "blocker": "fill:#ffe3e3,stroke:#e03131,color:#000",
    "left": "fill:#f8f9fa,stroke:#adb5bd,color:#868e96,stroke-dasharray:4 3",
}

# Mermaid reads `#name;` / `#number;` entity codes inside a quoted label; these characters would
# otherwise end the label, open HTML, start an entity, or turn the label into a Markdown string.
# `%` too: Mermaid finds `%%{init: …}%%` directives anywhere in the text, comments and labels included.
# Brackets and braces are node-shape syntax: coded too, so no label can open a shape of its own.
_MERMAID_ENTITIES = str.maketrans({
    '"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;", "%": "#37;",
    "[": "#91;", "]": "#93;", "{": "#123;", "}": "#125;",
})  # fmt: skip


def mermaid_text(value: Any) -> str:
    """User text for a quoted Mermaid label or comment: one line, special characters as entity codes."""
    return one_line(value).translate(_MERMAID_ENTITIES)


def _map_title(account: str) -> str:
    return _("{account} — account map").format(account=account)


def mermaid(account_map: AccountMap, findings: Sequence[Finding], *, now: datetime) -> str:
    """The map as a Mermaid flowchart (top-down), boxes coloured by stance, for slides and wikis."""
    # A YAML double-quoted string (JSON is one); `%` as its `\u0025` escape keeps directives out.
    title = json.dumps(_map_title(one_line(account_map.account)), ensure_ascii=False)
    title = title.replace("%", "\\u0025")
    out = ["---", f"title: {title}", "---", "flowchart TD"]
    ids = {contact.id for contact in account_map.contacts}
    for contact in account_map.contacts:
        label = "<br/>".join(mermaid_text(line) for line in _node_lines(contact, now=now))
        out.append(f'    c{contact.id}["{label}"]')
    for contact in account_map.contacts:
        if contact.reports_to in ids:
            out.append(f"    c{contact.reports_to} --> c{contact.id}")
    for finding in findings:
        # A comment is ignored by Mermaid and keeps the findings with the chart that caused them.
        message = mermaid_text(finding_text(finding.message))
        out.append(f"    %% {finding.severity} {finding.code}: {message}")
    for name, style in MERMAID_CLASSES.items():
        members = [
            f"c{c.id}"
            for c in account_map.contacts
            if (c.left and name == "left") or (not c.left and c.stance == name)
        ]
        if members:
            out.append(f"    classDef {name} {style}")
            out.append(f"    class {','.join(members)} {name}")
    return "\n".join(out) + "\n"


DOT_COLOURS = {
    "champion": ("#d3f9d8", "#2b8a3e"),
    "supporter": ("#ebfbee", "#40c057"),
    "neutral": ("#f1f3f5", "#868e96"),
    "skeptic": ("#fff3bf", "#f08c00"),
    "blocker": ("#ffe3e3", "#e03131"),
}


# Graphviz decodes HTML entities in every label (`&amp;` shows as `&`), so `&` is coded to stay
# literal; `<>` (HTML-like labels) and `{}|` (record fields) are coded so that no shape reads them.
_DOT_ENTITIES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;", "|": "&#124;",
    "\\": "\\\\", '"': '\\"',
})  # fmt: skip


def dot_text(value: Any) -> str:
    r"""User text inside a double-quoted DOT string, one line: `\` and `"` escaped, so that no
    `\n`/`\N`-style escape is read; entities and fields coded (see `_DOT_ENTITIES`)."""
    return one_line(value).translate(_DOT_ENTITIES)


def dot(account_map: AccountMap, findings: Sequence[Finding], *, now: datetime) -> str:
    """The map as a Graphviz digraph (`dot -Tsvg map.dot > map.svg`)."""
    title = dot_text(_map_title(account_map.account))
    out = [
        "digraph account_map {",
        f'    graph [label="{title}", labelloc=t, fontname="Helvetica", rankdir=TB];',
        '    node [shape=box, style="rounded,filled", fontname="Helvetica", '
        'fillcolor="#f1f3f5", color="#868e96"];',
        '    edge [color="#868e96"];',
    ]
    ids = {contact.id for contact in account_map.contacts}
    for contact in account_map.contacts:
        label = "\\n".join(dot_text(line) for line in _node_lines(contact, now=now))
        if contact.left:
            look = 'style="rounded,filled,dashed", fillcolor="#f8f9fa", color="#adb5bd", fontcolor="#868e96"'
        else:
            fill, line = DOT_COLOURS.get(contact.stance or "", ("#f1f3f5", "#868e96"))
            look = f'fillcolor="{fill}", color="{line}"'
        out.append(f'    c{contact.id} [label="{label}", {look}];')
    for contact in account_map.contacts:
        if contact.reports_to in ids:
            out.append(f"    c{contact.reports_to} -> c{contact.id};")
    for finding in findings:
        out.append(f"    // {finding.severity} {finding.code}: {one_line(finding_text(finding.message))}")
    out.append("}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# One contact.


def card_json(card: ContactCard) -> dict[str, Any]:
    """One person as `contacts show -f json` prints it."""
    return json_data({**card.record, "direct_reports": card.direct_reports, "recent_log": card.recent_log})


def draw_contact(card: ContactCard, out: Console) -> None:
    """`contacts show`: the person's place on the map and the latest interactions with them."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from kamctl.render.output import render_table

    record, reports, recent = card.record, card.direct_reports, card.recent_log

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    stance = record["stance"]
    rows = (
        (_("Reading"), record["reading"]),
        (_("Account"), record["account"]),
        (pgettext("job", "Title"), record["title"]),
        (_("Role"), i18n.label(record["role"]) if record["role"] else None),
        (
            _("Influence"),
            None
            if record["influence"] is None
            else f"{influence_dots(record['influence'])} {record['influence']}/5",
        ),
        (_("Stance"), i18n.label(stance) if stance else None),
        (_("Reports to"), record["reports_to"]),
        (_("Direct reports"), ", ".join(reports) or None),
        (_("Ours"), record["our_contact"]),
        (_("Email"), record["email"]),
        (_("Phone"), record["phone"]),
        (_("Cadence (days)"), record["cadence_days"]),
        (_("Last contact"), record["last_contact"]),
        (_("Left"), _("yes — kept on the map for history") if record["left"] else None),
    )
    stance_label = _("Stance")
    for label, value in rows:
        if value is None:
            continue
        style = STANCE_STYLES.get(stance or "", "") if label == stance_label else ""
        grid.add_row(label, Text(display_value(value), style=style))
    if record["notes"]:
        grid.add_row(_("Notes"), Text(printable(record["notes"])))
    parts: list[Any] = [grid]
    if recent:
        columns = (
            Column("id", N_("ID"), justify="right"),
            Column("when", N_("When")),
            Column("channel", N_("Channel"), show=value_label),
            Column("kind", N_("Kind"), show=value_label),
            Column("notes", N_("Notes"), show=note_snippet, ratio=1),
        )
        parts.append(render_table(recent, columns, title=_("Last interactions")))
    name = Text(one_line(record["name"]), style="dim" if record["left"] else "bold")
    subtitle = _("id {id}").format(id=record["id"])
    out.print(Panel(Group(*parts), title=name, subtitle=subtitle, title_align="left"))


def note_snippet(notes: str | None) -> str:
    """A log entry's notes as one line of a table, cut at 80 characters."""
    text = one_line(notes or "")
    return text if len(text) <= 80 else text[:79] + "…"


def map_panel(summary: dict[str, Any], findings: list[dict[str, str]]):
    """The account-map part of the dossier: who is covered, and the coverage findings."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    counts = {"count": summary["contacts"], "active": summary["active"], "left": summary["left"]}
    grid.add_row(
        _("Contacts"),
        _("{count} ({active} active, {left} left)").format(**counts)
        if summary["left"]
        else _("{count} ({active} active)").format(**counts),
    )
    grid.add_row(_("Roles covered"), _roles(summary["roles_covered"]) or _("none"))
    if summary["roles_missing"]:
        grid.add_row(_("Not covered"), Text(_roles(summary["roles_missing"]), style="dim"))
    grid.add_row(_("Champions"), str(summary["champions"]))
    if summary["blockers"]:
        grid.add_row(_("Blockers"), Text(str(summary["blockers"]), style="red"))
    people = ", ".join(one_line(p) for p in summary["our_people"]) or _("nobody")
    grid.add_row(_("Our people"), Text(people))
    shown = findings_table([Finding(f["code"], f["severity"], f["message"]) for f in findings])
    return Panel(Group(grid, Text(""), shown), title=_("Account map"), title_align="left")


def _roles(roles: Sequence[str]) -> str:
    return _(", ").join(i18n.label(role) for role in roles)
