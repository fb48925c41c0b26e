"""Newsletter texts: subscriptions, composing, progress, /news."""

from __future__ import annotations

from core.errors import DomainError
from services.forms import DONE
from services.newsletters.errors import (
    BadWhen,
    CaptionTooLong,
    NeedContent,
    NeedTopic,
    NewsletterNotFound,
    NotAnAuthor,
    NotCancellable,
    RegistrationRequired,
    TextTooLong,
    TopicNotFound,
    WhenInPast,
)
from services.newsletters.form import ALL_REGIONS, NOW
from storage.models import ALL_TOPICS

# Subscriptions
SUBSCRIBE_OFFER = (
    "🔔 Бажаєте отримувати роз'яснення змін законодавства? "
    "Підпишіться на всі теми або оберіть потрібні (змінити можна будь-коли: /subscriptions)."
)
BTN_SUBSCRIBE_ALL = "🔔 Усі теми"
BTN_PICK_TOPICS = "Обрати теми"
BTN_NOT_NOW = "Не зараз"
NOT_NOW = "Добре. Підписатися можна будь-коли кнопкою «🔔 Підписки»."
SUBSCRIPTIONS = (
    "🔔 <b>Підписки на розсилку</b>\nНатискайте на теми, щоб підписатися (✅) або відписатися.\n\nЗараз: {summary}"
)
SUMMARY_NONE = "ви не підписані."
SUMMARY_ALL = "усі теми."
BTN_ALL_TOPICS = "Усі теми"
BTN_UNSUBSCRIBE_ALL = "🔕 Відписатися від усього"
BTN_DONE = "✔️ Готово"
SAVED = "Збережено: {summary}"
ALREADY_SAVED = "Так уже збережено."
UNSUBSCRIBE_BUTTON = "🔕 Відписатися від теми"
UNSUBSCRIBED_FROM = "Ви відписалися від: {topics}. Змінити підписки: /subscriptions"
# An alert holds 200 UTF-16 units: every topic by name does not fit.
UNSUBSCRIBED_EVERYTHING = "Ви відписалися від усіх тем розсилки. Підписатися знову: /subscriptions"
UNSUBSCRIBED_MANY = "Ви відписалися від тем цієї розсилки ({count}). Змінити підписки: /subscriptions"
TOPIC_GONE = "Такої теми вже немає. Відкрийте підписки ще раз: /subscriptions"
ALREADY_UNSUBSCRIBED = "Ви вже не отримуєте розсилку на цю тему."

# /news
NEWS_EMPTY = "Розсилок ще не було. Підпишіться, щоб не пропустити: /subscriptions"
NEWS_LIST = "📰 <b>Останні розсилки</b>. Натисніть, щоб відкрити:"
NEWS_ALREADY_SHOWN = "Цю розсилку вже показано нижче."
NEWS_GONE = "Цієї розсилки немає."

# Composing (the form: content, topics, regions, time; a summary with a preview)
NOT_AUTHOR = "⛔ Розсилки готують адміністратори та юристи-редактори."
FORM_TITLE = "нова розсилка"
COMPOSE_INTRO = "✉️ <b>Нова розсилка</b>"
BTN_LIST = "📋 Усі розсилки"
LIST_ALREADY_SENT = "Список уже надіслано нижче. Щоб оновити його, надішліть /newsletters."
PROMPTS = {
    "content": (
        "Надішліть повідомлення так, як його мають побачити підписники: текст з форматуванням "
        "(до 4096 символів) або фото чи документ з підписом (до 1024 символів)."
    ),
    "topics": "Оберіть теми розсилки (можна кілька), потім «Готово».",
    "regions": "Кому надіслати? За замовчуванням усім областям; можна обрати окремі, потім «Готово».",
    "when": "Коли надіслати? Натисніть «Одразу» або напишіть дату й час, наприклад: <code>{example}</code>",
}
FIELD_LABELS = {"content": "Текст", "topics": "Теми", "regions": "Області", "when": "Час"}
BTN_ALL_TOPICS = "Усі теми"
BTN_ALL_REGIONS = "Усі області"
BTN_DONE_PICKING = "Готово ➡️"
BTN_SEND_NOW = "🚀 Одразу після підтвердження"
CHOICES = {
    ("topics", ALL_TOPICS): BTN_ALL_TOPICS,
    ("topics", DONE): BTN_DONE_PICKING,
    ("regions", ALL_REGIONS): BTN_ALL_REGIONS,
    ("regions", DONE): BTN_DONE_PICKING,
    ("when", NOW): BTN_SEND_NOW,
}
PREVIEW_BELOW = "👀 Так підписники побачать розсилку:"
SUMMARY = "Теми: {topics}\nОбласті: {regions}\nКоли: {when}\nОтримувачів зараз: <b>{recipients}</b>"
WHEN_NOW = "одразу після підтвердження"
NEED_CONTENT = "Надішліть текст, фото або документ."
CAPTION_TOO_LONG = "Підпис задовгий: не більше {limit} символів."
TEXT_TOO_LONG = "Текст задовгий: не більше {limit} символів."
NEED_TOPIC = "Оберіть хоча б одну тему."
BAD_WHEN = "Не розібрав дату. Формат: ДД.ММ.РРРР ГГ:ХХ, наприклад <code>{example:%d.%m.%Y %H:%M}</code>"
WHEN_IN_PAST = "Цей час уже минув. Вкажіть майбутній."
QUEUED = "✅ Розсилку №{id} поставлено в чергу. Я показуватиму, як іде доставка."
SCHEDULED = "✅ Розсилку №{id} заплановано на {when}."

# Progress and reports
BTN_STOP = "⛔ Зупинити розсилку"
PROGRESS = (
    "📤 <b>Розсилка №{id}</b> триває\n"
    "Доставлено: {sent}\nНе вдалося: {failed}\nЗаблокували бота: {blocked}\n"
    "{remaining}"
)
PROGRESS_REMAINING = "Залишилось: {remaining}\nОрієнтовне завершення: {eta}"
PROGRESS_STARTING = "Готую список отримувачів…"
FINISHED = (
    "✅ <b>Розсилку №{id} завершено</b>\n"
    "Доставлено: {sent}\nНе вдалося: {failed}\nЗаблокували бота: {blocked}\nУсього отримувачів: {total}"
)
CANCELLED_REPORT = (
    "⛔ <b>Розсилку №{id} скасовано</b>\n"
    "Доставлено: {sent}\nНе вдалося: {failed}\nЗаблокували бота: {blocked}\nНе надіслано: {cancelled}"
)
CANNOT_CANCEL = "Цю розсилку вже не можна скасувати."

# Admin list
LIST_EMPTY = "Розсилок ще немає. Нова: /newsletter"
LIST_HEADER = "📋 <b>Розсилки</b>"
LIST_ROW = "№{id} · {status} · {when}\n{topics}\n✅ {sent} · ❌ {failed} · 🚫 {blocked} · ⏳ {pending} з {total}"
STATUS_TITLES = {
    "draft": "чернетка",
    "scheduled": "заплановано",
    "sending": "надсилається",
    "done": "завершено",
    "cancelled": "скасовано",
}
BTN_CANCEL_ID = "⛔ Скасувати №{id}"
ALL_TOPICS_TITLE = "усі теми"
ALL_REGIONS_TITLE = "усі області"

ERRORS: dict[type[DomainError], str] = {
    NotAnAuthor: NOT_AUTHOR,
    RegistrationRequired: "Спершу зареєструйтеся: натисніть /start.",
    NewsletterNotFound: NEWS_GONE,
    TopicNotFound: TOPIC_GONE,
    NotCancellable: CANNOT_CANCEL,
    NeedContent: NEED_CONTENT,
    TextTooLong: TEXT_TOO_LONG,
    CaptionTooLong: CAPTION_TOO_LONG,
    NeedTopic: NEED_TOPIC,
    BadWhen: BAD_WHEN,
    WhenInPast: WHEN_IN_PAST,
}
