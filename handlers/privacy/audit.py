"""/audit for admins: the newest entries of the access log, and the whole log as an XLSX file."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.privacy import PrivacyAct, PrivacyCb
from bot.keyboards import privacy as kb
from bot.middlewares.actor import ActorMiddleware
from bot.texts import privacy as t
from bot.views import privacy as view
from core.actor import Actor
from core.clock import Clock
from core.settings import Settings
from services.privacy import audit as service


async def recent(message: Message, session: AsyncSession, actor: Actor, settings: Settings) -> None:
    lines = await service.recent(session, actor)
    parts = view.audit_list(lines, settings)
    for index, part in enumerate(parts):
        await message.answer(part, reply_markup=kb.audit_export() if index == len(parts) - 1 and lines else None)


async def export(query: CallbackQuery, session: AsyncSession, actor: Actor, settings: Settings, clock: Clock) -> None:
    now = clock.now()
    exported = await service.export(session, actor, now=now, tz=settings.tz, wording=view.AUDIT_WORDING)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer_document(
            BufferedInputFile(exported.xlsx, filename=view.audit_file_name(now, settings)),
            caption=t.AUDIT_CAPTION.format(count=exported.entries),
        )


def create_router() -> Router:
    router = Router(name="privacy_audit")
    router.message.middleware(ActorMiddleware())
    router.callback_query.middleware(ActorMiddleware())
    router.message.register(recent, Command("audit"))
    router.callback_query.register(export, PrivacyCb.filter(F.action == PrivacyAct.AUDIT_EXPORT))
    return router
