"""/forget: a confirmation, then the person's data erased in one transaction and a confirmation sent."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.privacy import PrivacyAct, PrivacyCb
from bot.keyboards import privacy as kb
from bot.texts import privacy as t
from bot.texts import registration as tr
from core.clock import Clock
from core.roles import Role
from core.settings import Settings
from services.privacy import erasure as service
from storage.models import User


async def ask(message: Message, session: AsyncSession, user: User | None, role: Role, clock: Clock) -> None:
    if user is None:
        await message.answer(t.FORGET_NOT_REGISTERED)
        return
    await service.request(session, user, role, now=clock.now())
    await message.answer(t.FORGET_ASK, reply_markup=kb.forget_confirm())


async def confirmed(
    query: CallbackQuery,
    session: AsyncSession,
    user: User | None,
    role: Role,
    clock: Clock,
    settings: Settings,
    state: FSMContext,
) -> None:
    """A second press finds nobody to forget: a short alert (AlreadyForgotten)."""
    done = await service.forget(session, user, role, now=clock.now(), tz=settings.tz)
    await state.clear()  # a half-written question or form goes too
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(t.FORGOTTEN.format(closed=len(done.closed)), reply_markup=ReplyKeyboardRemove())


async def kept(query: CallbackQuery, user: User | None) -> None:
    if user is None:
        await query.answer(tr.STALE)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(t.FORGET_KEPT)


def create_router() -> Router:
    router = Router(name="privacy_forget")
    router.message.register(ask, Command("forget"))
    router.callback_query.register(confirmed, PrivacyCb.filter(F.action == PrivacyAct.FORGET))
    router.callback_query.register(kept, PrivacyCb.filter(F.action == PrivacyAct.KEEP))
    return router
