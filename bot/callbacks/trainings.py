"""Callback data of the trainings feature (ids and short codes only)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class TrListCb(CallbackData, prefix="tl"):
    scope: str  # "up" (upcoming), "past" (admins), "my"
    page: int = 0


class TrCb(CallbackData, prefix="tr"):
    """An official's action on a training: view, join, joinok, leave, leaveok, code."""

    action: str
    id: int
    page: int = 0


class TrAdminCb(CallbackData, prefix="ta"):
    """An admin's action: new, people, att, xlsx, csv, edit, cancel, cancelok."""

    action: str
    id: int = 0
    page: int = 0


class TrAttCb(CallbackData, prefix="tm"):
    """Toggle one participant's attendance (admin), staying on the list page."""

    reg: int
    page: int = 0


class TrPickCb(CallbackData, prefix="tp"):
    """A choice in the create/edit dialog: step name and value code."""

    step: str
    value: str
