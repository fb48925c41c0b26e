"""Composing a text of several messages and files: questions, answers, clarifications.

The draft lives in FSM data (the database or Redis), so a half-typed question
survives a restart. `purpose` says what "Send" does with it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.hotline import Act, ConsultCb, DraftAction, DraftCb
from bot.filters import Registered
from bot.keyboards import hotline as kb
from bot.keyboards.common import main_menu
from bot.texts import common as tc
from bot.texts import hotline as t
from core.errors import AccessDenied, DomainError
from handlers.fallback import UNSUPPORTED
from handlers.hotline.middleware import install_hotline
from knowledge import Knowledge
from services.hotline.consultations import Draft, Hotline
from services.hotline.notices import local_time
from services.text import quote, split_text
from storage.models import Role, User
from storage.repositories import consultations as consultations_repo


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


PROMPTS = {
    Purpose.ANSWER: t.ANSWER_PROMPT,
    Purpose.CLARIFY: t.CLARIFY_PROMPT,
    Purpose.REPLY: t.REPLY_PROMPT,
    Purpose.FOLLOW_UP: t.FOLLOW_UP_PROMPT,
}


# Buttons on a consultation that open the composer, and whose consultation it must be.
BUTTON_PURPOSES = {
    Act.ANSWER: Purpose.ANSWER,
    Act.CLARIFY: Purpose.CLARIFY,
    Act.REPLY: Purpose.REPLY,
    Act.FOLLOW_UP: Purpose.FOLLOW_UP,
}
OFFICIAL_PURPOSES = (Purpose.REPLY, Purpose.FOLLOW_UP)


async def start_from_button(
    query: CallbackQuery, callback_data: ConsultCb, state: FSMContext, session: AsyncSession, user: User
) -> None:
    """A quick ownership check before typing starts; the service checks again on sending."""
    purpose = BUTTON_PURPOSES[callback_data.action]
    consultation = await consultations_repo.get(session, callback_data.id)
    if purpose in OFFICIAL_PURPOSES:
        if consultation is None or consultation.official_id != user.id:
            raise AccessDenied(t.NOT_YOURS)
    elif consultation is None or consultation.lawyer_id != user.id:
        raise AccessDenied(t.NOT_ASSIGNED_TO_YOU)
    await query.answer()
    assert isinstance(query.message, Message)
    await start(query.message, state, purpose, consultation.id)


async def start(message: Message, state: FSMContext, purpose: Purpose, consultation_id: int) -> None:
    """Enters composing for an existing consultation (answer, clarification, reply, follow-up)."""
    await state.set_state(Compose.collecting)
    await state.set_data({"purpose": purpose.value, "consultation_id": consultation_id, "draft": Draft().to_dict()})
    await message.answer(PROMPTS[purpose].format(number=consultation_id, done=t.BTN_DONE), reply_markup=kb.composing())


def _attachment(message: Message) -> dict[str, Any] | None:
    if message.document is not None:
        return {"type": "document", "file_id": message.document.file_id, "file_name": message.document.file_name}
    if message.photo:
        return {"type": "photo", "file_id": message.photo[-1].file_id, "file_name": None}
    return None


async def collect(message: Message, state: FSMContext) -> None:
    data = await state.get_data()
    draft = Draft.from_dict(data.get("draft"))
    text = message.text if message.text is not None else message.caption
    try:
        draft.add(text, _attachment(message))
    except DomainError as exc:
        await message.answer(exc.message)
        return
    await state.update_data(draft=draft.to_dict())
    await state.set_state(Compose.collecting)
    await message.answer(t.PART_ADDED.format(chars=len(draft.text), files=len(draft.attachments), done=t.BTN_DONE))


async def unsupported_while_composing(message: Message) -> None:
    await message.answer(tc.UNSUPPORTED_CONTENT)


async def done(message: Message, state: FSMContext, knowledge: Knowledge) -> None:
    data = await state.get_data()
    draft = Draft.from_dict(data.get("draft"))
    if draft.is_empty:
        await message.answer(t.DRAFT_EMPTY)
        return
    await state.set_state(Compose.preview)
    header = ""
    if data.get("purpose") == Purpose.ASK:
        header = t.PREVIEW_HEADER.format(topic=quote(knowledge.topic_title(data.get("topic"))))
    body = quote(draft.text)
    if draft.attachments:
        body += t.PREVIEW_FILES.format(count=len(draft.attachments))
    parts = split_text(header + body)
    for part in parts[:-1]:
        await message.answer(part)
    await message.answer(parts[-1], reply_markup=kb.draft_preview())


async def preview_action(
    query: CallbackQuery,
    callback_data: DraftCb,
    state: FSMContext,
    hotline: Hotline,
    user: User,
    role: Role,
) -> None:
    message = query.message
    assert isinstance(message, Message)
    data = await state.get_data()
    if callback_data.action == DraftAction.DISCARD:
        await state.clear()
        await query.answer()
        await message.answer(t.DRAFT_DISCARDED, reply_markup=main_menu(role))
        return
    if callback_data.action == DraftAction.EDIT:
        await state.set_state(Compose.collecting)
        await query.answer()
        await message.answer(t.COMPOSE_GENERIC.format(done=t.BTN_DONE), reply_markup=kb.composing())
        return
    draft = Draft.from_dict(data.get("draft"))
    purpose = Purpose(data["purpose"])
    consultation_id = int(data.get("consultation_id") or 0)
    if purpose == Purpose.ASK:
        consultation = await hotline.ask(user, str(data.get("topic")), draft)
        reply = t.CREATED.format(number=consultation.id, due=local_time(consultation.due_at, hotline.settings))
    elif purpose == Purpose.ANSWER:
        consultation = await hotline.answer(consultation_id, user, role, draft)
        reply = t.ANSWER_SENT.format(number=consultation.id)
    elif purpose == Purpose.CLARIFY:
        consultation = await hotline.request_clarification(consultation_id, user, role, draft)
        reply = t.CLARIFY_SENT.format(number=consultation.id)
    elif purpose == Purpose.REPLY:
        consultation = await hotline.reply_to_clarification(consultation_id, user, draft)
        reply = t.REPLY_SENT.format(number=consultation.id)
    else:
        consultation = await hotline.follow_up(consultation_id, user, draft)
        reply = t.FOLLOW_UP_SENT.format(number=consultation.id, due=local_time(consultation.due_at, hotline.settings))
    await state.clear()
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    await message.answer(reply, reply_markup=main_menu(role))


def create_router() -> Router:
    router = Router(name="compose")
    install_hotline(router)
    router.message.register(done, Compose.collecting, F.text == t.BTN_DONE)
    router.message.register(done, Compose.preview, F.text == t.BTN_DONE)
    router.message.register(unsupported_while_composing, Compose.collecting, UNSUPPORTED)
    router.message.register(unsupported_while_composing, Compose.preview, UNSUPPORTED)
    # Commands are not part of a draft: they reach their own handlers (the draft stays saved).
    not_command = ~F.text.startswith("/")
    router.message.register(collect, Compose.collecting, not_command)
    router.message.register(collect, Compose.preview, not_command)
    router.callback_query.register(preview_action, Compose.preview, DraftCb.filter())
    router.callback_query.register(
        start_from_button, Registered(), ConsultCb.filter(F.action.in_(set(BUTTON_PURPOSES)))
    )
    return router
