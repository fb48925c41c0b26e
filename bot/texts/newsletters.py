"""Newsletter texts: subscriptions, composing, progress, /news."""

from __future__ import annotations

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
UNSUBSCRIBE_BUTTON = "🔕 Відписатися від теми"
UNSUBSCRIBED_FROM = "Ви відписалися від: {topics}. Змінити підписки: /subscriptions"
ALREADY_UNSUBSCRIBED = "Ви вже не отримуєте розсилку на цю тему."

# /news
NEWS_EMPTY = "Розсилок ще не було. Підпишіться, щоб не пропустити: /subscriptions"
NEWS_LIST = "📰 <b>Останні розсилки</b>. Натисніть, щоб відкрити:"
NEWS_GONE = "Цієї розсилки немає."

# Composing
NOT_AUTHOR = "⛔ Розсилки готують адміністратори та юристи-редактори."
COMPOSE = (
    "✉️ <b>Нова розсилка</b>\n"
    "Надішліть повідомлення так, як його мають побачити підписники: текст з форматуванням "
    "(до 4096 символів) або фото чи документ з підписом (до 1024 символів)."
)
BTN_LIST = "📋 Усі розсилки"
NEED_CONTENT = "Надішліть текст, фото або документ."
CAPTION_TOO_LONG = "Підпис задовгий: не більше 1024 символів."
TEXT_TOO_LONG = "Текст задовгий: не більше 4096 символів."
PICK_TOPICS = "Оберіть теми розсилки (можна кілька), потім «Далі»."
PICK_REGIONS = "Кому надіслати? За замовчуванням усім областям; можна обрати окремі, потім «Далі»."
NEED_TOPIC = "Оберіть хоча б одну тему."
BTN_NEXT = "Далі ➡️"
BTN_ALL_REGIONS = "Усі області"
PREVIEW_BELOW = "👀 Так підписники побачать розсилку:"
PREVIEW_SUMMARY = "Теми: {topics}\nОбласті: {regions}\nОтримувачів зараз: <b>{recipients}</b>"
BTN_SEND_NOW = "🚀 Надіслати зараз"
BTN_SCHEDULE = "🕒 Запланувати"
BTN_DISCARD = "🗑 Скасувати"
BTN_CONFIRM = "✅ Підтвердити"
ASK_WHEN = "Коли надіслати? Дата й час ({tz}), наприклад: <code>{example}</code>"
BAD_WHEN = "Не розібрав дату. Формат: ДД.ММ.РРРР ГГ:ХХ, наприклад <code>{example}</code>"
WHEN_IN_PAST = "Цей час уже минув. Вкажіть майбутній."
CONFIRM_NOW = "Надіслати розсилку зараз? Отримувачів: <b>{recipients}</b>."
CONFIRM_AT = "Запланувати розсилку на <b>{when}</b>? Отримувачів зараз: <b>{recipients}</b>."
QUEUED = "✅ Розсилку №{id} поставлено в чергу. Я показуватиму, як іде доставка."
SCHEDULED = "✅ Розсилку №{id} заплановано на {when}."
DISCARDED = "Розсилку скасовано."
NOT_A_DRAFT = "Цю розсилку вже підтверджено або скасовано."

# Progress and reports
BTN_STOP = "⛔ Зупинити розсилку"
PROGRESS = (
    "📤 <b>Розсилка №{id}</b> триває\n"
    "Доставлено: {sent}\nНе вдалося: {failed}\nЗаблокували бота: {blocked}\n"
    "Залишилось: {remaining}\nОрієнтовне завершення: {eta}"
)
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
