"""Refusals of the base of answers (texts: `bot/texts/answers.py`, `ERRORS`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.errors import AccessDenied, Conflict, InvalidInput, NotFound
from core.roles import Role
from services.forms import StepRefused


@dataclass(eq=False)
class LawyersOnly(AccessDenied):
    """Publishing, editing and retiring answers, templates: lawyers' and admins' work."""


STAFF_ROLES = (Role.LAWYER, Role.ADMIN)


def require_staff(role: Role) -> None:
    if role not in STAFF_ROLES:
        raise LawyersOnly()


@dataclass(eq=False)
class AnswerNotFound(NotFound):
    answer_id: int


@dataclass(eq=False)
class AnswerRetired(Conflict):
    answer_id: int


@dataclass(eq=False)
class NotAnsweredYet(Conflict):
    """Only a consultation with an answer can be published."""

    consultation_id: int


@dataclass(eq=False)
class AlreadyPublished(Conflict):
    consultation_id: int
    answer_id: int


@dataclass(eq=False)
class AnswerTextEmpty(InvalidInput):
    pass


@dataclass(eq=False)
class AnswerTextTooLong(InvalidInput):
    limit: int


@dataclass(eq=False)
class AnswerRatingOutOfRange(InvalidInput):
    stars: int


@dataclass(eq=False)
class TemplateNotFound(NotFound):
    template_id: int


@dataclass(eq=False)
class LegalBasisMissing(StepRefused):
    """Every published answer names the law it relies on."""

    step: ClassVar[str] = "legal_basis"


@dataclass(eq=False)
class QuestionTooLong(StepRefused):
    step: ClassVar[str] = "question"


@dataclass(eq=False)
class AnswerTooLong(StepRefused):
    step: ClassVar[str] = "answer"


@dataclass(eq=False)
class AnswerAlreadyRated(Conflict):
    answer_id: int


@dataclass(eq=False)
class AnswerNotRated(Conflict):
    """Rated only by someone it answered (from the suggestions)."""

    answer_id: int


@dataclass(eq=False)
class TopicNotChosen(InvalidInput):
    """A topic is picked with the buttons (a typed word is not a topic)."""


@dataclass(eq=False)
class TemplateRetired(Conflict):
    """Retired already (a second press, or someone else did it): never offered again."""


@dataclass(eq=False)
class TemplateTitleEmpty(InvalidInput):
    pass


@dataclass(eq=False)
class TemplateTextEmpty(InvalidInput):
    pass


@dataclass(eq=False)
class TemplateTitleTooLong(InvalidInput):
    limit: int
    length: int


@dataclass(eq=False)
class TemplateTextTooLong(InvalidInput):
    limit: int
    length: int
