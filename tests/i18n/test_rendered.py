"""No English left in Japanese output (SPEC §12): every view of the README's tour, rendered on the
sample portfolio in Japanese, is scanned for the English words of kamctl's own catalog.

A word counts when it is a word of some catalog string (kamctl's messages, headers, help) and it
is not in the sample's own data (account names, notes, products are user text and stay as typed)
nor one of the terms kept in English on purpose (formats, options, acronyms)."""

from __future__ import annotations

import importlib.util
import re
import sqlite3
from functools import cache
from pathlib import Path

import pytest

WORD = re.compile(r"[A-Za-z]{4,}")
ROOT = Path(__file__).resolve().parents[2]

KEPT = {
    # formats, file types, products of others, options and names that stay as they are
    "json", "html", "mermaid", "vcard", "ical", "plain", "table", "excel", "kamctl", "sqlite",
    "postgresql", "khal", "khard", "calcurse", "graphviz", "utf", "stdin", "stdout", "yyyy",
    "csat", "qbr", "whitespace", "demo", "since", "until", "limit", "tier", "mine", "open",
    "explain", "matrix", "sensitivity", "seed", "show", "list", "search", "report", "account",
    "accounts", "score", "remind", "contacts", "map", "risk", "summary", "format",
    "cadence",  # `--kind cadence` to type, in remind's hint (wrapped away from its option)
    "renew",  # a command word in a hint wrapped inside a panel
    "currency",  # a setting's name, typed as it is
    "none",  # the word `settings set` takes for "no value", shown as what to type
}  # fmt: skip

TOUR = [
    ("score",),
    ("score", "explain", "Kappa Motors"),
    ("score", "matrix"),
    ("score", "sensitivity", "--seed", "1"),
    ("accounts", "list"),
    ("accounts", "show", "株式会社みなと物流"),
    ("accounts", "history", "Kappa Motors"),
    ("accounts", "plan", "Kappa Motors"),
    ("accounts", "team", "Kappa Motors"),
    ("accounts", "orders", "list", "Kappa Motors"),
    ("accounts", "opp", "list"),
    ("accounts", "risk", "list", "--open"),
    ("accounts", "whitespace", "--tier", "key"),
    ("contacts", "list", "Kappa Motors"),
    ("contacts", "map", "株式会社みなと物流"),
    ("remind",),
    ("remind", "--summary"),
    ("remind", "-f", "plain"),
    ("remind", "--mine"),
    ("log", "list", "--limit", "5"),
    ("log", "search", "見積"),
    ("report",),
    ("report", "-f", "md"),
    ("report", "-f", "html"),
    ("report", "account", "Kappa Motors"),
    ("report", "account", "Kappa Motors", "--qbr", "-f", "md"),
    ("report", "account", "Kappa Motors", "--qbr", "-f", "html"),
    ("report", "team"),
    ("settings", "list"),
]


@cache
def catalog_words() -> frozenset[str]:
    spec = importlib.util.spec_from_file_location("catalog", ROOT / "tools" / "catalog.py")
    catalog = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(catalog)
    words: set[str] = set()
    for message in catalog.template([str(path) for path in catalog.source_files()]):
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            # Placeholders and quoted option names are not words a reader sees translated.
            text = re.sub(r"\{[^}]*\}|`[^`]*`|--[a-z-]+|'[^']*'", " ", text or "")
            words.update(word.lower() for word in WORD.findall(text))
    return frozenset(words)


def data_words(database: Path) -> set[str]:
    words: set[str] = set()
    with sqlite3.connect(database) as connection:
        tables = [
            row[0]
            for row in connection.execute("select name from sqlite_master where type = 'table'")
            if "_fts" not in row[0]  # the search index holds the notes again, and cannot be scanned
        ]
        for table in tables:
            for row in connection.execute(f'select * from "{table}"'):
                for value in row:
                    if isinstance(value, str):
                        words.update(word.lower() for word in WORD.findall(value))
    return words


def english_left(text: str, allowed: set[str]) -> list[str]:
    text = re.sub(r"<style>.*?</style>|<script>.*?</script>", " ", text, flags=re.S)  # the page's CSS
    # Markup, options, links, setting keys (weights.revenue, csat_avg) and commands to type.
    text = re.sub(r"<[^>]+>|--[a-z-]+|https?://\S+|\b\w+[._]\w[\w.]*", " ", text)
    text = re.sub(r"\b[a-z-]+(?::[a-z0-9-]+)+", " ", text)  # reminder ids to type (cadence:contact:15)
    text = re.sub(r"\b[a-z]+(?:-[a-z]+)+\b", " ", text)  # finding and reason codes (blocker-high-influence)
    text = re.sub(r"kamctl(?:\s+[a-z][a-z-]*)+(?:\s+[A-Z]+|\s+[0-9]+)*", " ", text)
    return sorted({word for word in WORD.findall(text) if word.lower() in catalog_words() - allowed})


@pytest.mark.parametrize("line", TOUR, ids=" ".join)
def test_the_tour_has_no_english_left_in_japanese(sample_portfolio, db_url, monkeypatch, line):
    monkeypatch.setenv("KAMCTL_LANG", "ja")
    monkeypatch.setenv("COLUMNS", "80")
    outcome = sample_portfolio(*line)
    allowed = KEPT | data_words(Path(db_url.removeprefix("sqlite:///")))
    text = outcome.stdout + outcome.stderr
    left = english_left(text, allowed)
    lines = [line.strip() for line in text.splitlines() if any(re.search(rf"\b{word}\b", line) for word in left)]
    assert left == [], f"{left}\n" + "\n".join(lines[:20])


# ---------------------------------------------------------------------------------------------
# Every command, not only the tour


def command_paths() -> list[tuple[str, ...]]:
    """Every command of the tree, groups included (`()` is kamctl itself), built as `--help`
    builds them."""
    from typer.main import get_command

    from kamctl.cli import GROUPS, _build_group, app

    def walk(command, path):
        yield path
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, (*path, name))

    root = get_command(app)
    paths = [(), *((name,) for name in root.commands if name not in GROUPS)]
    for group in GROUPS:
        paths.extend(walk(_build_group(group), (group,)))
    return paths


def leaf_paths() -> set[tuple[str, ...]]:
    paths = command_paths()
    return {path for path in paths if path and not any(other[: len(path)] == path != other for other in paths)}


TYPED_IN_HELP = {
    # values and examples typed as they are: file columns, encodings, rules, formats, team roles
    "manufacturing", "name", "revenue", "profit", "amount", "date", "product", "when", "channel",
    "kind", "notes", "latin", "daily", "weekly", "every", "weeks", "monthly", "quarterly",
    "yearly", "first", "monday", "month", "rank", "minmax", "tree", "candidate", "viewer",
    "member", "manager", "markdown", "icalendar", "sqlalchemy", "psycopg", "import", "handover",
    "left",
}  # fmt: skip


@pytest.mark.parametrize("path", command_paths(), ids=lambda path: " ".join(path) or "kamctl")
def test_every_help_page_has_no_english_left(run, monkeypatch, path):
    monkeypatch.setenv("KAMCTL_LANG", "ja")
    monkeypatch.setenv("COLUMNS", "80")
    page = run(*path, "--help").stdout
    assert page.startswith("使い方: kamctl")
    names = {word for other in command_paths() for word in other}
    # Metavars (NAME, DATE) and choice lists (<rank|minmax|log>) are what to type.
    page = re.sub(r"\b[A-Z][A-Z_]+\b|<[^>]*>", " ", page)
    left = english_left(page, KEPT | TYPED_IN_HELP | names)
    assert left == [], "\n".join(line for line in page.splitlines() if any(word in line for word in left))


EVERY_COMMAND = [
    ("accounts", "add", "北斗テスト株式会社", "--tier", "候補", "--channel", "訪問"),
    ("accounts", "edit", "Kappa Motors", "--status", "要注意", "--renewal", "2027年3月31日"),
    ("accounts", "archive", "Sakura Foods"),
    ("accounts", "unarchive", "Kappa Motors"),
    ("accounts", "rm", "Kappa Motors"),
    ("accounts", "import", "{folder}/accounts.csv"),
    ("accounts", "export", "-o", "{folder}/accounts-out.csv"),
    ("accounts", "review", "Kappa Motors", "--note", "順調"),
    ("accounts", "handover", "Kappa Motors", "--to", "yamada"),
    ("accounts", "renew", "株式会社みなと物流", "--until", "2027-11-25"),
    ("accounts", "orders", "add", "Kappa Motors", "1200000"),
    ("accounts", "orders", "import", "{folder}/orders.csv"),
    ("accounts", "opp", "add", "Kappa Motors", "追加ライン", "--type", "アップセル", "--value", "5000000"),
    ("accounts", "opp", "won", "7"),
    ("accounts", "opp", "lost", "26"),
    ("accounts", "risk", "add", "Kappa Motors", "競合の値下げ", "--severity", "高"),
    ("accounts", "risk", "close", "3"),
    ("score", "weights"),
    ("score", "apply", "--dry-run"),
    ("score", "save"),
    ("score", "trend", "Kappa Motors"),
    ("contacts", "add", "Kappa Motors", "山田 太郎", "--role", "意思決定者", "--stance", "中立"),
    ("contacts", "show", "Kenji Morita"),
    ("contacts", "edit", "Kenji Morita", "--stance", "中立"),
    ("contacts", "rm", "Tom Becker"),
    ("contacts", "left", "Tom Becker"),
    ("contacts", "import", "{folder}/contacts.csv"),
    ("contacts", "export", "Kappa Motors", "-f", "vcard", "-o", "{folder}/kappa.vcf"),
    ("log", "add", "Kappa Motors", "電話で確認", "--channel", "電話", "--next", "金曜"),
    ("log", "show", "1013"),
    ("log", "edit", "1013", "--sentiment", "好意的"),
    ("log", "rm", "1014"),
    ("log", "import", "{folder}/log.csv"),
    ("log", "export", "-o", "{folder}/log-out.csv"),
    ("remind", "add", "Kappa Motors", "見積を送る", "--due", "金曜"),
    ("remind", "done", "14"),
    ("remind", "snooze", "10", "--until", "来週の月曜"),
    ("remind", "list"),
    ("remind", "rm", "4"),
    ("remind", "export", "-o", "{folder}/kamctl.ics"),
    ("report", "wins"),
    ("settings", "get", "currency"),
    ("settings", "set", "cadence.key", "21"),
    ("db", "path"),
    ("db", "migrate"),
    ("db", "check"),
    ("db", "backup", "{folder}/backup.db"),
    ("db", "export", "{folder}/dump.json"),
    ("db", "import", "{folder}/dump.json"),
    ("db", "demo"),
    ("db", "team", "init"),
    ("db", "team", "add", "tanaka", "--role", "member"),
    ("db", "team", "list"),
    ("db", "team", "rm", "tanaka"),
]
"""One line for each command the tour does not run, changes included (each on its own copy of the
sample). The answers read: confirmations, refusals and errors (the team commands refuse on SQLite,
`rm` asks to be confirmed) are all sentences a reader sees."""

NOT_SCANNED = {("mcp",): "speaks JSON-RPC to an assistant: tool descriptions stay English for it"}

FILES = {
    "accounts.csv": "name,tier,industry\n新規商事株式会社,candidate,retail\n",
    "orders.csv": "account,date,amount\nKappa Motors,2026-11-02,300000\n",
    "contacts.csv": "account,name,role\nKappa Motors,佐藤 花子,user\n",
    "log.csv": "account,when,channel,notes\nKappa Motors,2026-11-03,visit,工場見学\n",
}


def test_every_command_is_scanned():
    run = {line[: len(path)] for line in TOUR + EVERY_COMMAND for path in leaf_paths() if line[: len(path)] == path}
    assert leaf_paths() - run == set(NOT_SCANNED)


@pytest.mark.parametrize("line", EVERY_COMMAND, ids=" ".join)
def test_every_command_has_no_english_left(sample_portfolio, db_url, monkeypatch, tmp_path, line):
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("KAMCTL_LANG", "ja")
    monkeypatch.setenv("COLUMNS", "80")
    allowed = KEPT | data_words(Path(db_url.removeprefix("sqlite:///")))
    outcome = sample_portfolio(*(word.format(folder=tmp_path) for word in line), exit=None, input="")
    text = outcome.stdout + outcome.stderr
    assert text.strip(), "the command says what it did"
    left = english_left(text, allowed | {word.lower() for name in FILES for word in WORD.findall(FILES[name])})
    lines = [line.strip() for line in text.splitlines() if any(re.search(rf"\b{word}\b", line) for word in left)]
    assert left == [], f"{left}\n" + "\n".join(lines[:20])
