"""Lawyers' templates (canned answers of a topic): listed, added, edited and retired by lawyers and admins,
every change an `AnswerTemplateEvent`. A retired template is never offered for insertion again.

The form (`template_form`) asks the topic (buttons), the title and the text; a template is edited on the same
form, opened at the field to change. Only lawyers and admins, whatever the callback data said.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge import Knowledge
from services.answers.errors import (
    TemplateNotFound,
    TemplateRetired,
    TemplateTextEmpty,
    TemplateTextTooLong,
    TemplateTitleEmpty,
    TemplateTitleTooLong,
    TopicNotChosen,
    require_staff,
)
from services.forms import Choice, Env, FormSpec, Step
from services.hotline.errors import UnknownTopic
from services.text import tg_len
from storage.models import AnswerTemplate, Role, TemplateEventKind, User
from storage.repositories import answers as repo

TITLE_MAX = 60  # a button's text
# A template's card and the form's summary add a header, the topic and a hint: all within Telegram's 4096.
TEXT_MAX = 3500
FORM_NAME = "kbt"


class TemplateDraft(BaseModel):
    topic: str = ""
    title: str = ""
    text: str = ""


def read_title(value: str) -> str:
    title = " ".join(value.split())  # one line: it is a button's text
    if not title:
        raise TemplateTitleEmpty()
    if tg_len(title) > TITLE_MAX:
        raise TemplateTitleTooLong(limit=TITLE_MAX, length=tg_len(title))
    return title


def read_text(value: str) -> str:
    text = value.strip()
    if not text:
        raise TemplateTextEmpty()
    if tg_len(text) > TEXT_MAX:
        raise TemplateTextTooLong(limit=TEXT_MAX, length=tg_len(text))
    return text


def topic_choices(knowledge: Knowledge) -> list[Choice]:
    return [Choice(topic.code, topic.title) for topic in knowledge.topics]


def read_topic(knowledge: Knowledge, value: str) -> str:
    if knowledge.topic(value) is None:
        raise TopicNotChosen()
    return value


def template_form(env: Env) -> FormSpec[TemplateDraft]:
    def topic(draft: TemplateDraft, value: str) -> TemplateDraft:
        return draft.model_copy(update={"topic": read_topic(env().knowledge, value)})

    def title(draft: TemplateDraft, value: str) -> TemplateDraft:
        return draft.model_copy(update={"title": read_title(value)})

    def text(draft: TemplateDraft, value: str) -> TemplateDraft:
        return draft.model_copy(update={"text": read_text(value)})

    return FormSpec(
        name=FORM_NAME,
        draft_type=TemplateDraft,
        steps=(
            Step("topic", topic, choices=lambda d: topic_choices(env().knowledge), filled=lambda d: bool(d.topic)),
            Step("title", title, filled=lambda d: bool(d.title)),
            Step("text", text, filled=lambda d: bool(d.text)),
        ),
    )


class TemplateBook:
    def __init__(self, session: AsyncSession, knowledge: Knowledge, now: datetime) -> None:
        self.session = session
        self.knowledge = knowledge
        self.now = now

    async def listing(self, role: Role) -> list[AnswerTemplate]:
        """The templates in use, in the order of the topics (then the oldest first)."""
        require_staff(role)
        order = {topic.code: n for n, topic in enumerate(self.knowledge.topics)}
        rows = await repo.templates_in_use(self.session)
        return sorted(rows, key=lambda row: (order.get(row.topic_code, len(order)), row.id))

    async def in_use(self, template_id: int, role: Role) -> AnswerTemplate:
        """A template to show or change; a retired one is refused (it is never offered again)."""
        require_staff(role)
        await self.session.flush()
        template = await repo.template(self.session, template_id)
        if template is None:
            raise TemplateNotFound(template_id=template_id)
        if template.retired:
            raise TemplateRetired()
        return template

    @staticmethod
    def new_draft(role: Role) -> TemplateDraft:
        require_staff(role)
        return TemplateDraft()

    @staticmethod
    def draft_of(template: AnswerTemplate) -> TemplateDraft:
        return TemplateDraft(topic=template.topic_code, title=template.title, text=template.text)

    def _checked(self, draft: TemplateDraft) -> TemplateDraft:
        """The same rules as the form's, again: a draft may come from elsewhere (the one-line /template)."""
        if self.knowledge.topic(draft.topic) is None:
            raise UnknownTopic(topic_code=draft.topic)
        return TemplateDraft(topic=draft.topic, title=read_title(draft.title), text=read_text(draft.text))

    async def add(self, draft: TemplateDraft, lawyer: User, role: Role) -> AnswerTemplate:
        require_staff(role)
        draft = self._checked(draft)
        template = AnswerTemplate(
            topic_code=draft.topic, title=draft.title, text=draft.text, author_id=lawyer.id, created_at=self.now
        )
        self.session.add(template)
        await self.session.flush()
        await repo.add_template_event(
            self.session, template.id, TemplateEventKind.CREATED, lawyer.id, self.now, draft.model_dump()
        )
        return template

    async def edit(self, template_id: int, draft: TemplateDraft, lawyer: User, role: Role) -> dict[str, Any]:
        """Saves the changed fields; returns them ({field: {"before", "after"}}; empty: nothing changed)."""
        template = await self.in_use(template_id, role)
        draft = self._checked(draft)
        before = self.draft_of(template).model_dump()
        changed = {
            key: {"before": before[key], "after": value}
            for key, value in draft.model_dump().items()
            if before[key] != value
        }
        if not changed:
            return changed
        template.topic_code, template.title, template.text = draft.topic, draft.title, draft.text
        await repo.add_template_event(self.session, template.id, TemplateEventKind.EDITED, lawyer.id, self.now, changed)
        return changed

    async def retire(self, template_id: int, lawyer: User, role: Role) -> AnswerTemplate:
        template = await self.in_use(template_id, role)  # retired already: refused, nothing logged twice
        template.retired = True
        await repo.add_template_event(self.session, template.id, TemplateEventKind.RETIRED, lawyer.id, self.now, {})
        return template
