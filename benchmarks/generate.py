"""Reference data of SPEC §9 for the benchmark runner: a 50-person team's shared history in one SQLite file.

    python benchmarks/generate.py                 # scale 1.0: 10,000 accounts, 1,000,000 log entries
    python benchmarks/generate.py --scale 0.01    # 100 accounts, 10,000 log entries (growth report)
    python benchmarks/generate.py --force         # regenerate even if the cached file is current

The file is cached as `benchmarks/data/ref-<scale>.db` (git-ignored) with a `.json` sidecar
that records how it was made; it is regenerated only when missing, when the sidecar does not
match (scale, reference day, seed, generator version, kamctl's schema: its version and a hash
of the tables, indexes and triggers kamctl creates) or with --force.

Every date is placed relative to a fixed reference day (`--today`, default 2026-11-20), so
benchmark commands must run with `KAMCTL_NOW` set to that day (`kamctl_now()` below; the
runner does this). The data is deterministic for a given scale, day and seed.

Speed: the schema comes from kamctl itself (`open_store` on a new file), then every row goes
in through the stdlib sqlite3 module in one transaction, encoded exactly as SQLAlchemy's
SQLite dialect encodes it (naive UTC `YYYY-MM-DD HH:MM:SS.ffffff` datetimes, ISO dates, JSON
text for tags, 0/1 booleans, `name_key` = casefolded name). `verify_storage` proves that
encoding after every generation: it reads sample rows through the models' column types and
writes them back through the same types into a scratch database; the stored values must be
identical.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
DATA_DIR = BENCHMARKS / "data"

DEFAULT_TODAY = date(2026, 11, 20)
DEFAULT_SEED = 20261120
SCALES = (0.01, 0.1, 1.0)
"""Scales the runner knows: 10 k, 100 k and 1 M log entries (SPEC §9's growth report)."""

GENERATOR_VERSION = 1
"""Bump whenever the generated data changes, so cached files are regenerated."""

TEAM = tuple(f"user{n:02d}" for n in range(1, 51))
"""The 50 account managers; accounts are owned round-robin, `user01` is "me" in the benchmarks."""

BENCH_ACCOUNT = "Acme Holdings"
"""Account 1: a key account owned by user01, the account that per-account benchmarks name."""

HISTORY_DAYS = 3 * 365
"""How far back the team's history goes."""

DAY = 86_400
"""Seconds: generation counts time in integer epoch seconds, UTC."""


@dataclass(frozen=True)
class Sizes:
    """Row counts of the reference data (SPEC §9) and of the extras that make it look real."""

    accounts: int = 10_000
    contacts: int = 50_000
    log_entries: int = 1_000_000
    orders: int = 100_000
    reminders: int = 20_000
    opportunities: int = 5_000

    @classmethod
    def at(cls, scale: float) -> Sizes:
        full = cls()
        return cls(**{name: max(1, round(value * scale)) for name, value in asdict(full).items()})


def kamctl_now(today: date = DEFAULT_TODAY) -> str:
    """The KAMCTL_NOW under which the reference data of `today` is "now": 09:00 UTC that day."""
    return f"{today.isoformat()}T09:00:00+00:00"


def data_path(scale: float) -> Path:
    return DATA_DIR / f"ref-{float(scale)}.db"


def _sidecar(path: Path) -> Path:
    return path.with_suffix(".json")


_schema_cache: dict[str, str] = {}


def schema_fingerprint() -> dict[str, str]:
    """kamctl's schema version and a hash of the schema it creates in a new SQLite file.

    The version alone is not enough: a schema change in progress (or one that forgot to bump
    the version) must also make cached data stale.
    """
    if not _schema_cache:
        from kamctl.store.engine import open_store
        from kamctl.store.schema_version import SCHEMA_VERSION

        with tempfile.TemporaryDirectory(prefix="kamctl-bench-schema-") as scratch:
            path = Path(scratch) / "schema.db"
            open_store(f"sqlite:///{path}").dispose()
            with contextlib.closing(sqlite3.connect(path)) as connection:
                rows = sorted(
                    connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"), key=str
                )
        _schema_cache["schema_version"] = SCHEMA_VERSION
        _schema_cache["schema_sha256"] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return dict(_schema_cache)


def _recipe(scale: float, today: date, seed: int) -> dict[str, object]:
    return {
        "scale": float(scale),
        "today": today.isoformat(),
        "seed": seed,
        "generator_version": GENERATOR_VERSION,
        **schema_fingerprint(),
    }


def is_current(path: Path, scale: float, today: date, seed: int) -> bool:
    """The cached file exists and was made by this recipe."""
    try:
        made = json.loads(_sidecar(path).read_text())
    except (OSError, ValueError):
        return False
    recipe = _recipe(scale, today, seed)
    return path.is_file() and all(made.get(key) == value for key, value in recipe.items())


def ensure_reference(
    scale: float = 1.0,
    *,
    today: date = DEFAULT_TODAY,
    seed: int = DEFAULT_SEED,
    force: bool = False,
    path: Path | None = None,
    say=print,
) -> Path:
    """The reference data file of `scale`, generated first if it is missing or stale."""
    path = path or data_path(scale)
    if not force and is_current(path, scale, today, seed):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        stale.unlink(missing_ok=True)
    say(f"Generating reference data at scale {scale} (today = {today}, seed = {seed}) into {path} …")
    started = time.perf_counter()
    cpu_started = time.process_time()
    counts = generate(partial, Sizes.at(scale), today=today, seed=seed)
    generated = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    problems = verify_storage(partial)
    if problems:
        partial.unlink(missing_ok=True)
        shown = problems[:20] + ([f"… and {len(problems) - 20} more"] if len(problems) > 20 else [])
        raise SystemExit(
            "The generated rows are not stored the way kamctl stores them:\n  " + "\n  ".join(shown)
        )
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    os.replace(partial, path)
    total = time.perf_counter() - started
    size_mb = path.stat().st_size / 1e6
    made = {
        **_recipe(scale, today, seed),
        "rows": counts,
        "seconds": round(generated, 1),
        "cpu_seconds": round(cpu, 1),
        "size_mb": round(size_mb, 1),
    }
    _sidecar(path).write_text(json.dumps(made, indent=2) + "\n")
    rows = ", ".join(f"{count:,} {table}" for table, count in counts.items())
    say(
        f"Generated in {generated:.1f} s ({cpu:.1f} s CPU; +{total - generated:.1f} s checks): "
        f"{size_mb:,.0f} MB; {rows}"
    )
    return path


# ---------------------------------------------------------------------------------------------
# Encoding: exactly what SQLAlchemy's SQLite dialect writes (checked by verify_storage).

_EPOCH_DAY = date(1970, 1, 1)
_DAY_TEXT: dict[int, str] = {}
_TAGS_TEXT: dict[tuple[str, ...], str] = {}


def _day(seconds: int) -> str:
    """A Date column value: ISO date of a UTC moment (epoch seconds)."""
    day = seconds // DAY
    text = _DAY_TEXT.get(day)
    if text is None:
        text = _DAY_TEXT[day] = (_EPOCH_DAY + timedelta(days=day)).isoformat()
    return text


def _stamp(seconds: int, microseconds: int = 0) -> str:
    """A UTCDateTime column value: naive UTC text with microseconds (the hot path of generation)."""
    minutes, second = divmod(seconds % DAY, 60)
    hour, minute = divmod(minutes, 60)
    return f"{_day(seconds)} {hour:02d}:{minute:02d}:{second:02d}.{microseconds:06d}"


def _tags(tags: Sequence[str]) -> str:
    """A JSON column value: json.dumps with its default separators and ASCII escapes."""
    key = tuple(tags)
    text = _TAGS_TEXT.get(key)
    if text is None:
        text = _TAGS_TEXT[key] = json.dumps(list(key))
    return text


class Weighted:
    """A weighted choice that costs one random number (random.choices re-adds the weights each call)."""

    def __init__(self, values: Sequence, weights: Sequence[float]) -> None:
        self.values = tuple(values)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        return self.values[bisect_right(self.cumulative, rng.random() * self.total)]


def _below(rng: random.Random, n: int) -> int:
    """A uniform integer in [0, n): randint's speed matters a million times over."""
    return int(rng.random() * n)


# ---------------------------------------------------------------------------------------------
# Vocabulary.

# fmt: off
LATIN_FIRST = (
    "Acme", "Alpine", "Apex", "Arcadia", "Aster", "Atlas", "Aurora", "Beacon", "Blue", "Boreal",
    "Cascade", "Cedar", "Crest", "Delta", "Ember", "Evergreen", "Falcon", "Fjord", "Frontier",
    "Granite", "Harbor", "Helix", "Horizon", "Iris", "Juniper", "Keystone", "Kestrel", "Lumen",
    "Meridian", "Nordic", "Northwind", "Nova", "Orion", "Pacific", "Pioneer", "Quantum", "Redwood",
    "Sierra", "Summit", "Vertex",
)
LATIN_SECOND = (
    "Analytics", "Automation", "Biotech", "Cargo", "Chemicals", "Components", "Data", "Dynamics",
    "Electric", "Energy", "Engineering", "Fleet", "Foods", "Freight", "Health", "Instruments",
    "Logistics", "Machines", "Materials", "Metals", "Mobility", "Motors", "Optics", "Packaging",
    "Pharma", "Power", "Retail", "Robotics", "Systems", "Textiles",
)
LATIN_SUFFIX = ("Inc", "Ltd", "GmbH", "Corp", "Holdings", "Group", "AG", "SA", "BV", "plc")
JAPANESE_FIRST = (
    "北斗", "大和", "東邦", "日進", "三栄", "光洋", "昭和", "富士", "大同", "東洋", "朝日", "中央",
    "太平", "共栄", "白鳥", "青葉", "桜", "港", "旭", "明星", "瑞穂", "若葉", "松風", "千代田",
    "北辰", "黎明", "紅葉", "銀河", "星野", "三河",
)
JAPANESE_SECOND = (
    "物流", "精機", "化学", "電機", "製薬", "食品", "工業", "商事", "運輸", "製作所", "電子", "建設",
    "通信", "重工", "機械", "産業", "化成", "製紙", "繊維", "技研",
)
INDUSTRIES = (
    "Manufacturing", "Logistics", "Retail", "Healthcare", "Finance", "Energy", "Telecom",
    "Software", "Automotive", "Chemicals", "Food & Beverage", "Construction", "Public sector",
    "Media", "Pharma", "製造業", "物流",
)
ACCOUNT_TAGS = (
    "apac", "emea", "americas", "japan", "strategic", "partner", "pilot", "expansion", "renewal",
    "public-sector", "cloud", "on-prem", "via-distributor", "重点", "iot", "security",
)
LOG_TAGS = (
    "pricing", "roadmap", "support", "contract", "escalation", "qbr", "demo", "training",
    "security", "integration", "価格", "障害",
)
CHANNELS = ("meeting", "visit", "call", "email", "chat", "social", "event", "other")
CHANNEL_WEIGHTS = (25, 10, 25, 25, 8, 2, 3, 2)
KINDS = ("interaction", "feedback", "win", "issue", "review")
KIND_WEIGHTS = (82, 8, 3, 4, 3)
SENTIMENTS = (None, "positive", "neutral", "negative")
SENTIMENT_WEIGHTS = (40, 30, 20, 10)
ROLES = (
    "decision-maker", "economic-buyer", "influencer", "champion", "technical", "user",
    "gatekeeper", "other",
)
ROLE_WEIGHTS = (10, 6, 18, 8, 22, 20, 6, 10)
STANCES = (None, "champion", "supporter", "neutral", "skeptic", "blocker")
STANCE_WEIGHTS = (20, 8, 25, 30, 12, 5)
TITLES = (
    "CEO", "CFO", "CIO", "Head of Operations", "Plant Manager", "Procurement Manager",
    "IT Director", "Project Lead", "Engineer", "Buyer", "部長", "課長", "工場長", "購買担当",
    "情報システム部長",
)
WESTERN_GIVEN = (
    "Anna", "Ben", "Carla", "Daniel", "Emma", "Felix", "Grace", "Hugo", "Ines", "Jonas", "Kate",
    "Liam", "Maria", "Noah", "Olivia", "Paul", "Rosa", "Sven",
)
WESTERN_FAMILY = (
    "Andersen", "Becker", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito",
    "Jensen", "Klein", "Lopez", "Meyer", "Novak",
)
JAPANESE_FAMILY = (
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田",
    "佐々木", "松本", "井上", "木村", "林", "清水",
)
JAPANESE_GIVEN = (
    "太郎", "花子", "健", "陽子", "翔", "美咲", "大輔", "直美", "誠", "由美", "拓也", "恵", "浩二",
    "彩", "剛", "真理子",
)
NOTES = (
    "Quarterly business review: usage up, asked about the new analytics module.",
    "Call about the delayed shipment; promised an update by Friday.",
    "Demo of the dashboard for the plant team. Good reception, pricing questions.",
    "Renewal discussion started; procurement wants a multi-year option.",
    "Support escalation resolved, customer satisfied with the response time.",
    "Lunch with the sponsor. Budget for next year looks stable.",
    "Sent the proposal for the second site.",
    "Workshop on integration with their ERP; two open technical questions.",
    "Complaint about invoice errors; finance is checking.",
    "New CIO introduced; wants a security review before expansion.",
    "Site visit: production line 3 now fully monitored.",
    "Email follow-up with the meeting notes and next steps.",
    "Trade fair booth visit, met the new procurement lead.",
    "Training session for 12 operators.",
    "定例会議。来期の予算は前年並みの見込み。",
    "工場見学。ライン2の稼働率が改善。",
    "価格改定について購買部と協議。次回までに見積を再提出。",
    "障害報告への対応完了。お客様から感謝のメール。",
    "新任の部長に挨拶。来月に詳細説明の場を設定。",
    "契約更新の打診あり。複数年契約を検討中とのこと。",
)
FEEDBACK_NOTES = (
    "Survey result after the support case.", "Annual satisfaction survey.",
    "Feedback from the operators after the rollout.", "アンケート結果（年次）。",
)
WIN_NOTES = (
    "Won the second-site rollout.", "Signed the three-year renewal.",
    "Upsell of the analytics module closed.", "追加ライセンスの受注。",
)
REMINDER_TITLES = (
    "Follow up", "Send the proposal", "Send meeting notes", "Check invoice status", "Schedule the QBR",
    "Call the sponsor", "見積書を送付", "議事録を送付",
)
RULES = (
    "weekly", "every 2 weeks", "monthly", "quarterly", "first monday of month",
    "RRULE:FREQ=WEEKLY;BYDAY=MO",
)
"""Recurrence rules as `remind add --every` accepts them (the demo portfolio stores the same forms)."""
GOALS = (
    "Cut downtime by 20 %", "Expand to a second site", "Move to predictive maintenance", "海外拠点の標準化",
)
OBJECTIVES = ("Run the pilot", "Sign the renewal", "Map the buying center", "Executive sponsor meeting")
OPPORTUNITY_TITLES = ("Analytics module", "Second site", "Renewal 2027", "Support upgrade", "追加ライセンス")
OPPORTUNITY_TYPES = ("upsell", "cross-sell", "renewal", "new")
# fmt: on


# ---------------------------------------------------------------------------------------------
# Generation.

# fmt: off
ACCOUNT_COLUMNS = (
    "id", "name", "name_key", "industry", "owner", "tier", "status", "stage", "share_of_wallet",
    "revenue", "profit", "order_size", "order_frequency", "growth", "strategic_fit", "influence",
    "cadence_days", "preferred_channel", "renewal_date", "tags", "notes", "archived", "master_plan",
    "created_at", "updated_at",
)
HISTORY_COLUMNS = ("id", "account_id", "changed_at", "who", "field", "old", "new")
TEAM_COLUMNS = ("id", "account_id", "person", "role")
CONTACT_COLUMNS = (
    "id", "account_id", "name", "name_key", "title", "role", "influence", "stance", "reports_to_id",
    "our_contact", "email", "phone", "cadence_days", "notes", "left", "created_at", "updated_at",
    "reading", "vcard_uid",
)
LOG_COLUMNS = (
    "id", "account_id", "occurred_at", "channel", "kind", "sentiment", "csat", "nps", "notes", "tags",
    "author", "created_at",
)
LOG_CONTACT_COLUMNS = ("log_entry_id", "contact_id")
ORDER_COLUMNS = ("id", "account_id", "ordered_on", "amount", "profit", "product")
OPPORTUNITY_COLUMNS = (
    "id", "account_id", "title", "type", "value", "status", "expected_close", "reason", "created_at",
    "closed_at", "probability", "product",
)
REMINDER_COLUMNS = (
    "id", "account_id", "contact_id", "log_entry_id", "title", "due", "rule", "created_at", "done_at",
    "assignee", "occurrences_done",
)
GOAL_COLUMNS = ("id", "account_id", "text", "created_at")
OBJECTIVE_COLUMNS = (
    "id", "account_id", "text", "due", "created_at", "done_at", "assignee", "target", "customer_owner_id",
)
REVIEW_COLUMNS = ("id", "account_id", "reviewed_at", "who", "note")
# fmt: on

GENERATED_COLUMNS = {
    "account": ACCOUNT_COLUMNS,
    "account_history": HISTORY_COLUMNS,
    "team_member": TEAM_COLUMNS,
    "contact": CONTACT_COLUMNS,
    "log_entry": LOG_COLUMNS,
    "log_contact": LOG_CONTACT_COLUMNS,
    "orders": ORDER_COLUMNS,
    "opportunity": OPPORTUNITY_COLUMNS,
    "reminder": REMINDER_COLUMNS,
    "goal": GOAL_COLUMNS,
    "objective": OBJECTIVE_COLUMNS,
    "review": REVIEW_COLUMNS,
}

TIER_WEIGHT = {"key": 6.0, "candidate": 2.0, "standard": 0.7}
"""How much more activity (log entries, orders, contacts) a tier gets than the others."""


@dataclass
class AccountFacts:
    """What later tables need to know about an account."""

    id: int
    owner: str
    tier: str
    status: str
    archived: bool
    created: int
    """Epoch seconds."""
    last_active: int
    """Epoch seconds of the latest possible log entry (some accounts have gone quiet)."""
    contacts: list[int]
    activity: float


def _spread(total: int, weights: Sequence[float]) -> list[int]:
    """`total` split in proportion to `weights` (largest remainders get the rest)."""
    whole = sum(weights)
    shares = [total * weight / whole for weight in weights]
    counts = [int(share) for share in shares]
    order = sorted(range(len(shares)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _account_names(count: int, rng: random.Random) -> list[str]:
    latin = [f"{a} {b} {c}" for a in LATIN_FIRST for b in LATIN_SECOND for c in LATIN_SUFFIX]
    japanese = [f"株式会社{a}{b}" for a in JAPANESE_FIRST for b in JAPANESE_SECOND]
    japanese += [f"{a}{b}株式会社" for a in JAPANESE_FIRST for b in JAPANESE_SECOND]
    rng.shuffle(latin)
    rng.shuffle(japanese)
    names = [BENCH_ACCOUNT]
    used = {BENCH_ACCOUNT.casefold()}
    for i in range(2, count + 1):
        pool = japanese if rng.random() < 0.2 else latin
        name = pool.pop() if pool else f"{rng.choice(LATIN_FIRST)} {rng.choice(LATIN_SECOND)} {i}"
        if name.casefold() in used:
            name = f"{name} {i}"
        used.add(name.casefold())
        names.append(name)
    return names


def _person_name(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return f"{rng.choice(JAPANESE_FAMILY)} {rng.choice(JAPANESE_GIVEN)}"
    return f"{rng.choice(WESTERN_GIVEN)} {rng.choice(WESTERN_FAMILY)}"


class Writer:
    """Bulk inserts into one open transaction, counting rows per table."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.counts: dict[str, int] = {}
        self.with_triggers = {
            table
            for (table,) in connection.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'")
        }

    def insert(self, table: str, rows: Iterable[Sequence[object]]) -> None:
        columns = GENERATED_COLUMNS[table]
        quoted = ", ".join(f'"{column}"' for column in columns)
        marks = ", ".join("?" * len(columns))
        if table not in self.with_triggers:
            cursor = self.connection.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)
            self.counts[table] = self.counts.get(table, 0) + cursor.rowcount
            return
        # kamctl's own triggers keep derived tables in step (the FTS5 index of log notes), so
        # they run here too. But FTS5 flushes its pending terms at every statement: one INSERT
        # per row makes a segment per row, about 5x slower than one INSERT … SELECT from an
        # untyped staging table (no affinity, so every value arrives exactly as given).
        self.connection.execute(f"CREATE TEMP TABLE staging ({quoted})")
        cursor = self.connection.executemany(f"INSERT INTO temp.staging VALUES ({marks})", rows)
        self.connection.execute(f'INSERT INTO main."{table}" ({quoted}) SELECT {quoted} FROM temp.staging')
        self.connection.execute("DROP TABLE temp.staging")
        self.counts[table] = self.counts.get(table, 0) + cursor.rowcount


def generate(path: Path, sizes: Sizes, *, today: date, seed: int) -> dict[str, int]:
    """Create a kamctl database at `path` and fill it with the reference data; returns row counts."""
    from kamctl.store.engine import open_store

    open_store(f"sqlite:///{path}").dispose()
    connection = sqlite3.connect(path, isolation_level=None)
    # Millions of live row tuples make every cyclic-GC pass longer (the rows hold no cycles):
    # with the collector on, generation time grows much faster than the data.
    gc.disable()
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("PRAGMA cache_size = -262144")
        connection.execute("PRAGMA temp_store = MEMORY")
        connection.execute("BEGIN")
        # Secondary indexes are built once at the end (a sort) instead of row by row; their
        # stored CREATE INDEX text is replayed unchanged, so the schema stays kamctl's own.
        indexes = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
        for name, _sql in indexes:
            connection.execute(f'DROP INDEX "{name}"')
        writer = Writer(connection)
        _fill(writer, sizes, today=today, rng=random.Random(seed))
        for _name, sql in indexes:
            connection.execute(sql)
        connection.execute("COMMIT")
        dangling = connection.execute("PRAGMA foreign_key_check").fetchmany(5)
        if dangling:
            raise SystemExit(f"generated rows refer to missing parents: {dangling}")
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        gc.enable()
        connection.close()
    return writer.counts


def _fill(writer: Writer, sizes: Sizes, *, today: date, rng: random.Random) -> None:
    # Midnight UTC of the reference day: every generated event lies before it.
    reference = int(datetime(today.year, today.month, today.day, tzinfo=UTC).timestamp())
    accounts = _accounts(writer, sizes, reference, rng)
    _contacts(writer, sizes, accounts, reference, rng)
    log_moments = _log_entries(writer, sizes, accounts, rng)
    _orders(writer, sizes, accounts, reference, rng)
    _plans(writer, sizes, accounts, reference, rng)
    _reminders(writer, sizes, accounts, log_moments, reference, rng)


def _accounts(writer: Writer, sizes: Sizes, reference: int, rng: random.Random) -> list[AccountFacts]:
    names = _account_names(sizes.accounts, rng)
    rows = []
    history = []
    team = []
    facts = []
    for index, name in enumerate(names):
        account_id = index + 1
        owner = TEAM[index % len(TEAM)]
        if account_id == 1:
            tier, status, archived = "key", "active", False
        else:
            tier = rng.choices(("key", "candidate", "standard"), (5, 15, 80))[0]
            status = rng.choices(("prospect", "active", "at-risk", "lost"), (10, 75, 8, 7))[0]
            archived = rng.random() < 0.03
        if status == "prospect" and tier == "key":
            status = "active"
        created = reference - rng.randint(30, HISTORY_DAYS) * DAY + rng.randint(0, DAY - 1)
        changed = created
        quiet_days = min(rng.expovariate(1 / 20), 400) if rng.random() < 0.3 else rng.uniform(0, 7)
        if status == "lost" or archived:
            quiet_days += rng.uniform(60, 300)
        last_active = max(created + DAY, reference - int(quiet_days * DAY) - rng.randint(1, DAY))
        activity = TIER_WEIGHT[tier] * rng.uniform(0.5, 1.5) * (0.2 if status == "prospect" else 1.0)
        history.append((None, account_id, _stamp(created), owner, "created", None, name))
        if tier == "key" and rng.random() < 0.5:
            moment = rng.randint(created, max(created, reference - 90 * DAY))
            history.append((None, account_id, _stamp(moment), owner, "tier", "candidate", "key"))
            changed = max(changed, moment)
        if status in ("at-risk", "lost"):
            moment = rng.randint(created, reference - DAY)
            history.append((None, account_id, _stamp(moment), owner, "status", "active", status))
            changed = max(changed, moment)
        manual = rng.random() < 0.1
        revenue = float(round(rng.lognormvariate(16, 1.2), -3)) if manual else None
        rows.append(
            (
                account_id,
                name,
                name.casefold(),
                rng.choice(INDUSTRIES),
                owner,
                tier,
                status,
                None if rng.random() < 0.2 else rng.randint(1, 5),
                None if rng.random() < 0.3 else round(rng.uniform(1, 95), 1),
                revenue,
                round(revenue * rng.uniform(0.05, 0.3), -3) if revenue and rng.random() < 0.7 else None,
                None,
                None,
                None if rng.random() < 0.15 else rng.randint(1, 5),
                None if rng.random() < 0.15 else rng.randint(1, 5),
                None if rng.random() < 0.15 else rng.randint(1, 5),
                rng.choice((7, 21, 30, 60, 90)) if rng.random() < 0.1 else None,
                rng.choice(CHANNELS[:4]) if rng.random() < 0.5 else None,
                _day(reference + rng.randint(-60, 400) * DAY) if rng.random() < 0.4 else None,
                _tags(rng.sample(ACCOUNT_TAGS, rng.choice((0, 0, 1, 1, 2, 3)))),
                rng.choice(NOTES) if rng.random() < 0.2 else None,
                int(archived),
                None,
                _stamp(created, rng.randint(0, 999_999)),
                _stamp(changed, rng.randint(0, 999_999)),
            )
        )
        if tier == "key":
            team.append((None, account_id, owner, "owner"))
            for person in rng.sample([p for p in TEAM if p != owner], rng.randint(1, 3)):
                team.append((None, account_id, person, rng.choice(("sales", "support", "executive-sponsor"))))
        facts.append(
            AccountFacts(account_id, owner, tier, status, archived, created, last_active, [], activity)
        )
    writer.insert("account", rows)
    writer.insert("account_history", history)
    writer.insert("team_member", team)
    return facts


def _contacts(
    writer: Writer, sizes: Sizes, accounts: list[AccountFacts], reference: int, rng: random.Random
) -> None:
    counts = _spread(sizes.contacts, [account.activity for account in accounts])
    counts[0] = max(counts[0], 12)  # the benchmark account has a real org chart
    rows = []
    contact_id = 0
    for account, count in zip(accounts, counts, strict=True):
        for position in range(count):
            contact_id += 1
            name = _person_name(rng)
            slug = f"c{contact_id}"
            reports_to = rng.choice(account.contacts) if account.contacts and rng.random() < 0.7 else None
            created = rng.randint(account.created, max(account.created, reference - DAY))
            role = "decision-maker" if position == 0 else rng.choices(ROLES, ROLE_WEIGHTS)[0]
            rows.append(
                (
                    contact_id,
                    account.id,
                    name,
                    name.casefold(),
                    rng.choice(TITLES) if rng.random() < 0.8 else None,
                    role,
                    None if rng.random() < 0.2 else rng.randint(1, 5),
                    rng.choices(STANCES, STANCE_WEIGHTS)[0],
                    reports_to,
                    account.owner
                    if rng.random() < 0.6
                    else (rng.choice(TEAM) if rng.random() < 0.75 else None),
                    f"{slug}@example.com" if rng.random() < 0.8 else None,
                    f"+81-3-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
                    if rng.random() < 0.5
                    else None,
                    rng.choice((30, 60, 90)) if rng.random() < 0.05 else None,
                    None,
                    int(rng.random() < 0.05),
                    _stamp(created, rng.randint(0, 999_999)),
                    _stamp(created, rng.randint(0, 999_999)),
                    None,
                    None,
                )
            )
            account.contacts.append(contact_id)
    writer.insert("contact", rows)


def _log_entries(
    writer: Writer, sizes: Sizes, accounts: list[AccountFacts], rng: random.Random
) -> list[tuple[int, int]]:
    """The log entries and who took part; returns (epoch seconds, account index) by entry id − 1."""
    counts = _spread(sizes.log_entries, [account.activity for account in accounts])
    # Moments first, for every entry of every account, then ids in time order: entries are
    # logged as they happen, so ids grow with time as in a real database.
    moments: list[tuple[int, int]] = []
    for index, (account, count) in enumerate(zip(accounts, counts, strict=True)):
        start, span = account.created, account.last_active - account.created + 1
        moments.extend(((start + _below(rng, span)) // 60 * 60, index) for _ in range(count))
    moments.sort()
    kinds = Weighted(KINDS, KIND_WEIGHTS)
    sentiments = Weighted(SENTIMENTS, SENTIMENT_WEIGHTS)
    channels = Weighted(CHANNELS, CHANNEL_WEIGHTS)
    csats = Weighted((1, 2, 3, 4, 5), (3, 7, 20, 45, 25))
    tag_counts = (0, 0, 0, 1, 1, 2)
    participants = Weighted((1, 2, 3), (70, 25, 5))
    chunk = 50_000
    for begin in range(0, len(moments), chunk):
        entries = []
        links = []
        for offset, (occurred, account_index) in enumerate(moments[begin : begin + chunk]):
            entry_id = begin + offset + 1
            account = accounts[account_index]
            kind = kinds.pick(rng)
            sentiment = sentiments.pick(rng)
            csat = nps = None
            notes = NOTES[_below(rng, len(NOTES))]
            if kind == "feedback":
                csat = csats.pick(rng)
                nps = _below(rng, 11) if rng.random() < 0.5 else None
                notes = rng.choice(FEEDBACK_NOTES)
            elif kind == "win":
                sentiment = "positive"
                notes = rng.choice(WIN_NOTES)
            tag_count = tag_counts[_below(rng, len(tag_counts))]
            tags = rng.sample(LOG_TAGS, tag_count) if tag_count else ()
            author = account.owner if rng.random() < 0.9 else TEAM[_below(rng, len(TEAM))]
            logged = occurred + _below(rng, 3600)
            entries.append(
                (
                    entry_id,
                    account.id,
                    _stamp(occurred),
                    channels.pick(rng),
                    kind,
                    sentiment,
                    csat,
                    nps,
                    notes,
                    _tags(tags),
                    author,
                    _stamp(logged, _below(rng, 1_000_000)),
                )
            )
            if account.contacts and rng.random() < 0.6:
                how_many = min(len(account.contacts), participants.pick(rng))
                if how_many == 1:
                    links.append((entry_id, account.contacts[_below(rng, len(account.contacts))]))
                else:
                    links.extend(
                        (entry_id, contact_id) for contact_id in rng.sample(account.contacts, how_many)
                    )
        writer.insert("log_entry", entries)
        writer.insert("log_contact", links)
    return moments


PRODUCTS = (
    "Machine Monitoring", "Predictive Maintenance", "Energy Monitoring", "Cold-Chain Monitoring",
    "Fleet Telematics", "Analytics Suite", "Edge Gateways", "Training",
)  # fmt: skip
"""What orders and opportunities sell, for `accounts whitespace`: each account buys up to three
of them. Taken from ids, not from the random generator, so the rest of the data stays as it was."""


def _product(account_id: int, number: int) -> str:
    return PRODUCTS[(account_id + number % 3) % len(PRODUCTS)]


def _orders(
    writer: Writer, sizes: Sizes, accounts: list[AccountFacts], reference: int, rng: random.Random
) -> None:
    weights = [0.0 if account.status == "prospect" else account.activity for account in accounts]
    counts = _spread(sizes.orders, weights)
    orders: list[tuple[int, int, float, float | None]] = []
    for account, count in zip(accounts, counts, strict=True):
        size = rng.lognormvariate(13.5, 0.8) * (3 if account.tier == "key" else 1)
        margin = rng.uniform(0.08, 0.35) if rng.random() < 0.75 else None
        end = account.last_active if account.status == "lost" else reference - DAY
        for _ in range(count):
            day = rng.randint(account.created, max(account.created, end)) // DAY * DAY
            amount = float(round(size * rng.uniform(0.3, 2.0), -2))
            profit = float(round(amount * margin * rng.uniform(0.7, 1.3), -2)) if margin else None
            orders.append((day, account.id, amount, profit))
    orders.sort()
    writer.insert(
        "orders",
        (
            (i, account_id, _day(day), amount, profit, _product(account_id, i))
            for i, (day, account_id, amount, profit) in enumerate(orders, 1)
        ),
    )


def _plans(
    writer: Writer, sizes: Sizes, accounts: list[AccountFacts], reference: int, rng: random.Random
) -> None:
    """Goals, objectives and reviews of key and candidate accounts; opportunities of active ones."""
    goals, objectives, reviews, opportunities = [], [], [], []
    planned = [account for account in accounts if account.tier in ("key", "candidate")]
    for account in planned:
        for _ in range(rng.randint(1, 2)):
            created = rng.randint(account.created, reference - DAY)
            goals.append((None, account.id, rng.choice(GOALS), _stamp(created)))
        for _ in range(rng.randint(1, 3)):
            created = rng.randint(account.created, reference - DAY)
            due = reference + rng.randint(-60, 180) * DAY
            done = _stamp(max(created, due - DAY)) if due < reference and rng.random() < 0.6 else None
            objectives.append(
                (None, account.id, rng.choice(OBJECTIVES), _day(due), _stamp(created), done, None, None, None)
            )
        if account.tier == "key":
            moment = reference - rng.randint(1, 150) * DAY
            while moment > account.created:
                reviews.append((None, account.id, _stamp(moment), account.owner, None))
                moment -= rng.randint(80, 100) * DAY
    writer.insert("goal", goals)
    writer.insert("objective", objectives)
    writer.insert("review", reviews)
    weighted = Weighted(accounts, [account.activity for account in accounts])
    for index in range(sizes.opportunities):
        account = weighted.pick(rng)
        created = rng.randint(account.created, reference - DAY)
        status = rng.choices(("open", "won", "lost"), (40, 35, 25))[0]
        closed = (
            _stamp(rng.randint(created, reference - 1), rng.randint(0, 999_999)) if status != "open" else None
        )
        opportunities.append(
            (
                index + 1,
                account.id,
                rng.choice(OPPORTUNITY_TITLES),
                rng.choice(OPPORTUNITY_TYPES),
                float(round(rng.lognormvariate(15, 1), -3)) if rng.random() < 0.85 else None,
                status,
                _day(reference + rng.randint(-200, 200) * DAY) if rng.random() < 0.7 else None,
                rng.choice(("price", "timing", "competitor"))
                if status == "lost" and rng.random() < 0.6
                else None,
                _stamp(created, rng.randint(0, 999_999)),
                closed,
                None,
                PRODUCTS[index * 5 % len(PRODUCTS)],
            )
        )
    writer.insert("opportunity", opportunities)


def _reminders(
    writer: Writer,
    sizes: Sizes,
    accounts: list[AccountFacts],
    moments: list[tuple[int, int]],
    reference: int,
    rng: random.Random,
) -> None:
    """Follow-ups (most from log entries), stand-alone ones and recurring ones; old ones are done."""
    rows = []
    # Follow-ups from log entries (`log --next`), mostly recent: they are made as work happens.
    recent = [i for i in range(len(moments)) if moments[i][0] > reference - 120 * DAY] or list(
        range(len(moments))
    )
    for reminder_id in range(1, sizes.reminders + 1):
        roll = rng.random()
        rule = None
        log_entry_id = None
        if roll < 0.65:
            index = rng.choice(recent) if rng.random() < 0.7 else rng.randrange(len(moments))
            created, account_index = moments[index]
            account = accounts[account_index]
            log_entry_id = index + 1
            due = created + rng.randint(1, 21) * DAY
        elif roll < 0.9:
            account = rng.choice(accounts)
            created = rng.randint(max(account.created, reference - 60 * DAY), reference - 1)
            due = reference + rng.randint(-20, 60) * DAY
        else:
            account = rng.choice(accounts)
            created = rng.randint(account.created, reference - 1)
            due = reference + rng.randint(-7, 30) * DAY
            rule = rng.choice(RULES)
        done = None
        if rule is None and ((due < reference - 14 * DAY and rng.random() < 0.95) or rng.random() < 0.15):
            done = _stamp(
                min(reference - 1, max(created, due + rng.randint(-3, 3) * DAY)), rng.randint(0, 999_999)
            )
        contact = rng.choice(account.contacts) if account.contacts and rng.random() < 0.3 else None
        rows.append(
            (
                reminder_id,
                account.id,
                contact,
                log_entry_id,
                rng.choice(REMINDER_TITLES),
                _day(due),
                rule,
                _stamp(created, rng.randint(0, 999_999)),
                done,
                # Every fifth reminder is given to a colleague (`--assignee`), without drawing from
                # `rng`, so that the rest of the data stays as it was.
                TEAM[reminder_id // 5 % len(TEAM)] if reminder_id % 5 == 0 else None,
                0,
            )
        )
    writer.insert("reminder", rows)


# ---------------------------------------------------------------------------------------------
# Proof that the rows are stored as kamctl stores them.


def verify_storage(path: Path) -> list[str]:
    """Differences between the generated rows and the same values written by kamctl's column types.

    Samples rows of every table (the first, the last, and one where each column is not null),
    reads them through the models' tables (SQLAlchemy's result processors: UTCDateTime, Date,
    JSON, Boolean), inserts them through the same tables into a database that kamctl created,
    and compares the stored values and their SQLite types. Also reports model columns that the
    generator does not fill, and any difference from kamctl's own schema.
    """
    from sqlalchemy import create_engine, select

    from kamctl.store import models
    from kamctl.store.engine import open_store

    problems = []
    with tempfile.TemporaryDirectory(prefix="kamctl-bench-check-") as scratch:
        scratch_path = Path(scratch) / "orm.db"
        open_store(f"sqlite:///{scratch_path}").dispose()
        source = create_engine(f"sqlite:///{path}")
        target = create_engine(f"sqlite:///{scratch_path}")
        tables = [model.__table__ for model in models.ALL_TABLES]
        raw_source = sqlite3.connect(path)
        raw_target = sqlite3.connect(scratch_path)
        try:
            schema = "SELECT type, name, tbl_name, sql FROM sqlite_master"
            ours, kamctls = set(raw_source.execute(schema)), set(raw_target.execute(schema))
            for entry in sorted(ours ^ kamctls, key=str):
                side = "generated file only" if entry in ours else "kamctl's schema only"
                problems.append(f"schema differs ({side}): {entry[0]} {entry[1]}")
            with source.connect() as reading, target.begin() as writing:
                for table in tables:
                    columns = [column.name for column in table.columns]
                    generated = GENERATED_COLUMNS.get(table.name)
                    if generated is not None:
                        missing = sorted(set(columns) - set(generated))
                        if missing:
                            problems.append(f"{table.name}: the generator does not fill {', '.join(missing)}")
                    keys = [column.name for column in table.primary_key.columns]
                    for key in _sample_keys(raw_source, table.name, keys, columns):
                        condition = [table.c[name] == value for name, value in zip(keys, key, strict=True)]
                        row = reading.execute(select(table).where(*condition)).mappings().one()
                        writing.execute(table.insert().values(dict(row)))
            for table in tables:
                keys = [column.name for column in table.primary_key.columns]
                columns = [column.name for column in table.columns]
                for key in _sample_keys(raw_source, table.name, keys, columns):
                    ours = _raw_row(raw_source, table.name, keys, key, columns)
                    theirs = _raw_row(raw_target, table.name, keys, key, columns)
                    for column, mine, orm in zip(columns, ours, theirs, strict=True):
                        if mine != orm:
                            problems.append(
                                f"{table.name}.{column} {key}: generated {mine!r}, kamctl stores {orm!r}"
                            )
        finally:
            raw_source.close()
            raw_target.close()
            source.dispose()
            target.dispose()
    return problems


def _sample_keys(
    connection: sqlite3.Connection, table: str, keys: list[str], columns: list[str]
) -> list[tuple]:
    key_list = ", ".join(f'"{key}"' for key in keys)
    queries = [
        f'SELECT {key_list} FROM "{table}" ORDER BY rowid LIMIT 1',
        f'SELECT {key_list} FROM "{table}" ORDER BY rowid DESC LIMIT 1',
    ]
    queries += [
        f'SELECT {key_list} FROM "{table}" WHERE "{column}" IS NOT NULL LIMIT 1' for column in columns
    ]
    found: dict[tuple, None] = {}
    for query in queries:
        row = connection.execute(query).fetchone()
        if row is not None:
            found[tuple(row)] = None
    return list(found)


def _raw_row(
    connection: sqlite3.Connection, table: str, keys: list[str], key: tuple, columns: list[str]
) -> list[tuple[str, object]]:
    where = " AND ".join(f'"{name}" = ?' for name in keys)
    selected = ", ".join(f'typeof("{column}"), "{column}"' for column in columns)
    row = connection.execute(f'SELECT {selected} FROM "{table}" WHERE {where}', key).fetchone()
    if row is None:
        return [("missing", None)] * len(columns)
    return [(row[i], row[i + 1]) for i in range(0, len(row), 2)]


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = SPEC §9 reference sizes (default)")
    parser.add_argument(
        "--today", type=date.fromisoformat, default=DEFAULT_TODAY, help="reference day (ISO date)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="regenerate even if the cached file is current")
    parser.add_argument("--all", action="store_true", help=f"every scale the runner uses: {SCALES}")
    parser.add_argument("--output", type=Path, help="write here instead of benchmarks/data/ref-<scale>.db")
    args = parser.parse_args(argv)
    if args.all and args.output:
        parser.error("--output names one file; it cannot be used with --all")
    for scale in SCALES if args.all else (args.scale,):
        path = ensure_reference(scale, today=args.today, seed=args.seed, force=args.force, path=args.output)
        made = json.loads(_sidecar(path).read_text())
        print(
            f"{path}: scale {scale}, {made['size_mb']:,} MB (generated in {made['seconds']} s); "
            f"run commands on it with KAMCTL_NOW={kamctl_now(args.today)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
