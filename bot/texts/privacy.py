"""Personal data: the changed consent, /mydata, /forget, the access log (/audit)."""

from __future__ import annotations

from core.errors import DomainError
from services.privacy.errors import AlreadyForgotten, ConsentCurrent, StaffCannotForget

# The consent text changed since the person accepted it: shown before anything else they do.
CONSENT_CHANGED = "Ми оновили умови обробки персональних даних. Ознайомтеся з ними, щоб і далі користуватися ботом."
CONSENT_ACCEPTED = "Дякуємо! Згоду збережено, можна продовжувати."
CONSENT_DECLINED = (
    "Без згоди ми не можемо надавати послуги бота. Ви можете погодитися пізніше кнопкою вище, "
    "отримати свої дані (/mydata) або видалити їх (/forget)."
)

# /mydata
MYDATA_PREPARING = "Готуємо файли з усіма вашими даними…"
MYDATA_CAPTION_JSON = "Усі дані, які бот зберігає про вас (JSON: для інших програм)."
MYDATA_CAPTION_XLSX = "Ті самі дані у файлі Excel."
MYDATA_NOT_REGISTERED = "Бот не зберігає про вас жодних даних."
MYDATA_FILE_STEM = "Мої_дані_АМУ_{date}"
MYDATA_SHEETS = ("Профіль", "Звернення", "Події звернень", "Підписки", "Навчання", "Відповіді з бази")
MYDATA_PROFILE_HEADER = ("Поле", "Значення")
MYDATA_PROFILE_LABELS = {
    "full_name": "ПІБ",
    "position": "Посада",
    "community": "Громада",
    "region": "Область",
    "phone": "Телефон",
    "username": "Ім'я користувача в Telegram",
    "role": "Роль",
    "registered_at": "Зареєстровано",
    "consent_at": "Згода надана",
    "consent_version": "Версія згоди",
}
MYDATA_CONSULTATION_HEADER = ("№", "Тема", "Стан", "Створено", "Закрито", "Питання", "Оцінка", "Коментар до оцінки")
MYDATA_EVENT_HEADER = ("№ звернення", "Час", "Подія", "Хто", "Текст", "Файли")
MYDATA_SUBSCRIPTION_HEADER = ("Тема", "З")
MYDATA_TRAINING_HEADER = ("Навчання", "Початок", "Стан запису", "Записано", "Участь підтверджено")
MYDATA_HELPED_HEADER = ("Відповідь бази №", "Час", "Ваше питання")
WHO = {"self": "ви", "staff": "юрист АМУ", "system": "бот"}
ALL_TOPICS = "Усі теми"
YES = "так"
REGISTRATION_STATUS = {"registered": "записано", "waitlisted": "у списку очікування", "cancelled": "скасовано"}

# /forget
FORGET_ASK = (
    "<b>Видалити ваші дані?</b>\n\n"
    "Ми знеособимо ваш профіль (ПІБ, посаду, телефон, ім'я користувача), скасуємо підписки й записи "
    "на майбутні навчання, закриємо відкриті звернення (юрист отримає повідомлення) і видалимо тексти "
    "й файли всіх ваших звернень та питання, на які ви знайшли відповідь у базі. Громада й область лишаються лише для загальної статистики.\n\n"
    "Це не можна скасувати. Щоб користуватися ботом після цього, треба буде зареєструватися знову."
)
BTN_FORGET = "🗑 Так, видалити мої дані"
BTN_KEEP = "Ні, залишити"
FORGET_KEPT = "Гаразд, нічого не видалено."
FORGOTTEN = (
    "Ваші дані видалено. Закрито звернень: {closed}. Дякуємо, що користувалися ботом. "
    "Щоб повернутися, натисніть /start."
)
FORGET_NOT_REGISTERED = "Бот не зберігає про вас жодних даних."
STAFF_CANNOT_FORGET = "Ви працівник АМУ в цьому боті. Спершу попросіть адміністратора вилучити вас із працівників, потім повторіть /forget."
ALREADY_FORGOTTEN = "Ваші дані вже видалено."

# The lawyer of a consultation closed because the official erased their data.
OFFER_ERASED = "📥 Звернення №{number} відкликано: заявник видалив свої дані з бота."
WITHDRAWN_NOTICE = (
    "Звернення №{number} закрито: заявник видалив свої персональні дані. Тексти й файли звернення видалено."
)

# /audit (admins)
AUDIT_HEADER = "<b>Журнал доступу</b> (останні {count})"
AUDIT_EMPTY = "Журнал доступу порожній."
AUDIT_LINE = "{time} · {actor} · {action}{subject}{detail}"
AUDIT_SUBJECT = " · {kind} №{id}"
AUDIT_SYSTEM = "бот"
ACTIONS = {
    "consultation.opened": "відкрито чуже звернення",
    "export": "вивантаження звернень",
    "training.export": "вивантаження учасників навчання",
    "audit.export": "вивантаження журналу доступу",
    "staff.changed": "зміна працівників",
    "indicator.changed": "зміна показника",
    "forget.requested": "запит на видалення даних",
    "forget.completed": "дані видалено",
    "retention.run": "знеособлення за строком зберігання",
}
SUBJECTS = {
    "consultation": "звернення",
    "user": "користувач",
    "training": "навчання",
    "indicator": "показник",
}
BTN_AUDIT_EXPORT = "📥 Журнал у файлі Excel"
AUDIT_FILE_STEM = "Журнал_доступу_АМУ_{date}"
AUDIT_SHEET = "Журнал доступу"
AUDIT_HEADERS = ("Час", "Хто (№ користувача)", "Хто", "Дія", "Запис", "№ запису", "Подробиці")
AUDIT_CAPTION = "Журнал доступу: записів {count}."

ERRORS: dict[type[DomainError], str] = {
    StaffCannotForget: STAFF_CANNOT_FORGET,
    AlreadyForgotten: ALREADY_FORGOTTEN,
    ConsentCurrent: CONSENT_ACCEPTED,
}
