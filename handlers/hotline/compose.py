"""Composing a text of several messages and files: questions, answers, clarifications.

The draft lives in FSM data (the database or Redis), so a half-typed question
survives a restart. `purpose` says what "Send" does with it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import StrEnum

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from pydantic import BaseModel, Field

from bot.callbacks.hotline import ConsultationAction, ConsultationCb, DraftAction, DraftCb
from bot.filters import Registered
from bot.keyboards import hotline as kb
from bot.keyboards.common import main_menu
from bot.texts import common as tc
from bot.texts import hotline as t
from bot.views.errors import error_text
from bot.views.hotline import local_time
from core.errors import InvalidInput
from handlers.fallback import UNSUPPORTED
from handlers.hotline.middleware import install_hotline
from knowledge import Knowledge
from services.hotline.consultations import Hotline
from services.hotline.draft import Attachment, Draft
from services.text import quote, split_text
from storage.models import Role, User


class Compose(StatesGroup):
    topic = State()
    collecting = State()
    preview = State()


class Purpose(StrEnum):
    ASK = "ask"
    ANSWER = "answer"
    CLARIFY = "clarify"
    REPLY = "reply"
    FOLLOW_UP = "follow_up"


class ComposeData(BaseModel):
    """The FSM data while composing (the keys drafts saved before this model had)."""

    purpose: Purpose
    consultation_id: int = 0  # 0 while asking: the consultation does not exist yet
    topic: str = ""  # the topic code, while asking
    draft: Draft = Field(default_factory=Draft)


async def load(state: FSMContext) -> ComposeData:
    return ComposeData.model_validate(await state.get_data())


async def save(state: FSMContext, data: ComposeData) -> None:
    await state.set_data(data.model_dump(mode="json"))


PROMPTS = {
    Purpose.ANSWER: t.ANSWER_PROMPT,
    Purpose.CLARIFY: t.CLARIFY_PROMPT,
    Purpose.REPLY: t.REPLY_PROMPT,
    Purpose.FOLLOW_UP: t.FOLLOW_UP_PROMPT,
}


async def start(message: Message, state: FSMContext, purpose: Purpose, consultation_id: int) -> None:
    """Enters composing for an existing consultation (answer, clarification, reply, follow-up)."""
    await state.set_state(Compose.collecting)
    await save(state, ComposeData(purpose=purpose, consultation_id=consultation_id))
    await message.answer(PROMPTS[purpose].format(number=consultation_id, done=t.BTN_DONE), reply_markup=kb.composing())


# The buttons on a consultation that open the composer, and whose consultation it must be.
OPENERS = {
    ConsultationAction.ANSWER: Purpose.ANSWER,
    ConsultationAction.CLARIFY: Purpose.CLARIFY,
    ConsultationAction.REPLY: Purpose.REPLY,
    ConsultationAction.FOLLOW_UP: Purpose.FOLLOW_UP,
}
OFFICIAL_PURPOSES = (Purpose.REPLY, Purpose.FOLLOW_UP)


def opens_composer(purpose: Purpose) -> Callable[..., Awaitable[None]]:
    """The handler of one button: a quick ownership check before typing starts (the service checks again on sending)."""

    async def open_composer(
        query: CallbackQuery, callback_data: ConsultationCb, state: FSMContext, hotline: Hotline, user: User
    ) -> None:
        if purpose in OFFICIAL_PURPOSES:
            consultation = await hotline.check_official(callback_data.id, user)
        else:
            consultation = await hotline.check_lawyer(callback_data.id, user)
        await query.answer()
        assert isinstance(query.message, Message)
        await start(query.message, state, purpose, consultation.id)

    return open_composer


def _attachment(message: Message) -> Attachment | None:
    if message.document is not None:
        return {"type": "document", "file_id": message.document.file_id, "file_name": message.document.file_name}
    if message.photo:
        return {"type": "photo", "file_id": message.photo[-1].file_id, "file_name": None}
    return None


async def collect(message: Message, state: FSMContext) -> None:
    data = await load(state)
    text = message.text if message.text is not None else message.caption
    try:
        data.draft.add(text, _attachment(message))
    except InvalidInput as exc:  # the draft is kept as it was: the person shortens or stops
        await message.answer(error_text(exc))
        return
    await save(state, data)
    await state.set_state(Compose.collecting)
    draft = data.draft
    await message.answer(t.PART_ADDED.format(chars=len(draft.text), files=len(draft.attachments), done=t.BTN_DONE))


async def unsupported_while_composing(message: Message) -> None:
    await message.answer(tc.UNSUPPORTED_CONTENT)


async def done(message: Message, state: FSMContext, knowledge: Knowledge) -> None:
    data = await load(state)
    draft = data.draft
    if draft.is_empty:
        await message.answer(t.DRAFT_EMPTY)
        return
    await state.set_state(Compose.preview)
    header = ""
    if data.purpose == Purpose.ASK:
        header = t.PREVIEW_HEADER.format(topic=quote(knowledge.topic_title(data.topic)))
    body = quote(draft.text)
    if draft.attachments:
        body += t.PREVIEW_FILES.format(count=len(draft.attachments))
    parts = split_text(header + body)
    for part in parts[:-1]:
        await message.answer(part)
    await message.answer(parts[-1], reply_markup=kb.draft_preview())


async def discard(query: CallbackQuery, state: FSMContext, role: Role) -> None:
    await state.clear()
    await query.answer()
    assert isinstance(query.message, Message)
    await query.message.answer(t.DRAFT_DISCARDED, reply_markup=main_menu(role))


async def edit(query: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(Compose.collecting)
    await query.answer()
    assert isinstance(query.message, Message)
    await query.message.answer(t.COMPOSE_GENERIC.format(done=t.BTN_DONE), reply_markup=kb.composing())


# What "Send" does for each purpose; each returns the confirmation for the sender.
Submit = Callable[[Hotline, ComposeData, User, Role], Awaitable[str]]


async def _ask(hotline: Hotline, data: ComposeData, user: User, role: Role) -> str:
    consultation = await hotline.ask(user, data.topic, data.draft)
    return t.CREATED.format(number=consultation.id, due=local_time(consultation.due_at, hotline.settings))


async def _answer(hotline: Hotline, data: ComposeData, user: User, role: Role) -> str:
    consultation = await hotline.answer(data.consultation_id, user, role, data.draft)
    return t.ANSWER_SENT.format(number=consultation.id)


async def _clarify(hotline: Hotline, data: ComposeData, user: User, role: Role) -> str:
    consultation = await hotline.request_clarification(data.consultation_id, user, role, data.draft)
    return t.CLARIFY_SENT.format(number=consultation.id)


async def _reply(hotline: Hotline, data: ComposeData, user: User, role: Role) -> str:
    consultation = await hotline.reply_to_clarification(data.consultation_id, user, data.draft)
    return t.REPLY_SENT.format(number=consultation.id)


async def _follow_up(hotline: Hotline, data: ComposeData, user: User, role: Role) -> str:
    consultation = await hotline.follow_up(data.consultation_id, user, data.draft)
    return t.FOLLOW_UP_SENT.format(number=consultation.id, due=local_time(consultation.due_at, hotline.settings))


SUBMIT: dict[Purpose, Submit] = {
    Purpose.ASK: _ask,
    Purpose.ANSWER: _answer,
    Purpose.CLARIFY: _clarify,
    Purpose.REPLY: _reply,
    Purpose.FOLLOW_UP: _follow_up,
}


async def send(query: CallbackQuery, state: FSMContext, hotline: Hotline, user: User, role: Role) -> None:
    data = await load(state)
    reply = await SUBMIT[data.purpose](hotline, data, user, role)
    await state.clear()
    await query.answer()
    assert isinstance(query.message, Message)
    await query.message.edit_reply_markup(reply_markup=None)
    await query.message.answer(reply, reply_markup=main_menu(role))


def create_router() -> Router:
    router = Router(name="hotline_compose")
    install_hotline(router)
    router.message.register(done, Compose.collecting, F.text == t.BTN_DONE)
    router.message.register(done, Compose.preview, F.text == t.BTN_DONE)
    router.message.register(unsupported_while_composing, Compose.collecting, UNSUPPORTED)
    router.message.register(unsupported_while_composing, Compose.preview, UNSUPPORTED)
    # Commands are not part of a draft: they reach their own handlers (the draft stays saved).
    not_command = ~F.text.startswith("/")
    router.message.register(collect, Compose.collecting, not_command)
    router.message.register(collect, Compose.preview, not_command)
    router.callback_query.register(send, Compose.preview, DraftCb.filter(F.action == DraftAction.SEND))
    router.callback_query.register(edit, Compose.preview, DraftCb.filter(F.action == DraftAction.EDIT))
    router.callback_query.register(discard, Compose.preview, DraftCb.filter(F.action == DraftAction.DISCARD))
    for action, purpose in OPENERS.items():
        router.callback_query.register(opens_composer(purpose), Registered(), ConsultationCb.filter(F.action == action))
    return router
