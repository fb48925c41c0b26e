"""The hot line as people see it: consultations, threads, lists and notices (HTML, escaped, within Telegram's limits)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from aiogram.methods import EditMessageText, SendDocument, SendMessage, SendPhoto, TelegramMethod
from aiogram.types import InlineKeyboardMarkup

from bot.keyboards import hotline as kb
from bot.texts import answers as answers_texts
from bot.texts import hotline as t
from bot.views.grammar import agree
from core.notices import Notice
from core.settings import Settings
from knowledge import Knowledge
from services.hotline import notices as n
from services.hotline.consultations import Thread
from services.hotline.draft import Draft, Purpose
from services.text import CAPTION_LIMIT, quote, split_text
from storage.models import Consultation, ConsultationEvent, ConsultationStatus, EventKind, User

FILE_EVENTS = (EventKind.CREATED, EventKind.CLARIFICATION_PROVIDED, EventKind.FOLLOW_UP)
ACTIVE = (ConsultationStatus.OPEN, ConsultationStatus.ASSIGNED, ConsultationStatus.CLARIFICATION)

Reply = SendMessage | SendPhoto | SendDocument


def when(value: datetime) -> str:
    """A moment as shown (the caller has put it in local time)."""
    return value.strftime("%d.%m.%Y %H:%M")


def local_time(value: datetime, settings: Settings) -> str:
    return when(value.astimezone(settings.tz))


def name(display_name: str | None) -> str:
    """A person as shown (escaped): "—" for nobody, a placeholder for someone who gave no name."""
    if display_name is None:
        return t.NOBODY
    return quote(display_name) if display_name else t.UNNAMED


def plural(count: int, forms: tuple[str, str, str]) -> str:
    """`count` with the Ukrainian form of its noun: 1 файл, 2 файли, 5 файлів, 11 файлів, 21 файл."""
    if count % 10 == 1 and count % 100 != 11:
        form = forms[0]
    elif 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        form = forms[1]
    else:
        form = forms[2]
    return f"{count} {form}"


def person(user: User | None) -> str:
    return name(n.display_name(user))


# --- for the person who asked or works on it -------------------------------------------------------


def card(
    consultation: Consultation, settings: Settings, knowledge: Knowledge, now: datetime, *, with_phone: bool = False
) -> str:
    official = consultation.official
    overdue = t.OVERDUE_MARK if consultation.status in ACTIVE and consultation.due_at < now else ""
    text = t.CARD.format(
        number=consultation.id,
        status=t.STATUS[consultation.status],
        topic=quote(knowledge.topic_title(consultation.topic_code)),
        official=person(official),
        position=quote(official.position if official else ""),
        community=quote(official.community if official else ""),
        region=quote(knowledge.region_title(consultation.region_code)),
        phone=t.CARD_PHONE.format(phone=quote(official.phone)) if with_phone and official and official.phone else "",
        created=local_time(consultation.created_at, settings),
        due=local_time(consultation.due_at, settings),
        overdue=overdue,
        lawyer=person(consultation.lawyer),
    )
    if consultation.answer_undelivered:
        text += t.UNDELIVERED_MARK
    return text


def thread(events: Sequence[ConsultationEvent], settings: Settings) -> str:
    """The texts exchanged, oldest first, each under a label saying what it is."""
    lines = []
    for event in events:
        label = t.THREAD_LABEL.get(event.kind)
        if event.text and label is not None:
            lines.append(
                t.THREAD_ITEM.format(
                    label=label,
                    who=person(event.actor),
                    time=local_time(event.created_at, settings),
                    text=quote(event.text),
                )
            )
        if event.kind == EventKind.CREATED and event.payload.get("suggested"):
            numbers = ", ".join(f"№{number}" for number in event.payload["suggested"])
            lines.append(answers_texts.SUGGESTED_TO_OFFICIAL.format(numbers=numbers))
    return "\n\n".join(lines)


def thread_header(consultation: Consultation, knowledge: Knowledge) -> str:
    return t.THREAD_HEADER.format(
        number=consultation.id,
        topic=quote(knowledge.topic_title(consultation.topic_code)),
        official=person(consultation.official),
    )


def attachments(events: Sequence[ConsultationEvent]) -> list[dict[str, Any]]:
    files: list[dict[str, Any]] = []
    for event in events:
        files.extend(event.payload.get("attachments", []) if event.payload else [])
    return files


def _event_kind(event: ConsultationEvent, case: Thread, knowledge: Knowledge) -> str:
    """What happened; a handover says to whom, or to which topic (the actor is who handed it over)."""
    if event.kind == EventKind.HANDED_OVER:
        if (lawyer_id := event.payload.get("to_lawyer")) is not None:
            return t.HANDED_TO_LAWYER_EVENT.format(lawyer=person(case.handed_to.get(int(lawyer_id))))
        if (topic := event.payload.get("to_topic")) is not None:
            return t.HANDED_TO_TOPIC_EVENT.format(topic=quote(knowledge.topic_title(str(topic))))
    return t.EVENT[event.kind]


def history(case: Thread, settings: Settings, knowledge: Knowledge) -> str:
    lines = [t.HISTORY_HEADER.format(number=case.consultation.id)]
    for event in case.events:
        actor = f" · {person(event.actor)}" if event.actor else ""
        kind = _event_kind(event, case, knowledge)
        lines.append(t.HISTORY_ITEM.format(time=local_time(event.created_at, settings), kind=kind, actor=actor))
    return "\n".join(lines)


def history_messages(chat_id: int, case: Thread, settings: Settings, knowledge: Knowledge) -> list[Reply]:
    return [SendMessage(chat_id=chat_id, text=part) for part in split_text(history(case, settings, knowledge))]


def file_message(chat_id: int, attachment: dict[str, Any], caption: str) -> Reply:
    if attachment.get("type") == "photo":
        return SendPhoto(chat_id=chat_id, photo=attachment["file_id"], caption=caption)
    return SendDocument(chat_id=chat_id, document=attachment["file_id"], caption=caption)


def lawyer_view(chat_id: int, case: Thread, settings: Settings, knowledge: Knowledge, now: datetime) -> list[Reply]:
    """The whole consultation for its lawyer: every text exchanged, every file, then the card with the buttons."""
    consultation = case.consultation
    text = thread_header(consultation, knowledge) + "\n\n" + thread(case.events, settings)
    replies: list[Reply] = [SendMessage(chat_id=chat_id, text=part) for part in split_text(text.strip()) if part]
    caption = f"№{consultation.id}"[:CAPTION_LIMIT]
    replies.extend(file_message(chat_id, attachment, caption) for attachment in attachments(case.events))
    replies.append(
        card_message(chat_id, consultation, settings, knowledge, now, for_official=False, with_phone=case.sees_phone)
    )
    return replies


def official_buttons(consultation: Consultation) -> InlineKeyboardMarkup | None:
    """What the official who asked can do about it now."""
    if consultation.status == ConsultationStatus.CLARIFICATION:
        return kb.reply_to_clarification(consultation.id)
    if consultation.status == ConsultationStatus.ANSWERED:
        return kb.answer_reaction(consultation.id)
    return None


def card_message(
    chat_id: int,
    consultation: Consultation,
    settings: Settings,
    knowledge: Knowledge,
    now: datetime,
    *,
    for_official: bool,
    with_phone: bool = False,
) -> SendMessage:
    """The card with the buttons of its status: for its lawyer (or an admin), or for the official who asked."""
    if for_official:
        text = card(consultation, settings, knowledge, now, with_phone=False)
        return SendMessage(chat_id=chat_id, text=text, reply_markup=official_buttons(consultation))
    text = card(consultation, settings, knowledge, now, with_phone=with_phone)
    return SendMessage(chat_id=chat_id, text=text, reply_markup=kb.lawyer_card(consultation.id, consultation.status))


def official_view(chat_id: int, case: Thread, settings: Settings, knowledge: Knowledge, now: datetime) -> list[Reply]:
    """An official's own consultation: the card and the thread, then the history with what they can do now."""
    consultation = case.consultation
    text = card(consultation, settings, knowledge, now, with_phone=False)
    exchanged = thread(case.events, settings)
    replies: list[Reply] = [
        SendMessage(chat_id=chat_id, text=part) for part in split_text(text + ("\n\n" + exchanged if exchanged else ""))
    ]
    markup = official_buttons(consultation) if case.asked_by_viewer else None
    replies.append(SendMessage(chat_id=chat_id, text=history(case, settings, knowledge), reply_markup=markup))
    return replies


def official_list(consultations: Sequence[Consultation], settings: Settings, knowledge: Knowledge) -> str:
    lines = [t.MY_HEADER]
    for c in consultations:
        lines.append(
            t.MY_ITEM.format(
                number=c.id,
                topic=quote(knowledge.topic_title(c.topic_code)),
                status=t.STATUS[c.status],
                created=local_time(c.created_at, settings),
            )
        )
    return "\n".join(lines)


def undelivered_list(consultations: Sequence[Consultation], knowledge: Knowledge) -> str:
    """Where the official missed the lawyer's words: with the phone to call, if they left one."""
    lines = [t.UNDELIVERED_HEADER.format(count=len(consultations))]
    for c in consultations:
        phone = c.official.phone if c.official else None
        lines.append(
            t.UNDELIVERED_ITEM.format(
                number=c.id,
                topic=quote(knowledge.topic_title(c.topic_code)),
                official=person(c.official),
                phone=t.CARD_PHONE.strip().format(phone=quote(phone)) if phone else t.NO_PHONE,
            )
        )
    return "\n".join(lines)


def queue_list(
    header: str, consultations: Sequence[Consultation], settings: Settings, knowledge: Knowledge, now: datetime
) -> str:
    lines = [header.format(count=len(consultations))]
    for c in consultations:
        lines.append(
            t.QUEUE_ITEM.format(
                number=c.id,
                topic=quote(knowledge.topic_title(c.topic_code)),
                created=local_time(c.created_at, settings),
                due=local_time(c.due_at, settings),
                overdue=t.OVERDUE_MARK if c.due_at < now else "",
            )
        )
    return "\n".join(lines)


# --- notices (rendered by the outbox worker when it sends them) ------------------------------------


def _message(notice: n.HotlineNotice, text: str, markup: InlineKeyboardMarkup | None = None) -> SendMessage:
    return SendMessage(chat_id=notice.chat_id, text=text, reply_markup=markup)


def _text_part(
    notice: n.HotlineTextNotice, first: Callable[[str], str], markup: InlineKeyboardMarkup | None
) -> SendMessage:
    """One part of a long text: the first with its header (`first` wraps the text), the last with the buttons."""
    text = quote(notice.text)
    return _message(notice, first(text) if notice.part == 0 else text, markup if notice.last else None)


def new_consultation(notice: n.NewConsultation) -> SendMessage:
    text = t.NEW_IN_QUEUE.format(
        number=notice.consultation_id,
        topic=quote(notice.topic),
        official=name(notice.official),
        community=quote(notice.community),
        region=quote(notice.region),
        due=when(notice.due),
        preview=quote(notice.preview),
    )
    return _message(notice, text, kb.take(notice.consultation_id))


def queue_offer_taken(notice: n.QueueOfferTaken) -> EditMessageText:
    if notice.yours:
        text = t.OFFER_TAKEN_BY_YOU.format(number=notice.consultation_id, topic=quote(notice.topic))
    else:
        template = agree(notice.lawyer, *t.OFFER_TAKEN) if notice.lawyer else t.OFFER_TAKEN_NAMELESS
        text = template.format(number=notice.consultation_id, topic=quote(notice.topic), lawyer=name(notice.lawyer))
    return EditMessageText(chat_id=notice.chat_id, message_id=notice.message_id, text=text)


def no_lawyer_for_topic(notice: n.NoLawyerForTopic) -> SendMessage:
    return _message(notice, t.NO_LAWYER_FOR_TOPIC.format(topic=quote(notice.topic), number=notice.consultation_id))


def consultation_taken(notice: n.ConsultationTaken) -> SendMessage:
    template = agree(notice.lawyer, *t.TAKEN_NOTICE)
    return _message(notice, template.format(number=notice.consultation_id, lawyer=name(notice.lawyer)))


def consultation_reassigned(notice: n.ConsultationReassigned) -> SendMessage:
    template = agree(notice.lawyer, *t.REASSIGNED_NOTICE)
    return _message(notice, template.format(number=notice.consultation_id, lawyer=name(notice.lawyer)))


def clarification_requested(notice: n.ClarificationRequested) -> SendMessage:
    return _text_part(
        notice,
        lambda text: t.CLARIFICATION_REQUEST.format(number=notice.consultation_id, text=text),
        kb.reply_to_clarification(notice.consultation_id),
    )


def _official_wrote(kind: EventKind) -> Callable[[n.OfficialWrote], SendMessage]:
    def render(notice: n.OfficialWrote) -> SendMessage:
        header = t.OFFICIAL_WROTE.format(
            number=notice.consultation_id, event=t.EVENT[kind], official=name(notice.official)
        )
        return _text_part(notice, lambda text: header + text, kb.lawyer_card(notice.consultation_id, notice.status))

    return render


def consultation_answered(notice: n.ConsultationAnswered) -> SendMessage:
    header = t.ANSWER_HEADER.format(
        number=notice.consultation_id, topic=quote(notice.topic), lawyer=name(notice.lawyer)
    )
    return _text_part(notice, lambda text: header + text, None)


def answer_reaction_asked(notice: n.AnswerReactionAsked) -> SendMessage:
    return _message(notice, t.ANSWER_FOOTER, kb.answer_reaction(notice.consultation_id))


def answer_reaction_closed(notice: n.AnswerReactionClosed) -> EditMessageText:
    text = t.ANSWER_FOOTER_CLOSED.format(number=notice.consultation_id)
    return EditMessageText(chat_id=notice.chat_id, message_id=notice.message_id, text=text)


def handed_over_to_you(notice: n.ConsultationHandedOver) -> SendMessage:
    text = t.HANDED_TO_YOU.format(number=notice.consultation_id, topic=quote(notice.topic), by=name(notice.by))
    return _message(notice, text, kb.lawyer_card(notice.consultation_id, notice.status))


def closed_by_staff(notice: n.ConsultationClosedByStaff) -> SendMessage:
    return _message(notice, t.CLOSED_NOTICE.format(number=notice.consultation_id))


def auto_closed(notice: n.ConsultationAutoClosed) -> SendMessage:
    text = t.AUTO_CLOSED_NOTICE.format(number=notice.consultation_id, answered=when(notice.answered))
    return _message(notice, text, kb.rating(notice.consultation_id))


def overdue_for_lawyer(notice: n.ConsultationOverdue) -> SendMessage:
    text = t.OVERDUE_LAWYER.format(number=notice.consultation_id, topic=quote(notice.topic), due=when(notice.due))
    return _message(notice, text, kb.lawyer_card(notice.consultation_id, notice.status))


def overdue_in_queue(notice: n.ConsultationOverdueInQueue) -> SendMessage:
    text = t.OVERDUE_QUEUE.format(number=notice.consultation_id, topic=quote(notice.topic), due=when(notice.due))
    return _message(notice, text, kb.take(notice.consultation_id))


def answer_undelivered(notice: n.AnswerUndelivered) -> SendMessage:
    phone = t.UNDELIVERED_PHONE.format(phone=quote(notice.phone)) if notice.phone else t.UNDELIVERED_NO_PHONE
    fields = {
        "number": notice.consultation_id,
        "topic": quote(notice.topic),
        "official": name(notice.official),
        "lawyer": name(notice.lawyer),
        "phone": phone,
    }
    if notice.to_lawyer:
        what = t.UNDELIVERED_YOUR_CLARIFICATION if notice.clarification else t.UNDELIVERED_YOUR_ANSWER
        text = t.UNDELIVERED_TO_LAWYER.format(what=what, **fields)
    else:
        what = t.UNDELIVERED_CLARIFICATION if notice.clarification else t.UNDELIVERED_ANSWER
        text = t.UNDELIVERED_TO_ADMIN.format(what=what, **fields)
    return _message(notice, text, kb.open_one(notice.consultation_id))


def overdue_escalated(notice: n.ConsultationEscalated) -> SendMessage:
    text = t.OVERDUE_ADMIN.format(
        number=notice.consultation_id, topic=quote(notice.topic), hours=notice.hours, lawyer=name(notice.lawyer)
    )
    return _message(notice, text)


NOTICES: dict[type[Notice], Callable[[Any], TelegramMethod[Any]]] = {
    n.NewConsultation: new_consultation,
    n.NoLawyerForTopic: no_lawyer_for_topic,
    n.ConsultationTaken: consultation_taken,
    n.ConsultationReassigned: consultation_reassigned,
    n.QueueOfferTaken: queue_offer_taken,
    n.ClarificationRequested: clarification_requested,
    n.ClarificationProvided: _official_wrote(EventKind.CLARIFICATION_PROVIDED),
    n.FollowUpAsked: _official_wrote(EventKind.FOLLOW_UP),
    n.ConsultationAnswered: consultation_answered,
    n.AnswerReactionAsked: answer_reaction_asked,
    n.AnswerReactionClosed: answer_reaction_closed,
    n.ConsultationHandedOver: handed_over_to_you,
    n.ConsultationClosedByStaff: closed_by_staff,
    n.ConsultationAutoClosed: auto_closed,
    n.ConsultationOverdue: overdue_for_lawyer,
    n.ConsultationOverdueInQueue: overdue_in_queue,
    n.ConsultationEscalated: overdue_escalated,
    n.AnswerUndelivered: answer_undelivered,
}


# --- the composer (asking, answering, clarifying, replying, following up) ---------------------------


def purpose_title(purpose: Purpose, consultation_id: int) -> str:
    return t.PURPOSES[purpose].title.format(number=consultation_id)


def _size(draft: Draft) -> dict[str, str]:
    return {"size": plural(draft.size, t.SYMBOLS), "files": plural(len(draft.attachments), t.FILES)}


def compose_prompt(purpose: Purpose, consultation_id: int, topic: str, draft: Draft) -> str:
    """The composer's first screen (again after "Back" or a change): what to write, and what is there already."""
    text = t.PURPOSES[purpose].prompt.format(number=consultation_id, topic=quote(topic), done=t.BTN_DONE)
    if not draft.is_empty:
        text += t.DRAFT_SO_FAR.format(**_size(draft))
    return text


def part_added(purpose: Purpose, draft: Draft) -> str:
    words = t.PURPOSES[purpose]
    return t.PART_ADDED.format(added_to=words.added_to, in_it=words.in_it, done=t.BTN_DONE, **_size(draft))


def draft_preview(purpose: Purpose, consultation_id: int, topic: str, draft: Draft) -> list[str]:
    """The summary before sending, in parts that fit a message (the buttons go under the last)."""
    header = t.PREVIEW_HEADER.format(check=t.PURPOSES[purpose].check.format(number=consultation_id))
    if purpose == Purpose.ASK:
        header += t.PREVIEW_TOPIC.format(topic=quote(topic))
    body = quote(draft.text)
    if draft.attachments:
        body += t.PREVIEW_FILES.format(files=plural(len(draft.attachments), t.FILES))
    return split_text(header + "\n" + body.strip() + t.PREVIEW_HINT.format(send=t.BTN_SEND))


def composed_sent(purpose: Purpose, consultation: Consultation, settings: Settings) -> str:
    """What the sender reads once the text is handed over for delivery."""
    due = local_time(consultation.due_at, settings)
    return {
        Purpose.ASK: t.CREATED,
        Purpose.ANSWER: t.ANSWER_SENT,
        Purpose.CLARIFY: t.CLARIFY_SENT,
        Purpose.REPLY: t.REPLY_SENT,
        Purpose.FOLLOW_UP: t.FOLLOW_UP_SENT,
    }[purpose].format(number=consultation.id, due=due)
