from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks.privacy import PrivacyAct, PrivacyCb
from bot.texts import privacy as t
from bot.texts import registration as tr


def consent_again() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=tr.BTN_CONSENT_YES, callback_data=PrivacyCb(action=PrivacyAct.ACCEPT))
    kb.button(text=tr.BTN_CONSENT_NO, callback_data=PrivacyCb(action=PrivacyAct.DECLINE))
    kb.adjust(1)
    return kb.as_markup()


def forget_confirm() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_FORGET, callback_data=PrivacyCb(action=PrivacyAct.FORGET))
    kb.button(text=t.BTN_KEEP, callback_data=PrivacyCb(action=PrivacyAct.KEEP))
    kb.adjust(1)
    return kb.as_markup()


def audit_export() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_AUDIT_EXPORT, callback_data=PrivacyCb(action=PrivacyAct.AUDIT_EXPORT))
    return kb.as_markup()
