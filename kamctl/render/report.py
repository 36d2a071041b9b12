"""How reports look in the terminal (Rich dashboard, tables) and the figures' wording shared with
the Markdown and HTML reports: labels, money, percentages, changes against the previous period."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kamctl import i18n
from kamctl.domain.kpis import KpiChange
from kamctl.domain.log import CHANNELS, SENTIMENTS
from kamctl.domain.portfolio_report import PortfolioReport
from kamctl.domain.targets import TargetResult
from kamctl.i18n import N_, NP_, _, label, ngettext, pgettext
from kamctl.render.output import Column, display_value, empty_list, render_table
from kamctl.render.safe import one_line

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

# ---------------------------------------------------------------------------------------------
# Words and numbers

KPI_LABELS = {
    "key_accounts": N_("Key accounts"),
    "revenue": N_("Revenue"),
    "profit": N_("Profit"),
    "key_revenue_share": N_("Key-account share of revenue"),
    "retention_rate": N_("Retention"),
    "upsell_win_rate": N_("Upsell/cross-sell win rate"),
    "csat_avg": N_("CSAT"),
    "nps": N_("NPS"),
    "cadence_coverage": N_("Cadence coverage"),
    "decision_maker_coverage": N_("Decision-maker coverage"),
    "avg_contacts_per_key_account": N_("Contacts per key account"),
    "nrr": N_("Net revenue retention"),
    "grr": N_("Gross revenue retention"),
    "margin": N_("Margin"),
    "pipeline": N_("Pipeline"),
    "pipeline_weighted": N_("Weighted pipeline"),
    "interactions": N_("Interactions"),
    "orders": N_("Orders"),
}
KPI_HINTS = {
    "key_accounts": N_("tier key at the period's end"),
    "revenue": N_("orders dated in the period"),
    "profit": N_("known profits of those orders"),
    "key_revenue_share": N_("revenue from key accounts"),
    "retention_rate": N_("active/at-risk at the start, not lost at the end"),
    "upsell_win_rate": N_("won ÷ closed upsell and cross-sell"),
    "csat_avg": N_("mean of 1–5 answers"),
    "nps": N_("% promoters − % detractors"),
    "cadence_coverage": N_("key accounts contacted on rhythm"),
    "decision_maker_coverage": N_("key accounts meeting a decision maker in 90 days"),
    "avg_contacts_per_key_account": N_("active contacts on the map"),
    "nrr": N_("revenue kept from last period's customers, growth included"),
    "grr": N_("the same, each account capped at last period"),
    "margin": N_("profit ÷ revenue of orders with a profit"),
    "pipeline": N_("open opportunities' value at the period's end"),
    "pipeline_weighted": N_("value × chance of winning"),
    "interactions": N_("log entries in the period"),
    "orders": N_("orders in the period"),
}
PERCENT_KPIS = frozenset(
    {
        "key_revenue_share",
        "retention_rate",
        "upsell_win_rate",
        "cadence_coverage",
        "decision_maker_coverage",
        "nrr",
        "grr",
        "margin",
    }
)


def kpi_label(key: str) -> str:
    """A KPI's name as people read it (its JSON key when it has none)."""
    return _(KPI_LABELS[key]) if key in KPI_LABELS else key


def kpi_hint(key: str) -> str:
    """What a KPI counts, in a few words."""
    return _(KPI_HINTS[key]) if key in KPI_HINTS else ""


def objective_status(status: str) -> str:
    """An objective's status (open, done, overdue) as people read it."""
    names = {
        "open": pgettext("objective", "open"),
        "done": pgettext("objective", "done"),
        "overdue": pgettext("objective", "overdue"),
    }
    return names.get(status, status)


def rating_header() -> str:
    """The health table's "Value" column: a component's rating 0–100 (not an amount)."""
    return pgettext("health", "Value")


BAND_LABELS = {"green": N_("green"), "yellow": N_("yellow"), "red": N_("red")}
"""The health bands (SPEC §3) as people read them; `band_label` shows one."""


def band_label(band: str) -> str:
    return _(BAND_LABELS[band]) if band in BAND_LABELS else band


MONEY_KPIS = frozenset({"revenue", "profit", "pipeline", "pipeline_weighted"})

CURRENCY_SYMBOLS = {"JPY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "CNY": "¥", "KRW": "₩", "INR": "₹"}

BAND_STYLES = {"green": "bold green", "yellow": "bold yellow", "red": "bold red"}
SENTIMENT_STYLES = {"positive": "green", "neutral": "yellow", "negative": "red"}
SENTIMENT_CHARS = {"positive": "█", "neutral": "▒", "negative": "░"}
"""Distinct shades, so a sentiment bar still reads without colour."""
STATUS_STYLES = {"open": "cyan", "won": "bold green", "lost": "red"}
TIER_STYLES = {"key": "bold magenta", "candidate": "cyan", "standard": ""}
ACCOUNT_STATUS_STYLES = {"active": "green", "prospect": "cyan", "at-risk": "bold yellow", "lost": "red"}

TABLE_ROWS = 15
"""Accounts and at-risk rows the dashboard shows; JSON, CSV and HTML carry more."""


def money(value: float | None, currency: str = "JPY", *, compact: bool = True) -> str:
    """An amount with its currency: `¥12.3M` (compact) or `¥12,345,678`."""
    if value is None:
        return "–"
    symbol = CURRENCY_SYMBOLS.get(currency)
    sign = "-" if value < 0 else ""
    amount = abs(value)
    if compact and i18n.japanese() and amount >= 1e4:
        # 万 and 億, as Japanese readers count: ¥1,234万, ¥12.3億.
        text = f"{amount / 1e8:.1f}億" if amount >= 1e8 else f"{amount / 1e4:,.0f}万"
    elif compact and amount >= 1e9:
        text = f"{amount / 1e9:.2f}B"
    elif compact and amount >= 1e6:
        text = f"{amount / 1e6:.1f}M"
    elif compact and amount >= 1e4:
        text = f"{amount / 1e3:.0f}k"
    else:
        text = f"{amount:,.0f}"
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency}"


def kpi_value(key: str, value: Any, currency: str = "JPY") -> str:
    """A KPI as people read it; `–` for unknown (null)."""
    if value is None:
        return "–"
    if key in MONEY_KPIS:
        return money(value, currency)
    if key in PERCENT_KPIS:
        return f"{100 * value:.1f} %"
    if key == "csat_avg":
        return f"{value:.2f}"
    if key == "nps":
        return f"{value:+.0f}" if round(value) else "0"
    if key == "avg_contacts_per_key_account":
        return f"{value:.1f}"
    return f"{value:,}"


def kpi_change(change: KpiChange, currency: str = "JPY") -> tuple[str, str]:
    """The change against the previous period as text, and its direction: `up`, `down`, `flat`
    or `none` (no comparison). Every KPI here is better when higher."""
    delta = change.delta
    if delta is None:
        return (_("no comparison"), "none")
    key = change.key
    digits = {"csat_avg": 2, "nps": 0, "avg_contacts_per_key_account": 1}.get(key)
    if key in PERCENT_KPIS:
        digits, scale = 1, 100
    else:
        scale = 1
    if digits is not None:
        # The change between the values as shown (5.33 → 5.35 reads 5.3 → 5.4: up 0.1, not
        # "no change"), so that the arrow and the figure agree with what the reader sees.
        assert change.current is not None and change.previous is not None
        delta = round(scale * change.current, digits) - round(scale * change.previous, digits)
        if abs(delta) < 0.5 * 10**-digits:
            # Equal as shown: "+0.0" would read as a change.
            return (_("no change"), "flat")
    elif delta == 0:
        return (_("no change"), "flat")
    arrow = "▲" if delta > 0 else "▼"
    direction = "up" if delta > 0 else "down"
    if key in PERCENT_KPIS:
        text = _("{delta} pp").format(delta=f"{delta:+.1f}")
    elif digits is not None:
        text = f"{delta:+.{digits}f}"
    else:
        relative = change.relative
        text = money(delta, currency) if key in MONEY_KPIS else f"{delta:+,}"
        if key in MONEY_KPIS and delta > 0:
            text = "+" + text
        if relative is not None:
            text += f" ({100 * relative:+.0f} %)"
    return (f"{arrow} {text}", direction)


def target_text(result: TargetResult, currency: str = "JPY") -> tuple[str, str]:
    """A KPI's target as text beside it, and its state: `met`, `missed` or `unknown`."""
    target = kpi_value(result.kpi, result.target, currency)
    if result.met is None:
        return (_("target {target}: no value").format(target=target), "unknown")
    if result.met:
        return (_("target {target} ✓ met").format(target=target), "met")
    return (_("target {target} ✗ missed").format(target=target), "missed")


TARGET_STYLES = {"met": "green", "missed": "bold red", "unknown": "dim"}


def period_label(report_period: Any) -> str:
    days = report_period.days
    span = ngettext("{n} day", "{n} days", days).format(n=days)
    return f"{span_label(report_period.since, report_period.until)} ({span})"


def span_label(since: date, until: date) -> str:
    """A period as `A – B`: ISO dates in English, 12月7日(月) in Japanese."""
    return f"{i18n.day(since)} – {i18n.day(until)}"


def month_label(month: date) -> str:
    if i18n.japanese():
        return f"{month.year}年{month.month}月"
    return month.strftime("%Y-%m")


def month_tick(month: date) -> str:
    """A month under a chart's column, where room is short: `2026-01`, or `1月` in Japanese (the
    period above the chart says the years)."""
    return f"{month.month}月" if i18n.japanese() else month_label(month)


def local_day(moment: datetime | None) -> str:
    return i18n.day(moment.astimezone().date()) if moment else "–"


# ---------------------------------------------------------------------------------------------
# Rows for tables, CSV and JSON


OPPORTUNITY_COLUMNS = (
    Column("id", N_("ID"), justify="right", no_wrap=True),
    Column("account", N_("Account"), style="bold", min_width=16),
    Column("title", N_("Title"), ratio=3, min_width=16),
    Column("type", N_("Type"), no_wrap=True, minor=3),
    Column("product", N_("Product"), min_width=10, minor=6),
    Column("value", NP_("amount", "Value"), context="amount", justify="right", no_wrap=True),
    Column("probability", "%", justify="right", no_wrap=True, minor=7),
    Column("status", N_("Status"), show=lambda v: _styled(v, STATUS_STYLES), no_wrap=True, minor=2),
    Column("expected_close", N_("Close"), no_wrap=True),
    Column("closed_at", N_("Closed"), show=lambda v: local_day(v) if v else "", no_wrap=True, minor=4),
    Column("reason", N_("Reason"), ratio=2, min_width=12, minor=5),
)

ACCOUNT_CSV_FIELDS = (
    "account",
    "tier",
    "revenue",
    "profit",
    "csat_avg",
    "interactions",
    "last_contact",
    "quadrant",
)

TEAM_FIELDS = ("owner", "accounts", "key_accounts", "interactions", "overdue_reminders")
WIN_FIELDS = ("id", "account", "when", "contacts", "notes", "tags")


def _styled(value: Any, styles: Mapping[str, str]) -> Text:
    from rich.text import Text

    shown = display_value(label(value) if isinstance(value, str) and value else value)
    return Text(shown, style=styles.get(value or "", ""))


def team_columns() -> tuple[Column, ...]:
    return (
        Column("owner", N_("Owner"), style="bold", show=lambda v: one_line(v) if v else _("(no owner)")),
        Column("accounts", N_("Accounts"), justify="right"),
        Column("key_accounts", N_("Key accounts"), justify="right"),
        Column("interactions", N_("Interactions"), justify="right"),
        Column("overdue_reminders", N_("Overdue reminders"), justify="right", show=_overdue_cell),
    )


def _overdue_cell(value: int) -> Text:
    from rich.text import Text

    return Text(f"{value:,}", style="bold red" if value else "green")


# ---------------------------------------------------------------------------------------------
# The dashboard (`kamctl report`)


def render_dashboard(report: PortfolioReport, console: Console) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    wide = console.width >= 110
    title = Text(_("Portfolio report"), style="bold")
    title.append(f"  {period_label(report.period)}", style="")
    if report.owner:
        title.append("  " + _("owner") + " ", style="dim").append(one_line(report.owner), style="bold")
    parts: list[RenderableType] = [_kpi_grid(report, columns=4 if wide else 2)]
    if report.previous is not None:
        previous = report.period.previous()
        parts.append(
            Text(
                _("Changes against {period}.").format(period=span_label(previous.since, previous.until)),
                style="dim",
            )
        )
    console.print(Panel(Group(*parts), title=title, title_align="left", border_style="blue"))

    revenue = _revenue_chart(report)
    channels = _channel_chart(report)
    sentiment = _sentiment_chart(report)
    health = _health_chart(report)
    if wide:
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1)
        grid.add_column(ratio=1)
        grid.add_row(revenue, channels)
        grid.add_row(sentiment, health)
        console.print(grid)
    else:
        for chart in (revenue, channels, sentiment, health):
            console.print(chart)
    console.print(_at_risk_table(report))
    console.print(_accounts_table(report))
    hidden = len(report.accounts) - TABLE_ROWS
    if hidden > 0 or len(report.at_risk) > TABLE_ROWS:
        console.print(
            Text(
                _(
                    "The tables show the first {rows}: -f json, csv or html carry all "
                    "{accounts} accounts and {at_risk} at risk."
                ).format(
                    rows=TABLE_ROWS, accounts=f"{len(report.accounts):,}", at_risk=f"{len(report.at_risk):,}"
                ),
                style="dim",
            )
        )


def _kpi_grid(report: PortfolioReport, *, columns: int):
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(expand=True, padding=(0, 2))
    for _column in range(columns):
        grid.add_column(ratio=1)
    cards = []
    targets = report.target_results()
    for change in report.changes():
        card = Text()
        card.append(kpi_label(change.key) + "\n", style="dim")
        card.append(kpi_value(change.key, change.current, report.currency) + "\n", style="bold")
        if report.previous is not None:
            text, direction = kpi_change(change, report.currency)
            style = {"up": "green", "down": "red"}.get(direction, "dim")
            card.append(text, style=style)
        if change.key in targets:
            text, state = target_text(targets[change.key], report.currency)
            card.append(("\n" if report.previous is not None else "") + text, style=TARGET_STYLES[state])
        cards.append(card)
    for start in range(0, len(cards), columns):
        row = cards[start : start + columns]
        grid.add_row(*row, *[Text("")] * (columns - len(row)))
        if start + columns < len(cards):
            grid.add_row(*[Text("")] * columns)
    return grid


def _chart_panel(title: str, body: Any):
    from rich.panel import Panel

    return Panel(body, title=title, title_align="left", border_style="dim")


def _bars_table(rows: Sequence[tuple[str, float, str]], *, style: str | Sequence[str]):
    """Label, bar, value: one row each, bars scaled to the largest value; one style for all bars,
    or one per row."""
    from rich.table import Table
    from rich.text import Text

    from kamctl.render.charts import bar_text

    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, no_wrap=True, overflow="crop")
    table.add_column(justify="right", no_wrap=True)
    peak = max((value for _label, value, _shown in rows), default=0.0)
    styles = [style] * len(rows) if isinstance(style, str) else list(style)
    for (name, value, shown), bar_style in zip(rows, styles, strict=True):
        table.add_row(Text(name, style="dim"), Text(bar_text(value, peak, 28), style=bar_style), Text(shown))
    return table


def _revenue_chart(report: PortfolioReport):
    rows = [(month_label(m.month), m.revenue, money(m.revenue, report.currency)) for m in report.months]
    return _chart_panel(_("Revenue by month"), _bars_table(rows, style="blue"))


def _channel_chart(report: PortfolioReport):
    counts = report.kpis.by_channel
    ordered = sorted(CHANNELS, key=lambda channel: -counts.get(channel, 0))
    rows = [
        (label(channel), float(counts.get(channel, 0)), f"{counts.get(channel, 0):,}") for channel in ordered
    ]
    return _chart_panel(_("Interactions by channel"), _bars_table(rows, style="cyan"))


def _sentiment_chart(report: PortfolioReport):
    from rich.table import Table
    from rich.text import Text

    from kamctl.render.charts import split_cells

    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, no_wrap=True, overflow="crop")
    table.add_column(justify="right", no_wrap=True)
    width = 28
    for month in report.months:
        counts = [month.sentiment.get(s, 0) for s in SENTIMENTS]
        total = sum(counts)
        bar = Text()
        for sentiment, cells in zip(SENTIMENTS, split_cells(counts, width), strict=True):
            bar.append(SENTIMENT_CHARS[sentiment] * cells, style=SENTIMENT_STYLES[sentiment])
        shown = f"{100 * counts[0] / total:.0f} % + / {100 * counts[2] / total:.0f} % −" if total else "–"
        table.add_row(Text(month_label(month.month), style="dim"), bar, Text(shown))
    legend = Text()
    for sentiment in SENTIMENTS:
        legend.append(SENTIMENT_CHARS[sentiment] + " ", style=SENTIMENT_STYLES[sentiment]).append(
            label(sentiment) + "  "
        )
    totals = report.kpis.sentiment
    legend.append(
        _("(period: {positive} + / {neutral} = / {negative} −)").format(
            positive=f"{totals.get('positive', 0):,}",
            neutral=f"{totals.get('neutral', 0):,}",
            negative=f"{totals.get('negative', 0):,}",
        ),
        style="dim",
    )
    from rich.console import Group

    return _chart_panel(_("Sentiment by month"), Group(table, legend))


def _health_chart(report: PortfolioReport):
    from rich.console import Group
    from rich.text import Text

    bands = report.health_bands()
    total = sum(bands.values())
    rows = [(band_label(band), float(count), f"{count:,}") for band, count in bands.items()]
    body: list[Any] = []
    if total:
        body.append(_bars_table(rows, style=[BAND_STYLES[band] for band in bands]))
        scores = [a.health.score for a in report.accounts if a.tier == "key" and a.health is not None]
        body.append(
            Text(_("mean health {mean} of 100").format(mean=f"{sum(scores) / len(scores):.0f}"), style="dim")
        )
        lowest = Text(_("lowest: "), style="dim")
        for i, account in enumerate(lowest_health(report)):
            lowest.append(_(", ") if i else "").append(one_line(account.name)).append(
                f" {account.health.score}", style=BAND_STYLES[account.health.band]
            )
        body.append(lowest)
    else:
        body.append(Text(_("No key accounts in this report."), style="dim"))
    body.append(Text(_("green ≥ 75 · yellow 50–74 · red < 50"), style="dim"))
    return _chart_panel(_("Health of key accounts"), Group(*body))


def lowest_health(report: PortfolioReport, count: int = 5) -> list[Any]:
    """The key accounts with the lowest health, lowest first."""
    rated = [a for a in report.accounts if a.tier == "key" and a.health is not None]
    return sorted(rated, key=lambda a: (a.health.score, a.name.casefold()))[:count]


def health_cell(health: Any) -> Text:
    from rich.text import Text

    if health is None:
        return Text("–", style="dim")
    return Text(f"{health.score}", style=BAND_STYLES[health.band])


AT_RISK_COLUMNS = (
    Column("account", N_("Account"), style="bold", min_width=16),
    Column("tier", N_("Tier"), show=lambda v: _styled(v, TIER_STYLES), no_wrap=True, minor=2),
    Column("owner", N_("Owner"), minor=1),
    Column("health", N_("Health"), justify="right", show=lambda v: health_cell(v), no_wrap=True),
    Column("why", N_("Why"), ratio=1, min_width=20),
)


def renewals_and_risks(report: PortfolioReport) -> str:
    """The at-risk list's footnote: lapsed renewals and open risks at `until` (SPEC §8)."""
    risks = report.kpis.open_risks
    return _("Renewals lapsed: {lapsed} · open risks: {high} high, {medium} medium, {low} low").format(
        lapsed=f"{report.kpis.renewals_lapsed:,}",
        high=f"{risks.get('high', 0):,}",
        medium=f"{risks.get('medium', 0):,}",
        low=f"{risks.get('low', 0):,}",
    )


def _at_risk_table(report: PortfolioReport):
    from rich.console import Group
    from rich.text import Text

    title = _("At risk ({count})").format(count=f"{len(report.at_risk):,}")
    footnote = Text(renewals_and_risks(report), style="dim")
    if not report.at_risk:
        return Group(Text(title, style="table.title"), Text(_("Nothing at risk."), style="green"), footnote)
    rows = [
        {
            "account": item.account.name,
            "tier": item.account.tier,
            "owner": item.account.owner,
            "health": item.account.health,
            "why": _("; ").join(one_line(reason.message) for reason in item.reasons),
        }
        for item in report.at_risk[:TABLE_ROWS]
    ]
    return render_table(rows, AT_RISK_COLUMNS, title=title, caption=footnote)


def _csat_cell(csat: float | None) -> str:
    return f"{csat:.2f}" if csat is not None else "–"


def _accounts_columns(currency: str) -> tuple[Column, ...]:
    return (
        Column("account", N_("Account"), style="bold", min_width=16),
        Column("tier", N_("Tier"), show=lambda v: _styled(v, TIER_STYLES), no_wrap=True, minor=3),
        Column("revenue", N_("Revenue"), justify="right", show=lambda v: money(v, currency), no_wrap=True),
        Column(
            "profit", N_("Profit"), justify="right", show=lambda v: money(v, currency), no_wrap=True, minor=4
        ),
        Column("csat", "CSAT", justify="right", show=_csat_cell, no_wrap=True, minor=5),
        Column("interactions", N_("Interactions"), justify="right", no_wrap=True, minor=6),
        Column("last_contact", N_("Last contact"), show=local_day, no_wrap=True, minor=2),
        Column(
            "status", N_("Status"), show=lambda v: _styled(v, ACCOUNT_STATUS_STYLES), no_wrap=True, minor=1
        ),
        Column("health", N_("Health"), justify="right", show=lambda v: health_cell(v), no_wrap=True),
    )


def _accounts_table(report: PortfolioReport):
    from rich.console import Group
    from rich.text import Text

    title = _("Accounts by revenue ({count})").format(count=f"{len(report.accounts):,}")
    if not report.accounts:
        first = empty_list(N_("accounts"), filtered=False, first=_("add one with `kamctl accounts add NAME`"))
        return Group(Text(title, style="table.title"), Text(first))
    rows = [
        {
            "account": account.name,
            "tier": account.tier,
            "revenue": account.orders.amount,
            "profit": account.orders.profit,
            "csat": account.csat_avg,
            "interactions": f"{account.interactions:,}",
            "last_contact": account.last_contact,
            "status": account.status,
            "health": account.health,
        }
        for account in report.accounts[:TABLE_ROWS]
    ]
    return render_table(rows, _accounts_columns(report.currency), title=title)


# ---------------------------------------------------------------------------------------------
# `report account NAME`


def render_review(review: Mapping[str, Any], console: Console, *, currency: str = "JPY") -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from kamctl.render.score import QUADRANT_STYLES

    account = review["account"]
    period = review["period"]
    title = Text(one_line(account["name"]), style="bold")
    title.append(
        "  " + _("periodic review {period}").format(period=span_label(period["since"], period["until"])),
        style="",
    )

    profile = Table.grid(padding=(0, 2))
    profile.add_column(style="dim")
    profile.add_column()
    profile.add_row(_("Tier"), Text(label(account["tier"]), style=TIER_STYLES.get(account["tier"], "")))
    profile.add_row(_("Status"), label(account["status"]))
    profile.add_row(_("Owner"), Text(one_line(account["owner"] or "–")))
    if account.get("industry"):
        profile.add_row(_("Industry"), Text(one_line(account["industry"])))
    if account.get("renewal_date"):
        profile.add_row(_("Renewal"), i18n.day(account["renewal_date"]))
    score = review.get("score")
    if score:
        quadrant = Text(label(score["quadrant"]), style=QUADRANT_STYLES.get(score["quadrant"], ""))
        line = Text(_("{score} attractiveness · strength ").format(score=f"{score['score']:.1f}"))
        line.append("–" if score["strength"] is None else f"{score['strength']:.1f}").append(" · ").append(
            quadrant
        )
        line.append(f" → {pgettext('recommendation', score['recommendation'])}", style="dim")
        profile.add_row(_("Score"), line)
    health = review["health"]

    parts: list[Any] = [profile, Text(""), health_table(health), Text(""), _review_kpis(review, currency)]
    plan = review["plan"]
    if plan["goals"] or plan["objectives"]:
        lines = Text()
        for goal in plan["goals"]:
            lines.append(_("Goal: "), style="dim").append(one_line(goal) + "\n")
        for objective in plan["objectives"]:
            style = {"done": "green", "overdue": "bold red"}.get(objective["status"], "")
            lines.append(f"{'✓' if objective['status'] == 'done' else '○'} ", style=style)
            lines.append(one_line(objective["text"]))
            due = " " + _("(due {day})").format(day=i18n.day(objective["due"])) if objective["due"] else ""
            lines.append(f"{due} {objective_status(objective['status'])}\n", style=style or "dim")
        lines.rstrip()
        parts += [
            Text(""),
            Panel(lines, title=_("Goals and objectives"), title_align="left", border_style="dim"),
        ]
    feedback = review["feedback"]
    for kind, style in (("positive", "green"), ("negative", "red")):
        entries = feedback[kind]
        if entries:
            text = Text()
            for entry in entries[:5]:
                text.append(local_day(entry["when"]) + " ", style="dim").append(
                    _snippet(entry["notes"]) + "\n"
                )
            if len(entries) > 5:
                text.append(_("… and {count} more").format(count=len(entries) - 5) + "\n", style="dim")
            text.rstrip()
            heading = _(FEEDBACK_HEADINGS[kind]).format(count=len(entries))
            parts.append(Panel(text, title=heading, title_align="left", border_style=style))
    console.print(Panel(Group(*parts), title=title, title_align="left", border_style="blue"))

    from kamctl.render.account_map import map_panel
    from kamctl.render.output import render_table

    console.print(map_panel(review["map"], review["findings"]))
    timeline = review["timeline"]
    if timeline:
        console.print(
            render_table(
                timeline[:20],
                (
                    Column("when", N_("When"), show=local_day, no_wrap=True),
                    Column("channel", N_("Channel"), show=label),
                    Column("kind", N_("Kind"), show=label),
                    Column("sentiment", N_("Sentiment"), show=lambda v: _styled(v, SENTIMENT_STYLES)),
                    Column("contacts", N_("With")),
                    Column("notes", N_("Notes"), show=_snippet, ratio=1),
                ),
                title=_("Interactions in the period ({count})").format(count=len(timeline)),
            )
        )
    if review["open_reminders"]:
        console.print(
            render_table(
                review["open_reminders"],
                (
                    Column("id", N_("ID"), justify="right"),
                    Column("due", N_("Due"), no_wrap=True),
                    Column("title", N_("Title")),
                ),
                title=_("Open reminders"),
            )
        )
    risks = Text("\n".join(risk_line(risk) for risk in review["risks"]) or _("No open risks."))
    renewal = review["renewal"]
    console.print(
        Panel(
            risks,
            title=_("Risks ({count})").format(count=len(review["risks"])),
            title_align="left",
            border_style="dim",
        ),
        Panel(
            Text(renewal_text(renewal), style="bold red" if renewal["lapsed"] else ""),
            title=_("Renewal"),
            title_align="left",
            border_style="dim",
        ),
        Panel(
            Text(whitespace_text(review["whitespace"])),
            title=_("Whitespace"),
            title_align="left",
            border_style="dim",
        ),
    )
    if review["open_opportunities"]:
        console.print(
            render_table(
                review["open_opportunities"],
                (
                    Column("id", N_("ID"), justify="right"),
                    Column("title", N_("Title")),
                    Column("type", N_("Type"), show=label, no_wrap=True),
                    Column(
                        "value",
                        NP_("amount", "Value"),
                        context="amount",
                        justify="right",
                        show=lambda v: money(v, currency),
                        no_wrap=True,
                    ),
                    Column("expected_close", N_("Close"), no_wrap=True),
                ),
                title=_("Open opportunities"),
            )
        )


FEEDBACK_HEADINGS = {
    "positive": N_("Positive feedback ({count})"),
    "negative": N_("Negative feedback ({count})"),
}


def renewal_text(renewal: Mapping[str, Any]) -> str:
    """The renewal in one line: its date and what it means today, and the latest renewal recorded."""
    if renewal["date"] is None:
        text = _("no renewal date")
    elif renewal["lapsed"]:
        text = _("{day}: lapsed {days} d ago, no renewal recorded").format(
            day=i18n.day(renewal["date"]), days=-renewal["days_left"]
        )
    else:
        text = _("{day} (in {days} d)").format(day=i18n.day(renewal["date"]), days=renewal["days_left"])
    if renewal["renewals"]:
        latest = renewal["renewals"][0]
        text += _(" · last renewed {day} until {until}").format(
            day=local_day(latest["renewed_at"]), until=i18n.day(latest["until"])
        )
    return text


WHITESPACE_STATES = (
    ("owned", N_("owned")),
    ("open", N_("open opportunity")),
    ("lost", N_("lost")),
    (None, N_("room to grow")),
)
"""The states of a whitespace cell (SPEC §3), in the order the review lists them."""


def whitespace_text(cells: Mapping[str, str | None]) -> str:
    """The account's whitespace row in one line: which products it owns, has open or lost, and
    where there is room to grow (the caller escapes it for its format)."""
    if not cells:
        return _("no products recorded yet (orders and opportunities take --product)")
    parts = []
    for state, name in WHITESPACE_STATES:
        products = [one_line(product) for product, cell in cells.items() if cell == state]
        if products:
            parts.append(f"{_(name)}: {_(', ').join(products)}")
    return " · ".join(parts)


def risk_line(risk: Mapping[str, Any]) -> str:
    """One risk as plain text (the caller escapes it for its format): severity, text, owner, due,
    mitigation, and when it was closed."""
    parts = [f"{label(risk['severity'])}: {one_line(risk['text'])}"]
    if risk["owner"]:
        parts.append(_("owner {name}").format(name=one_line(risk["owner"])))
    if risk["due"]:
        parts.append(_("due {day}").format(day=i18n.day(risk["due"])))
    if risk["mitigation"]:
        parts.append(_("mitigation: {text}").format(text=one_line(risk["mitigation"])))
    if risk["status"] != "open":
        parts.append(_("closed {day}").format(day=local_day(risk["closed_at"])))
    return " · ".join(parts)


def health_table(health: Mapping[str, Any]):
    """The health breakdown: one line per component with its value, weight and points."""
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text.assemble(
            _("Health") + " ",
            (f"{health['score']} {band_label(health['band'])}", BAND_STYLES[health["band"]]),
        ),
        title_justify="left",
        header_style="bold",
        box=None,
        padding=(0, 1),
    )
    table.add_column(_("Component"))
    table.add_column(rating_header(), justify="right")
    table.add_column(_("Weight"), justify="right")
    table.add_column(_("Points"), justify="right")
    table.add_column(_("Why"), style="dim")
    for component in health["components"]:
        value = component["value"]
        table.add_row(
            _(component["component"]),
            _("not rated") if value is None else f"{value:.0f}",
            f"{component['weight']}",
            f"{component['points']:.1f}" if value is not None else "–",
            component["detail"],
        )
    return table


def _review_kpis(review: Mapping[str, Any], currency: str):
    from rich.table import Table
    from rich.text import Text

    previous = review["previous_period"]
    table = Table(
        title=_("This period against the previous one"),
        caption=_("previous: {period}").format(period=span_label(previous["since"], previous["until"])),
        caption_justify="left",
        title_justify="left",
        header_style="bold",
        box=None,
        padding=(0, 1),
    )
    table.add_column("KPI")
    table.add_column(_("Now"), justify="right")
    table.add_column(_("Before"), justify="right")
    table.add_column(_("Change"), justify="right")
    for line in review["kpis"]:
        change = KpiChange(line["kpi"], line["current"], line["previous"])
        text, direction = kpi_change(change, currency)
        table.add_row(
            kpi_label(line["kpi"]),
            kpi_value(line["kpi"], line["current"], currency),
            kpi_value(line["kpi"], line["previous"], currency),
            Text(text, style={"up": "green", "down": "red"}.get(direction, "dim")),
        )
    return table


def _snippet(notes: str | None, limit: int = 90) -> str:
    text = one_line(notes or "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# `report wins` and `report team`


def render_wins(wins: Sequence[Mapping[str, Any]], console: Console, *, period: Any) -> None:
    from rich.panel import Panel
    from rich.text import Text

    header = Text(
        _("Wins {period}: {count}").format(period=period_label(period), count=f"{len(wins):,}"), style="bold"
    )
    console.print(header)
    if not wins:
        console.print(
            Text(_('No wins logged in this period (kamctl log ACCOUNT "…" --kind win).'), style="dim")
        )
        return
    for win in wins[:50]:
        who = _(", ").join(one_line(name) for name in win["contacts"])
        title = Text(one_line(win["account"]), style="bold").append(
            f"  {local_day(win['when'])}", style="dim"
        )
        body = Text(one_line(win["notes"]))
        if who:
            body.append("\n" + _("with {names}").format(names=who), style="dim")
        console.print(Panel(body, title=title, title_align="left", border_style="green"))
    if len(wins) > 50:
        console.print(
            Text(
                _("… and {count} more: -f md, html or json carry them all.").format(
                    count=f"{len(wins) - 50:,}"
                ),
                style="dim",
            )
        )


def draw_team(rows: Sequence[Mapping[str, Any]], console: Console, *, period: Any) -> None:
    if not rows:
        console.print(_("No accounts yet."))
        return
    from kamctl.render.output import render_table

    console.print(
        render_table(rows, team_columns(), title=_("Team {period}").format(period=period_label(period)))
    )


def portfolio_json(report: PortfolioReport) -> dict[str, Any]:
    """`kamctl report -f json` (SPEC §8: period, kpis, accounts, at_risk) as JSON values."""
    from kamctl.render.output import json_data

    return json_data(report.record())


def report_json(record: Mapping[str, Any]) -> str:
    """A report as JSON: small objects indented, lists of records one record per line (10,000
    accounts stay readable and quick to write)."""
    from kamctl.render.output import to_json

    parts = []
    for key, value in record.items():
        text = to_json(value).replace("\n", "\n  ")
        parts.append(f"  {to_json(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}"
