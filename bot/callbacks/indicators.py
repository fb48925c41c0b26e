"""Callback data of `/indicators` (codes and years only; recording a value uses the form engine's `FormCb`)."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class IndicatorsAction(StrEnum):
    SHOW = "show"  # the overview of `year`
    DETAILS = "det"  # previous year, baseline, target and breakdowns of every indicator
    REGIONS = "reg"
    XLSX = "xlsx"
    CHARTS = "charts"  # the chart picker
    HISTORY = "hist"  # the history picker
    TEMPLATE = "tpl"
    RECORD = "rec"  # the recording form
    UPLOAD = "upl"


class IndicatorsCb(CallbackData, prefix="ind"):
    """A button under the overview of a year."""

    action: IndicatorsAction
    year: int


class ChartPeriod(StrEnum):
    MONTHS = "m"  # by month of `year`
    YEARS = "y"  # by year up to `year`


class IndicatorChartCb(CallbackData, prefix="inc"):
    code: str
    by: ChartPeriod
    year: int


class IndicatorHistoryCb(CallbackData, prefix="inh"):
    code: str
