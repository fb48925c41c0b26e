"""The consent a person accepted, and whether the text shown now is another one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.privacy.errors import ConsentCurrent
from storage.models import User


def needs_consent(user: User | None, version: str) -> bool:
    """A registered person who accepted another version of the text (or none recorded) is asked again."""
    return user is not None and user.is_registered and user.forgotten_at is None and user.consent_version != version


async def accept(session: AsyncSession, user: User, *, version: str, now: datetime) -> User:
    if user.consent_version == version:
        raise ConsentCurrent()
    user.consent_version = version
    user.consent_at = now
    await session.flush()
    return user
