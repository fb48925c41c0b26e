"""Operations: /status and the error reports sent to the admins' chat."""

from __future__ import annotations

from core.errors import DomainError
from services.status import StatusForAdminsOnly

BTN_STATUS = "🩺 Стан бота"
ADMINS_ONLY = "⛔ Стан бота бачать лише адміністратори."
FSM_IN_DATABASE = "у базі даних"
FSM_IN_REDIS = "у Redis"
# The database by its kind (SQLAlchemy's dialect name); proper names stay as they are spelled.
DATABASES = {"sqlite": "вбудована (SQLite)", "postgresql": "PostgreSQL"}
DATABASE_OTHER = "інша"
# Background workers by name (workers/*.py `name`).
WORKERS = {
    "outbox": "Відправка повідомлень",
    "scheduler": "Заплановані завдання",
    "newsletters": "Розсилки",
}
WORKER_OTHER = "Інший фоновий процес"

STATUS_HEAD = "🩺 <b>Стан бота</b>\nВерсія {version}, працює {uptime}\nБаза даних: {database}; стан діалогів: {fsm}\n"
# The event-loop probe (bot/loop_lag.py), in milliseconds: the longest stall and the 95th percentile.
STATUS_LOOP_LAG = "⏱ Найдовша затримка обробки: {max_ms} мс (у 95% вимірів до {p95_ms} мс)\n"
STATUS_QUEUES = "\n<b>Черги</b>\n"
STATUS_OPEN = "📥 Відкриті звернення: {open} (без юриста: {unassigned})\n"
STATUS_OVERDUE = "⏰ Прострочені: {overdue}\n"
STATUS_OUTBOX = "✉️ Повідомлення до відправки: {outbox}\n"
STATUS_JOBS = "🗓 Заплановані завдання: {jobs} (на часі: {due_jobs})\n"
STATUS_WORKERS = "\n<b>Фонові процеси</b>\n"
STATUS_NEWSLETTER = "📰 Листи розсилки до відправки: {count}\n"
# worker, instance (numbered: 1 is the longest running), how long ago
WORKER_LINE = "{mark} {worker} · екземпляр {instance} · {ago} тому\n"
NO_WORKERS = "немає жодного сигналу від фонових процесів\n"
# A heartbeat older than this is shown as a stopped worker.
STALE_MARK = "🔴"
FRESH_MARK = "🟢"

DURATION_DAYS = "{d} д {h} год"
DURATION_HOURS = "{h} год {m} хв"
DURATION_MINUTES = "{m} хв {s} с"
DURATION_SECONDS = "{s} с"

# To the technical chat set in ERROR_CHAT_ID: the details (as the log has them).
ERROR_REPORT = (
    "⚠️ <b>Помилка в боті</b>: <code>{error}</code>\n{details}\nОновлення {update_id}, користувач {user_id}, код {code}."
)
# To an admin's own chat (ERROR_CHAT_ID not set): the details stay in the log.
ERROR_NOTE = "⚠️ Сталася помилка під час обробки дії користувача; подробиці в журналі, код {code}."
ERROR_SUPPRESSED = "\nЗа останні {minutes} хв ще {count} таких помилок не надсилалися окремо."

ERRORS: dict[type[DomainError], str] = {StatusForAdminsOnly: ADMINS_ONLY}
