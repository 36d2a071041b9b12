"""The two Rich consoles: stdout for results, stderr for messages; colour only where it helps."""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

_no_color = False


def set_no_color(value: bool) -> None:
    global _no_color
    _no_color = value
    out.cache_clear()
    err.cache_clear()


def color_enabled() -> bool:
    return not (_no_color or os.environ.get("NO_COLOR"))


def _make(stream) -> Console:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # The reader went away (`kamctl report | head`). Rich points stdout at /dev/null and
            # exits 1; kamctl exits 0, as it does when a plain write meets the closed pipe.
            try:
                super().on_broken_pipe()
            except SystemExit:
                raise SystemExit(0) from None

    # highlight=False: Rich's automatic highlighting would colour numbers and quotes inside
    # user text; every style kamctl shows is chosen on purpose.
    return _Console(
        file=stream,
        no_color=not color_enabled(),
        highlight=False,
        emoji=False,
        soft_wrap=False,
        width=_width(stream),
    )


def _width(stream) -> int | None:
    """SPEC §2: `COLUMNS`, else the terminal's width (None: Rich finds both), else 100 when the
    stream is not a terminal (where Rich would take 80)."""
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    return None if terminal or os.environ.get("COLUMNS", "").isdigit() else 100


@cache
def out() -> Console:
    return _make(sys.stdout)


@cache
def err() -> Console:
    return _make(sys.stderr)


def reset() -> None:
    """Forget the consoles (the streams change between CliRunner invocations in tests)."""
    out.cache_clear()
    err.cache_clear()
