"""XLSX files of `/indicators`: the upload template, its parser, the year's export (openpyxl).

The files' own words (column headers, the kinds of value) are the file format, kept here.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import TYPE_CHECKING, Any
from zipfile import BadZipFile

from knowledge import Knowledge
from knowledge.indicators import Indicator, PeriodKind, Unit
from services.indicators.errors import (
    BadValue,
    EntryRefused,
    MonthNeeded,
    UnknownIndicatorCode,
    UnknownKind,
    UnknownPart,
    UnknownRegion,
    UploadNotTemplate,
    UploadTooBig,
    UploadUnreadable,
    YearNotANumber,
)
from services.indicators.figures import Number, PartLine, YearFigures
from services.indicators.recording import ValueEntry
from storage.models import ValueKind
from storage.models.indicators import ALL_REGIONS, TOTAL, WHOLE_YEAR

if TYPE_CHECKING:  # openpyxl is imported where used: in the worker process that builds the file
    from openpyxl import Workbook

HEADER = ("Код показника", "Показник", "Вид", "Рік", "Місяць", "Область", "Частина", "Значення", "Коментар")
MAX_ROWS = 2000
KINDS = {
    "значення": ValueKind.ACTUAL,
    "база": ValueKind.BASELINE,
    "ціль": ValueKind.TARGET,
    **{k.value: k for k in ValueKind},
}
UNIT_LABELS = {Unit.COUNT: "кількість", Unit.UAH: "грн", Unit.VISITORS: "відвідувачів"}
WHOLE_ASSOCIATION = "Вся асоціація"
NO_DATA = "немає даних"
MONTHLY_AVERAGE = "(середньомісячний показник)"


def _save(wb: Workbook) -> bytes:
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _bold_header(ws: Any, header: Sequence[str], widths: Sequence[int]) -> None:
    ws.append(list(header))
    for cell in ws[1]:
        from openpyxl.styles import Font

        cell.font = Font(bold=True)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"


def part_label(ind: Indicator, code: str) -> str:
    part = ind.part(code)
    return code if part is None else part.label


def _part_with_taken(part: PartLine) -> str:
    if not part.split:
        return part.label
    yes = NO_DATA if part.taken is None else part.taken
    no = NO_DATA if part.not_taken is None else part.not_taken
    return f"{part.label} (враховано: {yes}, не враховано: {no})"


def template(knowledge: Knowledge, year: int) -> bytes:
    """One row per recordable value of `year` (months for site visitors); empty values are skipped on upload."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = "Показники"
    _bold_header(ws, HEADER, (16, 60, 10, 8, 8, 14, 14, 12, 40))
    for ind in knowledge.indicators.indicators:
        if ind.is_computed:
            continue
        months = range(1, 13) if ind.period == PeriodKind.MONTH else [None]
        for month in months:
            ws.append([ind.code, ind.name, "значення", year, month, None, None, None, None])
            for part in ind.parts:
                ws.append([ind.code, ind.name, "значення", year, None, None, part.code, None, None])
    ref = wb.create_sheet("Довідка")
    ref.append(["Вид", "значення / база / ціль"])
    ref.append(["База", f"лише за {knowledge.indicators.base_year} рік"])
    ref.append(["Область", "порожньо — вся асоціація; або код чи назва області:"])
    for region in knowledge.regions:
        ref.append([region.code, region.title])
    ref.append([])
    ref.append(["Частина", "порожньо — загальне значення; або код частини:"])
    for ind in knowledge.indicators.indicators:
        for part in ind.parts:
            ref.append([part.code, f"{ind.code}: {part_label(ind, part.code)}"])
    ref.column_dimensions["A"].width = 16
    ref.column_dimensions["B"].width = 70
    return _save(wb)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _int(value: Any) -> int | None:
    """An integer cell (openpyxl gives int, float or text); None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _text(value).replace(" ", "").replace("\u00a0", "")
    if text.lstrip("-").isdigit():
        return int(text)
    return None


def _region(value: Any, knowledge: Knowledge) -> str | None:
    text = _text(value)
    if not text or text.lower() == WHOLE_ASSOCIATION.lower():
        return ALL_REGIONS
    for region in knowledge.regions:
        if text.lower() in (region.code, region.title.lower()):
            return region.code
    return None


def parse_upload(data: bytes, knowledge: Knowledge) -> list[tuple[int, ValueEntry | EntryRefused]]:
    """(row number, entry or why it is bad) for every filled row."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise UploadUnreadable() from exc
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or tuple(_text(c) for c in header[: len(HEADER)]) != HEADER:
        raise UploadNotTemplate()
    out: list[tuple[int, ValueEntry | EntryRefused]] = []
    for number, raw in enumerate(rows, start=2):
        cells = list(raw[: len(HEADER)]) + [None] * (len(HEADER) - len(raw))
        code, _name, kind, year, month, region, part, value, comment = cells
        if _text(value) == "":
            continue  # a template row left empty
        if number > MAX_ROWS + 1:
            raise UploadTooBig(limit=MAX_ROWS)
        out.append((number, _entry(code, kind, year, month, region, part, value, comment, knowledge)))
    wb.close()
    return out


def _entry(
    code: Any, kind: Any, year: Any, month: Any, region: Any, part: Any, value: Any, comment: Any, knowledge: Knowledge
) -> ValueEntry | EntryRefused:
    ind = knowledge.indicators.indicator(_text(code))
    if ind is None:
        return UnknownIndicatorCode(code=_text(code))
    value_kind = KINDS.get(_text(kind).lower())
    if value_kind is None:
        return UnknownKind()
    year_int = _int(year)
    if year_int is None:
        return YearNotANumber(first=knowledge.indicators.base_year)
    month_int = WHOLE_YEAR if _text(month) == "" else _int(month)
    if month_int is None:
        return MonthNeeded()
    region_code = _region(region, knowledge)
    if region_code is None:
        return UnknownRegion(code=_text(region))
    part_code = _text(part)
    if part_code and ind.part(part_code) is None:
        return UnknownPart(code=part_code)
    value_int = _int(value)
    if value_int is None or value_int < 0:
        return BadValue()
    return ValueEntry(
        indicator_code=ind.code,
        kind=value_kind,
        year=year_int,
        month=month_int,
        region_code=region_code,
        part=part_code or TOTAL,
        value=value_int,
        comment=_text(comment) or None,
    )


def _cell(value: Number | None) -> Number | str:
    if value is None:
        return NO_DATA
    return round(value, 1) if isinstance(value, float) else value


def export(report: YearFigures) -> bytes:
    y = report.year
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = f"Показники {y}"
    header = (
        "Пріоритет",
        "Код",
        "Показник",
        "Одиниця",
        "Відповідальні",
        "Джерело",
        f"{y}" + (" (з початку року)" if report.to_date else ""),
        f"{y - 1}",
        f"База {report.base_year}",
        f"Ціль {y}",
    )
    _bold_header(ws, header, (10, 16, 70, 12, 40, 12, 14, 12, 12, 12))
    for priority, lines in report.priorities:
        for line in lines:
            ind = line.indicator
            name = ind.name + (f" {MONTHLY_AVERAGE}" if ind.period == PeriodKind.MONTH else "")
            ws.append(
                [
                    priority.number,
                    ind.code,
                    name,
                    UNIT_LABELS[ind.unit],
                    ind.responsible,
                    "бот" if ind.is_computed else "вносять адміністратори",
                    _cell(line.current),
                    _cell(line.previous),
                    _cell(line.baseline),
                    _cell(line.target),
                ]
            )
            for part in line.parts:
                ws.append([priority.number, ind.code, f"   {_part_with_taken(part)}", "", "", "", _cell(part.value)])
    s = report.service
    svc = wb.create_sheet("Робота сервісу")
    _bold_header(svc, ("Показник", f"{y}"), (50, 16))
    rows: list[tuple[str, Any]] = [
        ("Надійшло звернень", s.asked),
        ("Надано відповідей (вперше)", s.answered),
        ("Відкрито зараз", s.open),
        ("Прострочено зараз", s.overdue),
        ("Медіана часу до першої відповіді, год", _cell(s.median_hours)),
        ("Середня оцінка", _cell(s.average_rating)),
        ("Записів на навчання", _cell(s.signups)),
    ]
    for key, label in (
        ("subscribers", "Підписників розсилок зараз"),
        ("newsletters_sent", "Розсилок"),
        ("deliveries_sent", "Доставлено"),
        ("deliveries_failed", "Не доставлено"),
        ("deliveries_blocked", "Заблокували бота"),
    ):
        rows.append((label, s.newsletters[key] if s.newsletters is not None else NO_DATA))
    for row in rows:
        svc.append(list(row))
    return _save(wb)
