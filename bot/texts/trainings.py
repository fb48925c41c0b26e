"""Trainings: catalogue, sign-up, reminders, attendance (Ukrainian UI)."""

from __future__ import annotations

KIND_TITLES = {
    "seminar": "Семінар",
    "webinar": "Вебінар",
    "training": "Тренінг",
    "summer_school": "Літня школа",
    "deputy_practicum": "Практикум для депутатів",
    "online_course": "Онлайн-курс",
}
AUDIENCE_TITLES = {
    "officials": "Посадові особи ОМС",
    "deputies": "Депутати місцевих рад",
    "both": "Посадові особи та депутати",
}
FORMAT_TITLES = {"online": "Онлайн", "offline": "Очно"}
STATUS_TITLES = {"registered": "Зареєстровано", "waitlisted": "У списку очікування", "cancelled": "Скасовано"}
ATTENDED_YES = "Був(ла)"
ATTENDED_NO = "—"

# Lists
LIST_UPCOMING = "🎓 <b>Найближчі навчання</b> (стор. {page}/{pages}). Оберіть захід:"
LIST_EMPTY = "Найближчих навчань поки немає. Ми повідомимо про нові в розсилці."
LIST_PAST = "🗂 <b>Минулі навчання</b> (стор. {page}/{pages}):"
LIST_PAST_EMPTY = "Минулих навчань ще немає."
MY_LIST = "📌 <b>Мої навчання</b>:"
MY_EMPTY = "Ви ще не записані на жодне навчання."
BTN_MY_TRAININGS = "📌 Мої навчання"
BTN_UPCOMING = "🎓 Найближчі"
BTN_PAST = "🗂 Минулі"
BTN_NEW = "➕ Нове навчання"
BTN_PREV = "◀️"
BTN_NEXT = "▶️"
BTN_BACK = "↩️ До списку"
BTN_ENTER_CODE = "✅ Підтвердити участь кодом"

# Card
CARD = (
    "<b>{title}</b>\n"
    "{kind} · {audience}\n"
    "📅 {when} ({duration})\n"
    "{place}\n"
    "🏷 Тема: {topic}\n"
    "{council}"
    "👥 Місця: {seats}\n"
    "⏳ Запис до: {deadline}"
)
PLACE_ONLINE = "💻 Онлайн"
PLACE_ONLINE_LINK = "💻 Онлайн: {link}"
PLACE_OFFLINE = "📍 {address}"
COUNCIL_LINE = "🏛 Для ради: {community} ({region})\n"
SEATS_UNLIMITED = "без обмежень, записано {taken}"
SEATS_LIMITED = "{taken} з {capacity}"
SEATS_WAITLIST = ", в очікуванні {waiting}"
NO_TOPIC = "—"
CARD_YOU_REGISTERED = "\n\n✅ Ви зареєстровані."
CARD_YOU_WAITLISTED = "\n\n⏳ Ви у списку очікування (№{position})."
CARD_CLOSED = "\n\n🔒 Запис закрито."
CARD_CANCELLED = "\n\n❌ Навчання скасовано."
CARD_ADMIN = "\n\n🔑 Код присутності: <code>{code}</code>"
HOURS_MINUTES = "{h} год {m} хв"
HOURS = "{h} год"
MINUTES = "{m} хв"

BTN_SIGN_UP = "✍️ Записатися"
BTN_JOIN_WAITLIST = "⏳ У список очікування"
BTN_CONFIRM_SIGN_UP = "✅ Так, записатися"
BTN_LEAVE = "🚫 Скасувати запис"
BTN_CONFIRM_LEAVE = "🚫 Так, скасувати запис"
BTN_KEEP = "↩️ Ні, залишити"
CONFIRM_SIGN_UP = "Записатися на «{title}» ({when})?"
CONFIRM_LEAVE = "Скасувати ваш запис на «{title}»?"
SIGNED_UP = "✅ Ви зареєстровані на «{title}». Нагадаємо за добу і за годину до початку."
WAITLISTED = "⏳ Місць немає: ви у списку очікування (№{position}). Якщо місце звільниться, ви отримаєте повідомлення."
LEFT = "Запис на «{title}» скасовано."

# Errors (DomainError messages)
NOT_FOUND = "Навчання не знайдено."
TRAINING_IS_CANCELLED = "Це навчання скасовано."
SIGNUP_CLOSED = "Запис на це навчання закрито."
ALREADY_REGISTERED = "Ви вже записані на це навчання."
ALREADY_WAITLISTED = "Ви вже у списку очікування на це навчання."
NOT_REGISTERED_HERE = "Ви не записані на це навчання."
ALREADY_STARTED = "Навчання вже розпочалося: запис не можна змінити."
NEED_REGISTRATION = "Спершу зареєструйтеся: натисніть /start."

# Notifications (outbox)
PROMOTED = "🎉 Звільнилося місце: ви зареєстровані на «{title}» ({when}).{link}"
LINK_LINE = "\n🔗 Посилання: {link}"
ADDRESS_LINE = "\n📍 Адреса: {address}"
REMINDER_24H = "⏰ Нагадування: завтра о {time} — «{title}».{place}"
REMINDER_1H = "⏰ За годину, о {time}, починається «{title}».{place}"
TRAINING_CANCELLED_NOTICE = "❌ Навчання «{title}» ({when}) скасовано. Вибачте за незручності."
TRAINING_CHANGED_NOTICE = "✏️ Зміни у навчанні «{title}»: {when}.{place}"

# Attendance by code
ASK_CODE = "Введіть код, який оголосили на навчанні:"
ATTEND_USAGE = "Надішліть код так: <code>/attend КОД</code>, або натисніть кнопку в «Мої навчання»."
CODE_WRONG = "❌ Код не підходить. Перевірте його і введіть ще раз (або /cancel)."
CODE_NO_TRAINING = "Зараз немає навчання, на яке ви записані і де можна підтвердити участь."
CODE_ALREADY = "Вашу участь у «{title}» уже підтверджено."
CODE_OK = "✅ Дякуємо! Участь у «{title}» підтверджено."

# Admin: participants, attendance, exports
BTN_PARTICIPANTS = "👥 Учасники"
BTN_ATTENDANCE = "☑️ Відвідуваність"
BTN_EXPORT_XLSX = "📊 XLSX"
BTN_EXPORT_CSV = "📄 CSV"
BTN_EDIT = "✏️ Редагувати"
BTN_CANCEL_TRAINING = "❌ Скасувати навчання"
BTN_CONFIRM_CANCEL_TRAINING = "❌ Так, скасувати навчання"
PARTICIPANTS = "👥 <b>{title}</b>\nЗареєстровано: {registered}, в очікуванні: {waiting}, скасували: {cancelled}."
PARTICIPANT_LINE = "{n}. {name} — {position}, {community} ({status}{attended})"
ATTENDED_MARK = ", ✅ був(ла)"
PARTICIPANTS_NONE = "Ще ніхто не записався."
ATTENDANCE = "☑️ <b>{title}</b>\nНатисніть на учасника, щоб позначити присутність. Присутні: {attended} з {total}."
ATTENDANCE_EMPTY = "Немає зареєстрованих учасників."
EXPORT_CAPTION = "Учасники: «{title}»"
EXPORT_HEADERS = ("ПІБ", "Посада", "Громада", "Область", "Статус", "Присутність", "Дата запису")
CONFIRM_CANCEL_TRAINING = "Скасувати «{title}»? Усі записані отримають повідомлення."
TRAINING_CANCELLED_DONE = "Навчання скасовано. Повідомлень учасникам: {notified}."
CANNOT_SHRINK = "Місткість не може бути меншою за кількість зареєстрованих ({taken})."

# Admin: the creation/editing dialog
ASK_TITLE = "Нове навчання. Введіть назву (до 200 символів):"
ASK_KIND = "Оберіть вид заходу:"
ASK_AUDIENCE = "Для кого цей захід?"
ASK_TOPIC = "Оберіть тему:"
ASK_STARTS_AT = "Дата і час початку (за київським часом), наприклад <code>25.12.2026 10:00</code>:"
ASK_DURATION = "Тривалість: оберіть або введіть (наприклад <code>90</code> хв, <code>1:30</code>, <code>2 год</code>):"
ASK_FORMAT = "Формат проведення:"
ASK_LINK = "Посилання на онлайн-трансляцію (https://...). Його побачать лише зареєстровані:"
ASK_ADDRESS = "Адреса проведення:"
ASK_CAPACITY = "Кількість місць (число) або «Без обмежень»:"
ASK_DEADLINE = "До коли триває запис? Оберіть або введіть дату і час (<code>24.12.2026 18:00</code>):"
ASK_COUNCIL = (
    "Для якої ради (громади) навчання депутатів? Введіть назву, наприклад «Гатненська сільська рада», або пропустіть:"
)
ASK_COUNCIL_REGION = "Область цієї ради:"
ASK_EDIT_FIELD = "Що змінити?"
CONFIRM_CREATE = "Перевірте і підтвердіть:\n\n{card}"
CREATED = "✅ Навчання створено."
UPDATED = "✅ Зміни збережено."
BTN_CREATE = "✅ Створити"
BTN_NO_LIMIT = "♾ Без обмежень"
BTN_UNTIL_START = "До початку"
BTN_DAY_BEFORE = "За добу до початку"
BTN_SKIP = "Пропустити"
BTN_NO_TOPIC = "Без теми"

EDIT_FIELDS = {
    "title": "Назва",
    "kind": "Вид",
    "audience": "Аудиторія",
    "topic": "Тема",
    "starts_at": "Дата і час",
    "duration": "Тривалість",
    "format": "Формат і місце",
    "capacity": "Місця",
    "deadline": "Запис до",
    "council": "Рада",
}

# Input errors
BAD_TITLE = "Назва має бути від 3 до 200 символів. Введіть ще раз:"
BAD_DATETIME = "Не розпізнав дату. Введіть як <code>25.12.2026 10:00</code> (день.місяць.рік години:хвилини)."
DATETIME_IN_PAST = "Ця дата вже минула. Введіть майбутню дату і час."
BAD_DURATION = (
    "Не розпізнав тривалість. Введіть хвилини (<code>90</code>), <code>1:30</code> або <code>2 год</code> (до 30 днів)."
)
BAD_LINK = "Посилання має починатися з http:// або https://. Введіть ще раз:"
BAD_ADDRESS = "Адреса має бути від 3 до 300 символів. Введіть ще раз:"
BAD_CAPACITY = "Введіть ціле число від 1 до 100000 або натисніть «Без обмежень»."
DEADLINE_AFTER_START = "Запис має закінчуватися не пізніше початку навчання."
BAD_COUNCIL = "Назва ради має бути від 3 до 200 символів."
USE_BUTTONS = "Оберіть варіант кнопкою нижче."
START_IN_PAST = "Початок навчання має бути в майбутньому."
ATTENDANCE_NOT_YET = "Відвідуваність можна позначати після початку навчання."
ATTENDANCE_ONLY_REGISTERED = "Позначати можна лише зареєстрованих учасників."
ATTENDANCE_MARKED = "✅ {name}: присутність позначено"
ATTENDANCE_UNMARKED = "⬜ {name}: позначку знято"
DURATION_BUTTONS = (60, 90, 120, 180, 240, 480)
