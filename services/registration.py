"""Registration of officials: validation and the user record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import registration as t
from storage.models import User
from storage.repositories import users as users_repo

NAME_MAX = 200
PHONE_RE = re.compile(r"^\+?\d{9,15}$")


class InvalidField(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clean_text_field(value: str | None, *, min_len: int = 2, max_len: int = NAME_MAX) -> str:
    if value is None:
        raise InvalidField(t.NEED_TEXT)
    cleaned = " ".join(value.split())
    if len(cleaned) < min_len:
        raise InvalidField(t.TEXT_TOO_SHORT)
    if len(cleaned) > max_len:
        raise InvalidField(t.TEXT_TOO_LONG.format(limit=max_len))
    return cleaned


def clean_phone(value: str) -> str:
    digits = re.sub(r"[^\d+]", "", value)
    if not digits.startswith("+"):
        digits = "+" + digits
    if not PHONE_RE.match(digits):
        raise InvalidField(t.FOREIGN_CONTACT)
    return digits


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
