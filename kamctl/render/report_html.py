"""Reports as one self-contained HTML page: inline CSS and SVG charts, no script, no font, no link
to fetch, so it opens offline in any browser, mails as one attachment and prints on A4.

Every piece of user text goes through `h` (control characters made visible, then HTML-escaped):
an account named `<script>` is shown as those eight characters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from html import escape
from typing import Any

from kamctl import i18n
from kamctl.domain.kpis import KpiChange
from kamctl.domain.log import CHANNELS, SENTIMENTS
from kamctl.domain.periods import Period
from kamctl.domain.portfolio_report import PortfolioReport
from kamctl.i18n import N_, _, label, ngettext, pgettext
from kamctl.render.charts import bar_chart_svg, column_chart_svg, share_bar_svg, stacked_columns_svg
from kamctl.render.report import (
    band_label,
    kpi_change,
    kpi_hint,
    kpi_label,
    kpi_value,
    local_day,
    lowest_health,
    money,
    month_label,
    month_tick,
    objective_status,
    period_label,
    rating_header,
    renewal_text,
    renewals_and_risks,
    risk_line,
    span_label,
    target_text,
    whitespace_text,
)
from kamctl.render.report_md import ROWS
from kamctl.render.safe import one_line

SENTIMENT_COLORS = {"positive": "#16a34a", "neutral": "#f59e0b", "negative": "#dc2626"}
BAND_COLORS = {"green": "#16a34a", "yellow": "#f59e0b", "red": "#dc2626"}

CSS = """
:root {
  --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --paper: #ffffff; --wash: #f8fafc;
  --accent: #1d4ed8; --up: #15803d; --down: #b91c1c;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--wash); color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans JP",
        "Hiragino Sans", "Yu Gothic", Meiryo, sans-serif;
}
.page { max-width: 1200px; margin: 0 auto; padding: 28px 32px 40px; }
.masthead {
  display: flex; justify-content: space-between; align-items: flex-end; gap: 24px;
  border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 22px;
}
.eyebrow { margin: 0; text-transform: uppercase; letter-spacing: .08em; font-size: 11px;
  color: var(--accent); font-weight: 700; }
h1 { margin: 2px 0 4px; font-size: 28px; line-height: 1.2; }
h2 { margin: 0 0 12px; font-size: 16px; }
.period { margin: 0; color: var(--muted); }
.stamp { color: var(--muted); font-size: 12px; text-align: right; white-space: nowrap; }
.kpis { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 12px; margin-bottom: 18px; }
.card {
  background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px;
  box-shadow: 0 1px 2px rgba(15, 23, 42, .04);
}
.card .label { color: var(--muted); font-size: 12px; font-weight: 600; }
.card .value { font-size: 24px; font-weight: 700; letter-spacing: -.01em; margin: 2px 0; }
.card .delta { font-size: 12px; font-weight: 600; }
.card .hint { font-size: 11px; color: var(--muted); margin-top: 4px; }
.card .target { font-size: 12px; margin-top: 2px; }
.target.met { color: var(--up); } .target.missed { color: var(--down); font-weight: 600; }
.target.unknown { color: var(--muted); }
.up { color: var(--up); } .down { color: var(--down); } .flat, .none { color: var(--muted); }
.grid2 { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 12px; margin-bottom: 18px; }
.panel {
  background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px;
  margin: 0 0 18px; box-shadow: 0 1px 2px rgba(15, 23, 42, .04);
}
.grid2 .panel { margin: 0; }
figure.panel figcaption { font-weight: 700; margin-bottom: 8px; }
.legend { color: var(--muted); font-size: 12px; margin-top: 6px; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th { text-align: left; color: var(--muted); font-weight: 600; font-size: 12px;
  border-bottom: 2px solid var(--line); padding: 6px 8px; }
td { border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:last-child td { border-bottom: 0; }
.badge { display: inline-block; min-width: 34px; text-align: center; padding: 1px 8px; border-radius: 999px;
  font-weight: 700; font-size: 12px; color: #fff; }
.badge.green { background: #16a34a; }
.badge.yellow { background: #d97706; }
.badge.red { background: #dc2626; }
.tier { font-size: 12px; font-weight: 600; }
.tier.key { color: #7e22ce; } .tier.candidate { color: #0e7490; } .tier.standard { color: var(--muted); }
.status.at-risk { color: #b45309; font-weight: 600; } .status.lost { color: var(--down); }
.reason { display: block; }
/* A second heading in a panel (negative after positive feedback) keeps its distance. */
.reason + h2, .note + h2 { margin-top: 14px; }
.reason code { font-size: 11px; color: var(--muted); }
.note { color: var(--muted); font-size: 12px; margin: 8px 0 0; }
ul.lowest { list-style: none; margin: 6px 0 0; padding: 0; }
ul.lowest li { padding: 3px 0; border-bottom: 1px solid var(--line); }
ul.lowest li:last-child { border-bottom: 0; }
.nowrap { white-space: nowrap; }
.story { border-left: 4px solid #16a34a; }
.story h2 { margin-bottom: 2px; }
.story .meta { color: var(--muted); font-size: 12px; margin-bottom: 8px; }
.story p { margin: 0; white-space: pre-wrap; }
footer { color: var(--muted); font-size: 11px; margin-top: 24px; text-align: center; }
@media (max-width: 900px) {
  .kpis { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .grid2 { grid-template-columns: 1fr; }
}
@page { size: A4; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 11px; }
  .page { max-width: none; padding: 0; }
  .card, .panel { box-shadow: none; break-inside: avoid; }
  .kpis { grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px; }
  .grid2 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def h(value: object) -> str:
    """User text made safe for HTML: visible control characters, then escaped."""
    return escape(one_line(value), quote=True)


def _page(
    title: str, heading: str, subtitle: str, body: list[str], *, eyebrow: str, generated: datetime
) -> str:
    stamp = i18n.day_and_time(generated)
    return "\n".join(
        [
            "<!doctype html>",
            f'<html lang="{i18n.current()}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="kamctl">',
            f"<title>{title}</title>",
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
            '<main class="page">',
            '<header class="masthead"><div>',
            f'<p class="eyebrow">{eyebrow}</p>',
            f"<h1>{heading}</h1>",
            f'<p class="period">{subtitle}</p>',
            '</div><div class="stamp">'
            + _("Generated {stamp}<br>by kamctl").format(stamp=stamp)
            + "</div></header>",
            *body,
            f"<footer>kamctl · {escape(subtitle)}</footer>",
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _table(headers: Sequence[tuple[str, bool]], rows: Sequence[Sequence[str]]) -> str:
    """An HTML table; `headers` are (text, numeric); cells are already-escaped HTML."""
    head = "".join(
        f"<th{' class=num' if numeric else ''}>{escape(_(text))}</th>" for text, numeric in headers
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if numeric else ''}>{cell}</td>"
            for cell, (_text, numeric) in zip(row, headers, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _badge(health: Any) -> str:
    if health is None:
        return '<span class="none">–</span>'
    title = escape(_("health {score} ({band})").format(score=health.score, band=band_label(health.band)))
    return f'<span class="badge {health.band}" title="{title}">{health.score}</span>'


def _day(moment: datetime | None) -> str:
    return f'<span class="nowrap">{local_day(moment)}</span>'


def _tier(tier: str) -> str:
    return f'<span class="tier {escape(tier)}">{escape(label(tier))}</span>'


def _more(count: int) -> str:
    if count <= ROWS:
        return ""
    return (
        '<p class="note">'
        + _(
            "The first {rows} of {count}: <code>-f json</code> or <code>-f csv</code> carry them all."
        ).format(rows=ROWS, count=f"{count:,}")
        + "</p>"
    )


# ---------------------------------------------------------------------------------------------
# `kamctl report -f html`


def portfolio_html(report: PortfolioReport, *, generated: datetime) -> str:
    currency = report.currency
    subtitle = period_label(report.period)
    if report.previous is not None:
        previous = report.period.previous()
        subtitle += _(" · compared with {period}").format(period=span_label(previous.since, previous.until))
    if report.owner:
        subtitle += _(" · owner {name}").format(name=one_line(report.owner))

    cards = []
    targets = report.target_results()
    for change in report.changes():
        text, direction = kpi_change(change, currency) if report.previous is not None else ("", "none")
        target = ""
        if change.key in targets:
            wording, state = target_text(targets[change.key], currency)
            target = f'<div class="target {state}">{escape(wording)}</div>'
        cards.append(
            f'<div class="card" data-kpi="{change.key}">'
            f'<div class="label">{escape(kpi_label(change.key))}</div>'
            f'<div class="value">{escape(kpi_value(change.key, change.current, currency))}</div>'
            f'<div class="delta {direction}">{escape(text)}</div>{target}'
            f'<div class="hint">{escape(kpi_hint(change.key))}</div></div>'
        )
    body = [f'<section class="kpis" aria-label="KPIs">{"".join(cards)}</section>']

    months = [month_label(m.month) for m in report.months]
    ticks = [month_tick(m.month) for m in report.months]
    revenue = column_chart_svg(
        months,
        [m.revenue for m in report.months],
        title=_("Revenue by month"),
        ticks=ticks,
        value_label=lambda v: money(v, currency),
    )
    counts = report.kpis.by_channel
    ordered = sorted(CHANNELS, key=lambda c: -counts.get(c, 0))
    channels = bar_chart_svg(
        [label(c) for c in ordered], [float(counts.get(c, 0)) for c in ordered],
        title=_("Interactions by channel"), value_label=lambda v: f"{v:,.0f}",
    )  # fmt: skip
    sentiment = stacked_columns_svg(
        months,
        [(label(s), [m.sentiment.get(s, 0) for m in report.months], SENTIMENT_COLORS[s]) for s in SENTIMENTS],
        title=_("Sentiment by month"),
        ticks=ticks,
    )
    bands = report.health_bands()
    health = share_bar_svg(
        [(band_label(band), count, BAND_COLORS[band]) for band, count in bands.items()],
        title=_("Health of key accounts"),
    )
    totals = report.kpis.sentiment
    lowest = "".join(
        f"<li>{_badge(account.health)} {h(account.name)}</li>" for account in lowest_health(report)
    )
    lowest = (
        '<p class="note">' + _("Lowest health") + f'</p><ul class="lowest">{lowest}</ul>' if lowest else ""
    )
    scores = [a.health.score for a in report.accounts if a.tier == "key" and a.health is not None]
    mean = _(" · mean {mean} of 100").format(mean=f"{sum(scores) / len(scores):.0f}") if scores else ""
    sentiment_legend = _("Period: {positive} positive · {neutral} neutral · {negative} negative").format(
        positive=f"{totals.get('positive', 0):,}",
        neutral=f"{totals.get('neutral', 0):,}",
        negative=f"{totals.get('negative', 0):,}",
    )
    bands_legend = _("{green} green (≥ 75) · {yellow} yellow (50–74) · {red} red (< 50)").format(
        green=f"{bands['green']:,}", yellow=f"{bands['yellow']:,}", red=f"{bands['red']:,}"
    )
    body.append(
        '<section class="grid2">'
        '<figure class="panel"><figcaption>' + _("Revenue by month") + f"</figcaption>{revenue}</figure>"
        f'<figure class="panel"><figcaption>'
        + _("Interactions by channel")
        + f"</figcaption>{channels}</figure>"
        f'<figure class="panel"><figcaption>' + _("Sentiment by month") + f"</figcaption>{sentiment}"
        f'<div class="legend">{escape(sentiment_legend, quote=False)}</div></figure>'
        f'<figure class="panel"><figcaption>' + _("Health of key accounts") + f"</figcaption>{health}"
        f'<div class="legend">{escape(bands_legend, quote=False)}{mean}</div>{lowest}</figure>'
        "</section>"
    )

    risk_rows = [
        [
            h(item.account.name),
            _tier(item.account.tier),
            h(item.account.owner or ""),
            _badge(item.account.health),
            "".join(
                f'<span class="reason">{h(reason.message)} <code>{escape(reason.code)}</code></span>'
                for reason in item.reasons
            ),
        ]
        for item in report.at_risk[:ROWS]
    ]
    risk = (
        _table(
            [(N_("Account"), False), (N_("Tier"), False), (N_("Owner"), False), (N_("Health"), True),
             (N_("Why"), False)],
            risk_rows,
        )
        if risk_rows
        else '<p class="up">' + _("Nothing at risk.") + '</p>'
    )  # fmt: skip
    at_risk = _("At risk ({count})").format(count=f"{len(report.at_risk):,}")
    body.append(f'<section class="panel" id="at-risk"><h2>{at_risk}</h2>'
                f'<p class="note">{escape(renewals_and_risks(report))}</p>{risk}'
                f"{_more(len(report.at_risk))}</section>")  # fmt: skip

    account_rows = [
        [
            h(a.name),
            _tier(a.tier),
            escape(money(a.orders.amount, currency)),
            escape(money(a.orders.profit, currency)),
            f"{a.csat_avg:.2f}" if a.csat_avg is not None else "–",
            f"{a.interactions:,}",
            _day(a.last_contact),
            f'<span class="status {escape(a.status)}">{escape(label(a.status))}</span>',
            _badge(a.health),
        ]
        for a in report.accounts[:ROWS]
    ]
    headers = [
        (N_("Account"), False), (N_("Tier"), False), (N_("Revenue"), True), (N_("Profit"), True),
        ("CSAT", True), (N_("Interactions"), True), (N_("Last contact"), False), (N_("Status"), False),
        (N_("Health"), True),
    ]  # fmt: skip
    accounts = _("Accounts by revenue ({count})").format(count=f"{len(report.accounts):,}")
    body.append(
        f'<section class="panel" id="accounts"><h2>{accounts}</h2>'
        f"{_table(headers, account_rows)}{_more(len(report.accounts))}</section>"
    )
    title = _("Portfolio report") + " · " + span_label(report.period.since, report.period.until)
    return _page(
        escape(title),
        escape(_("Portfolio report")),
        escape(subtitle),
        body,
        eyebrow=escape(_("kamctl · KPI report")),
        generated=generated,
    )


# ---------------------------------------------------------------------------------------------
# `kamctl report account NAME -f html`


def review_html(review: Mapping[str, Any], *, currency: str = "JPY", generated: datetime) -> str:
    account = review["account"]
    period, previous = review["period"], review["previous_period"]
    subtitle = span_label(period["since"], period["until"]) + _(" · compared with {period}").format(
        period=span_label(previous["since"], previous["until"])
    )
    health = review["health"]
    facts = [
        (_("Tier"), _tier(account["tier"])),
        (_("Status"), escape(label(account["status"]))),
        (_("Owner"), h(account["owner"] or "–")),
        (_("Industry"), h(account["industry"] or "–")),
        (_("Renewal"), i18n.day(account["renewal_date"]) if account.get("renewal_date") else "–"),
        (
            _("Health"),
            f'<span class="badge {health["band"]}">{health["score"]}</span> '
            + escape(band_label(health["band"])),
        ),
    ]
    score = review.get("score")
    if score:
        strength = "–" if score["strength"] is None else f"{score['strength']:.1f}"
        facts.append(
            (
                _("Score"),
                escape(
                    _("{score} · strength {strength} · {quadrant} → {recommendation}").format(
                        score=f"{score['score']:.1f}",
                        strength=strength,
                        quadrant=label(score["quadrant"]),
                        recommendation=pgettext("recommendation", score["recommendation"]),
                    )
                ),
            )
        )
    cards = "".join(
        f'<div class="card"><div class="label">{escape(name)}</div><div>{value}</div></div>'
        for name, value in facts
    )
    body = [f'<section class="kpis">{cards}</section>']

    kpi_cards = []
    for line in review["kpis"]:
        change = KpiChange(line["kpi"], line["current"], line["previous"])
        text, direction = kpi_change(change, currency)
        before = _("before: {value}").format(value=kpi_value(line["kpi"], line["previous"], currency))
        kpi_cards.append(
            f'<div class="card" data-kpi="{line["kpi"]}">'
            f'<div class="label">{escape(kpi_label(line["kpi"]))}</div>'
            f'<div class="value">{escape(kpi_value(line["kpi"], line["current"], currency))}</div>'
            f'<div class="delta {direction}">{escape(text)}</div>'
            f'<div class="hint">{escape(before)}</div></div>'
        )
    body.append(f'<section class="kpis" aria-label="KPIs">{"".join(kpi_cards)}</section>')

    components = [
        [
            escape(_(c["component"])),
            escape(_("not rated")) if c["value"] is None else f"{c['value']:.0f}",
            str(c["weight"]),
            "–" if c["value"] is None else f"{c['points']:.1f}",
            h(c["detail"]),
        ]
        for c in health["components"]
    ]
    body.append(
        '<section class="grid2">'
        '<div class="panel"><h2>'
        + _("Health")
        + f" {health['score']} ({escape(band_label(health['band']))})</h2>"
        + _table(
            [
                (N_("Component"), False),
                (rating_header(), True),
                (N_("Weight"), True),
                (N_("Points"), True),
                (N_("Why"), False),
            ],
            components,
        )
        + "</div>"
        + _plan_panel(review["plan"])
        + "</section>"
    )

    summary = review["map"]
    findings = (
        "".join(
            f'<span class="reason"><strong>{escape(label(f["severity"]))}</strong> {escape(f["code"])}: '
            f"{h(f['message'])}</span>"
            for f in review["findings"]
        )
        or '<p class="up">' + _("No coverage findings.") + "</p>"
    )
    our_people = _(", ").join(h(p) for p in summary["our_people"]) or escape(_("nobody"))
    feedback = "".join(
        f"<h2>{escape(_(FEEDBACK_HEADINGS[mood]).format(count=len(review['feedback'][mood])))}</h2>"
        + (
            "".join(
                f'<span class="reason">{local_day(e["when"])} · {h(e["notes"])}</span>'
                for e in review["feedback"][mood]
            )
            or '<p class="note">' + _("none") + "</p>"
        )
        for mood in ("positive", "negative")
    )
    body.append(
        '<section class="grid2">'
        '<div class="panel"><h2>'
        + _("Account map")
        + "</h2><p>"
        + _("{active} active contacts ({left} left) · roles covered: {roles} · our people: {people}").format(
            active=summary["active"],
            left=summary["left"],
            roles=escape(_(", ").join(label(role) for role in summary["roles_covered"]) or _("none")),
            people=our_people,
        )
        + "</p>"
        f"{findings}</div>"
        f'<div class="panel">{feedback}</div>'
        "</section>"
    )
    timeline = [
        [
            _day(e["when"]),
            escape(label(e["channel"])),
            escape(label(e["kind"])),
            escape(label(e["sentiment"]) if e["sentiment"] else ""),
            _(", ").join(h(n) for n in e["contacts"]),
            h(e["notes"]),
        ]
        for e in review["timeline"]
    ]
    body.append(
        '<section class="panel"><h2>'
        + _("Interactions ({count})").format(count=len(timeline))
        + "</h2>"
        + (
            _table(
                [
                    (N_("When"), False),
                    (N_("Channel"), False),
                    (N_("Kind"), False),
                    (N_("Sentiment"), False),
                    (N_("With"), False),
                    (N_("Notes"), False),
                ],
                timeline,
            )
            if timeline
            else '<p class="note">' + _("None in this period.") + "</p>"
        )
        + "</section>"
    )
    reminders = [[i18n.day(r["due"]), h(r["title"])] for r in review["open_reminders"]]
    opportunities = [
        [h(o["title"]), escape(label(o["type"])), escape(money(o["value"], currency)),
         i18n.day(o["expected_close"]) if o["expected_close"] else "–"]
        for o in review["open_opportunities"]
    ]  # fmt: skip
    none = '<p class="note">' + _("none") + "</p>"
    body.append(
        '<section class="grid2">'
        '<div class="panel"><h2>' + _("Open reminders") + '</h2>'
        + (_table([(N_("Due"), False), (N_("What"), False)], reminders) if reminders else none)
        + "</div>"
        '<div class="panel"><h2>' + _("Open opportunities") + '</h2>'
        + (
            _table(
                [
                    (N_("Title"), False),
                    (N_("Type"), False),
                    (pgettext("amount", "Value"), True),
                    (N_("Close"), False),
                ],
                opportunities,
            )
            if opportunities
            else none
        )
        + "</div></section>"
    )  # fmt: skip
    renewal = review["renewal"]
    risks = "".join(f'<span class="reason">{h(risk_line(risk))}</span>' for risk in review["risks"])
    body.append(
        '<section class="grid2">'
        '<div class="panel"><h2>' + _("Risks ({count})").format(count=len(review["risks"])) + f"</h2>"
        f"{risks or '<p class=note>' + _('none') + '</p>'}</div>"
        f'<div class="panel"><h2>' + _("Renewal") + f'</h2><p class="{"down" if renewal["lapsed"] else ""}">'
        f"{h(renewal_text(renewal))}</p></div>"
        "</section>"
        f'<section class="panel"><h2>'
        + _("Whitespace")
        + f"</h2><p>{h(whitespace_text(review['whitespace']))}</p>"
        "</section>"
    )
    name = h(account["name"])
    return _page(_("{name} · account review").format(name=name), name, escape(subtitle), body,
                 eyebrow=escape(_("kamctl · account review")), generated=generated)  # fmt: skip


FEEDBACK_HEADINGS = {
    "positive": N_("Positive feedback ({count})"),
    "negative": N_("Negative feedback ({count})"),
}


def _plan_panel(plan: Mapping[str, Any]) -> str:
    items = [f'<span class="reason">{escape(_("Goal: "))}{h(goal)}</span>' for goal in plan["goals"]]
    for objective in plan["objectives"]:
        style = {"done": "up", "overdue": "down"}.get(objective["status"], "flat")
        due = (
            " " + escape(_("(due {day})").format(day=i18n.day(objective["due"]))) if objective["due"] else ""
        )
        items.append(
            f'<span class="reason">{"✓" if objective["status"] == "done" else "○"} '
            f"{h(objective['text'])}{due} "
            f'<strong class="{style}">{escape(objective_status(objective["status"]))}</strong></span>'
        )
    return (
        '<div class="panel"><h2>'
        + _("Goals and objectives")
        + "</h2>"
        + ("".join(items) or '<p class="note">' + _("No plan yet.") + "</p>")
        + "</div>"
    )


# ---------------------------------------------------------------------------------------------
# `report wins -f html`, `report team -f html`


def wins_html(
    wins: Sequence[Mapping[str, Any]], *, period: Period, owner: str | None = None, generated: datetime
) -> str:
    subtitle = period_label(period) + (_(" · owner {name}").format(name=one_line(owner)) if owner else "")
    stories = ngettext(
        "{count} success story to share.", "{count} success stories to share.", len(wins)
    ).format(count=f"{len(wins):,}")
    body = [f'<p class="note">{escape(stories)}</p>']
    for win in wins:
        who = _(", ").join(h(name) for name in win["contacts"])
        with_whom = _(" · with {names}").format(names=who) if who else ""
        body.append(
            f'<article class="panel story"><h2>{h(win["account"])}</h2>'
            f'<div class="meta">{_day(win["when"])}{with_whom}</div>'
            f"<p>{escape(_multiline(win['notes']))}</p></article>"
        )
    if not wins:
        body.append('<p class="note">' + _("No wins logged in this period.") + "</p>")
    return _page(_("Wins") + f" · {escape(period_label(period))}", _("Wins"), escape(subtitle), body,
                 eyebrow=escape(_("kamctl · success stories")), generated=generated)  # fmt: skip


def _multiline(text: str | None) -> str:
    from kamctl.render.safe import printable

    return printable(text or "")


def team_html(rows: Sequence[Mapping[str, Any]], *, period: Period, generated: datetime) -> str:
    table = _table(
        [(N_("Owner"), False), (N_("Accounts"), True), (N_("Key accounts"), True), (N_("Interactions"), True),
         (N_("Overdue reminders"), True)],
        [[h(r["owner"]) if r["owner"] else escape(_("(no owner)")), f"{r['accounts']:,}",
          f"{r['key_accounts']:,}", f"{r['interactions']:,}", f"{r['overdue_reminders']:,}"] for r in rows],
    )  # fmt: skip
    body = ['<section class="panel"><h2>' + _("Per account manager") + f"</h2>{table}</section>"]
    team = escape(_("Team"))
    return _page(f"{team} · {escape(period_label(period))}", team, escape(period_label(period)), body,
                 eyebrow=escape(_("kamctl · team report")), generated=generated)  # fmt: skip
