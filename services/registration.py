"""Registration of officials: what they answer is checked here, then their user record is completed.

After the consent come four questions (`STEPS`: name, position, community,
region) and a summary where any answer can be changed before it is confirmed;
the phone (optional) is given at the summary, and giving it confirms. The draft travels between the questions; a
refused answer leaves it as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from pydantic import BaseModel, field_validator
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import InvalidInput
from knowledge import Knowledge
from services.forms import Choice, FormSpec, Step
from storage.models import User
from storage.repositories import users as users_repo

NAME_MAX = 200
PHONE_RE = re.compile(r"^\+\d{9,15}$")
# What a typed phone number may contain besides digits: "+38 (067) 123-45-67".
PHONE_CHARS_RE = re.compile(r"^\+?[\d\s().\-]+$")
UA_PREFIX = "+380"
UA_LENGTH = len("+380671234567")

FULL_NAME, POSITION, COMMUNITY, REGION, PHONE = "full_name", "position", "community", "region", "phone"
STEPS = (FULL_NAME, POSITION, COMMUNITY, REGION, PHONE)
FORM_NAME = "registration"


# --- refusals ----------------------------------------------------------------------


@dataclass(eq=False)
class TextRequired(InvalidInput):
    """A sticker, a photo... where a typed answer is needed."""


@dataclass(eq=False)
class TextTooShort(InvalidInput):
    min_len: int


@dataclass(eq=False)
class TextTooLong(InvalidInput):
    limit: int


@dataclass(eq=False)
class NotOwnPhone(InvalidInput):
    """Someone else's contact, or a number that is not a phone number."""


@dataclass(eq=False)
class InvalidPhone(InvalidInput):
    """A typed phone number that is not one."""


@dataclass(eq=False)
class UnknownRegion(InvalidInput):
    code: str


@dataclass(eq=False)
class ConsentMissing(InvalidInput):
    """Answers confirmed without a consent (a draft from an older version of the dialog)."""


@dataclass(eq=False)
class AnswerMissing(InvalidInput):
    """A question left unanswered at the summary (a draft from an older version of the dialog)."""

    step: str


# --- answers -----------------------------------------------------------------------


def clean_text_field(value: str | None, *, min_len: int = 2, max_len: int = NAME_MAX) -> str:
    if value is None:
        raise TextRequired()
    cleaned = " ".join(value.split())
    if len(cleaned) < min_len:
        raise TextTooShort(min_len=min_len)
    if len(cleaned) > max_len:
        raise TextTooLong(limit=max_len)
    return cleaned


def clean_phone(value: str) -> str:
    """A number Telegram shared (international digits, the plus often left out)."""
    digits = re.sub(r"[^\d+]", "", value)
    if not digits.startswith("+"):
        digits = "+" + digits
    if not PHONE_RE.match(digits):
        raise NotOwnPhone()
    return digits


def typed_phone(value: str) -> str:
    """A number the person typed, in any usual Ukrainian form, as +380…: 067 123 45 67, 8 067…, +380…"""
    text = value.strip()
    if not PHONE_CHARS_RE.match(text):
        raise InvalidPhone()
    digits = re.sub(r"\D", "", text)
    if text.startswith("+") or digits.startswith("380"):
        phone = "+" + digits
    elif digits.startswith("80") and len(digits) == 11:
        phone = "+3" + digits
    elif digits.startswith("0") and len(digits) == 10:
        phone = "+38" + digits
    elif len(digits) == 9:
        phone = UA_PREFIX + digits
    else:
        raise InvalidPhone()
    if not PHONE_RE.match(phone) or (phone.startswith(UA_PREFIX) and len(phone) != UA_LENGTH):
        raise InvalidPhone()
    return phone


def own_phone(phone_number: str, *, contact_user_id: int | None, sender_id: int) -> str:
    """A shared contact is taken only when it is the sender's own."""
    if contact_user_id != sender_id:
        raise NotOwnPhone()
    return clean_phone(phone_number)


def region_code(code: str, knowledge: Knowledge) -> str:
    if knowledge.region(code) is None:
        raise UnknownRegion(code=code)
    return code


# --- the draft and its steps -------------------------------------------------------------


class RegistrationDraft(BaseModel):
    """What the person has answered so far."""

    consent_at: datetime | None = None
    consent_version: str | None = None  # of the text the person agreed to
    full_name: str | None = None
    position: str | None = None
    community: str | None = None
    region_code: str | None = None
    phone: str | None = None
    phone_answered: bool = False  # a number given or the question skipped

    @field_validator("full_name", "position", "community", "region_code", "phone", mode="before")
    @classmethod
    def _blank_is_unanswered(cls, value: Any) -> Any:
        return None if value == "" else value  # drafts stored before the summary used ""

    def answered(self, step: str) -> bool:
        if step == PHONE:
            return self.phone_answered
        return getattr(self, "region_code" if step == REGION else step) is not None


def _text_step(name: str, *, min_len: int) -> Step[RegistrationDraft]:
    def read(draft: RegistrationDraft, value: str) -> RegistrationDraft:
        return draft.model_copy(update={name: clean_text_field(value, min_len=min_len)})

    return Step(name, read, filled=lambda draft: draft.answered(name))


def _read_phone(draft: RegistrationDraft, value: str) -> RegistrationDraft:
    """A number (typed, or a shared contact already checked by `own_phone`); "" skips the question."""
    phone = typed_phone(value) if value else None
    return draft.model_copy(update={"phone": phone, "phone_answered": True})


def _check(draft: RegistrationDraft) -> None:
    if draft.consent_at is None:
        raise ConsentMissing()
    for step in STEPS:
        if step != PHONE and not draft.answered(step):  # the phone is optional: given at the summary or not
            raise AnswerMissing(step=step)


def registration_form(knowledge: Knowledge) -> FormSpec[RegistrationDraft]:
    def read_region(draft: RegistrationDraft, value: str) -> RegistrationDraft:
        return draft.model_copy(update={"region_code": region_code(value, knowledge)})

    def regions(_draft: RegistrationDraft) -> list[Choice]:
        return [Choice(region.code, region.title) for region in knowledge.regions]

    return FormSpec(
        name=FORM_NAME,
        draft_type=RegistrationDraft,
        steps=(
            _text_step(FULL_NAME, min_len=3),
            _text_step(POSITION, min_len=2),
            _text_step(COMMUNITY, min_len=2),
            Step(REGION, read_region, choices=regions, filled=lambda draft: draft.answered(REGION)),
            Step(PHONE, _read_phone, optional=True, filled=lambda draft: draft.answered(PHONE)),
        ),
        check=_check,
    )


# --- completing --------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationForm:
    full_name: str
    position: str
    community: str
    region_code: str
    phone: str | None
    consent_at: datetime
    consent_version: str | None = None

    @classmethod
    def of(cls, draft: RegistrationDraft) -> RegistrationForm:
        """The confirmed draft; refused when the consent or an answer is missing."""
        _check(draft)
        return cls(**draft.model_dump(include={field.name for field in fields(cls)}))


async def complete_registration(
    session: AsyncSession, *, telegram_id: int, username: str | None, form: RegistrationForm, now: datetime
) -> User:
    """Fills the user's record; a lawyer added by an admin before registering keeps the role."""
    user = await users_repo.get_or_create(session, telegram_id)
    user.username = username
    user.full_name = form.full_name
    user.position = form.position
    user.community = form.community
    user.region_code = form.region_code
    user.phone = form.phone
    user.consent_at = form.consent_at
    user.consent_version = form.consent_version
    user.registered_at = user.registered_at or now
    await session.flush()
    return user
