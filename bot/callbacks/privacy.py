from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class PrivacyAct(StrEnum):
    ACCEPT = "ok"  # the changed consent text
    DECLINE = "no"
    FORGET = "fg"  # erase my data: confirmed
    KEEP = "kp"  # erase my data: changed my mind
    AUDIT_EXPORT = "ax"


class PrivacyCb(CallbackData, prefix="pv"):
    action: PrivacyAct
