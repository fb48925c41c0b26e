"""All models, imported here so that `Base.metadata` knows every table.

A feature adds its module here (and its Alembic migration).
"""

from storage.models.base import Base, utcnow
from storage.models.consultations import (
    Consultation,
    ConsultationEvent,
    ConsultationStatus,
    EventKind,
)
from storage.models.jobs import FsmRecord, JobState, OutboxMessage, OutboxState, ScheduledJob
from storage.models.users import LawyerTopic, Role, User

__all__ = [
    "Base",
    "Consultation",
    "ConsultationEvent",
    "ConsultationStatus",
    "EventKind",
    "FsmRecord",
    "JobState",
    "LawyerTopic",
    "OutboxMessage",
    "OutboxState",
    "Role",
    "ScheduledJob",
    "User",
    "utcnow",
]
