"""How accounts look: the list table, the history table and the one-screen dossier."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kamctl.render.output import Column, display_value, json_data, render_table
from kamctl.render.safe import one_line, printable

if TYPE_CHECKING:
    from rich.console import Console

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
    Column("owner", "Owner", minor=3),
    Column("industry", "Industry", minor=5),
    Column("stage", "Stage", justify="right", no_wrap=True, minor=4),
    Column("renewal_date", "Renewal", no_wrap=True, minor=2),
    Column("last_contact", "Last contact", show=lambda v: local_day(v), no_wrap=True, minor=1),
    Column("tags", "Tags", minor=6),
)


def accounts_json(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Account records as `accounts list -f json` prints them."""
    return json_data(records)


def dossier_json(dossier: dict[str, Any]) -> dict[str, Any]:
    """The dossier as `accounts show NAME -f json` prints it."""
    return json_data(dossier)


def local_day(moment) -> str:
    """A datetime as the local calendar day: enough in a list, where the hour is noise."""
    return moment.astimezone().date().isoformat() if moment else ""


HISTORY_COLUMNS = (
    Column("when", "When", no_wrap=True),
    Column("who", "Who", minor=1),
    Column("field", "Field", style="bold"),
    Column("old", "Old", min_width=10),
    Column("new", "New", min_width=10),
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


def draw_dossier(dossier: dict[str, Any], out: Console) -> None:
    """`accounts show NAME`: the profile, health, plan, map and the open work, in one panel."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from kamctl.domain.accounts import STAGES
    from kamctl.render.account_map import map_panel, note_snippet

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
    if dossier.get("health"):
        from kamctl.render.report import health_table

        parts.append(health_table(dossier["health"]))

    plan = dossier["plan"]
    if plan["goals"] or plan["objectives"] or plan.get("master_plan") or plan.get("last_review"):
        lines = Text()
        for goal in plan["goals"]:
            lines.append("Goal: ", style="dim").append(one_line(goal) + "\n")
        for objective in plan["objectives"]:
            mark = "✓" if objective["done"] else "○"
            due = f" (due {objective['due']})" if objective["due"] else ""
            lines.append(f"{mark} #{objective['id']} ").append(one_line(objective["text"])).append(
                due + "\n", style="dim"
            )
        if plan.get("master_plan"):
            size = len(plan["master_plan"].strip().splitlines())
            lines.append("Master plan: ", style="dim").append(
                f"{size} line{'s' if size != 1 else ''} (kamctl accounts plan NAME shows it)\n"
            )
        if plan.get("last_review"):
            review = plan["last_review"]
            lines.append("Last review: ", style="dim").append(
                f"{local_day(review['when'])} by {one_line(review['who'])}\n"
            )
        lines.rstrip()
        parts.append(Panel(lines, title="Plan", title_align="left"))
    if "map" in dossier:
        parts.append(map_panel(dossier["map"], dossier.get("findings", [])))

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
                Column("notes", "Notes", show=note_snippet, ratio=1),
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
    out.print(
        Panel(
            Group(*parts),
            title=Text(one_line(account["name"]), style="bold"),
            subtitle=f"id {account['id']}",
            title_align="left",
        )
    )


# ---------------------------------------------------------------------------------------------
# The account plan and the team.

TEAM_COLUMNS = (Column("person", "Person", style="bold"), Column("role", "Role"))


def plan_rows(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """`accounts plan -f csv`: one row per goal and objective, the part of a plan that fits a
    spreadsheet."""
    rows = [
        {"kind": "goal", "id": g["id"], "text": g["text"], "due": None, "done": None} for g in plan["goals"]
    ]
    rows += [
        {"kind": "objective", "id": o["id"], "text": o["text"], "due": o["due"], "done": o["done"]}
        for o in plan["objectives"]
    ]
    return rows


def draw_plan(plan: dict[str, Any], out: Console, *, today) -> None:
    """`accounts plan NAME`: goals, objectives with their state, the master plan, the last review."""
    from rich.console import Group
    from rich.markdown import Markdown
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = []
    if plan["goals"]:
        goals = Text()
        for goal in plan["goals"]:
            goals.append(f"#{goal['id']} ", style="dim").append(one_line(goal["text"]) + "\n")
        parts.append(Text("Customer goals", style="bold"))
        parts.append(goals)
    if plan["objectives"]:
        table = Table(title="Our objectives", title_justify="left", header_style="bold")
        for header, justify in (("ID", "right"), ("Objective", "left"), ("Due", "left"), ("State", "left")):
            table.add_column(header, justify=justify)
        for objective in plan["objectives"]:
            table.add_row(
                str(objective["id"]),
                Text(one_line(objective["text"])),
                display_value(objective["due"]),
                _objective_state(objective, today),
            )
        parts.append(table)
    if plan["master_plan"]:
        # Links are shown with their address, not as terminal hyperlinks whose text can hide it.
        master_plan = Markdown(printable(plan["master_plan"]), hyperlinks=False)
        parts.append(Panel(master_plan, title="Master plan", title_align="left"))
    if plan["reviews"]:
        last = plan["reviews"][0]
        line = Text(f"Last review {local_day(last['when'])} by ", style="dim")
        line.append(one_line(last["who"]))
        if last["note"]:
            line.append(": ").append(one_line(last["note"]))
        parts.append(line)
    if not parts:
        parts.append(
            Text(
                "No plan yet: add --goal TEXT, --objective TEXT --due DATE, or write the master plan "
                "with --edit.",
                style="dim",
            )
        )
    title = Text(one_line(plan["account"]) + " — account plan", style="bold")
    out.print(Panel(Group(*parts), title=title, title_align="left"))


def _objective_state(objective: dict[str, Any], today):
    from rich.text import Text

    if objective["done"]:
        return Text("done", style="green")
    due = objective["due"]
    if due is None:
        return Text("open")
    days = (due - today).days
    if days < 0:
        return Text(f"overdue {-days} d", style="bold red")
    if days == 0:
        return Text("due today", style="yellow")
    return Text(f"open, {days} d left")
