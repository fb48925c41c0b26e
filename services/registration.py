"""Registration of officials: what they type is checked here, then their user record is completed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import InvalidInput
from knowledge import Knowledge
from storage.models import User
from storage.repositories import users as users_repo

NAME_MAX = 200
PHONE_RE = re.compile(r"^\+?\d{9,15}$")


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
class UnknownRegion(InvalidInput):
    code: str


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
    digits = re.sub(r"[^\d+]", "", value)
    if not digits.startswith("+"):
        digits = "+" + digits
    if not PHONE_RE.match(digits):
        raise NotOwnPhone()
    return digits


def own_phone(phone_number: str, *, contact_user_id: int | None, sender_id: int) -> str:
    """A shared contact is taken only when it is the sender's own."""
    if contact_user_id != sender_id:
        raise NotOwnPhone()
    return clean_phone(phone_number)


def region_code(code: str, knowledge: Knowledge) -> str:
    if knowledge.region(code) is None:
        raise UnknownRegion(code=code)
    return code


@dataclass(frozen=True)
class RegistrationForm:
    full_name: str
    position: str
    community: str
    region_code: str
    phone: str | None
    consent_at: datetime


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
    user.registered_at = user.registered_at or now
    await session.flush()
    return user
