"""/mydata: the person gets, as two files, everything the bot holds about them."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import privacy as t
from bot.views import privacy as view
from core.clock import Clock
from core.settings import Settings
from knowledge import Knowledge
from services.privacy import mydata as service
from storage.models import User


async def mydata(
    message: Message, session: AsyncSession, user: User | None, settings: Settings, knowledge: Knowledge, clock: Clock
) -> None:
    if user is None or not user.is_registered:
        await message.answer(t.MYDATA_NOT_REGISTERED)
        return
    await message.answer(t.MYDATA_PREPARING)
    files = await service.build(session, user, tz=settings.tz, knowledge=knowledge, wording=view.MYDATA_WORDING)
    json_name, xlsx_name = view.mydata_names(clock.now(), settings)
    await message.answer_document(BufferedInputFile(files.json, filename=json_name), caption=t.MYDATA_CAPTION_JSON)
    await message.answer_document(BufferedInputFile(files.xlsx, filename=xlsx_name), caption=t.MYDATA_CAPTION_XLSX)


def create_router() -> Router:
    router = Router(name="privacy_data")
    router.message.register(mydata, Command("mydata"))
    return router
