"""Who is told what at each step of a consultation (outbox rows, Ukrainian texts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot.keyboards import hotline as kb
from bot.texts import hotline as t
from core.settings import Settings
from knowledge import Knowledge
from services.notify import send_attachments, send_text, send_to_many
from services.text import quote, shorten
from storage.models import Consultation, EventKind, User
from storage.repositories import consultations as repo
from storage.repositories import users as users_repo

if TYPE_CHECKING:
    from services.hotline.consultations import Draft

PREVIEW_CHARS = 400


def local_time(value: datetime, settings: Settings) -> str:
    return value.astimezone(settings.tz).strftime("%d.%m.%Y %H:%M")


def person(user: User | None) -> str:
    if user is None:
        return "—"
    return quote(user.full_name or f"id {user.telegram_id}")


class Notices:
    def __init__(self, session: AsyncSession, settings: Settings, knowledge: Knowledge, now: datetime) -> None:
        self.session = session
        self.settings = settings
        self.knowledge = knowledge
        self.now = now

    def _topic(self, consultation: Consultation) -> str:
        return quote(self.knowledge.topic_title(consultation.topic_code))

    async def _send(self, chat_id: int, text: str, consultation: Consultation, purpose: str, markup=None) -> None:  # type: ignore[no-untyped-def]
        await send_text(
            self.session, chat_id, text, now=self.now, markup=markup, purpose=purpose, consultation_id=consultation.id
        )

    async def _files(self, chat_id: int, consultation: Consultation, draft: Draft, purpose: str) -> None:
        await send_attachments(
            self.session,
            chat_id,
            draft.attachments,
            now=self.now,
            caption=f"№{consultation.id}",
            purpose=purpose,
            consultation_id=consultation.id,
        )

    def queue_text(self, consultation: Consultation) -> str:
        official = consultation.official
        return t.NEW_IN_QUEUE.format(
            number=consultation.id,
            topic=self._topic(consultation),
            official=person(official),
            community=quote(official.community if official else ""),
            region=quote(self.knowledge.region_title(consultation.region_code)),
            due=local_time(consultation.due_at, self.settings),
            preview=quote(shorten(consultation.question, PREVIEW_CHARS)),
        )

    async def new_in_queue(self, consultation: Consultation, lawyers: Sequence[User]) -> None:
        await self.session.refresh(consultation, ["official"])
        text = self.queue_text(consultation)
        for lawyer in lawyers:
            await self._send(lawyer.telegram_id, text, consultation, "routed", kb.take(consultation.id))

    async def no_lawyer_for_topic(self, consultation: Consultation) -> None:
        text = t.NO_LAWYER_FOR_TOPIC.format(topic=self._topic(consultation), number=consultation.id)
        admins = await repo.admins(self.session, self.settings.admin_ids)
        await send_to_many(
            self.session, admins, text, now=self.now, purpose="no_lawyer", consultation_id=consultation.id
        )

    async def taken(self, consultation: Consultation, lawyer: User) -> None:
        text = t.TAKEN_NOTICE.format(number=consultation.id, lawyer=person(lawyer))
        await self._send(consultation.official.telegram_id, text, consultation, "taken")

    async def clarification_request(self, consultation: Consultation, draft: Draft) -> None:
        chat_id = consultation.official.telegram_id
        text = t.CLARIFICATION_REQUEST.format(number=consultation.id, text=quote(draft.text))
        await self._files(chat_id, consultation, draft, "clarification")
        await self._send(chat_id, text, consultation, "clarification", kb.reply_to_clarification(consultation.id))

    async def official_message(self, consultation: Consultation, draft: Draft, kind: EventKind) -> None:
        """A clarification reply or a follow-up question, to the assigned lawyer."""
        lawyer = consultation.lawyer
        if lawyer is None:
            return
        header = f"<b>№{consultation.id}</b> · {t.EVENT[kind]} · {person(consultation.official)}\n\n"
        await self._send(
            lawyer.telegram_id, header + quote(draft.text), consultation, kind.value, kb.lawyer_card(consultation)
        )
        await self._files(lawyer.telegram_id, consultation, draft, kind.value)

    async def answer(self, consultation: Consultation, lawyer: User, draft: Draft) -> None:
        chat_id = consultation.official.telegram_id
        header = t.ANSWER_HEADER.format(number=consultation.id, topic=self._topic(consultation), lawyer=person(lawyer))
        await self._send(chat_id, header + quote(draft.text), consultation, "answer")
        await self._files(chat_id, consultation, draft, "answer")
        await self._send(chat_id, t.ANSWER_FOOTER, consultation, "answer", kb.answer_reaction(consultation.id))

    async def handed_to_lawyer(self, consultation: Consultation, target: User, actor: User) -> None:
        text = t.HANDED_TO_YOU.format(number=consultation.id, topic=self._topic(consultation), by=person(actor))
        await self._send(target.telegram_id, text, consultation, "handed_over", kb.lawyer_card(consultation))

    async def closed_by_staff(self, consultation: Consultation) -> None:
        await self._send(
            consultation.official.telegram_id, t.CLOSED_NOTICE.format(number=consultation.id), consultation, "closed"
        )

    async def auto_closed(self, consultation: Consultation) -> None:
        answered = local_time(consultation.last_answered_at or consultation.created_at, self.settings)
        text = t.AUTO_CLOSED_NOTICE.format(number=consultation.id, answered=answered)
        await self._send(
            consultation.official.telegram_id, text, consultation, "auto_closed", kb.rating(consultation.id)
        )

    async def overdue_to_lawyers(self, consultation: Consultation) -> None:
        due = local_time(consultation.due_at, self.settings)
        if consultation.lawyer is not None:
            text = t.OVERDUE_LAWYER.format(number=consultation.id, topic=self._topic(consultation), due=due)
            await self._send(
                consultation.lawyer.telegram_id, text, consultation, "overdue", kb.lawyer_card(consultation)
            )
            return
        text = t.OVERDUE_QUEUE.format(number=consultation.id, topic=self._topic(consultation), due=due)
        for lawyer in await users_repo.lawyers_for_topic(self.session, consultation.topic_code):
            await self._send(lawyer.telegram_id, text, consultation, "overdue", kb.take(consultation.id))

    async def overdue_to_admins(self, consultation: Consultation) -> None:
        hours = int((self.now - consultation.due_at).total_seconds() // 3600)
        text = t.OVERDUE_ADMIN.format(
            number=consultation.id, topic=self._topic(consultation), hours=hours, lawyer=person(consultation.lawyer)
        )
        admins = await repo.admins(self.session, self.settings.admin_ids)
        await send_to_many(
            self.session, admins, text, now=self.now, purpose="escalation", consultation_id=consultation.id
        )
