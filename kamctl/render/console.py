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
        width=_width(),
        no_color=not color_enabled(),
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


PIPE_WIDTH = 100
"""How wide tables are with no terminal to fit, when `COLUMNS` does not say (SPEC §2)."""


def _width() -> int | None:
    """`COLUMNS`, else the terminal's width (None: Rich asks the first of stdin, stdout and
    stderr that is one, so that `kamctl score | head` fits the window it is typed in), else
    PIPE_WIDTH (Rich's own fallback is 80)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    return None if any(_is_terminal(stream) for stream in (sys.stdin, sys.stdout, sys.stderr)) else PIPE_WIDTH


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced by an object without a descriptor, or closed
        return False


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
