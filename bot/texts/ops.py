"""Operations: /status and the error reports sent to the admins' chat."""

from __future__ import annotations

from core.errors import DomainError
from services.status import StatusForAdminsOnly

BTN_STATUS = "🩺 Стан бота"
ADMINS_ONLY = "⛔ Стан бота бачать лише адміністратори."
FSM_IN_DATABASE = "у базі даних"

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
# worker, instance, how long ago
WORKER_LINE = "{mark} {worker} · <code>{instance}</code> · {ago} тому\n"
NO_WORKERS = "немає жодного сигналу від фонових процесів\n"
# A heartbeat older than this is shown as a stopped worker.
STALE_MARK = "🔴"
FRESH_MARK = "🟢"

DURATION_DAYS = "{d} д {h} год"
DURATION_HOURS = "{h} год {m} хв"
DURATION_MINUTES = "{m} хв {s} с"
DURATION_SECONDS = "{s} с"

ERROR_REPORT = "⚠️ <b>Помилка в боті</b>: <code>{error}</code>\n{details}\nОновлення {update_id}, користувач {user_id}."
ERROR_SUPPRESSED = "\nЗа останні {minutes} хв ще {count} таких помилок не надсилалися окремо."

ERRORS: dict[type[DomainError], str] = {StatusForAdminsOnly: ADMINS_ONLY}
