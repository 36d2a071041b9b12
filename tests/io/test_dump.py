"""`db export` / `db import` (SPEC §2): a complete, versioned dump; export → import → export is identical."""

from __future__ import annotations

import copy
import io
import json
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fixtures.dbs.make_fixture import sample_tables
from helpers import new_database
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from kamctl.errors import Conflict, InvalidValue
from kamctl.io.dump import DUMP_FORMAT, dump_to_text, export_database, import_database, write_dump
from kamctl.render.safe import json_safe
from kamctl.store import models
from kamctl.store.engine import is_empty, open_store
from kamctl.store.schema_version import SCHEMA_VERSION

pytestmark = pytest.mark.postgres

TOKYO = timezone(timedelta(hours=9))
TABLE_ORDER = [model.__tablename__ for model in models.ALL_TABLES]


@pytest.fixture
def store(db_url: str):
    opened = open_store(db_url)
    yield opened
    opened.dispose()


@pytest.fixture
def other_store(db_url: str, tmp_path: Path) -> Iterator:
    """A second, empty database of the same kind as `store` (another schema on PostgreSQL)."""
    if db_url.startswith("postgresql"):
        from sqlalchemy import create_engine

        base = os.environ["KAMCTL_TEST_DATABASE_URL"]
        schema = f"t_{uuid.uuid4().hex[:12]}"
        admin = create_engine(base)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in base else "?"
        opened = open_store(f"{base}{separator}options=-csearch_path%3D{schema}")
        yield opened
        opened.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    else:
        opened = open_store(f"sqlite:///{tmp_path / 'other.db'}")
        yield opened
        opened.dispose()


def _dump(tables: dict[str, list[dict]]) -> dict:
    return {"kamctl_dump": DUMP_FORMAT, "schema_version": SCHEMA_VERSION, "tables": tables}


def _fill_with_orm(store) -> None:
    """Rows written the way the commands write them: models, aware datetimes in several zones."""
    at = datetime(2026, 11, 20, 9, 15, 30, 123456, tzinfo=TOKYO)
    with store.transaction() as session:
        account = models.Account(
            name="株式会社テスト",
            name_key="株式会社テスト",
            tags=["日本", "key"],
            notes=None,
            share_of_wallet=0.1 + 0.2,
            created_at=at,
            updated_at=at.astimezone(UTC),
        )
        session.add(account)
        session.flush()
        boss = models.Contact(
            account_id=account.id, name="田中 一郎", name_key="田中 一郎", created_at=at, updated_at=at
        )
        session.add(boss)
        session.flush()
        session.add(
            models.Contact(
                account_id=account.id,
                name="[red]x[/]",
                name_key="[red]x[/]",
                reports_to_id=boss.id,
                email=None,
                created_at=at,
                updated_at=at,
            )
        )
        entry = models.LogEntry(
            account_id=account.id,
            occurred_at=at - timedelta(days=400),
            notes='会議 \x07 bell, "quotes", emoji 🎌',
            tags=[],
            created_at=at,
        )
        session.add(entry)
        session.add(
            models.Reminder(
                account_id=account.id, title="フォロー", due=date(2026, 12, 1), created_at=at, done_at=None
            )
        )
        session.add(models.Snooze(item_id="cadence:1", until=date(2027, 1, 1)))
        session.add(models.Setting(key="weights.revenue", value="2.5"))


def test_the_dump_has_every_table_in_order_and_json_safe_values(store):
    _fill_with_orm(store)
    dump = export_database(store)
    assert list(dump) == ["kamctl_dump", "schema_version", "tables"]
    assert dump["kamctl_dump"] == 1 and dump["schema_version"] == SCHEMA_VERSION
    assert list(dump["tables"]) == TABLE_ORDER
    account = dump["tables"]["account"][0]
    assert account["created_at"] == "2026-11-20T00:15:30.123456+00:00"  # 09:15:30+09:00 in UTC
    assert account["tags"] == ["日本", "key"] and account["archived"] is False and account["notes"] is None
    assert account["share_of_wallet"] == 0.1 + 0.2
    assert dump["tables"]["reminder"][0]["due"] == "2026-12-01"
    assert [c["reports_to_id"] for c in dump["tables"]["contact"]] == [None, 1]
    assert dump_to_text(dump) == json_safe(json.dumps(dump, ensure_ascii=False, indent=2)) + "\n"


def test_export_import_export_is_identical(store, other_store):
    _fill_with_orm(store)
    first = export_database(store)
    counts = import_database(other_store, json.loads(dump_to_text(first)))
    assert counts == {table: len(first["tables"][table]) for table in TABLE_ORDER}
    second = export_database(other_store)
    assert second == first
    assert dump_to_text(second) == dump_to_text(first)
    assert json.dumps(second, ensure_ascii=False, indent=2, sort_keys=False) == json.dumps(
        first, ensure_ascii=False, indent=2, sort_keys=False
    )


def test_the_stored_sample_rows_round_trip_with_their_ids(store, other_store):
    """Forward references (a contact reporting to a later contact) and every table."""
    tables = sample_tables()
    import_database(store, _dump(copy.deepcopy(tables)))
    exported = export_database(store)
    assert {
        name: [row["id"] for row in rows]
        for name, rows in exported["tables"].items()
        if rows and "id" in rows[0]
    } == {name: [row["id"] for row in rows] for name, rows in tables.items() if "id" in rows[0]}
    import_database(other_store, exported)
    assert export_database(other_store) == exported


def test_new_rows_after_an_import_get_fresh_ids(store):
    """On PostgreSQL the id sequences are moved past the imported ids."""
    import_database(store, _dump(sample_tables()))
    moment = datetime(2026, 11, 20, tzinfo=UTC)
    with store.transaction() as session:
        account = models.Account(name="New", name_key="new", created_at=moment, updated_at=moment)
        session.add(account)
    assert account.id == 4


def test_streaming_writer_gives_the_same_text(store):
    _fill_with_orm(store)
    stream = io.StringIO()
    counts = write_dump(store, stream)
    assert stream.getvalue() == dump_to_text(export_database(store))
    assert counts["account"] == 1 and counts["contact"] == 2 and counts["goal"] == 0


def test_an_empty_database_dumps_and_streams_identically(store, other_store):
    dump = export_database(store)
    assert dump["tables"] == {table: [] for table in TABLE_ORDER}
    stream = io.StringIO()
    write_dump(store, stream)
    assert stream.getvalue() == dump_to_text(dump)
    assert import_database(other_store, dump) == dict.fromkeys(TABLE_ORDER, 0)


def test_import_into_a_non_empty_database_is_refused_and_changes_nothing(store):
    import_database(store, _dump(sample_tables()))
    before = export_database(store)
    with pytest.raises(
        Conflict, match=r"^the database is not empty; import into a new database \(--db NEW.db\)$"
    ):
        import_database(store, _dump({"setting": [{"key": "other", "value": "1"}]}))
    assert export_database(store) == before


def test_a_bad_row_in_the_middle_imports_nothing(store):
    tables = sample_tables()
    tables["log_entry"][1]["occurred_at"] = "2026-11-20 10:00"  # no offset
    with pytest.raises(
        InvalidValue, match=r"table log_entry, row 2: occurred_at must be an ISO 8601 datetime"
    ):
        import_database(store, _dump(tables))
    assert is_empty(store)


def test_rows_that_do_not_fit_together_import_nothing(store):
    """Valid values, but an order of an account that does not exist: the database refuses, all rolls back."""
    tables = sample_tables()
    tables["orders"][1]["account_id"] = 99
    with pytest.raises(InvalidValue, match=r"do not fit together .*nothing was imported"):
        import_database(store, _dump(tables))
    assert is_empty(store)


def test_duplicate_ids_import_nothing(store):
    tables = sample_tables()
    tables["goal"].append(dict(tables["goal"][0]))
    with pytest.raises(InvalidValue, match="nothing was imported"):
        import_database(store, _dump(tables))
    assert is_empty(store)


@pytest.mark.parametrize(
    ("dump", "message"),
    [
        ([], "not a kamctl dump"),
        ({"tables": {}}, "not a kamctl dump"),
        ({"kamctl_dump": True, "schema_version": SCHEMA_VERSION, "tables": {}}, "expected a version number"),
        (
            {"kamctl_dump": 2, "schema_version": SCHEMA_VERSION, "tables": {}},
            r"format version 2, newer than this kamctl understands \(1\); upgrade kamctl",
        ),
        (
            {"kamctl_dump": 1, "schema_version": "9999", "tables": {}},
            "schema version 9999, which this kamctl",
        ),
        ({"kamctl_dump": 1, "schema_version": SCHEMA_VERSION}, 'no "tables" object'),
        (
            {"kamctl_dump": 1, "schema_version": SCHEMA_VERSION, "tables": {"invoices": []}},
            "unknown tables: invoices",
        ),
        (
            {"kamctl_dump": 1, "schema_version": SCHEMA_VERSION, "tables": {"setting": {}}},
            "not a list of rows",
        ),
        (
            {"kamctl_dump": 1, "schema_version": SCHEMA_VERSION, "tables": {"setting": [["k", "v"]]}},
            "row 1: expected an object",
        ),
        (
            {"kamctl_dump": 1, "schema_version": SCHEMA_VERSION, "tables": {"setting": [{"key": "k"}]}},
            "row 1: value is missing or null",
        ),
        (
            {
                "kamctl_dump": 1,
                "schema_version": SCHEMA_VERSION,
                "tables": {"setting": [{"key": "k", "value": "v", "extra": 1}]},
            },
            "unknown columns extra",
        ),
        (
            {
                "kamctl_dump": 1,
                "schema_version": SCHEMA_VERSION,
                "tables": {"snooze": [{"item_id": "a", "until": 5}]},
            },
            r"until must be an ISO date \(2026-11-20\), not 5",
        ),
        (
            {
                "kamctl_dump": 1,
                "schema_version": SCHEMA_VERSION,
                "tables": {"setting": [{"key": 1, "value": "v"}]},
            },
            "key must be text, not 1",
        ),
        (
            {
                "kamctl_dump": 1,
                "schema_version": SCHEMA_VERSION,
                "tables": {"setting": [{"key": "\ud800", "value": "v"}]},
            },
            "key must be valid Unicode text",
        ),
    ],
)
def test_a_dump_of_the_wrong_shape_is_refused_with_a_clear_message(store, dump, message):
    with pytest.raises(InvalidValue, match=message):
        import_database(store, dump)
    assert is_empty(store)


def test_wrong_value_types_are_refused(store):
    """Booleans are not numbers, numbers must be finite, tags are lists of text."""

    def account(**changes):
        row = sample_tables()["account"][0] | changes
        return _dump({"account": [row]})

    for changes, message in [
        ({"archived": 1}, "archived must be true or false"),
        ({"stage": True}, "stage must be a whole number"),
        ({"stage": 1.5}, "stage must be a whole number"),
        ({"revenue": "12"}, "revenue must be a number"),
        ({"revenue": float("nan")}, "revenue must be a finite number"),
        ({"revenue": 10**400}, "revenue must be a finite number"),
        ({"revenue": 1e308}, "revenue must be a number of at most 1,000,000,000,000,000 either way"),
        ({"tags": "a,b"}, "tags must be a list of text"),
        ({"tags": [1]}, "tags must be a list of text"),
        ({"created_at": "yesterday"}, "created_at must be an ISO 8601 datetime"),
        ({"id": None}, "id is missing or null"),
        ({"id": 2**31}, "id must be a whole number from -2147483648 to 2147483647"),
        ({"renewal_date": "0001-01-01"}, "renewal_date must be a date from 1900-01-01 to 2999-12-31"),
        (
            {"created_at": "9999-12-31T23:00:00+00:00"},
            "created_at must be a date from 1900-01-01 to 2999-12-31",
        ),
    ]:
        with pytest.raises(InvalidValue, match=message):
            import_database(store, account(**changes))
        assert is_empty(store)


# --- property: any text, number and moment survives the round trip ---------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_moments = st.datetimes(
    # hypothesis takes naive bounds and attaches the zones itself
    min_value=datetime(1970, 1, 2),  # noqa: DTZ001
    max_value=datetime(2200, 1, 1),  # noqa: DTZ001
    timezones=st.sampled_from([UTC, TOKYO, timezone(timedelta(hours=-7, minutes=-30))]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(_text, min_size=1, max_size=4, unique_by=str.casefold),
    notes=st.one_of(st.none(), _text),
    tags=st.lists(_text, max_size=3),
    revenue=st.one_of(st.none(), st.floats(min_value=-1e15, max_value=1e15)),
    moment=_moments,
)
def test_round_trip_property_on_sqlite(tmp_path_factory, names, notes, tags, revenue, moment):
    folder = tmp_path_factory.mktemp("prop")
    first_store, second_store = (
        open_store(f"sqlite:///{new_database(folder / name)}") for name in ("a.db", "b.db")
    )
    try:
        with first_store.transaction() as session:
            for name in names:
                session.add(
                    models.Account(
                        name=name,
                        name_key=name.casefold(),
                        notes=notes,
                        tags=tags,
                        revenue=revenue,
                        created_at=moment,
                        updated_at=moment,
                    )
                )
        exported = export_database(first_store)
        first = dump_to_text(exported)
        assert first == json_safe(json.dumps(exported, ensure_ascii=False, indent=2)) + "\n"
        import_database(second_store, json.loads(first))
        assert dump_to_text(export_database(second_store)) == first
    finally:
        first_store.dispose()
        second_store.dispose()


def test_awkward_numbers_and_text_keys_round_trip(store, other_store):
    """-0.0 is written as 0.0 (SQLite cannot keep the sign); text keys sort by code point."""
    tables = sample_tables()
    tables["account"][0]["revenue"] = -0.0
    tables["account"][1]["revenue"] = 999999999999999.9  # the largest amounts kamctl takes are 1e15
    tables["account"][2]["revenue"] = 5e-324
    tables["snooze"] = [{"item_id": key, "until": "2026-12-01"} for key in ["b", "B", "日本", "Ä", "_x", "a"]]
    import_database(store, _dump(tables))
    dump = export_database(store)
    assert [row["revenue"] for row in dump["tables"]["account"]] == [0.0, 999999999999999.9, 5e-324]
    assert [row["item_id"] for row in dump["tables"]["snooze"]] == ["B", "_x", "a", "b", "Ä", "日本"]
    import_database(other_store, json.loads(dump_to_text(dump)))
    assert dump_to_text(export_database(other_store)) == dump_to_text(dump)


@pytest.mark.skipif(not os.environ.get("KAMCTL_TEST_DATABASE_URL"), reason="needs KAMCTL_TEST_DATABASE_URL")
def test_the_same_data_gives_the_same_file_on_sqlite_and_postgresql(store, tmp_path):
    if store.is_sqlite:
        pytest.skip("runs in the PostgreSQL pass")
    tables = sample_tables()
    tables["account"][0]["revenue"] = -0.0
    import_database(store, _dump(copy.deepcopy(tables)))
    sqlite_store = open_store(f"sqlite:///{tmp_path / 'same.db'}")
    try:
        import_database(sqlite_store, _dump(tables))
        assert dump_to_text(export_database(sqlite_store)) == dump_to_text(export_database(store))
    finally:
        sqlite_store.dispose()
