"""Charts: bars made of block characters for the terminal, and inline SVG for the HTML report.

Both kinds take plain numbers and labels. SVG charts are self-contained (no fonts, scripts or
links to fetch) and every label passes through `html.escape`, so a chart is safe to inline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

EIGHTHS = " ▏▎▍▌▋▊▉█"


def cells(text: str) -> int:
    """How many character cells `text` takes: Japanese (wide) characters count two."""
    if text.isascii():
        return len(text)
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(char) in "WF" else 1 for char in text)


"""A cell of a bar in eighths: bars grow smoothly instead of in whole characters."""


# ---------------------------------------------------------------------------------------------
# Terminal


def bar_text(value: float, maximum: float, width: int) -> str:
    """A horizontal bar `width` cells long at `maximum` (eighth-cell precision); '' for 0."""
    if maximum <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(8 * width * min(value, maximum) / maximum))
    full, part = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def split_cells(counts: Sequence[int], width: int) -> list[int]:
    """`width` cells shared out in proportion to `counts` (largest remainders), 0s stay 0."""
    total = sum(counts)
    if total <= 0 or width <= 0:
        return [0] * len(counts)
    exact = [width * count / total for count in counts]
    cells = [int(x) for x in exact]
    order = sorted(range(len(counts)), key=lambda i: exact[i] - cells[i], reverse=True)
    for i in order[: width - sum(cells)]:
        if counts[i]:
            cells[i] += 1
    return cells


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None]) -> str:
    """One character per value, low to high; a gap for unknown values."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = high - low
    return "".join(
        " "
        if v is None
        else SPARKS[round((v - low) / span * (len(SPARKS) - 1)) if span else len(SPARKS) // 2]
        for v in values
    )


# ---------------------------------------------------------------------------------------------
# SVG

FONT = (
    "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Hiragino Sans', sans-serif\""
)
TEXT_COLOR = "#334155"
MUTED = "#64748b"
GRID = "#e2e8f0"


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        # No xmlns: inline SVG in HTML does not need one, and the page then names no URL at all.
        f'<svg viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" {FONT} font-size="12">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def column_chart_svg(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    value_label: Callable[[float], str],
    color: str = "#2563eb",
    width: int = 640,
    height: int = 240,
    ticks: Sequence[str] | None = None,
) -> str:
    """Vertical columns, one per label (months), each with its value above it; `ticks` are the
    shorter labels written under the columns (default: the labels)."""
    ticks = labels if ticks is None else ticks
    left, right, top, bottom = 8, 8, 22, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((v for v in values if v > 0), default=0.0)
    n = max(1, len(values))
    slot = plot_w / n
    bar_w = max(4.0, slot * 0.68)
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{GRID}"/>'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + i * slot + (slot - bar_w) / 2
        h = plot_h * value / peak if peak and value > 0 else 0.0
        y = top + plot_h - h
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" rx="2" fill="{color}">'
            f"<title>{escape(label)}: {escape(value_label(value))}</title></rect>"
        )
        if value > 0:
            body.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 5:.1f}" text-anchor="middle" font-size="10" '
                f'fill="{TEXT_COLOR}">{escape(value_label(value))}</text>'
            )
        body.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="10" '
            f'fill="{MUTED}">{escape(ticks[i])}</text>'
        )
    return _svg(width, height, title, body)


def bar_chart_svg(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    value_label: Callable[[float], str],
    color: str = "#0d9488",
    width: int = 640,
    row: int = 26,
) -> str:
    """Horizontal bars, one row per label (channels), the value after each bar."""
    label_w, value_w, pad = 96, 84, 6
    height = max(row, row * len(labels)) + 2 * pad
    plot_w = width - label_w - value_w
    peak = max((v for v in values if v > 0), default=0.0)
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = pad + i * row
        w = plot_w * value / peak if peak and value > 0 else 0.0
        body.append(
            f'<text x="{label_w - 8}" y="{y + row / 2 + 4:.1f}" text-anchor="end" fill="{TEXT_COLOR}">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{plot_w:.1f}" height="{row - 8}" rx="3" fill="#f1f5f9"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" rx="3" fill="{color}"/>'
            f'<text x="{label_w + plot_w + 8:.1f}" y="{y + row / 2 + 4:.1f}" fill="{TEXT_COLOR}">'
            f"{escape(value_label(value))}</text>"
        )
    return _svg(width, height, title, body)


def stacked_columns_svg(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int], str]],
    *,
    title: str,
    width: int = 640,
    height: int = 240,
    ticks: Sequence[str] | None = None,
) -> str:
    """100 % stacked columns (sentiment per month): each column splits into the series' shares,
    with a legend; a month without data is an empty outline. `ticks` as in `column_chart_svg`."""
    ticks = labels if ticks is None else ticks
    left, right, top, bottom = 8, 8, 28, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(1, len(labels))
    slot = plot_w / n
    bar_w = max(4.0, slot * 0.68)
    body = []
    x_legend = left
    for name, _, color in series:
        body.append(
            f'<rect x="{x_legend}" y="6" width="10" height="10" rx="2" fill="{color}"/>'
            f'<text x="{x_legend + 14}" y="15" fill="{TEXT_COLOR}" font-size="11">{escape(name)}</text>'
        )
        x_legend += 24 + 7 * cells(name)
    for i, label in enumerate(labels):
        x = left + i * slot + (slot - bar_w) / 2
        total = sum(values[i] for _, values, _ in series)
        if total <= 0:
            body.append(
                f'<rect x="{x:.1f}" y="{top}" width="{bar_w:.1f}" height="{plot_h}" fill="none" '
                f'stroke="{GRID}"/>'
            )
        y = float(top + plot_h)
        for name, values, color in series:
            if total <= 0 or values[i] <= 0:
                continue
            h = plot_h * values[i] / total
            y -= h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{color}">'
                f"<title>{escape(label)}: {values[i]:,} {escape(name)} "
                f"({100 * values[i] / total:.0f} %)</title>"
                "</rect>"
            )
        body.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="10" '
            f'fill="{MUTED}">{escape(ticks[i])}</text>'
        )
    return _svg(width, height, title, body)


def share_bar_svg(
    parts: Sequence[tuple[str, int, str]], *, title: str, width: int = 640, height: int = 34
) -> str:
    """One horizontal bar split into parts (health bands), each part labelled inside when it fits."""
    total = sum(count for _, count, _ in parts)
    body = [f'<rect x="0" y="0" width="{width}" height="{height}" rx="6" fill="#f1f5f9"/>']
    x = 0.0
    for name, count, color in parts:
        if total <= 0 or count <= 0:
            continue
        w = width * count / total
        body.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{color}">'
            f"<title>{escape(name)}: {count:,}</title></rect>"
        )
        text = f"{count:,} {name}"
        if w > 9 * cells(text):
            body.append(
                f'<text x="{x + w / 2:.1f}" y="{height / 2 + 4:.1f}" text-anchor="middle" fill="#ffffff" '
                f'font-weight="600">{escape(text)}</text>'
            )
        x += w
    return _svg(width, height, title, body)
