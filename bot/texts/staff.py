"""Staff management texts (admins): lawyers and editors."""

from __future__ import annotations

from core.errors import DomainError
from services.staff import (
    HiddenAccount,
    InvalidTelegramId,
    NotLawyer,
    NotStaff,
    StoredAdmin,
    UnknownStaffRole,
    UnknownTopics,
)

TITLE = "👥 <b>Персонал гарячої лінії</b>"
LAWYERS = "<b>Юристи</b> ({count}):"
EDITORS = "<b>Редактори</b> ({count}):"
NONE = "— немає"
ALL_TOPICS = "усі теми"
NOT_YET_REGISTERED = "ще не зареєструвався"
MEMBER_LINE = "{name} · id <code>{telegram_id}</code>"
TOPICS_LINE = "   теми: {topics}"
USAGE = (
    "Команди:\n"
    "<code>/staff add ID lawyer [теми]</code> — додати юриста (без тем — усі теми)\n"
    "<code>/staff add ID editor</code> — додати редактора\n"
    "<code>/staff remove ID</code> — вилучити з персоналу\n"
    "Коди тем: {codes}"
)

BTN_ADD = "➕ Додати"
BTN_BACK = "« До списку"
BTN_TOPICS = "✏️ Теми"
BTN_REMOVE = "🗑 Вилучити"
BTN_REMOVE_CONFIRM = "🗑 Так, вилучити"
BTN_SAVE = "💾 Зберегти"
BTN_LAWYER = "⚖️ Юрист"
BTN_EDITOR = "📝 Редактор"
BTN_PICK_USER = "👤 Обрати в Telegram"

MEMBER_CARD = "{name}\nid <code>{telegram_id}</code>\nРоль: {roles}\nТеми: {topics}"
ROLE_LAWYER = "юрист"
ROLE_EDITOR = "редактор"
REMOVE_CONFIRM = "Вилучити {name} з персоналу? Його незавершені звернення повернуться в чергу."

ASK_ID = (
    "Кого додати? Натисніть «👤 Обрати в Telegram», перешліть його повідомлення або надішліть числовий Telegram ID."
)
ID_HIDDEN = "Ця людина приховала свій акаунт у пересланих повідомленнях. Оберіть її кнопкою або надішліть ID."
ASK_ROLE = "Ким буде id <code>{telegram_id}</code>?"
ASK_TOPICS = (
    "Теми юриста id <code>{telegram_id}</code>. Позначте потрібні й натисніть «Зберегти». "
    "Без позначених тем юрист отримує всі теми."
)

ADDED_LAWYER = "✅ id <code>{telegram_id}</code> тепер юрист. Теми: {topics}."
ADDED_EDITOR = "✅ id <code>{telegram_id}</code> тепер редактор."
TOPICS_SAVED = "✅ Теми юриста id <code>{telegram_id}</code>: {topics}."
REMOVED = "✅ id <code>{telegram_id}</code> вилучено з персоналу."
RELEASED = "Повернуто в чергу звернень: {count}."

# Told to the person (notices, bot/views/staff.py).
TO_LAWYER_ADDED = (
    "Вас додано до юристів гарячої лінії АМУ. Теми: {topics}.\n"
    "Нові звернення ваших тем надходитимуть сюди; /queue показує чергу."
)
TO_LAWYER_ADDED_UNREGISTERED = "\nСпершу натисніть /start і зареєструйтеся."
TO_EDITOR_ADDED = "Вас додано до редакторів бота АМУ."
TO_TOPICS_CHANGED = "Ваші теми на гарячій лінії АМУ змінено: {topics}."
TO_REMOVED = "Вас вилучено з персоналу гарячої лінії АМУ. Дякуємо за роботу!"

# Refusals (bot/views/errors.py renders them).
BAD_ID = "Telegram ID — це число, наприклад <code>123456789</code>."
BAD_ROLE = "Роль: <code>lawyer</code> (юрист) або <code>editor</code> (редактор)."
UNKNOWN_TOPICS = "Невідомі теми: {unknown}. Можливі коди: {codes}."
# These may be shown in a button's alert, which has no HTML.
NOT_STAFF = "id {telegram_id} не входить до персоналу."
NOT_LAWYER = "id {telegram_id} не юрист."
STORED_ADMIN = "id {telegram_id} — адміністратор; змінити його роль тут не можна."

ERRORS: dict[type[DomainError], str] = {
    InvalidTelegramId: BAD_ID,
    HiddenAccount: ID_HIDDEN,
    UnknownStaffRole: BAD_ROLE,
    UnknownTopics: UNKNOWN_TOPICS,
    NotStaff: NOT_STAFF,
    NotLawyer: NOT_LAWYER,
    StoredAdmin: STORED_ADMIN,
}
