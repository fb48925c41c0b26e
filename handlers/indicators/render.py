"""Text of `/indicators`: short lines for a phone, split by priority under Telegram's limit."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from aiogram.utils.text_decorations import html_decoration as hd

from bot.texts import indicators as t
from knowledge import Knowledge
from knowledge.indicators import Indicator, PeriodKind, Unit
from services.indicators.report import IndicatorLine, IndicatorsReport, Number, RegionBreakdown, ServiceFigures
from storage.models import IndicatorValue, IndicatorValueChange
from storage.models.indicators import ALL_REGIONS, TOTAL, WHOLE_YEAR

MESSAGE_LIMIT = 4096


def number(value: Number | None, unit: Unit = Unit.COUNT) -> str:
    if value is None:
        return t.NO_DATA
    text = f"{value:,.1f}" if isinstance(value, float) and not value.is_integer() else f"{int(value):,}"
    text = text.replace(",", "\u202f")
    return f"{text} {t.UNIT_UAH}" if unit == Unit.UAH else text


def indicator_title(ind: Indicator, priority_number: int, index: int) -> str:
    name = hd.quote(ind.name)
    if ind.period == PeriodKind.MONTH:
        name += f" {t.MONTHLY_AVERAGE}"
    if ind.is_computed:
        name += f" {t.COMPUTED_MARK}"
    return t.LINE_NAME.format(number=f"{priority_number}.{index}", name=name)


def _line(line: IndicatorLine, report: IndicatorsReport, priority_number: int, index: int) -> str:
    ind = line.indicator
    current = number(line.current, ind.unit)
    if line.months and line.current is not None:
        current = t.MONTHS_COUNTED.format(value=current, months=line.months)
    rows = [
        indicator_title(ind, priority_number, index),
        f"   {report.year}: <b>{current}</b> · {report.year - 1}: {number(line.previous, ind.unit)}",
        f"   база {report.base_year}: {number(line.baseline, ind.unit)} · ціль {report.year}: "
        f"{number(line.target, ind.unit)}",
    ]
    for part in line.parts:
        if part.split and part.value is not None:
            rows.append(
                t.PART_TAKEN.format(
                    name=part.label,
                    value=number(part.value),
                    yes=number(part.taken),
                    no=number(part.not_taken),
                )
            )
        else:
            rows.append(t.PART.format(name=part.label, value=number(part.value)))
    return "\n".join(rows)


def service_block(s: ServiceFigures, year: int) -> str:
    if s.median_hours is None:
        median = t.NO_DATA
    elif s.median_hours < 1:
        median = t.MINUTES.format(value=s.median_hours * 60)
    elif s.median_hours < 48:
        median = t.HOURS.format(value=s.median_hours)
    else:
        median = t.DAYS.format(value=s.median_hours / 24)
    rating = t.NO_DATA if s.average_rating is None else t.RATING.format(value=s.average_rating, count=s.rating_count)
    parts = [
        t.SERVICE_TITLE.format(year=year),
        t.SERVICE_HOTLINE.format(
            asked=number(s.asked),
            answered=number(s.answered),
            open=number(s.open),
            overdue=number(s.overdue),
            median=median,
            rating=rating,
        ),
        t.SERVICE_NEWSLETTERS.format(**{k: number(v) for k, v in s.newsletters.items()})
        if s.newsletters is not None
        else t.SERVICE_NEWSLETTERS_NONE,
        t.SERVICE_SIGNUPS.format(signups=number(s.signups)),
    ]
    return "\n\n".join(parts)


def pack(blocks: Sequence[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Joins blocks into messages under `limit`; a block too long alone is cut at line ends."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        pieces = [block]
        if len(block) > limit:
            pieces, piece = [], ""
            for row in block.split("\n"):
                if piece and len(piece) + 1 + len(row) > limit:
                    pieces.append(piece)
                    piece = ""
                piece = f"{piece}\n{row}" if piece else row[:limit]
            pieces.append(piece)
        for piece in pieces:
            if current and len(current) + 2 + len(piece) > limit:
                messages.append(current)
                current = ""
            current = f"{current}\n\n{piece}" if current else piece
    if current:
        messages.append(current)
    return messages


def report_messages(report: IndicatorsReport, tz: ZoneInfo) -> list[str]:
    period = (
        t.TO_DATE.format(date=report.end.astimezone(tz).strftime("%d.%m.%Y %H:%M")) if report.to_date else t.WHOLE_YEAR
    )
    blocks = [f"{t.TITLE.format(year=report.year)}\n{period}\n{t.LEGEND}"]
    for priority, lines in report.priorities:
        head = t.PRIORITY.format(number=priority.number, name=hd.quote(priority.name))
        if priority.list_name:
            head += "\n" + t.PRIORITY_LIST_NAME.format(name=hd.quote(priority.list_name))
        body = [_line(line, report, priority.number, i) for i, line in enumerate(lines, start=1)]
        blocks.append("\n\n".join([head, *body]))
    blocks.append(service_block(report.service, report.year))
    return pack(blocks)


def regions_messages(rows: list[RegionBreakdown], knowledge: Knowledge, year: int) -> list[str]:
    blocks = [t.REGIONS_TITLE.format(year=year)]
    for row in rows:
        if not row.values:
            continue
        lines = [hd.quote(row.indicator.name)]
        for code, value in row.values:
            lines.append(
                t.REGION_LINE.format(
                    region=hd.quote(knowledge.region_title(code)), value=number(value, row.indicator.unit)
                )
            )
        blocks.append("\n".join(lines))
    if len(blocks) == 1:
        blocks.append(t.REGIONS_NONE.format(year=year))
    return pack(blocks)


def where(value: IndicatorValue, knowledge: Knowledge) -> str:
    ind = knowledge.indicators.indicator(value.indicator_code)
    from services.indicators.xlsx import part_label

    period = str(value.year) if value.month == WHOLE_YEAR else f"{t.MONTHS[value.month - 1]} {value.year}"
    text = f"{t.KIND_LABELS[str(value.kind)]} {period}"
    if value.region_code != ALL_REGIONS:
        text += t.WHERE_REGION.format(region=knowledge.region_title(value.region_code))
    if value.part != TOTAL and ind is not None:
        text += t.WHERE_PART.format(part=part_label(ind, value.part))
    return hd.quote(text)


def history_messages(
    ind: Indicator,
    changes: Sequence[tuple[IndicatorValueChange, IndicatorValue]],
    knowledge: Knowledge,
    names: dict[int, str],
    tz: ZoneInfo,
) -> list[str]:
    blocks = [t.HISTORY_TITLE.format(name=hd.quote(ind.name))]
    if not changes:
        blocks.append(t.HISTORY_EMPTY)
    for change, value in changes:
        when = change.changed_at.astimezone(tz).strftime("%d.%m.%Y %H:%M")
        who = hd.quote(names.get(change.changed_by_id, str(change.changed_by_id)))
        if change.via == "upload":
            who += t.HISTORY_VIA_UPLOAD
        reason = t.HISTORY_REASON.format(reason=hd.quote(change.reason)) if change.reason else ""
        blocks.append(
            t.HISTORY_LINE.format(
                when=when,
                who=who,
                where=where(value, knowledge),
                old=number(change.old_value, ind.unit),
                new=number(change.new_value, ind.unit),
                reason=reason,
            )
        )
    return pack(blocks)
