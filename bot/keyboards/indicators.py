"""Buttons of `/indicators` (the recording form's buttons are built by the form engine)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks.indicators import (
    ChartPeriod,
    IndicatorChartCb,
    IndicatorHistoryCb,
    IndicatorsAction,
    IndicatorsCb,
)
from bot.texts import indicators as t
from knowledge.indicators import IndicatorCatalogue
from services.indicators.form import numbered

BUTTON_NAME_LIMIT = 48


def short(name: str, limit: int = BUTTON_NAME_LIMIT) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def overview(year: int, current_year: int, base_year: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    nav = []
    if year > base_year:
        nav.append((t.BTN_PREV_YEAR.format(year=year - 1), year - 1))
    if year < current_year:
        nav.append((t.BTN_NEXT_YEAR.format(year=year + 1), year + 1))
    for text, other in nav:
        kb.button(text=text, callback_data=IndicatorsCb(action=IndicatorsAction.SHOW, year=other))
    for text, action in (
        (t.BTN_DETAILS, IndicatorsAction.DETAILS),
        (t.BTN_REGIONS, IndicatorsAction.REGIONS),
        (t.BTN_CHARTS, IndicatorsAction.CHARTS),
        (t.BTN_HISTORY, IndicatorsAction.HISTORY),
        (t.BTN_XLSX, IndicatorsAction.XLSX),
        (t.BTN_TEMPLATE, IndicatorsAction.TEMPLATE),
        (t.BTN_RECORD, IndicatorsAction.RECORD),
        (t.BTN_UPLOAD, IndicatorsAction.UPLOAD),
    ):
        kb.button(text=text, callback_data=IndicatorsCb(action=action, year=year))
    kb.adjust(*([len(nav)] if nav else []), 2, 2, 2, 2)
    return kb.as_markup()


def charts(catalogue: IndicatorCatalogue, year: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for number, ind in numbered(catalogue):
        if not ind.is_computed:
            continue
        for text, by in ((t.BTN_CHART_MONTHS, ChartPeriod.MONTHS), (t.BTN_CHART_YEARS, ChartPeriod.YEARS)):
            kb.button(text=text.format(n=number), callback_data=IndicatorChartCb(code=ind.code, by=by, year=year))
    kb.adjust(2)
    return kb.as_markup()


def history(catalogue: IndicatorCatalogue) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for number, ind in numbered(catalogue):
        kb.button(text=f"{number} {short(ind.name)}", callback_data=IndicatorHistoryCb(code=ind.code))
    kb.adjust(1)
    return kb.as_markup()
