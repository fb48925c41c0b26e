"""Callback data of the trainings feature (ids and short codes only; the create/edit form uses `FormCb`)."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from services.trainings.browse import Scope


class TrainingListCb(CallbackData, prefix="tl"):
    """A page of the catalogue (upcoming; past for admins)."""

    scope: Scope
    page: int = 0


class MyTrainingsCb(CallbackData, prefix="tmy"):
    """The person's own sign-ups."""


class AttendanceCodeCb(CallbackData, prefix="tcode"):
    """Asks for the code announced at the training."""


class TrainingAction(StrEnum):
    VIEW = "view"
    JOIN = "join"  # asks to confirm
    JOIN_OK = "joinok"
    LEAVE = "leave"  # asks to confirm
    LEAVE_OK = "leaveok"


class TrainingCb(CallbackData, prefix="tr"):
    """An official's action on a training; `page`: the catalogue page to go back to."""

    action: TrainingAction
    id: int
    page: int = 0


class TrainingAdminAction(StrEnum):
    NEW = "new"
    EDIT = "edit"
    CANCEL = "cancel"  # asks to confirm
    CANCEL_OK = "cancelok"
    PEOPLE = "people"
    ATTENDANCE = "att"
    XLSX = "xlsx"
    CSV = "csv"


class TrainingAdminCb(CallbackData, prefix="ta"):
    action: TrainingAdminAction
    id: int = 0
    page: int = 0


class TrainingAttendanceCb(CallbackData, prefix="tm"):
    """Set one participant's attendance mark to `mark` (a second press of the same button changes nothing)."""

    reg: int
    mark: bool
    page: int = 0
