"""A lawyer publishes an answered consultation (an anonymised draft, reviewed on the form engine), edits, retires.

The draft opens at its summary: the texts as officials will see them, "✏️" for
each, "✅ Підтвердити" publishes (or saves an edit). Nothing is published before
that confirmation. Only lawyers and admins may: the service checks it again.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks.answers import AnswerAction, AnswerCb
from bot.filters import Registered
from bot.forms import FeatureForm, FormData, FormTexts
from bot.keyboards import answers as kb
from bot.keyboards.common import main_menu
from bot.presses import pressed_before, remember
from bot.texts import answers as t
from bot.texts import common as tc
from bot.views import answers as view
from handlers.answers import install_answers
from services.answers.base import AnswerBase
from services.answers.form import FORM_NAME, PublishDraft, publish_form
from services.text import ALERT_LIMIT, shorten
from storage.models import AnswerStatus, Role, User


class PublishForm(FeatureForm[PublishDraft]):
    """One per dispatcher."""

    def __init__(self) -> None:
        texts = FormTexts(title=t.PUBLISH_FORM_TITLE, prompts=t.PROMPTS, labels=t.LABELS)
        super().__init__("answers_publish_form", publish_form, texts)

    def summary(self, draft: PublishDraft, form: FormData, data: dict[str, Any]) -> str:
        return view.publish_summary(draft, self.env().knowledge)

    async def finish(self, draft: PublishDraft, form: FormData, message: Message, data: dict[str, Any]) -> None:
        base: AnswerBase = data["answers"]
        user: User = data["user"]
        role: Role = data["role"]
        if "answer_id" in form.context:
            answer = await base.edit(int(form.context["answer_id"]), draft, user, role)
            done = t.SAVED.format(number=answer.id)
        else:
            answer = await base.publish(int(form.context["consultation_id"]), draft, user, role)
            done = t.PUBLISHED.format(number=answer.id)
        await message.answer(done)
        await message.answer(
            view.answer_card(answer, base.knowledge, base.settings), reply_markup=kb.staff_card(answer.id, True)
        )

    async def after_cancel(self, message: Message, data: dict[str, Any]) -> None:
        await message.answer(tc.FORM_CANCELLED, reply_markup=main_menu(data["role"]))

    async def _reviewing(self, state: FSMContext, key: str, value: int) -> bool:
        raw = await state.get_data()
        return raw.get("form") == FORM_NAME and raw.get("context", {}).get(key) == value

    # --- buttons -------------------------------------------------------------------------

    async def _open(
        self,
        query: CallbackQuery,
        state: FSMContext,
        intro: str,
        draft: PublishDraft,
        context: dict[str, int],
        data: dict[str, Any],
    ) -> None:
        await query.answer()
        assert isinstance(query.message, Message)
        await query.message.answer(intro)
        await self.flow.start(query.message, state, draft, context=context, at_summary=True, data=data)

    async def publish(
        self,
        query: CallbackQuery,
        callback_data: AnswerCb,
        state: FSMContext,
        answers: AnswerBase,
        role: Role,
        **data: Any,
    ) -> None:
        """ "📚 Опублікувати в базі" on an answered consultation: its anonymised draft, for review."""
        if await self._reviewing(state, "consultation_id", callback_data.id):  # pressed again
            await query.answer(shorten(t.ALREADY_REVIEWING, ALERT_LIMIT))
            return
        draft = await answers.draft_for(callback_data.id, role)
        intro = t.PUBLISH_INTRO.format(number=callback_data.id)
        await self._open(query, state, intro, draft, {"consultation_id": callback_data.id}, data)

    async def edit(
        self,
        query: CallbackQuery,
        callback_data: AnswerCb,
        state: FSMContext,
        answers: AnswerBase,
        role: Role,
        **data: Any,
    ) -> None:
        """ "✏️ Редагувати" on a published answer: the form at its summary with the stored texts."""
        if await self._reviewing(state, "answer_id", callback_data.id):
            await query.answer(shorten(t.ALREADY_REVIEWING, ALERT_LIMIT))
            return
        answer = await answers.for_editing(callback_data.id, role)
        intro = t.EDIT_INTRO.format(number=answer.id)
        await self._open(query, state, intro, answers.edit_draft(answer), {"answer_id": answer.id}, data)


async def open_answer(
    query: CallbackQuery, callback_data: AnswerCb, state: FSMContext, answers: AnswerBase, role: Role
) -> None:
    """A published answer in full, sent once per list; lawyers and admins get its edit and retire buttons."""
    if await pressed_before(query, state, t.ANSWER_SHOWN):
        return
    answer = await answers.get(callback_data.id, role)
    await query.answer()
    assert isinstance(query.message, Message)
    staff = role in (Role.LAWYER, Role.ADMIN)
    markup = kb.staff_card(answer.id, answer.status == AnswerStatus.PUBLISHED) if staff else None
    await query.message.answer(view.answer_card(answer, answers.knowledge, answers.settings), reply_markup=markup)
    await remember(query, state)


async def retire_asked(query: CallbackQuery, callback_data: AnswerCb, answers: AnswerBase, role: Role) -> None:
    answer = await answers.for_editing(callback_data.id, role)
    await query.answer(shorten(t.RETIRE_CONFIRM.format(number=answer.id), ALERT_LIMIT))
    assert isinstance(query.message, Message)
    await query.message.edit_reply_markup(reply_markup=kb.retire_confirm(answer.id))


async def retire_kept(query: CallbackQuery, callback_data: AnswerCb, answers: AnswerBase, role: Role) -> None:
    answer = await answers.get(callback_data.id, role)
    await query.answer()
    assert isinstance(query.message, Message)
    published = answer.status == AnswerStatus.PUBLISHED
    await query.message.edit_reply_markup(reply_markup=kb.staff_card(answer.id, published))


async def retire(query: CallbackQuery, callback_data: AnswerCb, answers: AnswerBase, user: User, role: Role) -> None:
    answer = await answers.retire(callback_data.id, user, role)
    await query.answer()
    assert isinstance(query.message, Message)
    await query.message.edit_reply_markup(reply_markup=None)
    await query.message.answer(t.RETIRED.format(number=answer.id))


def create_router() -> Router:
    router = Router(name="answers_publish")
    install_answers(router)
    router.callback_query.filter(Registered())
    form = PublishForm()
    router.include_router(form.router)
    on = AnswerCb.filter
    # Authorised again in the service: callback data can be forged.
    router.callback_query.register(form.publish, on(F.action == AnswerAction.PUBLISH))
    router.callback_query.register(form.edit, on(F.action == AnswerAction.EDIT))
    router.callback_query.register(open_answer, on(F.action == AnswerAction.OPEN))
    router.callback_query.register(retire_asked, on(F.action == AnswerAction.RETIRE))
    router.callback_query.register(retire_kept, on(F.action == AnswerAction.RETIRE_NO))
    router.callback_query.register(retire, on(F.action == AnswerAction.RETIRE_YES))
    return router
