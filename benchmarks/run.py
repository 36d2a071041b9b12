"""The benchmark runner: kamctl commands timed as whole processes against the speed bars of SPEC §9.

    python benchmarks/generate.py && python benchmarks/run.py
    python benchmarks/run.py --only remind --reps 11
    python benchmarks/run.py --growth          # seconds per data size: 10 k / 100 k / 1 M log entries

Every figure is a ratio to two baselines measured in the same run, interleaved with the
commands (each repetition times F0, F1 and every case once; medians are taken over the
repetitions), so a bar holds on a noisy machine:

    F0 = python -c "import sqlite3"     the floor of any Python tool over SQLite
    F1 = python -c "import sqlmodel"    the floor of the chosen stack

Processes are started as `<this interpreter> <installed kamctl script> ...` — never through a
version-manager shim — with PYTHONDONTWRITEBYTECODE unset (SPEC §9), stdout/stderr discarded,
KAMCTL_NOW fixed to the reference day of the data, and private XDG folders per case. Peak
memory is each process's own ru_maxrss (os.wait4), held against SPEC's 200 MB.

To add a benchmark, add a `Case` to CASES below. A case whose command does not exist yet
(`kamctl <command> --help` fails) is reported as "n/a: command not built yet".
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import platform
import random
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import generate
from generate import BENCH_ACCOUNT, BENCHMARKS, DEFAULT_TODAY, SCALES, ensure_reference, kamctl_now

MEMORY_BAR_MB = 200
"""SPEC §9: peak memory of any command on the reference data (applied here to every case)."""


@dataclass(frozen=True)
class Bar:
    """How long a case may take: a multiple of a baseline, or plain seconds."""

    factor: float | None = None
    baseline: str = "F1"
    """F0, F1, or the name of another case of the same run (its median)."""
    seconds: float | None = None
    spec: bool = True
    """False: SPEC §9 sets no bar for this case; this one is ours, to catch regressions."""

    def limit(self, baselines: dict[str, float]) -> float | None:
        if self.seconds is None and self.factor is None:
            return None  # a floor to compare with, held to no bar itself
        if self.seconds is not None:
            return self.seconds
        assert self.factor is not None
        return self.factor * baselines[self.baseline]

    def __str__(self) -> str:
        if self.seconds is None and self.factor is None:
            return "none (a floor)"
        baseline = self.baseline if self.baseline in ("F0", "F1") else FLOOR_LABELS.get(self.baseline, "case")
        text = f"{self.seconds:g} s" if self.seconds is not None else f"{self.factor:g} × {baseline}"
        return text if self.spec else f"{text} (ours)"


def times(factor: float, baseline: str, *, spec: bool = True) -> Bar:
    return Bar(factor=factor, baseline=baseline, spec=spec)


def seconds(limit: float) -> Bar:
    return Bar(seconds=limit)


def floor() -> Bar:
    """No bar: the case is a baseline other cases are held to (`Case.also`)."""
    return Bar()


LOG_FLOOR = "log import: raw sqlite3 floor (100,000 rows)"
"""The case SPEC §9 measures `log import` against."""

FLOOR_LABELS = {LOG_FLOOR: "floor"}
"""How a bar shows a case it is relative to."""


@dataclass(frozen=True)
class Case:
    """One benchmarked command line.

    `argv` follows `kamctl`; placeholders: `{n}` a number unique to each run (for new names),
    `{account}` the reference data's benchmark account, `{work}` the case's own folder (where
    `inputs` writes files).

    `db`: "none" (the command needs no database), "new" (no database file yet: first use),
    "empty" (a database with the schema and no rows), "reference" (the generated data at the
    run's scale, or at `scale`). A case that `writes` gets a fresh copy for every run; the
    others share one copy per run.
    """

    name: str
    argv: tuple[str, ...]
    bar: Bar
    db: str = "none"
    writes: bool = False
    setup: tuple[tuple[str, ...], ...] = ()
    """kamctl commands run once, untimed, on the case's database before it is copied for the runs."""
    warm_cache: bool = False
    """Keep XDG_CACHE_HOME across runs and run the command once, untimed, before the first run."""
    scale: float | None = None
    """Pin the reference data to this scale whatever --scale says."""
    inputs: Callable[[Path, Path | None], int | None] | None = None
    """Writes input files into the case folder: inputs(folder, reference database or None); may
    return the number of rows they hold (else `rows`)."""
    rows: int | None = None
    """Rows processed per run: the report adds rows/s."""
    also: Bar | None = None
    """A second bar, relative to another case of the run (SPEC §9's log import floor)."""
    program: str | None = None
    """A script beside this file, run instead of kamctl with `argv` (a floor to compare with)."""
    requires: tuple[str, ...] | None = None
    """The command whose `--help` must succeed for the case to run; default: argv's leading words."""
    growth: bool = False
    """Part of `--growth`: timed at every scale so that growth worse than linear is seen."""
    env: tuple[tuple[str, str], ...] = ()
    """Environment variables of the command (e.g. a shell's completion protocol)."""
    note: str = ""

    def command(self) -> tuple[str, ...]:
        if self.program is not None:
            return ()
        if self.requires is not None:
            return self.requires
        words = []
        for word in self.argv:
            if word.startswith("-") or "{" in word:
                break
            words.append(word)
        return tuple(words)


# ---------------------------------------------------------------------------------------------
# The cases. Bars are SPEC §9's unless marked (ours).


def write_log_csv(folder: Path, reference: Path | None) -> None:
    """100,000 log entries as `log import` reads them (SPEC §6), for accounts of the reference data."""
    assert reference is not None
    with sqlite3.connect(f"file:{reference}?mode=ro", uri=True) as connection:
        names = dict(connection.execute("SELECT id, name FROM account"))
        contacts: dict[int, list[str]] = {}
        per_account: dict[tuple[int, str], int] = {}
        for contact_id, account_id, name in connection.execute("SELECT id, account_id, name FROM contact"):
            contacts[contact_id] = [account_id, name]
            per_account[(account_id, name.casefold())] = per_account.get((account_id, name.casefold()), 0) + 1
        links: dict[int, list[str]] = {}
        for entry_id, contact_id in connection.execute("SELECT log_entry_id, contact_id FROM log_contact"):
            account_id, name = contacts[contact_id]
            if per_account[(account_id, name.casefold())] == 1:  # a name unique in its account
                links.setdefault(entry_id, []).append(name)
        rows = connection.execute(
            "SELECT id, account_id, occurred_at, channel, kind, notes, sentiment, csat, nps, tags "
            "FROM log_entry ORDER BY id LIMIT 100000"
        ).fetchall()
    with open(folder / "log.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(
            ["account", "when", "channel", "kind", "notes", "contacts", "sentiment", "csat", "nps", "tags"]
        )
        for entry_id, account_id, occurred, channel, kind, notes, sentiment, csat, nps, tags in rows:
            when = occurred[:19].replace(" ", "T") + "+00:00"
            writer.writerow(
                [
                    names[account_id],
                    when,
                    channel,
                    kind,
                    notes,
                    ";".join(links.get(entry_id, [])),
                    sentiment or "",
                    "" if csat is None else csat,
                    "" if nps is None else nps,
                    ";".join(json.loads(tags)),
                ]
            )


IMPORT_ROWS = 100_000
"""Rows of every import case (the issue's sizes are 40,000 and 294,000)."""


def _reference_accounts(reference: Path | None) -> list[str]:
    assert reference is not None
    with sqlite3.connect(f"file:{reference}?mode=ro", uri=True) as connection:
        return [name for (name,) in connection.execute("SELECT name FROM account ORDER BY id")]


def _write_csv(path: Path, header: list[str], rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)


def write_accounts_csv(folder: Path, reference: Path | None) -> None:
    """100,000 new accounts in the columns of `accounts export`, every field filled as people do."""
    rng = random.Random(1)
    tiers, statuses = ("key", "candidate", "standard"), ("prospect", "active", "at-risk", "lost")
    channels = ("meeting", "visit", "call", "email")
    _write_csv(
        folder / "accounts.csv",
        ["name", "industry", "owner", "tier", "status", "stage", "share_of_wallet", "revenue", "profit",
         "cadence_days", "preferred_channel", "renewal_date", "tags", "notes"],
        (
            (
                f"Import {'株式会社' if n % 5 == 0 else 'Account'} {n:06d}", "manufacturing",
                f"user{n % 50 + 1:02d}", tiers[n % 3], statuses[n % 4], n % 5 + 1, rng.randrange(101),
                rng.randrange(10_000, 9_000_000), rng.randrange(-10_000, 900_000), 30 + n % 60,
                channels[n % 4], f"2027-{n % 12 + 1:02d}-{n % 28 + 1:02d}", "import;bench",
                "Came in from the CRM export.",
            )
            for n in range(1, IMPORT_ROWS + 1)
        ),
    )  # fmt: skip


def write_contacts_csv(folder: Path, reference: Path | None) -> None:
    """100,000 people for the reference accounts, each but the first of an account reporting to
    an earlier one of the file (so the reporting lines are checked and written too)."""
    accounts = _reference_accounts(reference)
    roles = ("decision-maker", "economic-buyer", "influencer", "technical", "user")
    rows = []
    for n in range(IMPORT_ROWS):
        account = accounts[n % len(accounts)]
        rank = n // len(accounts)
        manager = "" if rank == 0 else f"Imported Person {(rank - 1) // 3:05d}"
        rows.append(
            (
                account, f"Imported Person {rank:05d}", "Buyer", roles[n % 5], n % 5 + 1, "neutral",
                manager, f"person{n}@example.com", "+81 3 1234 5678", "From the address book.",
            )
        )  # fmt: skip
    _write_csv(
        folder / "contacts.csv",
        ["account", "name", "title", "role", "influence", "stance", "reports_to", "email", "phone", "notes"],
        rows,
    )


def write_orders_csv(folder: Path, reference: Path | None) -> None:
    """100,000 orders of the reference accounts, named as people name them."""
    accounts = _reference_accounts(reference)
    rng = random.Random(2)
    _write_csv(
        folder / "orders.csv",
        ["account", "date", "amount", "profit"],
        (
            (accounts[rng.randrange(len(accounts))], f"2026-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
             f"{rng.randrange(1_000, 2_000_000):,}", rng.randrange(-5_000, 400_000))
            for n in range(IMPORT_ROWS)
        ),
    )  # fmt: skip


def write_dump(folder: Path, reference: Path | None) -> int:
    """`db export` of the reference data (about 200,000 rows at scale 0.1); returns its rows."""
    from kamctl.io.dump import write_dump as write
    from kamctl.store.engine import open_store

    assert reference is not None
    source = folder / "exported.db"  # the cached file itself is never opened by kamctl
    shutil.copyfile(reference, source)
    store = open_store(f"sqlite:///{source}")
    try:
        with open(folder / "dump.json", "w", encoding="utf-8") as file:
            return sum(write(store, file).values())
    finally:
        store.dispose()
        for path in (source, Path(f"{source}-wal"), Path(f"{source}-shm")):
            path.unlink(missing_ok=True)


CASES: list[Case] = [
    # --help must not pay for the database stack.
    Case("kamctl --help", ("--help",), times(8, "F0")),
    *(
        Case(f"kamctl {group} --help", (group, "--help"), times(8, "F0"))
        for group in ("accounts", "score", "contacts", "log", "remind", "report", "db", "settings")
    ),
    # Any command on an empty database.
    Case(
        "accounts add (empty db)",
        ("accounts", "add", "Benchmark {n}"),
        times(1.25, "F1"),
        db="empty",
        writes=True,
    ),
    Case(
        "accounts add (first use)",
        ("accounts", "add", "Benchmark {n}"),
        times(1.25, "F1"),
        db="new",
        writes=True,
        note="no database file yet: includes creating the schema",
    ),
    Case("accounts list (empty db)", ("accounts", "list"), times(1.25, "F1"), db="empty"),
    Case(
        "log (one account)",
        ("log", "{account}", "Met the buyer; pricing next week."),
        times(1.25, "F1"),
        db="empty",
        writes=True,
        setup=(("accounts", "add", BENCH_ACCOUNT),),
    ),
    Case("remind (empty db, cold)", ("remind",), times(1.25, "F1"), db="empty"),
    # The reference data.
    Case(
        "accounts list -f json (reference)",
        ("accounts", "list", "-f", "json"),
        times(3, "F1", spec=False),
        db="reference",
        growth=True,
        note="SPEC §9 sets no bar for accounts list",
    ),
    Case("remind (reference, cold)", ("remind",), times(2, "F1"), db="reference", growth=True),
    Case(
        "remind --quiet (reference, warm)",
        ("remind", "--quiet"),
        times(4, "F0"),
        db="reference",
        warm_cache=True,
        note="nothing changed since the last run today",
    ),
    Case(
        "remind --summary (reference, warm)",
        ("remind", "--summary"),
        times(4, "F0"),
        db="reference",
        warm_cache=True,
        note="the shell rc line; nothing changed since the last run today",
    ),
    Case(
        "remind --summary (reference, cold)",
        ("remind", "--summary"),
        times(2, "F1"),
        db="reference",
        note="first run of the day: computes the list, imports no Rich",
    ),
    Case(
        "remind -f plain (reference, warm)",
        ("remind", "-f", "plain"),
        times(4, "F0"),
        db="reference",
        warm_cache=True,
        note="nothing changed since the last run today",
    ),
    # SPEC §12: choosing a language costs the routine path nothing measurable (the same bars).
    Case(
        "remind --quiet (reference, warm, Japanese)",
        ("remind", "--quiet"),
        times(4, "F0"),
        db="reference",
        warm_cache=True,
        env=(("KAMCTL_LANG", "ja"),),
        note="as the English case; compare the two",
    ),
    Case(
        "remind --summary (reference, cold, Japanese)",
        ("remind", "--summary"),
        times(2, "F1"),
        db="reference",
        env=(("KAMCTL_LANG", "ja"),),
        note="as the English case: the catalog is read once",
    ),
    Case("kamctl --help (Japanese)", ("--help",), times(8, "F0"), env=(("KAMCTL_LANG", "ja"),)),
    Case("score (reference)", ("score",), times(3, "F1"), db="reference", growth=True),
    Case("report (reference)", ("report",), times(4, "F1"), db="reference", growth=True),
    Case(
        "contacts map ACCOUNT (reference)", ("contacts", "map", "{account}"), times(1.5, "F1"), db="reference"
    ),
    # One TAB after `kamctl accounts show ` (bash's protocol): every account name offered.
    Case(
        "completion: account names, one TAB (reference)",
        (),
        times(8, "F0"),
        db="reference",
        env=(
            ("_KAMCTL_COMPLETE", "complete_bash"),
            ("COMP_WORDS", "kamctl accounts show "),
            ("COMP_CWORD", "3"),
        ),
        requires=("accounts", "show"),
    ),
    Case("log list ACCOUNT (reference)", ("log", "list", "{account}"), times(1.5, "F1"), db="reference"),
    Case(
        "log search WORD (reference)",
        ("log", "search", "pricing"),
        times(2, "F1", spec=False),
        db="reference",
        note="FTS5 trigram index over 1 M notes; whole query first, then newest",
    ),
    Case(
        "log search 2 characters (reference)",
        ("log", "search", "見積"),
        times(3, "F1", spec=False),
        db="reference",
        note="below the trigram size: a LIKE scan of every note",
    ),
    Case(
        "accounts whitespace (reference)",
        ("accounts", "whitespace"),
        times(3, "F1", spec=False),
        db="reference",
        note="every live account × 8 products (orders, opportunities, scores); the first 50 drawn",
    ),
    Case(
        "accounts whitespace -f json (reference)",
        ("accounts", "whitespace", "-f", "json"),
        times(3, "F1", spec=False),
        db="reference",
        note="the same map, every account written",
    ),
    Case(
        "remind export (reference)",
        ("remind", "export", "-o", "/dev/null"),
        times(3, "F1", spec=False),
        db="reference",
        note="90 days ahead, and what was done in the last 90 days as completed",
    ),
    Case(
        "remind --mine (reference, cold)",
        ("remind", "--mine"),
        times(2, "F1", spec=False),
        db="reference",
        note="one owner's share of the team's list",
    ),
    Case(
        "remind -f json (reference, cold)",
        ("remind", "-f", "json"),
        times(2, "F1", spec=False),
        db="reference",
    ),
    Case(
        "score sensitivity --runs 1000 (1,000 accounts)",
        ("score", "sensitivity", "--runs", "1000"),
        seconds(3),
        db="reference",
        scale=0.1,
    ),
    Case(
        "log import 100,000 rows CSV",
        ("log", "import", "{work}/log.csv"),
        seconds(5),
        db="reference",
        scale=0.1,
        writes=True,
        inputs=write_log_csv,
        rows=IMPORT_ROWS,
        also=times(4, LOG_FLOOR),
        note="bar: ≥ 20,000 rows/s, and ≤ 4 × the raw sqlite3 floor below (SPEC §9)",
    ),
    Case(
        LOG_FLOOR,
        ("{work}/log.csv",),
        floor(),
        writes=True,
        inputs=write_log_csv,
        rows=IMPORT_ROWS,
        scale=0.1,
        db="none",
        program="log_floor.py",
        note="stdlib sqlite3, a plain table and the same FTS5 index, no checks (benchmarks/log_floor.py)",
    ),
    # The assistant interface (SPEC §11): an MCP client starts `kamctl mcp` and waits for it.
    Case(
        "mcp ready for its first request",
        (),
        times(2.5, "F1"),
        db="empty",
        program="mcp_ready.py",
        note="spawn → answer to `initialize` (benchmarks/mcp_ready.py; includes that script's start, ≈ F0)",
    ),
    Case(
        "mcp account_brief ACCOUNT (reference)",
        ("--call", "account_brief", '{"account": "{account}"}'),
        times(2.5 + 1.5, "F1", spec=False),
        db="reference",
        program="mcp_ready.py",
        note="spawn → answer to the first call: readiness plus `accounts show`'s work",
    ),
    Case(
        "mcp due_items (reference)",
        ("--call", "due_items", "{}"),
        times(2.5 + 2, "F1", spec=False),
        db="reference",
        program="mcp_ready.py",
        note="spawn → answer to the first call: readiness plus cold `remind`'s work",
    ),
    # Every other import: SPEC §9's 20,000 rows/s and 200 MB.
    Case(
        "accounts import 100,000 rows CSV",
        ("accounts", "import", "{work}/accounts.csv"),
        seconds(5),
        db="empty",
        writes=True,
        inputs=write_accounts_csv,
        rows=IMPORT_ROWS,
        note="bar: ≥ 20,000 rows/s; each new account also gets its `created` history row",
    ),
    Case(
        "contacts import 100,000 rows CSV",
        ("contacts", "import", "{work}/contacts.csv"),
        seconds(5),
        db="reference",
        scale=0.1,
        writes=True,
        inputs=write_contacts_csv,
        rows=IMPORT_ROWS,
        note="bar: ≥ 20,000 rows/s; 99 % of the rows report to an earlier row",
    ),
    Case(
        "orders import 100,000 rows CSV",
        ("accounts", "orders", "import", "{work}/orders.csv"),
        seconds(5),
        db="reference",
        scale=0.1,
        writes=True,
        inputs=write_orders_csv,
        rows=IMPORT_ROWS,
        note="bar: ≥ 20,000 rows/s",
    ),
    Case(
        "db import of the reference dump (scale 0.1)",
        ("db", "import", "{work}/dump.json"),
        seconds(10),
        db="new",
        writes=True,
        inputs=write_dump,
        scale=0.1,
        note="every table of the 0.1 reference data (≈ 200,000 rows) into a new file; bar: ≥ 20,000 rows/s",
    ),
]


# ---------------------------------------------------------------------------------------------
# Running processes.


@dataclass
class Sample:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    exit_code: int


def kamctl_script(explicit: str | None = None) -> Path:
    """The installed `kamctl` console script of this interpreter (never a pyenv/asdf shim)."""
    candidates = [Path(explicit)] if explicit else []
    candidates.append(Path(sysconfig.get_path("scripts")) / "kamctl")
    found = shutil.which("kamctl")
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and _is_python_script(candidate):
            return candidate
    raise SystemExit(
        "Cannot find the kamctl console script of this Python: install the project "
        f"(pip install -e '.[test]') with {sys.executable}, or pass --kamctl PATH"
    )


def _is_python_script(path: Path) -> bool:
    with open(path, "rb") as file:
        first = file.readline()
    return first.startswith(b"#!") and b"python" in first


LAUNCHER_SOURCE = r"""
import json, os, sys, time
for line in sys.stdin:
    request = json.loads(line)
    stderr = request["stderr"] or os.devnull
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
    ]
    try:
        os.chdir(request["cwd"])
        started = time.perf_counter()
        pid = os.posix_spawn(request["argv"][0], request["argv"], request["env"], file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - started
    except OSError as exc:
        reply = {"error": str(exc)}
    else:
        reply = {
            "seconds": elapsed,
            "cpu": usage.ru_utime + usage.ru_stime,
            "maxrss_kb": usage.ru_maxrss,
            "exit": os.waitstatus_to_exitcode(status),
        }
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
"""
"""Starts every measured process. A child's ru_maxrss also counts the memory image it had before
exec (Linux records the hiwater of the parent's copy, or with vfork of the parent's own mm), so
children must come from a process smaller than any of them: not from this runner, which holds
SQLAlchemy and, after generating data, hundreds of MB."""


class Launcher:
    """A tiny Python process that spawns, times and reaps the measured commands (os.wait4)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER_SOURCE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def run(self, argv: list[str], env: dict[str, str], stderr_path: Path | None, cwd: Path) -> dict:
        assert self.process.stdin and self.process.stdout
        request = {
            "argv": argv,
            "env": env,
            "stderr": str(stderr_path) if stderr_path else None,
            "cwd": str(cwd),
        }
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        reply = json.loads(self.process.stdout.readline())
        if "error" in reply:
            raise SystemExit(f"cannot start {argv[0]}: {reply['error']}")
        return reply

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait()


_launcher: Launcher | None = None


def run_process(
    argv: list[str], env: dict[str, str], *, capture: bool = False, cwd: Path | None = None
) -> tuple[Sample, str]:
    """One process, timed from spawn to exit, with its own peak RSS; `capture` keeps its stderr.

    It runs in `cwd` (default: the system's temporary folder), never in the checkout.
    """
    cwd = cwd or Path(tempfile.gettempdir())
    global _launcher
    if _launcher is None:
        _launcher = Launcher()
    errors = ""
    if capture:
        with tempfile.NamedTemporaryFile(prefix="kamctl-bench-", suffix=".stderr") as file:
            reply = _launcher.run(argv, env, Path(file.name), cwd)
            errors = Path(file.name).read_text(errors="replace")
    else:
        reply = _launcher.run(argv, env, None, cwd)
    return Sample(reply["seconds"], reply["cpu"], reply["maxrss_kb"] / 1024, reply["exit"]), errors


def stop_launcher() -> None:
    global _launcher
    if _launcher is not None:
        _launcher.close()
        _launcher = None


@dataclass
class Prepared:
    """A case ready to run: its folders, its database and its environment."""

    case: Case
    scale: float
    folder: Path
    argv_template: list[str]
    env: dict[str, str]
    database: Path | None = None
    template: Path | None = None
    """The database each run of a writing case starts from (copied fresh every run)."""
    samples: list[Sample] = field(default_factory=list)
    rows: int | None = None
    status: str = "ok"
    detail: str = ""


class Bench:
    """One benchmark run: a workspace, the baselines and the prepared cases."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.python = sys.executable
        self.script = kamctl_script(args.kamctl)
        self.today = args.today
        self.workspace = Path(tempfile.mkdtemp(prefix="kamctl-bench-"))
        self.keep = args.keep
        self.counter = itertools.count(1)
        self.base_env = self._base_env()
        self.shared_copies: dict[float, Path] = {}
        self.available: dict[tuple[str, ...], bool] = {}
        self.empty_template: Path | None = None

    def _base_env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("KAMCTL_")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # SPEC §9: without bytecode caches imports triple
        env.update(
            KAMCTL_NOW=kamctl_now(self.today),
            KAMCTL_USER="user01",
            KAMCTL_DB=str(self.workspace / "unused.db"),
            NO_COLOR="1",
            COLUMNS="120",
            TZ="UTC",
        )
        # Never the user's own files, even for `--help` probes: every case gets its own folders too.
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            folder = self.workspace / "home" / variable.lower()
            folder.mkdir(parents=True, exist_ok=True)
            env[variable] = str(folder)
        return env

    def close(self) -> None:
        stop_launcher()
        if self.keep:
            print(f"Workspace kept: {self.workspace}")
        else:
            shutil.rmtree(self.workspace, ignore_errors=True)

    def kamctl(self, *args: str) -> list[str]:
        return [self.python, str(self.script), *args]

    def argv(self, case: Case, args: list[str]) -> list[str]:
        """The command line of one run: kamctl, or the case's own script."""
        if case.program is not None:
            return [self.python, str(BENCHMARKS / case.program), *args]
        return self.kamctl(*args)

    def baseline_argv(self, name: str) -> list[str]:
        module = {"F0": "sqlite3", "F1": "sqlmodel"}[name]
        return [self.python, "-c", f"import {module}"]

    def is_built(self, command: tuple[str, ...]) -> bool:
        if not command:
            return True  # a script of the benchmarks, not a kamctl command
        if command not in self.available:
            sample, _ = run_process(self.kamctl(*command, "--help"), self.base_env)
            self.available[command] = sample.exit_code == 0
        return self.available[command]

    def reference(self, scale: float) -> Path:
        return ensure_reference(scale, today=self.today, say=lambda text: print(text, flush=True))

    def prepare(self, case: Case, scale: float) -> Prepared:
        slug = "".join(c if c.isalnum() else "-" for c in case.name.lower()).strip("-")
        folder = self.workspace / f"{slug}-{scale}"
        folder.mkdir(parents=True)
        env = dict(self.base_env)
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            path = folder / variable.lower()
            path.mkdir()
            env[variable] = str(path)
        env.update(case.env)
        argv = [word.replace("{account}", BENCH_ACCOUNT).replace("{work}", str(folder)) for word in case.argv]
        prepared = Prepared(case, case.scale or scale, folder, argv, env, rows=case.rows)
        if not self.is_built(case.command()):
            prepared.status, prepared.detail = "n/a", "n/a: command not built yet"
            return prepared
        needs_reference = case.db == "reference" or case.scale is not None
        reference = self.reference(case.scale or scale) if needs_reference else None
        if case.inputs:
            prepared.rows = case.inputs(folder, reference) or case.rows
        if case.db == "none":
            prepared.database = folder / "unused.db"
        elif case.db == "new":
            prepared.template = None
        elif case.db == "empty":
            prepared.template = self._empty_copy(folder / "template.db")
        elif case.db == "reference":
            assert reference is not None
            if case.writes or case.setup or case.warm_cache:
                prepared.template = folder / "template.db"
                shutil.copyfile(reference, prepared.template)
            else:
                prepared.database = self._shared_copy(case.scale or scale, reference)
        else:
            raise ValueError(f"unknown db kind {case.db!r} in case {case.name!r}")
        if case.setup:
            for command in case.setup:
                sample, errors = run_process(
                    self.kamctl(*command),
                    {**env, "KAMCTL_DB": str(prepared.template)},
                    capture=True,
                    cwd=folder,
                )
                if sample.exit_code != 0:
                    prepared.status = "error"
                    prepared.detail = f"setup `kamctl {' '.join(command)}` failed: {_last_line(errors)}"
                    return prepared
        if not case.writes and prepared.template is not None:
            prepared.database, prepared.template = prepared.template, None
        if case.warm_cache:
            self._run(prepared)  # fills the cache; untimed
        return prepared

    def _empty_copy(self, target: Path) -> Path:
        if self.empty_template is None:
            from kamctl.store.engine import open_store

            self.empty_template = self.workspace / "empty.db"
            open_store(f"sqlite:///{self.empty_template}").dispose()
        shutil.copyfile(self.empty_template, target)
        return target

    def _shared_copy(self, scale: float, reference: Path) -> Path:
        """One copy of the reference data per scale for every case that only reads."""
        if scale not in self.shared_copies:
            copy = self.workspace / f"reference-{scale}.db"
            shutil.copyfile(reference, copy)
            self.shared_copies[scale] = copy
        return self.shared_copies[scale]

    def _run(self, prepared: Prepared) -> tuple[Sample, str]:
        case = prepared.case
        database = prepared.database
        run_folder = None
        if case.writes or case.db == "new":
            run_folder = prepared.folder / f"run-{next(self.counter)}"
            run_folder.mkdir()
            database = run_folder / "kamctl.db"
            if prepared.template is not None:
                shutil.copyfile(prepared.template, database)
        env = dict(prepared.env)
        env["KAMCTL_DB"] = str(database)
        if not case.warm_cache:
            cache = prepared.folder / "xdg_cache_home"
            shutil.rmtree(cache, ignore_errors=True)
            cache.mkdir()
        n = str(next(self.counter))
        argv = self.argv(case, [word.replace("{n}", n) for word in prepared.argv_template])
        try:
            return run_process(argv, env, cwd=prepared.folder)
        finally:
            if run_folder is not None:
                shutil.rmtree(run_folder, ignore_errors=True)

    def time_case(self, prepared: Prepared, keep: bool) -> None:
        if prepared.status != "ok":
            return
        sample, _ = self._run(prepared)
        if sample.exit_code != 0:
            _, errors = self._run_capturing(prepared)
            prepared.status = "error"
            prepared.detail = f"exit {sample.exit_code}: {_last_line(errors)}"
            return
        if keep:
            prepared.samples.append(sample)

    def _run_capturing(self, prepared: Prepared) -> tuple[Sample, str]:
        """The same command once more with stderr kept, to say why it failed."""
        case = prepared.case
        database = prepared.database
        scratch = None
        if case.writes or case.db == "new":
            scratch = prepared.folder / "failed-run"
            scratch.mkdir(exist_ok=True)
            database = scratch / "kamctl.db"
            if prepared.template is not None:
                shutil.copyfile(prepared.template, database)
        argv = self.argv(case, [word.replace("{n}", "0") for word in prepared.argv_template])
        return run_process(
            argv, {**prepared.env, "KAMCTL_DB": str(database)}, capture=True, cwd=prepared.folder
        )


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "(no message)"


def measure(
    bench: Bench, plan: list[tuple[Case, float]], reps: int, warmup: int
) -> tuple[dict[str, float], list[Prepared]]:
    """Baselines and cases interleaved: every repetition runs F0, F1 and each (case, scale) once."""
    prepared = [bench.prepare(case, scale) for case, scale in plan]
    baseline_samples: dict[str, list[Sample]] = {"F0": [], "F1": []}
    total = warmup + reps
    for rep in range(total):
        keep = rep >= warmup
        label = f"repetition {rep - warmup + 1}/{reps}" if keep else f"warm-up {rep + 1}/{warmup}"
        if sys.stderr.isatty():
            print(f"  {label} …", end="\r", flush=True, file=sys.stderr)
        for name, samples in baseline_samples.items():
            sample, _ = run_process(bench.baseline_argv(name), bench.base_env)
            if keep:
                samples.append(sample)
        for item in prepared:
            bench.time_case(item, keep)
    if sys.stderr.isatty():
        print(" " * 40, end="\r", file=sys.stderr)
    baselines = {
        name: statistics.median(s.seconds for s in samples) for name, samples in baseline_samples.items()
    }
    return baselines, prepared


# ---------------------------------------------------------------------------------------------
# Reporting.


def result_of(item: Prepared, baselines: dict[str, float]) -> dict:
    case = item.case
    result: dict = {
        "name": case.name,
        "argv": ["kamctl", *item.argv_template],
        "db": case.db if case.db != "reference" else f"reference {item.scale}",
        "bar": str(case.bar),
        "spec_bar": case.bar.spec,
        "note": case.note,
        "status": item.status,
        "detail": item.detail,
    }
    if item.status != "ok" or not item.samples:
        return result
    median = statistics.median(s.seconds for s in item.samples)
    if case.bar.factor is not None and case.bar.baseline not in baselines:
        result.update(status="n/a", detail=f"n/a: {case.bar.baseline} did not run")
        return result
    limit = case.bar.limit(baselines)
    peak = max(s.peak_mb for s in item.samples)
    result.update(
        median_s=round(median, 4),
        min_s=round(min(s.seconds for s in item.samples), 4),
        max_s=round(max(s.seconds for s in item.samples), 4),
        cpu_median_s=round(statistics.median(s.cpu_seconds for s in item.samples), 4),
        samples_s=[round(s.seconds, 4) for s in item.samples],
        limit_s=None if limit is None else round(limit, 4),
        ratio=round(median / baselines[case.bar.baseline], 3)
        if case.bar.factor is not None and baselines.get(case.bar.baseline)
        else None,
        time_verdict="–" if limit is None else "PASS" if median <= limit else "FAIL",
        peak_mb=round(peak, 1),
        memory_verdict="PASS" if peak <= MEMORY_BAR_MB else "FAIL",
    )
    also = case.also
    if also is not None and also.baseline in baselines:
        also_ratio = median / baselines[also.baseline]
        result.update(
            also_bar=str(also),
            also_ratio=round(also_ratio, 3),
            also_verdict="PASS" if median <= (also.limit(baselines) or 0.0) else "FAIL",
        )
    if item.rows:
        result["rows"] = item.rows
        result["rows_per_s"] = round(item.rows / median)
    return result


def case_medians(prepared: list[Prepared]) -> dict[str, float]:
    """The median seconds of every case that ran, by name: the baselines of `Case.also` bars."""
    return {
        item.case.name: statistics.median(s.seconds for s in item.samples)
        for item in prepared
        if item.status == "ok" and item.samples
    }


def print_table(results: list[dict], baselines: dict[str, float], header: str) -> None:
    print()
    print(header)
    print(
        f'baselines: F0 = python -c "import sqlite3" {baselines["F0"]:.3f} s · '
        f'F1 = python -c "import sqlmodel" {baselines["F1"]:.3f} s'
    )
    print()
    columns = f"{'case':<48} {'median':>8} {'ratio':>9}  {'bar':<16} {'time':<5} {'peak MB':>8} {'mem':<5}"
    print(columns)
    print("-" * len(columns))
    for result in results:
        name = result["name"]
        if result["status"] != "ok":
            print(f"{name:<48} {result['detail']}")
            continue
        ratio = f"{result['ratio']:.2f}×" if result["ratio"] is not None else ""
        if result.get("rows_per_s"):
            ratio = f"{result['rows_per_s']:,}/s"
        print(
            f"{name:<48} {result['median_s']:>7.3f}s {ratio:>9}  {result['bar']:<16} "
            f"{result['time_verdict']:<5} {result['peak_mb']:>8.1f} {result['memory_verdict']:<5}"
        )
        if "also_ratio" in result:
            print(
                f"{'  and':<48} {'':>8} {result['also_ratio']:>8.2f}×  {result['also_bar']:<16} "
                f"{result['also_verdict']:<5}"
            )
    notes = [f"  {r['name']}: {r['note']}" for r in results if r["note"] and r["status"] == "ok"]
    if notes:
        print("\nnotes:")
        print("\n".join(notes))
    print(
        f"\nratio = median seconds / median baseline of the bar; peak MB = the process's max RSS "
        f"(MiB), bar {MEMORY_BAR_MB} MB for every case."
    )


def machine() -> dict:
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def run_suite(args: argparse.Namespace, bench: Bench, cases: list[Case]) -> int:
    sizes = generate.Sizes.at(args.scale)
    print(
        f"kamctl benchmarks: scale {args.scale} ({sizes.accounts:,} accounts, "
        f"{sizes.log_entries:,} log entries), {args.reps} repetitions + {args.warmup} warm-up, "
        "medians of wall time"
    )
    print(f"interpreter {bench.python} · script {bench.script} · KAMCTL_NOW={kamctl_now(args.today)}")
    baselines, prepared = measure(bench, [(case, args.scale) for case in cases], args.reps, args.warmup)
    results = [result_of(item, {**baselines, **case_medians(prepared)}) for item in prepared]
    header = (
        f"Results ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f})"
    )
    print_table(results, baselines, header)
    if args.json:
        document = {
            "kind": "suite",
            "scale": args.scale,
            "today": args.today.isoformat(),
            "reps": args.reps,
            "warmup": args.warmup,
            "machine": machine(),
            "baselines_s": {name: round(value, 4) for name, value in baselines.items()},
            "cases": results,
        }
        Path(args.json).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        print(f"Saved {args.json}")
    failed = [
        r
        for r in results
        if r["status"] == "error"
        or "FAIL" in (r.get("time_verdict"), r.get("memory_verdict"), r.get("also_verdict"))
    ]
    return 1 if failed else 0


def run_growth(args: argparse.Namespace, bench: Bench, cases: list[Case]) -> int:
    """The growth report: the growth cases at every scale, interleaved like the baselines.

    Each repetition runs F0, F1 and every case at 10 k, 100 k and 1 M log entries, so a change
    of load on the machine shifts every scale alike instead of posing as growth.
    """
    growth_cases = [case for case in cases if case.growth]
    print(f"kamctl growth with data: {', '.join(case.name for case in growth_cases)}")
    print(
        f"{args.reps} repetitions + {args.warmup} warm-up, every scale in each repetition, "
        "medians of wall time"
    )
    for scale in SCALES:  # every scale made with the same schema, before any timing
        bench.reference(scale)
    plan = [(case, scale) for case in growth_cases for scale in SCALES]
    baselines, prepared = measure(bench, plan, args.reps, args.warmup)
    results = {(item.case.name, item.scale): result_of(item, baselines) for item in prepared}

    labels = [f"{generate.Sizes.at(s).log_entries // 1000:,} k log" for s in SCALES]
    head = f"{'case':<40}" + "".join(f"{label:>12}" for label in labels)
    head += f"{'×10 data':>10}{'×100 data':>10}{'Δ ratio':>9}"
    print()
    print(
        f'baselines: F0 = python -c "import sqlite3" {baselines["F0"]:.3f} s · '
        f'F1 = python -c "import sqlmodel" {baselines["F1"]:.3f} s'
    )
    print()
    print(head)
    print("-" * len(head))
    for case in growth_cases:
        row = [results[(case.name, scale)] for scale in SCALES]
        if any(r["status"] != "ok" for r in row):
            print(f"{case.name:<40} {next(r['detail'] for r in row if r['status'] != 'ok')}")
            continue
        values = [r["median_s"] for r in row]
        # The data-dependent part: for linear cost the second increment (100 k → 1 M rows) is
        # ten times the first (10 k → 100 k); much more than 10 means worse than linear.
        first, second = values[1] - values[0], values[2] - values[1]
        delta = f"{second / first:>9.1f}" if first > 0.02 else f"{'–':>9}"
        print(
            f"{case.name:<40}"
            + "".join(f"{v:>11.3f}s" for v in values)
            + f"{values[2] / values[1]:>9.2f}×{values[2] / values[0]:>9.2f}×{delta}"
        )
    print(
        "\n×10 data = seconds at 1 M ÷ seconds at 100 k; ×100 data = 1 M ÷ 10 k; "
        "both include start-up (≈ F1).\n"
        "Δ ratio = (t(1 M) − t(100 k)) ÷ (t(100 k) − t(10 k)): ≈ 10 for cost linear in the data, "
        "well above 10 for worse than linear ('–' when the first step is within noise)."
    )
    if args.json:
        document = {
            "kind": "growth",
            "today": args.today.isoformat(),
            "reps": args.reps,
            "warmup": args.warmup,
            "machine": machine(),
            "baselines_s": {name: round(value, 4) for name, value in baselines.items()},
            "log_entries": {str(scale): generate.Sizes.at(scale).log_entries for scale in SCALES},
            "cases": [{**result, "scale": scale} for (_name, scale), result in results.items()],
        }
        Path(args.json).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        print(f"Saved {args.json}")
    return 1 if any(r["status"] == "error" for r in results.values()) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, choices=SCALES, default=1.0, help="reference data size (default 1.0)"
    )
    parser.add_argument("--reps", type=int, default=7, help="timed repetitions (default 7)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed repetitions first (default 1)")
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="cases whose name contains NAME (repeatable)"
    )
    parser.add_argument("--growth", action="store_true", help="time the growth cases at every scale")
    parser.add_argument("--json", metavar="FILE", help="also save the results as JSON")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--today", type=date.fromisoformat, default=DEFAULT_TODAY, help=argparse.SUPPRESS)
    parser.add_argument("--kamctl", metavar="PATH", help="the kamctl console script (default: this Python's)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary workspace")
    args = parser.parse_args(argv)
    if args.reps < 1 or args.warmup < 0:
        parser.error("--reps must be at least 1 and --warmup at least 0")

    cases = CASES
    if args.only:
        wanted = [word.casefold() for word in args.only]
        cases = [case for case in CASES if any(word in case.name.casefold() for word in wanted)]
        if not cases:
            parser.error(f"no case matches {args.only}; see --list")
    if args.list:
        for case in cases:
            flags = " [growth]" if case.growth else ""
            program = ["python", f"benchmarks/{case.program}"] if case.program else ["kamctl"]
            print(
                f"{case.name:<48} {shlex.join([*program, *case.argv]):<44} {case.db:<10} ≤ {case.bar}{flags}"
            )
        return 0

    bench = Bench(args)
    try:
        return run_growth(args, bench, cases) if args.growth else run_suite(args, bench, cases)
    finally:
        bench.close()


if __name__ == "__main__":
    sys.exit(main())
