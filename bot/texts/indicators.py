"""Texts of `/indicators`: the monitoring indicators of the strategy (Table 2)."""

from __future__ import annotations

ADMINS_ONLY = "⛔ Показники доступні лише адміністраторам АМУ."
YEAR_OUT_OF_RANGE = "Оберіть рік від {first} до {last}."
UNKNOWN_INDICATOR = "Такого показника немає в переліку."
NO_DATA = "немає даних"

TITLE = "📊 <b>Показники моніторингу Стратегії АМУ, {year}</b>"
TO_DATE = "на {date}, з початку року"
WHOLE_YEAR = "за весь рік"
PRIORITY = "<b>Стратегічний пріоритет {number}</b>\n<b>{name}</b>"
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
EXPORT_FILENAME = "pokaznyky_{year}.xlsx"
TEMPLATE_FILENAME = "shablon_pokaznykiv.xlsx"
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
ASK_VALUE_EXISTING = "Зараз внесено: <b>{old}</b>. Нове значення замінить його (попереднє збережеться в історії)."
BAD_VALUE = "Потрібне ціле невід'ємне число, наприклад 12."
BAD_YEAR = "Потрібен рік числом від {first} до {last}."
ASK_COMMENT = "Додайте коментар (джерело, пояснення) або натисніть «Без коментаря»."
ASK_REASON = "Значення змінюється з {old} на {new}. Напишіть причину зміни (обов'язково)."
BTN_NO_COMMENT = "Без коментаря"
REASON_REQUIRED = "Зміна внесеного значення потребує причини: напишіть її текстом."
SAVED = "✅ Збережено: {where}: <b>{value}</b>."
UNCHANGED = "Значення таке саме, нічого не змінено."
NEED_TEXT = "Напишіть відповідь текстом."
PRESS_BUTTON = "Оберіть варіант кнопкою вище (або /cancel)."
NOT_RECORDABLE = "Цей показник рахує бот; для нього вносяться лише база і ціль."
WHERE = "{name} · {kind} · {period}{region}{part}"
WHERE_REGION = " · {region}"
WHERE_PART = " · {part}"

# History
HISTORY_PICK = "📜 Історію якого показника показати?"
HISTORY_TITLE = "📜 <b>Історія змін</b>: {name}"
HISTORY_EMPTY = "Змін ще не було."
HISTORY_LINE = "{when} · {who}\n{where}: {old} → <b>{new}</b>{reason}"
HISTORY_REASON = "\n<i>{reason}</i>"
HISTORY_VIA_UPLOAD = " (XLSX)"

# Upload
UPLOAD_PROMPT = "Надішліть заповнений шаблон (.xlsx) одним документом."
UPLOAD_NOT_XLSX = "Потрібен файл .xlsx, заповнений за шаблоном."
UPLOAD_UNREADABLE = "Не вдалося прочитати файл як XLSX. Заповніть шаблон і надішліть ще раз."
UPLOAD_BAD_HEADER = "Перший рядок файлу має бути заголовком шаблону. Завантажте шаблон заново."
UPLOAD_EMPTY = "У файлі немає рядків зі значеннями."
UPLOAD_TOO_BIG = "Файл завеликий (понад {limit} рядків)."
UPLOAD_ERRORS = "❌ Файл не застосовано: знайдено помилки ({count}). Виправте їх і надішліть файл ще раз.\n\n{errors}"
UPLOAD_ERROR_LINE = "Рядок {row}: {reason}"
UPLOAD_MORE_ERRORS = "…і ще {count}"
UPLOAD_APPLIED = "✅ Файл застосовано: змінено значень {changed}, без змін {unchanged}."

ROW_UNKNOWN_INDICATOR = "невідомий код показника «{code}»"
ROW_BAD_KIND = "вид має бути «значення», «база» або «ціль»"
ROW_BAD_YEAR = "рік має бути числом від {first} до {last}"
ROW_BASELINE_YEAR = "база вноситься лише за {year} рік"
ROW_NEED_MONTH = "для цього показника потрібен місяць (1–12)"
ROW_NO_MONTH = "місяць вказується лише для відвідувачів сайту"
ROW_BAD_REGION = "невідома область «{code}»"
ROW_BAD_PART = "невідома частина «{code}»"
ROW_BAD_VALUE = "значення має бути цілим невід'ємним числом"
ROW_COMPUTED = "цей показник рахує бот: вносяться лише база і ціль"
ROW_NEED_REASON = "значення змінюється з {old} на {new}: вкажіть причину в коментарі"
ROW_DUPLICATE = "повторює рядок {row}"
