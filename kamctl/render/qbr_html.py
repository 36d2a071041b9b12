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

from kamctl.i18n import _
from kamctl.render.qbr_md import MOODS, PLAN_HEADERS, STATUS_WORDS, day, quarter_line, result
from kamctl.render.report_html import _page, _table, h

STATUS_STYLES = {"done": "up", "overdue": "down", "open": "flat"}


def _panel(title: str, content: str) -> str:
    return f'<section class="panel"><h2>{escape(title)}</h2>{content}</section>'


def _none(text: str) -> str:
    return f'<p class="note">{escape(text)}</p>'


def _people(names: Sequence[str]) -> str:
    return _(", ").join(h(name) for name in names) or "–"


def _status(objective: Mapping[str, Any]) -> str:
    status = objective["status"]
    return f'<strong class="{STATUS_STYLES[status]}">{escape(_(STATUS_WORDS[status]))}</strong>'


def _said(entries: Sequence[Mapping[str, Any]]) -> str:
    return "".join(
        f'<span class="reason"><span class="nowrap">{day(e["when"])}</span> · {h(e["notes"])}'
        + (f' <span class="note">({_people(e["with"])})</span>' if e["with"] else "")
        + "</span>"
        for e in entries
    )


def _table_panel(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], empty: str) -> str:
    """A panel holding a table of text columns, or `empty` said when there are no rows."""
    return _panel(title, _table([(_(header), False) for header in headers], rows) if rows else _none(empty))


def _objective_cells(objective: Mapping[str, Any]) -> list[str]:
    return [
        h(objective["objective"]),
        h(objective["target"] or "–"),
        h(objective["customer_owner"] or "–"),
        h(objective["owner"] or "–"),
        f'<span class="nowrap">{day(objective["due"])}</span>',
    ]


def qbr_html(pack: Mapping[str, Any], *, generated: datetime) -> str:
    body = []
    goals = "".join(f'<span class="reason">{h(goal)}</span>' for goal in pack["goals"])
    body.append(_panel(_("Your goals"), goals or _none(_("None recorded yet."))))
    body.append(
        _table_panel(
            _("Mutual success plan"),
            (*PLAN_HEADERS, "Status"),
            [[*_objective_cells(o), _status(o)] for o in pack["success_plan"]],
            _("No objectives agreed yet."),
        )
    )
    body.append(
        _table_panel(
            _("Results against targets"),
            ("Objective", "Target", "Result"),
            [[h(o["objective"]), h(o["target"]), escape(result(o))] for o in pack["results"]],
            _("No target fell due this quarter."),
        )
    )

    feedback = pack["feedback"]
    themes = " · ".join(f"{h(t['theme'])} ({t['mentions']})" for t in feedback["themes"])
    themes_label = escape(_("Themes:"))
    heard = f"<p><strong>{themes_label}</strong> {themes}</p>" if themes else ""
    for mood in ("positive", "negative", "neutral"):
        entries = feedback[mood]
        if mood == "neutral" and not entries:
            continue
        heard += f"<h2>{escape(_(MOODS[mood]))} ({len(entries)})</h2>" + (_said(entries) or _none(_("none")))
    heard_title = escape(_("What we heard"))
    wins = escape(_("Wins of the quarter ({count})").format(count=len(pack["wins"])))
    body.append(
        '<section class="grid2">'
        f'<div class="panel story"><h2>{wins}</h2>'
        f"{_said(pack['wins']) or _none(_('None logged this quarter.'))}</div>"
        f'<div class="panel"><h2>{heard_title}</h2>{heard}</div>'
        "</section>"
    )
    body.append(
        _table_panel(
            _("Open issues"),
            ("Issue", "Raised", "Your side", "Our owner", "Due"),
            [
                [h(i["issue"]), f'<span class="nowrap">{day(i["raised"])}</span>', _people(i["with"]),
                 h(i["owner"] or "–"), f'<span class="nowrap">{day(i["due"])}</span>']
                for i in pack["open_issues"]
            ],
            _("No open issues."),
        )
    )  # fmt: skip
    body.append(
        _table_panel(
            _("Next quarter's plan"),
            PLAN_HEADERS,
            [_objective_cells(o) for o in pack["next_quarter"]],
            _("Nothing planned yet for the next quarter."),
        )
    )
    name = h(pack["account"])
    subtitle = escape(quarter_line(pack))
    title = _("{account} · quarterly business review").format(account=name)
    return _page(title, name, subtitle, body, eyebrow=_("Quarterly business review"), generated=generated)
