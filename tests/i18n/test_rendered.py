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
