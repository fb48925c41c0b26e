from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class ExportCb(CallbackData, prefix="ex"):
    period: str  # month, last_month, year, custom
