"""XLSX and CSV files from plain rows, and rows from an uploaded XLSX.

Building and reading a workbook is CPU-bound (openpyxl is pure Python): the
services gather rows in async code and run these functions with
`core.offload.run`, in a worker process. So this module imports only the
standard library at the top (openpyxl where used), and takes and returns only
plain, picklable data.
"""

from __future__ import annotations

import csv
import io
import pickle
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _csv import Writer as CsvWriter

# What a cell may hold (openpyxl gives these back when reading, too).
Cell = str | int | float | datetime | None
Row = Sequence[Cell]

DATETIME_FORMAT = "DD.MM.YYYY HH:MM"  # Excel's number format for datetime cells
CSV_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
AUTO_WIDTH_MAX = 60
EXCEL_CELL_LIMIT = 32_000
# Text starting with these is a formula to Excel (CSV/formula injection): shown as text instead.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters an XLSX cell cannot hold: openpyxl's ILLEGAL_CHARACTERS_RE, copied so that
# building rows does not load openpyxl into the bot (a test keeps the two equal).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def safe_text(value: str | None) -> str:
    """Text for a cell: no control characters, not read as a formula, within Excel's limit."""
    if not value:
        return ""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_CELL_LIMIT]
    return "'" + value if value.startswith(FORMULA_START) else value


class UnreadableWorkbook(Exception):
    """The upload is not an XLSX file openpyxl can open."""


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a bold, frozen header row (if any), then `rows`.

    `widths` are column widths in characters; None fits each column to its
    longest text (up to AUTO_WIDTH_MAX).
    """

    title: str
    header: Sequence[str] | None
    rows: Sequence[Row] = ()
    widths: Sequence[int] | None = None


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _fitted_widths(sheet: Sheet) -> list[int]:
    lines = [sheet.header or (), *sheet.rows]
    columns = max((len(line) for line in lines), default=0)
    return [
        min(max((len(str(line[i])) for line in lines if i < len(line) and line[i] is not None), default=0) + 2,
            AUTO_WIDTH_MAX)
        for i in range(columns)
    ]  # fmt: skip


def xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with `sheets`, in order."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    for default in list(wb.worksheets):  # a new workbook comes with an empty sheet
        wb.remove(default)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title)
        if sheet.header is not None:
            ws.append(list(sheet.header))
            for cell in ws[1]:
                cell.font = Font(bold=True)
            ws.freeze_panes = "A2"
        for row in sheet.rows:
            ws.append(list(row))
        for index, width in enumerate(sheet.widths if sheet.widths is not None else _fitted_widths(sheet)):
            ws.column_dimensions[_letter(index)].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv_value(value: Cell) -> Cell:
    if isinstance(value, datetime):
        return value.strftime(CSV_DATETIME_FORMAT)
    return "" if value is None else value


def _csv_writer(stream: IO[bytes]) -> tuple[io.TextIOWrapper, CsvWriter]:
    # UTF-8 with a BOM: Excel then reads Cyrillic right.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    return text, csv.writer(text)


def csv_bytes(header: Sequence[str], rows: Sequence[Row]) -> bytes:
    buf = io.BytesIO()
    text, writer = _csv_writer(buf)
    writer.writerow(header)
    writer.writerows([_csv_value(v) for v in row] for row in rows)
    text.detach()  # flushes, and leaves `buf` open
    return buf.getvalue()


# --- large exports: rows spooled to a file, then both files written in one pass ----------


@dataclass(frozen=True)
class Table:
    """One table of a large export: a sheet of the XLSX and a CSV file in the zip."""

    title: str
    csv_name: str
    header: Sequence[str]
    widths: Sequence[int]


class RowSpool:
    """Batches of rows written to a file as they are read from the database, so none stays in memory.

    Then `write_tables` (in a worker process) reads them back from `path`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.counts: dict[int, int] = {}
        self._file = path.open("wb")

    def append(self, table: int, rows: list[list[Cell]]) -> None:
        pickle.dump((table, rows), self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.counts[table] = self.counts.get(table, 0) + len(rows)

    def close(self) -> None:
        self._file.close()


def _batches(path: Path) -> Iterator[tuple[int, list[list[Cell]]]]:
    with path.open("rb") as spool:
        while True:
            try:
                yield pickle.load(spool)
            except EOFError:
                return


class _CsvFiles:
    """The zip's CSV files, opened in table order (a zip entry is written whole before the next one starts)."""

    def __init__(self, archive: zipfile.ZipFile, tables: Sequence[Table]) -> None:
        self.archive = archive
        self.tables = tables
        self.current = -1
        self.text: io.TextIOWrapper | None = None
        self.csv: CsvWriter | None = None

    def writer(self, index: int) -> CsvWriter:
        if index < self.current:
            raise ValueError(f"rows of {self.tables[index].csv_name} came after the next table's")
        while self.current < index:
            # Tables with no rows in between still get a file with their header.
            if self.text is not None:
                self.text.close()
            self.current += 1
            self.text, self.csv = _csv_writer(self.archive.open(self.tables[self.current].csv_name, "w"))
            self.csv.writerow(self.tables[self.current].header)
        assert self.csv is not None
        return self.csv

    def close(self) -> None:
        self.writer(len(self.tables) - 1)
        if self.text is not None:
            self.text.close()


def write_tables(spool: Path, tables: Sequence[Table], xlsx_path: Path, zip_path: Path) -> None:
    """The spooled rows as one XLSX (a sheet per table) and a zip of CSV files (one per table).

    openpyxl's write-only mode and the zip are written row by row, so memory
    stays flat however many rows there are. Tables come one after another, in
    order; datetimes are formatted as dates in both files.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheets = []
    for table in tables:
        sheet = workbook.create_sheet(table.title)
        for index, width in enumerate(table.widths):
            sheet.column_dimensions[_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.append(list(table.header))
        sheets.append(sheet)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        csv_files = _CsvFiles(archive, tables)
        for index, rows in _batches(spool):
            sheet, writer = sheets[index], csv_files.writer(index)
            for row in rows:
                cells: list[Any] = []
                for value in row:
                    if isinstance(value, datetime):
                        cell = WriteOnlyCell(sheet, value=value)
                        cell.number_format = DATETIME_FORMAT
                        cells.append(cell)
                    else:
                        cells.append(value)
                sheet.append(cells)
                writer.writerow([_csv_value(v) for v in row])
        csv_files.close()
    workbook.save(xlsx_path)


# --- reading an upload ------------------------------------------------------------------


def _blank(value: object) -> bool:
    return value is None or str(value).strip() == ""


def read_rows(
    data: bytes, *, columns: int, required: int, last_row: int
) -> tuple[tuple[object, ...] | None, list[tuple[int, tuple[object, ...]]]]:
    """The first sheet's header and the rows with a value in column `required` (0-based).

    Rows come with their number as Excel shows it and are cut or padded to
    `columns` cells (values as openpyxl reads them: text, numbers, dates...).
    Reading stops at the first such row numbered past `last_row` (it is
    returned, so the caller can refuse a file that big).
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        # The message only: the exception crosses a process boundary, and openpyxl's may not unpickle.
        raise UnreadableWorkbook(str(exc)) from None
    try:
        lines = wb.worksheets[0].iter_rows(values_only=True)
        first = next(lines, None)
        header = None if first is None else tuple(first[:columns])
        rows: list[tuple[int, tuple[object, ...]]] = []
        for number, raw in enumerate(lines, start=2):
            cells = tuple(raw[:columns]) + (None,) * (columns - len(raw))
            if _blank(cells[required]):
                continue
            rows.append((number, cells))
            if number > last_row:
                break
        return header, rows
    finally:
        wb.close()
