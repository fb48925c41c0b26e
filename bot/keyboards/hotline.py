"""The hot line's keyboards.

Every inline button is either one-shot (a second press is refused with a short
alert and changes nothing) or only shows something (`SHOWS_ONLY`);
tests/hotline/test_double_taps.py presses every button of these builders twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks.answers import AnswerAction, AnswerCb
from bot.callbacks.hotline import (
    ConsultationAction,
    ConsultationCb,
    DraftAction,
    DraftCb,
    HandoverCb,
    RatingCb,
    TopicCb,
)
from bot.texts import answers as answers_texts
from bot.texts import common as tc
from bot.texts import hotline as t
from knowledge import Knowledge
from services.hotline.draft import Purpose
from storage.models import Consultation, ConsultationStatus, User

# Buttons that only show something: pressed twice, they show it twice and change nothing.
SHOWS_ONLY = frozenset({ConsultationAction.OPEN, ConsultationAction.HISTORY, ConsultationAction.BUTTONS})


def _on(action: ConsultationAction, consultation_id: int) -> ConsultationCb:
    return ConsultationCb(action=action, id=consultation_id)


def _draft(text: str, action: DraftAction) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=DraftCb(action=action).pack())


# The topics' keyboards of the reference data in use: the same for everyone, sent with every free-text offer.
_topics_built: dict[tuple[int, bool, bool], tuple[Knowledge, InlineKeyboardMarkup]] = {}


def topics(knowledge: Knowledge, *, step: bool = True, back: bool = False) -> InlineKeyboardMarkup:
    """The topics; as a step of asking (`step`) with "Cancel", and "Back" when changing the topic from the preview.

    Built once per reference data (nothing changes a markup once built), row by row: aiogram's builder
    deep-copies the whole keyboard at every `button()` (~7 ms of CPU for the topics).
    """
    key = (id(knowledge), step, back)
    built = _topics_built.get(key)
    if built is not None and built[0] is knowledge:
        return built[1]
    markup = _topics(knowledge, step=step, back=back)
    if len(_topics_built) >= 6:  # another reference data (tests load many): the old ones go
        _topics_built.clear()
    _topics_built[key] = (knowledge, markup)
    return markup


def _topics(knowledge: Knowledge, *, step: bool, back: bool) -> InlineKeyboardMarkup:
    rows = [
        [InlineKeyboardButton(text=topic.title, callback_data=TopicCb(code=topic.code).pack())]
        for topic in knowledge.topics
    ]
    if step:
        nav = [_draft(tc.BTN_BACK, DraftAction.BACK)] if back else []
        rows.append([*nav, _draft(tc.BTN_CANCEL, DraftAction.DISCARD)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def composing(*, done: bool) -> InlineKeyboardMarkup:
    """Under the composer's prompt and each "added" reply: "Done" once there is something to send."""
    kb = InlineKeyboardBuilder()
    if done:
        kb.row(_draft(t.BTN_DONE, DraftAction.DONE))
    kb.row(_draft(tc.BTN_BACK, DraftAction.BACK), _draft(tc.BTN_CANCEL, DraftAction.DISCARD))
    return kb.as_markup()


def draft_preview(purpose: Purpose) -> InlineKeyboardMarkup:
    """The summary before sending: send, change a part (the topic of a question; add text or files), cancel."""
    kb = InlineKeyboardBuilder()
    kb.row(_draft(t.BTN_SEND, DraftAction.SEND))
    changes = [_draft(t.BTN_TOPIC, DraftAction.TOPIC)] if purpose == Purpose.ASK else []
    kb.row(*changes, _draft(t.BTN_EDIT, DraftAction.EDIT))
    kb.row(_draft(tc.BTN_CANCEL, DraftAction.DISCARD))
    return kb.as_markup()


def interrupted() -> InlineKeyboardMarkup:
    """A command or a menu button in the middle of composing: continue, or drop the draft."""
    kb = InlineKeyboardBuilder()
    kb.row(_draft(tc.BTN_CONTINUE, DraftAction.RESUME), _draft(tc.BTN_DISCARD, DraftAction.DISCARD))
    return kb.as_markup()


def take(consultation_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_TAKE, callback_data=_on(ConsultationAction.TAKE, consultation_id))
    return kb.as_markup()


def lawyer_card(consultation_id: int, status: ConsultationStatus) -> InlineKeyboardMarkup:
    """The lawyer's buttons for a consultation in this status."""
    kb = InlineKeyboardBuilder()
    if status == ConsultationStatus.OPEN:
        kb.button(text=t.BTN_TAKE, callback_data=_on(ConsultationAction.TAKE, consultation_id))
    if status in (ConsultationStatus.ASSIGNED, ConsultationStatus.CLARIFICATION):
        kb.button(text=t.BTN_ANSWER, callback_data=_on(ConsultationAction.ANSWER, consultation_id))
        kb.button(text=t.BTN_CLARIFY, callback_data=_on(ConsultationAction.CLARIFY, consultation_id))
        kb.button(text=t.BTN_HANDOVER, callback_data=_on(ConsultationAction.HANDOVER, consultation_id))
        kb.button(text=t.BTN_RELEASE, callback_data=_on(ConsultationAction.RELEASE, consultation_id))
        kb.button(
            text=answers_texts.BTN_SIMILAR, callback_data=AnswerCb(action=AnswerAction.SIMILAR, id=consultation_id)
        )
        kb.button(
            text=answers_texts.BTN_TEMPLATES, callback_data=AnswerCb(action=AnswerAction.TEMPLATES, id=consultation_id)
        )
    if status in (ConsultationStatus.ANSWERED, ConsultationStatus.CLOSED):
        kb.button(
            text=answers_texts.BTN_PUBLISH, callback_data=AnswerCb(action=AnswerAction.PUBLISH, id=consultation_id)
        )
    if status != ConsultationStatus.CLOSED:
        kb.button(text=t.BTN_CLOSE, callback_data=_on(ConsultationAction.CLOSE, consultation_id))
    kb.button(text=t.BTN_HISTORY, callback_data=_on(ConsultationAction.HISTORY, consultation_id))
    kb.adjust(1)
    return kb.as_markup()


def reply_to_clarification(consultation_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_REPLY_CLARIFY, callback_data=_on(ConsultationAction.REPLY, consultation_id))
    return kb.as_markup()


def answer_reaction(consultation_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_RESOLVED, callback_data=_on(ConsultationAction.RESOLVED, consultation_id))
    kb.button(text=t.BTN_FOLLOW_UP, callback_data=_on(ConsultationAction.FOLLOW_UP, consultation_id))
    kb.adjust(1)
    return kb.as_markup()


def rating(consultation_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for stars in range(1, 6):
        kb.button(text=t.BTN_RATING.format(stars=stars), callback_data=RatingCb(id=consultation_id, stars=stars))
    kb.adjust(5)
    return kb.as_markup()


def skip_comment() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text=t.BTN_SKIP_COMMENT)]], resize_keyboard=True)


def open_list(consultations: Sequence[Consultation]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for consultation in consultations:
        kb.button(
            text=t.BTN_OPEN.format(number=consultation.id),
            callback_data=_on(ConsultationAction.OPEN, consultation.id),
        )
    kb.adjust(2)
    return kb.as_markup()


def open_one(consultation_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.BTN_OPEN.format(number=consultation_id), callback_data=_on(ConsultationAction.OPEN, consultation_id)
    )
    return kb.as_markup()


def handover(consultation: Consultation, lawyers: Sequence[User], knowledge: Knowledge) -> InlineKeyboardMarkup:
    """Shown in place of the card's buttons; "Back" brings those back."""
    kb = InlineKeyboardBuilder()
    for lawyer in lawyers:
        kb.button(
            text=f"🧑‍⚖️ {lawyer.full_name.strip() or t.UNNAMED}",
            callback_data=HandoverCb(id=consultation.id, lawyer=lawyer.id),
        )
    for topic in knowledge.topics:
        if topic.code != consultation.topic_code:
            kb.button(
                text=t.HANDOVER_TO_TOPIC.format(topic=topic.title),
                callback_data=HandoverCb(id=consultation.id, topic=topic.code),
            )
    kb.button(text=tc.BTN_BACK, callback_data=_on(ConsultationAction.BUTTONS, consultation.id))
    kb.adjust(1)
    return kb.as_markup()
