from __future__ import annotations

from functools import cache

from aiogram.types import KeyboardButton, ReplyKeyboardMarkup

from bot.texts import answers as answers_texts
from bot.texts import common as t
from bot.texts import ops as ops_texts
from storage.models import Role


@cache  # one per role, built once: sent with many replies (and never changed once built)
def main_menu(role: Role) -> ReplyKeyboardMarkup:
    rows = [
        [KeyboardButton(text=t.BTN_ASK), KeyboardButton(text=t.BTN_MY)],
        [KeyboardButton(text=answers_texts.BTN_BASE)],
        [KeyboardButton(text=t.BTN_TRAININGS), KeyboardButton(text=t.BTN_NEWS)],
        [KeyboardButton(text=t.BTN_SUBSCRIPTIONS), KeyboardButton(text=t.BTN_HELP)],
    ]
    if role in (Role.LAWYER, Role.ADMIN):
        rows.insert(0, [KeyboardButton(text=t.BTN_QUEUE)])
    if role == Role.ADMIN:
        rows.insert(
            1,
            [
                KeyboardButton(text=t.BTN_STAFF),
                KeyboardButton(text=t.BTN_NEWSLETTER),
                KeyboardButton(text=t.BTN_INDICATORS),
            ],
        )
    if role == Role.ADMIN:
        rows.append([KeyboardButton(text=ops_texts.BTN_STATUS), KeyboardButton(text=t.BTN_EXPORT)])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


def cancel_only() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text=t.BTN_CANCEL)]], resize_keyboard=True)
