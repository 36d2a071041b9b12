"""The shared forms of each report: JSON laid out for reading, Markdown and HTML (SPEC §8)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from kamctl.domain.portfolio_report import PortfolioReport
from kamctl.render.output import TextBuilder
from kamctl.render.report import portfolio_json, report_json


def portfolio_texts(report: PortfolioReport, *, generated: datetime) -> dict[str, TextBuilder]:
    def markdown() -> str:
        from kamctl.render.report_md import portfolio_markdown

        return portfolio_markdown(report)

    def html() -> str:
        from kamctl.render.report_html import portfolio_html

        return portfolio_html(report, generated=generated)

    return {"json": lambda: report_json(portfolio_json(report)) + "\n", "md": markdown, "html": html}


def review_texts(review: Mapping[str, Any], *, currency: str, generated: datetime) -> dict[str, TextBuilder]:
    def markdown() -> str:
        from kamctl.render.report_md import review_markdown

        return review_markdown(review, currency=currency)

    def html() -> str:
        from kamctl.render.report_html import review_html

        return review_html(review, currency=currency, generated=generated)

    return {"json": lambda: report_json(review) + "\n", "md": markdown, "html": html}


def wins_texts(
    wins: Sequence[Mapping[str, Any]], *, period: Any, owner: str | None, generated: datetime
) -> dict[str, TextBuilder]:
    def markdown() -> str:
        from kamctl.render.report_md import wins_markdown

        return wins_markdown(wins, period=period, owner=owner)

    def html() -> str:
        from kamctl.render.report_html import wins_html

        return wins_html(wins, period=period, owner=owner, generated=generated)

    return {"md": markdown, "html": html}


def team_texts(
    rows: Sequence[Mapping[str, Any]], *, period: Any, generated: datetime
) -> dict[str, TextBuilder]:
    def markdown() -> str:
        from kamctl.render.report_md import team_markdown

        return team_markdown(rows, period=period)

    def html() -> str:
        from kamctl.render.report_html import team_html

        return team_html(rows, period=period, generated=generated)

    return {"md": markdown, "html": html}


def qbr_texts(pack: Mapping[str, Any], *, generated: datetime) -> dict[str, TextBuilder]:
    def markdown() -> str:
        from kamctl.render.qbr_md import qbr_markdown

        return qbr_markdown(pack)

    def html() -> str:
        from kamctl.render.qbr_html import qbr_html

        return qbr_html(pack, generated=generated)

    return {"json": lambda: report_json(pack) + "\n", "md": markdown, "html": html}
