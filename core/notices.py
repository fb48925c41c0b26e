"""Notices: messages to someone other than the sender of the update, described as data.

A service says what happened, to whom, about which record; it never writes the
sentence. Declare one per kind of news in the feature's service package:

    @dataclass(kw_only=True)
    class ConsultationTaken(Notice):
        consultation_id: int
        lawyer_name: str

`services.notify.notify(session, notice, now=...)` stores it as an outbox row
(committed with the change it reports); the outbox worker renders it with the
feature's view (`bot/views/<feature>.py`, `NOTICES`) when it sends it, so the
wording lives in one place and the row survives restarts as plain JSON.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(kw_only=True)
class Notice:
    chat_id: int
    # Kinds by name, filled as subclasses are defined (for reading rows back).
    kinds: ClassVar[dict[str, type[Notice]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        known = Notice.kinds.get(cls.__name__)
        if known is not None and (known.__module__, known.__qualname__) != (cls.__module__, cls.__qualname__):
            # Rows keep the kind by name: two kinds of one name could not be read back.
            raise TypeError(f"notice kind {cls.__name__} is defined twice: {known.__module__} and {cls.__module__}")
        Notice.kinds[cls.__name__] = cls

    @classmethod
    def kind(cls) -> str:
        return cls.__name__

    def payload(self) -> dict[str, Any]:
        """JSON-ready fields (without chat_id, which is a column of the row)."""
        data = dataclasses.asdict(self)
        data.pop("chat_id")
        return data

    @staticmethod
    def restore(kind: str, chat_id: int, payload: dict[str, Any]) -> Notice:
        cls = Notice.kinds.get(kind)
        if cls is None:
            raise KeyError(f"unknown notice kind {kind!r}")
        return cls(chat_id=chat_id, **payload)


@dataclass(kw_only=True)
class EditNotice(Notice):
    """Replaces a message the bot sent before, the one an earlier outbox row became.

    Queued with `notify(..., edits=<that row's id>)`; the outbox fills in `message_id`
    when it goes out (after that row, as messages to one chat keep their order).
    """

    message_id: int = 0
