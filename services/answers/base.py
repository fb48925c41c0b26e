"""The base of published answers: publish (from an answered consultation, after a lawyer's review), edit,
retire, search, and what officials do with a suggested answer. Every change and use is an `AnswerEvent`.

Only lawyers and admins publish, edit and retire, whatever the callback data said.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from knowledge import Knowledge
from services.answers.anonymise import anonymise
from services.answers.errors import (
    STAFF_ROLES,
    AlreadyPublished,
    AnswerAlreadyRated,
    AnswerNotFound,
    AnswerNotRated,
    AnswerRatingOutOfRange,
    AnswerRetired,
    NotAnsweredYet,
    TemplateNotFound,
    TemplateRetired,
    require_staff,
)
from services.answers.form import PublishDraft
from services.answers.index import reindex
from services.answers.search import SEARCH_THRESHOLD, SUGGEST_THRESHOLD, Hit, similar
from services.answers.templates import TemplateBook, TemplateDraft
from services.hotline.errors import ConsultationNotFound, UnknownTopic
from storage.models import (
    AnswerEventKind,
    AnswerStatus,
    AnswerTemplate,
    Consultation,
    ConsultationStatus,
    EventKind,
    PublishedAnswer,
    Role,
    User,
)
from storage.repositories import answers as repo
from storage.repositories import consultations as consultations_repo

SUGGESTIONS = 3
SEARCH_RESULTS = 5
PAGE = 8


@dataclass(frozen=True, slots=True)
class TopicPage:
    topic_code: str
    answers: list[PublishedAnswer]
    page: int
    more: bool


@dataclass(frozen=True, slots=True)
class DraftStart:
    """What a lawyer takes as the start of a draft answer: a published answer's text and its legal basis, or a
    template's text (no legal basis)."""

    text: str
    legal_basis: str = ""


def _anonymise_both(question: str, answer: str, people: list[str], places: list[str]) -> tuple[str, str]:
    return anonymise(question, people=people, places=places), anonymise(answer, people=people, places=places)


class AnswerBase:
    def __init__(self, session: AsyncSession, settings: Settings, knowledge: Knowledge, now: datetime) -> None:
        self.session = session
        self.settings = settings
        self.knowledge = knowledge
        self.now = now

    # --- reading ------------------------------------------------------------------------

    async def _get(self, answer_id: int) -> PublishedAnswer:
        await self.session.flush()
        answer = await repo.get(self.session, answer_id)
        if answer is None:
            raise AnswerNotFound(answer_id=answer_id)
        return answer

    async def get(self, answer_id: int, role: Role) -> PublishedAnswer:
        """A published answer; a retired one only for lawyers and admins."""
        answer = await self._get(answer_id)
        if answer.status != AnswerStatus.PUBLISHED and role not in STAFF_ROLES:
            raise AnswerRetired(answer_id=answer_id)
        return answer

    async def suggest(self, question: str) -> list[Hit]:
        """Published answers similar enough to a question being asked (none: ask as usual)."""
        return await similar(self.session, question, limit=SUGGESTIONS, threshold=SUGGEST_THRESHOLD)

    async def search(self, text: str) -> list[Hit]:
        return await similar(self.session, text, limit=SEARCH_RESULTS, threshold=SEARCH_THRESHOLD)

    async def topic_counts(self) -> dict[str, int]:
        return await repo.count_by_topic(self.session)

    async def browse(self, topic_code: str, page: int = 0) -> TopicPage:
        if self.knowledge.topic(topic_code) is None:
            raise UnknownTopic(topic_code=topic_code)
        page = max(page, 0)
        rows = await repo.by_topic(self.session, topic_code, offset=page * PAGE, limit=PAGE + 1)
        return TopicPage(topic_code, rows[:PAGE], page, len(rows) > PAGE)

    async def by_ids(self, answer_ids: Sequence[int]) -> list[PublishedAnswer]:
        return await repo.by_ids(self.session, list(answer_ids))

    async def similar_to_consultation(self, consultation_id: int, role: Role) -> list[Hit]:
        """For a lawyer working on a consultation: the most similar published answers (weaker ones too)."""
        require_staff(role)
        consultation = await self._consultation(consultation_id)
        return await similar(self.session, consultation.question, limit=SUGGESTIONS, threshold=SEARCH_THRESHOLD)

    # --- publishing ----------------------------------------------------------------------

    async def _consultation(self, consultation_id: int) -> Consultation:
        await self.session.flush()
        consultation = await consultations_repo.get(self.session, consultation_id)
        if consultation is None:
            raise ConsultationNotFound(consultation_id=consultation_id)
        return consultation

    async def _publishable(self, consultation_id: int, role: Role) -> Consultation:
        """An answered consultation not yet published, for lawyers and admins."""
        require_staff(role)
        consultation = await self._consultation(consultation_id)
        if consultation.first_answered_at is None or consultation.status not in (
            ConsultationStatus.ANSWERED,
            ConsultationStatus.CLOSED,
        ):
            raise NotAnsweredYet(consultation_id=consultation_id)
        existing = await repo.of_consultation(self.session, consultation_id)
        if existing is not None and existing.status == AnswerStatus.PUBLISHED:
            raise AlreadyPublished(consultation_id=consultation_id, answer_id=existing.id)
        return consultation

    async def draft_for(self, consultation_id: int, role: Role) -> PublishDraft:
        """The anonymised draft of an answered consultation, for the lawyer to review."""
        consultation = await self._publishable(consultation_id, role)
        events = await consultations_repo.events(self.session, consultation_id)
        answer = next((e.text or "" for e in reversed(events) if e.kind == EventKind.ANSWERED), "")
        official = consultation.official
        people = [official.full_name] if official.full_name else []
        if consultation.lawyer is not None and consultation.lawyer.full_name:
            people.append(consultation.lawyer.full_name)
        places = [official.community] if official.community else []
        # In a thread: names are found with the dictionary (loaded the first time, ~0.1 s), not on the event loop.
        question, answer = await asyncio.to_thread(_anonymise_both, consultation.question, answer, people, places)
        return PublishDraft(question=question, answer=answer, legal_basis="", topic=consultation.topic_code)

    def _check_topic(self, code: str) -> None:
        if self.knowledge.topic(code) is None:
            raise UnknownTopic(topic_code=code)

    async def publish(self, consultation_id: int, draft: PublishDraft, lawyer: User, role: Role) -> PublishedAnswer:
        """Publishes what the lawyer reviewed and confirmed."""
        consultation = await self._publishable(consultation_id, role)  # the same checks, now (it may have changed)
        self._check_topic(draft.topic)
        answer = PublishedAnswer(
            consultation_id=consultation_id,
            topic_code=draft.topic,
            status=AnswerStatus.PUBLISHED,
            question=draft.question,
            answer=draft.answer,
            legal_basis=draft.legal_basis,
            author_id=lawyer.id,
            published_at=self.now,
            updated_at=self.now,
        )
        self.session.add(answer)
        await self.session.flush()
        await reindex(self.session, answer)
        await repo.add_event(
            self.session,
            answer.id,
            AnswerEventKind.PUBLISHED,
            actor_id=lawyer.id,
            now=self.now,
            # The consultation's topic beside the one published: the lawyer may have changed it in the review.
            payload={
                "consultation_id": consultation_id,
                "consultation_topic": consultation.topic_code,
                **draft.model_dump(),
            },
        )
        return answer

    def edit_draft(self, answer: PublishedAnswer) -> PublishDraft:
        return PublishDraft(
            question=answer.question, answer=answer.answer, legal_basis=answer.legal_basis, topic=answer.topic_code
        )

    async def for_editing(self, answer_id: int, role: Role) -> PublishedAnswer:
        require_staff(role)
        answer = await self._get(answer_id)
        if answer.status != AnswerStatus.PUBLISHED:
            raise AnswerRetired(answer_id=answer_id)
        return answer

    async def edit(self, answer_id: int, draft: PublishDraft, lawyer: User, role: Role) -> PublishedAnswer:
        answer = await self.for_editing(answer_id, role)
        self._check_topic(draft.topic)
        before = self.edit_draft(answer).model_dump()
        answer.question, answer.answer = draft.question, draft.answer
        answer.legal_basis, answer.topic_code = draft.legal_basis, draft.topic
        answer.updated_at = self.now
        answer.version += 1
        await reindex(self.session, answer)
        changed = {
            key: {"before": before[key], "after": value}
            for key, value in draft.model_dump().items()
            if before[key] != value
        }
        await repo.add_event(
            self.session, answer.id, AnswerEventKind.EDITED, actor_id=lawyer.id, now=self.now, payload=changed
        )
        return answer

    async def retire(self, answer_id: int, lawyer: User, role: Role) -> PublishedAnswer:
        answer = await self.for_editing(answer_id, role)
        answer.status = AnswerStatus.RETIRED
        answer.updated_at = self.now
        answer.version += 1
        await reindex(self.session, answer)  # leaves the index: never suggested again
        await repo.add_event(self.session, answer.id, AnswerEventKind.RETIRED, actor_id=lawyer.id, now=self.now)
        return answer

    # --- officials -----------------------------------------------------------------------

    async def helped(self, answer_id: int, official: User, question: str, shown: Sequence[int]) -> PublishedAnswer:
        """The official says this answer answers the question they were composing: no consultation is made."""
        answer = await self.get(answer_id, Role.OFFICIAL)
        await repo.add_event(
            self.session,
            answer.id,
            AnswerEventKind.HELPED,
            actor_id=official.id,
            now=self.now,
            payload={"question": question[:4000], "shown": list(shown)},
        )
        return answer

    async def rate(self, answer_id: int, official: User, stars: int) -> PublishedAnswer:
        if not 1 <= stars <= 5:
            raise AnswerRatingOutOfRange(stars=stars)
        answer = await self.get(answer_id, Role.OFFICIAL)
        if not await repo.has_event(self.session, answer.id, AnswerEventKind.HELPED, official.id):
            raise AnswerNotRated(answer_id=answer_id)  # only an answer that answered their question
        if await repo.has_event(self.session, answer.id, AnswerEventKind.RATED, official.id):
            raise AnswerAlreadyRated(answer_id=answer_id)
        await repo.add_event(
            self.session, answer.id, AnswerEventKind.RATED, actor_id=official.id, now=self.now, payload={"stars": stars}
        )
        return answer

    async def _used(self, answer: PublishedAnswer, lawyer: User, consultation_id: int) -> None:
        consultation = await self._consultation(consultation_id)
        if await repo.used_for(self.session, answer.id, consultation.id):
            return  # a double tap, or the answer taken again from another list
        await repo.add_event(
            self.session,
            answer.id,
            AnswerEventKind.USED,
            actor_id=lawyer.id,
            now=self.now,
            payload={"consultation_id": consultation.id},  # ids only: the question stays in the consultation
        )

    # --- lawyers' templates -----------------------------------------------------------------

    async def templates(self, consultation_id: int, role: Role) -> tuple[Consultation, list[AnswerTemplate]]:
        """The templates of the consultation's topic."""
        require_staff(role)
        consultation = await self._consultation(consultation_id)
        return consultation, list(await repo.templates(self.session, consultation.topic_code))

    async def add_template(self, topic_code: str, title: str, text: str, lawyer: User, role: Role) -> AnswerTemplate:
        """The one-line `/template`: the same rules and log as the form's."""
        book = TemplateBook(self.session, self.knowledge, self.now)
        return await book.add(TemplateDraft(topic=topic_code, title=title, text=text), lawyer, role)

    async def text_for_draft(
        self, role: Role, lawyer: User, consultation_id: int, *, answer_id: int = 0, template_id: int = 0
    ) -> DraftStart:
        """The text a lawyer takes as the start of the draft answer to a consultation: a published answer's
        (logged as USED, once per consultation: a real question that answer fits), or a template's."""
        require_staff(role)
        if answer_id:
            answer = await self.get(answer_id, role)
            await self._used(answer, lawyer, consultation_id)
            return DraftStart(answer.answer, answer.legal_basis)
        template = await repo.template(self.session, template_id)
        if template is None:
            raise TemplateNotFound(template_id=template_id)
        if template.retired:  # a list shown before it was retired
            raise TemplateRetired()
        return DraftStart(template.text)
