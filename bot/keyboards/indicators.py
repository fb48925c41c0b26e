from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks.indicators import IndCb, IndChartCb, IndHistCb, IndRecCb
from bot.texts import indicators as t
from knowledge import Knowledge
from knowledge.indicators import Indicator, IndicatorCatalogue

BUTTON_NAME_LIMIT = 48


def short(name: str, limit: int = BUTTON_NAME_LIMIT) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def numbered(catalogue: IndicatorCatalogue) -> list[tuple[str, Indicator]]:
    return [(f"{p.number}.{i}", ind) for p in catalogue.priorities for i, ind in enumerate(p.indicators, start=1)]


def report(year: int, current_year: int, base_year: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    nav = []
    if year > base_year:
        nav.append((t.BTN_PREV_YEAR.format(year=year - 1), IndCb(act="show", year=year - 1)))
    if year < current_year:
        nav.append((t.BTN_NEXT_YEAR.format(year=year + 1), IndCb(act="show", year=year + 1)))
    for text, data in nav:
        kb.button(text=text, callback_data=data)
    kb.button(text=t.BTN_REGIONS, callback_data=IndCb(act="reg", year=year))
    kb.button(text=t.BTN_XLSX, callback_data=IndCb(act="xlsx", year=year))
    kb.button(text=t.BTN_CHARTS, callback_data=IndCb(act="charts", year=year))
    kb.button(text=t.BTN_RECORD, callback_data=IndCb(act="rec", year=year))
    kb.button(text=t.BTN_HISTORY, callback_data=IndCb(act="hist", year=year))
    kb.button(text=t.BTN_TEMPLATE, callback_data=IndCb(act="tpl", year=year))
    kb.button(text=t.BTN_UPLOAD, callback_data=IndCb(act="upl", year=year))
    kb.adjust(*([len(nav)] if nav else []), 2, 1, 2, 2)
    return kb.as_markup()


def charts(catalogue: IndicatorCatalogue, year: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for number, ind in numbered(catalogue):
        if not ind.is_computed:
            continue
        kb.button(text=t.BTN_CHART_MONTHS.format(n=number), callback_data=IndChartCb(code=ind.code, by="m", year=year))
        kb.button(text=t.BTN_CHART_YEARS.format(n=number), callback_data=IndChartCb(code=ind.code, by="y", year=year))
    kb.adjust(2)
    return kb.as_markup()


def kinds(base_year: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.KIND_ACTUAL, callback_data=IndRecCb(step="k", val="actual"))
    kb.button(text=t.KIND_BASELINE.format(year=base_year), callback_data=IndRecCb(step="k", val="baseline"))
    kb.button(text=t.KIND_TARGET, callback_data=IndRecCb(step="k", val="target"))
    kb.adjust(1)
    return kb.as_markup()


def indicators(catalogue: IndicatorCatalogue, *, recorded_only: bool, history: bool = False) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for number, ind in numbered(catalogue):
        if recorded_only and ind.is_computed:
            continue
        text = f"{number} {short(ind.name)}"
        kb.button(text=text, callback_data=IndHistCb(code=ind.code) if history else IndRecCb(step="i", val=ind.code))
    kb.adjust(1)
    return kb.as_markup()


def parts(ind: Indicator) -> InlineKeyboardMarkup:
    from services.indicators.xlsx import part_label

    kb = InlineKeyboardBuilder()
    kb.button(text=t.PART_TOTAL, callback_data=IndRecCb(step="p", val="-"))
    for part in ind.parts:
        kb.button(text=short(part_label(ind, part.code)), callback_data=IndRecCb(step="p", val=part.code))
    kb.adjust(1)
    return kb.as_markup()


def years(options: list[int]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for year in options:
        kb.button(text=str(year), callback_data=IndRecCb(step="y", val=str(year)))
    kb.adjust(len(options))
    return kb.as_markup()


def months() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for number, name in enumerate(t.MONTHS, start=1):
        kb.button(text=name, callback_data=IndRecCb(step="m", val=str(number)))
    kb.adjust(3)
    return kb.as_markup()


def regions(knowledge: Knowledge) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_WHOLE, callback_data=IndRecCb(step="r", val="-"))
    for region in knowledge.regions:
        kb.button(text=region.title.replace(" область", " обл."), callback_data=IndRecCb(step="r", val=region.code))
    kb.adjust(1, 2)
    return kb.as_markup()


def no_comment() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_NO_COMMENT, callback_data=IndRecCb(step="n", val="-"))
    return kb.as_markup()
