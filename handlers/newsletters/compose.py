"""Composing a newsletter (/newsletter) on the project's form engine (`bot/forms.py`).

Its steps and rules are `services.newsletters.form`; here are the words, the
preview and the summary, and what "Підтвердити" does. The steps need the time
and the reference data when they run, inside the engine: they read the
dispatcher's own (the clock, knowledge and settings it injects everywhere).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.forms import ComputedPrompts, FeatureForm, FormData, FormTexts
from bot.keyboards import newsletters as kb
from bot.keyboards.common import main_menu
from bot.texts import common as tc
from bot.texts import newsletters as t
from bot.views import newsletters as view
from core.actor import Actor
from core.roles import Role
from services.newsletters import publishing
from services.newsletters.errors import NeedContent
from services.newsletters.form import Content, NewsletterDraft, newsletter_form
from storage.models import ContentKind


def content_value(message: Message) -> str:
    """The message as subscribers will get it: formatting kept as HTML, the file by its id (JSON for the step)."""
    caption = message.html_text if message.caption else ""
    if message.photo:
        content = Content(
            kind=ContentKind.PHOTO,
            html=caption,
            file_id=message.photo[-1].file_id,
            plain_length=len(message.caption or ""),
        )
    elif message.document:
        content = Content(
            kind=ContentKind.DOCUMENT,
            html=caption,
            file_id=message.document.file_id,
            plain_length=len(message.caption or ""),
        )
    elif message.text:
        content = Content(kind=ContentKind.TEXT, html=message.html_text, plain_length=len(message.text))
    else:
        raise NeedContent()
    return content.model_dump_json()


class NewsletterForm(FeatureForm[NewsletterDraft]):
    """One per dispatcher (its router is included in the authors' router)."""

    def __init__(self) -> None:
        super().__init__(
            "newsletters_form",
            lambda env: newsletter_form(env, self._label),
            FormTexts(title=t.FORM_TITLE, prompts=ComputedPrompts(t.PROMPTS, self._prompts), labels=t.FIELD_LABELS),
            before_summary=self.preview,
            message_values={"content": content_value},
        )
        self.router.message.register(self.start, Command("newsletter"))
        self.router.message.register(self.start, F.text == tc.BTN_NEWSLETTER)

    def _prompts(self) -> Mapping[str, str]:
        env = self.env()
        return view.form_prompts(env.now, env.tz)

    def _label(self, step: str, value: str) -> str:
        return view.choice_label(self.env().knowledge)(step, value)

    async def start(self, message: Message, state: FSMContext, session: AsyncSession, actor: Actor) -> None:
        await publishing.require_author(session, actor)
        if actor.role == Role.ADMIN:
            await message.answer(t.COMPOSE_INTRO, reply_markup=kb.compose_intro())
        await self.flow.start(message, state, NewsletterDraft())

    # --- the engine's hooks ------------------------------------------------------------

    async def summary(self, draft: NewsletterDraft, form: FormData, data: dict[str, Any]) -> str:
        env = self.env()
        recipients = await publishing.recipients(data["session"], draft.topics, draft.regions)
        return view.form_summary(draft, recipients=recipients, knowledge=env.knowledge, tz=env.tz)

    async def preview(self, draft: NewsletterDraft, form: FormData, message: Message, data: dict[str, Any]) -> None:
        method = view.preview(draft, message.chat.id)
        if method is None or message.bot is None:
            return
        await message.answer(t.PREVIEW_BELOW)
        await message.bot(method)

    async def finish(self, draft: NewsletterDraft, form: FormData, message: Message, data: dict[str, Any]) -> None:
        actor: Actor = data["actor"]
        env = self.env()
        newsletter = await publishing.submit(data["session"], actor, draft, knowledge=env.knowledge, now=env.now)
        text = view.submitted_text(newsletter, env.tz, at_once=draft.send_at is None)
        await message.answer(text, reply_markup=main_menu(actor.role))

    async def after_cancel(self, message: Message, data: dict[str, Any]) -> None:
        await message.answer(tc.FORM_CANCELLED, reply_markup=main_menu(data["role"]))


def create_router() -> Router:
    return NewsletterForm().router
