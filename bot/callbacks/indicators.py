from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class IndCb(CallbackData, prefix="ind"):
    # show | reg | xlsx | charts | rec | hist | tpl | upl
    act: str
    year: int


class IndChartCb(CallbackData, prefix="inc"):
    code: str
    by: str  # "m": by month of `year`, "y": by year up to `year`
    year: int


class IndRecCb(CallbackData, prefix="inr"):
    # k: kind, i: indicator, p: part, y: year, m: month, r: region, n: no comment
    step: str
    val: str


class IndHistCb(CallbackData, prefix="inh"):
    code: str
