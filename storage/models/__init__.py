"""All models, imported here so that `Base.metadata` knows every table.

A feature adds its module here (and its Alembic migration).
"""

from core.roles import Role
from storage.models.answers import (
    AnswerEvent,
    AnswerEventKind,
    AnswerStatus,
    AnswerTemplate,
    AnswerTemplateEvent,
    AnswerTerm,
    AnswerVector,
    PublishedAnswer,
    TemplateEventKind,
)
from storage.models.base import Base, utcnow
from storage.models.consultations import (
    Consultation,
    ConsultationEvent,
    ConsultationStatus,
    EventKind,
)
from storage.models.indicators import (
    ComputedYearValue,
    ConsultationMonthStats,
    ConsultationStatsMonth,
    IndicatorValue,
    IndicatorValueChange,
    ValueKind,
)
from storage.models.jobs import FsmRecord, JobState, OutboxMessage, OutboxState, ScheduledJob
from storage.models.newsletters import (
    ALL_TOPICS,
    ContentKind,
    DeliveryState,
    Newsletter,
    NewsletterDelivery,
    NewsletterStatus,
    Subscription,
)
from storage.models.ops import SendSlot, WorkerHeartbeat
from storage.models.privacy import AuditEntry
from storage.models.staff import StaffEvent
from storage.models.trainings import (
    RegistrationStatus,
    Training,
    TrainingAudience,
    TrainingEvent,
    TrainingEventKind,
    TrainingFormat,
    TrainingKind,
    TrainingRegistration,
    TrainingStatus,
)
from storage.models.users import LawyerTopic, User

__all__ = [
    "ALL_TOPICS",
    "AnswerEvent",
    "AnswerEventKind",
    "AnswerStatus",
    "AnswerTemplate",
    "AnswerTemplateEvent",
    "AnswerTerm",
    "AnswerVector",
    "AuditEntry",
    "Base",
    "ComputedYearValue",
    "Consultation",
    "ConsultationEvent",
    "ConsultationMonthStats",
    "ConsultationStatsMonth",
    "ConsultationStatus",
    "ContentKind",
    "DeliveryState",
    "EventKind",
    "FsmRecord",
    "IndicatorValue",
    "IndicatorValueChange",
    "JobState",
    "LawyerTopic",
    "Newsletter",
    "NewsletterDelivery",
    "NewsletterStatus",
    "OutboxMessage",
    "OutboxState",
    "PublishedAnswer",
    "RegistrationStatus",
    "Role",
    "ScheduledJob",
    "SendSlot",
    "StaffEvent",
    "Subscription",
    "TemplateEventKind",
    "Training",
    "TrainingAudience",
    "TrainingEvent",
    "TrainingEventKind",
    "TrainingFormat",
    "TrainingKind",
    "TrainingRegistration",
    "TrainingStatus",
    "User",
    "ValueKind",
    "WorkerHeartbeat",
    "utcnow",
]
