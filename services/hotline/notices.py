"""Who is told what at each step of a consultation: notices as data (`core.notices`).

The wording and the buttons are in `bot/views/hotline.py` (`NOTICES`). Each
notice is an outbox row committed with the step it reports, marked with the
consultation (a 403 on it is recorded there, see `storage.repositories.delivery`).
"""

from __future__ import annotations

import enum
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, get_type_hints

from sqlalchemy.ext.asyncio import AsyncSession

from core.notices import EditNotice, Notice
from core.settings import Settings
from knowledge import Knowledge
from services.hotline.draft import Draft
from services.notify import notify, send_attachments
from services.text import MESSAGE_LIMIT, quote, shorten, split_text
from storage.models import Consultation, ConsultationStatus, EventKind, OutboxMessage, Role, User
from storage.repositories import consultations as repo
from storage.repositories import outbox as outbox_repo
from storage.repositories import users as users_repo
from storage.repositories.delivery import PURPOSE_ANSWER, PURPOSE_CLARIFICATION

PREVIEW_CHARS = 400
PURPOSE_OFFER = "routed"  # a lawyer's offer to take a new consultation
PURPOSE_REACTION = "answer_reaction"  # «Чи вирішено ваше питання?» under an answer
# Room (UTF-16 units) left in the first message of a long text for the view's header:
# the wording, a topic title (60 characters) and a name (200).
HEADER_ROOM = 600


def display_name(user: User | None) -> str | None:
    """How a person is named to others: None for nobody, "" for someone who gave no name (the view words it)."""
    if user is None:
        return None
    return user.full_name.strip()


# --- the notices ------------------------------------------------------------------------------


_HINTS: dict[type[Notice], dict[str, Any]] = {}


def _hints(cls: type[Notice]) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


@dataclass(kw_only=True)
class HotlineNotice(Notice):
    consultation_id: int

    def __post_init__(self) -> None:
        # Read back from an outbox row (JSON): datetimes and statuses were stored as strings.
        for name, hint in _hints(type(self)).items():
            value = getattr(self, name, None)
            if not isinstance(value, str):
                continue
            if hint is datetime:
                setattr(self, name, datetime.fromisoformat(value))
            elif isinstance(hint, type) and issubclass(hint, enum.Enum) and not isinstance(value, hint):
                setattr(self, name, hint(value))

    def payload(self) -> dict[str, Any]:
        return {
            key: value.isoformat() if isinstance(value, datetime) else value for key, value in super().payload().items()
        }


@dataclass(kw_only=True)
class HotlineTextNotice(HotlineNotice):
    """Carries what someone wrote; a long text comes as several notices, one message each."""

    text: str
    part: int = 0  # the first part has the header
    last: bool = True  # the last part has the buttons


@dataclass(kw_only=True)
class NewConsultation(HotlineNotice):
    """To each lawyer of the topic: a new question in the queue."""

    topic: str
    official: str | None
    community: str
    region: str
    due: datetime  # local time
    preview: str


@dataclass(kw_only=True)
class QueueOfferTaken(HotlineNotice, EditNotice):
    """Replaces the offer to take it (`NewConsultation`) once someone has: the "take" button goes."""

    topic: str
    lawyer: str | None  # who took it
    yours: bool  # the one who received the offer took it


@dataclass(kw_only=True)
class NoLawyerForTopic(HotlineNotice):
    """To the admins: nobody can take it."""

    topic: str


@dataclass(kw_only=True)
class ConsultationTaken(HotlineNotice):
    """To the official."""

    lawyer: str | None


@dataclass(kw_only=True)
class ConsultationReassigned(HotlineNotice):
    """To the official: another lawyer works on it now (handed over by a colleague)."""

    lawyer: str | None


@dataclass(kw_only=True)
class ClarificationRequested(HotlineTextNotice):
    """To the official: the lawyer's question, with a button to reply."""


@dataclass(kw_only=True)
class OfficialWrote(HotlineTextNotice):
    """To the lawyer working on it, with the lawyer's buttons for its status."""

    official: str | None
    status: ConsultationStatus


@dataclass(kw_only=True)
class ClarificationProvided(OfficialWrote):
    pass


@dataclass(kw_only=True)
class FollowUpAsked(OfficialWrote):
    pass


@dataclass(kw_only=True)
class ConsultationAnswered(HotlineTextNotice):
    """To the official: the answer (its files follow, then `AnswerReactionAsked`)."""

    topic: str
    lawyer: str | None


@dataclass(kw_only=True)
class AnswerReactionAsked(HotlineNotice):
    """To the official: resolved, or a follow-up question?"""


@dataclass(kw_only=True)
class AnswerReactionClosed(HotlineNotice, EditNotice):
    """Replaces `AnswerReactionAsked` once the consultation is closed: its buttons no longer apply."""


@dataclass(kw_only=True)
class ConsultationHandedOver(HotlineNotice):
    topic: str
    by: str | None
    status: ConsultationStatus


@dataclass(kw_only=True)
class ConsultationClosedByStaff(HotlineNotice):
    """To the official."""


@dataclass(kw_only=True)
class ConsultationAutoClosed(HotlineNotice):
    """To the official, who may still rate it."""

    answered: datetime  # local time


@dataclass(kw_only=True)
class ConsultationOverdue(HotlineNotice):
    topic: str
    due: datetime  # local time
    status: ConsultationStatus


@dataclass(kw_only=True)
class ConsultationOverdueInQueue(HotlineNotice):
    """To the lawyers of the topic: nobody took it in time."""

    topic: str
    due: datetime  # local time


@dataclass(kw_only=True)
class AnswerUndelivered(HotlineNotice):
    """To the lawyer working on it and to the admins: the official blocked the bot and missed the lawyer's words."""

    topic: str
    official: str | None
    phone: str | None  # to call them, if they left it
    lawyer: str | None
    clarification: bool  # a clarification request (else the answer) did not arrive
    to_lawyer: bool  # the lawyer who wrote it (else an admin)


@dataclass(kw_only=True)
class ConsultationEscalated(HotlineNotice):
    """To the admins, a while after the deadline."""

    topic: str
    hours: int
    lawyer: str | None


def text_pieces(text: str) -> list[str]:
    """`text` cut at paragraph, line or word boundaries so each piece, HTML-escaped, fits one message."""
    escaped = split_text(quote(text), MESSAGE_LIMIT, first_limit=MESSAGE_LIMIT - HEADER_ROOM)
    return [html.unescape(piece) for piece in escaped]


# --- who is told --------------------------------------------------------------------------------


class Notifier:
    def __init__(self, session: AsyncSession, settings: Settings, knowledge: Knowledge, now: datetime) -> None:
        self.session = session
        self.settings = settings
        self.knowledge = knowledge
        self.now = now

    def _topic(self, consultation: Consultation) -> str:
        return self.knowledge.topic_title(consultation.topic_code)

    def _local(self, value: datetime) -> datetime:
        return value.astimezone(self.settings.tz)

    async def _notify(self, notice: HotlineNotice, purpose: str) -> None:
        await notify(self.session, notice, now=self.now, purpose=purpose, consultation_id=notice.consultation_id)

    async def _notify_text(self, text: str, purpose: str, make: Callable[[str, int, bool], HotlineTextNotice]) -> None:
        pieces = text_pieces(text)
        for index, piece in enumerate(pieces):
            await self._notify(make(piece, index, index == len(pieces) - 1), purpose)

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

    async def _admins(self) -> Sequence[int]:
        return await repo.admins(self.session, self.settings.admin_ids)

    async def new_in_queue(self, consultation: Consultation, lawyers: Sequence[User]) -> None:
        await self.session.refresh(consultation, ["official"])
        official = consultation.official
        for lawyer in lawyers:
            notice = NewConsultation(
                chat_id=lawyer.telegram_id,
                consultation_id=consultation.id,
                topic=self._topic(consultation),
                official=display_name(official),
                community=official.community if official else "",
                region=self.knowledge.region_title(consultation.region_code),
                due=self._local(consultation.due_at),
                preview=shorten(consultation.question, PREVIEW_CHARS),
            )
            await self._notify(notice, PURPOSE_OFFER)

    async def _replace(
        self, consultation: Consultation, purpose: str, by: str, make: Callable[[OutboxMessage], EditNotice]
    ) -> None:
        """The consultation's `purpose` messages no longer apply: unsent ones are not sent, sent ones become `make(row)`."""
        rows = await outbox_repo.withdraw(self.session, consultation_id=consultation.id, purpose=purpose, now=self.now)
        for row in rows:
            await notify(
                self.session, make(row), now=self.now, purpose=by, consultation_id=consultation.id, edits=row.id
            )

    async def offers_taken(self, consultation: Consultation, lawyer: User) -> None:
        """Every lawyer offered the consultation sees who took it in place of the offer."""

        def taken(offer: OutboxMessage) -> EditNotice:
            return QueueOfferTaken(
                chat_id=offer.chat_id,
                consultation_id=consultation.id,
                topic=self._topic(consultation),
                lawyer=display_name(lawyer),
                yours=offer.chat_id == lawyer.telegram_id,
            )

        await self._replace(consultation, PURPOSE_OFFER, "offer_taken", taken)

    async def no_lawyer_for_topic(self, consultation: Consultation) -> None:
        for chat_id in await self._admins():
            notice = NoLawyerForTopic(chat_id=chat_id, consultation_id=consultation.id, topic=self._topic(consultation))
            await self._notify(notice, "no_lawyer")

    async def taken(self, consultation: Consultation, lawyer: User) -> None:
        notice = ConsultationTaken(
            chat_id=consultation.official.telegram_id, consultation_id=consultation.id, lawyer=display_name(lawyer)
        )
        await self._notify(notice, "taken")

    async def clarification_request(self, consultation: Consultation, draft: Draft) -> None:
        chat_id = consultation.official.telegram_id
        await self._files(chat_id, consultation, draft, PURPOSE_CLARIFICATION)

        def make(text: str, part: int, last: bool) -> HotlineTextNotice:
            return ClarificationRequested(
                chat_id=chat_id, consultation_id=consultation.id, text=text, part=part, last=last
            )

        await self._notify_text(draft.text, PURPOSE_CLARIFICATION, make)

    async def official_message(self, consultation: Consultation, draft: Draft, kind: EventKind) -> None:
        """A clarification reply or a follow-up question, to the assigned lawyer."""
        lawyer = consultation.lawyer
        if lawyer is None:
            return
        notice_class = ClarificationProvided if kind == EventKind.CLARIFICATION_PROVIDED else FollowUpAsked

        def make(text: str, part: int, last: bool) -> HotlineTextNotice:
            return notice_class(
                chat_id=lawyer.telegram_id,
                consultation_id=consultation.id,
                text=text,
                part=part,
                last=last,
                official=display_name(consultation.official),
                status=consultation.status,
            )

        await self._notify_text(draft.text, kind.value, make)
        await self._files(lawyer.telegram_id, consultation, draft, kind.value)

    async def answer(self, consultation: Consultation, lawyer: User, draft: Draft) -> None:
        chat_id = consultation.official.telegram_id

        def make(text: str, part: int, last: bool) -> HotlineTextNotice:
            return ConsultationAnswered(
                chat_id=chat_id,
                consultation_id=consultation.id,
                text=text,
                part=part,
                last=last,
                topic=self._topic(consultation),
                lawyer=display_name(lawyer),
            )

        await self._notify_text(draft.text, PURPOSE_ANSWER, make)
        await self._files(chat_id, consultation, draft, PURPOSE_ANSWER)
        await self._notify(AnswerReactionAsked(chat_id=chat_id, consultation_id=consultation.id), PURPOSE_REACTION)

    async def reaction_closed(self, consultation: Consultation) -> None:
        """Every «Чи вирішено ваше питання?» of a closed consultation loses its buttons."""

        def closed(question: OutboxMessage) -> EditNotice:
            return AnswerReactionClosed(chat_id=question.chat_id, consultation_id=consultation.id)

        await self._replace(consultation, PURPOSE_REACTION, "answer_reaction_closed", closed)

    async def handed_to_lawyer(self, consultation: Consultation, target: User, actor: User) -> None:
        notice = ConsultationHandedOver(
            chat_id=target.telegram_id,
            consultation_id=consultation.id,
            topic=self._topic(consultation),
            by=display_name(actor),
            status=consultation.status,
        )
        await self._notify(notice, "handed_over")
        # The official was told who took it: now who has it.
        reassigned = ConsultationReassigned(
            chat_id=consultation.official.telegram_id, consultation_id=consultation.id, lawyer=display_name(target)
        )
        await self._notify(reassigned, "reassigned")

    async def closed_by_staff(self, consultation: Consultation) -> None:
        await self.reaction_closed(consultation)
        notice = ConsultationClosedByStaff(chat_id=consultation.official.telegram_id, consultation_id=consultation.id)
        await self._notify(notice, "closed")

    async def auto_closed(self, consultation: Consultation) -> None:
        await self.reaction_closed(consultation)
        notice = ConsultationAutoClosed(
            chat_id=consultation.official.telegram_id,
            consultation_id=consultation.id,
            answered=self._local(consultation.last_answered_at or consultation.created_at),
        )
        await self._notify(notice, "auto_closed")

    async def overdue_to_lawyers(self, consultation: Consultation) -> None:
        due = self._local(consultation.due_at)
        if consultation.lawyer is not None:
            notice: HotlineNotice = ConsultationOverdue(
                chat_id=consultation.lawyer.telegram_id,
                consultation_id=consultation.id,
                topic=self._topic(consultation),
                due=due,
                status=consultation.status,
            )
            await self._notify(notice, "overdue")
            return
        for lawyer in await users_repo.lawyers_for_topic(self.session, consultation.topic_code):
            notice = ConsultationOverdueInQueue(
                chat_id=lawyer.telegram_id, consultation_id=consultation.id, topic=self._topic(consultation), due=due
            )
            await self._notify(notice, "overdue")

    async def undelivered(self, consultation: Consultation) -> None:
        official, lawyer = consultation.official, consultation.lawyer
        recipients: dict[int, bool] = {}  # chat id -> is the lawyer who wrote it
        for chat_id in await self._admins():
            recipients[chat_id] = False
        if lawyer is not None and lawyer.role in (Role.LAWYER, Role.ADMIN):
            recipients[lawyer.telegram_id] = True
        for chat_id, to_lawyer in recipients.items():
            notice = AnswerUndelivered(
                chat_id=chat_id,
                consultation_id=consultation.id,
                topic=self._topic(consultation),
                official=display_name(official),
                phone=official.phone if official else None,
                lawyer=display_name(lawyer),
                clarification=consultation.status == ConsultationStatus.CLARIFICATION,
                to_lawyer=to_lawyer,
            )
            await self._notify(notice, "undelivered")

    async def overdue_to_admins(self, consultation: Consultation) -> None:
        hours = int((self.now - consultation.due_at).total_seconds() // 3600)
        for chat_id in await self._admins():
            notice = ConsultationEscalated(
                chat_id=chat_id,
                consultation_id=consultation.id,
                topic=self._topic(consultation),
                hours=hours,
                lawyer=display_name(consultation.lawyer),
            )
            await self._notify(notice, "escalation")
