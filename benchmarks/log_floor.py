"""The raw floor of `log import` (SPEC §9): the same CSV rows inserted with the stdlib `sqlite3`
into a plain table with the same FTS5 index, in one transaction, with no checking at all.

    python benchmarks/log_floor.py LOG.csv        # into the SQLite file named by KAMCTL_DB

`run.py` times this beside `kamctl log import` in the same run; SPEC §9 wants the import within
4 × this. The file is set up as kamctl sets up its own (WAL, synchronous NORMAL, BEGIN
IMMEDIATE) and the index is schema 0003's (trigram, contentless, detail=none, columnsize=0),
filled as quickly as FTS5 allows: one INSERT … SELECT after the rows, not a trigger per row.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import sys

from kamctl.domain.log import IMPORT_FIELDS
from kamctl.store.search_index import LOG_SEARCH_SQLITE_DDL, LOG_SEARCH_TABLE

# The file's columns (those `log import` reads), `when` renamed: it is an SQL keyword.
COLUMNS = tuple("occurred_at" if name == "when" else name for name in IMPORT_FIELDS)


def main(source: str, target: str) -> None:
    connection = sqlite3.connect(target, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute(f"CREATE TABLE log_entry (id INTEGER PRIMARY KEY, {', '.join(COLUMNS)})")
    connection.execute(LOG_SEARCH_SQLITE_DDL[0])
    connection.execute("BEGIN IMMEDIATE")
    with open(source, newline="", encoding="utf-8") as file:
        rows = csv.reader(file)
        next(rows)
        marks = ", ".join("?" * len(COLUMNS))
        connection.executemany(f"INSERT INTO log_entry ({', '.join(COLUMNS)}) VALUES ({marks})", rows)
    connection.execute(
        f"INSERT INTO {LOG_SEARCH_TABLE}(rowid, notes, tags) "
        "SELECT id, notes, replace(tags, ';', ' ') FROM log_entry"
    )
    connection.execute("COMMIT")
    connection.close()


if __name__ == "__main__":
    main(sys.argv[1], os.environ["KAMCTL_DB"])
