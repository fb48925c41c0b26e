"""Personal data as people see it: the consent text and its version, the access log, the erasure notice."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

from aiogram.methods import EditMessageText, SendMessage, TelegramMethod

from bot.texts import hotline as th
from bot.texts import privacy as t
from bot.texts import registration as tr
from bot.views.hotline import local_time, plural
from core.settings import Settings
from services.privacy.audit import AuditLine, AuditWording
from services.privacy.mydata import MyDataWording
from services.privacy.notices import ConsultationWithdrawn, OfferErased
from services.text import quote, split_text


def consent_text(settings: Settings) -> str:
    return consent_text_for(settings.privacy_contact, settings.retention_years, settings.backup_keep_days)


def consent_text_for(contact: str, retention_years: int, backup_keep_days: int) -> str:
    shown = quote(contact) if contact.strip() else tr.CONTACT_IN_BOT
    years = plural(retention_years, tr.YEARS)
    return tr.CONSENT.format(contact=shown, years=years, backup_days=backup_keep_days)


def version_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def consent_version(settings: Settings) -> str:
    """The version of the consent as people read it: a changed template, contact or period makes a new one,
    and everyone registered is asked again. Asked on every update (the consent gate): computed once."""
    return _version_for(settings.privacy_contact, settings.retention_years, settings.backup_keep_days)


@lru_cache(maxsize=8)
def _version_for(contact: str, retention_years: int, backup_keep_days: int) -> str:
    return version_of(consent_text_for(contact, retention_years, backup_keep_days))


def consent_again(settings: Settings) -> str:
    return f"{t.CONSENT_CHANGED}\n\n{consent_text(settings)}"


# --- the access log --------------------------------------------------------------------------


def audit_subject(subject: str, subject_id: int | None) -> str:
    if not subject or subject_id is None:
        return ""
    return t.AUDIT_SUBJECT.format(kind=t.SUBJECTS.get(subject, subject), id=subject_id)


def audit_actor(line: AuditLine) -> str:
    if line.entry.actor_id is None:
        return t.AUDIT_SYSTEM
    return quote(line.actor_name or str(line.entry.actor_id))


def audit_list(lines: list[AuditLine], settings: Settings) -> list[str]:
    if not lines:
        return [t.AUDIT_EMPTY]
    out = [t.AUDIT_HEADER.format(count=len(lines))]
    for line in lines:
        entry = line.entry
        out.append(
            t.AUDIT_LINE.format(
                time=local_time(entry.created_at, settings),
                actor=audit_actor(line),
                action=t.ACTIONS.get(entry.action, quote(entry.action)),
                subject=audit_subject(entry.subject, entry.subject_id),
                detail=f" · {quote(entry.detail)}" if entry.detail else "",
            )
        )
    return split_text("\n".join(out))


AUDIT_WORDING = AuditWording(
    sheet=t.AUDIT_SHEET, headers=t.AUDIT_HEADERS, actions=t.ACTIONS, subjects=t.SUBJECTS, system=t.AUDIT_SYSTEM
)


def audit_file_name(now: datetime, settings: Settings) -> str:
    return t.AUDIT_FILE_STEM.format(date=file_date(now, settings)) + ".xlsx"


def file_date(now: datetime, settings: Settings) -> str:
    return f"{now.astimezone(settings.tz):%Y-%m-%d}"


MYDATA_WORDING = MyDataWording(
    sheets=t.MYDATA_SHEETS,
    profile_header=t.MYDATA_PROFILE_HEADER,
    profile_labels=t.MYDATA_PROFILE_LABELS,
    consultation_header=t.MYDATA_CONSULTATION_HEADER,
    event_header=t.MYDATA_EVENT_HEADER,
    subscription_header=t.MYDATA_SUBSCRIPTION_HEADER,
    training_header=t.MYDATA_TRAINING_HEADER,
    helped_header=t.MYDATA_HELPED_HEADER,
    status={status.value: name for status, name in th.STATUS.items()},
    event={kind.value: name for kind, name in th.EVENT.items()},
    registration=t.REGISTRATION_STATUS,
    who=t.WHO,
    all_topics=t.ALL_TOPICS,
    yes=t.YES,
)


def mydata_names(now: datetime, settings: Settings) -> tuple[str, str]:
    stem = t.MYDATA_FILE_STEM.format(date=file_date(now, settings))
    return f"{stem}.json", f"{stem}.xlsx"


# --- notices ---------------------------------------------------------------------------------


def consultation_withdrawn(notice: ConsultationWithdrawn) -> SendMessage:
    return SendMessage(chat_id=notice.chat_id, text=t.WITHDRAWN_NOTICE.format(number=notice.consultation_id))


def offer_erased(notice: OfferErased) -> EditMessageText:
    return EditMessageText(
        chat_id=notice.chat_id, message_id=notice.message_id, text=t.OFFER_ERASED.format(number=notice.consultation_id)
    )


NOTICES: dict[type[Any], Callable[[Any], TelegramMethod[Any]]] = {
    ConsultationWithdrawn: consultation_withdrawn,
    OfferErased: offer_erased,
}


def _default_consent_settings() -> tuple[str, int, int]:
    fields = Settings.model_fields
    return (
        str(fields["privacy_contact"].default),
        int(fields["retention_years"].default),
        int(fields["backup_keep_days"].default),
    )


def default_consent_text() -> str:
    """The consent under the default settings (no contact set, the default periods): for tools and tests."""
    return consent_text_for(*_default_consent_settings())


def default_consent_version() -> str:
    """The version of `default_consent_text`."""
    return _version_for(*_default_consent_settings())
