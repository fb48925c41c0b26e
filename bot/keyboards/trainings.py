"""Inline keyboards of the trainings feature (the create/edit form's come from bot/forms.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks.trainings import (
    AttendanceCodeCb,
    MyTrainingsCb,
    TrainingAction,
    TrainingAdminAction,
    TrainingAdminCb,
    TrainingAttendanceCb,
    TrainingCb,
    TrainingListCb,
)
from bot.texts import trainings as t
from services.trainings.browse import AttendanceList, Card, Catalogue, Mine, Page, Scope
from storage.models import RegistrationStatus, Training, TrainingStatus

BUTTON_TITLE_MAX = 40
NAME_BUTTON_MAX = 60


def _short(text: str, limit: int = BUTTON_TITLE_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _nav(page: Page, make: Callable[[int], CallbackData]) -> list[InlineKeyboardButton]:
    row = []
    if page.number > 0:
        row.append(_button(t.BTN_PREV, make(page.number - 1)))
    if page.number < page.count - 1:
        row.append(_button(t.BTN_NEXT, make(page.number + 1)))
    return row


def _admin(action: TrainingAdminAction, training_id: int = 0, page: int = 0) -> TrainingAdminCb:
    return TrainingAdminCb(action=action, id=training_id, page=page)


def _when(training: Training, tz: tzinfo) -> str:
    return training.starts_at.astimezone(tz).strftime("%d.%m %H:%M")


def catalogue(listing: Catalogue, *, tz: tzinfo) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    page = listing.page.number
    for training in listing.trainings:
        kb.row(
            _button(
                _short(f"{_when(training, tz)} · {training.title}"),
                TrainingCb(action=TrainingAction.VIEW, id=training.id, page=page),
            )
        )
    nav = _nav(listing.page, lambda n: TrainingListCb(scope=listing.scope, page=n))
    if nav:
        kb.row(*nav)
    if listing.scope == Scope.UPCOMING:
        kb.row(_button(t.BTN_MY_TRAININGS, MyTrainingsCb()))
    else:
        kb.row(_button(t.BTN_UPCOMING, TrainingListCb(scope=Scope.UPCOMING)))
    if listing.is_admin:
        kb.row(
            _button(t.BTN_NEW, _admin(TrainingAdminAction.NEW)),
            _button(t.BTN_PAST, TrainingListCb(scope=Scope.PAST)),
        )
    return kb.as_markup()


def mine(mine: Mine, *, tz: tzinfo) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for r in mine.registrations:
        mark = t.MARK_REGISTERED if r.status == RegistrationStatus.REGISTERED else t.MARK_WAITLISTED
        kb.row(
            _button(
                _short(f"{mark} {_when(r.training, tz)} · {r.training.title}"),
                TrainingCb(action=TrainingAction.VIEW, id=r.training_id),
            )
        )
    if mine.can_enter_code:
        kb.row(_button(t.BTN_ENTER_CODE, AttendanceCodeCb()))
    kb.row(_button(t.BTN_UPCOMING, TrainingListCb(scope=Scope.UPCOMING)))
    return kb.as_markup()


def card(card: Card, *, page: int) -> InlineKeyboardMarkup:
    training_id = card.training.id
    kb = InlineKeyboardBuilder()
    if card.can_leave:
        kb.row(_button(t.BTN_LEAVE, TrainingCb(action=TrainingAction.LEAVE, id=training_id, page=page)))
    elif card.open:
        text = t.BTN_JOIN_WAITLIST if card.full else t.BTN_SIGN_UP
        kb.row(_button(text, TrainingCb(action=TrainingAction.JOIN, id=training_id, page=page)))
    if card.is_admin:
        kb.row(
            _button(t.BTN_PARTICIPANTS, _admin(TrainingAdminAction.PEOPLE, training_id)),
            _button(t.BTN_ATTENDANCE, _admin(TrainingAdminAction.ATTENDANCE, training_id)),
        )
        kb.row(*exports(training_id))
        if card.training.status == TrainingStatus.SCHEDULED:
            kb.row(
                _button(t.BTN_EDIT, _admin(TrainingAdminAction.EDIT, training_id)),
                _button(t.BTN_CANCEL_TRAINING, _admin(TrainingAdminAction.CANCEL, training_id)),
            )
    kb.row(_button(t.BTN_BACK, TrainingListCb(scope=Scope.UPCOMING, page=page)))
    return kb.as_markup()


def exports(training_id: int) -> list[InlineKeyboardButton]:
    return [
        _button(t.BTN_EXPORT_XLSX, _admin(TrainingAdminAction.XLSX, training_id)),
        _button(t.BTN_EXPORT_CSV, _admin(TrainingAdminAction.CSV, training_id)),
    ]


def confirm(yes_text: str, yes: CallbackData, no: CallbackData) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.row(_button(yes_text, yes))
    kb.row(_button(t.BTN_KEEP, no))
    return kb.as_markup()


def back_to_card(training_id: int) -> InlineKeyboardButton:
    return _button(t.BTN_BACK_TO_CARD, TrainingCb(action=TrainingAction.VIEW, id=training_id))


def attendance(listing: AttendanceList) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    page = listing.page.number
    for r in listing.registrations:
        mark = t.MARK_PRESENT if r.attended else t.MARK_ABSENT
        kb.row(
            _button(
                _short(f"{mark} {r.user.full_name}", NAME_BUTTON_MAX),
                TrainingAttendanceCb(reg=r.id, mark=not r.attended, page=page),
            )
        )
    training_id = listing.training.id
    nav = _nav(listing.page, lambda n: _admin(TrainingAdminAction.ATTENDANCE, training_id, n))
    if nav:
        kb.row(*nav)
    kb.row(back_to_card(training_id))
    return kb.as_markup()


def participants(training_id: int, page: Page) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    nav = _nav(page, lambda n: _admin(TrainingAdminAction.PEOPLE, training_id, n))
    if nav:
        kb.row(*nav)
    kb.row(*exports(training_id))
    kb.row(back_to_card(training_id))
    return kb.as_markup()
