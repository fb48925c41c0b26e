"""What `/indicators` shows: the year's figures as short lines for a phone, the details, regions,
history, charts' words, the recording form's questions and summary, an upload's verdict.

Messages are split by priority under Telegram's limit (UTF-16 units, `services.text.tg_len`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.text_decorations import html_decoration as hd

from bot.keyboards import indicators as kb
from bot.texts import answers as answers_texts
from bot.texts import indicators as t
from bot.views.errors import error_text
from knowledge import Knowledge
from knowledge.indicators import Indicator, PeriodKind, Unit
from services.forms import Choice
from services.indicators.errors import UploadRejected
from services.indicators.figures import IndicatorLine, Number, RegionBreakdown, ServiceFigures, YearFigures
from services.indicators.form import WHOLE, IndicatorDraft
from services.indicators.recording import ValueEntry, ValueHistory
from services.text import CAPTION_LIMIT, MESSAGE_LIMIT, shorten, tg_len
from storage.models import IndicatorValue, ValueKind
from storage.models.indicators import ALL_REGIONS, TOTAL, WHOLE_YEAR

ERRORS_SHOWN = 30
CHART_TITLE_NAME = 70


@dataclass(frozen=True)
class Screen:
    texts: list[str]  # messages, in order; the buttons go under the last
    markup: InlineKeyboardMarkup | None = None


def number(value: Number | None, unit: Unit = Unit.COUNT) -> str:
    if value is None:
        return t.NO_DATA
    text = f"{value:,.1f}" if isinstance(value, float) and not value.is_integer() else f"{int(value):,}"
    text = text.replace(",", "\u202f")
    return f"{text} {t.UNIT_UAH}" if unit == Unit.UAH else text


def unit_name(unit: Unit) -> str:
    return {Unit.UAH: t.UNIT_UAH, Unit.VISITORS: t.UNIT_VISITORS}.get(unit, t.UNIT_COUNT)


def pack(blocks: Sequence[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Joins blocks into messages under `limit`; a block too long alone is cut at line ends."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        pieces = [block]
        if tg_len(block) > limit:
            pieces, piece = [], ""
            for row in block.split("\n"):
                if piece and tg_len(piece) + 1 + tg_len(row) > limit:
                    pieces.append(piece)
                    piece = ""
                piece = f"{piece}\n{row}" if piece else shorten(row, limit)
            pieces.append(piece)
        for piece in pieces:
            if current and tg_len(current) + 2 + tg_len(piece) > limit:
                messages.append(current)
                current = ""
            current = f"{current}\n\n{piece}" if current else piece
    if current:
        messages.append(current)
    return messages


# --- the overview ------------------------------------------------------------------------------


def _name(ind: Indicator) -> str:
    name = hd.quote(ind.name)
    if ind.period == PeriodKind.MONTH:
        name += f" {t.MONTHLY_AVERAGE}"
    if ind.is_computed:
        name += f" {t.COMPUTED_MARK}"
    return name


def _short_line(line: IndicatorLine, figures: YearFigures, label: str) -> str:
    ind = line.indicator
    if line.current is None:
        value = t.NO_DATA
    elif line.months:
        value = t.OVERVIEW_MONTHS.format(value=number(line.current, ind.unit), months=line.months)
    else:
        value = t.OVERVIEW_CURRENT.format(value=number(line.current, ind.unit))
    text = t.OVERVIEW_LINE.format(number=label, name=_name(ind), value=value)
    if line.baseline is not None:
        text += t.OVERVIEW_BASELINE.format(year=figures.base_year, value=number(line.baseline, ind.unit))
    if line.target is not None:
        text += t.OVERVIEW_TARGET.format(value=number(line.target, ind.unit))
    return text


def _median(hours: float | None) -> str:
    if hours is None:
        return t.NO_DATA
    if hours < 1:
        return t.MINUTES.format(value=hours * 60)
    if hours < 48:
        return t.HOURS.format(value=hours)
    return t.DAYS.format(value=hours / 24)


def _rating(s: ServiceFigures) -> str:
    return t.NO_DATA if s.average_rating is None else t.RATING.format(value=s.average_rating, count=s.rating_count)


def service_short(s: ServiceFigures) -> str:
    newsletters = (
        t.SERVICE_NEWSLETTERS_SHORT.format(**{k: number(v) for k, v in s.newsletters.items()})
        if s.newsletters is not None
        else t.SERVICE_NEWSLETTERS_SHORT_NONE
    )
    text = t.SERVICE_SHORT.format(
        asked=number(s.asked),
        answered=number(s.answered),
        open=number(s.open),
        overdue=number(s.overdue),
        median=_median(s.median_hours),
        rating=_rating(s),
        newsletters=newsletters,
        signups=number(s.signups),
    )
    if s.answers is not None:
        text += answers_texts.FIGURES.format(**{key: number(value) for key, value in s.answers.items()})
    return text


def _period(figures: YearFigures, tz: tzinfo) -> str:
    if figures.to_date:
        return t.TO_DATE.format(date=figures.end.astimezone(tz).strftime("%d.%m.%Y %H:%M"))
    return t.WHOLE_YEAR


def overview(figures: YearFigures, *, current_year: int, tz: tzinfo) -> Screen:
    """Every priority and indicator of Table 2, one short line each, then the service's work."""
    blocks = [f"{t.TITLE.format(year=figures.year)}\n{_period(figures, tz)}\n{t.LEGEND}"]
    for priority, lines in figures.priorities:
        head = t.PRIORITY_SHORT.format(number=priority.number, name=hd.quote(priority.name))
        rows = [_short_line(line, figures, f"{priority.number}.{i}") for i, line in enumerate(lines, start=1)]
        blocks.append("\n".join([head, *rows]))
    blocks.append(service_short(figures.service))
    markup = kb.overview(figures.year, current_year, figures.base_year)
    return Screen(pack(blocks), markup)


# --- the details -------------------------------------------------------------------------------


def _detail(line: IndicatorLine, figures: YearFigures, label: str) -> str:
    ind = line.indicator
    current = number(line.current, ind.unit)
    if line.months and line.current is not None:
        current = t.MONTHS_COUNTED.format(value=current, months=line.months)
    rows = [
        t.LINE_NAME.format(number=label, name=_name(ind)),
        f"   {figures.year}: <b>{current}</b> · {figures.year - 1}: {number(line.previous, ind.unit)}",
        f"   база {figures.base_year}: {number(line.baseline, ind.unit)} · ціль {figures.year}: "
        f"{number(line.target, ind.unit)}",
    ]
    for part in line.parts:
        if part.split and part.value is not None:
            rows.append(
                t.PART_TAKEN.format(
                    name=hd.quote(part.label),
                    value=number(part.value),
                    yes=number(part.taken),
                    no=number(part.not_taken),
                )
            )
        else:
            rows.append(t.PART.format(name=hd.quote(part.label), value=number(part.value)))
    return "\n".join(rows)


def details(figures: YearFigures, tz: tzinfo) -> list[str]:
    """The previous year, baseline, target and breakdown of every indicator."""
    blocks = [f"{t.DETAILS_TITLE.format(year=figures.year)}\n{_period(figures, tz)}"]
    for priority, lines in figures.priorities:
        head = t.PRIORITY.format(number=priority.number, name=hd.quote(priority.name))
        if priority.list_name:
            head += "\n" + t.PRIORITY_LIST_NAME.format(name=hd.quote(priority.list_name))
        body = [_detail(line, figures, f"{priority.number}.{i}") for i, line in enumerate(lines, start=1)]
        blocks.append("\n\n".join([head, *body]))
    return pack(blocks)


def regions(rows: list[RegionBreakdown], knowledge: Knowledge, year: int) -> list[str]:
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


# --- charts ------------------------------------------------------------------------------------


def chart_period(by_year: bool, year: int) -> str:
    return t.CHART_BY_YEAR if by_year else t.CHART_BY_MONTH.format(year=year)


def chart_points(points: list[tuple[int, int | None]], *, by_year: bool) -> list[tuple[str, int | None]]:
    """(month or year, value) as the bars' labels."""
    return [(str(key) if by_year else t.MONTHS_SHORT[key - 1], value) for key, value in points]


def chart_title(ind: Indicator, period: str) -> str:
    return f"{kb.short(ind.name, CHART_TITLE_NAME)}\n{period}"


def chart_caption(ind: Indicator, period: str) -> str:
    return shorten(t.CHART_CAPTION.format(name=ind.name, period=period), CAPTION_LIMIT)


# --- history -----------------------------------------------------------------------------------


def where(value: IndicatorValue | ValueEntry, knowledge: Knowledge) -> str:
    """Kind, period, region and part of a value, as one short line (escaped)."""
    code = value.indicator_code
    ind = knowledge.indicators.indicator(code)
    region = value.region_code
    period = str(value.year) if value.month == WHOLE_YEAR else f"{t.MONTHS[value.month - 1]} {value.year}"
    text = f"{t.KIND_LABELS[str(value.kind)]} {period}"
    if region != ALL_REGIONS:
        text += t.WHERE_REGION.format(region=knowledge.region_title(region))
    part = ind.part(value.part) if ind is not None and value.part != TOTAL else None
    if part is not None:
        text += t.WHERE_PART.format(part=part.label)
    return hd.quote(text)


def history(found: ValueHistory, knowledge: Knowledge, tz: tzinfo) -> list[str]:
    ind = found.indicator
    blocks = [t.HISTORY_TITLE.format(name=hd.quote(ind.name))]
    if not found.changes:
        blocks.append(t.HISTORY_EMPTY)
    for change, value in found.changes:
        when = change.changed_at.astimezone(tz).strftime("%d.%m.%Y %H:%M")
        who = hd.quote(found.names.get(change.changed_by_id, t.HISTORY_SOMEONE))
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


# --- the recording form ------------------------------------------------------------------------


def choice_label(step: str, choice: Choice) -> str:
    """The button of a form choice in the bot's words."""
    if step == "kind":
        kind = ValueKind(choice.value)
        if kind == ValueKind.BASELINE:
            return t.KIND_BASELINE.format(year=choice.label)  # the service labels it with the base year
        return t.KIND_ACTUAL if kind == ValueKind.ACTUAL else t.KIND_TARGET
    if choice.value == WHOLE:
        return t.BTN_WHOLE if step == "region" else t.PART_TOTAL
    if step == "month":
        return t.MONTHS[int(choice.value) - 1]
    if step == "region":
        return choice.label.replace(" область", " обл.")
    return kb.short(choice.label)


def _form_name(draft: IndicatorDraft, knowledge: Knowledge) -> str:
    ind = knowledge.indicators.indicator(draft.code or "")
    return hd.quote(kb.short(ind.name, 80)) if ind is not None else t.NO_COMMENT


def value_prompt(draft: IndicatorDraft, knowledge: Knowledge, existing: int | None) -> str:
    slot = draft.slot()
    ind = knowledge.indicators.indicator(draft.code or "")
    where_text = f"{_form_name(draft, knowledge)} · {where(slot, knowledge)}" if slot is not None else ""
    text = t.ASK_VALUE.format(unit=unit_name(ind.unit if ind else Unit.COUNT), where=where_text)
    if existing is not None:
        text += "\n" + t.ASK_VALUE_EXISTING.format(old=number(existing))
    return text


def comment_prompt(draft: IndicatorDraft, existing: int | None) -> str:
    if existing is not None and draft.value is not None and existing != draft.value:
        return t.ASK_REASON.format(old=number(existing), new=number(draft.value))
    return t.ASK_COMMENT


def part_prompt(draft: IndicatorDraft, knowledge: Knowledge) -> str:
    return t.PICK_PART.format(name=_form_name(draft, knowledge))


def form_summary(draft: IndicatorDraft, knowledge: Knowledge, existing: int | None = None) -> str:
    slot = draft.slot()
    ind = knowledge.indicators.indicator(draft.code or "")
    unit = ind.unit if ind is not None else Unit.COUNT
    return t.SUMMARY.format(
        name=_form_name(draft, knowledge),
        where=where(slot, knowledge) if slot is not None else t.NO_COMMENT,
        value=number(draft.value, unit),
        existing=t.SUMMARY_EXISTING.format(old=number(existing, unit)) if existing is not None else "",
        comment=hd.quote(draft.comment) if draft.comment else t.NO_COMMENT,
    )


def saved(entry: ValueEntry, knowledge: Knowledge, changed: bool) -> str:
    if not changed:
        return t.UNCHANGED
    ind = knowledge.indicators.indicator(entry.indicator_code)
    name = hd.quote(kb.short(ind.name, 80)) if ind is not None else ""
    value = number(entry.value, ind.unit if ind else Unit.COUNT)
    return t.SAVED.format(where=f"{name} · {where(entry, knowledge)}", value=value)


# --- an upload ---------------------------------------------------------------------------------


def upload_rejected(exc: UploadRejected) -> list[str]:
    """Every bad row (the first `ERRORS_SHOWN`) with why; reasons quoting the file's cells are escaped."""
    lines = [t.UPLOAD_ERROR_LINE.format(row=e.row, reason=error_text(e.problem)) for e in exc.errors[:ERRORS_SHOWN]]
    if len(exc.errors) > ERRORS_SHOWN:
        lines.append(t.UPLOAD_MORE_ERRORS.format(count=len(exc.errors) - ERRORS_SHOWN))
    text = t.UPLOAD_ERRORS.format(count=exc.count, errors="\n".join(lines))
    return pack(text.split("\n\n"))
