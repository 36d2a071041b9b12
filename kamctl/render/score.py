"""How scores look: the ranking, `explain`, the weights, the portfolio matrix, sensitivity, trend.

JSON/CSV records follow SPEC §4 exactly; points are rounded so that they add up to the shown
score (`apportion`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kamctl import i18n
from kamctl.domain.accounts import STAGES
from kamctl.domain.scoring import (
    ScoredAccount,
    ScoringRules,
    Snapshot,
    apportion,
)
from kamctl.domain.settings import CRITERIA, DEFAULT_WEIGHTS
from kamctl.i18n import N_, NP_, _, ngettext, pgettext
from kamctl.render import messages
from kamctl.render.output import TABLE_LIMIT, Column, display_value, render_table
from kamctl.render.safe import one_line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from kamctl.actions.scoring import Ranking
    from kamctl.domain.sensitivity import RankSpread

QUADRANT_STYLES = {
    "strategic": "bold green",
    "star": "bold yellow",
    "status": "cyan",
    "streamline": "magenta",
    "unrated": "dim",
}

CRITERION_LABELS = {
    "revenue": N_("Revenue"),
    "profit": N_("Profit"),
    "order_size": N_("Order size"),
    "order_frequency": N_("Order frequency"),
    "growth": N_("Growth"),
    "strategic_fit": N_("Strategic fit"),
    "influence": N_("Influence"),
}
"""Criteria as a heading shows them (`Revenue`); in running text they keep their names in English
(`revenue 25`, what `--weights` takes) and have short labels in Japanese (`criterion_label`)."""


CONTEXT_WORDS = (
    NP_("criterion", "revenue"),
    NP_("criterion", "profit"),
    NP_("criterion", "order_size"),
    NP_("criterion", "order_frequency"),
    NP_("criterion", "growth"),
    NP_("criterion", "strategic_fit"),
    NP_("criterion", "influence"),
    NP_("value", "strategic"),
    NP_("value", "star"),
    NP_("value", "status"),
    NP_("value", "streamline"),
    NP_("value", "unrated"),
    NP_("source", "manual"),
    NP_("source", "orders"),
    NP_("source", "rating"),
    NP_("source", "missing"),
    NP_("stage", "exploratory"),
    NP_("stage", "basic"),
    NP_("stage", "cooperative"),
    NP_("stage", "interdependent"),
    NP_("stage", "integrated"),
    NP_("recommendation", "key"),
    NP_("recommendation", "develop"),
    NP_("recommendation", "maintain"),
    NP_("recommendation", "streamline"),
    NP_("recommendation", "assess"),
)
"""The words the label functions below translate, marked with their gettext contexts for the
catalog; a word the catalog does not know is shown as it is."""


def criterion_label(criterion: str) -> str:
    """A criterion in running text: its name (`order_size`, as `--weights` takes it) in English,
    a short word in Japanese (受注規模)."""
    return pgettext("criterion", criterion)


def quadrant_label(quadrant: str) -> str:
    """A portfolio quadrant (`strategic`) as shown: itself in English (JSON and CSV always carry
    the value); `i18n.label` shows it the same way elsewhere."""
    return pgettext("value", quadrant)


def source_label(source: str) -> str:
    """Where a criterion's value comes from (`manual`, `orders`, `rating`, `missing`), as
    `explain` shows it."""
    return pgettext("source", source)


def stage_label(stage: int) -> str:
    """The relationship stage's name (1 `exploratory` … 5 `integrated`), as `explain` shows it."""
    return pgettext("stage", STAGES.get(stage, ""))


def recommendation_label(recommendation: str) -> str:
    """A recommendation (`key`, `develop`) as shown: itself in English; in Japanese a verb-like
    word (キー化), not the tier's label."""
    return pgettext("recommendation", recommendation)


def _r(value: float | None, digits: int = 2) -> float | int | None:
    """A figure for JSON: floats rounded (sums of amounts carry float noise), ints kept."""
    if value is None or isinstance(value, int):
        return value
    return round(value, digits)


def shown_points(account: ScoredAccount) -> dict[str, float]:
    """The contributions as shown: hundredths that add up to the shown score."""
    return apportion(account.score, account.contributions)


# ---------------------------------------------------------------------------------------------
# The ranking


def ranking_record(account: ScoredAccount) -> dict[str, Any]:
    """SPEC §4 `score` JSON: one ranked account."""
    return {
        "rank": account.rank,
        "account": account.name,
        "id": account.id,
        "tier": account.tier,
        "score": round(account.score, 2),
        "strength": _r(account.strength.value),
        "quadrant": account.quadrant,
        "recommendation": account.recommendation,
        "incomplete": account.incomplete,
        "contributions": shown_points(account),
        "values": {criterion: _r(value) for criterion, value in account.values.items()},
    }


def ranking_json(ranking: Ranking) -> list[dict[str, Any]]:
    """`kamctl score -f json`: the ranked accounts asked for, as JSON values."""
    return [ranking_record(account) for account in ranking.accounts]


RANKING_CSV_FIELDS = (
    *("rank", "account", "id", "tier", "score", "strength", "quadrant", "recommendation", "incomplete"),
    *(f"{c}_points" for c in CRITERIA),
    *(f"{c}_value" for c in CRITERIA),
)
MATRIX_CSV_FIELDS = ("rank", "account", "id", "score", "strength", "quadrant")
SENSITIVITY_CSV_FIELDS = ("account", "rank", "rank_p5", "rank_p95", "top_share")
TREND_CSV_FIELDS = ("date", "score", "strength", "quadrant")


def ranking_csv_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """A ranking record flattened for CSV: `revenue_points`, `revenue_value`, …"""
    row = {key: value for key, value in record.items() if key not in ("contributions", "values")}
    for criterion in CRITERIA:
        row[f"{criterion}_points"] = record["contributions"][criterion]
    for criterion in CRITERIA:
        row[f"{criterion}_value"] = record["values"][criterion]
    return row


def score_bar(score: float, width: int = 10) -> str:
    """A bar of `width` cells for 0–100, in eighths of a cell."""
    eighths = round(max(0.0, min(100.0, score)) / 100 * width * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + ("" if part == 0 else " ▏▎▍▌▋▊▉"[part])
    return bar.ljust(width)


def _score_cell(score: float) -> Text:
    from rich.text import Text

    return Text(f"{score:6.2f} ").append(score_bar(score, 8), style="blue")


def _change_cell(change: float | None) -> str:
    return "" if change is None else f"{change:+.2f}"


def _quadrant_cell(quadrant: str) -> Text:
    from rich.text import Text

    return Text(quadrant_label(quadrant), style=QUADRANT_STYLES.get(quadrant, ""))


def _strength_cell(strength: float | None) -> str:
    return "–" if strength is None else f"{strength:.1f}"


def top_contributions(points: Mapping[str, float], count: int = 3) -> str:
    """The biggest contributions to a tenth, e.g. `revenue 25 · growth 11.2 · profit 10`
    (a summary that fits a table cell; `score explain` has every hundredth)."""
    biggest = sorted(
        ((c, p) for c, p in points.items() if p > 0), key=lambda item: (-item[1], CRITERIA.index(item[0]))
    )[:count]
    return " · ".join(
        f"{criterion_label(criterion)} {value:.1f}".removesuffix(".0") for criterion, value in biggest
    )


def _missing_cell(missing: Sequence[str]) -> str:
    """The missing criteria, the first by name: `profit +2` (explain lists them all)."""
    if len(missing) <= 1:
        return _(", ").join(criterion_label(criterion) for criterion in missing)
    return f"{criterion_label(missing[0])} +{len(missing) - 1}"


RANKING_COLUMNS = (
    Column("rank", "#", justify="right", no_wrap=True),
    # 16 cells: a Japanese company name on one line more often than not.
    Column("account", N_("Account"), style="bold", show=one_line, min_width=16),
    Column("tier", N_("Tier"), show=i18n.label, no_wrap=True, minor=4),
    Column("score", N_("Score"), show=_score_cell, no_wrap=True),
    Column("top", N_("Biggest contributions"), min_width=16, minor=5),
    Column("strength", N_("Strength"), justify="right", show=_strength_cell, no_wrap=True, minor=2),
    Column("quadrant", N_("Quadrant"), show=_quadrant_cell, no_wrap=True),
    Column("recommendation", N_("Advice"), show=recommendation_label, no_wrap=True, minor=3),
    Column("missing", N_("Missing"), style="yellow", show=_missing_cell, no_wrap=True, minor=1),
)


def render_ranking(ranking: Ranking, out: Console, *, top: int | None) -> None:
    """The ranking as a table: the first `top` accounts, or the first TABLE_LIMIT when not given."""
    limit = top or TABLE_LIMIT
    records = [ranking_record(account) for account in ranking.accounts[:limit]]
    _ranking_table(records, out, total=ranking.total, rules=ranking.rules)
    if top is None and ranking.total > limit:
        messages.info(
            _("Showing the first {limit} of {total}: --top N shows more, -f json or csv all.").format(
                limit=limit, total=ranking.total
            )
        )


def _ranking_table(
    records: Sequence[Mapping[str, Any]], out: Console, *, total: int, rules: ScoringRules
) -> None:
    from rich.text import Text

    rows = [
        {
            "rank": record["rank"],
            "account": record["account"],
            "tier": record["tier"],
            "score": record["score"],
            "top": top_contributions(record["contributions"]),
            "strength": record["strength"],
            "quadrant": record["quadrant"],
            "recommendation": record["recommendation"],
            "missing": record["incomplete"],
        }
        for record in records
    ]
    # The Missing column only when something is missing; on a narrow terminal the least
    # essential columns give way (`Column.minor`), so that names, scores and quadrants stay whole.
    dropped = {"missing"} if not any(row["missing"] for row in rows) else set()
    columns = [column for column in RANKING_COLUMNS if column.key not in dropped]
    weights = _(", ").join(
        _("{criterion} {weight}").format(
            criterion=criterion_label(c), weight=display_value(rules.weights.get(c, 0))
        )
        for c in CRITERIA
    )
    counted = ngettext("{shown} of {total} account", "{shown} of {total} accounts", total).format(
        shown=len(rows), total=total
    )
    if rules.normalization != "rank":
        counted = _("{accounts}, {method} normalisation").format(accounts=counted, method=rules.normalization)
    lines = [
        _("{accounts} · weights: {weights}").format(accounts=counted, weights=weights),
        _("Quadrant cut: attractiveness ≥ {attractiveness}, strength ≥ {strength}").format(
            attractiveness=f"{rules.key_threshold:g}", strength=f"{rules.strength_threshold:g}"
        ),
    ]
    if rules.key_capacity is not None:
        lines[-1] += _(" · key capacity {capacity}: strategic accounts past it are advised develop").format(
            capacity=rules.key_capacity
        )
    if "missing" not in dropped:
        lines[-1] += _(" · missing criteria earn 0 points (kamctl score explain NAME)")
    caption = Text("\n".join(lines), style="dim")
    out.print(render_table(rows, columns, caption=caption))


# ---------------------------------------------------------------------------------------------
# explain


def explain_record(account: ScoredAccount) -> dict[str, Any]:
    """SPEC §4 `score explain` JSON."""
    points = shown_points(account)
    return {
        "account": account.name,
        "score": round(account.score, 2),
        "strength": _r(account.strength.value),
        "quadrant": account.quadrant,
        "criteria": [
            {
                "criterion": line.criterion,
                "value": _r(line.value),
                "source": line.source,
                "x": _r(line.x, 4),
                "weight": line.weight,
                "points": points[line.criterion],
            }
            for line in account.criteria
        ],
        "strength_components": {name: _r(value) for name, value in account.strength.components().items()},
    }


def render_explain(account: ScoredAccount, rules: ScoringRules, out: Console) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    record = explain_record(account)
    total_weight = rules.total_weight
    criteria = Table(title=_("Attractiveness"), title_justify="left", header_style="bold")
    for header, justify in (
        (N_("Criterion"), "left"),
        (N_("Value"), "right"),
        (N_("Source"), "left"),
        ("x", "right"),
        (N_("Weight"), "right"),
        (N_("Points"), "right"),
    ):
        criteria.add_column(_(header) if header != "x" else header, justify=justify)
    for line in record["criteria"]:
        missing = line["source"] == "missing"
        weight = line["weight"]
        share = f" ({weight / total_weight:.0%})" if total_weight else ""
        criteria.add_row(
            _(CRITERION_LABELS[line["criterion"]]),
            "–" if missing else display_value(line["value"]),
            Text(source_label(line["source"]), style="yellow" if missing else "dim"),
            "–" if line["x"] is None else f"{line['x']:.3f}",
            f"{display_value(weight)}{share}",
            f"{line['points']:.2f}",
        )
    criteria.add_section()
    criteria.add_row(
        Text(_("Score"), style="bold"), "", "", "", "", Text(f"{record['score']:.2f}", style="bold")
    )
    criteria.caption = Text(
        _("points = 100 × weight × x / Σ weights")
        + (
            _("; x: percentile rank among scored accounts")
            if rules.normalization == "rank"
            else _("; x: {method} scale among scored accounts").format(method=rules.normalization)
        )
        + _("; ratings: x = (rating − 1) / 4"),
        style="dim",
    )
    criteria.caption_justify = "left"

    facts = account.facts
    strength = Table(title=_("Relative strength"), title_justify="left", header_style="bold")
    strength.add_column(_("Component"))
    strength.add_column(_("Input"), justify="right")
    strength.add_column("0–100", justify="right")
    inputs = {
        "stage": "–" if facts.stage is None else f"{facts.stage} {stage_label(facts.stage)}",
        "share_of_wallet": "–"
        if facts.share_of_wallet is None
        else f"{display_value(facts.share_of_wallet)} %",
        "csat": "–"
        if facts.csat is None
        else _("{csat} (mean, last 365 days)").format(csat=f"{facts.csat:.2f}"),
    }
    labels = {"stage": N_("Stage"), "share_of_wallet": N_("Share of wallet"), "csat": "CSAT"}
    for name, value in record["strength_components"].items():
        strength.add_row(_(labels[name]), inputs[name], "–" if value is None else f"{value:.1f}")
    strength.add_section()
    strength.add_row(
        Text(_("Strength"), style="bold"),
        _("mean"),
        Text(_strength_cell(record["strength"]), style="bold"),
    )

    heading = Text()
    heading.append(_("Score {score}").format(score=f"{record['score']:.2f}"), style="bold")
    heading.append(
        _(" · rank {rank} · strength {strength} · ").format(
            rank=account.rank, strength=_strength_cell(record["strength"])
        )
    )
    heading.append(quadrant_label(account.quadrant), style=QUADRANT_STYLES[account.quadrant])
    heading.append(f" → {recommendation_label(account.recommendation)}")
    if account.beyond_capacity:
        heading.append(
            "\n"
            + _(
                "Strategic, but past the key capacity of {capacity} (score.key_capacity): "
                "higher-scoring strategic accounts take the key places"
            ).format(capacity=rules.key_capacity),
            style="yellow",
        )
    if account.incomplete:
        heading.append(
            "\n"
            + _("Missing (0 points, not filled in): {criteria}").format(
                criteria=_(", ").join(criterion_label(c) for c in account.incomplete)
            ),
            style="yellow",
        )
    out.print(
        Panel(
            Group(heading, Text(""), criteria, Text(""), strength),
            title=Text(one_line(account.name), style="bold"),
            subtitle=_("id {id} · {tier}").format(id=account.id, tier=i18n.label(account.tier)),
            title_align="left",
            expand=False,
        )
    )


EXPLAIN_CSV_FIELDS = ("account", "criterion", "value", "source", "x", "weight", "points")


def explain_csv_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """`score explain -f csv`: one row per criterion."""
    return [{"account": record["account"], **line} for line in record["criteria"]]


# ---------------------------------------------------------------------------------------------
# weights


def weights_records(weights: Mapping[str, float]) -> list[dict[str, Any]]:
    total = sum(weights.values())
    return [
        {
            "criterion": criterion,
            "weight": weights[criterion],
            "share": round(weights[criterion] / total, 4) if total else None,
            "default": DEFAULT_WEIGHTS[criterion],
        }
        for criterion in CRITERIA
    ]


WEIGHT_COLUMNS = (
    Column("criterion", N_("Criterion"), style="bold", show=criterion_label),
    Column("weight", N_("Weight"), justify="right"),
    Column("share", N_("Share"), justify="right", show=lambda v: "–" if v is None else f"{v:.0%}"),
    Column("default", N_("Default"), justify="right", style="dim"),
)


# ---------------------------------------------------------------------------------------------
# The portfolio matrix


def matrix_record(scored: Sequence[ScoredAccount], rules: ScoringRules) -> dict[str, Any]:
    return {
        "thresholds": {"attractiveness": rules.key_threshold, "strength": rules.strength_threshold},
        "points": [
            {
                "rank": account.rank,
                "account": account.name,
                "id": account.id,
                "score": round(account.score, 2),
                "strength": _r(account.strength.value),
                "quadrant": account.quadrant,
            }
            for account in scored
        ],
    }


class _Axis:
    """Maps 0–100 onto cells with the threshold on its own line, so that every value lands in
    its own quadrant's half (high = `>=` threshold) however the cells round."""

    def __init__(self, cells: int, threshold: float) -> None:
        threshold = max(0.0, min(100.0, threshold))
        self.threshold = threshold
        usable = cells - 1  # one cell is the threshold line
        high = round(usable * (100 - threshold) / 100)
        self.high = max(1, min(usable - 1, high))
        self.low = usable - self.high
        self.line = self.high

    def cell(self, value: float) -> int:
        """Cell index counted from the high end (0 = 100)."""
        t = self.threshold
        if value >= t:
            span = 100 - t
            offset = 0 if span == 0 else round((100 - value) / span * (self.high - 1))
            return min(self.high - 1, max(0, offset))
        offset = 0 if t == 0 else round((t - value) / t * (self.low - 1))
        return self.line + 1 + min(self.low - 1, max(0, offset))


def render_matrix(
    scored: Sequence[ScoredAccount], rules: ScoringRules, out: Console, *, labels: int = 40
) -> None:
    """The portfolio as a 2×2 grid: attractiveness up, strength to the left (McDonald/Woodburn).

    Each placed account shows its rank; a legend below names them. With many accounts the
    first `labels` ranks get numbers and the rest are dots.
    """
    from rich.cells import cell_len
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    width = max(40, min(out.width - 8, 78))
    height = 19
    rows = _Axis(height, rules.key_threshold)
    cols = _Axis(width, rules.strength_threshold)
    canvas: list[list[tuple[str, str]]] = [[(" ", "")] * width for _ in range(height)]
    for c in range(width):
        canvas[rows.line][c] = ("─", "dim")
    for r in range(height):
        canvas[r][cols.line] = ("┼" if r == rows.line else "│", "dim")

    def put(r: int, c: int, text: str, style: str) -> None:
        for i, char in enumerate(text):
            canvas[r][c + i] = (char, style)

    def free(r: int, c: int, length: int, c_low: int, c_high: int) -> bool:
        if c < c_low or c + length - 1 > c_high:
            return False
        # A label keeps one blank cell on either side, so neighbours never read as one number.
        return all(canvas[r][i][0] == " " for i in range(max(c_low, c - 1), min(c_high, c + length) + 1))

    left = (0, cols.line - 1)
    right = (cols.line + 1, width - 1)
    top = (0, rows.line - 1)
    bottom = (rows.line + 1, height - 1)
    titles = (
        ("strategic", top[0], left[0] + 1, "left"),
        ("star", top[0], right[1] - 1, "right"),
        ("status", bottom[1], left[0] + 1, "left"),
        ("streamline", bottom[1], right[1] - 1, "right"),
    )
    for quadrant, r, c, anchor in titles:
        text = quadrant_label(quadrant).upper()
        if cell_len(text) != len(text):  # wide characters: one canvas cell each, then a blank
            text = "".join(char + "\0" for char in text)
        start = c if anchor == "left" else c - len(text) + 1
        if start >= 0 and start + len(text) <= width:
            put(r, start, text, QUADRANT_STYLES[quadrant].replace("bold ", "") + " dim")

    placed: list[ScoredAccount] = []
    for account in scored:
        if account.strength.value is None:
            continue
        r, c = rows.cell(account.score), cols.cell(account.strength.value)
        col_span = left if c <= cols.line else right
        row_span = top if r < rows.line else bottom
        style = QUADRANT_STYLES[account.quadrant]
        if len(placed) < labels:
            label = str(account.rank)
            spot = _find_spot(r, c, len(label), row_span, col_span, free)
            if spot is not None:
                put(*spot, label, style)
                placed.append(account)
                continue
        # Unlabelled accounts are dots on their exact cell; one dot can stand for several.
        if canvas[r][c][0] == " ":
            put(r, c, "•", style)

    lines = Text()
    lines.append(_("Attractiveness") + "\n", style="bold")
    border = "─" * cols.line + "{}" + "─" * (width - cols.line - 1)
    lines.append(" 100 ┌" + border.format("┬") + "┐\n", style="dim")
    for r in range(height):
        lines.append(f"{rules.key_threshold:>4g} ├" if r == rows.line else "     │", style="dim")
        # Runs of one style become one span: a 80 × 19 canvas is 1,500 cells.
        run_text, run_style = "", ""
        for char, style in canvas[r]:
            if char == "\0":  # the second cell of a wide character
                continue
            if style != run_style and run_text:
                lines.append(run_text, style=run_style)
                run_text = ""
            run_text, run_style = run_text + char, style
        lines.append(run_text, style=run_style)
        lines.append("┤\n" if r == rows.line else "│\n", style="dim")
    lines.append("   0 └" + border.format("┴") + "┘\n", style="dim")
    axis = [" "] * (width + 2)
    for text, at in (("100", 0), (f"{rules.strength_threshold:g}", cols.line + 1), ("0", width + 1)):
        start = max(0, min(len(axis) - len(text), at - len(text) // 2))
        axis[start : start + len(text)] = list(text)
    lines.append("    " + "".join(axis) + "\n", style="dim")
    caption = _("← stronger     Relative strength     weaker →")
    padding = max(0, width + 2 - cell_len(caption))
    lines.append("    " + (" " * (padding // 2) + caption).rstrip(), style="bold")
    parts: list[Any] = [lines]
    if placed:
        legend = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
        legend.add_column(justify="right")
        legend.add_column()
        legend.add_column(justify="right", style="dim")
        for account in sorted(placed, key=lambda a: a.rank):
            legend.add_row(
                Text(str(account.rank), style=QUADRANT_STYLES[account.quadrant]),
                Text(one_line(account.name)),
                f"{account.score:.1f} / {_strength_cell(account.strength.value)}",
            )
        parts += [Text(_("Legend: rank, account, attractiveness / strength"), style="dim"), legend]
    notes = []
    dots = sum(1 for a in scored if a.strength.value is not None) - len(placed)
    if dots:
        notes.append(
            ngettext(
                "{count} more account is drawn as • (one • can stand for several)",
                "{count} more accounts are drawn as • (one • can stand for several)",
                dots,
            ).format(count=dots)
        )
    unrated = [a for a in scored if a.strength.value is None]
    if unrated:
        shown = ", ".join(f"{a.rank} {one_line(a.name)}" for a in unrated[:10])
        more = _(" and {count} more").format(count=len(unrated) - 10) if len(unrated) > 10 else ""
        notes.append(
            _("Unrated (no stage, share of wallet or CSAT): {accounts}").format(accounts=shown + more)
        )
    parts += [Text(note, style="dim") for note in notes]
    # One print: the drawing, legend and notes arrive together (and `| head` ends it cleanly).
    out.print(Group(*parts))


def _find_spot(
    r: int, c: int, length: int, row_span: tuple[int, int], col_span: tuple[int, int], free
) -> tuple[int, int] | None:
    """The nearest place for a label around (r, c) inside its quadrant."""
    for distance in range(0, 4):
        for dr in sorted({0, -distance, distance}, key=abs):
            rr = r + dr
            if not row_span[0] <= rr <= row_span[1]:
                continue
            for dc in (0, 1, -1, 2, -2, 3, -3, -length, -length - 1):
                cc = c + dc
                if free(rr, cc, length, *col_span):
                    return rr, cc
    return None


# ---------------------------------------------------------------------------------------------
# sensitivity


def sensitivity_record(spread: RankSpread) -> dict[str, Any]:
    """SPEC §4 `score sensitivity` JSON: one account."""
    return {
        "account": spread.account,
        "rank": spread.rank,
        "rank_p5": spread.rank_p5,
        "rank_p95": spread.rank_p95,
        "top_share": round(spread.top_share, 4),
    }


def render_sensitivity(
    spreads: Sequence[RankSpread], out: Console, *, top: int, runs: int, spread: float, seed: int
) -> None:
    from rich.text import Text

    # The question is who belongs in the top N: accounts that never reach it are left out, and
    # when that still leaves too many rows, so are those that are in it in every run.
    contenders = [s for s in spreads if s.rank <= top or s.top_share > 0]
    always = [s for s in contenders if s.top_share == 1]
    shown = contenders
    if len(contenders) > TABLE_LIMIT:
        shown = [s for s in contenders if s.top_share < 1][:TABLE_LIMIT]
    rows = [
        {
            "rank": s.rank,
            "account": s.account,
            "range": f"{s.rank_p5}–{s.rank_p95}" if s.rank_p5 != s.rank_p95 else str(s.rank_p5),
            "top_share": s.top_share,
            "verdict": _verdict(s, top),
        }
        for s in shown
    ]
    columns = (
        Column("rank", N_("Rank"), justify="right", no_wrap=True),
        Column("account", N_("Account"), style="bold", show=one_line, min_width=10),
        Column("range", N_("Rank p5–p95"), justify="right", no_wrap=True),
        Column(
            "top_share", _("In top {top}").format(top=top), show=_share_cell, no_wrap=True, translate=False
        ),
        Column("verdict", N_("Verdict"), show=_, min_width=12),
    )
    notes = [
        _("{runs} runs, every weight × uniform [{low}, {high}], seed {seed}").format(
            runs=runs, low=f"{1 - spread:g}", high=f"{1 + spread:g}", seed=seed
        )
    ]
    hidden_always = len(always) if len(contenders) > TABLE_LIMIT else 0
    if hidden_always:
        notes.append(
            _("{count} accounts in the top {top} in every run are not listed").format(
                count=hidden_always, top=top
            )
        )
    never = len(spreads) - len(contenders)
    if never:
        notes.append(
            ngettext(
                "{count} account never reaches the top {top}",
                "{count} accounts never reach the top {top}",
                never,
            ).format(count=never, top=top)
        )
    if len(shown) < len(spreads):
        notes.append(_("-f json lists every account"))
    out.print(render_table(rows, columns, caption=Text(" · ".join(notes), style="dim")))


def _share_cell(share: float) -> Text:
    from rich.text import Text

    style = "green" if share >= 0.9 else "yellow" if share >= 0.5 else "red" if share > 0 else "dim"
    return Text(f"{share:6.1%} ").append(score_bar(share * 100, 8), style=style)


def _verdict(spread: RankSpread, top: int) -> str:
    if spread.rank <= top:
        if spread.top_share >= 0.9:
            return N_("safe in the top")
        if spread.top_share >= 0.5:
            return N_("in the top, but weight-sensitive")
        return N_("fragile: in the top only by these weights")
    if spread.top_share >= 0.5:
        return N_("contender: enters the top often")
    return N_("outside, occasionally in")


# ---------------------------------------------------------------------------------------------
# trend

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float]) -> str:
    """One character per value, scaled between the lowest and highest value shown."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[3] * len(values)
    return "".join(SPARKS[round((v - low) / (high - low) * (len(SPARKS) - 1))] for v in values)


def trend_records(snapshots: Sequence[Snapshot]) -> list[dict[str, Any]]:
    return [
        {"date": s.taken_on, "score": s.score, "strength": s.strength, "quadrant": s.quadrant}
        for s in snapshots
    ]


def render_trend(name: str, snapshots: Sequence[Snapshot], out: Console) -> None:
    from rich.text import Text

    scores = [s.score for s in snapshots]
    line = Text()
    line.append(one_line(name), style="bold")
    line.append("  ")
    line.append(sparkline(scores), style="blue")
    first, last = snapshots[0], snapshots[-1]
    change = last.score - first.score
    line.append(
        f"  {first.score:.2f} → {last.score:.2f} ({change:+.2f})"
        + _(" · low {low} · high {high}").format(low=f"{min(scores):.2f}", high=f"{max(scores):.2f}"),
        style="dim",
    )
    out.print(line)
    rows = []
    previous: float | None = None
    for s in snapshots:
        rows.append(
            {
                "date": s.taken_on,
                "score": s.score,
                "change": None if previous is None else s.score - previous,
                "strength": s.strength,
                "quadrant": s.quadrant,
            }
        )
        previous = s.score
    columns = (
        Column("date", N_("Date"), no_wrap=True),
        Column("score", N_("Score"), show=_score_cell, no_wrap=True),
        Column("change", N_("Change"), justify="right", show=_change_cell, no_wrap=True),
        Column("strength", N_("Strength"), justify="right", show=_strength_cell, no_wrap=True, minor=1),
        Column("quadrant", N_("Quadrant"), show=_quadrant_cell, no_wrap=True),
    )
    out.print(render_table(rows, columns))
