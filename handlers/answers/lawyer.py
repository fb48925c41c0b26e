"""For a lawyer working on a consultation: similar published answers and the topic's templates, either taken
as the start of the draft answer (the hot line's composer opens with that text; nothing is sent before "Готово")."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks.answers import AnswerAction, AnswerCb, IntoDraftCb
from bot.filters import Registered, RoleFilter
from bot.keyboards import answers as kb
from bot.presses import pressed_before, remember
from bot.texts import answers as t
from bot.texts import hotline as hotline_texts
from bot.views import answers as view
from handlers.answers import install_answers
from handlers.hotline.compose import STEPS, ComposeData, load, retire, show_composer, show_interrupted
from handlers.hotline.middleware import install_hotline
from services.answers.base import AnswerBase
from services.answers.errors import STAFF_ROLES
from services.hotline.consultations import Hotline
from services.hotline.draft import Draft, Purpose
from services.text import quote
from storage.models import Role, User


async def similar(query: CallbackQuery, callback_data: AnswerCb, answers: AnswerBase, role: Role) -> None:
    """ "📚 Схожі відповіді": the most similar published answers, each can start the draft (shows only)."""
    hits = await answers.similar_to_consultation(callback_data.id, role)
    await query.answer()
    assert isinstance(query.message, Message)
    card_id = query.message.message_id  # the card whose buttons change once the answer is sent
    markup = kb.similar(callback_data.id, [hit.answer.id for hit in hits], card_id) if hits else None
    await query.message.answer(view.similar_list(callback_data.id, hits), reply_markup=markup)
    for hit in hits:
        await query.message.answer(view.answer_card(hit.answer, answers.knowledge, answers.settings))


async def templates(query: CallbackQuery, callback_data: AnswerCb, answers: AnswerBase, role: Role) -> None:
    consultation, items = await answers.templates(callback_data.id, role)
    topic = answers.knowledge.topic_title(consultation.topic_code)
    await query.answer()
    assert isinstance(query.message, Message)
    if not items:
        none = t.TEMPLATES_NONE.format(topic=topic, manage=t.BTN_MANAGE_TEMPLATES, new=t.BTN_NEW_TEMPLATE)
        await query.message.answer(none, reply_markup=kb.all_templates())
        return
    markup = kb.templates(consultation.id, [(item.id, item.title) for item in items], query.message.message_id)
    await query.message.answer(t.TEMPLATES_HEADER.format(topic=topic), reply_markup=markup)


async def into_draft(
    query: CallbackQuery,
    callback_data: IntoDraftCb,
    state: FSMContext,
    answers: AnswerBase,
    hotline: Hotline,
    user: User,
    role: Role,
    bot: Bot,
) -> None:
    """The text becomes (or is added to) the draft answer of the consultation, once; the composer shows it."""
    if await pressed_before(query, state, t.ALREADY_IN_DRAFT):
        return
    consultation = await hotline.check_writing(Purpose.ANSWER, callback_data.id, user, role)
    start = await answers.text_for_draft(
        role, user, consultation.id, answer_id=callback_data.answer, template_id=callback_data.template
    )
    assert isinstance(query.message, Message)
    chat_id = query.message.chat.id
    # As "✍️ Відповісти" does: the card the list came from gets its new buttons once the answer is sent.
    card_id = callback_data.card or None
    data = ComposeData(purpose=Purpose.ANSWER, consultation_id=consultation.id, draft=Draft(), origin_id=card_id)
    if await state.get_state() in {step.state for step in STEPS}:
        current = await load(state)
        if current.purpose == Purpose.ANSWER and current.consultation_id == consultation.id:
            data = current
            data.origin_id = data.origin_id or card_id
        elif not current.draft.is_empty:  # another text is half-written: ask before leaving it
            await query.answer()
            await show_interrupted(bot, chat_id, state, current)
            return
        await retire(bot, chat_id, current)
    data.draft.add(view.draft_start(start), None)
    await query.answer()
    note = t.TAKEN_INTO_DRAFT.format(number=consultation.id, done=hotline_texts.BTN_DONE) + "\n\n"
    await show_composer(bot, chat_id, state, data, hotline.knowledge, note=note)
    await remember(query, state)


async def add_template(message: Message, command: CommandObject, answers: AnswerBase, user: User, role: Role) -> None:
    """/template <topic code> <title> | <text>"""
    args = (command.args or "").strip()
    code, _, rest = args.partition(" ")
    title, bar, text = rest.partition("|")
    if not bar or not title.strip() or not text.strip():
        codes = ", ".join(topic.code for topic in answers.knowledge.topics)
        await message.answer(t.TEMPLATE_USAGE.format(codes=codes))
        return
    template = await answers.add_template(code, title, text, user, role)
    topic = answers.knowledge.topic_title(template.topic_code)
    await message.answer(t.TEMPLATE_SAVED.format(title=quote(template.title), topic=quote(topic)))


def create_router() -> Router:
    router = Router(name="answers_lawyer")
    install_answers(router)
    install_hotline(router)
    router.callback_query.filter(Registered())
    router.message.filter(Registered())
    on = AnswerCb.filter
    router.callback_query.register(similar, on(F.action == AnswerAction.SIMILAR))
    router.callback_query.register(templates, on(F.action == AnswerAction.TEMPLATES))
    router.callback_query.register(into_draft, IntoDraftCb.filter())
    router.message.register(add_template, Command("template"), RoleFilter(*STAFF_ROLES))
    return router
