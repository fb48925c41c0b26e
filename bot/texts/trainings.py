"""Trainings: catalogue, sign-up, reminders, attendance, the admins' form and tools (Ukrainian UI)."""

from __future__ import annotations

from bot.texts import common as tc
from core.errors import DomainError
from services.trainings import errors as e

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
STATUS_TITLES = {"registered": "Зареєстровано", "waitlisted": "У списку очікування", "cancelled": "Скасовано"}
# Attendance, agreeing with the participant (bot/views/grammar.py): masculine, feminine, no gender needed.
ATTENDED_YES = ("Був", "Була", "Так")
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
BTN_BACK_TO_CARD = "↩️ До навчання"
BTN_ENTER_CODE = "✅ Підтвердити участь кодом"
MARK_REGISTERED = "✅"
MARK_WAITLISTED = "⏳"

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
SEATS_UNLIMITED_NEW = "без обмежень"
SEATS_LIMITED = "{taken} з {capacity}"
SEATS_LIMITED_NEW = "{capacity}"
SEATS_WAITLIST = ", в очікуванні {waiting}"
NO_TOPIC = "—"
UNTIL_START = "початку"
CARD_YOU_REGISTERED = "\n\n✅ Ви записані."
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
# No seat left: joining the waiting list, which signs the person up by itself when a seat frees.
CONFIRM_WAITLIST = (
    "Місць на «{title}» ({when}) немає. Стати в список очікування? Якщо місце звільниться, вас запишуть "
    "автоматично й повідомлять."
)
BTN_CONFIRM_WAITLIST = "✅ Так, у список очікування"
CONFIRM_LEAVE = "Скасувати ваш запис на «{title}»?"
SIGNED_UP = "✅ Ви записані на «{title}». Нагадаємо за добу і за годину до початку."
WAITLISTED = "⏳ Місць немає: ви у списку очікування (№{position}). Якщо місце звільниться, ви отримаєте повідомлення."
LEFT = "Запис на «{title}» скасовано."

# Refusals (core.errors: a class and its fields -> the text; bot/views/errors.py renders)
NOT_FOUND = "Навчання не знайдено."
TRAINING_IS_CANCELLED = "Це навчання скасовано."
SIGNUP_CLOSED = "Запис на це навчання закрито."
ALREADY_REGISTERED = "Ви вже записані на це навчання."
ALREADY_WAITLISTED = "Ви вже у списку очікування на це навчання."
NOT_REGISTERED_HERE = "Ви не записані на це навчання."
ALREADY_LEFT = "Ваш запис на це навчання вже скасовано."
ALREADY_STARTED = "Навчання вже розпочалося: запис не можна змінити."
NEED_REGISTRATION = "Спершу зареєструйтеся: натисніть /start."
PARTICIPANT_NOT_FOUND = "Учасника не знайдено: можливо, запис уже видалено."
ATTENDANCE_NOT_YET = "Відвідуваність можна позначати після початку навчання."
ATTENDANCE_ONLY_REGISTERED = "Позначати можна лише зареєстрованих учасників."
ATTENDANCE_ALREADY_MARKED = "{name}: присутність уже позначено."
ATTENDANCE_ALREADY_UNMARKED = "{name}: позначки вже немає."
CODE_WRONG = "❌ Код не підходить. Перевірте його і введіть ще раз (або /cancel)."
CODE_NO_TRAINING = "Зараз немає навчання, на яке ви записані і де можна підтвердити участь."
CODE_ALREADY = "Вашу участь у «{title}» уже підтверджено."
BAD_TITLE = "Назва має бути від {min_len} до {max_len} символів."
BAD_DATETIME = "Не розпізнав дату й час: потрібні день.місяць.рік і години:хвилини."
BAD_DURATION = (
    "Не розпізнав тривалість. Введіть хвилини (<code>90</code>), <code>1:30</code> або <code>2 год</code> (до 30 днів)."
)
BAD_LINK = "Схоже на посилання, але неповне: надішліть його з https:// (або адресу, якщо навчання очне)."
BAD_ADDRESS = "Адреса має бути від {min_len} до {max_len} символів."
BAD_CAPACITY = "Введіть ціле число від 1 до {max_capacity} або натисніть «Без обмежень»."
BAD_COUNCIL = "Назва ради має бути від {min_len} до {max_len} символів."
USE_BUTTONS = "Оберіть варіант кнопкою нижче."
START_IN_PAST = "Початок навчання має бути в майбутньому."
DEADLINE_IN_PAST = "Цей час запису вже минув. Оберіть або введіть пізніший."
DEADLINE_AFTER_START = "Запис має закінчуватися не пізніше початку навчання."
CANNOT_SHRINK = "Місткість не може бути меншою за кількість зареєстрованих ({taken})."
TRAINING_CONFLICT = "З цим навчанням цього вже не зробити: його стан змінився. Відкрийте його ще раз."
TEXT_LENGTH = "Текст має бути від {min_len} до {max_len} символів."

ERRORS: dict[type[DomainError], str] = {
    e.AdminsOnly: tc.NO_RIGHTS,
    e.RegistrationRequired: NEED_REGISTRATION,
    e.TrainingNotFound: NOT_FOUND,
    e.ParticipantNotFound: PARTICIPANT_NOT_FOUND,
    e.TrainingConflict: TRAINING_CONFLICT,
    e.TrainingIsCancelled: TRAINING_IS_CANCELLED,
    e.SignUpClosed: SIGNUP_CLOSED,
    e.AlreadyRegistered: ALREADY_REGISTERED,
    e.AlreadyWaitlisted: ALREADY_WAITLISTED,
    e.NotSignedUp: NOT_REGISTERED_HERE,
    e.AlreadyLeft: ALREADY_LEFT,
    e.AlreadyStarted: ALREADY_STARTED,
    e.AttendanceNotYet: ATTENDANCE_NOT_YET,
    e.AttendanceOnlyRegistered: ATTENDANCE_ONLY_REGISTERED,
    e.AttendanceAlreadyMarked: ATTENDANCE_ALREADY_MARKED,
    e.AttendanceAlreadyUnmarked: ATTENDANCE_ALREADY_UNMARKED,
    e.NoTrainingForCode: CODE_NO_TRAINING,
    e.CodeAlreadyUsed: CODE_ALREADY,
    e.WrongCode: CODE_WRONG,
    e.TextLength: TEXT_LENGTH,
    e.BadTitle: BAD_TITLE,
    e.BadDateTime: BAD_DATETIME,
    e.BadDuration: BAD_DURATION,
    e.BadLink: BAD_LINK,
    e.BadAddress: BAD_ADDRESS,
    e.BadCapacity: BAD_CAPACITY,
    e.BadCouncil: BAD_COUNCIL,
    e.UseButtons: USE_BUTTONS,
    e.StartInPast: START_IN_PAST,
    e.DeadlineInPast: DEADLINE_IN_PAST,
    e.DeadlineAfterStart: DEADLINE_AFTER_START,
    e.CapacityBelowTaken: CANNOT_SHRINK,
}

# Notices (outbox; bot/views/trainings.py NOTICES)
PROMOTED = "🎉 Звільнилося місце: ви записані на «{title}» ({when}).{place}"
LINK_LINE = "\n🔗 Посилання: {link}"
ADDRESS_LINE = "\n📍 Адреса: {address}"
REMINDER_24H = "⏰ Нагадування: завтра о {time} — «{title}».{place}"
REMINDER_1H = "⏰ За годину, о {time}, починається «{title}».{place}"
REMINDER_OTHER = "⏰ Нагадування: {when} — «{title}».{place}"
TRAINING_CANCELLED_NOTICE = "❌ Навчання «{title}» ({when}) скасовано. Вибачте за незручності."
TRAINING_CHANGED_NOTICE = "✏️ Зміни у навчанні «{title}»: {when}.{place}"

# Attendance by code
ASK_CODE = "Введіть код, який оголосили на навчанні:"
ATTEND_USAGE = "Надішліть код так: <code>/attend КОД</code>, або натисніть кнопку в «Мої навчання»."
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
ATTENDED_MARK = (", ✅ був", ", ✅ була", ", ✅ присутність є")
PARTICIPANTS_NONE = "Ще ніхто не записався."
ATTENDANCE = "☑️ <b>{title}</b>\nНатисніть на учасника, щоб позначити присутність. Присутні: {attended} з {total}."
ATTENDANCE_EMPTY = "Немає зареєстрованих учасників."
ATTENDANCE_MARKED = "✅ {name}: присутність позначено"
ATTENDANCE_UNMARKED = "⬜ {name}: позначку знято"
MARK_PRESENT = "✅"
MARK_ABSENT = "⬜"
EXPORT_CAPTION = "Учасники: «{title}»"
# Participants' personal data: the file name says so.
EXPORT_FILE_NAME = "Персональні дані Учасники {date} {title}"
EXPORT_SHEET = "Учасники"
EXPORT_HEADERS = ("ПІБ", "Посада", "Громада", "Область", "Статус", "Присутність", "Дата запису")
EXPORT_ALREADY_SENT = "Файл уже надіслано нижче. Щоб вивантажити знову, відкрийте навчання ще раз."
CONFIRM_CANCEL_TRAINING = "Скасувати «{title}»? Усі записані отримають повідомлення."
TRAINING_CANCELLED_DONE = "Навчання скасовано. Повідомлень учасникам: {notified}."

# Admin: the create/edit form (bot/forms.py shows it; services/trainings/form.py has its steps)
FORM_TITLE = "Створення або зміна навчання"
FORM_NEW = "➕ <b>Нове навчання</b>\n\n{card}"
FORM_EDIT = "✏️ <b>Зміни в навчанні</b>\n\n{card}"
PROMPTS = {
    "title": "Назва навчання (до 200 символів):",
    "kind": "Вид заходу:",
    "audience": "Для кого цей захід?",
    "topic": "Тема навчання (або «Пропустити»):",
    "starts_at": "Дата і час початку за київським часом, наприклад <code>{tomorrow}</code>:",
    "duration": "Тривалість: оберіть або введіть (наприклад <code>90</code> хв, <code>1:30</code>, <code>2 год</code>):",
    "place": (
        "Де проходитиме? Надішліть посилання на онлайн-трансляцію (https://…; його побачать лише записані учасники) "
        "або адресу для очного заходу:"
    ),
    "capacity": "Кількість місць (число) або «Без обмежень»:",
    "deadline": (
        "До коли триває запис? Оберіть або введіть дату і час за київським часом (наприклад <code>{deadline}</code>):"
    ),
    "council": (
        "Для якої ради (громади) навчання депутатів? Введіть назву, наприклад «Гатненська сільська рада», "
        "або натисніть «Пропустити»:"
    ),
    "region": "Область цієї ради (оберіть або введіть назву):",
}
FIELD_LABELS = {
    "title": "Назва",
    "kind": "Вид",
    "audience": "Для кого",
    "topic": "Тема",
    "starts_at": "Дата і час",
    "duration": "Тривалість",
    "place": "Місце",
    "capacity": "Кількість місць",
    "deadline": "Запис до",
    "council": "Рада",
    "region": "Область ради",
}
EXAMPLE_START_HOUR = 10  # examples of dates: tomorrow at this hour (never in the past)
EXAMPLE_DEADLINE_HOUR = 9
CREATED = "✅ Навчання створено."
UPDATED = "✅ Зміни збережено."
BTN_NO_LIMIT = "♾ Без обмежень"
BTN_UNTIL_START = "До початку"
BTN_DAY_BEFORE = "За добу до початку"
REGION_SUFFIX = " область"
REGION_SHORT = " обл."
