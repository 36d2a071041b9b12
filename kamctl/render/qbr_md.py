"""The QBR pack as Markdown (`report account NAME --qbr -f md`): to walk through with the customer.

It shows only the record `kamctl.domain.qbr.qbr_record` builds, which holds nothing internal.
User text is escaped as in every Markdown report (`report_md.md`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from kamctl import i18n
from kamctl.i18n import N_, _
from kamctl.render.report_md import _footer, _table, md

STATUS_WORDS = {"done": N_("done"), "overdue": N_("past due"), "open": N_("open")}
"""How an objective's state reads to the customer (shown as `_(STATUS_WORDS[status])`)."""

MOODS = {"positive": N_("Positive"), "negative": N_("Negative"), "neutral": N_("Neutral")}
"""The headings of what the customer said, by sentiment."""


def day(value: date | None) -> str:
    return i18n.day(value) if value is not None else "–"


def people(names: Sequence[str]) -> str:
    return _(", ").join(md(name) for name in names) or "–"


def result(objective: Mapping[str, Any]) -> str:
    """The result against a target: achieved (when), past due, or still open (until when)."""
    if objective["status"] == "done":
        return _("achieved {day}").format(day=day(objective["done_on"]))
    if objective["status"] == "overdue":
        return _("not yet reached (due {day})").format(day=day(objective["due"]))
    return _("in progress (due {day})").format(day=day(objective["due"]))


def quarter_line(pack: Mapping[str, Any]) -> str:
    period, ahead = pack["period"], pack["next_period"]
    return _("{since} – {until} · next quarter {next_since} – {next_until}").format(
        since=day(period["since"]),
        until=day(period["until"]),
        next_since=day(ahead["since"]),
        next_until=day(ahead["until"]),
    )


PLAN_HEADERS = (N_("Objective"), N_("Target"), N_("Your owner"), N_("Our owner"), N_("Due"))
"""The columns of an objective in the plan tables (shown as `_(header)`)."""


def qbr_markdown(pack: Mapping[str, Any]) -> str:
    lines = [
        _("# {account}: quarterly business review").format(account=md(pack["account"])),
        "",
        _("**Quarter:** {quarter}").format(quarter=quarter_line(pack)),
    ]

    lines += ["", _("## Your goals"), ""]
    lines += [f"- {md(goal)}" for goal in pack["goals"]] or [_("- none recorded yet")]

    lines += ["", _("## Mutual success plan"), ""]
    if pack["success_plan"]:
        lines += _table(
            [*map(_, PLAN_HEADERS), _("Status")],
            [
                [md(o["objective"]), md(o["target"] or "–"), md(o["customer_owner"] or "–"),
                 md(o["owner"] or "–"), day(o["due"]), _(STATUS_WORDS[o["status"]])]
                for o in pack["success_plan"]
            ],
            "llllll",
        )  # fmt: skip
    else:
        lines.append(_("No objectives agreed yet."))

    lines += ["", _("## Results against targets"), ""]
    if pack["results"]:
        lines += _table(
            [_("Objective"), _("Target"), _("Result")],
            [[md(o["objective"]), md(o["target"]), result(o)] for o in pack["results"]],
            "lll",
        )
    else:
        lines.append(_("No target fell due this quarter."))

    lines += ["", _("## Wins of the quarter ({count})").format(count=len(pack["wins"])), ""]
    lines += [_said(win) for win in pack["wins"]] or [_("- none logged this quarter")]

    feedback = pack["feedback"]
    lines += ["", _("## What we heard"), ""]
    if feedback["themes"]:
        themes = " · ".join(f"{md(t['theme'])} ({t['mentions']})" for t in feedback["themes"])
        lines += [_("**Themes:** {themes}").format(themes=themes), ""]
    for mood in ("positive", "negative", "neutral"):
        entries = feedback[mood]
        if mood == "neutral" and not entries:
            continue
        lines += [f"**{_(MOODS[mood])}** ({len(entries)})", ""]
        lines += [_said(entry) for entry in entries] or [_("- none")]
        lines.append("")

    lines += [_("## Open issues"), ""]
    if pack["open_issues"]:
        lines += _table(
            [_("Issue"), _("Raised"), _("Your side"), _("Our owner"), _("Due")],
            [
                [md(i["issue"]), day(i["raised"]), people(i["with"]), md(i["owner"] or "–"), day(i["due"])]
                for i in pack["open_issues"]
            ],
            "lllll",
        )
    else:
        lines.append(_("No open issues."))

    lines += ["", _("## Next quarter's plan"), ""]
    if pack["next_quarter"]:
        lines += _table(
            [*map(_, PLAN_HEADERS)],
            [
                [md(o["objective"]), md(o["target"] or "–"), md(o["customer_owner"] or "–"),
                 md(o["owner"] or "–"), day(o["due"])]
                for o in pack["next_quarter"]
            ],
            "lllll",
        )  # fmt: skip
    else:
        lines.append(_("Nothing planned yet for the next quarter."))
    return _footer(lines)


def _said(entry: Mapping[str, Any]) -> str:
    who = f" _({people(entry['with'])})_" if entry["with"] else ""
    return f"- {day(entry['when'])}: {md(entry['notes'])}{who}"
