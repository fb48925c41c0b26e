"""Export of consultations (admins): texts and the Ukrainian names in the files."""

from __future__ import annotations

from storage.models import ConsultationStatus, EventKind

CHOOSE_PERIOD = "📤 <b>Вивантаження звернень</b> (XLSX і CSV). За який період?"
BTN_THIS_MONTH = "Цей місяць"
BTN_LAST_MONTH = "Минулий місяць"
BTN_THIS_YEAR = "Цей рік"
BTN_CUSTOM = "Інший період…"
ASK_RANGE = "Надішліть період у вигляді <code>01.01.2026-31.12.2026</code>."
BAD_RANGE = (
    "Не вдалося прочитати період. Приклад: <code>01.01.2026-31.12.2026</code> "
    "або <code>/export 2026-01-01 2026-12-31</code>."
)
RANGE_REVERSED = "Початок періоду пізніше за кінець."
PREPARING = "⏳ Готую вивантаження за {start}–{end}…"
EMPTY = "За {start}–{end} звернень немає."
CAPTION_XLSX = "Звернення за {start}–{end}: {consultations}, подій: {events}."
CAPTION_CSV = "Те саме у CSV (UTF-8): звернення й події."

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
EVENT_HEADERS = ("Номер звернення", "Час", "Подія", "Хто", "Текст", "Дані")
YES = "так"
NO = "ні"
SYSTEM = "система"

STATUS_TITLES = {
    ConsultationStatus.OPEN: "у черзі",
    ConsultationStatus.ASSIGNED: "у роботі",
    ConsultationStatus.CLARIFICATION: "уточнення",
    ConsultationStatus.ANSWERED: "відповідь надано",
    ConsultationStatus.CLOSED: "закрито",
}
EVENT_TITLES = {
    EventKind.CREATED: "створено",
    EventKind.ROUTED: "надіслано юристам",
    EventKind.TAKEN: "взято в роботу",
    EventKind.MESSAGE_IN: "повідомлення від посадової особи",
    EventKind.MESSAGE_OUT: "повідомлення від юриста",
    EventKind.CLARIFICATION_REQUESTED: "запит уточнення",
    EventKind.CLARIFICATION_PROVIDED: "уточнення надано",
    EventKind.ANSWERED: "відповідь",
    EventKind.HANDED_OVER: "передано",
    EventKind.RELEASED: "повернуто в чергу",
    EventKind.FOLLOW_UP: "додаткове питання",
    EventKind.REOPENED: "відкрито знову",
    EventKind.RATED: "оцінка",
    EventKind.CLOSED: "закрито",
    EventKind.AUTO_CLOSED: "закрито автоматично",
    EventKind.OVERDUE_LAWYER_REMINDED: "нагадування юристу (прострочено)",
    EventKind.OVERDUE_ADMIN_ESCALATED: "прострочено: повідомлено адміністраторів",
    EventKind.DELIVERY_FAILED: "не доставлено",
}
