"""`kamctl report`: the portfolio's KPIs, the periodic review of one account, wins, the team (SPEC §8)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kamctl.cli.context import current
from kamctl.cli.options import ExcelOption, RawOption
from kamctl.completion import account_names
from kamctl.i18n import N_, _
from kamctl.render.output import Format

# No help= here: the callback's docstring is the group's help (as `kamctl score`).
app = typer.Typer(invoke_without_command=True)

ReportFormat = Format.choice("table", "json", "csv", "md", "html")

Since = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", help="First day of the period (default: until − 364 days)."),
]
Until = Annotated[
    str | None, typer.Option("--until", metavar="DATE", help="Last day of the period (default: today).")
]
Owner = Annotated[str | None, typer.Option("--owner", metavar="NAME", help="Only accounts owned by NAME.")]
Mine = Annotated[bool, typer.Option("--mine", help="Only your accounts.")]
FormatOption = Annotated[
    ReportFormat,
    typer.Option("--format", "-f", help="table for people; json or csv for scripts; md or html to share."),
]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write the report to FILE instead of stdout."),
]


@app.callback()
def dashboard(
    ctx: typer.Context,
    since: Since = None,
    until: Until = None,
    owner: Owner = None,
    mine: Mine = False,
    fmt: FormatOption = ReportFormat.table,
    output: Output = None,
    raw: RawOption = False,
    excel: ExcelOption = False,
) -> None:
    """KPIs and reviews: the portfolio dashboard, one account's review, wins, the team.

    Without a sub-command: the portfolio's KPIs for the period (default: the 365 days ending
    today) with their change against the previous period of equal length, revenue by month,
    interactions by channel, sentiment by month, health of key accounts, and the accounts at
    risk with the reasons.
    """
    if ctx.invoked_subcommand is not None:
        return
    from kamctl.actions.report import portfolio_report
    from kamctl.render.output import View, present
    from kamctl.render.report import ACCOUNT_CSV_FIELDS, render_dashboard
    from kamctl.render.report_texts import portfolio_texts

    portfolio = current().portfolio()
    # The quadrant is in the JSON and CSV contract (SPEC §8); the dashboard, Markdown and HTML
    # show status and health instead, and spare the scoring of every account.
    for_scripts = fmt in (Format.json, Format.csv)
    report = portfolio_report(
        portfolio,
        since=since,
        until=until,
        owner=owner,
        mine=mine,
        quadrants=for_scripts,
        previous=not for_scripts,
    )
    view = View(
        rows=[account.record() for account in report.accounts] if fmt == Format.csv else (),
        fields=ACCOUNT_CSV_FIELDS,
        draw=lambda console: render_dashboard(report, console),
        texts=portfolio_texts(report, generated=portfolio.now),
        what=N_("the accounts of the report") if fmt == Format.csv else N_("the report"),
    )
    present(view, fmt, output=output, raw=raw, excel=excel)


@app.command("account")
def account(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Account name or id.", autocompletion=account_names)
    ],
    since: Since = None,
    until: Until = None,
    fmt: FormatOption = ReportFormat.table,
    output: Output = None,
    raw: RawOption = False,
    qbr: Annotated[
        bool,
        typer.Option(
            "--qbr",
            help="The quarterly business review pack to walk through with the customer (md or html; "
            "default period: the 3 months up to today). Nothing internal goes in.",
        ),
    ] = False,
) -> None:
    """The periodic review of one account: profile, score, health, goals and objectives, KPIs of the
    period against the previous one, interactions, feedback, account map, open reminders and
    opportunities, risks and the renewal.

    With --qbr: the pack for the customer's eyes instead, the mutual success plan, results against
    targets, wins, what we heard, open issues and the next quarter's plan.
    """
    from kamctl.actions.report import account_review
    from kamctl.render.output import View, present
    from kamctl.render.report import render_review
    from kamctl.render.report_texts import review_texts

    portfolio = current().portfolio()
    if qbr:
        _qbr(name, since, until, fmt, output)
        return
    review = account_review(portfolio, name, since=since, until=until)
    record, currency = review.record, review.currency
    view = View(
        rows=[{key: line[key] for key in ("kpi", "current", "previous")} for line in record["kpis"]],
        draw=lambda console: render_review(record, console, currency=currency),
        texts=review_texts(record, currency=currency, generated=portfolio.now),
        what=N_("the review's KPIs") if fmt == Format.csv else N_("the review"),
    )
    present(view, fmt, output=output, raw=raw)


def _qbr(name: str, since: str | None, until: str | None, fmt: str, output: Path | None) -> None:
    """`report account NAME --qbr`: the terminal shows the Markdown pack drawn; CSV has no pack."""
    from kamctl.actions.report import qbr_pack
    from kamctl.errors import InvalidValue
    from kamctl.render.output import View, present
    from kamctl.render.report_texts import qbr_texts

    if fmt == Format.csv:
        raise InvalidValue(
            _("--qbr makes a pack to share: use -f md or -f html (or -f json for scripts), not csv")
        )
    portfolio = current().portfolio()
    pack = qbr_pack(portfolio, name, since=since, until=until)
    texts = qbr_texts(pack, generated=portfolio.now)

    def draw(console) -> None:
        from rich.markdown import Markdown

        console.print(Markdown(texts["md"](), hyperlinks=False))

    present(View(draw=draw, texts=texts, what=N_("the QBR pack")), fmt, output=output)


@app.command("wins")
def wins(
    since: Since = None,
    until: Until = None,
    owner: Owner = None,
    mine: Mine = False,
    fmt: FormatOption = ReportFormat.table,
    output: Output = None,
    raw: RawOption = False,
) -> None:
    """Success stories to share: log entries of kind win in the period, newest first."""
    from kamctl.actions.report import find_wins
    from kamctl.render.output import View, present
    from kamctl.render.report import WIN_FIELDS, render_wins
    from kamctl.render.report_texts import wins_texts

    portfolio = current().portfolio()
    found = find_wins(portfolio, since=since, until=until, owner=owner, mine=mine)
    view = View(
        rows=found.entries,
        fields=WIN_FIELDS,
        draw=lambda console: render_wins(found.entries, console, period=found.period),
        texts=wins_texts(found.entries, period=found.period, owner=found.owner, generated=portfolio.now),
        what=N_("the wins"),
    )
    present(view, fmt, output=output, raw=raw)


@app.command("team")
def team(
    since: Since = None,
    until: Until = None,
    fmt: FormatOption = ReportFormat.table,
    output: Output = None,
    raw: RawOption = False,
    excel: ExcelOption = False,
) -> None:
    """Per account manager: accounts, key accounts, interactions in the period, reminders overdue today."""
    from kamctl.actions.report import team_report
    from kamctl.render.output import View, present
    from kamctl.render.report import TEAM_FIELDS, draw_team
    from kamctl.render.report_texts import team_texts

    portfolio = current().portfolio()
    found = team_report(portfolio, since=since, until=until)
    view = View(
        rows=found.rows,
        fields=TEAM_FIELDS,
        draw=lambda console: draw_team(found.rows, console, period=found.period),
        texts=team_texts(found.rows, period=found.period, generated=portfolio.now),
        what=N_("the team report"),
    )
    present(view, fmt, output=output, raw=raw, excel=excel)
