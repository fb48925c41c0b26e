"""Texts of `/indicators`: the monitoring indicators of the strategy (Table 2)."""

from __future__ import annotations

from core.errors import DomainError
from services.indicators import errors as e

ADMINS_ONLY = "⛔ Показники доступні лише адміністраторам АМУ."
YEAR_OUT_OF_RANGE = "Оберіть рік від {first} до {last}."
UNKNOWN_INDICATOR = "Такого показника немає в переліку."
NO_DATA = "немає даних"

TITLE = "📊 <b>Показники моніторингу Стратегії АМУ, {year}</b>"
TO_DATE = "на {date}, з початку року"
WHOLE_YEAR = "за весь рік"
PRIORITY = "<b>Стратегічний пріоритет {number}</b>\n<b>{name}</b>"
# The overview: one short line per indicator (details, previous year and breakdowns a button away).
PRIORITY_SHORT = "<b>{number}. {name}</b>"
OVERVIEW_LINE = "{number} {name}: {value}"
OVERVIEW_CURRENT = "<b>{value}</b>"
OVERVIEW_MONTHS = "<b>{value}</b> (за {months} міс.)"
OVERVIEW_BASELINE = " · база {year}: {value}"
OVERVIEW_TARGET = " · ціль: {value}"
SERVICE_SHORT = (
    "🛠 <b>Робота сервісу</b>\n"
    "Гаряча лінія: надійшло звернень: {asked}, надано відповідей (вперше): {answered}, "
    "відкрито зараз: {open}, прострочено зараз: {overdue}; медіана часу до першої відповіді: {median}; "
    "середня оцінка: {rating}\n"
    "{newsletters}\n"
    "Навчання: записів {signups}"
)
SERVICE_NEWSLETTERS_SHORT = (
    "Розсилки: підписників {subscribers}, розсилок {newsletters_sent}, доставлено {deliveries_sent}, "
    "не доставлено {deliveries_failed}, заблокували бота {deliveries_blocked}"
)
SERVICE_NEWSLETTERS_SHORT_NONE = "Розсилки: немає даних"
DETAILS_TITLE = "🔎 <b>Показники {year}: докладно</b>"
ALREADY_PRESSED = "Уже зроблено — дивіться нижче. Щоб повторити, надішліть /indicators."
CHART_ALREADY_SENT = "Цей графік уже надіслано нижче."
HISTORY_ALREADY_SENT = "Цю історію вже показано нижче."
PRIORITY_LIST_NAME = "<i>(у переліку пріоритетів: «{name}»)</i>"
LINE_NAME = "<b>{number}.</b> {name}"
MONTHLY_AVERAGE = "(середньомісячний показник)"
MONTHS_COUNTED = "{value} (середнє за {months} міс.)"
CURRENT = "• {year}: {value}"
PREVIOUS = "• {year}: {value}"
BASELINE = "• база {year}: {value}"
TARGET = "• ціль {year}: {value}"
COMPUTED_MARK = "🤖"
PART = "   ◦ {name}: {value}"
PART_TAKEN = "   ◦ {name}: {value} (враховано: {yes}, не враховано: {no})"
RESPONSIBLE = "   <i>{responsible}</i>"
LEGEND = "🤖 — рахує бот; решту вносять адміністратори."

SERVICE_TITLE = "🛠 <b>Робота сервісу, {year}</b>"
SERVICE_HOTLINE = (
    "<b>Гаряча лінія</b>\n"
    "• надійшло звернень: {asked}\n"
    "• надано відповідей (вперше): {answered}\n"
    "• відкрито зараз: {open}\n"
    "• прострочено зараз: {overdue}\n"
    "• медіана часу до першої відповіді: {median}\n"
    "• середня оцінка: {rating}"
)
SERVICE_NEWSLETTERS = (
    "<b>Розсилки</b>\n"
    "• підписників зараз: {subscribers}\n"
    "• розсилок: {newsletters_sent}\n"
    "• доставлено: {deliveries_sent}, не доставлено: {deliveries_failed}, заблокували бота: {deliveries_blocked}"
)
SERVICE_NEWSLETTERS_NONE = "<b>Розсилки</b>: немає даних"
SERVICE_SIGNUPS = "<b>Навчання</b>\n• записів на навчання: {signups}"
RATING = "{value:.2f} з 5 (оцінок: {count})"
HOURS = "{value:.1f} год"
MINUTES = "{value:.0f} хв"
DAYS = "{value:.1f} дн."

UNIT_UAH = "грн"
UNIT_VISITORS = "відвідувачів"

BTN_PREV_YEAR = "◀️ {year}"
BTN_NEXT_YEAR = "{year} ▶️"
BTN_REGIONS = "🗺 За областями"
BTN_XLSX = "📥 XLSX"
BTN_CHARTS = "📈 Графіки"
BTN_RECORD = "✏️ Внести значення"
BTN_UPLOAD = "📤 Завантажити XLSX"
BTN_TEMPLATE = "📄 Шаблон XLSX"
BTN_HISTORY = "📜 Історія змін"
BTN_DETAILS = "🔎 Докладно"

REGIONS_TITLE = "🗺 <b>Показники за областями, {year}</b>"
REGIONS_NONE = "За областями даних за {year} рік немає."
REGION_LINE = "   {region}: {value}"

CHARTS_PICK = "📈 Оберіть показник і вигляд графіка ({year}):"
BTN_CHART_MONTHS = "{n}. по місяцях"
BTN_CHART_YEARS = "{n}. по роках"
CHART_CAPTION = "{name}\n{period}"
CHART_BY_MONTH = "по місяцях {year} року"
CHART_BY_YEAR = "по роках"
MONTHS_SHORT = ("січ", "лют", "бер", "кві", "тра", "чер", "лип", "сер", "вер", "жов", "лис", "гру")
MONTHS = (
    "січень",
    "лютий",
    "березень",
    "квітень",
    "травень",
    "червень",
    "липень",
    "серпень",
    "вересень",
    "жовтень",
    "листопад",
    "грудень",
)

EXPORT_CAPTION = "Показники моніторингу Стратегії АМУ за {year} рік."
EXPORT_FILENAME = "Показники_АМУ_{year}.xlsx"
TEMPLATE_FILENAME = "Шаблон_показників_АМУ.xlsx"
TEMPLATE_CAPTION = (
    "Шаблон для внесення показників. Заповніть стовпці «Рік», «Місяць» (лише для відвідувачів сайту), "
    "«Значення» і, якщо треба, «Область» та «Коментар»; рядки без значення пропускаються. "
    "Зміна вже внесеного значення потребує коментаря (причини). Потім натисніть «Завантажити XLSX»."
)

# Recording one value (the guided dialog)
PICK_KIND = "✏️ Що вносимо?"
KIND_ACTUAL = "Значення за період"
KIND_BASELINE = "База ({year})"
KIND_TARGET = "Ціль"
KIND_LABELS = {"actual": "значення", "baseline": "база", "target": "ціль"}
PICK_INDICATOR = "Оберіть показник:"
PICK_PART = "Що саме вносимо для «{name}»?"
PART_TOTAL = "Загалом"
PART_TAKEN_YES = "{name}, враховано"
PART_TAKEN_NO = "{name}, не враховано"
PICK_YEAR = "За який рік? Натисніть кнопку або напишіть рік числом."
PICK_MONTH = "За який місяць?"
PICK_REGION = "Для всієї асоціації чи для області?"
BTN_WHOLE = "Вся асоціація"
ASK_VALUE = "Напишіть значення цілим числом ({unit}).\n{where}"
UNIT_COUNT = "кількість"
ASK_VALUE_EXISTING = "Зараз внесено: <b>{old}</b>. Нове значення замінить його (попереднє збережеться в історії)."
ASK_COMMENT = "Додайте коментар (джерело, пояснення) або натисніть «⏭ Пропустити»."
ASK_REASON = "Значення змінюється з {old} на {new}. Напишіть причину зміни (обов'язково)."
SAVED = "✅ Збережено: {where}: <b>{value}</b>."
FORM_TITLE = "внесення значення показника"
PROMPTS = {
    "kind": PICK_KIND,
    "indicator": PICK_INDICATOR,
    "part": "Що саме вносимо?",
    "year": PICK_YEAR,
    "month": PICK_MONTH,
    "region": PICK_REGION,
    "value": "Напишіть значення цілим числом.",
    "comment": ASK_COMMENT,
}
FIELD_LABELS = {
    "kind": "Що",
    "indicator": "Показник",
    "part": "Частина",
    "year": "Рік",
    "month": "Місяць",
    "region": "Де",
    "value": "Значення",
    "comment": "Коментар",
}
SUMMARY = "✏️ <b>Внесення значення</b>\n{name}\n{where}\nЗначення: <b>{value}</b>{existing}\nКоментар: {comment}"
SUMMARY_EXISTING = " (зараз внесено: {old})"
NO_COMMENT = "—"
UNCHANGED = "Значення таке саме, нічого не змінено."
NOT_RECORDABLE = "Цей показник рахує бот; для нього вносяться лише база і ціль."
WHERE_REGION = " · {region}"
WHERE_PART = " · {part}"

# History
HISTORY_PICK = "📜 Історію якого показника показати?"
HISTORY_TITLE = "📜 <b>Історія змін</b>: {name}"
HISTORY_EMPTY = "Змін ще не було."
HISTORY_LINE = "{when} · {who}\n{where}: {old} → <b>{new}</b>{reason}"
HISTORY_REASON = "\n<i>{reason}</i>"
HISTORY_VIA_UPLOAD = " (XLSX)"
HISTORY_SOMEONE = "адміністратор"

# Upload
UPLOAD_PROMPT = "Надішліть заповнений шаблон (файл Excel, .xlsx) одним документом."
UPLOAD_NOT_XLSX = "Потрібен файл Excel (.xlsx), заповнений за шаблоном."
UPLOAD_UNREADABLE = "Не вдалося прочитати файл як XLSX. Заповніть шаблон і надішліть ще раз."
UPLOAD_BAD_HEADER = "Перший рядок файлу має бути заголовком шаблону. Завантажте шаблон заново."
UPLOAD_EMPTY = "У файлі немає рядків зі значеннями."
UPLOAD_TOO_BIG = "Файл завеликий (понад {limit} рядків)."
UPLOAD_ERRORS = "❌ Файл не застосовано: знайдено помилки ({count}). Виправте їх і надішліть файл ще раз.\n\n{errors}"
UPLOAD_ERROR_LINE = "Рядок {row}: {reason}"
UPLOAD_MORE_ERRORS = "…і ще {count}"
UPLOAD_APPLIED = "✅ Файл застосовано: змінено значень {changed}, без змін {unchanged}."

# Why a value cannot be recorded (the form, and each bad row of an upload: "Рядок 3: …").
ROW_UNKNOWN_INDICATOR = "Невідомий код показника «{code}»."
ROW_BAD_KIND = "Вид має бути «значення», «база» або «ціль»."
ROW_BAD_YEAR = "Рік має бути числом від {first} до {last}."
ROW_YEAR_NOT_A_NUMBER = "Рік має бути числом, не раніше {first}."
ROW_BASELINE_YEAR = "База вноситься лише за {year} рік."
ROW_NEED_MONTH = "Для цього показника потрібен місяць (1–12)."
ROW_NO_MONTH = "Місяць вказується лише для відвідувачів сайту."
ROW_BAD_REGION = "Невідома область «{code}»."
ROW_BAD_PART = "Невідома частина «{code}»."
ROW_BAD_VALUE = "Потрібне ціле невід'ємне число, наприклад 12."
ROW_COMPUTED = NOT_RECORDABLE
ROW_NEED_REASON = "Значення змінюється з {old} на {new}: вкажіть причину зміни в коментарі."
ROW_DUPLICATE = "Повторює рядок {row}."
ENTRY_REFUSED = "Це значення не можна внести."
USE_BUTTONS = "Оберіть варіант кнопкою під повідомленням."
UPLOAD_REJECTED = "❌ Файл не застосовано: у ньому є помилки."

ERRORS: dict[type[DomainError], str] = {
    e.IndicatorsForAdminsOnly: ADMINS_ONLY,
    e.YearOutOfRange: YEAR_OUT_OF_RANGE,
    e.UnknownIndicator: UNKNOWN_INDICATOR,
    e.UseButtons: USE_BUTTONS,
    e.EntryRefused: ENTRY_REFUSED,
    e.UnknownIndicatorCode: ROW_UNKNOWN_INDICATOR,
    e.UnknownKind: ROW_BAD_KIND,
    e.ComputedNotRecordable: ROW_COMPUTED,
    e.BaselineYearOnly: ROW_BASELINE_YEAR,
    e.YearNotAllowed: ROW_BAD_YEAR,
    e.YearNotANumber: ROW_YEAR_NOT_A_NUMBER,
    e.MonthNeeded: ROW_NEED_MONTH,
    e.MonthNotApplicable: ROW_NO_MONTH,
    e.UnknownRegion: ROW_BAD_REGION,
    e.UnknownPart: ROW_BAD_PART,
    e.BadValue: ROW_BAD_VALUE,
    e.DuplicateRow: ROW_DUPLICATE,
    e.ReasonNeeded: ROW_NEED_REASON,
    e.UploadRejected: UPLOAD_REJECTED,
    e.UploadNotXlsx: UPLOAD_NOT_XLSX,
    e.UploadUnreadable: UPLOAD_UNREADABLE,
    e.UploadNotTemplate: UPLOAD_BAD_HEADER,
    e.UploadEmpty: UPLOAD_EMPTY,
    e.UploadTooBig: UPLOAD_TOO_BIG,
}
