from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks.exports import ExportCb
from bot.texts import exports as t


def periods() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_THIS_MONTH, callback_data=ExportCb(period="month"))
    kb.button(text=t.BTN_LAST_MONTH, callback_data=ExportCb(period="last_month"))
    kb.button(text=t.BTN_THIS_YEAR, callback_data=ExportCb(period="year"))
    kb.button(text=t.BTN_CUSTOM, callback_data=ExportCb(period="custom"))
    kb.adjust(2)
    return kb.as_markup()
