"""What a person is composing: several messages and files make one text (a question, an answer...)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from typing_extensions import TypedDict  # pydantic (the FSM data) needs it on Python < 3.12

from services.hotline.errors import DraftTooLong, TooManyFiles

QUESTION_MAX_CHARS = 20_000
MAX_ATTACHMENTS = 10


class Attachment(TypedDict):
    """A file sent to the bot, re-sent later by its Telegram file_id (stored in events as is)."""

    type: Literal["document", "photo"]
    file_id: str
    file_name: str | None


@dataclass
class Draft:
    parts: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p for p in self.parts if p)

    @property
    def is_empty(self) -> bool:
        return not self.text.strip() and not self.attachments

    def add(self, text: str | None, attachment: Attachment | None) -> None:
        """Adds a part, or raises without changing the draft."""
        new_text = "\n\n".join(p for p in [*self.parts, text or ""] if p)
        if len(new_text) > QUESTION_MAX_CHARS:
            raise DraftTooLong(limit=QUESTION_MAX_CHARS)
        if attachment is not None and len(self.attachments) >= MAX_ATTACHMENTS:
            raise TooManyFiles(limit=MAX_ATTACHMENTS)
        if text:
            self.parts.append(text)
        if attachment is not None:
            self.attachments.append(attachment)
