"""How the whitespace map looks: a grid of accounts × products with a mark per cell, the empty
cells of key accounts highlighted as where to grow; CSV with one column per product."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kamctl import i18n
from kamctl.domain.accounts import TIERS
from kamctl.domain.whitespace import WhitespaceMap
from kamctl.i18n import N_, _
from kamctl.render.output import TABLE_LIMIT, Column, CsvWriter, csv_cell, render_table
from kamctl.render.report import TIER_STYLES
from kamctl.render.safe import printable

if TYPE_CHECKING:
    from rich.console import Console

MARKS = {
    "owned": ("●", "bold green"),
    "open": ("○", "cyan"),
    "lost": ("✗", "red"),
    "grow": ("+", "bold yellow reverse"),
    None: ("·", "dim"),
}
"""A mark per cell that reads without colour too; `grow` is an empty cell of a key account."""
LEGEND = N_("● owned  ○ open  ✗ lost  · empty  + where to grow (a key account's empty cell)")


def _mark(state: str | None):
    from rich.text import Text

    mark, style = MARKS[state]
    return Text(mark, style=style)


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _tier(value: str):
    from rich.text import Text

    return Text(i18n.label(value), style=TIER_STYLES.get(value, ""))


def product_keys(products: list[str] | tuple[str, ...], *, names_width: int, width: int) -> list[str] | None:
    """Short column keys (A, B, …) when the products' names as headers would not fit `width`
    beside the account names; None when they fit. Every product keeps its column that way, and
    a key line under the grid names them."""
    from rich.cells import cell_len

    # Each column costs its text plus padding and a border: 3 cells; the table one more.
    tier_width = max(cell_len(i18n.label(tier)) for tier in TIERS)
    fixed = 1 + (names_width + 3) + (tier_width + 3) + (cell_len(_("Score")) + 3)
    if fixed + sum(cell_len(printable(name)) + 3 for name in products) <= width:
        return None
    if len(products) <= 26:
        return [chr(ord("A") + i) for i in range(len(products))]
    return [str(i + 1) for i in range(len(products))]


def packed(entries: list[str], *, width: int, separator: str) -> list[str]:
    """Entries joined into lines of at most `width` cells, broken between entries, never inside one."""
    from rich.cells import cell_len

    lines: list[str] = []
    for entry in entries:
        if lines and cell_len(lines[-1] + separator + entry) <= width:
            lines[-1] += separator + entry
        else:
            lines.append(entry)
    return lines


def draw_whitespace(whitespace: WhitespaceMap, console: Console, *, top: int | None = None) -> None:
    """The grid of the first `top` accounts (or TABLE_LIMIT); when the products' names do not fit
    as headers they get letters and a key line, and products beyond even that width give way from
    the right (the footnote names them)."""
    from rich.cells import cell_len
    from rich.markup import escape
    from rich.text import Text

    from kamctl.render import messages

    limit = top or TABLE_LIMIT
    shown = whitespace.rows[:limit]
    products = len(whitespace.products)
    names_width = min(28, max([cell_len(_("Account")), *(cell_len(printable(row.account)) for row in shown)]))
    keys = product_keys(whitespace.products, names_width=names_width, width=console.width)
    headers = keys or [escape(printable(name)) for name in whitespace.products]
    columns = [
        Column("account", N_("Account"), style="bold", min_width=12),
        Column("tier", N_("Tier"), show=_tier, no_wrap=True, minor=products + 1),
        Column("score", N_("Score"), show=_score, justify="right", no_wrap=True),
        # Products named as typed (escaped: a header is read as markup); the last ones give way
        # first at narrow widths.
        *(
            Column(
                f"product:{i}",
                header,
                justify="center",
                show=_mark,
                no_wrap=True,
                minor=i + 1,
                translate=False,
            )
            for i, header in enumerate(headers)
        ),
    ]
    rows: list[dict[str, Any]] = []
    for row in shown:
        record: dict[str, Any] = {"account": row.account, "tier": row.tier, "score": row.score}
        for i, name in enumerate(whitespace.products):
            state = row.cells.get(name)
            record[f"product:{i}"] = "grow" if state is None and row.is_key else state
        rows.append(record)
    console.print(render_table(rows, columns))
    if keys:
        named = [f"{key} {printable(name)}" for key, name in zip(keys, whitespace.products, strict=True)]
        for line in packed(named, width=console.width, separator=" · "):
            console.print(Text(line, style="dim"), overflow="fold")
    console.print(Text(_(LEGEND), style="dim"))
    if top is None and len(whitespace.rows) > limit:
        messages.info(
            _("Showing the first {limit} of {total}: --top N shows more, -f json or csv all.").format(
                limit=limit, total=len(whitespace.rows)
            )
        )


def whitespace_csv(whitespace: WhitespaceMap, *, raw: bool = False) -> str:
    """account, tier, score, then one column per product holding its state (empty when empty)."""
    import io

    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    # Product names are user text, guarded in the header as in any cell.
    writer.writerow([csv_cell(name, raw=raw) for name in ("account", "tier", "score", *whitespace.products)])
    for row in whitespace.rows:
        record = row.record()
        writer.writerow(
            [csv_cell(value, raw=raw) for value in (record["account"], record["tier"], record["score"])]
            + [csv_cell(row.cells.get(name), raw=raw) for name in whitespace.products]
        )
    return buffer.getvalue()
