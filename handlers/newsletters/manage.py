"""Cancelling a newsletter (the button under the progress message or in the list) and the admins' list."""

from __future__ import annotations

from contextlib import suppress

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InaccessibleMessage, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.newsletters import NewsletterCancelCb, NewsletterListCb
from bot.filters import RoleFilter
from bot.keyboards import newsletters as kb
from bot.presses import pressed_before, remember
from bot.texts import newsletters as t
from bot.views import newsletters as view
from core.actor import Actor
from core.clock import Clock
from core.roles import Role
from core.settings import Settings
from knowledge import Knowledge
from services.newsletters import publishing


async def cancel_newsletter(
    query: CallbackQuery, callback_data: NewsletterCancelCb, session: AsyncSession, actor: Actor, clock: Clock, bot: Bot
) -> None:
    figures = await publishing.cancel(session, actor, callback_data.newsletter_id, now=clock.now())
    text = view.cancelled_text(figures)
    await query.answer()
    newsletter = figures.newsletter
    if newsletter.progress_message_id is not None:
        # The author may have deleted it; the reply below says it anyway.
        with suppress(TelegramAPIError):
            await bot.edit_message_text(
                text=text, chat_id=newsletter.author_chat_id, message_id=newsletter.progress_message_id
            )
    if query.message is not None:
        await query.message.answer(text)


async def _send_list(
    chat: Message | InaccessibleMessage, session: AsyncSession, actor: Actor, knowledge: Knowledge, settings: Settings
) -> None:
    items = await publishing.overview(session, actor)
    ids = [figures.newsletter.id for figures in items if publishing.cancellable(figures)]
    await chat.answer(view.list_text(items, knowledge, settings.tz), reply_markup=kb.newsletter_list(ids))


async def list_command(
    message: Message, session: AsyncSession, actor: Actor, knowledge: Knowledge, settings: Settings
) -> None:
    await _send_list(message, session, actor, knowledge, settings)


async def list_button(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    knowledge: Knowledge,
    settings: Settings,
) -> None:
    items_chat = query.message
    await publishing.overview(session, actor)  # refuses non-admins before anything is said
    if await pressed_before(query, state, t.LIST_ALREADY_SENT):  # a double tap: the list is below
        return
    await query.answer()
    if items_chat is not None:
        await _send_list(items_chat, session, actor, knowledge, settings)
    await remember(query, state)


def create_router() -> Router:
    router = Router(name="newsletters_manage")
    router.callback_query.register(cancel_newsletter, NewsletterCancelCb.filter())
    router.message.register(list_command, Command("newsletters"), RoleFilter(Role.ADMIN))
    router.callback_query.register(list_button, NewsletterListCb.filter())
    return router
