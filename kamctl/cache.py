"""The remind digest cache: the routine `kamctl remind` answered from a file when nothing changed.

SPEC §9 wants `kamctl remind --quiet` from a shell rc file to cost about as much as starting
Python. So `__main__.main()` recognises a plain `remind` invocation before Typer, SQLAlchemy or
Rich are imported, computes a key from everything the output depends on, and prints the output
stored under that key by an earlier run — or, on a miss, lets the command run and store it.

The key covers:
- the database: the SQLite file's path, its stat and its header's change counter (offset 24),
  the `-wal` file's stat, and the first wal-index header in `-shm` (its change counter moves
  with every committed write transaction, even when the WAL is reused at the same size and
  within one mtime tick). Any write — through kamctl or anything else — changes the key;
- the day (local date of the clock, and KAMCTL_NOW itself), the time zone, the user, the
  command line, kamctl's version and the code that renders the list;
- what the rendering depends on: terminal or not, width, colour settings, encoding.

The key is computed before the database is read, so a write that lands during a miss can only
make the stored output newer than its key (the next run misses again), never older. Nothing
is cached for PostgreSQL, `--demo`, a database file that does not exist yet, or any option
this module does not know: those take the normal path every time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

FORMAT = "kamctl-remind-cache 1"

FLAGS = frozenset({"--quiet", "--check", "--mine", "--summary", "--compact", "--full"})
VALUE_OPTIONS = frozenset({"--on", "--days", "--owner", "--account", "--kind", "--format", "-f"})
"""The options of `kamctl remind` itself (SPEC §7); their values are part of the key."""

RENDERING_ENV = ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM", "TTY_COMPATIBLE",
                 "TTY_INTERACTIVE", "TZ")  # fmt: skip

CODE = ("cache.py", "cli/remind.py", "actions/reminders.py", "domain/reminders.py", "domain/recurrence.py",
        "domain/renewals.py", "domain/scoring.py", "render/reminders.py", "render/output.py",
        "store/fast_due.py", "store/direct.py", "i18n.py", "locale/ja/LC_MESSAGES/kamctl.mo")  # fmt: skip
"""The code that decides what the list says and how it looks: a change to it (an upgrade with
the same version number, an editable install) is a change of key."""

KEEP_SECONDS = 2 * 86400
"""Cache files of earlier days are removed when a new one is written."""

_active: RemindCache | None = None


class RemindCache:
    """One cacheable invocation: where its output is kept."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.path = folder / f"remind-{key}.txt"

    def lookup(self) -> tuple[int, str, str] | None:
        """(exit code, stdout, stderr) stored by an earlier run with the same key, or None."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        header, _, body = data.partition(b"\n")
        parts = header.decode("ascii", "replace").rsplit(" ", 2)
        if len(parts) != 3 or parts[0] != FORMAT or not parts[1].isdigit() or not parts[2].isdigit():
            return None
        size = int(parts[2])
        if size > len(body):
            return None
        return int(parts[1]), body[:size].decode("utf-8"), body[size:].decode("utf-8")

    def store(self, exit_code: int, out: str, err: str) -> None:
        """Keep the output (atomically; a cache that cannot be written is simply not used)."""
        encoded = out.encode("utf-8")
        data = f"{FORMAT} {exit_code} {len(encoded)}\n".encode("ascii") + encoded + err.encode("utf-8")
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            fd = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(partial, self.path)
            self._prune()
        except OSError:
            return

    def _prune(self) -> None:
        import time

        limit = time.time() - KEEP_SECONDS
        for entry in os.scandir(self.folder):
            if entry.name.startswith("remind-") and entry.stat().st_mtime < limit:
                Path(entry.path).unlink(missing_ok=True)


def activate(cache: RemindCache | None) -> None:
    """Make the invocation's cache known to the `remind` command, which stores its output there."""
    global _active
    _active = cache


def active() -> RemindCache | None:
    return _active


# ---------------------------------------------------------------------------------------------
# Recognising a cacheable invocation, cheaply


def remind_cache_for(args: list[str]) -> RemindCache | None:
    """The cache of this command line if it is a plain `remind` on an SQLite file, else None."""
    parsed = _parse(args)
    if parsed is None or os.environ.get("KAMCTL_DEMO"):
        return None
    db, user, no_color, options = parsed
    try:
        from kamctl import clock
        from kamctl.invocation import Invocation

        moment = clock.now()
        invocation = Invocation.from_environment(db, user=user)
        path = invocation.sqlite_file()
        if path is None:
            return None
        database = _database_state(path)
        if database is None:
            return None
        user = invocation.user
        from kamctl.config import language as spoken

        language = spoken()  # the answer is worded in it
    except Exception:  # anything unusual: no cache; the normal path explains it
        return None
    from kamctl import __version__

    here = Path(__file__).parent
    code = []
    for name in CODE:
        try:
            code.append((name, os.stat(here / name).st_mtime_ns))
        except OSError:
            code.append((name, None))
    material = (
        FORMAT, __version__, tuple(code), str(path), database, moment.date().isoformat(),
        os.environ.get("KAMCTL_NOW"), str(moment.utcoffset()), user, no_color, tuple(options),
        _rendering(), language,
    )  # fmt: skip
    import hashlib

    key = hashlib.sha256(repr(material).encode("utf-8")).hexdigest()[:40]
    from kamctl.paths import cache_dir

    return RemindCache(cache_dir(), key)


def _parse(args: list[str]) -> tuple[str | None, str | None, bool, list[str]] | None:
    """(--db, --user, --no-color, remind's options) of `kamctl [--db X] [--user X] [--no-color]
    remind [options]`; None for anything else (another command, a sub-command, --help, …)."""
    db = user = None
    no_color = False
    index = 0
    while index < len(args) and args[index] != "remind":
        word = args[index]
        name, equals, value = word.partition("=")
        if name in ("--db", "--user"):
            if not equals:
                index += 1
                if index >= len(args):
                    return None
                value = args[index]
            if name == "--db":
                db = value
            else:
                user = value
        elif word == "--no-color":
            no_color = True
        else:
            return None
        index += 1
    if index >= len(args):
        return None
    options: list[str] = []
    rest = args[index + 1 :]
    position = 0
    while position < len(rest):
        word = rest[position]
        name, equals, value = word.partition("=")
        if word in FLAGS:
            options.append(word)
        elif name in VALUE_OPTIONS and name.startswith("--") and equals:
            options += [name, value]
        elif word in VALUE_OPTIONS:
            position += 1
            if position >= len(rest):
                return None
            options += [word, rest[position]]
        elif word.startswith("-f") and len(word) > 2 and not word.startswith("--"):
            options += ["-f", word[2:]]
        else:
            return None
        position += 1
    return db, user, no_color, options


def _database_state(path: Path) -> tuple | None:
    """What changes whenever the database does (see the module docstring); None without a file."""
    try:
        main = os.stat(path)
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return None
    state: list[object] = [main.st_ino, main.st_size, main.st_mtime_ns, main.st_ctime_ns, header[24:28]]
    for suffix in ("-wal", "-shm"):
        companion = f"{path}{suffix}"
        try:
            stat = os.stat(companion)
            with open(companion, "rb") as handle:
                # -wal: its header (salts, checkpoint sequence); -shm: the first wal-index header,
                # whose change counter and last valid frame move with every committed write.
                head = handle.read(48 if suffix == "-shm" else 32)
        except FileNotFoundError:
            state.append(None)
            continue
        if suffix == "-shm":
            # Readers write their read marks into -shm (so its mtime moves on every read): only
            # its header, which writers alone change, is part of the key.
            state.append((stat.st_ino, head))
        else:
            state.append((stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, head))
    return tuple(state)


def _rendering() -> tuple:
    stream = sys.stdout
    try:
        terminal = stream.isatty()
        size = os.get_terminal_size(stream.fileno()) if terminal else None
    except (OSError, ValueError, AttributeError):
        terminal, size = False, None
    return (
        terminal,
        tuple(size) if size else None,
        getattr(stream, "encoding", None),
        tuple(os.environ.get(name) for name in RENDERING_ENV),
    )
