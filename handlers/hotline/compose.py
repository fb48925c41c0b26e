"""The composer: asking a question, and writing about a consultation (answer, clarification, reply, follow-up).

Asking goes: the topic, then the text (several messages, documents, photos),
then the preview, which is the summary ("📨 Надіслати", "✏️ Тема",
"✏️ Доповнити"). Writing about a consultation starts at the text. Like the
forms engine (`bot/forms.py`), every step has "⬅️ Назад" and "✖️ Скасувати",
only the buttons of the screen shown last are live (`ComposeData.prompt_id`:
an earlier one gets a short alert and changes nothing), a used keyboard goes
away (the topic list is replaced by the choice), and a command or a menu
button in the middle asks whether to continue, keeping the draft until the
person decides. The engine itself does not fit: its steps read one message
each, and its summary would add a tap to the five that ask a question.

The draft lives in FSM data (the database or Redis), so a half-typed question
survives a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from pydantic import BaseModel, Field

from bot.callbacks.answers import SuggestionAction, SuggestionCb
from bot.callbacks.hotline import ConsultationAction, ConsultationCb, DraftAction, DraftCb, TopicCb
from bot.filters import Registered
from bot.forms import reply_keyboard_texts
from bot.keyboards import answers as answers_kb
from bot.keyboards import hotline as kb
from bot.keyboards.common import main_menu
from bot.presses import pressed_before, remember
from bot.texts import answers as answers_texts
from bot.texts import common as tc
from bot.texts import hotline as t
from bot.views import answers as answers_view
from bot.views import hotline as view
from bot.views.errors import error_text
from core.errors import InvalidInput
from handlers.fallback import UNSUPPORTED
from handlers.hotline.middleware import install_hotline
from knowledge import Knowledge
from services.answers.base import AnswerBase
from services.hotline.consultations import Hotline
from services.hotline.draft import LAWYER_PURPOSES, Attachment, Draft, Purpose
from services.text import ALERT_LIMIT, MESSAGE_LIMIT, shorten, tg_len
from storage.models import Role, User

log = logging.getLogger(__name__)


class Compose(StatesGroup):
    topic = State()
    collecting = State()
    suggested = State()  # published answers similar to the question are shown before the preview
    preview = State()


STEPS = (Compose.topic, Compose.collecting, Compose.suggested, Compose.preview)


class ComposeData(BaseModel):
    """The FSM data while composing (the keys drafts saved before this model had)."""

    purpose: Purpose
    consultation_id: int = 0  # 0 while asking: the consultation does not exist yet
    topic: str = ""  # the topic code, while asking
    draft: Draft = Field(default_factory=Draft)
    prompt_id: int | None = None  # the message whose buttons are live
    origin_id: int | None = None  # the message whose button opened the composer: its buttons change once sent
    changing: bool = False  # the topic is being changed from the preview: back there after
    suggested: list[int] = Field(default_factory=list)  # published answers shown before the preview (ids)
    declined: bool = False  # "send anyway" pressed: not suggested again for this question
    suggestions_text: str = ""  # the suggestions screen, to show again after an interruption


class FreeTextData(BaseModel):
    """Text typed outside any dialog, kept (with no state) until a topic is chosen for it."""

    free_text: str | None = None
    offer_id: int | None = None  # the message offering the topics


async def load(state: FSMContext) -> ComposeData:
    return ComposeData.model_validate(await state.get_data())


async def save(state: FSMContext, data: ComposeData, step: State | None = None) -> None:
    if step is not None:
        await state.set_state(step)
    await state.set_data(data.model_dump(mode="json"))


# The buttons on a consultation that open the composer.
OPENERS = {
    ConsultationAction.ANSWER: Purpose.ANSWER,
    ConsultationAction.CLARIFY: Purpose.CLARIFY,
    ConsultationAction.REPLY: Purpose.REPLY,
    ConsultationAction.FOLLOW_UP: Purpose.FOLLOW_UP,
}
OPENER_LABELS = {
    Purpose.ANSWER: t.BTN_ANSWER,
    Purpose.CLARIFY: t.BTN_CLARIFY,
    Purpose.REPLY: t.BTN_REPLY_CLARIFY,
    Purpose.FOLLOW_UP: t.BTN_FOLLOW_UP,
}


# --- screens ---------------------------------------------------------------------------------------


async def edit_away(bot: Bot, chat_id: int, message_id: int, markup: InlineKeyboardMarkup | None = None) -> None:
    """Replaces a message's buttons (by default: none). A message gone meanwhile is not an error."""
    try:
        await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=markup)
    except TelegramBadRequest as exc:
        log.info("buttons of message %s in %s left as they were: %s", message_id, chat_id, exc.message)


async def retire(bot: Bot, chat_id: int, data: ComposeData, shown: Message | None = None, note: str = "") -> None:
    """The live screen's buttons go; `note` (the choice) takes their place when `shown` is that screen."""
    prompt_id, data.prompt_id = data.prompt_id, None
    if prompt_id is None:
        return
    if note and shown is not None and shown.message_id == prompt_id and shown.text is not None:
        text = f"{shown.html_text}\n\n{tc.FORM_CHOSEN.format(value=note)}"
        if tg_len(text) <= MESSAGE_LIMIT:
            try:
                await bot.edit_message_text(text=text, chat_id=chat_id, message_id=prompt_id, reply_markup=None)
                return
            except TelegramBadRequest as exc:
                log.info("choice not shown on message %s: %s", prompt_id, exc.message)
    await edit_away(bot, chat_id, prompt_id)


async def show(
    bot: Bot, chat_id: int, state: FSMContext, data: ComposeData, step: State, text: str, markup: InlineKeyboardMarkup
) -> None:
    """Sends a screen of the composer; its buttons are the live ones from now on."""
    await save(state, data, step)  # stored before the screen shows it
    sent = await bot.send_message(chat_id, text, reply_markup=markup)
    data.prompt_id = sent.message_id or None  # 0: queued in the outbox, no id yet
    await save(state, data)


async def show_topics(bot: Bot, chat_id: int, state: FSMContext, data: ComposeData, knowledge: Knowledge) -> None:
    text = t.CHOOSE_TOPIC if data.draft.is_empty else t.CHOOSE_TOPIC_TEXT_KEPT
    if data.changing:
        text = t.CHANGE_TOPIC
    markup = kb.topics(knowledge, back=data.changing)
    await show(bot, chat_id, state, data, Compose.topic, text, markup)


async def show_composer(
    bot: Bot, chat_id: int, state: FSMContext, data: ComposeData, knowledge: Knowledge, note: str = ""
) -> None:
    text = view.compose_prompt(data.purpose, data.consultation_id, knowledge.topic_title(data.topic), data.draft)
    markup = kb.composing(done=not data.draft.is_empty)
    await show(bot, chat_id, state, data, Compose.collecting, note + text, markup)


async def show_preview(bot: Bot, chat_id: int, state: FSMContext, data: ComposeData, knowledge: Knowledge) -> None:
    topic = knowledge.topic_title(data.topic) if data.topic else ""
    parts = view.draft_preview(data.purpose, data.consultation_id, topic, data.draft)
    for part in parts[:-1]:
        await bot.send_message(chat_id, part)
    await show(bot, chat_id, state, data, Compose.preview, parts[-1], kb.draft_preview(data.purpose))


async def show_interrupted(bot: Bot, chat_id: int, state: FSMContext, data: ComposeData) -> None:
    """Continue or drop the draft? The state stays: ignoring the question keeps the draft."""
    await retire(bot, chat_id, data)
    text = tc.FORM_INTERRUPTED.format(title=view.purpose_title(data.purpose, data.consultation_id))
    current = await state.get_state()
    step = next(s for s in STEPS if s.state == current)
    await show(bot, chat_id, state, data, step, text, kb.interrupted())


async def resume(bot: Bot, chat_id: int, state: FSMContext, data: ComposeData, knowledge: Knowledge) -> None:
    """Shows the step the person was at again."""
    current = await state.get_state()
    if current == Compose.topic.state:
        await show_topics(bot, chat_id, state, data, knowledge)
    elif current == Compose.suggested.state:
        await show_suggestions(bot, chat_id, state, data)
    elif current == Compose.preview.state:
        await show_preview(bot, chat_id, state, data, knowledge)
    else:
        await show_composer(bot, chat_id, state, data, knowledge)


async def live(query: CallbackQuery, state: FSMContext, *steps: State) -> tuple[ComposeData, Message] | None:
    """The draft, if the press is on the screen shown last at one of `steps`; otherwise a short alert."""
    current = await state.get_state()
    message = query.message if isinstance(query.message, Message) else None
    if message is not None and current in {step.state for step in steps}:
        data = await load(state)
        if data.prompt_id is None or data.prompt_id == message.message_id:
            return data, message
    await query.answer(shorten(tc.STALE_BUTTON, ALERT_LIMIT))
    if message is not None and current not in {step.state for step in STEPS}:
        await message.edit_reply_markup(reply_markup=None)  # nothing is being composed: these buttons are spent
    return None


async def leave(
    query: CallbackQuery, state: FSMContext, bot: Bot, *steps: State, note: str = ""
) -> tuple[ComposeData, Message] | None:
    """A press on the live screen at one of `steps`: answered, and that screen's buttons go (`note` in their place)."""
    screen = await live(query, state, *steps)
    if screen is not None:
        data, message = screen
        await query.answer()
        await retire(bot, message.chat.id, data, message, note=note)
    return screen


# --- entering ----------------------------------------------------------------------------------------


async def start_asking(message: Message, state: FSMContext, bot: Bot, knowledge: Knowledge) -> None:
    await state.clear()
    await show_topics(bot, message.chat.id, state, ComposeData(purpose=Purpose.ASK), knowledge)


def opens_composer(purpose: Purpose) -> Callable[..., Awaitable[None]]:
    """The handler of a button that opens the composer about a consultation (answer, clarify, reply, follow up)."""

    async def open_composer(
        query: CallbackQuery,
        callback_data: ConsultationCb,
        state: FSMContext,
        hotline: Hotline,
        user: User,
        role: Role,
        bot: Bot,
    ) -> None:
        assert isinstance(query.message, Message)
        chat_id = query.message.chat.id
        current = await state.get_state()
        if current in {step.state for step in STEPS}:
            data = await load(state)
            if data.purpose == purpose and data.consultation_id == callback_data.id:  # pressed again
                title = view.purpose_title(purpose, data.consultation_id)
                await query.answer(shorten(t.ALREADY_WRITING.format(title=title, done=t.BTN_DONE), ALERT_LIMIT))
                return
            if not data.draft.is_empty:  # another text is half-written: ask before leaving it
                await query.answer()
                await show_interrupted(bot, chat_id, state, data)
                return
            await retire(bot, chat_id, data)
        # Refused here, at once, if the text could not be sent (not after it is typed).
        consultation = await hotline.check_writing(purpose, callback_data.id, user, role)
        draft, note = Draft(), ""
        if current is None:  # a draft left with "Back" earlier?
            parked = await state.get_data()
            if parked.get("purpose") == purpose and parked.get("consultation_id") == consultation.id:
                draft, note = load_draft(parked), t.DRAFT_RESUMED + "\n\n"
        await query.answer()
        data = ComposeData(
            purpose=purpose, consultation_id=consultation.id, draft=draft, origin_id=query.message.message_id
        )
        await show_composer(bot, chat_id, state, data, hotline.knowledge, note=note)

    return open_composer


def load_draft(raw: dict[str, object]) -> Draft:
    return ComposeData.model_validate(raw).draft


async def topic_chosen(
    query: CallbackQuery, callback_data: TopicCb, state: FSMContext, hotline: Hotline, bot: Bot
) -> None:
    screen = await live(query, state, Compose.topic)
    if screen is None:
        return
    data, message = screen
    topic = hotline.topic(callback_data.code)
    await query.answer()
    await retire(bot, message.chat.id, data, message, note=topic.title)
    data.topic = topic.code
    if data.changing:
        data.changing = False
        await show_preview(bot, message.chat.id, state, data, hotline.knowledge)
    else:
        await show_composer(bot, message.chat.id, state, data, hotline.knowledge)


async def free_text_topic_chosen(
    query: CallbackQuery, callback_data: TopicCb, state: FSMContext, hotline: Hotline, bot: Bot
) -> None:
    """A topic for the text typed outside any dialog: that text starts the question."""
    offer = FreeTextData.model_validate(await state.get_data())
    message = query.message if isinstance(query.message, Message) else None
    if message is None or not offer.free_text or offer.offer_id not in (None, message.message_id):
        await query.answer(shorten(tc.STALE_BUTTON, ALERT_LIMIT))
        if message is not None:
            await message.edit_reply_markup(reply_markup=None)
        return
    topic = hotline.topic(callback_data.code)
    draft = Draft()
    draft.add(offer.free_text, None)
    await query.answer()
    data = ComposeData(purpose=Purpose.ASK, topic=topic.code, draft=draft, prompt_id=message.message_id)
    await state.set_data({})
    await retire(bot, message.chat.id, data, message, note=topic.title)
    await show_composer(bot, message.chat.id, state, data, hotline.knowledge)


# --- adding text and files ---------------------------------------------------------------------------


def _attachment(message: Message) -> Attachment | None:
    if message.document is not None:
        return {"type": "document", "file_id": message.document.file_id, "file_name": message.document.file_name}
    if message.photo:
        return {"type": "photo", "file_id": message.photo[-1].file_id, "file_name": None}
    return None


async def _add(message: Message, data: ComposeData) -> bool:
    """Adds the message to the draft; a refusal is said and the draft is kept as it was."""
    text = message.text if message.text is not None else message.caption
    try:
        data.draft.add(text, _attachment(message))
    except InvalidInput as exc:
        await message.answer(error_text(exc))
        return False
    return True


async def collect(message: Message, state: FSMContext, bot: Bot) -> None:
    data = await load(state)
    if not await _add(message, data):
        return
    await retire(bot, message.chat.id, data)
    text = view.part_added(data.purpose, data.draft)
    await show(bot, message.chat.id, state, data, Compose.collecting, text, kb.composing(done=True))


async def typed_at_topic(message: Message, state: FSMContext, bot: Bot, knowledge: Knowledge) -> None:
    """Text or a file before the topic: kept as the start of the question, and the topic asked again."""
    data = await load(state)
    if message.text != t.BTN_DONE and not await _add(message, data):
        return
    await retire(bot, message.chat.id, data)
    await show_topics(bot, message.chat.id, state, data, knowledge)


async def unsupported_while_composing(message: Message) -> None:
    await message.answer(tc.UNSUPPORTED_CONTENT)


async def _to_preview(bot: Bot, chat_id: int, state: FSMContext, data: ComposeData, hotline: Hotline) -> None:
    """After "Done": a question first meets the published answers most like it (if any), then the preview."""
    await retire(bot, chat_id, data)
    if data.purpose == Purpose.ASK and not data.declined and data.draft.text.strip():
        hits = await answer_base(hotline).suggest(data.draft.text)
        if hits:
            data.suggested = [hit.answer.id for hit in hits]
            data.suggestions_text = answers_view.suggestions(hits, hotline.knowledge)
            await show_suggestions(bot, chat_id, state, data)
            return
    await show_preview(bot, chat_id, state, data, hotline.knowledge)


def answer_base(hotline: Hotline) -> AnswerBase:
    return AnswerBase(hotline.session, hotline.settings, hotline.knowledge, hotline.now)


async def show_suggestions(bot: Bot, chat_id: int, state: FSMContext, data: ComposeData) -> None:
    markup = answers_kb.suggestions(data.suggested)
    await show(bot, chat_id, state, data, Compose.suggested, data.suggestions_text, markup)


async def done(query: CallbackQuery, state: FSMContext, bot: Bot, hotline: Hotline) -> None:
    screen = await live(query, state, Compose.collecting)
    if screen is None:
        return
    data, message = screen
    if data.draft.is_empty:
        await query.answer(t.DRAFT_EMPTY, show_alert=True)
        return
    await query.answer()
    await _to_preview(bot, message.chat.id, state, data, hotline)


async def done_typed(message: Message, state: FSMContext, bot: Bot, hotline: Hotline) -> None:
    """ "✅ Готово" as text (a reply keyboard of an earlier version, or typed)."""
    data = await load(state)
    if data.draft.is_empty:
        await message.answer(t.DRAFT_EMPTY)
        return
    await _to_preview(bot, message.chat.id, state, data, hotline)


# --- moving between the steps ------------------------------------------------------------------------


async def back(query: CallbackQuery, state: FSMContext, bot: Bot, hotline: Hotline, user: User, role: Role) -> None:
    screen = await leave(query, state, bot, Compose.topic, Compose.collecting)
    if screen is None:
        return
    data, message = screen
    chat_id = message.chat.id
    if await state.get_state() == Compose.topic.state:  # changing the topic: back to the preview, as it was
        data.changing = False
        await show_preview(bot, chat_id, state, data, hotline.knowledge)
    elif data.purpose == Purpose.ASK:
        await show_topics(bot, chat_id, state, data, hotline.knowledge)
    else:
        await leave_to_consultation(bot, chat_id, state, data, hotline, user, role)


async def leave_to_consultation(
    bot: Bot, chat_id: int, state: FSMContext, data: ComposeData, hotline: Hotline, user: User, role: Role
) -> None:
    """Back from the first step of writing about a consultation: its card again; the draft waits for the button."""
    await state.set_state(None)
    if data.draft.is_empty:
        await state.set_data({})
    else:
        await save(state, data)
    case = await hotline.thread(data.consultation_id, user, role)
    screen = view.card_message(
        chat_id,
        case.consultation,
        hotline.settings,
        hotline.knowledge,
        hotline.now,
        for_official=case.asked_by_viewer,
        with_phone=case.sees_phone,
    )
    if not data.draft.is_empty:
        parked = t.DRAFT_PARKED.format(button=OPENER_LABELS[data.purpose])
        screen = screen.model_copy(update={"text": f"{parked}\n\n{screen.text}"})
    await bot(screen)


async def edit(query: CallbackQuery, state: FSMContext, bot: Bot, knowledge: Knowledge) -> None:
    if screen := await leave(query, state, bot, Compose.preview):
        data, message = screen
        await show_composer(bot, message.chat.id, state, data, knowledge)


async def change_topic(query: CallbackQuery, state: FSMContext, bot: Bot, knowledge: Knowledge) -> None:
    if screen := await leave(query, state, bot, Compose.preview):
        data, message = screen
        data.changing = True
        await show_topics(bot, message.chat.id, state, data, knowledge)


async def discard(query: CallbackQuery, state: FSMContext, bot: Bot, role: Role) -> None:
    if screen := await leave(query, state, bot, *STEPS):
        await state.clear()
        await screen[1].answer(t.DRAFT_DISCARDED, reply_markup=main_menu(role))


async def resume_pressed(query: CallbackQuery, state: FSMContext, bot: Bot, knowledge: Knowledge) -> None:
    if screen := await leave(query, state, bot, *STEPS, note=tc.BTN_CONTINUE):
        data, message = screen
        await resume(bot, message.chat.id, state, data, knowledge)


async def interrupted(message: Message, state: FSMContext, bot: Bot) -> None:
    """A command or a menu button while composing: continue or drop the draft (kept until decided)."""
    await show_interrupted(bot, message.chat.id, state, await load(state))


# --- sending -----------------------------------------------------------------------------------------


async def send(query: CallbackQuery, state: FSMContext, hotline: Hotline, user: User, role: Role, bot: Bot) -> None:
    screen = await live(query, state, Compose.preview)
    if screen is None:
        return
    data, message = screen
    if data.purpose == Purpose.ASK:
        consultation = await hotline.ask(user, data.topic, data.draft, suggested=data.suggested)
    else:
        consultation = await hotline.write(data.purpose, data.consultation_id, user, role, data.draft)
    await state.clear()
    await query.answer()
    chat_id = message.chat.id
    await retire(bot, chat_id, data, message, note=t.SENT_MARK)
    if data.origin_id is not None:  # the button that opened the composer no longer applies
        buttons = kb.lawyer_card(consultation.id, consultation.status) if data.purpose in LAWYER_PURPOSES else None
        await edit_away(bot, chat_id, data.origin_id, buttons)
    reply = view.composed_sent(data.purpose, consultation, hotline.settings)
    await message.answer(reply, reply_markup=main_menu(role))


# --- published answers suggested before the preview -------------------------------------------------


async def _suggestion_screen(
    query: CallbackQuery, state: FSMContext, answer_id: int | None
) -> tuple[ComposeData, Message] | None:
    """The draft, if the question whose suggestions these are is still being asked (and shows `answer_id`)."""
    message = query.message if isinstance(query.message, Message) else None
    current = await state.get_state()
    if message is not None and current == Compose.suggested.state:
        data = await load(state)
        if answer_id is None or answer_id in data.suggested:
            return data, message
    await query.answer(shorten(tc.STALE_BUTTON, ALERT_LIMIT))
    if message is not None and current not in {step.state for step in STEPS}:
        await message.edit_reply_markup(reply_markup=None)  # nothing is being asked: these buttons are spent
    return None


async def suggestion_open(
    query: CallbackQuery, callback_data: SuggestionCb, state: FSMContext, hotline: Hotline, role: Role, bot: Bot
) -> None:
    """A suggested answer in full (once per list), with "it answers my question" and "send anyway"."""
    screen = await _suggestion_screen(query, state, callback_data.id)
    if screen is None or await pressed_before(query, state, answers_texts.ANSWER_SHOWN):
        return
    answer = await answer_base(hotline).get(callback_data.id, role)
    await query.answer()
    text = answers_view.answer_card(answer, hotline.knowledge, hotline.settings)
    await bot.send_message(screen[1].chat.id, text, reply_markup=answers_kb.suggestion_opened(answer.id))
    await remember(query, state)


async def suggestion_helped(
    query: CallbackQuery, callback_data: SuggestionCb, state: FSMContext, hotline: Hotline, user: User, bot: Bot
) -> None:
    """The official's question is answered by a published answer: no consultation; logged; a rating offered."""
    screen = await _suggestion_screen(query, state, callback_data.id)
    if screen is None:
        return
    data, message = screen
    await answer_base(hotline).helped(callback_data.id, user, data.draft.text, data.suggested)
    await state.clear()
    await query.answer()
    chat_id = message.chat.id
    await retire(bot, chat_id, data)
    if message.message_id != data.prompt_id:
        await edit_away(bot, chat_id, message.message_id)
    await bot.send_message(chat_id, answers_texts.HELPED, reply_markup=answers_kb.rating(callback_data.id))


async def suggestion_anyway(query: CallbackQuery, state: FSMContext, hotline: Hotline, bot: Bot) -> None:
    """On to the preview: the question as composed, the suggestions kept with it for the lawyer."""
    screen = await _suggestion_screen(query, state, None)
    if screen is None:
        return
    data, message = screen
    await query.answer()
    chat_id = message.chat.id
    pressed_on_answer = message.message_id != data.prompt_id
    await retire(bot, chat_id, data, message, note=answers_texts.BTN_ASK_ANYWAY)
    if pressed_on_answer:
        await edit_away(bot, chat_id, message.message_id)
    data.declined = True
    await show_preview(bot, chat_id, state, data, hotline.knowledge)


def create_router() -> Router:
    router = Router(name="hotline_compose")
    install_hotline(router)
    router.message.register(start_asking, Registered(), Command("ask"))
    router.message.register(start_asking, Registered(), F.text == tc.BTN_ASK)
    router.message.register(unsupported_while_composing, StateFilter(*STEPS), UNSUPPORTED)
    # Commands are not part of a draft: they reach their own handlers (the draft stays saved).
    not_command = ~F.text.startswith("/")
    router.message.register(typed_at_topic, Compose.topic, not_command)
    router.message.register(done_typed, StateFilter(Compose.collecting, Compose.preview), F.text == t.BTN_DONE)
    router.message.register(collect, StateFilter(Compose.collecting, Compose.preview), not_command)
    router.callback_query.register(topic_chosen, ~StateFilter(None), TopicCb.filter())
    router.callback_query.register(free_text_topic_chosen, StateFilter(None), TopicCb.filter())
    on = DraftCb.filter
    router.callback_query.register(done, on(F.action == DraftAction.DONE))
    router.callback_query.register(back, on(F.action == DraftAction.BACK))
    router.callback_query.register(send, on(F.action == DraftAction.SEND))
    router.callback_query.register(edit, on(F.action == DraftAction.EDIT))
    router.callback_query.register(change_topic, on(F.action == DraftAction.TOPIC))
    router.callback_query.register(discard, on(F.action == DraftAction.DISCARD))
    router.callback_query.register(resume_pressed, on(F.action == DraftAction.RESUME))
    suggestion = SuggestionCb.filter
    router.callback_query.register(suggestion_open, suggestion(F.action == SuggestionAction.OPEN))
    router.callback_query.register(suggestion_helped, suggestion(F.action == SuggestionAction.HELPED))
    router.callback_query.register(suggestion_anyway, suggestion(F.action == SuggestionAction.ANYWAY))
    for action, purpose in OPENERS.items():
        router.callback_query.register(opens_composer(purpose), Registered(), ConsultationCb.filter(F.action == action))
    return router


def create_interruptions_router() -> Router:
    """Goes before the common commands: /start, /help or a menu button while composing asks first."""
    menu = reply_keyboard_texts([main_menu(Role.ADMIN)])
    router = Router(name="hotline_compose_interruptions")
    router.message.register(
        interrupted,
        StateFilter(*STEPS),
        F.text,
        F.text.func(lambda text: text in menu or (text.startswith("/") and not text.startswith("/cancel"))),
    )
    return router
