"""Hot line texts: asking, the lawyer's work, answers, ratings, deadlines."""

from __future__ import annotations

from typing import Any

from bot.texts import common as tc
from core.errors import DomainError
from services.hotline import errors as e
from storage.models import ConsultationStatus, EventKind

# --- asking -------------------------------------------------------------------
CHOOSE_TOPIC = "Оберіть тему питання:"
COMPOSE_QUESTION = (
    "Тема: <b>{topic}</b>.\n\n"
    "Опишіть питання: можна кількома повідомленнями, додати документи чи фото. "
    "Коли все готово, натисніть «{done}»."
)
COMPOSE_GENERIC = (
    "Надішліть текст (можна кількома повідомленнями), документи чи фото. Коли все готово, натисніть «{done}»."
)
BTN_DONE = "✅ Готово"
PART_ADDED = "Додано. Усього: {chars} симв., файлів: {files}. Ще щось або «{done}»."
DRAFT_EMPTY = "Поки нічого не додано. Надішліть текст, документ або фото."
DRAFT_TOO_LONG = "Текст задовгий (понад {limit} символів). Скоротіть, будь ласка: збережено все, що було до цього."
TOO_MANY_FILES = "Можна додати не більше {limit} файлів."
PREVIEW_HEADER = "<b>Перевірте звернення</b>\nТема: {topic}\n\n"
PREVIEW_FILES = "\n\n📎 Файлів: {count}"
BTN_SEND = "📨 Надіслати"
BTN_EDIT = "✏️ Доповнити"
BTN_DISCARD = "🗑 Скасувати"
CREATED = "✅ Звернення <b>№{number}</b> прийнято.\nЮрист відповість до <b>{due}</b>. Статус: «📂 Мої звернення»."
DRAFT_DISCARDED = "Чернетку видалено."

# --- lawyers --------------------------------------------------------------------
NEW_IN_QUEUE = "🆕 Нове звернення <b>№{number}</b>\nТема: {topic}\nВід: {official}, {community} ({region})\nСтрок: {due}\n\n{preview}"
BTN_TAKE = "✋ Взяти"
TAKEN_BY_YOU = "Звернення №{number} тепер ваше."
ALREADY_TAKEN = "Звернення №{consultation_id} вже взяв(ла) {lawyer}."
ALREADY_YOURS = "Звернення №{consultation_id} вже взяв(ла) ви."
NOT_OPEN = "Звернення №{consultation_id} вже не в черзі."
QUEUE_EMPTY = "Черга порожня: відкритих звернень ваших тем немає. 🎉"
QUEUE_HEADER = "<b>Черга звернень</b> (найстаріші першими), {count}:"
QUEUE_ITEM = "№{number} · {topic} · {created} · строк {due}{overdue}"
OVERDUE_MARK = " ⚠️ прострочено"
MY_ASSIGNED_HEADER = "<b>У роботі у вас</b>, {count}:"
UNDELIVERED_HEADER = (
    "<b>Не доставлено</b>, {count}: заявник заблокував бота й не отримав слів юриста. Зателефонуйте, якщо є номер:"
)
UNDELIVERED_ITEM = "№{number} · {topic} · {official} · {phone}"
NO_PHONE = "телефону не залишено"

CARD = (
    "<b>Звернення №{number}</b> · {status}\n"
    "Тема: {topic}\n"
    "Від: {official}, {position}\n"
    "{community} ({region}){phone}\n"
    "Створено: {created} · строк: {due}{overdue}\n"
    "Юрист: {lawyer}"
)
CARD_PHONE = "\nТел.: {phone}"
BTN_ANSWER = "✍️ Відповісти"
BTN_CLARIFY = "❓ Запитати уточнення"
BTN_HANDOVER = "↪️ Передати"
BTN_RELEASE = "🔓 Повернути в чергу"
BTN_CLOSE = "✖️ Закрити"
BTN_HISTORY = "🕓 Історія"
BTN_OPEN = "Відкрити №{number}"

ANSWER_PROMPT = "Відповідь на звернення №{number}. " + COMPOSE_GENERIC
CLARIFY_PROMPT = "Що уточнити у заявника щодо звернення №{number}? " + COMPOSE_GENERIC
ANSWER_SENT = (
    "✅ Відповідь на звернення №{number} передано до надсилання заявнику. "
    "Якщо доставити її не вдасться, я вам повідомлю."
)
CLARIFY_SENT = (
    "✅ Запит на уточнення №{number} передано до надсилання заявнику. Відповідь заявника прийде вам; "
    "якщо доставити запит не вдасться, я повідомлю."
)
RELEASED = "Звернення №{number} повернуто в чергу."
CLOSED_BY_STAFF = "Звернення №{number} закрито."
HANDOVER_CHOOSE = "Кому передати звернення №{number}? Юристу або на іншу тему:"
HANDOVER_TO_TOPIC = "📚 Тема: {topic}"
HANDED_TO_LAWYER = "Звернення №{number} передано: {lawyer}."
HANDED_TO_TOPIC = "Звернення №{number} передано на тему «{topic}»."
OFFICIAL_WROTE = "<b>№{number}</b> · {event} · {official}\n\n"
HANDED_TO_YOU = "↪️ Вам передано звернення <b>№{number}</b> ({topic}) від {by}."
NO_OTHER_LAWYERS = "Інших юристів немає: можна передати лише на іншу тему."
UNDELIVERED_TO_LAWYER = (
    "⚠️ {what} на звернення <b>№{number}</b> ({topic}) не доставлено: заявник заблокував бота.\n"
    "Заявник: {official}\n{phone}"
)
UNDELIVERED_TO_ADMIN = (
    "⚠️ {what} на звернення <b>№{number}</b> ({topic}) не доставлено: заявник заблокував бота.\n"
    "Юрист: {lawyer}\nЗаявник: {official}\n{phone}"
)
UNDELIVERED_YOUR_ANSWER = "Вашу відповідь"
UNDELIVERED_YOUR_CLARIFICATION = "Ваш запит на уточнення"
UNDELIVERED_ANSWER = "Відповідь юриста"
UNDELIVERED_CLARIFICATION = "Запит юриста на уточнення"
UNDELIVERED_PHONE = "Тел.: {phone}. Зателефонуйте, будь ласка."
UNDELIVERED_NO_PHONE = "Телефону заявник не залишив."

# --- to the official ---------------------------------------------------------------
TAKEN_NOTICE = "🧑‍⚖️ Ваше звернення №{number} взяв у роботу юрист {lawyer}."
CLARIFICATION_REQUEST = "❓ Юрист просить уточнити звернення <b>№{number}</b>:\n\n{text}"
BTN_REPLY_CLARIFY = "✍️ Відповісти юристу"
REPLY_PROMPT = "Ваша відповідь щодо звернення №{number}. " + COMPOSE_GENERIC
REPLY_SENT = "✅ Надіслано юристу. Звернення №{number} знову в роботі."
ANSWER_HEADER = "📩 <b>Відповідь на звернення №{number}</b> ({topic})\nЮрист: {lawyer}\n\n"
ANSWER_FOOTER = "Чи вирішено ваше питання?"
BTN_RESOLVED = "✅ Так, вирішено"
BTN_FOLLOW_UP = "❓ Маю уточнююче питання"
FOLLOW_UP_PROMPT = "Ваше уточнююче питання щодо звернення №{number}. " + COMPOSE_GENERIC
FOLLOW_UP_SENT = "✅ Уточнююче питання надіслано. Звернення №{number} знову в роботі, відповідь до {due}."
RATE_PROMPT = "Дякуємо! Оцініть, будь ласка, консультацію №{number}:"
RATED = "Дякуємо за оцінку {stars}! Хочете додати коментар? Напишіть його або натисніть «Пропустити»."
BTN_SKIP_COMMENT = "Пропустити"
COMMENT_SAVED = "Коментар збережено. Дякуємо!"
COMMENT_SKIPPED = "Дякуємо!"
ALREADY_RATED = "Цю консультацію вже оцінено."
CLOSED_NOTICE = "Звернення №{number} закрито юристом."
AUTO_CLOSED_NOTICE = (
    "Звернення №{number} закрито автоматично: відповідь надано {answered}, реакції не було. "
    "Якщо питання лишилось, поставте нове: «❓ Поставити питання»."
)

# --- deadlines ----------------------------------------------------------------------
OVERDUE_LAWYER = "⏰ Звернення <b>№{number}</b> ({topic}) прострочено: строк був {due}."
OVERDUE_QUEUE = "⏰ Звернення <b>№{number}</b> ({topic}) досі ніхто не взяв, строк був {due}."
OVERDUE_ADMIN = "🚨 Звернення <b>№{number}</b> ({topic}) прострочено на {hours} год. Юрист: {lawyer}."
NO_LAWYER_FOR_TOPIC = (
    "⚠️ Для теми «{topic}» немає юристів. Звернення №{number} чекає в черзі: призначте юриста (/staff)."
)

# --- my consultations ----------------------------------------------------------
MY_EMPTY = "У вас ще немає звернень. Натисніть «❓ Поставити питання»."
MY_HEADER = "<b>Ваші звернення</b>:"
MY_ITEM = "№{number} · {topic} · {status} · {created}"
HISTORY_HEADER = "<b>Історія звернення №{number}</b>"
HISTORY_ITEM = "{time} · {kind}{actor}"
UNDELIVERED_MARK = "\n⚠️ Заявник не отримав останнє повідомлення юриста: заблокував бота."

# --- refusals -------------------------------------------------------------------------
NOT_FOUND = "Звернення не знайдено."
NOT_YOURS = "⛔ Це звернення вам недоступне."
NOT_ASSIGNED_TO_YOU = "⛔ Це звернення у роботі іншого юриста."
UNKNOWN_TOPIC = "Невідома тема. Оберіть тему кнопкою."
RATING_RANGE = "Оцінка має бути від 1 до 5."

STATUS = {
    ConsultationStatus.OPEN: "🟡 у черзі",
    ConsultationStatus.ASSIGNED: "🔵 у роботі",
    ConsultationStatus.CLARIFICATION: "🟠 чекає уточнення",
    ConsultationStatus.ANSWERED: "🟢 відповідь надано",
    ConsultationStatus.CLOSED: "⚪ закрито",
}

EVENT = {
    EventKind.CREATED: "створено",
    EventKind.ROUTED: "направлено юристам теми",
    EventKind.TAKEN: "взято в роботу",
    EventKind.MESSAGE_IN: "повідомлення заявника",
    EventKind.MESSAGE_OUT: "повідомлення юриста",
    EventKind.CLARIFICATION_REQUESTED: "запит уточнення",
    EventKind.CLARIFICATION_PROVIDED: "уточнення надано",
    EventKind.ANSWERED: "відповідь",
    EventKind.HANDED_OVER: "передано",
    EventKind.RELEASED: "повернуто в чергу",
    EventKind.FOLLOW_UP: "уточнююче питання",
    EventKind.REOPENED: "повторно відкрито",
    EventKind.RATED: "оцінка",
    EventKind.CLOSED: "закрито",
    EventKind.AUTO_CLOSED: "закрито автоматично",
    EventKind.OVERDUE_LAWYER_REMINDED: "нагадування юристу про строк",
    EventKind.OVERDUE_ADMIN_ESCALATED: "повідомлено адміністраторів про прострочення",
    EventKind.DELIVERY_FAILED: "не доставлено (бот заблоковано)",
}

# --- free text outside any dialog -------------------------------------------------
FREE_TEXT_OFFER = (
    "Бажаєте надіслати це як питання юристу АМУ? Оберіть тему, і я оформлю звернення "
    "(ваш текст збережено). Або скористайтеся меню."
)


class _StatusTemplate(str):
    """A refusal template whose `status` parameter is shown by its label, not its code."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:
        status = kwargs.get("status")
        if status in set(ConsultationStatus):  # a code (as a refusal carries it), not yet a label
            kwargs["status"] = STATUS[ConsultationStatus(status)]
        return super().format(*args, **kwargs)


WRONG_STATE = _StatusTemplate("Зараз ця дія неможлива: звернення має статус «{status}».")

ERRORS: dict[type[DomainError], str] = {
    e.ConsultationNotFound: NOT_FOUND,
    e.NotYours: NOT_YOURS,
    e.NotAssignedToYou: NOT_ASSIGNED_TO_YOU,
    e.StaffOnly: tc.NO_RIGHTS,
    e.WrongStatus: WRONG_STATE,
    e.AlreadyTaken: ALREADY_TAKEN,
    e.AlreadyYours: ALREADY_YOURS,
    e.NotInQueue: NOT_OPEN,
    e.AlreadyRated: ALREADY_RATED,
    e.HandoverTargetInvalid: NOT_FOUND,
    e.UnknownTopic: UNKNOWN_TOPIC,
    e.RatingOutOfRange: RATING_RANGE,
    e.DraftEmpty: DRAFT_EMPTY,
    e.DraftTooLong: DRAFT_TOO_LONG,
    e.TooManyFiles: TOO_MANY_FILES,
}
