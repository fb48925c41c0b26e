"""/news: the latest newsletters, each opened as subscribers got it."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.newsletters import NewsOpenCb
from bot.keyboards import newsletters as kb
from bot.presses import pressed_before, remember
from bot.texts import common as tc
from bot.texts import newsletters as t
from bot.views import newsletters as view
from core.settings import Settings
from services.newsletters import publishing


async def news(message: Message, session: AsyncSession, settings: Settings) -> None:
    items = await publishing.published(session)
    if not items:
        await message.answer(t.NEWS_EMPTY)
        return
    await message.answer(t.NEWS_LIST, reply_markup=kb.news_list(view.news_labels(items, settings.tz)))


async def news_open(
    query: CallbackQuery, callback_data: NewsOpenCb, state: FSMContext, session: AsyncSession, bot: Bot
) -> None:
    newsletter = await publishing.published_one(session, callback_data.newsletter_id)
    if await pressed_before(query, state, t.NEWS_ALREADY_SHOWN):  # a double tap: it is there below
        return
    await query.answer()
    await bot(view.delivery(newsletter, query.from_user.id))
    await remember(query, state)


def create_router() -> Router:
    router = Router(name="newsletters_news")
    router.message.register(news, Command("news"))
    router.message.register(news, F.text == tc.BTN_NEWS)
    router.callback_query.register(news_open, NewsOpenCb.filter())
    return router
