"""`kamctl report`: the portfolio's KPIs, the periodic review of one account, wins, the team (SPEC §8)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kamctl.cli.context import current
from kamctl.cli.options import RawOption

if TYPE_CHECKING:
    from sqlmodel import Session

    from kamctl.domain.kpis import Period, PortfolioFacts

# No help= here: the callback's docstring is the group's help (as `kamctl score`).
app = typer.Typer(invoke_without_command=True)


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    html = "html"


Since = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", help="First day of the period (default: until − 364 days)."),
]
Until = Annotated[
    str | None, typer.Option("--until", metavar="DATE", help="Last day of the period (default: today).")
]
Owner = Annotated[str | None, typer.Option("--owner", metavar="NAME", help="Only accounts owned by NAME.")]
Mine = Annotated[bool, typer.Option("--mine", help="Only your accounts.")]
Format = Annotated[
    ReportFormat,
    typer.Option("--format", "-f", help="table for people; json or csv for scripts; md or html to share."),
]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write the report to FILE instead of stdout."),
]


def _period(since: str | None, until: str | None) -> Period:
    from kamctl import clock
    from kamctl.domain.dates import parse_date
    from kamctl.domain.kpis import report_period

    today = clock.today()
    return report_period(
        since=parse_date(since, today=today) if since is not None else None,
        until=parse_date(until, today=today) if until is not None else None,
        today=today,
    )


def _cadences(settings: dict[str, Any]) -> dict[str, int | None]:
    from kamctl.domain.accounts import TIERS

    return {tier: settings.get(f"cadence.{tier}") for tier in TIERS}


def _scored(*, session: Session, facts: PortfolioFacts | None = None) -> dict[int, Any]:
    """Account id → its current `ScoredAccount` (SPEC §4, shared weights); empty when every
    weight is 0. With `facts` of the default period over every account, the score is computed
    from them instead of reading the orders and the log again (`kpis.scoring_facts`)."""
    from kamctl.actions.scoring import Scoring
    from kamctl.errors import InvalidValue

    try:
        if facts is None:
            scored, _ = Scoring(current().portfolio()).run(session=session)
        else:
            from kamctl.domain.kpis import scoring_facts
            from kamctl.domain.scoring import score_accounts
            from kamctl.store.queries.report import load_scored_set

            rules = Scoring(current().portfolio()).rules(session=session)
            scored = score_accounts(scoring_facts(load_scored_set(session=session), facts), rules)
    except InvalidValue:
        return {}
    return {account.id: account for account in scored}


@contextmanager
def _without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a report is read and built.

    A report builds some 10^5 objects over a large live heap; the collector would scan that heap
    again and again (a quarter of `report`'s time on the reference data) to find cycles that
    this short-lived process does not make. Reference counting still frees everything.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _deliver(text: str, output: Path | None, what: str) -> None:
    from kamctl.io.files import named_file, output_file

    with output_file(output, private=True) as stream:
        stream.write(text)
    if named_file(output) is not None:
        from kamctl.render import messages

        messages.info(f"Wrote {what} to {output}")


def _terminal_text(draw, output: Path | None) -> str | None:
    """Draw a Rich view on the terminal, or into plain text (no colour) for `-o FILE`."""
    from kamctl.io.files import named_file

    if named_file(output) is None:
        from kamctl.render import console

        draw(console.out())
        return None
    import io

    from rich.console import Console

    buffer = io.StringIO()
    draw(Console(file=buffer, no_color=True, highlight=False, emoji=False, width=120, soft_wrap=False))
    return buffer.getvalue()


def _csv_text(rows: list[dict[str, Any]], fields: tuple[str, ...], raw: bool) -> str:
    import io

    from kamctl.render.output import write_csv

    buffer = io.StringIO()
    write_csv(rows, list(fields), raw=raw, stream=buffer)
    return buffer.getvalue()


@app.callback()
def portfolio(
    ctx: typer.Context,
    since: Since = None,
    until: Until = None,
    owner: Owner = None,
    mine: Mine = False,
    fmt: Format = ReportFormat.table,
    output: Output = None,
    raw: RawOption = False,
) -> None:
    """KPIs and reviews: the portfolio dashboard, one account's review, wins, the team.

    Without a sub-command: the portfolio's KPIs for the period (default: the 365 days ending
    today) with their change against the previous period of equal length, revenue by month,
    interactions by channel, sentiment by month, health of key accounts, and the accounts at
    risk with the reasons.
    """
    if ctx.invoked_subcommand is not None:
        return
    from kamctl import clock
    from kamctl.domain.kpis import build_report, reuses_scoring_window
    from kamctl.store.queries.report import Scope, load_portfolio
    from kamctl.store.queries.settings import load_settings

    period = _period(since, until)
    who = current().user if mine else owner
    # The whole command, drawing included: the report's objects stay alive until the end.
    with _without_gc():
        with current().store().transaction(write=False) as session:
            settings = load_settings(session=session)
            now = clock.now()
            facts = load_portfolio(
                period, session=session, now=now, cadence_by_tier=_cadences(settings), scope=Scope(owner=who)
            )
            # The quadrant is in the JSON and CSV contract (SPEC §8); the dashboard, Markdown and
            # HTML show status and health instead, and spare the scoring of every account.
            scored = {}
            if fmt in (ReportFormat.json, ReportFormat.csv):
                reuse = reuses_scoring_window(period, now.date(), who)
                scored = _scored(session=session, facts=facts if reuse else None)
        report = build_report(
            facts,
            quadrants={account_id: account.quadrant for account_id, account in scored.items()},
            owner=who,
            currency=settings["currency"],
            with_previous=fmt not in (ReportFormat.json, ReportFormat.csv),
        )
        _show_portfolio(report, fmt, output, raw=raw, generated=now)


def _show_portfolio(
    report: Any, fmt: ReportFormat, output: Path | None, *, raw: bool, generated: Any
) -> None:
    if fmt is ReportFormat.json:
        from kamctl.render.report import report_json

        _deliver(report_json(report.record()) + "\n", output, "the report")
    elif fmt is ReportFormat.csv:
        from kamctl.render.report import ACCOUNT_CSV_FIELDS

        rows = [account.record() for account in report.accounts]
        _deliver(_csv_text(rows, ACCOUNT_CSV_FIELDS, raw), output, "the accounts of the report")
    elif fmt is ReportFormat.md:
        from kamctl.render.report_md import portfolio_markdown

        _deliver(portfolio_markdown(report), output, "the report")
    elif fmt is ReportFormat.html:
        from kamctl.render.report_html import portfolio_html

        _deliver(portfolio_html(report, generated=generated), output, "the report")
    else:
        from kamctl.render.report import render_dashboard

        text = _terminal_text(lambda console: render_dashboard(report, console), output)
        if text is not None:
            _deliver(text, output, "the report")


@app.command("account")
def account(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Account name or id.")],
    since: Since = None,
    until: Until = None,
    fmt: Format = ReportFormat.table,
    output: Output = None,
    raw: RawOption = False,
) -> None:
    """The periodic review of one account: profile, score, health, goals and objectives, KPIs of the
    period against the previous one, interactions, feedback, account map, open reminders and
    opportunities."""
    from kamctl import clock
    from kamctl.domain.kpis import review_record
    from kamctl.store.queries.dossier import load_dossier
    from kamctl.store.queries.report import Scope, load_portfolio, load_timeline
    from kamctl.store.queries.settings import load_settings

    period = _period(since, until)
    now = clock.now()
    with current().store().transaction(write=False) as session:
        settings = load_settings(session=session)
        dossier = load_dossier(name, session=session, now=now)
        account_id = dossier["account"]["id"]
        facts = load_portfolio(
            period,
            session=session,
            now=now,
            cadence_by_tier=_cadences(settings),
            scope=Scope(account_ids=(account_id,)),
        )
        timeline = load_timeline(account_id, period, now.tzinfo, session=session)
        scored = _scored(session=session).get(account_id)
    review = review_record(dossier, facts, timeline=timeline, scored=scored, today=now.date())
    currency = settings["currency"]
    if fmt is ReportFormat.json:
        from kamctl.render.report import report_json

        _deliver(report_json(review) + "\n", output, "the review")
    elif fmt is ReportFormat.csv:
        rows = [
            {"kpi": line["kpi"], "current": line["current"], "previous": line["previous"]}
            for line in review["kpis"]
        ]
        _deliver(_csv_text(rows, ("kpi", "current", "previous"), raw), output, "the review's KPIs")
    elif fmt is ReportFormat.md:
        from kamctl.render.report_md import review_markdown

        _deliver(review_markdown(review, currency=currency), output, "the review")
    elif fmt is ReportFormat.html:
        from kamctl.render.report_html import review_html

        _deliver(review_html(review, currency=currency, generated=now), output, "the review")
    else:
        from kamctl.render.report import render_review

        text = _terminal_text(lambda console: render_review(review, console, currency=currency), output)
        if text is not None:
            _deliver(text, output, "the review")


@app.command("wins")
def wins(
    since: Since = None,
    until: Until = None,
    owner: Owner = None,
    mine: Mine = False,
    fmt: Format = ReportFormat.table,
    output: Output = None,
    raw: RawOption = False,
) -> None:
    """Success stories to share: log entries of kind win in the period, newest first."""
    from kamctl import clock
    from kamctl.render.output import to_json
    from kamctl.render.report import WIN_FIELDS
    from kamctl.store.queries.report import Scope, load_wins

    period = _period(since, until)
    who = current().user if mine else owner
    with current().store().transaction(write=False) as session:
        found = load_wins(period, clock.now().tzinfo, session=session, scope=Scope(owner=who))
    if fmt is ReportFormat.json:
        _deliver(to_json(found) + "\n", output, "the wins")
    elif fmt is ReportFormat.csv:
        _deliver(_csv_text(found, WIN_FIELDS, raw), output, "the wins")
    elif fmt is ReportFormat.md:
        from kamctl.render.report_md import wins_markdown

        _deliver(wins_markdown(found, period=period, owner=who), output, "the wins")
    elif fmt is ReportFormat.html:
        from kamctl.render.report_html import wins_html

        _deliver(wins_html(found, period=period, owner=who, generated=clock.now()), output, "the wins")
    else:
        from kamctl.render.report import render_wins

        text = _terminal_text(lambda console: render_wins(found, console, period=period), output)
        if text is not None:
            _deliver(text, output, "the wins")


@app.command("team")
def team(
    since: Since = None,
    until: Until = None,
    fmt: Format = ReportFormat.table,
    output: Output = None,
    raw: RawOption = False,
) -> None:
    """Per account manager: accounts, key accounts, interactions in the period, reminders overdue today."""
    from kamctl import clock
    from kamctl.actions.reminders import due_items
    from kamctl.domain.kpis import team_rows
    from kamctl.render.output import to_json
    from kamctl.render.report import TEAM_FIELDS
    from kamctl.store.queries.report import load_team

    period = _period(since, until)
    today = clock.today()
    now = clock.now()
    with current().store().transaction(write=False) as session:
        accounts, interactions = load_team(period, now.tzinfo, session=session)
    overdue, _ = due_items(current().portfolio(), on=today, days=0)
    rows = team_rows(
        accounts,
        interactions,
        overdue_owners=[item.owner for item in overdue if item.due < today],
        period=period,
        tz=now.tzinfo,
    )
    if fmt is ReportFormat.json:
        _deliver(to_json(rows) + "\n", output, "the team report")
    elif fmt is ReportFormat.csv:
        _deliver(_csv_text(rows, TEAM_FIELDS, raw), output, "the team report")
    elif fmt is ReportFormat.md:
        from kamctl.render.report_md import team_markdown

        _deliver(team_markdown(rows, period=period), output, "the team report")
    elif fmt is ReportFormat.html:
        from kamctl.render.report_html import team_html

        _deliver(team_html(rows, period=period, generated=clock.now()), output, "the team report")
    else:
        from kamctl.render.output import render_table
        from kamctl.render.report import period_label, team_columns

        def draw(console) -> None:
            if not rows:
                console.print("No accounts yet.")
                return
            console.print(render_table(rows, team_columns(), title=f"Team {period_label(period)}"))

        text = _terminal_text(draw, output)
        if text is not None:
            _deliver(text, output, "the team report")
