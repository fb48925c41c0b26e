"""What the trainings feature tells participants on its own, as data (wording: `bot/views/trainings.py`, NOTICES)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from core.notices import Notice
from storage.models import Training, TrainingFormat


@dataclass(kw_only=True)
class AboutTraining:
    """The facts about the training that its notices show (the row is read back as JSON)."""

    training_id: int
    title: str
    starts_at: datetime  # aware, in the bot's time zone: shown as it is
    link: str | None = None  # online: the link (told to registered participants only)
    address: str | None = None  # in person

    def __post_init__(self) -> None:
        if isinstance(self.starts_at, str):  # read back from the outbox row
            self.starts_at = datetime.fromisoformat(self.starts_at)

    def payload(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data.pop("chat_id", None)
        data["starts_at"] = self.starts_at.isoformat()
        return data


def about(training: Training, tz: tzinfo) -> dict[str, Any]:
    """The `AboutTraining` fields of a training, for building any of its notices."""
    online = training.format == TrainingFormat.ONLINE
    return {
        "training_id": training.id,
        "title": training.title,
        "starts_at": training.starts_at.astimezone(tz),
        "link": training.link if online else None,
        "address": None if online else training.address or "",
    }


@dataclass(kw_only=True)
class TrainingSeatGiven(AboutTraining, Notice):
    """A seat was freed and went to this participant, first on the waitlist."""


@dataclass(kw_only=True)
class TrainingReminder(AboutTraining, Notice):
    hours_before: int  # 24 or 1


@dataclass(kw_only=True)
class TrainingChanged(AboutTraining, Notice):
    """Its time or place changed (told to registered participants)."""


@dataclass(kw_only=True)
class TrainingCancelled(AboutTraining, Notice):
    """Cancelled by an admin (told to everyone with a seat or on the waitlist)."""
