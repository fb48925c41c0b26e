from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class ConsentCb(CallbackData, prefix="rc"):
    agree: bool


class RegionCb(CallbackData, prefix="rr"):
    code: str
