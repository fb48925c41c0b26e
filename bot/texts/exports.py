"""Export of consultations (admins). Status and event names come from `bot.texts.consultations`."""

from __future__ import annotations

from core.errors import DomainError
from services.exports_errors import BadRange, RangeReversed

CHOOSE_PERIOD = "📤 <b>Вивантаження звернень</b> (XLSX і CSV). За який період?"
BTN_THIS_MONTH = "Цей місяць"
BTN_LAST_MONTH = "Минулий місяць"
BTN_THIS_YEAR = "Цей рік"
BTN_CUSTOM = "Інший період…"
ASK_RANGE = "Надішліть період у вигляді <code>01.01.2026-31.12.2026</code>."
# A period button pressed again on the same message (a double tap): the files are below.
ALREADY_SENT = "Вивантаження вже надіслано нижче. Щоб повторити, надішліть /export."
RANGE_ALREADY_ASKED = "Період уже запитано нижче: надішліть дати одним повідомленням."
BAD_RANGE = (
    "Не вдалося прочитати період. Приклад: <code>01.01.2026-31.12.2026</code> "
    "або <code>/export 2026-01-01 2026-12-31</code>."
)
RANGE_REVERSED = "Початок періоду пізніше за кінець."
PREPARING = "⏳ Готую вивантаження за {start}–{end}…"
EMPTY = "За {start}–{end} звернень немає."
CAPTION_XLSX = "Звернення за {start}–{end}: {consultations}, подій: {events}."
CAPTION_CSV = "Те саме у CSV: звернення й події."

SHEET_CONSULTATIONS = "Звернення"
SHEET_EVENTS = "Події"
CONSULTATION_HEADERS = (
    "Номер",
    "Створено",
    "Посадова особа",
    "Посада",
    "Громада",
    "Область",
    "Тема",
    "Статус",
    "Юрист",
    "Термін відповіді",
    "Перша відповідь",
    "Закрито",
    "Оцінка",
    "Коментар",
    "Не доставлено",
)
EVENT_HEADERS = ("Номер звернення", "Час", "Подія", "Хто", "Текст", "Тема", "Юрист", "Причина", "Оцінка", "Вкладень")
YES = "так"
NO = "ні"
SYSTEM = "система"
NOBODY = "користувач №{user_id}"
REASONS = {
    "resolved": "заявник позначив питання вирішеним",
    "staff": "закрито працівником АМУ",
    "lawyer removed": "юриста вилучено з гарячої лінії",
    "blocked": "заявник заблокував бот",
}
CLOSED_AFTER_DAYS = "без відповіді заявника {days} дн."
# Officials' personal data: the file name says so.
FILE_STEM = "Персональні_дані_Звернення_АМУ_{start}_{end}"
CSV_NAMES = ("звернення.csv", "події.csv")


ERRORS: dict[type[DomainError], str] = {BadRange: BAD_RANGE, RangeReversed: RANGE_REVERSED}
