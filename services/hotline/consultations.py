"""The hot line: a consultation's lifecycle and who may do what.

Every step appends a `ConsultationEvent`; the `Consultation` row is the current
state derived from them. Messages to other people are notices queued in the
same transaction (`services.hotline.notices`). Role and ownership are checked
here, whatever the handler or callback data said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from knowledge import Knowledge, Topic
from services.hotline.draft import LAWYER_PURPOSES, Draft, Purpose
from services.hotline.errors import (
    AlreadyRated,
    AlreadyTaken,
    AlreadyWithLawyer,
    AlreadyYours,
    ConsultationNotFound,
    DraftEmpty,
    HandoverTargetInvalid,
    NotAssignedToYou,
    NotInQueue,
    NotYours,
    RatingOutOfRange,
    StaffOnly,
    UnknownTopic,
    WrongStatus,
)
from services.hotline.notices import Notifier, display_name
from services.privacy import audit
from services.working_days import add_working_days
from storage.models import Consultation, ConsultationEvent, ConsultationStatus, EventKind, Role, User
from storage.repositories import consultations as repo
from storage.repositories import delivery as delivery_repo
from storage.repositories import jobs as jobs_repo
from storage.repositories import users as users_repo

JOB_OVERDUE = "consultation.overdue"
JOB_ESCALATE = "consultation.escalate"
JOB_AUTOCLOSE = "consultation.autoclose"
JOB_UNDELIVERED = delivery_repo.JOB_UNDELIVERED  # scheduled by the outbox when the official blocked the bot

STAFF_ROLES = (Role.LAWYER, Role.ADMIN)
LAWYER_WORKING = (ConsultationStatus.ASSIGNED, ConsultationStatus.CLARIFICATION)


@dataclass(frozen=True, slots=True)
class Thread:
    """A consultation with its events (oldest first), as someone allowed to see it sees it."""

    consultation: Consultation
    events: list[ConsultationEvent]
    asked_by_viewer: bool  # the official who asked (else staff: lawyers and admins)
    # The official's phone: for the lawyer it is assigned to, while it is theirs, and for admins (logged).
    sees_phone: bool = False
    # The lawyers it was handed over to (by users.id), for its history to say to whom.
    handed_to: dict[int, User] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WorkList:
    assigned: list[Consultation]  # the lawyer's own, in work
    queue: list[Consultation]  # open ones of the lawyer's topics, oldest first
    undelivered: list[Consultation]  # the official did not get the lawyer's words (every one, for admins)


@dataclass(frozen=True, slots=True)
class HandoverOptions:
    consultation: Consultation
    lawyers: list[User]  # every lawyer but the one who has it


def can_view(consultation: Consultation, user: User, role: Role) -> bool:
    if role == Role.ADMIN:
        return True
    if consultation.official_id == user.id:
        return True
    if role == Role.LAWYER:
        return consultation.lawyer_id == user.id or _covers_topic(user, consultation.topic_code)
    return False


def _covers_topic(lawyer: User, topic_code: str) -> bool:
    topics = lawyer.topic_codes
    return not topics or topic_code in topics


def _assign(consultation: Consultation, lawyer: User | None) -> None:
    """Sets the lawyer and the relationship together, so what is shown next names the right person."""
    consultation.lawyer_id = lawyer.id if lawyer is not None else None
    consultation.lawyer = lawyer


class Hotline:
    def __init__(self, session: AsyncSession, settings: Settings, knowledge: Knowledge, now: datetime) -> None:
        self.session = session
        self.settings = settings
        self.knowledge = knowledge
        self.now = now
        self.notices = Notifier(session, settings, knowledge, now)

    # --- helpers ------------------------------------------------------------------

    async def _find(self, consultation_id: int) -> Consultation | None:
        # The row is read afresh (another update may have changed it): first write what this one changed.
        await self.session.flush()
        return await repo.get(self.session, consultation_id)

    async def _get(self, consultation_id: int) -> Consultation:
        consultation = await self._find(consultation_id)
        if consultation is None:
            raise ConsultationNotFound(consultation_id=consultation_id)
        return consultation

    async def get_for(self, consultation_id: int, user: User, role: Role) -> Consultation:
        consultation = await self._get(consultation_id)
        if not can_view(consultation, user, role):
            raise NotYours(consultation_id=consultation_id)
        return consultation

    def _event(self, consultation: Consultation, kind: EventKind, actor: User | None, **kw: Any) -> ConsultationEvent:
        return repo.add_event(self.session, consultation, kind, actor=actor, now=self.now, **kw)

    def _text_event(self, consultation: Consultation, kind: EventKind, actor: User, draft: Draft) -> None:
        """What someone wrote (and attached), kept in the thread."""
        self._event(consultation, kind, actor, text=draft.text, payload={"attachments": draft.attachments})

    def _bump(self, consultation: Consultation) -> None:
        consultation.version += 1

    def _require_status(self, consultation: Consultation, *allowed: ConsultationStatus) -> None:
        if consultation.status not in allowed:
            raise WrongStatus(consultation_id=consultation.id, status=consultation.status)

    @staticmethod
    def _require_text(draft: Draft) -> None:
        if draft.is_empty:
            raise DraftEmpty()

    async def _require_assigned(self, consultation_id: int, lawyer: User, role: Role) -> Consultation:
        if role not in STAFF_ROLES:
            raise NotYours(consultation_id=consultation_id)
        consultation = await self.check_lawyer(consultation_id, lawyer)
        self._require_status(consultation, *LAWYER_WORKING)
        return consultation

    async def _require_manager(self, consultation_id: int, actor: User, role: Role) -> Consultation:
        """Admins, or the lawyer it is assigned to, may release, hand over and close it."""
        consultation = await self._get(consultation_id)
        if not (role == Role.ADMIN or (role == Role.LAWYER and consultation.lawyer_id == actor.id)):
            raise NotAssignedToYou(consultation_id=consultation_id)
        return consultation

    async def check_official(self, consultation_id: int, official: User) -> Consultation:
        """The official who asked it, or a refusal."""
        consultation = await self._get(consultation_id)
        if consultation.official_id != official.id:
            raise NotYours(consultation_id=consultation_id)
        return consultation

    async def check_lawyer(self, consultation_id: int, lawyer: User) -> Consultation:
        """The lawyer working on it, or a refusal (its status is checked when the lawyer acts)."""
        consultation = await self._get(consultation_id)
        if consultation.lawyer_id != lawyer.id:
            raise NotAssignedToYou(consultation_id=consultation_id)
        return consultation

    async def check_writing(self, purpose: Purpose, consultation_id: int, user: User, role: Role) -> Consultation:
        """May `user` write this text now? Asked when the composer opens (so nobody types in vain) and on sending."""
        if purpose in LAWYER_PURPOSES:
            return await self._require_assigned(consultation_id, user, role)
        consultation = await self.check_official(consultation_id, user)
        if purpose == Purpose.REPLY:
            # OPEN: the lawyer who asked was removed or released it meanwhile; the reply
            # is kept in the thread for whoever takes it next.
            self._require_status(consultation, ConsultationStatus.CLARIFICATION, ConsultationStatus.OPEN)
        elif purpose == Purpose.FOLLOW_UP:
            self._require_status(consultation, ConsultationStatus.ANSWERED)
        else:
            raise ValueError(f"{purpose} is not written about an existing consultation")
        return consultation

    def topic(self, topic_code: str) -> Topic:
        topic = self.knowledge.topic(topic_code)
        if topic is None:
            raise UnknownTopic(topic_code=topic_code)
        return topic

    def due_from(self, start: datetime) -> datetime:
        return add_working_days(start, self.settings.answer_due_working_days, self.settings.tz)

    async def _schedule_deadline(self, consultation: Consultation) -> None:
        await self._cancel_deadline(consultation)
        await jobs_repo.schedule(
            self.session, kind=JOB_OVERDUE, ref_id=consultation.id, due_at=consultation.due_at, now=self.now
        )
        escalate_at = consultation.due_at + timedelta(hours=self.settings.admin_escalation_hours)
        await jobs_repo.schedule(
            self.session, kind=JOB_ESCALATE, ref_id=consultation.id, due_at=escalate_at, now=self.now
        )

    async def _cancel_deadline(self, consultation: Consultation) -> None:
        await jobs_repo.cancel(self.session, kind=JOB_OVERDUE, ref_id=consultation.id)
        await jobs_repo.cancel(self.session, kind=JOB_ESCALATE, ref_id=consultation.id)

    async def _route(self, consultation: Consultation, actor: User | None, exclude: int | None = None) -> None:
        lawyers = [
            lawyer
            for lawyer in await users_repo.lawyers_for_topic(self.session, consultation.topic_code)
            if lawyer.id != exclude
        ]
        self._event(
            consultation,
            EventKind.ROUTED,
            actor,
            payload={"topic": consultation.topic_code, "lawyers": [lawyer.id for lawyer in lawyers]},
        )
        if lawyers:
            await self.notices.new_in_queue(consultation, lawyers)
        else:
            await self.notices.no_lawyer_for_topic(consultation)

    # --- the official ---------------------------------------------------------------

    async def ask(self, official: User, topic_code: str, draft: Draft, suggested: Sequence[int] = ()) -> Consultation:
        """A new question; `suggested`: the published answers shown before it was sent (kept for the lawyer)."""
        self.topic(topic_code)
        self._require_text(draft)
        consultation = Consultation(
            official_id=official.id,
            topic_code=topic_code,
            region_code=official.region_code,
            status=ConsultationStatus.OPEN,
            question=draft.text,
            created_at=self.now,
            due_at=self.due_from(self.now),
        )
        self.session.add(consultation)
        await self.session.flush()
        created = self._event(
            consultation, EventKind.CREATED, official, text=draft.text, payload={"attachments": draft.attachments}
        )
        if suggested:
            created.payload["suggested"] = list(suggested)
        await self._route(consultation, official)
        await self._schedule_deadline(consultation)
        return consultation

    async def of_official(self, official: User) -> list[Consultation]:
        """The official's own consultations, newest first."""
        return list(await repo.of_official(self.session, official.id))

    async def reply_to_clarification(self, consultation_id: int, official: User, draft: Draft) -> Consultation:
        consultation = await self.check_writing(Purpose.REPLY, consultation_id, official, Role.OFFICIAL)
        self._require_text(draft)
        if consultation.status == ConsultationStatus.CLARIFICATION:
            consultation.status = ConsultationStatus.ASSIGNED
        self._bump(consultation)
        self._text_event(consultation, EventKind.CLARIFICATION_PROVIDED, official, draft)
        await self.notices.official_message(consultation, draft, kind=EventKind.CLARIFICATION_PROVIDED)
        return consultation

    async def resolve(self, consultation_id: int, official: User) -> Consultation:
        consultation = await self.check_official(consultation_id, official)
        self._require_status(consultation, ConsultationStatus.ANSWERED)
        consultation.status = ConsultationStatus.CLOSED
        consultation.closed_at = self.now
        self._bump(consultation)
        self._event(consultation, EventKind.CLOSED, official, payload={"reason": "resolved"})
        await jobs_repo.cancel(self.session, kind=JOB_AUTOCLOSE, ref_id=consultation.id)
        await self.notices.reaction_closed(consultation)
        return consultation

    async def rate(self, consultation_id: int, official: User, stars: int) -> Consultation:
        consultation = await self.check_official(consultation_id, official)
        if not 1 <= stars <= 5:
            raise RatingOutOfRange(stars=stars)
        self._require_status(consultation, ConsultationStatus.CLOSED)
        if consultation.rating is not None:
            raise AlreadyRated(consultation_id=consultation.id)
        consultation.rating = stars
        self._bump(consultation)
        self._event(consultation, EventKind.RATED, official, payload={"rating": stars})
        return consultation

    async def comment_rating(self, consultation_id: int, official: User, comment: str) -> Consultation:
        consultation = await self.check_official(consultation_id, official)
        if consultation.rating is None:
            raise WrongStatus(consultation_id=consultation.id, status=consultation.status)
        consultation.rating_comment = comment[:2000]
        self._event(consultation, EventKind.RATED, official, text=comment[:2000], payload={"comment": True})
        return consultation

    async def follow_up(self, consultation_id: int, official: User, draft: Draft) -> Consultation:
        consultation = await self.check_writing(Purpose.FOLLOW_UP, consultation_id, official, Role.OFFICIAL)
        self._require_text(draft)
        consultation.due_at = self.due_from(self.now)
        self._bump(consultation)
        self._text_event(consultation, EventKind.FOLLOW_UP, official, draft)
        await jobs_repo.cancel(self.session, kind=JOB_AUTOCLOSE, ref_id=consultation.id)
        lawyer = consultation.lawyer
        if lawyer is not None and lawyer.role in STAFF_ROLES:
            consultation.status = ConsultationStatus.ASSIGNED
            await self.notices.official_message(consultation, draft, kind=EventKind.FOLLOW_UP)
        else:
            consultation.status = ConsultationStatus.OPEN
            _assign(consultation, None)
            await self._route(consultation, None)
        await self._schedule_deadline(consultation)
        return consultation

    async def write(self, purpose: Purpose, consultation_id: int, user: User, role: Role, draft: Draft) -> Consultation:
        """Sends a text composed about a consultation (anything but a new question)."""
        if purpose == Purpose.ANSWER:
            return await self.answer(consultation_id, user, role, draft)
        if purpose == Purpose.CLARIFY:
            return await self.request_clarification(consultation_id, user, role, draft)
        if purpose == Purpose.REPLY:
            return await self.reply_to_clarification(consultation_id, user, draft)
        if purpose == Purpose.FOLLOW_UP:
            return await self.follow_up(consultation_id, user, draft)
        raise ValueError(f"{purpose} is not written about an existing consultation")

    # --- lawyers --------------------------------------------------------------------

    async def take(self, consultation_id: int, lawyer: User, role: Role) -> Consultation:
        if role not in STAFF_ROLES:
            raise NotYours(consultation_id=consultation_id)
        consultation = await self._get(consultation_id)
        if role == Role.LAWYER and not _covers_topic(lawyer, consultation.topic_code):
            raise NotYours(consultation_id=consultation_id)
        if not await repo.try_take(self.session, consultation_id, lawyer.id):
            consultation = await self._get(consultation_id)
            holder = consultation.lawyer
            if holder is not None and consultation.status in (*LAWYER_WORKING, ConsultationStatus.ANSWERED):
                if holder.id == lawyer.id:
                    raise AlreadyYours(consultation_id=consultation.id)
                raise AlreadyTaken(consultation_id=consultation.id, lawyer=display_name(holder) or "")
            raise NotInQueue(consultation_id=consultation.id)
        consultation = await self._get(consultation_id)
        self._event(consultation, EventKind.TAKEN, lawyer)
        await self.notices.taken(consultation, lawyer)
        await self.notices.offers_taken(consultation, lawyer)
        return consultation

    async def _lawyer_writes(
        self, consultation_id: int, lawyer: User, role: Role, draft: Draft, kind: EventKind, status: ConsultationStatus
    ) -> Consultation:
        consultation = await self._require_assigned(consultation_id, lawyer, role)
        self._require_text(draft)
        consultation.status = status
        consultation.answer_undelivered = False  # new words to deliver (the outbox marks them again if blocked)
        self._bump(consultation)
        self._text_event(consultation, kind, lawyer, draft)
        return consultation

    async def request_clarification(self, consultation_id: int, lawyer: User, role: Role, draft: Draft) -> Consultation:
        consultation = await self._lawyer_writes(
            consultation_id, lawyer, role, draft, EventKind.CLARIFICATION_REQUESTED, ConsultationStatus.CLARIFICATION
        )
        await self.notices.clarification_request(consultation, draft)
        return consultation

    async def answer(self, consultation_id: int, lawyer: User, role: Role, draft: Draft) -> Consultation:
        consultation = await self._lawyer_writes(
            consultation_id, lawyer, role, draft, EventKind.ANSWERED, ConsultationStatus.ANSWERED
        )
        consultation.first_answered_at = consultation.first_answered_at or self.now
        consultation.last_answered_at = self.now
        await self._cancel_deadline(consultation)
        await jobs_repo.schedule(
            self.session,
            kind=JOB_AUTOCLOSE,
            ref_id=consultation.id,
            due_at=self.now + timedelta(days=self.settings.auto_close_days),
            now=self.now,
        )
        await self.notices.answer(consultation, lawyer, draft)
        return consultation

    async def release(self, consultation_id: int, actor: User, role: Role) -> Consultation:
        consultation = await self._require_manager(consultation_id, actor, role)
        self._require_status(consultation, *LAWYER_WORKING)
        previous = consultation.lawyer_id
        consultation.status = ConsultationStatus.OPEN
        _assign(consultation, None)
        self._bump(consultation)
        self._event(consultation, EventKind.RELEASED, actor, payload={"lawyer": previous})
        await self._route(consultation, actor, exclude=previous)
        return consultation

    async def handover_options(self, consultation_id: int, actor: User, role: Role) -> HandoverOptions:
        consultation = await self._require_manager(consultation_id, actor, role)
        self._require_status(consultation, ConsultationStatus.OPEN, *LAWYER_WORKING)  # refused before the choice
        lawyers = [
            lawyer
            for lawyer in await users_repo.list_by_role(self.session, Role.LAWYER)
            if lawyer.id != consultation.lawyer_id
        ]
        return HandoverOptions(consultation, lawyers)

    async def hand_over_to_lawyer(self, consultation_id: int, actor: User, role: Role, target_id: int) -> Consultation:
        """Returns the consultation with its new lawyer."""
        consultation = await self._require_manager(consultation_id, actor, role)
        self._require_status(consultation, ConsultationStatus.OPEN, *LAWYER_WORKING)
        target = await users_repo.get(self.session, target_id)
        if target is not None and target.id == consultation.lawyer_id:
            raise AlreadyWithLawyer(consultation_id=consultation_id, lawyer=display_name(target) or "")
        if target is None or target.role != Role.LAWYER:
            raise HandoverTargetInvalid(consultation_id=consultation_id, lawyer_id=target_id)
        previous = consultation.lawyer_id
        _assign(consultation, target)
        if consultation.status == ConsultationStatus.OPEN:
            consultation.status = ConsultationStatus.ASSIGNED
        self._bump(consultation)
        self._event(
            consultation, EventKind.HANDED_OVER, actor, payload={"from_lawyer": previous, "to_lawyer": target.id}
        )
        await self.notices.handed_to_lawyer(consultation, target, actor)
        return consultation

    async def hand_over_to_topic(self, consultation_id: int, actor: User, role: Role, topic_code: str) -> Consultation:
        consultation = await self._require_manager(consultation_id, actor, role)
        self._require_status(consultation, ConsultationStatus.OPEN, *LAWYER_WORKING)
        if topic_code == consultation.topic_code:
            raise UnknownTopic(topic_code=topic_code)
        self.topic(topic_code)
        previous_topic, previous_lawyer = consultation.topic_code, consultation.lawyer_id
        consultation.topic_code = topic_code
        _assign(consultation, None)
        consultation.status = ConsultationStatus.OPEN
        self._bump(consultation)
        self._event(
            consultation,
            EventKind.HANDED_OVER,
            actor,
            payload={"from_topic": previous_topic, "to_topic": topic_code, "from_lawyer": previous_lawyer},
        )
        await self._route(consultation, actor, exclude=previous_lawyer)
        return consultation

    async def close(self, consultation_id: int, actor: User, role: Role) -> Consultation:
        consultation = await self._require_manager(consultation_id, actor, role)
        if consultation.status == ConsultationStatus.CLOSED:
            raise WrongStatus(consultation_id=consultation.id, status=consultation.status)
        consultation.status = ConsultationStatus.CLOSED
        consultation.closed_at = self.now
        self._bump(consultation)
        self._event(consultation, EventKind.CLOSED, actor, payload={"reason": "staff"})
        await self._cancel_deadline(consultation)
        await jobs_repo.cancel(self.session, kind=JOB_AUTOCLOSE, ref_id=consultation.id)
        await self.notices.closed_by_staff(consultation)
        return consultation

    async def work_list(self, lawyer: User, role: Role) -> WorkList:
        """What a lawyer has in work, and the queue of their topics (every topic for admins and lawyers without topics)."""
        if role not in STAFF_ROLES:
            raise StaffOnly()
        topics = None if role == Role.ADMIN or not lawyer.topic_codes else lawyer.topic_codes
        return WorkList(
            assigned=list(await repo.assigned_to(self.session, lawyer.id)),
            queue=list(await repo.queue(self.session, topics)),
            undelivered=list(await repo.undelivered(self.session, None if role == Role.ADMIN else lawyer.id)),
        )

    async def thread(self, consultation_id: int, user: User, role: Role) -> Thread:
        consultation = await self.get_for(consultation_id, user, role)
        if consultation.official_id != user.id and consultation.lawyer_id != user.id:
            # An admin, or a lawyer it is not assigned to (a colleague's, or one in the queue), read it all.
            audit.record(
                self.session,
                audit.AuditAction.CONSULTATION_OPENED,
                actor_id=user.id,
                now=self.now,
                subject=audit.Subject.CONSULTATION,
                subject_id=consultation.id,
                detail=role.value,
            )
        await self.session.flush()  # the events this unit of work added too (no autoflush)
        events = list(await repo.events(self.session, consultation_id))
        targets = frozenset(
            int(e.payload["to_lawyer"])
            for e in events
            if e.kind == EventKind.HANDED_OVER and e.payload.get("to_lawyer")
        )
        handed_to = {u.id: u for u in await users_repo.list_by_ids(self.session, targets)} if targets else {}
        return Thread(
            consultation,
            events,
            asked_by_viewer=consultation.official_id == user.id,
            sees_phone=role == Role.ADMIN or (role == Role.LAWYER and consultation.lawyer_id == user.id),
            handed_to=handed_to,
        )

    # --- deadlines (scheduled jobs) -----------------------------------------------------

    async def on_overdue(self, consultation_id: int) -> None:
        consultation = await self._find(consultation_id)
        if consultation is None or consultation.status not in repo.ACTIVE or consultation.due_at > self.now:
            return
        self._event(consultation, EventKind.OVERDUE_LAWYER_REMINDED, None, payload={"lawyer": consultation.lawyer_id})
        await self.notices.overdue_to_lawyers(consultation)

    async def on_escalate(self, consultation_id: int) -> None:
        consultation = await self._find(consultation_id)
        if consultation is None or consultation.status not in repo.ACTIVE or consultation.due_at > self.now:
            return
        self._event(consultation, EventKind.OVERDUE_ADMIN_ESCALATED, None)
        await self.notices.overdue_to_admins(consultation)

    async def on_undelivered(self, consultation_id: int) -> None:
        """The official blocked the bot and missed the lawyer's words: the lawyer and the admins are told."""
        consultation = await self._find(consultation_id)
        if consultation is None or not consultation.answer_undelivered:
            return  # delivered since (new words were sent) or gone
        await self.notices.undelivered(consultation)

    async def on_autoclose(self, consultation_id: int) -> None:
        consultation = await self._find(consultation_id)
        if consultation is None or consultation.status != ConsultationStatus.ANSWERED:
            return
        answered = consultation.last_answered_at or consultation.created_at
        if answered + timedelta(days=self.settings.auto_close_days) > self.now:
            return
        consultation.status = ConsultationStatus.CLOSED
        consultation.closed_at = self.now
        self._bump(consultation)
        self._event(consultation, EventKind.AUTO_CLOSED, None, payload={"days": self.settings.auto_close_days})
        await self.notices.auto_closed(consultation)
