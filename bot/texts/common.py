"""Texts shared by every feature: menu, help, cancel, errors."""

from __future__ import annotations

from core.errors import DomainError
from services.access import AdminOnly

# Main menu buttons (a reply keyboard: big buttons, always at hand on a phone).
BTN_ASK = "❓ Поставити питання"
BTN_MY = "📂 Мої звернення"
BTN_TRAININGS = "🎓 Навчання"
BTN_NEWS = "📰 Новини законодавства"
BTN_SUBSCRIPTIONS = "🔔 Підписки"
BTN_HELP = "ℹ️ Допомога"
BTN_QUEUE = "📥 Черга звернень"
BTN_STAFF = "👥 Юристи"
BTN_INDICATORS = "📊 Показники"
BTN_NEWSLETTER = "✉️ Розсилка"
BTN_EXPORT = "📤 Вивантаження"
BTN_CANCEL = "✖️ Скасувати"

MAIN_MENU = "Головне меню. Оберіть, що вас цікавить 👇"
CANCELLED = "Скасовано. Ви в головному меню."
NOTHING_TO_CANCEL = "Немає дії, яку можна скасувати. Ви в головному меню."

HELP = (
    "<b>Бот Асоціації міст України</b>\n\n"
    "❓ <b>Гаряча лінія</b>: поставте юридичне питання, юрист АМУ відповість "
    "протягом {due_days} робочих днів. /ask\n"
    "📂 <b>Мої звернення</b>: статус і відповіді. /my\n"
    "📚 <b>База відповідей</b>: готові відповіді юристів на часті питання, пошук і теми. /kb\n"
    "🎓 <b>Навчання</b>: семінари, вебінари, школи. /trainings\n"
    "✅ Код, оголошений на навчанні: /attend КОД\n"
    "📰 <b>Новини законодавства</b> і 🔔 <b>підписки</b> на розсилку. /news /subscriptions\n"
    "🔐 <b>Ваші дані</b>: /mydata надішле все, що бот про вас зберігає; /forget видалить їх.\n\n"
    "/cancel скасовує будь-яку розпочату дію."
)
HELP_LAWYER = (
    "\n\n<b>Для юристів</b>: /queue — відкриті звернення ваших тем; відповідь можна опублікувати в базі "
    "(кнопка на відповіденому зверненні); /templates — шаблони відповідей за темами (додати, змінити, прибрати)."
)
HELP_ADMIN = (
    "\n\n<b>Для адміністраторів</b>: /staff — юристи, /export — вивантаження звернень, "
    "/newsletter — розсилка, /indicators — показники, /status — стан бота, /audit — журнал доступу до даних. "
    "У /trainings: ➕ нове навчання, учасники, відвідуваність, вивантаження."
)

NOT_REGISTERED = "Спершу зареєструйтеся: натисніть /start."
NO_RIGHTS = "⛔ У вас немає прав на цю дію."
ERRORS: dict[type[DomainError], str] = {AdminOnly: NO_RIGHTS}
STALE_BUTTON = "Ця кнопка застаріла або недійсна. Відкрийте меню ще раз."
UNSUPPORTED_CONTENT = (
    "Я не обробляю такі повідомлення (стікери, голосові, геолокацію тощо). "
    "Будь ласка, надішліть текст, документ або фото."
)
UNKNOWN_INPUT = "Не зрозумів вас. Скористайтеся кнопками меню або /help."
INTERNAL_ERROR = "Сталася технічна помилка, дію не завершено. Спробуйте, будь ласка, ще раз за хвилину."

# Command menu descriptions (shown in Telegram's "/" menu), per role.
CMD_START = "Почати / головне меню"
CMD_ASK = "Поставити юридичне питання"
CMD_MY = "Мої звернення"
CMD_TRAININGS = "Навчання"
CMD_ATTEND = "Підтвердити участь у навчанні кодом"
CMD_NEWS = "Новини законодавства"
CMD_SUBSCRIPTIONS = "Підписки на розсилку"
CMD_HELP = "Допомога"
CMD_CANCEL = "Скасувати поточну дію"
CMD_QUEUE = "Черга звернень"
CMD_STAFF = "Юристи"
CMD_EXPORT = "Вивантажити звернення"
CMD_NEWSLETTER = "Нова розсилка"
CMD_NEWSLETTERS = "Розсилки: доставка"
CMD_INDICATORS = "Показники стратегії"
CMD_STATUS = "Стан бота"
CMD_MYDATA = "Мої дані: що бот зберігає"
CMD_FORGET = "Видалити мої дані"
CMD_AUDIT = "Журнал доступу до даних"

# Multi-step forms (bot/forms.py): the same words in every dialog.
BTN_BACK = "⬅️ Назад"
BTN_SKIP = "⏭ Пропустити"
BTN_CONFIRM = "✅ Підтвердити"
BTN_CHANGE = "✏️ {label}"
BTN_CONTINUE = "▶️ Продовжити"
BTN_DISCARD = "🗑 Скасувати чернетку"
FORM_CANCELLED = "Скасовано, нічого не збережено. Ви в головному меню."
FORM_SUMMARY_HINT = "Перевірте. Щоб виправити, натисніть поле; якщо все правильно — «Підтвердити»."
FORM_CHOSEN = "✓ {value}"
FORM_PRESS_A_BUTTON = "Скористайтеся кнопками під повідомленням вище: «Підтвердити», змінити поле або «Скасувати»."
FORM_INTERRUPTED = (
    "У вас є незавершена дія: «{title}». Продовжити з того ж місця чи скасувати її? Нічого з уже введеного не втрачено."
)
# A button that opens a form, pressed while the form is open (a double tap): the form is below.
FORM_ALREADY_OPEN = "«{title}» уже відкрито нижче: продовжіть або скасуйте."
FORM_NOT_EMPTY = "—"
# A multi-select step: a ticked item and one not ticked.
FORM_PICKED = "✅ "
# A choice of a multi-select step pressed again (a double tap): it is so already.
FORM_ALREADY_TICKED = "Уже позначено."
FORM_ALREADY_UNTICKED = "Позначку вже знято."
FORM_UNPICKED = "▫️ "
