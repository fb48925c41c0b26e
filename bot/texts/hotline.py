"""Hot line texts: asking, the lawyer's work, answers, ratings, deadlines.

Sentences that name a person keep the name in the nominative; where a verb must
agree with the person, the text comes in three forms (`Forms`: masculine,
feminine, and one that needs no gender), chosen by `bot.views.grammar.agree`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from bot.texts import common as tc
from bot.views.grammar import agree
from core.errors import DomainError
from services.hotline import errors as e
from services.hotline.draft import Purpose
from storage.models import ConsultationStatus, EventKind


class Forms(NamedTuple):
    """One sentence in the forms that agree with a masculine or feminine person, or need no gender."""

    masculine: str
    feminine: str
    unknown: str


class PurposeWords(NamedTuple):
    """How the composer speaks of the text being written (`{number}`: the consultation)."""

    title: str  # what it is, for "you have an unfinished …"
    check: str  # the heading of the preview
    added_to: str  # "Додано до …"
    in_it: str  # "Зараз у … ~N символів"
    prompt: str  # the first screen of the composer


NOBODY = "—"
UNNAMED = "(ім'я не вказано)"

# --- asking -------------------------------------------------------------------
CHOOSE_TOPIC = "Оберіть тему питання:"
CHOOSE_TOPIC_TEXT_KEPT = "Ваш текст збережено в питанні. Тепер оберіть, будь ласка, тему:"
CHANGE_TOPIC = "Оберіть нову тему питання (текст і файли залишаться):"
COMPOSE_HOW = "Можна кількома повідомленнями, додати документи чи фото. Коли все готово, натисніть «{done}»."
# Said before the official types (and in the consent): answered questions may be reused, anonymised.
MAY_BE_PUBLISHED = (
    "ℹ️ Питання з відповіддю юрист може додати до бази відповідей для інших громад, лише знеособленими: "
    "без імен, телефонів, адрес і назви громади."
)
COMPOSE_QUESTION = "Тема: <b>{topic}</b>.\n\nОпишіть питання. " + COMPOSE_HOW + "\n\n" + MAY_BE_PUBLISHED
BTN_DONE = "✅ Готово"
BTN_SEND = "📨 Надіслати"
BTN_EDIT = "✏️ Доповнити"
BTN_TOPIC = "✏️ Тема"
PART_ADDED = "Додано {added_to}. Зараз {in_it} ~{size} і {files}. Надішліть ще текст чи файл або натисніть «{done}»."
DRAFT_SO_FAR = "\n\nУже є: ~{size} і {files}."
SYMBOLS = ("символ", "символи", "символів")
FILES = ("файл", "файли", "файлів")
DRAFT_EMPTY = "Поки нічого не додано. Надішліть текст, документ або фото."
DRAFT_TOO_LONG = "Текст задовгий (понад {limit} символів). Скоротіть, будь ласка: збережено все, що було до цього."
TOO_MANY_FILES = "Можна додати не більше {limit} файлів."
PREVIEW_HEADER = "<b>{check}</b>\n"
PREVIEW_TOPIC = "Тема: {topic}\n"
PREVIEW_FILES = "\n\n📎 Додано {files}"
PREVIEW_HINT = "\n\nЯкщо все правильно, натисніть «{send}». Змінити можна кнопками «✏️»."
CREATED = "✅ Звернення <b>№{number}</b> прийнято.\nЮрист відповість до <b>{due}</b>. Статус: «📂 Мої звернення»."
DRAFT_DISCARDED = "Чернетку видалено. Ви в головному меню."
DRAFT_PARKED = "Чернетку збережено. Щоб продовжити, натисніть «{button}» ще раз."
DRAFT_RESUMED = "Продовжуємо вашу чернетку."
ALREADY_WRITING = "Ви вже пишете: {title}. Надішліть текст або натисніть «{done}» під останнім повідомленням."
SENT_MARK = "Надіслано"

PURPOSES: dict[Purpose, PurposeWords] = {
    Purpose.ASK: PurposeWords(
        title="питання юристу",
        check="Перевірте звернення",
        added_to="до питання",
        in_it="у питанні",
        prompt=COMPOSE_QUESTION,
    ),
    Purpose.ANSWER: PurposeWords(
        title="відповідь на звернення №{number}",
        check="Перевірте відповідь на звернення №{number}",
        added_to="до відповіді",
        in_it="у відповіді",
        prompt="✍️ Відповідь на звернення №{number}. Надішліть текст відповіді. " + COMPOSE_HOW,
    ),
    Purpose.CLARIFY: PurposeWords(
        title="запит на уточнення щодо звернення №{number}",
        check="Перевірте запит на уточнення щодо звернення №{number}",
        added_to="до запиту",
        in_it="у запиті",
        prompt="❓ Що уточнити у заявника щодо звернення №{number}? " + COMPOSE_HOW,
    ),
    Purpose.REPLY: PurposeWords(
        title="відповідь юристу щодо звернення №{number}",
        check="Перевірте відповідь юристу щодо звернення №{number}",
        added_to="до відповіді",
        in_it="у відповіді",
        prompt="✍️ Ваша відповідь юристу щодо звернення №{number}. " + COMPOSE_HOW,
    ),
    Purpose.FOLLOW_UP: PurposeWords(
        title="уточнююче питання щодо звернення №{number}",
        check="Перевірте уточнююче питання щодо звернення №{number}",
        added_to="до питання",
        in_it="у питанні",
        prompt="❓ Ваше уточнююче питання щодо звернення №{number}. " + COMPOSE_HOW,
    ),
}

# --- lawyers --------------------------------------------------------------------
NEW_IN_QUEUE = "🆕 Нове звернення <b>№{number}</b>\nТема: {topic}\nВід: {official}, {community} ({region})\nСтрок: {due}\n\n{preview}"
BTN_TAKE = "✋ Взяти"
TAKEN_BY_YOU = "Звернення №{number} тепер ваше."
ALREADY_TAKEN = Forms(
    masculine="Звернення №{consultation_id} уже взяв у роботу {lawyer}.",
    feminine="Звернення №{consultation_id} уже взяла в роботу {lawyer}.",
    unknown="Звернення №{consultation_id} уже в роботі: {lawyer}.",
)
OFFER_TAKEN = Forms(
    masculine="📥 Звернення <b>№{number}</b> ({topic}) взяв у роботу {lawyer}.",
    feminine="📥 Звернення <b>№{number}</b> ({topic}) взяла в роботу {lawyer}.",
    unknown="📥 Звернення <b>№{number}</b> ({topic}) уже в роботі: {lawyer}.",
)
OFFER_TAKEN_NAMELESS = "📥 Звернення <b>№{number}</b> ({topic}) уже в роботі в іншого юриста."
OFFER_TAKEN_BY_YOU = "📥 Звернення <b>№{number}</b> ({topic}) ви взяли в роботу."
ALREADY_TAKEN_NAMELESS = "Звернення №{consultation_id} уже в роботі в іншого юриста."
ALREADY_YOURS = "Ви вже працюєте зі зверненням №{consultation_id}."
NOT_OPEN = "Звернення №{consultation_id} уже не в черзі."
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

# The thread of a consultation, as its lawyer reads it (names in the nominative, after a label).
THREAD_HEADER = "<b>Звернення №{number}</b> · {topic} · від {official}"
THREAD_ITEM = "<b>{label}</b> · {who} · {time}\n{text}"
THREAD_LABEL = {
    EventKind.CREATED: "❓ Питання",
    EventKind.CLARIFICATION_REQUESTED: "❔ Запит на уточнення",
    EventKind.CLARIFICATION_PROVIDED: "💬 Уточнення заявника",
    EventKind.ANSWERED: "📩 Відповідь",
    EventKind.FOLLOW_UP: "❓ Уточнююче питання",
}

ANSWER_SENT = (
    "✅ Відповідь на звернення №{number} передано до надсилання заявнику. "
    "Якщо доставити її не вдасться, я вам повідомлю."
)
CLARIFY_SENT = (
    "✅ Запит на уточнення щодо звернення №{number} передано до надсилання заявнику. Відповідь заявника прийде вам; "
    "якщо доставити запит не вдасться, я повідомлю."
)
RELEASED = "Звернення №{number} повернуто в чергу."
CLOSED_BY_STAFF = "Звернення №{number} закрито."
HANDOVER_CHOOSE = "Кому передати звернення №{number}? Оберіть юриста або іншу тему."
HANDOVER_TO_TOPIC = "📚 Тема: {topic}"
HANDED_TO_LAWYER = "Звернення №{number} передано: {lawyer}."
HANDED_TO_TOPIC = "Звернення №{number} передано на тему «{topic}»."
OFFICIAL_WROTE = "<b>№{number}</b> · {event} · {official}\n\n"
HANDED_TO_YOU = "↪️ {by} передає вам звернення <b>№{number}</b> ({topic})."
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
TAKEN_NOTICE = Forms(
    masculine="🧑‍⚖️ Ваше звернення №{number} взяв у роботу юрист {lawyer}.",
    feminine="🧑‍⚖️ Ваше звернення №{number} взяла в роботу юристка {lawyer}.",
    unknown="🧑‍⚖️ Ваше звернення №{number} взято в роботу. Юрист: {lawyer}.",
)
REASSIGNED_NOTICE = Forms(
    masculine="🧑‍⚖️ Ваше звернення №{number} тепер веде юрист {lawyer}.",
    feminine="🧑‍⚖️ Ваше звернення №{number} тепер веде юристка {lawyer}.",
    unknown="🧑‍⚖️ Ваше звернення №{number} передано іншому юристу: {lawyer}.",
)
CLARIFICATION_REQUEST = "❓ Юрист просить уточнити звернення <b>№{number}</b>:\n\n{text}"
BTN_REPLY_CLARIFY = "✍️ Відповісти юристу"
REPLY_SENT = "✅ Надіслано юристу. Звернення №{number} знову в роботі."
ANSWER_HEADER = "📩 <b>Відповідь на звернення №{number}</b> ({topic})\nЮрист: {lawyer}\n\n"
ANSWER_FOOTER = "Чи вирішено ваше питання?"
BTN_RESOLVED = "✅ Так, вирішено"
# The question once the consultation is closed (by the official, a lawyer or the bot): its buttons go.
ANSWER_FOOTER_CLOSED = ANSWER_FOOTER + "\n\n✅ Звернення №{number} закрито."
BTN_FOLLOW_UP = "❓ Маю уточнююче питання"
FOLLOW_UP_SENT = "✅ Уточнююче питання надіслано. Звернення №{number} знову в роботі, відповідь до {due}."
RATE_PROMPT = "Дякуємо! Оцініть, будь ласка, консультацію №{number} від 1 до 5:"
BTN_RATING = "{stars} ⭐"
RATED = "Дякуємо за оцінку {stars}! Хочете додати коментар? Напишіть його або натисніть «Пропустити»."
BTN_SKIP_COMMENT = "Пропустити"
COMMENT_SAVED = "Коментар збережено. Дякуємо!"
COMMENT_SKIPPED = "Дякуємо!"
ALREADY_RATED = "Цю консультацію вже оцінено."
CLOSED_NOTICE = "Звернення №{number} закрито юристом."
AUTO_CLOSED_NOTICE = (
    "Звернення №{number} закрито автоматично: відповідь надано {answered}, реакції не було. "
    "Якщо питання лишилось, поставте нове: «❓ Поставити питання».\n\nОцініть, будь ласка, консультацію від 1 до 5:"
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
HANDED_TO_LAWYER_EVENT = "передано юристу: {lawyer}"  # the actor (who handed it over) follows
HANDED_TO_TOPIC_EVENT = "передано на тему «{topic}»"
UNDELIVERED_MARK = "\n⚠️ Заявник не отримав останнє повідомлення юриста: заблокував бота."

# --- refusals -------------------------------------------------------------------------
NOT_FOUND = "Звернення не знайдено."
NOT_YOURS = "⛔ Це звернення вам недоступне."
NOT_ASSIGNED_TO_YOU = "Звернення №{consultation_id} зараз не у вашій роботі."
UNKNOWN_TOPIC = "Невідома тема. Оберіть тему кнопкою."
RATING_RANGE = "Оцінка має бути від 1 до 5."
HANDOVER_TARGET_INVALID = "Цього юриста вже немає серед юристів. Оберіть іншого."
ALREADY_WITH_LAWYER = "Звернення №{consultation_id} уже передано: {lawyer}."
ALREADY_WITH_LAWYER_NAMELESS = "Звернення №{consultation_id} уже передано цьому юристу."

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
    """A refusal template whose `status` parameter is shown by its label, not its code (some have their own words)."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:
        status = kwargs.get("status")
        if status in set(ConsultationStatus):  # a code (as a refusal carries it), not yet a label
            status = ConsultationStatus(status)
            if status in WRONG_STATE_IS and "consultation_id" in kwargs:
                return WRONG_STATE_IS[status].format(*args, **kwargs)
            kwargs["status"] = STATUS[status]
        return super().format(*args, **kwargs)


class _AgreeingTemplate(str):
    """A refusal template whose verb agrees with the person named by its `lawyer` parameter."""

    forms: Forms
    nameless: str

    def __new__(cls, forms: Forms, nameless: str) -> _AgreeingTemplate:
        template = super().__new__(cls, forms.unknown)
        template.forms, template.nameless = forms, nameless
        return template

    def format(self, *args: Any, **kwargs: Any) -> str:
        name = str(kwargs.get("lawyer") or "")
        template = agree(name, *self.forms) if name else self.nameless
        return template.format(*args, **kwargs)


WRONG_STATE = _StatusTemplate("Зараз ця дія неможлива: звернення має статус «{status}».")
# The usual reasons a button pressed again no longer applies.
WRONG_STATE_IS = {
    ConsultationStatus.ANSWERED: "На звернення №{consultation_id} уже надано відповідь.",
    ConsultationStatus.CLOSED: "Звернення №{consultation_id} уже закрито.",
}

ERRORS: dict[type[DomainError], str] = {
    e.ConsultationNotFound: NOT_FOUND,
    e.NotYours: NOT_YOURS,
    e.NotAssignedToYou: NOT_ASSIGNED_TO_YOU,
    e.StaffOnly: tc.NO_RIGHTS,
    e.WrongStatus: WRONG_STATE,
    e.AlreadyTaken: _AgreeingTemplate(ALREADY_TAKEN, ALREADY_TAKEN_NAMELESS),
    e.AlreadyYours: ALREADY_YOURS,
    e.NotInQueue: NOT_OPEN,
    e.AlreadyRated: ALREADY_RATED,
    e.HandoverTargetInvalid: HANDOVER_TARGET_INVALID,
    e.AlreadyWithLawyer: _AgreeingTemplate(Forms(*[ALREADY_WITH_LAWYER] * 3), ALREADY_WITH_LAWYER_NAMELESS),
    e.UnknownTopic: UNKNOWN_TOPIC,
    e.RatingOutOfRange: RATING_RANGE,
    e.DraftEmpty: DRAFT_EMPTY,
    e.DraftTooLong: DRAFT_TOO_LONG,
    e.TooManyFiles: TOO_MANY_FILES,
}
