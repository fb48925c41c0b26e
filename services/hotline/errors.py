"""Refusals of the hot line (texts: `bot/texts/hotline.py`, `ERRORS`)."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import AccessDenied, Conflict, InvalidInput, NotFound
from storage.models import ConsultationStatus


@dataclass(eq=False)
class ConsultationNotFound(NotFound):
    consultation_id: int


@dataclass(eq=False)
class NotYours(AccessDenied):
    """Neither the official who asked, nor a lawyer who may see it."""

    consultation_id: int


@dataclass(eq=False)
class NotAssignedToYou(AccessDenied):
    """Only the lawyer working on it (or an admin, where allowed) may do this."""

    consultation_id: int


@dataclass(eq=False)
class StaffOnly(AccessDenied):
    """Lawyers' and admins' work (the queue)."""


@dataclass(eq=False)
class WrongStatus(Conflict):
    consultation_id: int
    status: ConsultationStatus


@dataclass(eq=False)
class AlreadyTaken(Conflict):
    consultation_id: int
    lawyer: str  # the name of the lawyer who has it ("" when they gave none)


@dataclass(eq=False)
class AlreadyYours(Conflict):
    consultation_id: int


@dataclass(eq=False)
class NotInQueue(Conflict):
    consultation_id: int


@dataclass(eq=False)
class AlreadyRated(Conflict):
    consultation_id: int


@dataclass(eq=False)
class HandoverTargetInvalid(NotFound):
    """Not a lawyer (any more)."""

    consultation_id: int
    lawyer_id: int


@dataclass(eq=False)
class AlreadyWithLawyer(Conflict):
    """Handed over to the lawyer who has it already (a second press of the same button)."""

    consultation_id: int
    lawyer: str


@dataclass(eq=False)
class UnknownTopic(InvalidInput):
    topic_code: str


@dataclass(eq=False)
class RatingOutOfRange(InvalidInput):
    stars: int


@dataclass(eq=False)
class DraftEmpty(InvalidInput):
    pass


@dataclass(eq=False)
class DraftTooLong(InvalidInput):
    limit: int


@dataclass(eq=False)
class TooManyFiles(InvalidInput):
    limit: int
