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
# Someone added before they registered: Telegram's number of their account is all the bot knows.
NAMELESS = "акаунт Telegram {telegram_id}"
NOT_YET_REGISTERED = "реєстрацію ще не завершено"
MEMBER_LINE = "{name}"
MEMBER_UNREGISTERED = "{name} · <i>{note}</i>"
TOPICS_LINE = "   теми: {topics}"
HINT = (
    "Щоб додати юриста чи редактора, натисніть «➕ Додати». "
    "Щоб змінити теми юриста або вилучити когось, натисніть ім'я."
)
USAGE = "Персоналом керують кнопками: /staff показує список, «➕ Додати» додає юриста чи редактора."

BTN_ADD = "➕ Додати"
BTN_BACK = "« До списку"
BTN_TOPICS = "✏️ Теми"
BTN_REMOVE = "🗑 Вилучити"
BTN_REMOVE_CONFIRM = "🗑 Так, вилучити"
BTN_SAVE = "💾 Зберегти"
BTN_LAWYER = "⚖️ Юрист"
BTN_EDITOR = "📝 Редактор"
BTN_PICK_USER = "👤 Обрати в Telegram"

MEMBER_CARD = "{name}\nРоль: {roles}\nТеми: {topics}"
ROLE_LAWYER = "юрист"
ROLE_EDITOR = "редактор"
# The name stays in the nominative case: "юриста Коваль Олена", never a declined name.
REMOVE_LAWYER = "Вилучити юриста {name} з персоналу? Незавершені звернення повернуться в чергу."
REMOVE_EDITOR = "Вилучити редактора {name} з персоналу?"

ASK_ID = (
    "Кого додати? Натисніть «👤 Обрати в Telegram», перешліть повідомлення цієї людини "
    "або надішліть номер її акаунта Telegram (лише цифри)."
)
ID_HIDDEN = "Ця людина приховала свій акаунт у пересланих повідомленнях. Оберіть її кнопкою «👤 Обрати в Telegram»."
ASK_ROLE = "Ким буде {name}?"
ASK_TOPICS = "Теми юриста {name}. Позначте потрібні й натисніть «Зберегти». Без позначених тем юрист отримує всі теми."

ADDED_LAWYER = "✅ {name} тепер юрист. Теми: {topics}."
ADDED_EDITOR = "✅ {name} тепер редактор."
TOPICS_SAVED = "✅ Теми юриста {name}: {topics}."
REMOVED = "✅ {name} більше не в персоналі."
RELEASED = "Повернуто в чергу звернень: {count}."
# A button alert (no HTML): the same button pressed again.
UNCHANGED = "Це вже збережено, змін немає."

# Told to the person (notices, bot/views/staff.py); their new main menu comes with them.
TO_LAWYER_ADDED = (
    "Вас додано до юристів гарячої лінії АМУ. Теми: {topics}.\n"
    "Нові звернення ваших тем надходитимуть сюди; кнопка «📥 Черга звернень» у меню показує чергу."
)
TO_LAWYER_ADDED_UNREGISTERED = "\nСпершу натисніть /start і зареєструйтеся."
TO_EDITOR_ADDED = "Вас додано до редакторів бота АМУ: розсилку можна створити командою /newsletter."
TO_TOPICS_CHANGED = "Ваші теми на гарячій лінії АМУ змінено: {topics}."
TO_REMOVED = "Вас вилучено з персоналу гарячої лінії АМУ. Дякуємо за роботу! Меню оновлено."
# A staff button pressed by someone whose role no longer has it (their menu had not caught up yet).
NOT_YOUR_BUTTON = "Ця кнопка лише для персоналу гарячої лінії, а ваша роль змінилася. Ось ваше меню 👇"

# Refusals (bot/views/errors.py renders them); they may be shown in a button's alert, which has no HTML.
BAD_ID = (
    "Номер акаунта Telegram — це лише цифри, наприклад 123456789. Або оберіть людину кнопкою «👤 Обрати в Telegram»."
)
BAD_ROLE = "Роль може бути лише «юрист» або «редактор»."
UNKNOWN_TOPICS = (
    "Невідомі теми: {unknown}. Теми зручніше позначити кнопками: /staff → ім'я юриста → «✏️ Теми». "
    "Коди тем для команди: {codes}."
)
NOT_STAFF = "Цієї людини немає в персоналі: можливо, її вже вилучили."
NOT_LAWYER = "Ця людина вже не юрист."
STORED_ADMIN = "Це адміністратор: його роль тут не змінюють."

ERRORS: dict[type[DomainError], str] = {
    InvalidTelegramId: BAD_ID,
    HiddenAccount: ID_HIDDEN,
    UnknownStaffRole: BAD_ROLE,
    UnknownTopics: UNKNOWN_TOPICS,
    NotStaff: NOT_STAFF,
    NotLawyer: NOT_LAWYER,
    StoredAdmin: STORED_ADMIN,
}
