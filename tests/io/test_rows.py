"""Reading import files (kamctl.io.rows): RFC 4180 CSV cell for cell, rows numbered by the line
they start on, the formula guard undone, and any file one clean error at worst."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from helpers import read_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamctl.errors import InvalidValue
from kamctl.io.rows import DEEPEST_JSON, RowFile, unguarded
from kamctl.render.output import CsvWriter, csv_cell
from kamctl.render.safe import printable_cell

PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

LINE_SEPARATORS_THAT_ARE_NOT_CSV = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
"""Where `str.splitlines` breaks a line but RFC 4180 does not end a record."""

cell_text = st.text(
    st.one_of(
        st.sampled_from(list(f"\"',;\t\r\n =+-@ab{LINE_SEPARATORS_THAT_ARE_NOT_CSV}日本\ufeff")),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    ),
    max_size=12,
)


def physical_lines(text: str) -> int:
    """Line breaks as RFC 4180 counts them: CRLF, CR or LF."""
    return len(re.findall(r"\r\n|\r|\n", text))


@PROPERTY
@given(
    rows=st.lists(st.lists(cell_text, min_size=3, max_size=3), max_size=6),
    excel=st.booleans(),
    block=st.sampled_from([1, 2, 3, 7, 1 << 16]),
)
def test_what_kamctl_or_excel_writes_reads_back_cell_for_cell_numbered_by_its_first_line(
    tmp_path, monkeypatch, rows, excel, block
):
    monkeypatch.setattr("kamctl.io.rows.READ_BLOCK", block)  # lines and CRLFs cut by the blocks read
    text = io.StringIO()
    writer = csv.writer(text) if excel else CsvWriter(text)  # CRLF, or kamctl's LF
    writer.writerow(["a", "b", "c"])
    expected = []
    for cells in rows:
        line = 1 + physical_lines(text.getvalue())
        writer.writerow(cells)
        if any(cell.strip() for cell in cells):  # rows of blank cells are skipped
            expected.append((f"line {line}", dict(zip("abc", map(unguarded, cells), strict=True))))
    path = tmp_path / "rows.csv"
    path.write_text(text.getvalue(), encoding="utf-8", newline="")
    assert [(row.where, row.values) for row in read_rows(path)] == expected
    with RowFile(path) as again:
        assert len(again) == len(expected)


@PROPERTY
@given(
    text=st.text(
        st.sampled_from(list(f"ab;,\"'=\n\r\t\0 {LINE_SEPARATORS_THAT_ARE_NOT_CSV}\ufeff日")), max_size=60
    ),
    block=st.sampled_from([1, 2, 3, 7, 1 << 16]),
)
def test_any_text_is_rows_or_one_clean_error(tmp_path, monkeypatch, text, block):
    monkeypatch.setattr("kamctl.io.rows.READ_BLOCK", block)
    path = tmp_path / "rows.csv"
    path.write_bytes(text.encode("utf-8"))
    try:
        rows = read_rows(path)
    except InvalidValue as exc:
        assert str(exc).startswith((f"{path}: line ", f"{path} is empty"))
        return
    with RowFile(path) as again:
        assert len(again) == len(rows)


@PROPERTY
@given(text=cell_text.filter(lambda text: printable_cell(text) == text))
def test_the_formula_guard_is_undone_exactly(text):
    """For text free of terminal control characters (SPEC §2: those are written escaped)."""
    assert unguarded(csv_cell(text)) == text


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("'=SUM(A1)", "=SUM(A1)"),
        ("'+81 3", "+81 3"),
        ("'-x", "-x"),
        ("'@home", "@home"),
        ("''=x", "'=x"),
        ("'x", "'x"),
        ("'", "'"),
        ("=x", "=x"),
        ("a'=x", "a'=x"),
    ],
)
def test_only_the_guard_apostrophe_is_taken_off(tmp_path, cell, read):
    path = tmp_path / "guard.csv"
    path.write_text(f"name,notes\nA,{cell}\n", encoding="utf-8")
    assert read_rows(path)[0].values == {"name": "A", "notes": read}


def test_json_cells_keep_their_apostrophe(tmp_path):
    """The guard is a CSV export's: JSON exports are not guarded, so nothing is taken off."""
    path = tmp_path / "rows.json"
    path.write_text(json.dumps([{"name": "A", "notes": "'=x"}]), encoding="utf-8")
    assert read_rows(path)[0].values == {"name": "A", "notes": "'=x"}


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("name,stage", ","),
        ("name;stage", ";"),
        ("name\tstage", "\t"),
        ('"name;x",stage', ","),  # a `;` inside a quoted name does not count
        ('"Revenue, USD";name;stage', ";"),
        ("name", ","),
        ("name;stage,x", ","),  # a tie: RFC 4180's comma
    ],
)
def test_the_delimiter_is_the_header_lines_most_frequent_outside_quotes(tmp_path, header, delimiter):
    path = tmp_path / "rows.csv"
    names = next(csv.reader([header], delimiter=delimiter))
    row = delimiter.join(f'"v{i}, ""{i}"";"' for i in range(len(names)))
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    assert read_rows(path)[0].values == {name.strip(): f'v{i}, "{i}";' for i, name in enumerate(names)}


def test_a_json_value_nested_too_deeply_is_refused_before_it_is_used(tmp_path):
    nested: object = "x"
    for _ in range(DEEPEST_JSON):
        nested = [nested]
    path = tmp_path / "rows.json"
    path.write_text(json.dumps([{"name": "A", "tags": nested}, {"name": "B", "tags": [nested]}]))
    with RowFile(path) as rows:
        items = iter(rows)
        assert next(items).cells[0] == "A"  # the first item is as deep as allowed
        with pytest.raises(InvalidValue) as raised:
            next(items)
    assert str(raised.value) == f"{path}: item 2: values nest lists or objects too deeply (at most 32 levels)"


def test_json_deeper_than_the_parser_can_go_is_one_clean_error(tmp_path):
    path = tmp_path / "rows.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(InvalidValue) as raised:
        read_rows(path)
    assert str(raised.value) == f"{path} nests lists or objects too deeply (at most 32 levels)"


def test_a_header_after_blank_lines_is_the_header(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("\n\r\nname\n\nA\n", encoding="utf-8")
    assert [(row.where, row.values) for row in read_rows(path)] == [("line 5", {"name": "A"})]


def test_a_json_file_on_one_line_longer_than_a_csv_line_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr("kamctl.io.rows.LONGEST_LINE", 10)
    path = tmp_path / "rows.dat"
    path.write_text(json.dumps([{"name": "A" * 40}]))
    assert read_rows(path)[0].values == {"name": "A" * 40}


def test_a_pipe_is_read_and_counted_as_no_rows(tmp_path):
    """`kamctl log import <(iconv …)`: a pipe cannot be read twice to count the rows for a bar."""
    import os
    import threading

    path = tmp_path / "pipe"
    os.mkfifo(path)
    writer = threading.Thread(target=Path(path).write_text, args=("name\nA\n",))
    writer.start()
    with RowFile(path) as rows:
        assert len(rows) == 0
        assert [row.cells for row in rows] == [["A"]]
    writer.join()


@pytest.mark.parametrize("block", [1, 4, 1 << 16])
def test_a_nul_character_or_an_endless_line_is_refused_at_its_line(tmp_path, monkeypatch, block):
    monkeypatch.setattr("kamctl.io.rows.READ_BLOCK", block)
    monkeypatch.setattr("kamctl.io.rows.LONGEST_LINE", 30)
    path = tmp_path / "rows.csv"
    for content, problem in [
        ('name,notes\r\nA,"x\r\ny"\r\nB,\x00\r\n', "line 4 holds a NUL character; is it a text file?"),
        ("name\nA\nB" + "x" * 40, "line 3 is longer than 30 characters; is it a CSV file?"),
        ("name\n" + "\x00" * 40, "line 2 holds a NUL character; is it a text file?"),
    ]:
        path.write_bytes(content.encode())
        with pytest.raises(InvalidValue) as raised:
            read_rows(path)
        assert str(raised.value) == f"{path}: {problem}"
