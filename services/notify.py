"""Messages the bot sends on its own, as outbox rows committed with the change."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.notices import Notice
from services.text import CAPTION_LIMIT, MESSAGE_LIMIT, quote, split_text
from storage.repositories import outbox


async def send_text(
    session: AsyncSession,
    chat_id: int,
    text: str,
    *,
    now: datetime,
    purpose: str = "",
    consultation_id: int | None = None,
) -> None:
    """Sends HTML `text`; longer than one message, it goes in parts."""
    parts = split_text(text, MESSAGE_LIMIT)
    for part in parts:
        params: dict[str, Any] = {"text": part}
        await outbox.enqueue(
            session,
            chat_id=chat_id,
            method="sendMessage",
            params=params,
            purpose=purpose,
            consultation_id=consultation_id,
            now=now,
        )


async def send_attachments(
    session: AsyncSession,
    chat_id: int,
    attachments: Sequence[Mapping[str, Any]],
    *,
    now: datetime,
    caption: str | None = None,
    purpose: str = "",
    consultation_id: int | None = None,
) -> None:
    """Re-sends files by their Telegram file_id (valid for this bot)."""
    for attachment in attachments:
        method, field = ("sendPhoto", "photo") if attachment.get("type") == "photo" else ("sendDocument", "document")
        params: dict[str, Any] = {field: attachment["file_id"]}
        if caption:
            params["caption"] = caption[:CAPTION_LIMIT]
        await outbox.enqueue(
            session,
            chat_id=chat_id,
            method=method,
            params=params,
            purpose=purpose,
            consultation_id=consultation_id,
            now=now,
        )


async def send_to_many(
    session: AsyncSession,
    chat_ids: Iterable[int],
    text: str,
    *,
    now: datetime,
    purpose: str = "",
    consultation_id: int | None = None,
) -> int:
    count = 0
    for chat_id in dict.fromkeys(chat_ids):
        await send_text(session, chat_id, text, now=now, purpose=purpose, consultation_id=consultation_id)
        count += 1
    return count


NOTICE_METHOD = "notice"  # an outbox row whose params are a notice, rendered when sent


async def notify(
    session: AsyncSession,
    notice: Notice,
    *,
    now: datetime,
    purpose: str = "",
    consultation_id: int | None = None,
    edits: int | None = None,
) -> None:
    """Queues a notice (data, not text) for its recipient, in the caller's transaction.

    `edits`: the id of the outbox row whose message an `EditNotice` replaces.
    """
    params: dict[str, Any] = {"kind": notice.kind(), "data": notice.payload()}
    if edits is not None:
        params["edits"] = edits
    await outbox.enqueue(
        session,
        chat_id=notice.chat_id,
        method=NOTICE_METHOD,
        params=params,
        purpose=purpose,
        consultation_id=consultation_id,
        now=now,
    )


__all__ = ["NOTICE_METHOD", "notify", "quote", "send_attachments", "send_text", "send_to_many"]
