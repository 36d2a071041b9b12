"""The QBR pack as Markdown (`report account NAME --qbr -f md`): to walk through with the customer.

It shows only the record `kamctl.domain.qbr.qbr_record` builds, which holds nothing internal.
User text is escaped as in every Markdown report (`report_md.md`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from kamctl.render.report_md import _footer, _table, md

STATUS_WORDS = {"done": "done", "overdue": "past due", "open": "open"}
"""How an objective's state reads to the customer."""


def day(value: date | None) -> str:
    return value.isoformat() if value is not None else "–"


def people(names: Sequence[str]) -> str:
    return ", ".join(md(name) for name in names) or "–"


def result(objective: Mapping[str, Any]) -> str:
    """The result against a target: achieved (when), past due, or still open (until when)."""
    if objective["status"] == "done":
        return f"achieved {day(objective['done_on'])}"
    if objective["status"] == "overdue":
        return f"not yet reached (due {day(objective['due'])})"
    return f"in progress (due {day(objective['due'])})"


def quarter_line(pack: Mapping[str, Any]) -> str:
    period, ahead = pack["period"], pack["next_period"]
    return (
        f"{period['since'].isoformat()} – {period['until'].isoformat()} · next quarter "
        f"{ahead['since'].isoformat()} – {ahead['until'].isoformat()}"
    )


def qbr_markdown(pack: Mapping[str, Any]) -> str:
    lines = [f"# {md(pack['account'])}: quarterly business review", "", f"**Quarter:** {quarter_line(pack)}"]

    lines += ["", "## Your goals", ""]
    lines += [f"- {md(goal)}" for goal in pack["goals"]] or ["- none recorded yet"]

    lines += ["", "## Mutual success plan", ""]
    if pack["success_plan"]:
        lines += _table(
            ["Objective", "Target", "Your owner", "Our owner", "Due", "Status"],
            [
                [md(o["objective"]), md(o["target"] or "–"), md(o["customer_owner"] or "–"),
                 md(o["owner"] or "–"), day(o["due"]), STATUS_WORDS[o["status"]]]
                for o in pack["success_plan"]
            ],
            "llllll",
        )  # fmt: skip
    else:
        lines.append("No objectives agreed yet.")

    lines += ["", "## Results against targets", ""]
    if pack["results"]:
        lines += _table(
            ["Objective", "Target", "Result"],
            [[md(o["objective"]), md(o["target"]), result(o)] for o in pack["results"]],
            "lll",
        )
    else:
        lines.append("No target fell due this quarter.")

    lines += ["", f"## Wins of the quarter ({len(pack['wins'])})", ""]
    lines += [_said(win) for win in pack["wins"]] or ["- none logged this quarter"]

    feedback = pack["feedback"]
    lines += ["", "## What we heard", ""]
    if feedback["themes"]:
        themes = " · ".join(f"{md(t['theme'])} ({t['mentions']})" for t in feedback["themes"])
        lines += [f"**Themes:** {themes}", ""]
    for mood in ("positive", "negative", "neutral"):
        entries = feedback[mood]
        if mood == "neutral" and not entries:
            continue
        lines += [f"**{mood.capitalize()}** ({len(entries)})", ""]
        lines += [_said(entry) for entry in entries] or ["- none"]
        lines.append("")

    lines += ["## Open issues", ""]
    if pack["open_issues"]:
        lines += _table(
            ["Issue", "Raised", "Your side", "Our owner", "Due"],
            [
                [md(i["issue"]), day(i["raised"]), people(i["with"]), md(i["owner"] or "–"), day(i["due"])]
                for i in pack["open_issues"]
            ],
            "lllll",
        )
    else:
        lines.append("No open issues.")

    lines += ["", "## Next quarter's plan", ""]
    if pack["next_quarter"]:
        lines += _table(
            ["Objective", "Target", "Your owner", "Our owner", "Due"],
            [
                [md(o["objective"]), md(o["target"] or "–"), md(o["customer_owner"] or "–"),
                 md(o["owner"] or "–"), day(o["due"])]
                for o in pack["next_quarter"]
            ],
            "lllll",
        )  # fmt: skip
    else:
        lines.append("Nothing planned yet for the next quarter.")
    return _footer(lines)


def _said(entry: Mapping[str, Any]) -> str:
    who = f" _({people(entry['with'])})_" if entry["with"] else ""
    return f"- {day(entry['when'])}: {md(entry['notes'])}{who}"
