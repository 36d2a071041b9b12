"""How accounts look: the list table, the history table and the one-screen dossier."""

from __future__ import annotations

from typing import Any

from kamctl.render import console
from kamctl.render.output import Column, display_value, render_table
from kamctl.render.safe import one_line, printable

TIER_STYLES = {"key": "bold magenta", "candidate": "cyan", "standard": ""}
STATUS_STYLES = {"active": "green", "prospect": "cyan", "at-risk": "yellow", "lost": "red"}


def styled(value: Any, styles: dict[str, str]):
    from rich.text import Text

    return Text(display_value(value), style=styles.get(value or "", ""))


ACCOUNT_COLUMNS = (
    Column("id", "ID", justify="right", no_wrap=True),
    Column("name", "Account", style="bold", min_width=14),
    Column("tier", "Tier", show=lambda v: styled(v, TIER_STYLES), no_wrap=True),
    Column("status", "Status", show=lambda v: styled(v, STATUS_STYLES), no_wrap=True),
    Column("owner", "Owner"),
    Column("industry", "Industry"),
    Column("stage", "Stage", justify="right", no_wrap=True),
    Column("renewal_date", "Renewal", no_wrap=True),
    Column("last_contact", "Last contact", show=lambda v: local_day(v), no_wrap=True),
    Column("tags", "Tags"),
)


def local_day(moment) -> str:
    """A datetime as the local calendar day: enough in a list, where the hour is noise."""
    return moment.astimezone().date().isoformat() if moment else ""


HISTORY_COLUMNS = (
    Column("when", "When"),
    Column("who", "Who"),
    Column("field", "Field", style="bold"),
    Column("old", "Old"),
    Column("new", "New"),
)

PROFILE_FIELDS = (
    ("industry", "Industry"),
    ("owner", "Owner"),
    ("tier", "Tier"),
    ("status", "Status"),
    ("stage", "Stage"),
    ("share_of_wallet", "Share of wallet %"),
    ("revenue", "Revenue (manual)"),
    ("profit", "Profit (manual)"),
    ("order_size", "Order size (manual)"),
    ("order_frequency", "Orders/year (manual)"),
    ("growth", "Growth"),
    ("strategic_fit", "Strategic fit"),
    ("influence", "Influence"),
    ("cadence_days", "Cadence (days)"),
    ("preferred_channel", "Channel"),
    ("renewal_date", "Renewal"),
    ("tags", "Tags"),
    ("last_contact", "Last contact"),
    ("created_at", "Created"),
    ("archived", "Archived"),
)


def render_dossier(dossier: dict[str, Any]) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from kamctl.domain.accounts import STAGES

    account = dossier["account"]
    profile = Table.grid(padding=(0, 2))
    profile.add_column(style="dim")
    profile.add_column()
    for key, label in PROFILE_FIELDS:
        value = account[key]
        if value in (None, [], False) and key != "tier":
            continue
        shown = display_value(value)
        if key == "stage":
            shown = f"{value} {STAGES[value]}"
        profile.add_row(label, Text(shown, style=(TIER_STYLES | STATUS_STYLES).get(str(value), "")))
    if account["notes"]:
        profile.add_row("Notes", Text(printable(account["notes"])))
    parts: list[Any] = [profile]

    plan = dossier["plan"]
    if plan["goals"] or plan["objectives"]:
        lines = Text()
        for goal in plan["goals"]:
            lines.append("Goal: ", style="dim").append(one_line(goal) + "\n")
        for objective in plan["objectives"]:
            mark = "✓" if objective["done"] else "○"
            due = f" (due {objective['due']})" if objective["due"] else ""
            lines.append(f"{mark} #{objective['id']} ").append(one_line(objective["text"])).append(
                due + "\n", style="dim"
            )
        parts.append(Panel(lines, title="Plan", title_align="left"))

    sections = (
        (
            "recent_log",
            "Last interactions",
            (
                Column("id", "ID", justify="right"),
                Column("when", "When"),
                Column("channel", "Channel"),
                Column("kind", "Kind"),
                Column("sentiment", "Sentiment"),
                Column("notes", "Notes", show=_snippet, ratio=1),
            ),
        ),
        (
            "open_reminders",
            "Open reminders",
            (
                Column("id", "ID", justify="right"),
                Column("due", "Due"),
                Column("title", "Title"),
                Column("rule", "Repeats"),
            ),
        ),
        (
            "open_opportunities",
            "Open opportunities",
            (
                Column("id", "ID", justify="right"),
                Column("title", "Title"),
                Column("type", "Type"),
                Column("value", "Value", justify="right"),
                Column("expected_close", "Close"),
            ),
        ),
        ("team", "Team", (Column("person", "Person"), Column("role", "Role"))),
    )
    for key, title, columns in sections:
        if dossier[key]:
            parts.append(render_table(dossier[key], columns, title=title))
    console.out().print(
        Panel(
            Group(*parts),
            title=Text(one_line(account["name"]), style="bold"),
            subtitle=f"id {account['id']}",
            title_align="left",
        )
    )


def _snippet(notes: str | None) -> str:
    text = one_line(notes or "")
    return text if len(text) <= 80 else text[:79] + "…"
