"""The changed consent text: accepted (the person goes on where they were) or declined."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.privacy import PrivacyAct, PrivacyCb
from bot.keyboards.common import main_menu
from bot.texts import privacy as t
from bot.texts import registration as tr
from bot.views.privacy import consent_version
from core.clock import Clock
from core.roles import Role
from core.settings import Settings
from services.privacy import consent as service
from storage.models import User


async def accept(
    query: CallbackQuery, session: AsyncSession, user: User | None, role: Role, clock: Clock, settings: Settings
) -> None:
    if user is None or not user.is_registered:
        await query.answer(tr.STALE)
        return
    version = consent_version(settings)
    if not service.needs_consent(user, version):
        await query.answer(t.CONSENT_ACCEPTED)
        return
    await service.accept(session, user, version=version, now=clock.now())
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(t.CONSENT_ACCEPTED, reply_markup=main_menu(role))


async def decline(query: CallbackQuery, user: User | None, settings: Settings) -> None:
    """Nothing changes; the buttons stay, so the person can still accept."""
    if not service.needs_consent(user, consent_version(settings)):
        await query.answer(tr.STALE)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(t.CONSENT_DECLINED)


def create_router() -> Router:
    router = Router(name="privacy_consent")
    router.callback_query.register(accept, PrivacyCb.filter(F.action == PrivacyAct.ACCEPT))
    router.callback_query.register(decline, PrivacyCb.filter(F.action == PrivacyAct.DECLINE))
    return router
