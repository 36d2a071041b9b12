"""How accounts look: the list table, the history table and the one-screen dossier."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kamctl import i18n
from kamctl.i18n import N_, NP_, _, ngettext
from kamctl.render.output import Column, display_value, json_data, render_table
from kamctl.render.safe import one_line, printable

if TYPE_CHECKING:
    from rich.console import Console

TIER_STYLES = {"key": "bold magenta", "candidate": "cyan", "standard": ""}
STATUS_STYLES = {"active": "green", "prospect": "cyan", "at-risk": "yellow", "lost": "red"}


def styled(value: Any, styles: dict[str, str]):
    from rich.text import Text

    return Text(shown_label(value), style=styles.get(value or "", ""))


def shown_label(value: Any) -> str:
    """An enum value (tier, status, channel, role …) as people read it; blank for none."""
    return i18n.label(value) if isinstance(value, str) and value else display_value(value)


ACCOUNT_COLUMNS = (
    Column("id", N_("ID"), justify="right", no_wrap=True),
    Column("name", N_("Account"), style="bold", min_width=14),
    Column("tier", N_("Tier"), show=lambda v: styled(v, TIER_STYLES), no_wrap=True),
    Column("status", N_("Status"), show=lambda v: styled(v, STATUS_STYLES), no_wrap=True),
    Column("owner", N_("Owner"), minor=3),
    Column("industry", N_("Industry"), minor=5),
    Column("stage", N_("Stage"), justify="right", no_wrap=True, minor=4),
    Column("renewal_date", N_("Renewal"), no_wrap=True, minor=2),
    Column("last_contact", N_("Last contact"), show=lambda v: local_day(v), no_wrap=True, minor=1),
    Column("tags", N_("Tags"), minor=6),
)


def accounts_json(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Account records as `accounts list -f json` prints them."""
    return json_data(records)


SCORE_KEYS = ("scored", "scored_accounts", "not_scored")
"""The dossier's keys that `dossier_score` turns into the score part of its JSON."""


def dossier_json(dossier: dict[str, Any]) -> dict[str, Any]:
    """The dossier as `accounts show NAME -f json` prints it: the account, its score as `score
    explain` gives it (`breakdown`: the criteria; all null, with `not_scored` saying why, for an
    account out of the scored set), then the other sections."""
    sections = {key: value for key, value in dossier.items() if key != "account" and key not in SCORE_KEYS}
    return json_data({"account": dossier["account"], **dossier_score(dossier), **sections})


def dossier_score(dossier: dict[str, Any]) -> dict[str, Any]:
    """The score part of the dossier's JSON, from `score explain`'s record."""
    from kamctl.render.score import explain_record

    scored = dossier["scored"]
    if scored is None:
        return {key: None for key in SCORE_FIELDS} | {"not_scored": dossier["not_scored"]}
    explained = explain_record(scored)
    return {
        "score": explained["score"],
        "rank": scored.rank,
        "scored_accounts": dossier["scored_accounts"],
        "strength": explained["strength"],
        "quadrant": scored.quadrant,
        "recommendation": scored.recommendation,
        "breakdown": explained["criteria"],
        "strength_components": explained["strength_components"],
        "not_scored": None,
    }


SCORE_FIELDS = (
    "score",
    "rank",
    "scored_accounts",
    "strength",
    "quadrant",
    "recommendation",
    "breakdown",
    "strength_components",
    "not_scored",
)
"""The score part of the dossier's JSON, in order."""


def local_day(moment) -> str:
    """A datetime as the local calendar day: enough in a list, where the hour is noise."""
    return i18n.day(moment.astimezone().date()) if moment else ""


def _field_name(field: str) -> str:
    from kamctl.domain.accounts import field_name

    return field_name(field)


HISTORY_COLUMNS = (
    Column("when", N_("When"), no_wrap=True),
    Column("who", N_("Who"), minor=1),
    Column("field", N_("Field"), style="bold", show=_field_name),
    Column("old", N_("Old"), min_width=10),
    Column("new", N_("New"), min_width=10),
)

PROFILE_FIELDS = (
    ("industry", N_("Industry")),
    ("owner", N_("Owner")),
    ("tier", N_("Tier")),
    ("status", N_("Status")),
    ("stage", N_("Stage")),
    ("share_of_wallet", N_("Share of wallet %")),
    ("revenue", N_("Revenue (manual)")),
    ("profit", N_("Profit (manual)")),
    ("order_size", N_("Order size (manual)")),
    ("order_frequency", N_("Orders/year (manual)")),
    ("growth", N_("Growth")),
    ("strategic_fit", N_("Strategic fit")),
    ("influence", N_("Influence")),
    ("cadence_days", N_("Cadence (days)")),
    ("preferred_channel", N_("Channel")),
    ("renewal_date", N_("Renewal")),
    ("tags", N_("Tags")),
    ("last_contact", N_("Last contact")),
    ("created_at", N_("Created")),
    ("archived", N_("Archived")),
)


def draw_dossier(dossier: dict[str, Any], out: Console) -> None:
    """`accounts show NAME`: the profile, score, health, plan, map and the open work, in one
    panel that fits `out`'s width; names, notes and titles wrap (Japanese by character)."""
    from rich.cells import cell_len
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from kamctl.domain.accounts import STAGES
    from kamctl.domain.settings import CRITERIA
    from kamctl.render.account_map import map_panel

    account = dossier["account"]
    name = Text(one_line(account["name"]), style="bold")
    parts: list[Any] = []
    # A name too long for the top border would be cut there: it goes first inside, wrapped.
    fits_title = cell_len(name.plain) <= out.width - 16
    if not fits_title:
        parts.append(name)
    profile = Table.grid(padding=(0, 2))
    profile.add_column(style="dim", no_wrap=True)
    profile.add_column(overflow="fold")
    # The scoring inputs of a scored account are in its breakdown, with their source.
    shown_elsewhere = set(CRITERIA) if dossier["scored"] is not None else set()
    for key, label in PROFILE_FIELDS:
        value = account[key]
        if key == "owner" and dossier["team"]:
            # The owner comes first in the team: one line instead of a table of its own.
            team = _(", ").join(
                f"{one_line(member['person'])} ({i18n.label(member['role'])})" for member in dossier["team"]
            )
            profile.add_row(_("Team"), Text(printable(team)))
            continue
        if key in shown_elsewhere or (value in (None, [], False) and key != "tier"):
            continue
        shown = shown_label(value) if key in ("tier", "status", "preferred_channel") else display_value(value)
        if key == "stage":
            shown = f"{value} {_(STAGES[value])}"
        if key == "renewal_date" and dossier.get("renewal", {}).get("lapsed"):
            profile.add_row(_(label), _lapsed(account))
            continue
        profile.add_row(_(label), Text(shown, style=(TIER_STYLES | STATUS_STYLES).get(str(value), "")))
    if account["notes"]:
        profile.add_row(_("Notes"), Text(printable(account["notes"])))
    parts += [profile, _score_part(dossier)]
    if dossier.get("health"):
        from kamctl.render.report import health_table

        parts.append(health_table(dossier["health"]))
    plan = _plan_part(dossier["plan"])
    if plan is not None:
        parts.append(plan)
    if "map" in dossier:
        parts.append(map_panel(dossier["map"], dossier.get("findings", [])))
    for key, title in (
        ("recent_log", N_("Last interactions")),
        ("open_reminders", N_("Open reminders")),
        ("open_opportunities", N_("Open opportunities")),
        ("open_risks", N_("Risks")),
    ):
        if dossier.get(key):
            parts.append(_work_table(key, dossier[key], _(title)))
    out.print(
        Panel(
            Group(*parts),
            title=name if fits_title else None,
            subtitle=_("id {id}").format(id=account["id"]),
            title_align="left",
        )
    )


def _lapsed(account: dict[str, Any]):
    """A renewal date that has passed without a renewal recorded (SPEC §3), and what to do."""
    from rich.text import Text

    return Text.assemble(
        (_("{day} lapsed").format(day=display_value(account["renewal_date"])), "bold red"),
        (_(" — record the renewal: kamctl accounts renew {id} --until DATE").format(id=account["id"]), "dim"),
    )


def _score_part(dossier: dict[str, Any]):
    """Attractiveness with its quadrant and recommendation, and the points of each criterion as
    `score explain` counts them; or why the account is not scored."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from kamctl.render.score import CRITERION_LABELS, QUADRANT_STYLES, recommendation_label, source_label

    if dossier["scored"] is None:
        return Text.assemble((_("Not scored: "), "bold"), (dossier["not_scored"], "yellow"))
    score = dossier_score(dossier)
    strength = "–" if score["strength"] is None else f"{score['strength']:.1f}"
    heading = Text.assemble(
        (_("Score {score}").format(score=f"{score['score']:.2f}"), "bold"),
        _(" · rank {rank} of {accounts} · strength {strength} · ").format(
            rank=score["rank"], accounts=score["scored_accounts"], strength=strength
        ),
        (i18n.label(score["quadrant"]), QUADRANT_STYLES.get(score["quadrant"], "")),
        f" → {recommendation_label(score['recommendation'])}",
    )
    # The heading is a line of its own: as the title of this narrow table it would wrap.
    table = Table(header_style="bold", box=None, padding=(0, 1))
    table.add_column(_("Criterion"), no_wrap=True)
    table.add_column(_("Value"), justify="right", overflow="fold")
    table.add_column(_("Source"), no_wrap=True)
    table.add_column(_("Weight"), justify="right", no_wrap=True)
    table.add_column(_("Points"), justify="right", no_wrap=True)
    for line in score["breakdown"]:
        missing = line["source"] == "missing"
        table.add_row(
            _(CRITERION_LABELS[line["criterion"]]),
            "–" if missing else display_value(line["value"]),
            Text(source_label(line["source"]), style="yellow" if missing else "dim"),
            display_value(line["weight"]),
            f"{line['points']:.2f}",
        )
    return Group(heading, table)


def _plan_part(plan: dict[str, Any]):
    """The plan in a few lines: goals, objectives with their due dates, the master plan's size
    and the last review; None when there is no plan."""
    from rich.panel import Panel
    from rich.text import Text

    if not (plan["goals"] or plan["objectives"] or plan.get("master_plan") or plan.get("last_review")):
        return None
    lines = Text()
    for goal in plan["goals"]:
        lines.append(_("Goal: "), style="dim").append(one_line(goal) + "\n")
    for objective in plan["objectives"]:
        mark = "✓" if objective["done"] else "○"
        due = _(" (due {day})").format(day=display_value(objective["due"])) if objective["due"] else ""
        lines.append(f"{mark} #{objective['id']} ").append(one_line(objective["text"])).append(
            due + "\n", style="dim"
        )
    if plan.get("master_plan"):
        size = len(plan["master_plan"].strip().splitlines())
        lines.append(_("Master plan: "), style="dim").append(
            ngettext(
                "{size} line (kamctl accounts plan NAME shows it)",
                "{size} lines (kamctl accounts plan NAME shows it)",
                size,
            ).format(size=size)
            + "\n"
        )
    if plan.get("last_review"):
        review = plan["last_review"]
        lines.append(_("Last review: "), style="dim").append(
            _("{day} by {who}").format(day=local_day(review["when"]), who=one_line(review["who"])) + "\n"
        )
    lines.rstrip()
    return Panel(lines, title=_("Plan"), title_align="left")


LOG_COLUMNS = (
    Column("id", N_("ID"), justify="right", no_wrap=True),
    Column("when", N_("When"), show=local_day, no_wrap=True),
    Column("channel", N_("Channel"), show=shown_label, no_wrap=True, minor=2),
    Column("kind", N_("Kind"), show=shown_label, no_wrap=True, minor=1),
    Column("sentiment", N_("Sentiment"), show=shown_label, no_wrap=True),
    # The notes are what the rows are read for: channel and kind give way before they are squeezed.
    Column("notes", N_("Notes"), ratio=1, min_width=30),
)


def _percent(value: int | None) -> str:
    return "" if value is None else f"{value}%"


WORK_COLUMNS = {
    "recent_log": LOG_COLUMNS,
    "open_reminders": (
        Column("id", N_("ID"), justify="right", no_wrap=True),
        Column("due", N_("Due"), no_wrap=True),
        Column("title", N_("Title"), ratio=1),
        Column("rule", N_("Repeats")),
    ),
    "open_opportunities": (
        Column("id", N_("ID"), justify="right", no_wrap=True),
        Column("title", N_("Title"), ratio=1, min_width=20),
        Column("type", N_("Type"), show=shown_label, no_wrap=True),
        Column("product", N_("Product"), no_wrap=True, minor=2),
        Column("value", NP_("amount", "Value"), context="amount", justify="right", no_wrap=True),
        Column("probability", N_("Chance"), justify="right", no_wrap=True, show=_percent, minor=1),
        Column("expected_close", N_("Close"), no_wrap=True),
    ),
    "open_risks": (
        Column("id", N_("ID"), justify="right", no_wrap=True),
        Column("severity", N_("Severity"), show=shown_label, no_wrap=True),
        Column("text", N_("Risk"), ratio=2),
        Column("owner", N_("Owner"), no_wrap=True),
        Column("due", N_("Due"), no_wrap=True),
        Column("mitigation", N_("Mitigation"), ratio=1),
    ),
}
"""The dossier's tables of open work and recent contact; their text wraps, never cut."""


def _work_table(key: str, rows: list[dict[str, Any]], title: str):
    return render_table(rows, WORK_COLUMNS[key], title=title)


# ---------------------------------------------------------------------------------------------
# The account plan and the team.

TEAM_COLUMNS = (Column("person", N_("Person"), style="bold"), Column("role", N_("Role"), show=shown_label))


def plan_rows(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """`accounts plan -f csv`: one row per goal and objective, the part of a plan that fits a
    spreadsheet."""
    rows = [
        {
            "kind": "goal",
            "id": g["id"],
            "text": g["text"],
            "due": None,
            "done": None,
            "target": None,
            "customer_owner": None,
        }
        for g in plan["goals"]
    ]
    rows += [
        {"kind": "objective", "id": o["id"], "text": o["text"], "due": o["due"], "done": o["done"],
         "target": o["target"], "customer_owner": o["customer_owner"]}
        for o in plan["objectives"]
    ]  # fmt: skip
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
        parts.append(Text(_("Customer goals"), style="bold"))
        parts.append(goals)
    if plan["objectives"]:
        table = Table(title=_("Our objectives"), title_justify="left", header_style="bold")
        for header, justify in (
            (N_("ID"), "right"),
            (N_("Objective"), "left"),
            (N_("Due"), "left"),
            (N_("State"), "left"),
        ):
            table.add_column(_(header), justify=justify)
        # The mutual success plan's columns only when some objective has a target or customer owner.
        mutual = any(o.get("target") or o.get("customer_owner") for o in plan["objectives"])
        if mutual:
            table.add_column(_("Target"))
            table.add_column(_("Customer owner"))
        for objective in plan["objectives"]:
            cells = [
                str(objective["id"]),
                Text(one_line(objective["text"])),
                display_value(objective["due"]),
                _objective_state(objective, today),
            ]
            if mutual:
                cells += [Text(display_value(objective.get(key))) for key in ("target", "customer_owner")]
            table.add_row(*cells)
        parts.append(table)
    if plan["master_plan"]:
        # Links are shown with their address, not as terminal hyperlinks whose text can hide it.
        master_plan = Markdown(printable(plan["master_plan"]), hyperlinks=False)
        parts.append(Panel(master_plan, title=_("Master plan"), title_align="left"))
    if plan["reviews"]:
        last = plan["reviews"][0]
        line = Text(_("Last review {day} by ").format(day=local_day(last["when"])), style="dim")
        line.append(one_line(last["who"]))
        if last["note"]:
            line.append(": ").append(one_line(last["note"]))
        parts.append(line)
    if not parts:
        parts.append(
            Text(
                _(
                    "No plan yet: add --goal TEXT, --objective TEXT --due DATE, or write the master plan "
                    "with --edit."
                ),
                style="dim",
            )
        )
    title = Text(_("{account} — account plan").format(account=one_line(plan["account"])), style="bold")
    out.print(Panel(Group(*parts), title=title, title_align="left"))


def _objective_state(objective: dict[str, Any], today):
    from rich.text import Text

    if objective["done"]:
        return Text(_("done"), style="green")
    due = objective["due"]
    if due is None:
        return Text(_("open"))
    days = (due - today).days
    if days < 0:
        return Text(_("overdue {days} d").format(days=-days), style="bold red")
    if days == 0:
        return Text(_("due today"), style="yellow")
    return Text(_("open, {days} d left").format(days=days))
