"""The official's side: follow their consultations, resolve, rate (asking and replying: `compose`)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from pydantic import BaseModel

from bot.callbacks.hotline import ConsultationAction, ConsultationCb, RatingCb
from bot.filters import Registered
from bot.keyboards import hotline as kb
from bot.keyboards.common import main_menu
from bot.texts import common as tc
from bot.texts import hotline as t
from bot.views import hotline as view
from handlers.hotline import send_replies
from handlers.hotline.compose import FreeTextData, edit_away
from handlers.hotline.middleware import install_hotline
from knowledge import Knowledge
from services.hotline.consultations import Hotline
from storage.models import Role, User


class RatingComment(StatesGroup):
    waiting = State()


class RatingCommentData(BaseModel):
    consultation_id: int


async def offer_free_text(message: Message, state: FSMContext, knowledge: Knowledge, bot: Bot) -> None:
    """Text typed outside any dialog is most likely a question: keep it and offer to send it."""
    earlier = FreeTextData.model_validate(await state.get_data())
    await state.update_data(FreeTextData(free_text=message.text).model_dump())
    if earlier.offer_id is not None:  # only the newest offer is live
        await edit_away(bot, message.chat.id, earlier.offer_id)
    sent = await message.answer(t.FREE_TEXT_OFFER, reply_markup=kb.topics(knowledge, step=False))
    await state.update_data(FreeTextData(free_text=message.text, offer_id=sent.message_id or None).model_dump())


async def my_consultations(message: Message, hotline: Hotline, user: User) -> None:
    items = await hotline.of_official(user)
    if not items:
        await message.answer(t.MY_EMPTY)
        return
    await message.answer(
        view.official_list(items, hotline.settings, hotline.knowledge), reply_markup=kb.open_list(items)
    )


async def open_consultation(
    query: CallbackQuery, callback_data: ConsultationCb, hotline: Hotline, user: User, role: Role, bot: Bot
) -> None:
    """From a list: the official who asked sees their view, lawyers and admins the whole consultation."""
    case = await hotline.thread(callback_data.id, user, role)
    render = view.official_view if case.asked_by_viewer else view.lawyer_view
    replies = render(user.telegram_id, case, hotline.settings, hotline.knowledge, hotline.now)
    await query.answer()
    await send_replies(bot, replies)


async def resolved(query: CallbackQuery, callback_data: ConsultationCb, hotline: Hotline, user: User, bot: Bot) -> None:
    consultation = await hotline.resolve(callback_data.id, user)
    await query.answer()
    assert isinstance(query.message, Message)
    # The outbox also edits this question now that the consultation is closed; whichever is first.
    await edit_away(bot, query.message.chat.id, query.message.message_id)
    await query.message.answer(t.RATE_PROMPT.format(number=consultation.id), reply_markup=kb.rating(consultation.id))


async def rate(query: CallbackQuery, callback_data: RatingCb, state: FSMContext, hotline: Hotline, user: User) -> None:
    consultation = await hotline.rate(callback_data.id, user, callback_data.stars)
    await state.set_state(RatingComment.waiting)
    await state.set_data(RatingCommentData(consultation_id=consultation.id).model_dump())
    await query.answer()
    assert isinstance(query.message, Message)
    await query.message.edit_reply_markup(reply_markup=None)
    stars = t.BTN_RATING.format(stars=consultation.rating)
    await query.message.answer(t.RATED.format(stars=stars), reply_markup=kb.skip_comment())


async def skip_comment(message: Message, state: FSMContext, role: Role) -> None:
    await state.clear()
    await message.answer(t.COMMENT_SKIPPED, reply_markup=main_menu(role))


async def comment(message: Message, state: FSMContext, hotline: Hotline, user: User, role: Role) -> None:
    if not message.text:
        await message.answer(tc.UNSUPPORTED_CONTENT)
        return
    data = RatingCommentData.model_validate(await state.get_data())
    await hotline.comment_rating(data.consultation_id, user, message.text)
    await state.clear()
    await message.answer(t.COMMENT_SAVED, reply_markup=main_menu(role))


def create_router() -> Router:
    router = Router(name="hotline_official")
    install_hotline(router)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.message.register(my_consultations, Command("my"))
    router.message.register(my_consultations, F.text == tc.BTN_MY)
    # Callback actions are authorised again in the service: callback data can be forged.
    router.callback_query.register(open_consultation, ConsultationCb.filter(F.action == ConsultationAction.OPEN))
    router.callback_query.register(resolved, ConsultationCb.filter(F.action == ConsultationAction.RESOLVED))
    router.callback_query.register(rate, RatingCb.filter())
    router.message.register(skip_comment, RatingComment.waiting, F.text == t.BTN_SKIP_COMMENT)
    router.message.register(comment, RatingComment.waiting)
    return router


def create_free_text_router() -> Router:
    """Last before the fallback: plain text of a registered user outside any dialog."""
    router = Router(name="hotline_free_text")
    router.message.register(offer_free_text, Registered(), StateFilter(None), F.text, ~F.text.startswith("/"))
    return router


__all__ = ["create_free_text_router", "create_router"]
