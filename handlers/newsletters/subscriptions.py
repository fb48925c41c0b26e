"""Subscriptions: the offer after registration, /subscriptions, the button under a newsletter.

Every button here may be tapped twice (or pressed on an old message): the
second press finds the work done, says so in a short alert and shows the same
screen again (the buttons say what to set, not "the other way round").
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InaccessibleMessage, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.newsletters import SubscriptionAction, SubscriptionCb, UnsubscribeCb
from bot.filters import Registered
from bot.keyboards import newsletters as kb
from bot.texts import common as tc
from bot.texts import newsletters as t
from bot.views import newsletters as view
from core.clock import Clock
from knowledge import Knowledge
from services.newsletters import subscriptions as subs
from storage.models import User


def _chat(query: CallbackQuery) -> Message | InaccessibleMessage:
    assert query.message is not None  # our buttons are on our own messages (no inline mode)
    return query.message


def _answer(saved: subs.Saved) -> str | None:
    return None if saved.changed else t.ALREADY_SAVED


async def _show_screen(query: CallbackQuery, codes: set[str], knowledge: Knowledge, alert: str | None = None) -> None:
    await query.answer(alert)
    message = _chat(query)
    if isinstance(message, Message):
        await message.edit_text(
            view.subscriptions_text(codes, knowledge), reply_markup=kb.subscriptions(knowledge, codes)
        )


async def _show_saved(query: CallbackQuery, codes: set[str], knowledge: Knowledge, alert: str | None = None) -> None:
    await query.answer(alert)
    message = _chat(query)
    if isinstance(message, Message):
        await message.edit_text(view.saved_text(codes, knowledge))


async def subscriptions_open(message: Message, session: AsyncSession, user: User, knowledge: Knowledge) -> None:
    codes = await subs.current(session, user)
    await message.answer(view.subscriptions_text(codes, knowledge), reply_markup=kb.subscriptions(knowledge, codes))


async def subscribe_all(
    query: CallbackQuery, session: AsyncSession, user: User | None, knowledge: Knowledge, clock: Clock
) -> None:
    saved = await subs.subscribe_all(session, user, now=clock.now())
    await _show_saved(query, saved.codes, knowledge, _answer(saved))


async def unsubscribe_all(
    query: CallbackQuery, session: AsyncSession, user: User | None, knowledge: Knowledge, clock: Clock
) -> None:
    saved = await subs.unsubscribe_all(session, user, now=clock.now())
    await _show_screen(query, saved.codes, knowledge, _answer(saved))


async def toggle(
    query: CallbackQuery,
    callback_data: SubscriptionCb,
    session: AsyncSession,
    user: User | None,
    knowledge: Knowledge,
    clock: Clock,
) -> None:
    saved = await subs.set_topic(session, user, callback_data.code, callback_data.on, knowledge, now=clock.now())
    await _show_screen(query, saved.codes, knowledge, _answer(saved))


async def pick(query: CallbackQuery, session: AsyncSession, user: User | None, knowledge: Knowledge) -> None:
    await _show_screen(query, await subs.current(session, user), knowledge)


async def done(query: CallbackQuery, session: AsyncSession, user: User | None, knowledge: Knowledge) -> None:
    await _show_saved(query, await subs.current(session, user), knowledge)


async def later(query: CallbackQuery) -> None:
    await query.answer()
    message = _chat(query)
    if isinstance(message, Message):
        await message.edit_text(t.NOT_NOW)


async def unsubscribe_button(
    query: CallbackQuery,
    callback_data: UnsubscribeCb,
    session: AsyncSession,
    user: User | None,
    knowledge: Knowledge,
    clock: Clock,
) -> None:
    result = await subs.unsubscribe_from_newsletter(
        session, user, callback_data.newsletter_id, knowledge, now=clock.now()
    )
    await query.answer(view.unsubscribed_alert(result, knowledge), show_alert=True)


def create_router() -> Router:
    router = Router(name="newsletters_subscriptions")
    registered = Registered()
    router.message.register(subscriptions_open, Command("subscriptions"), registered)
    router.message.register(subscriptions_open, F.text == tc.BTN_SUBSCRIPTIONS, registered)
    on = SubscriptionCb.filter
    router.callback_query.register(subscribe_all, on(F.action == SubscriptionAction.ALL))
    router.callback_query.register(unsubscribe_all, on(F.action == SubscriptionAction.NONE))
    router.callback_query.register(toggle, on(F.action == SubscriptionAction.TOGGLE))
    router.callback_query.register(pick, on(F.action == SubscriptionAction.PICK))
    router.callback_query.register(done, on(F.action == SubscriptionAction.DONE))
    router.callback_query.register(later, on(F.action == SubscriptionAction.LATER))
    router.callback_query.register(unsubscribe_button, UnsubscribeCb.filter())
    return router
