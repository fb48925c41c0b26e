"""Lawyers' templates: `/templates` lists them by topic; each opens with "✏️ Змінити текст", "✏️ Змінити назву",
"🗑 Прибрати" (confirmed); "➕ Новий шаблон" asks the topic, the title and the text on the form engine.

Nothing is saved before "✅ Підтвердити". Only lawyers and admins: the service checks it again, whatever the
callback data says. The one-line `/template` (handlers/answers/lawyer.py) keeps working.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks.answers import TemplateAction, TemplateCb
from bot.filters import Registered, RoleFilter
from bot.forms import FeatureForm, FormData, FormTexts
from bot.keyboards import answers as kb
from bot.keyboards.common import main_menu
from bot.middlewares.feature_context import install_feature_context
from bot.texts import answers as t
from bot.texts import common as tc
from bot.views import answers as view
from services.answers.errors import STAFF_ROLES
from services.answers.templates import TemplateBook, TemplateDraft, template_form
from services.text import quote
from storage.models import Role, User


def _build(data: dict[str, Any]) -> TemplateBook:
    return TemplateBook(data["session"], data["knowledge"], data["clock"].now())


class TemplateForm(FeatureForm[TemplateDraft]):
    """One per dispatcher: a new template, or a template's field changed."""

    def __init__(self) -> None:
        texts = FormTexts(title=t.TEMPLATE_FORM_TITLE, prompts=t.TEMPLATE_PROMPTS, labels=t.TEMPLATE_LABELS)
        super().__init__("answers_template_form", template_form, texts)

    def summary(self, draft: TemplateDraft, form: FormData, data: dict[str, Any]) -> str:
        return view.template_summary(draft, self.env().knowledge)

    async def finish(self, draft: TemplateDraft, form: FormData, message: Message, data: dict[str, Any]) -> None:
        book: TemplateBook = data["templates"]
        user: User = data["user"]
        role: Role = data["role"]
        if "template_id" in form.context:
            template_id = int(form.context["template_id"])
            changed = await book.edit(template_id, draft, user, role)
            template = await book.in_use(template_id, role)
            done = t.TEMPLATE_CHANGED if changed else t.TEMPLATE_UNCHANGED
            await message.answer(done.format(title=quote(template.title)))
        else:
            template = await book.add(draft, user, role)
            topic = quote(book.knowledge.topic_title(template.topic_code))
            await message.answer(t.TEMPLATE_ADDED.format(title=quote(template.title), topic=topic))
        await message.answer(view.template_card(template, book.knowledge), reply_markup=kb.template_card(template.id))

    async def after_cancel(self, message: Message, data: dict[str, Any]) -> None:
        await message.answer(tc.FORM_CANCELLED, reply_markup=main_menu(data["role"]))

    # --- buttons -------------------------------------------------------------------------

    async def new(
        self, query: CallbackQuery, state: FSMContext, templates: TemplateBook, role: Role, **data: Any
    ) -> None:
        """ "➕ Новий шаблон": the form from its first step (the topic)."""
        draft = templates.new_draft(role)
        if await self.flow.start_from(query, state, draft, data=data) and isinstance(query.message, Message):
            await query.message.edit_reply_markup(reply_markup=None)

    async def change(
        self,
        query: CallbackQuery,
        callback_data: TemplateCb,
        state: FSMContext,
        templates: TemplateBook,
        role: Role,
        **data: Any,
    ) -> None:
        """ "✏️ Змінити текст" / "✏️ Змінити назву": the form at that field; the summary follows."""
        template = await templates.in_use(callback_data.id, role)
        step = "text" if callback_data.action == TemplateAction.TEXT else "title"
        opened = await self.flow.start_from(
            query, state, templates.draft_of(template), context={"template_id": template.id}, change=step, data=data
        )
        if opened and isinstance(query.message, Message):
            await query.message.edit_reply_markup(reply_markup=None)


async def _list_screen(templates: TemplateBook, role: Role) -> tuple[str, Any]:
    items = await templates.listing(role)
    text = view.template_list(items, templates.knowledge)
    return text, kb.template_list([(item.id, item.title) for item in items])


async def list_command(message: Message, templates: TemplateBook, role: Role) -> None:
    text, markup = await _list_screen(templates, role)
    await message.answer(text, reply_markup=markup)


async def list_shown(query: CallbackQuery, templates: TemplateBook, role: Role) -> None:
    """ "⚙️ Керувати шаблонами", "⬅️ Усі шаблони": the list in place of the screen (shows only)."""
    text, markup = await _list_screen(templates, role)
    await query.answer()
    assert isinstance(query.message, Message)
    await query.message.edit_text(text, reply_markup=markup)


async def opened(query: CallbackQuery, callback_data: TemplateCb, templates: TemplateBook, role: Role) -> None:
    """A template and its buttons in place of the list (or of the question to retire it): shows only."""
    template = await templates.in_use(callback_data.id, role)
    await query.answer()
    assert isinstance(query.message, Message)
    text = view.template_card(template, templates.knowledge)
    await query.message.edit_text(text, reply_markup=kb.template_card(template.id))


async def retire_asked(query: CallbackQuery, callback_data: TemplateCb, templates: TemplateBook, role: Role) -> None:
    template = await templates.in_use(callback_data.id, role)
    await query.answer()
    assert isinstance(query.message, Message)
    question = t.TEMPLATE_RETIRE_CONFIRM.format(title=quote(template.title))
    text = f"{view.template_card(template, templates.knowledge)}\n\n❓ {question}"
    await query.message.edit_text(text, reply_markup=kb.template_retire_confirm(template.id))


async def retire(
    query: CallbackQuery, callback_data: TemplateCb, templates: TemplateBook, user: User, role: Role
) -> None:
    template = await templates.retire(callback_data.id, user, role)  # a second press: refused (retired already)
    await query.answer()
    assert isinstance(query.message, Message)
    await query.message.edit_text(
        t.TEMPLATE_RETIRED.format(title=quote(template.title)), reply_markup=kb.all_templates()
    )


def create_router() -> Router:
    router = Router(name="answers_templates")
    install_feature_context(router, "templates", _build)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    form = TemplateForm()
    router.include_router(form.router)
    on = TemplateCb.filter
    router.message.register(list_command, Command("templates"), RoleFilter(*STAFF_ROLES))
    # The buttons are authorised again in the service: callback data can be forged.
    router.callback_query.register(list_shown, on(F.action == TemplateAction.LIST))
    router.callback_query.register(opened, on(F.action.in_({TemplateAction.OPEN, TemplateAction.RETIRE_NO})))
    router.callback_query.register(form.change, on(F.action.in_({TemplateAction.TEXT, TemplateAction.TITLE})))
    router.callback_query.register(form.new, on(F.action == TemplateAction.NEW))
    router.callback_query.register(retire_asked, on(F.action == TemplateAction.RETIRE))
    router.callback_query.register(retire, on(F.action == TemplateAction.RETIRE_YES))
    return router
