"""The QBR pack as one self-contained HTML page (`report account NAME --qbr -f html`), in the
report's look: inline CSS, no script, nothing to fetch; it prints on A4.

It shows only the record `kamctl.domain.qbr.qbr_record` builds, which holds nothing internal.
Every piece of user text goes through `h`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from html import escape
from typing import Any

from kamctl.render.qbr_md import STATUS_WORDS, day, quarter_line, result
from kamctl.render.report_html import _page, _table, h

STATUS_STYLES = {"done": "up", "overdue": "down", "open": "flat"}


def _panel(title: str, content: str) -> str:
    return f'<section class="panel"><h2>{escape(title)}</h2>{content}</section>'


def _none(text: str) -> str:
    return f'<p class="note">{escape(text)}</p>'


def _people(names: Sequence[str]) -> str:
    return ", ".join(h(name) for name in names) or "–"


def _status(objective: Mapping[str, Any]) -> str:
    return (
        f'<strong class="{STATUS_STYLES[objective["status"]]}">{STATUS_WORDS[objective["status"]]}</strong>'
    )


def _said(entries: Sequence[Mapping[str, Any]]) -> str:
    return "".join(
        f'<span class="reason"><span class="nowrap">{day(e["when"])}</span> · {h(e["notes"])}'
        + (f' <span class="note">({_people(e["with"])})</span>' if e["with"] else "")
        + "</span>"
        for e in entries
    )


def qbr_html(pack: Mapping[str, Any], *, generated: datetime) -> str:
    body = []
    goals = "".join(f'<span class="reason">{h(goal)}</span>' for goal in pack["goals"])
    body.append(_panel("Your goals", goals or _none("None recorded yet.")))

    plan = [
        [h(o["objective"]), h(o["target"] or "–"), h(o["customer_owner"] or "–"), h(o["owner"] or "–"),
         f'<span class="nowrap">{day(o["due"])}</span>', _status(o)]
        for o in pack["success_plan"]
    ]  # fmt: skip
    body.append(
        _panel(
            "Mutual success plan",
            _table(
                [("Objective", False), ("Target", False), ("Your owner", False), ("Our owner", False),
                 ("Due", False), ("Status", False)],
                plan,
            ) if plan else _none("No objectives agreed yet."),
        )
    )  # fmt: skip

    results = [[h(o["objective"]), h(o["target"]), escape(result(o))] for o in pack["results"]]
    body.append(
        _panel(
            "Results against targets",
            _table([("Objective", False), ("Target", False), ("Result", False)], results)
            if results
            else _none("No target fell due this quarter."),
        )
    )

    feedback = pack["feedback"]
    themes = " · ".join(f"{h(t['theme'])} ({t['mentions']})" for t in feedback["themes"])
    heard = f"<p><strong>Themes:</strong> {themes}</p>" if themes else ""
    for mood in ("positive", "negative", "neutral"):
        entries = feedback[mood]
        if mood == "neutral" and not entries:
            continue
        heard += f"<h2>{mood.capitalize()} ({len(entries)})</h2>" + (_said(entries) or _none("none"))
    body.append(
        '<section class="grid2">'
        f'<div class="panel story"><h2>Wins of the quarter ({len(pack["wins"])})</h2>'
        f"{_said(pack['wins']) or _none('None logged this quarter.')}</div>"
        f'<div class="panel"><h2>What we heard</h2>{heard}</div>'
        "</section>"
    )

    issues = [
        [h(i["issue"]), f'<span class="nowrap">{day(i["raised"])}</span>', _people(i["with"]),
         h(i["owner"] or "–"), f'<span class="nowrap">{day(i["due"])}</span>']
        for i in pack["open_issues"]
    ]  # fmt: skip
    body.append(
        _panel(
            "Open issues",
            _table(
                [
                    ("Issue", False),
                    ("Raised", False),
                    ("Your side", False),
                    ("Our owner", False),
                    ("Due", False),
                ],
                issues,
            )
            if issues
            else _none("No open issues."),
        )
    )

    ahead = [
        [h(o["objective"]), h(o["target"] or "–"), h(o["customer_owner"] or "–"), h(o["owner"] or "–"),
         f'<span class="nowrap">{day(o["due"])}</span>']
        for o in pack["next_quarter"]
    ]  # fmt: skip
    body.append(
        _panel(
            "Next quarter's plan",
            _table(
                [
                    ("Objective", False),
                    ("Target", False),
                    ("Your owner", False),
                    ("Our owner", False),
                    ("Due", False),
                ],
                ahead,
            )
            if ahead
            else _none("Nothing planned yet for the next quarter."),
        )
    )
    name = h(pack["account"])
    subtitle = escape(quarter_line(pack))
    return _page(f"{name} · quarterly business review", name, subtitle, body,
                 eyebrow="Quarterly business review", generated=generated)  # fmt: skip
