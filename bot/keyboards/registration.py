from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks.registration import ConsentCb, RegionCb
from bot.texts import common as tc
from bot.texts import registration as t
from knowledge import Knowledge


def consent() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_CONSENT_YES, callback_data=ConsentCb(agree=True))
    kb.button(text=t.BTN_CONSENT_NO, callback_data=ConsentCb(agree=False))
    kb.adjust(1)
    return kb.as_markup()


def regions(knowledge: Knowledge) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for region in knowledge.regions:
        kb.button(text=region.title.replace(" область", " обл."), callback_data=RegionCb(code=region.code))
    kb.adjust(2)
    return kb.as_markup()


def phone() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=t.BTN_SHARE_PHONE, request_contact=True)],
            [KeyboardButton(text=t.BTN_SKIP)],
            [KeyboardButton(text=tc.BTN_CANCEL)],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
