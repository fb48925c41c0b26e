"""What a person is composing: several messages and files make one text (a question, an answer...)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from typing_extensions import TypedDict  # pydantic (the FSM data) needs it on Python < 3.12

from services.hotline.errors import DraftTooLong, TooManyFiles
from services.text import tg_len

# Counted as Telegram counts (UTF-16 code units), like every other length the person meets.
QUESTION_MAX_UNITS = 20_000
MAX_ATTACHMENTS = 10


class Purpose(StrEnum):
    """What the text is for (the values are stored in drafts being composed: keep them)."""

    ASK = "ask"  # a new question (the consultation does not exist yet)
    ANSWER = "answer"
    CLARIFY = "clarify"  # the lawyer asks the official to clarify
    REPLY = "reply"  # the official replies to that
    FOLLOW_UP = "follow_up"  # the official asks more after an answer


LAWYER_PURPOSES = (Purpose.ANSWER, Purpose.CLARIFY)


class Attachment(TypedDict):
    """A file sent to the bot, re-sent later by its Telegram file_id (stored in events as is)."""

    type: Literal["document", "photo"]
    file_id: str
    file_name: str | None


def _joined(parts: list[str]) -> str:
    return "\n\n".join(p for p in parts if p)


@dataclass
class Draft:
    parts: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _joined(self.parts)

    @property
    def size(self) -> int:
        """The text's length as Telegram counts it."""
        return tg_len(self.text)

    @property
    def is_empty(self) -> bool:
        return not self.text.strip() and not self.attachments

    def add(self, text: str | None, attachment: Attachment | None) -> None:
        """Adds a part, or raises without changing the draft."""
        if tg_len(_joined([*self.parts, text or ""])) > QUESTION_MAX_UNITS:
            raise DraftTooLong(limit=QUESTION_MAX_UNITS)
        if attachment is not None and len(self.attachments) >= MAX_ATTACHMENTS:
            raise TooManyFiles(limit=MAX_ATTACHMENTS)
        if text:
            self.parts.append(text)
        if attachment is not None:
            self.attachments.append(attachment)
