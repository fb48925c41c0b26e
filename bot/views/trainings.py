"""Trainings as people see them: cards, lists, confirmations, the form's summary, exports and notices."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from aiogram.methods import SendMessage, TelegramMethod
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.text_decorations import html_decoration as hd

from bot.callbacks.trainings import TrainingAction, TrainingAdminAction, TrainingAdminCb, TrainingCb
from bot.keyboards import trainings as kb
from bot.texts import trainings as t
from bot.views.grammar import agree
from core.notices import Notice
from knowledge import Knowledge
from services.forms import Choice
from services.trainings.browse import AttendanceList, Card, Catalogue, Mine, Participants, Scope
from services.trainings.form import DAY_BEFORE, NO_LIMIT, UNTIL_START, TrainingDraft, draft_of
from services.trainings.notices import (
    AboutTraining,
    TrainingCancelled,
    TrainingChanged,
    TrainingReminder,
    TrainingSeatGiven,
)
from storage.models import RegistrationStatus, Training, TrainingFormat, TrainingRegistration

FIELD_MAX = 80  # per field in the participants list: ten lines always fit one message
FILE_TITLE_MAX = 60


@dataclass(frozen=True)
class Screen:
    text: str
    markup: InlineKeyboardMarkup | None = None


def local(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%d.%m.%Y %H:%M")


def duration_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return t.HOURS_MINUTES.format(h=hours, m=rest)
    return t.HOURS.format(h=hours) if hours else t.MINUTES.format(m=rest)


# --- the card --------------------------------------------------------------------------


def _place(draft: TrainingDraft, *, show_link: bool) -> str:
    if draft.format == TrainingFormat.ONLINE:
        if show_link and draft.link:
            return t.PLACE_ONLINE_LINK.format(link=hd.quote(draft.link))
        return t.PLACE_ONLINE
    return t.PLACE_OFFLINE.format(address=hd.quote(draft.address or ""))


def card_text(
    draft: TrainingDraft,
    *,
    knowledge: Knowledge,
    tz: tzinfo,
    show_link: bool,
    seats_taken: int | None,
    waiting: int | None = None,
) -> str:
    """A training's card, or the card a draft would make (`seats_taken` None: nobody could sign up yet)."""
    if seats_taken is None:
        seats = t.SEATS_UNLIMITED_NEW if draft.capacity is None else t.SEATS_LIMITED_NEW.format(capacity=draft.capacity)
    elif draft.capacity is None:
        seats = t.SEATS_UNLIMITED.format(taken=seats_taken)
    else:
        seats = t.SEATS_LIMITED.format(taken=seats_taken, capacity=draft.capacity)
    if waiting:
        seats += t.SEATS_WAITLIST.format(waiting=waiting)
    council = ""
    if draft.council_community:
        council = t.COUNCIL_LINE.format(
            community=hd.quote(draft.council_community),
            region=hd.quote(knowledge.region_title(draft.council_region_code)),
        )
    starts_at = draft.starts_at
    deadline = draft.registration_deadline or starts_at
    return t.CARD.format(
        title=hd.quote(draft.title or ""),
        kind=t.KIND_TITLES.get(draft.kind or "", ""),
        audience=t.AUDIENCE_TITLES.get(draft.audience or "", ""),
        when=local(starts_at, tz) if starts_at else "",
        duration=duration_text(draft.duration_minutes or 0),
        place=_place(draft, show_link=show_link),
        topic=hd.quote(knowledge.topic_title(draft.topic_code)) if draft.topic_code else t.NO_TOPIC,
        council=council,
        seats=seats,
        deadline=local(deadline, tz) if deadline else t.UNTIL_START,
    )


def card_screen(card: Card, *, knowledge: Knowledge, tz: tzinfo, page: int = 0, notice: str = "") -> Screen:
    training = card.training
    text = card_text(
        draft_of(training),
        knowledge=knowledge,
        tz=tz,
        show_link=card.is_admin or card.status == RegistrationStatus.REGISTERED,
        seats_taken=training.seats_taken,
        waiting=card.waiting if card.is_admin else None,
    )
    if card.cancelled:
        text += t.CARD_CANCELLED
    elif card.status == RegistrationStatus.REGISTERED:
        text += t.CARD_YOU_REGISTERED
    elif card.status == RegistrationStatus.WAITLISTED:
        text += t.CARD_YOU_WAITLISTED.format(position=card.waitlist_position)
    elif not card.open:
        text += t.CARD_CLOSED
    if card.is_admin:
        text += t.CARD_ADMIN.format(code=training.attendance_code)
    return Screen(f"{notice}\n\n{text}" if notice else text, kb.card(card, page=page))


# --- lists -----------------------------------------------------------------------------


def catalogue_screen(listing: Catalogue, *, tz: tzinfo) -> Screen:
    if listing.scope == Scope.PAST:
        header, empty = t.LIST_PAST, t.LIST_PAST_EMPTY
    else:
        header, empty = t.LIST_UPCOMING, t.LIST_EMPTY
    page = listing.page
    text = header.format(page=page.number + 1, pages=page.count) if listing.trainings else empty
    return Screen(text, kb.catalogue(listing, tz=tz))


def mine_screen(mine: Mine, *, tz: tzinfo) -> Screen:
    return Screen(t.MY_LIST if mine.registrations else t.MY_EMPTY, kb.mine(mine, tz=tz))


def participants_screen(listing: Participants) -> Screen:
    counts = listing.counts
    lines = [
        t.PARTICIPANTS.format(
            title=hd.quote(listing.training.title),
            registered=counts[RegistrationStatus.REGISTERED],
            waiting=counts[RegistrationStatus.WAITLISTED],
            cancelled=counts[RegistrationStatus.CANCELLED],
        )
    ]
    for n, r in enumerate(listing.registrations, start=listing.first_number):
        lines.append(
            t.PARTICIPANT_LINE.format(
                n=n,
                name=hd.quote(r.user.full_name[:FIELD_MAX]),
                position=hd.quote(r.user.position[:FIELD_MAX]),
                community=hd.quote(r.user.community[:FIELD_MAX]),
                status=t.STATUS_TITLES[r.status],
                attended=agree(r.user.full_name, *t.ATTENDED_MARK) if r.attended else "",
            )
        )
    if not listing.registrations:
        lines.append(t.PARTICIPANTS_NONE)
    return Screen("\n".join(lines), kb.participants(listing.training.id, listing.page))


def attendance_screen(listing: AttendanceList) -> Screen:
    if listing.total:
        text = t.ATTENDANCE.format(
            title=hd.quote(listing.training.title), attended=listing.attended, total=listing.total
        )
    else:
        text = t.ATTENDANCE_EMPTY
    return Screen(text, kb.attendance(listing))


def attendance_marked(registration: TrainingRegistration) -> str:
    template = t.ATTENDANCE_MARKED if registration.attended else t.ATTENDANCE_UNMARKED
    return template.format(name=registration.user.full_name)


# --- confirmations ----------------------------------------------------------------------


def confirm_sign_up(training: Training, *, tz: tzinfo, page: int) -> Screen:
    """Signing up, or (no seat left, as the card's «⏳ У список очікування» said) joining the waiting list."""
    full = training.capacity is not None and training.seats_taken >= training.capacity
    template, button = (
        (t.CONFIRM_WAITLIST, t.BTN_CONFIRM_WAITLIST) if full else (t.CONFIRM_SIGN_UP, t.BTN_CONFIRM_SIGN_UP)
    )
    text = template.format(title=hd.quote(training.title), when=local(training.starts_at, tz))
    yes = TrainingCb(action=TrainingAction.JOIN_OK, id=training.id, page=page)
    no = TrainingCb(action=TrainingAction.VIEW, id=training.id, page=page)
    return Screen(text, kb.confirm(button, yes, no))


def confirm_leave(training: Training, *, page: int) -> Screen:
    yes = TrainingCb(action=TrainingAction.LEAVE_OK, id=training.id, page=page)
    no = TrainingCb(action=TrainingAction.VIEW, id=training.id, page=page)
    return Screen(t.CONFIRM_LEAVE.format(title=hd.quote(training.title)), kb.confirm(t.BTN_CONFIRM_LEAVE, yes, no))


def confirm_cancel_training(training: Training) -> Screen:
    yes = TrainingAdminCb(action=TrainingAdminAction.CANCEL_OK, id=training.id)
    no = TrainingCb(action=TrainingAction.VIEW, id=training.id)
    text = t.CONFIRM_CANCEL_TRAINING.format(title=hd.quote(training.title))
    return Screen(text, kb.confirm(t.BTN_CONFIRM_CANCEL_TRAINING, yes, no))


def signed_up(training: Training, waitlist_position: int | None) -> str:
    if waitlist_position is None:
        return t.SIGNED_UP.format(title=hd.quote(training.title))
    return t.WAITLISTED.format(position=waitlist_position)


def left(training: Training) -> str:
    return t.LEFT.format(title=hd.quote(training.title))


def code_ok(training: Training) -> str:
    return t.CODE_OK.format(title=hd.quote(training.title))


# --- the create/edit form ------------------------------------------------------------------


def form_summary(draft: TrainingDraft, *, knowledge: Knowledge, tz: tzinfo) -> str:
    editing = draft.training_id is not None
    text = card_text(
        draft, knowledge=knowledge, tz=tz, show_link=True, seats_taken=draft.seats_taken if editing else None
    )
    return (t.FORM_EDIT if editing else t.FORM_NEW).format(card=text)


def form_prompts(now: datetime, tz: tzinfo) -> dict[str, str]:
    """The questions of the form; the example dates are tomorrow's, so never in the past."""
    tomorrow = now.astimezone(tz) + timedelta(days=1)
    start = tomorrow.replace(hour=t.EXAMPLE_START_HOUR, minute=0)
    deadline = tomorrow.replace(hour=t.EXAMPLE_DEADLINE_HOUR, minute=0)
    examples = {"tomorrow": start.strftime("%d.%m.%Y %H:%M"), "deadline": deadline.strftime("%d.%m.%Y %H:%M")}
    return {step: prompt.format(**examples) for step, prompt in t.PROMPTS.items()}


_CHOICE_WORDS: dict[str, dict[str, str]] = {
    "kind": t.KIND_TITLES,
    "audience": t.AUDIENCE_TITLES,
    "capacity": {NO_LIMIT: t.BTN_NO_LIMIT},
    "deadline": {UNTIL_START: t.BTN_UNTIL_START, DAY_BEFORE: t.BTN_DAY_BEFORE},
}


def choice_label(step: str, choice: Choice) -> str:
    """What a button of the form says (the service gives values and reference titles)."""
    if step == "duration":
        return duration_text(int(choice.value))
    if step == "region":
        return choice.label.replace(t.REGION_SUFFIX, t.REGION_SHORT)
    return _CHOICE_WORDS.get(step, {}).get(choice.value, choice.label)


# --- exports ---------------------------------------------------------------------------


def export_rows(registrations: list[TrainingRegistration], *, knowledge: Knowledge, tz: tzinfo) -> list[list[str]]:
    return [
        [
            r.user.full_name,
            r.user.position,
            r.user.community,
            knowledge.region_title(r.user.region_code),
            t.STATUS_TITLES[r.status],
            agree(r.user.full_name, *t.ATTENDED_YES) if r.attended else t.ATTENDED_NO,
            local(r.queued_at, tz),
        ]
        for r in registrations
    ]


def export_file_name(training: Training, *, tz: tzinfo, extension: str) -> str:
    title = re.sub(r'[\\/:*?"<>|\s]+', " ", training.title).strip()[:FILE_TITLE_MAX].strip()
    date = training.starts_at.astimezone(tz).strftime("%d.%m.%Y")
    return f"{t.EXPORT_FILE_NAME.format(date=date, title=title)}.{extension}"


def export_caption(training: Training) -> str:
    return t.EXPORT_CAPTION.format(title=hd.quote(training.title))


# --- notices (sent by the outbox worker) -----------------------------------------------------


def _place_line(notice: AboutTraining) -> str:
    if notice.link:
        return t.LINK_LINE.format(link=hd.quote(notice.link))
    if notice.address is not None:
        return t.ADDRESS_LINE.format(address=hd.quote(notice.address))
    return ""


def _message(notice: Notice, text: str) -> SendMessage:
    return SendMessage(chat_id=notice.chat_id, text=text)


def _facts(notice: AboutTraining) -> dict[str, Any]:
    return {
        "title": hd.quote(notice.title),
        "when": notice.starts_at.strftime("%d.%m.%Y %H:%M"),
        "time": notice.starts_at.strftime("%H:%M"),
        "place": _place_line(notice),
    }


def seat_given(notice: TrainingSeatGiven) -> SendMessage:
    return _message(notice, t.PROMOTED.format(**_facts(notice)))


def reminder(notice: TrainingReminder) -> SendMessage:
    template = {24: t.REMINDER_24H, 1: t.REMINDER_1H}.get(notice.hours_before, t.REMINDER_OTHER)
    return _message(notice, template.format(**_facts(notice)))


def changed(notice: TrainingChanged) -> SendMessage:
    return _message(notice, t.TRAINING_CHANGED_NOTICE.format(**_facts(notice)))


def cancelled(notice: TrainingCancelled) -> SendMessage:
    return _message(notice, t.TRAINING_CANCELLED_NOTICE.format(**_facts(notice)))


NOTICES: dict[type[Notice], Callable[[Any], TelegramMethod[Any]]] = {
    TrainingSeatGiven: seat_given,
    TrainingReminder: reminder,
    TrainingChanged: changed,
    TrainingCancelled: cancelled,
}
