"""Rate limit for error reports, so an outage does not flood the admins' chat.

At most one report per error type per window; the next report says how many
were held back. The state is per process: with several instances each may
report once per window.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories import outbox as outbox_repo


@dataclass
class _Seen:
    reported_at: datetime
    suppressed: int = 0


class ErrorReportLimiter:
    def __init__(self, window: timedelta) -> None:
        self.window = window
        self._seen: dict[str, _Seen] = {}

    def admit(self, key: str, now: datetime) -> int | None:
        """None: hold this one back. Otherwise report it, with this many held back before it."""
        seen = self._seen.get(key)
        if seen is not None and now - seen.reported_at < self.window:
            seen.suppressed += 1
            return None
        suppressed = seen.suppressed if seen is not None else 0
        self._seen[key] = _Seen(reported_at=now)
        return suppressed


def error_key(exc: BaseException) -> str:
    cls = type(exc)
    return f"{cls.__module__}.{cls.__qualname__}"


def error_origin(exc: BaseException) -> str:
    """Where it was raised: the innermost frame, the path cut to the last two parts."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    frame = frames[-1]
    path = "/".join(Path(frame.filename).parts[-2:])
    return f"{path}:{frame.lineno} in {frame.name}"


async def queue_report(session_pool: async_sessionmaker[AsyncSession], chat_id: int, text: str, now: datetime) -> None:
    """The report goes through the outbox, in a short transaction of its own (the update's was rolled back)."""
    async with session_pool() as session:
        await outbox_repo.enqueue(
            session, chat_id=chat_id, method="sendMessage", params={"text": text}, purpose="error_report", now=now
        )
        await session.commit()
