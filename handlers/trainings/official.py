"""Officials: the catalogue, sign-up and cancellation, "my trainings", attendance by code."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.text_decorations import html_decoration as hd
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.trainings import TrCb, TrListCb
from bot.keyboards import trainings as kb
from bot.texts import common as tc
from bot.texts import trainings as t
from core.clock import Clock
from core.errors import DomainError
from core.settings import Settings
from knowledge import Knowledge
from services.trainings import attendance, signups
from services.trainings.cards import card, local
from storage.models import RegistrationStatus, Role, Training, TrainingStatus, User

PAGE_SIZE = 5
MY_SINCE = timedelta(days=2)  # recent trainings stay in "my trainings" for the attendance code


class AttendanceCode(StatesGroup):
    code = State()


async def render(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Replaces the message the button was on; sends a new one if it cannot be edited."""
    message = query.message
    if isinstance(message, Message):
        try:
            await message.edit_text(text, reply_markup=markup)
            return
        except TelegramBadRequest as exc:
            if "not modified" in str(exc):
                return
    await query.bot.send_message(query.from_user.id, text, reply_markup=markup)  # type: ignore[union-attr]


async def list_view(
    session: AsyncSession, *, scope: str, page: int, role: Role, clock: Clock, settings: Settings
) -> tuple[str, InlineKeyboardMarkup]:
    is_admin = role == Role.ADMIN
    if scope == "past" and is_admin:
        rows, total = await signups.past(session, now=clock.now(), offset=page * PAGE_SIZE, limit=PAGE_SIZE)
        header, empty = t.LIST_PAST, t.LIST_PAST_EMPTY
    else:
        scope = "up"
        rows, total = await signups.upcoming(session, now=clock.now(), offset=page * PAGE_SIZE, limit=PAGE_SIZE)
        header, empty = t.LIST_UPCOMING, t.LIST_EMPTY
    pages = max(1, math.ceil(total / PAGE_SIZE))
    text = header.format(page=page + 1, pages=pages) if rows else empty
    markup = kb.training_list(rows, scope=scope, page=page, pages=pages, tz=settings.tz, is_admin=is_admin)
    return text, markup


async def card_view(
    session: AsyncSession, training: Training, ctx: dict[str, Any], *, page: int = 0
) -> tuple[str, InlineKeyboardMarkup]:
    """The training's card for whoever asks (`ctx`: the handler data with user, role, clock, settings, knowledge)."""
    user: User | None = ctx["user"]
    role: Role = ctx["role"]
    clock: Clock = ctx["clock"]
    settings: Settings = ctx["settings"]
    knowledge: Knowledge = ctx["knowledge"]
    is_admin = role == Role.ADMIN
    now = clock.now()
    registration = await signups.registration_of(session, training.id, user.id) if user else None
    status = registration.status if registration else None
    waiting = await signups.count_participants(session, training.id, (RegistrationStatus.WAITLISTED,))
    text = card(
        training,
        knowledge=knowledge,
        tz=settings.tz,
        show_link=is_admin or status == RegistrationStatus.REGISTERED,
        waiting=waiting if is_admin else None,
    )
    open_ = signups.is_open(training, now)
    if training.status == TrainingStatus.CANCELLED:
        text += t.CARD_CANCELLED
    elif status == RegistrationStatus.REGISTERED:
        text += t.CARD_YOU_REGISTERED
    elif status == RegistrationStatus.WAITLISTED and registration is not None:
        text += t.CARD_YOU_WAITLISTED.format(position=await signups.waitlist_position(session, registration))
    elif not open_:
        text += t.CARD_CLOSED
    if is_admin:
        text += t.CARD_ADMIN.format(code=training.attendance_code)
    signed_up = status in signups.ACTIVE and now < training.starts_at and training.status == TrainingStatus.SCHEDULED
    full = training.capacity is not None and training.seats_taken >= training.capacity
    markup = kb.training_card(training, page=page, signed_up=signed_up, can_sign_up=open_, full=full, is_admin=is_admin)
    return text, markup


async def trainings_command(
    message: Message, state: FSMContext, session: AsyncSession, role: Role, clock: Clock, settings: Settings
) -> None:
    await state.clear()
    text, markup = await list_view(session, scope="up", page=0, role=role, clock=clock, settings=settings)
    await message.answer(text, reply_markup=markup)


async def my_view(
    session: AsyncSession, user: User | None, clock: Clock, settings: Settings
) -> tuple[str, InlineKeyboardMarkup]:
    now = clock.now()
    rows = await signups.my_registrations(session, user_id=user.id, since=now - MY_SINCE) if user else []
    can_code = any(
        r.status == RegistrationStatus.REGISTERED and r.training.starts_at <= now + attendance.CODE_OPENS_BEFORE
        for r in rows
    )
    return (t.MY_LIST if rows else t.MY_EMPTY), kb.my_list(rows, tz=settings.tz, can_enter_code=can_code)


async def list_page(
    query: CallbackQuery,
    callback_data: TrListCb,
    session: AsyncSession,
    user: User | None,
    role: Role,
    clock: Clock,
    settings: Settings,
) -> None:
    await query.answer()
    if callback_data.scope == "my":
        text, markup = await my_view(session, user, clock, settings)
    else:
        text, markup = await list_view(
            session,
            scope=callback_data.scope,
            page=max(0, callback_data.page),
            role=role,
            clock=clock,
            settings=settings,
        )
    await render(query, text, markup)


async def show_card(query: CallbackQuery, training: Training, ctx: dict[str, Any], page: int, notice: str = "") -> None:
    text, markup = await card_view(ctx["session"], training, ctx, page=page)
    await render(query, f"{notice}\n\n{text}" if notice else text, markup)


# Refusals (DomainError) go to the shared domain_errors router: an alert, and the update rolls back.


async def view(query: CallbackQuery, callback_data: TrCb, **ctx: Any) -> None:
    training = await signups.get_training(ctx["session"], callback_data.id)
    await query.answer()
    await show_card(query, training, ctx, callback_data.page)


async def join(query: CallbackQuery, callback_data: TrCb, session: AsyncSession, settings: Settings) -> None:
    training = await signups.get_training(session, callback_data.id)
    await query.answer()
    text = t.CONFIRM_SIGN_UP.format(title=hd.quote(training.title), when=local(training.starts_at, settings.tz))
    yes = TrCb(action="joinok", id=training.id, page=callback_data.page).pack()
    no = TrCb(action="view", id=training.id, page=callback_data.page).pack()
    await render(query, text, kb.confirm(t.BTN_CONFIRM_SIGN_UP, yes, no))


async def join_ok(query: CallbackQuery, callback_data: TrCb, user: User | None, clock: Clock, **ctx: Any) -> None:
    if user is None or not user.is_registered:
        await query.answer(t.NEED_REGISTRATION, show_alert=True)
        return
    result = await signups.sign_up(ctx["session"], training_id=callback_data.id, user=user, now=clock.now())
    if result.waitlist_position is None:
        notice = t.SIGNED_UP.format(title=hd.quote(result.training.title))
    else:
        notice = t.WAITLISTED.format(position=result.waitlist_position)
    await query.answer()
    await show_card(query, result.training, {**ctx, "user": user, "clock": clock}, callback_data.page, notice)


async def leave(query: CallbackQuery, callback_data: TrCb, session: AsyncSession) -> None:
    training = await signups.get_training(session, callback_data.id)
    await query.answer()
    yes = TrCb(action="leaveok", id=training.id, page=callback_data.page).pack()
    no = TrCb(action="view", id=training.id, page=callback_data.page).pack()
    await render(
        query, t.CONFIRM_LEAVE.format(title=hd.quote(training.title)), kb.confirm(t.BTN_CONFIRM_LEAVE, yes, no)
    )


async def leave_ok(query: CallbackQuery, callback_data: TrCb, user: User | None, clock: Clock, **ctx: Any) -> None:
    if user is None:
        await query.answer(t.NOT_REGISTERED_HERE, show_alert=True)
        return
    training = await signups.cancel_registration(
        ctx["session"], training_id=callback_data.id, user=user, now=clock.now(), tz=ctx["settings"].tz
    )
    await query.answer()
    notice = t.LEFT.format(title=hd.quote(training.title))
    await show_card(query, training, {**ctx, "user": user, "clock": clock}, callback_data.page, notice)


async def code_button(query: CallbackQuery, state: FSMContext) -> None:
    await query.answer()
    await state.set_state(AttendanceCode.code)
    await query.message.answer(t.ASK_CODE)  # type: ignore[union-attr]


async def _confirm_code(
    message: Message, state: FSMContext, session: AsyncSession, user: User | None, clock: Clock, code: str
) -> None:
    if user is None:
        await message.answer(tc.NOT_REGISTERED)
        return
    try:
        training = await attendance.confirm_by_code(session, user_id=user.id, code=code, now=clock.now())
    except DomainError as exc:
        # A wrong code keeps the dialog open for another try; other refusals end it.
        if exc.message != t.CODE_WRONG:
            await state.clear()
        await message.answer(exc.message)
        return
    await state.clear()
    await message.answer(t.CODE_OK.format(title=hd.quote(training.title)))


async def attend_command(
    message: Message, command: CommandObject, state: FSMContext, session: AsyncSession, user: User | None, clock: Clock
) -> None:
    if not command.args:
        await state.set_state(AttendanceCode.code)
        await message.answer(t.ASK_CODE)
        return
    await _confirm_code(message, state, session, user, clock, command.args)


async def code_typed(
    message: Message, state: FSMContext, session: AsyncSession, user: User | None, clock: Clock
) -> None:
    if not message.text:
        await message.answer(t.ATTEND_USAGE)
        return
    await _confirm_code(message, state, session, user, clock, message.text)


def create_router() -> Router:
    router = Router(name="trainings")
    router.message.register(trainings_command, Command("trainings"))
    router.message.register(trainings_command, F.text == tc.BTN_TRAININGS)
    router.message.register(attend_command, Command("attend"))
    router.message.register(code_typed, AttendanceCode.code)
    router.callback_query.register(list_page, TrListCb.filter())
    router.callback_query.register(view, TrCb.filter(F.action == "view"))
    router.callback_query.register(join, TrCb.filter(F.action == "join"))
    router.callback_query.register(join_ok, TrCb.filter(F.action == "joinok"))
    router.callback_query.register(leave, TrCb.filter(F.action == "leave"))
    router.callback_query.register(leave_ok, TrCb.filter(F.action == "leaveok"))
    router.callback_query.register(code_button, TrCb.filter(F.action == "code"))
    return router
