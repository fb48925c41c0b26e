from __future__ import annotations

from collections.abc import Mapping

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks.registration import ConsentCb, RegistrationAct, RegistrationCb
from bot.texts import common as tc
from bot.texts import registration as t
from knowledge import Knowledge

SUMMARY = "summary"  # the `step` of the summary screen


def consent() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_CONSENT_YES, callback_data=ConsentCb(agree=True))
    kb.button(text=t.BTN_CONSENT_NO, callback_data=ConsentCb(agree=False))
    kb.adjust(1)
    return kb.as_markup()


def _button(text: str, action: RegistrationAct, step: str, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=RegistrationCb(action=action, step=step, value=value).pack())


def _back_and_cancel(step: str) -> list[InlineKeyboardButton]:
    return [_button(tc.BTN_BACK, RegistrationAct.BACK, step), _button(tc.BTN_CANCEL, RegistrationAct.CANCEL, step)]


def question(step: str) -> InlineKeyboardMarkup:
    """Under a question answered by typing."""
    return InlineKeyboardMarkup(inline_keyboard=[_back_and_cancel(step)])


def regions(knowledge: Knowledge, step: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for region in knowledge.regions:
        kb.add(_button(region.title.replace(" область", " обл."), RegistrationAct.PICK, step, region.code))
    kb.adjust(2)
    kb.row(*_back_and_cancel(step))
    return kb.as_markup()


def phone() -> ReplyKeyboardMarkup:
    """Telegram shares a contact only from a reply keyboard, so this step's buttons are all here."""
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=t.BTN_SHARE_PHONE, request_contact=True)],
            [KeyboardButton(text=t.BTN_SKIP)],
            [KeyboardButton(text=tc.BTN_BACK), KeyboardButton(text=tc.BTN_CANCEL)],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def phone_at_summary() -> ReplyKeyboardMarkup:
    """Under the summary: share the number and finish (Telegram shares a contact only from a reply keyboard)."""
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=t.BTN_SHARE_AND_FINISH, request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def summary(labels: Mapping[str, str]) -> InlineKeyboardMarkup:
    """A button per answer (step -> its label) to change it, then confirm or cancel."""
    kb = InlineKeyboardBuilder()
    for step, label in labels.items():
        kb.add(_button(tc.BTN_CHANGE.format(label=label), RegistrationAct.CHANGE, SUMMARY, step))
    kb.adjust(2)
    kb.row(
        _button(tc.BTN_CONFIRM, RegistrationAct.CONFIRM, SUMMARY),
        _button(tc.BTN_CANCEL, RegistrationAct.CANCEL, SUMMARY),
    )
    return kb.as_markup()


def interrupted(step: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(tc.BTN_CONTINUE, RegistrationAct.CONTINUE, step),
                _button(tc.BTN_CANCEL, RegistrationAct.CANCEL, step),
            ]
        ]
    )
