"""Everyone: "📚 База відповідей" and `/kb [text]`: search by typing, browse by topic; rating a helpful answer."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.callbacks.answers import AnswerRateCb, AnswerTopicCb
from bot.filters import Registered
from bot.forms import reply_keyboard_texts
from bot.keyboards import answers as kb
from bot.keyboards.common import main_menu
from bot.texts import answers as t
from bot.texts import common as tc
from bot.views import answers as view
from handlers.answers import install_answers
from services.answers.base import AnswerBase
from services.text import quote, shorten
from storage.models import Role, User

QUERY_SHOWN = 60  # the query repeated in the reply


class Base(StatesGroup):
    searching = State()  # the next text is a search of the base


async def show_base(message: Message, state: FSMContext, answers: AnswerBase, role: Role) -> None:
    counts = await answers.topic_counts()
    if not any(counts.values()):  # nothing to search or browse yet
        await message.answer(t.BASE_EMPTY.format(ask=tc.BTN_ASK), reply_markup=main_menu(role))
        return
    await state.set_state(Base.searching)
    await message.answer(t.BASE_INTRO, reply_markup=kb.topics(answers.knowledge, counts))


async def search(message: Message, state: FSMContext, answers: AnswerBase, role: Role, text: str) -> None:
    await state.set_state(None)
    hits = await answers.search(text)
    shown = quote(shorten(text, QUERY_SHOWN))
    if not hits:
        await message.answer(t.SEARCH_NOTHING.format(query=shown, ask=tc.BTN_ASK), reply_markup=main_menu(role))
        return
    found = [hit.answer for hit in hits]
    text = view.results(t.SEARCH_RESULTS.format(query=shown), found)
    await message.answer(text, reply_markup=kb.results([answer.id for answer in found]))


async def kb_command(
    message: Message, command: CommandObject, state: FSMContext, answers: AnswerBase, role: Role
) -> None:
    if command.args and command.args.strip():
        await search(message, state, answers, role, command.args.strip())
    else:
        await show_base(message, state, answers, role)


async def typed(message: Message, state: FSMContext, answers: AnswerBase, role: Role) -> None:
    await search(message, state, answers, role, message.text or "")


async def topic_list(query: CallbackQuery, answers: AnswerBase) -> None:
    counts = await answers.topic_counts()
    await query.answer()
    assert isinstance(query.message, Message)
    await query.message.edit_text(t.BASE_INTRO, reply_markup=kb.topics(answers.knowledge, counts))


async def topic_page(query: CallbackQuery, callback_data: AnswerTopicCb, answers: AnswerBase) -> None:
    """One topic's published answers, newest first, a page at a time (shows only)."""
    page = await answers.browse(callback_data.code, callback_data.page)
    topic = quote(answers.knowledge.topic_title(page.topic_code))
    await query.answer()
    assert isinstance(query.message, Message)
    if not page.answers:
        await query.message.edit_text(t.TOPIC_EMPTY.format(topic=topic), reply_markup=kb.results([]))
        return
    text = view.results(t.TOPIC_HEADER.format(topic=topic), page.answers)
    ids = [answer.id for answer in page.answers]
    await query.message.edit_text(
        text, reply_markup=kb.results(ids, topic=page.topic_code, page=page.page, more=page.more)
    )


async def rate(query: CallbackQuery, callback_data: AnswerRateCb, answers: AnswerBase, user: User) -> None:
    await answers.rate(callback_data.id, user, callback_data.stars)
    await query.answer(t.RATED)
    assert isinstance(query.message, Message)
    await query.message.edit_text(f"{t.HELPED_NO_RATING}\n\n{tc.FORM_CHOSEN.format(value='⭐' * callback_data.stars)}")


def create_router() -> Router:
    menu = reply_keyboard_texts([main_menu(Role.ADMIN)])
    router = Router(name="answers_browse")
    install_answers(router)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.message.register(kb_command, Command("kb"))
    router.message.register(show_base, F.text == t.BTN_BASE)
    router.message.register(
        typed, Base.searching, F.text, ~F.text.startswith("/"), F.text.func(lambda text: text not in menu)
    )
    router.callback_query.register(topic_list, AnswerTopicCb.filter(F.code == ""))
    router.callback_query.register(topic_page, AnswerTopicCb.filter(F.code != ""))
    router.callback_query.register(rate, AnswerRateCb.filter())
    return router
