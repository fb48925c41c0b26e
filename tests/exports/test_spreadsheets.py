"""services.spreadsheets: files from plain rows and rows from an upload (called directly, not in a worker)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from services import exports, spreadsheets


def _book(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_read_rows_keeps_filled_rows_and_stops_past_the_limit() -> None:
    data = _book(
        [
            ["code", "value", "comment"],
            ["a", 1],  # padded to three cells
            ["b", None, "no value: skipped"],
            ["c", "  "],  # blank: skipped
            ["d", 4, "x", "extra cell: cut"],
            ["e", 5],  # row 6: past the limit, returned so the caller can refuse
            ["f", 6],  # not read
        ]
    )
    header, rows = spreadsheets.read_rows(data, columns=3, required=1, last_row=5)
    assert header == ("code", "value", "comment")
    assert rows == [(2, ("a", 1, None)), (5, ("d", 4, "x")), (6, ("e", 5, None))]


def test_read_rows_refuses_what_is_not_a_workbook() -> None:
    with pytest.raises(spreadsheets.UnreadableWorkbook):
        spreadsheets.read_rows(b"not a zip", columns=2, required=0, last_row=10)


def test_xlsx_bold_header_and_fitted_widths() -> None:
    sheet = spreadsheets.Sheet("Учасники", ("ПІБ", "Громада"), [["Петренко Олена", "Гатненська сільська рада"]])
    ws = load_workbook(io.BytesIO(spreadsheets.xlsx([sheet]))).active
    assert isinstance(ws, Worksheet)
    assert ws.title == "Учасники" and ws.freeze_panes == "A2" and ws["A1"].font.bold
    assert [c.value for c in ws[2]] == ["Петренко Олена", "Гатненська сільська рада"]
    assert (ws.column_dimensions["A"].width, ws.column_dimensions["B"].width) == (16, 26)


def test_csv_has_a_bom_and_dates() -> None:
    data = spreadsheets.csv_bytes(("Коли",), [[datetime(2026, 1, 2, 3, 4)], [None]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == [["Коли"], ["2026-01-02 03:04"], [""]]


def test_spooled_tables_become_sheets_and_csv_files(tmp_path: Path) -> None:
    tables = (
        spreadsheets.Table("Перша", "first.csv", ("id", "коли"), (8, 16)),
        spreadsheets.Table("Порожня", "empty.csv", ("id",), (8,)),
        spreadsheets.Table("Третя", "third.csv", ("id",), (8,)),
    )
    spool = spreadsheets.RowSpool(tmp_path / "rows")
    spool.append(0, [[1, datetime(2026, 5, 1, 9, 30)], [2, None]])
    spool.append(0, [[3, None]])
    spool.append(2, [[7]])
    spool.close()
    assert spool.counts == {0: 3, 2: 1}
    spreadsheets.write_tables(spool.path, tables, tmp_path / "out.xlsx", tmp_path / "out.zip")

    wb = load_workbook(tmp_path / "out.xlsx")
    assert wb.sheetnames == ["Перша", "Порожня", "Третя"]
    first = list(wb["Перша"].iter_rows(values_only=True))
    assert first == [("id", "коли"), (1, datetime(2026, 5, 1, 9, 30)), (2, None), (3, None)]
    assert wb["Перша"]["B2"].number_format == spreadsheets.DATETIME_FORMAT
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert archive.namelist() == ["first.csv", "empty.csv", "third.csv"]
        assert archive.read("empty.csv").decode("utf-8-sig").splitlines() == ["id"]
        assert archive.read("first.csv").decode("utf-8-sig").splitlines()[1] == "1,2026-05-01 09:30"


def test_the_copied_illegal_characters_pattern_is_openpyxls() -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    assert exports.ILLEGAL_CHARACTERS_RE.pattern == ILLEGAL_CHARACTERS_RE.pattern
