"""The official's side: ask, follow their consultations, reply, rate."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.hotline import Act, ConsultCb, RateCb, TopicCb
from bot.filters import Registered
from bot.keyboards import hotline as kb
from bot.keyboards.common import main_menu
from bot.texts import common as tc
from bot.texts import hotline as t
from bot.views import hotline as render
from core.errors import DomainError
from core.settings import Settings
from handlers.hotline.compose import Compose, Purpose
from handlers.hotline.middleware import install_hotline
from knowledge import Knowledge
from services.hotline.consultations import Draft, Hotline
from services.text import quote, split_text
from storage.models import ConsultationStatus, Role, User
from storage.repositories import consultations as repo


class RatingComment(StatesGroup):
    waiting = State()


async def ask(message: Message, state: FSMContext, knowledge: Knowledge) -> None:
    await state.clear()
    await state.set_state(Compose.topic)
    await message.answer(t.CHOOSE_TOPIC, reply_markup=kb.topics(knowledge))


async def topic_chosen(query: CallbackQuery, callback_data: TopicCb, state: FSMContext, knowledge: Knowledge) -> None:
    """After /ask, or on the offer to send free text as a question (then the text starts the draft)."""
    topic = knowledge.topic(callback_data.code)
    if topic is None:
        raise DomainError(t.UNKNOWN_TOPIC)
    draft = Draft()
    if await state.get_state() is None:
        free_text = (await state.get_data()).get("free_text")
        if not free_text:
            raise DomainError(tc.STALE_BUTTON)
        draft.add(free_text, None)
    await query.answer()
    await state.set_state(Compose.collecting)
    await state.set_data({"purpose": Purpose.ASK.value, "topic": topic.code, "draft": draft.to_dict()})
    assert query.message is not None
    await query.message.answer(
        t.COMPOSE_QUESTION.format(topic=quote(topic.title), done=t.BTN_DONE), reply_markup=kb.composing()
    )


async def offer_free_text(message: Message, state: FSMContext, knowledge: Knowledge) -> None:
    """Text typed outside any dialog is most likely a question: keep it and offer to send it."""
    await state.update_data(free_text=message.text)
    await message.answer(t.FREE_TEXT_OFFER, reply_markup=kb.topics(knowledge))


async def topic_typed(message: Message, knowledge: Knowledge) -> None:
    await message.answer(t.UNKNOWN_TOPIC, reply_markup=kb.topics(knowledge))


async def my_consultations(
    message: Message, session: AsyncSession, user: User, settings: Settings, knowledge: Knowledge
) -> None:
    items = await repo.of_official(session, user.id)
    if not items:
        await message.answer(t.MY_EMPTY)
        return
    await message.answer(render.official_list(items, settings, knowledge), reply_markup=kb.open_list(items))


async def open_own(query: CallbackQuery, callback_data: ConsultCb, hotline: Hotline, user: User, role: Role) -> None:
    """An official opens one of theirs: the card, the thread and the history."""
    consultation, events = await hotline.history(callback_data.id, user, role)
    await query.answer()
    assert isinstance(query.message, Message)
    settings = hotline.settings
    text = render.card(consultation, settings, hotline.knowledge, hotline.now, with_phone=False)
    thread = render.thread(events, settings)
    for part in split_text(text + ("\n\n" + thread if thread else "")):
        await query.message.answer(part)
    markup = None
    if consultation.official_id == user.id:
        if consultation.status == ConsultationStatus.CLARIFICATION:
            markup = kb.reply_to_clarification(consultation.id)
        elif consultation.status == ConsultationStatus.ANSWERED:
            markup = kb.answer_reaction(consultation.id)
    await query.message.answer(render.history(consultation, events, settings), reply_markup=markup)


async def resolved(query: CallbackQuery, callback_data: ConsultCb, hotline: Hotline, user: User) -> None:
    consultation = await hotline.resolve(callback_data.id, user)
    await query.answer()
    assert isinstance(query.message, Message)
    await query.message.edit_reply_markup(reply_markup=None)
    await query.message.answer(t.RATE_PROMPT.format(number=consultation.id), reply_markup=kb.rating(consultation.id))


async def rate(query: CallbackQuery, callback_data: RateCb, state: FSMContext, hotline: Hotline, user: User) -> None:
    consultation = await hotline.rate(callback_data.id, user, callback_data.stars)
    await query.answer()
    assert isinstance(query.message, Message)
    await query.message.edit_reply_markup(reply_markup=None)
    await state.set_state(RatingComment.waiting)
    await state.set_data({"consultation_id": consultation.id})
    await query.message.answer(t.RATED.format(stars="⭐" * callback_data.stars), reply_markup=kb.skip_comment())


async def skip_comment(message: Message, state: FSMContext, role: Role) -> None:
    await state.clear()
    await message.answer(t.COMMENT_SKIPPED, reply_markup=main_menu(role))


async def comment(message: Message, state: FSMContext, hotline: Hotline, user: User, role: Role) -> None:
    if not message.text:
        await message.answer(tc.UNSUPPORTED_CONTENT)
        return
    data = await state.get_data()
    await hotline.comment_rating(int(data["consultation_id"]), user, message.text)
    await state.clear()
    await message.answer(t.COMMENT_SAVED, reply_markup=main_menu(role))


def create_router() -> Router:
    router = Router(name="consultations_official")
    install_hotline(router)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.message.register(ask, Command("ask"))
    router.message.register(ask, F.text == tc.BTN_ASK)
    router.callback_query.register(topic_chosen, Compose.topic, TopicCb.filter())
    router.message.register(topic_typed, Compose.topic)
    router.callback_query.register(topic_chosen, StateFilter(None), TopicCb.filter())
    router.message.register(my_consultations, Command("my"))
    router.message.register(my_consultations, F.text == tc.BTN_MY)
    router.callback_query.register(resolved, ConsultCb.filter(F.action == Act.RESOLVED))
    router.callback_query.register(rate, RateCb.filter())
    router.message.register(skip_comment, RatingComment.waiting, F.text == t.BTN_SKIP_COMMENT)
    router.message.register(comment, RatingComment.waiting)
    return router


def create_free_text_router() -> Router:
    """Last before the fallback: plain text of a registered user outside any dialog."""
    router = Router(name="consultations_free_text")
    router.message.register(offer_free_text, Registered(), StateFilter(None), F.text, ~F.text.startswith("/"))
    return router


__all__ = ["create_free_text_router", "create_router", "open_own"]
