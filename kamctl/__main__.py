"""Entry point of `kamctl` and `python -m kamctl`: cheap answers first, then the command tree."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        from kamctl import __version__

        sys.stdout.write(f"kamctl {__version__}\n")
        return 0
    from kamctl import cache

    # The morning routine: a plain `remind` whose database has not changed since its last run
    # today is answered from the cache, before Typer or the database stack are imported.
    remembered = cache.remind_cache_for(args)
    if remembered is not None:
        hit = remembered.lookup()
        if hit is not None:
            code, out, err = hit
            sys.stdout.write(out)
            sys.stderr.write(err)
            return code
    from kamctl.cli import app

    cache.activate(remembered)
    try:
        app(args=args, prog_name="kamctl")
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    finally:
        cache.activate(None)
    return 0


def run() -> None:
    code = main()
    # Skip the interpreter's teardown of the database stack (a noticeable part of a short
    # command: freeing modules that the process is about to drop anyway): flush what we wrote
    # and leave. Every database
    # connection was closed when the command's context closed.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code)


if __name__ == "__main__":
    run()
