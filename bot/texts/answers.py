"""Texts of the base of answers: suggestions before asking, search, publishing, lawyers' help."""

from __future__ import annotations

from core.errors import DomainError
from services.answers import errors as e

BTN_BASE = "📚 База відповідей"
CMD_KB = "База відповідей: пошук і теми"
CMD_TEMPLATE = "Додати шаблон одним рядком: /template код Назва | текст"
CMD_TEMPLATES = "Шаблони відповідей: додати, змінити, прибрати"

# --- suggestions before asking -----------------------------------------------------------
SUGGESTIONS_HEADER = "🔎 Можливо, на ваше питання вже є відповідь у базі. Перегляньте, перш ніж надсилати:"
SUGGESTION_ITEM = "<b>{n}.</b> {question}\n<i>{topic}</i>"
BTN_OPEN_SUGGESTION = "📖 {n}"
BTN_HELPED = "✅ Це відповідає на моє питання"
BTN_ASK_ANYWAY = "📨 Все одно надіслати питання"
HELPED = "Добре, що відповідь знайшлася! Питання не надсилалося юристам. Оцініть, будь ласка, відповідь:"
HELPED_NO_RATING = "Дякуємо! Питання не надсилалося юристам."
RATED = "Дякуємо за оцінку!"
ANSWER_SHOWN = "Цю відповідь уже показано нижче."
BTN_STARS = "{stars}⭐"
SUGGESTED_TO_OFFICIAL = "🔎 Перед надсиланням бот показав відповіді з бази: {numbers} (не підійшли)."

# --- a published answer ------------------------------------------------------------------
ANSWER_CARD = (
    "📚 <b>Відповідь №{number}</b> · {topic}\n\n"
    "<b>Питання.</b> {question}\n\n"
    "<b>Відповідь.</b> {answer}\n\n"
    "<b>Правова підстава:</b> {legal_basis}\n"
    "<i>Опубліковано {published}{updated}</i>"
)
ANSWER_UPDATED = ", змінено {updated}"
ANSWER_RETIRED_MARK = "\n🗄 Знято з публікації"
BTN_EDIT_ANSWER = "✏️ Редагувати"
BTN_RETIRE = "🗄 Зняти з публікації"
RETIRE_CONFIRM = "Зняти відповідь №{number} з публікації? Її більше не пропонуватимуть і не знайдуть пошуком."
BTN_RETIRE_YES = "🗄 Так, зняти"
BTN_RETIRE_NO = "⬅️ Ні, залишити"
RETIRED = "Відповідь №{number} знято з публікації."

# --- search and browse ---------------------------------------------------------------------
BASE_INTRO = (
    "📚 <b>База відповідей</b>\n\nНапишіть, що вас цікавить (наприклад, «оренда земельної ділянки»), або оберіть тему:"
)
BASE_EMPTY = (
    "📚 <b>База відповідей</b>\n\nУ базі ще немає опублікованих відповідей: юристи додають їх із відповідей на "
    "звернення. Поставте питання юристам: «{ask}»."
)
SEARCH_PROMPT = "Напишіть кілька слів про ваше питання:"
TOPIC_ITEM = "{title} ({count})"
SEARCH_RESULTS = "Знайдено в базі за запитом «{query}»:"
SEARCH_NOTHING = "За запитом «{query}» у базі нічого не знайдено. Можна поставити питання юристам: «{ask}»."
TOPIC_HEADER = "📚 <b>{topic}</b>: опубліковані відповіді"
TOPIC_EMPTY = "У темі «{topic}» ще немає опублікованих відповідей."
RESULT_ITEM = "<b>{n}.</b> {question}"
BTN_MORE = "➡️ Далі"
BTN_TOPICS = "📚 Теми"

# --- publishing (lawyers) ------------------------------------------------------------------
BTN_PUBLISH = "📚 Опублікувати в базі"
ALREADY_REVIEWING = "Чернетка відповіді для бази вже відкрита: підтвердіть або скасуйте її."
PUBLISH_FORM_TITLE = "публікацію відповіді в базі"
PUBLISH_INTRO = (
    "Чернетка для бази відповідей зі звернення №{number}. Бот замінив імена, телефони, адреси та інші особисті "
    "дані нейтральними словами; перевірте й виправте текст, додайте правову підставу."
)
EDIT_INTRO = "Редагування відповіді №{number}."
PROMPTS = {
    "topic": "Оберіть тему відповіді: за нею відповідь знайдуть у базі.",
    "question": "Надішліть текст питання так, як його побачать інші (без імен, телефонів і адрес):",
    "answer": "Надішліть текст відповіді:",
    "legal_basis": "Надішліть правову підставу (наприклад, «Земельний кодекс України, ст. 134»):",
}
LABELS = {"topic": "Тема", "question": "Питання", "answer": "Відповідь", "legal_basis": "Правова підстава"}
PUBLISH_SUMMARY = (
    "<b>Так відповідь побачать посадові особи:</b>\n\n"
    "<b>Тема:</b> {topic}\n\n<b>Питання.</b> {question}\n\n<b>Відповідь.</b> {answer}\n\n"
    "<b>Правова підстава:</b> {legal_basis}"
)
NO_LEGAL_BASIS = "не вказано"
PUBLISHED = "✅ Відповідь №{number} опубліковано в базі. Її пропонуватимуть посадовим особам зі схожими питаннями."
SAVED = "✅ Зміни у відповіді №{number} збережено."

# --- lawyers: similar answers and templates --------------------------------------------------
BTN_SIMILAR = "📚 Схожі відповіді"
BTN_TEMPLATES = "🧩 Шаблони"
SIMILAR_HEADER = "Схожі відповіді з бази для звернення №{number}:"
SIMILAR_NONE = "У базі немає схожих відповідей для звернення №{number}."
BTN_USE = "📝 Взяти №{number} за основу"
BTN_USE_TEMPLATE = "📝 {title}"
LEGAL_BASIS_IN_DRAFT = "Правова підстава: {legal_basis}"  # plain text: part of the draft answer
ALREADY_IN_DRAFT = "Цей текст уже додано до чернетки відповіді."
TEMPLATES_HEADER = "Шаблони відповідей теми «{topic}»:"
TEMPLATES_NONE = "Для теми «{topic}» ще немає шаблонів. Додати: «{manage}» → «{new}»."
TEMPLATE_SAVED = "Шаблон «{title}» для теми «{topic}» збережено."
TEMPLATE_USAGE = (
    "Щоб додати шаблон: /templates → «➕ Новий шаблон», або одним рядком: "
    "/template код_теми Назва | текст відповіді. Коди тем: {codes}"
)
BTN_MANAGE_TEMPLATES = "⚙️ Керувати шаблонами"

# --- lawyers: templates (/templates) -----------------------------------------------------------
TEMPLATES_LIST_HEADER = "🧩 <b>Шаблони відповідей</b>"
TEMPLATES_LIST_HINT = "Натисніть шаблон, щоб змінити або прибрати його."
TEMPLATES_LIST_EMPTY = "Шаблонів ще немає. Додайте перший: «{new}»."
TEMPLATES_LIST_TOPIC = "<b>{topic}</b>"
TEMPLATES_LIST_ITEM = "{n}. {title}"
BTN_TEMPLATE_ITEM = "{n}. {title}"
BTN_NEW_TEMPLATE = "➕ Новий шаблон"
BTN_ALL_TEMPLATES = "⬅️ Усі шаблони"
TEMPLATE_CARD = "🧩 <b>{title}</b>\n<i>{topic}</i>\n\n{text}"
BTN_TEMPLATE_TEXT = "✏️ Змінити текст"
BTN_TEMPLATE_TITLE = "✏️ Змінити назву"
BTN_TEMPLATE_RETIRE = "🗑 Прибрати"
TEMPLATE_RETIRE_CONFIRM = "Прибрати шаблон «{title}»? Його більше не пропонуватимуть юристам."
BTN_TEMPLATE_RETIRE_YES = "🗑 Так, прибрати"
BTN_TEMPLATE_RETIRE_NO = "⬅️ Ні, залишити"
TEMPLATE_RETIRED = "🗑 Шаблон «{title}» прибрано: його більше не пропонуватимуть."
TEMPLATE_FORM_TITLE = "шаблон відповіді"
TEMPLATE_PROMPTS = {
    "topic": "Оберіть тему шаблону:",
    "title": "Надішліть коротку назву шаблону (до 60 символів), наприклад «Оренда без торгів»:",
    "text": "Надішліть текст шаблону: його вставлятимуть як початок відповіді.",
}
TEMPLATE_LABELS = {"topic": "Тема", "title": "Назва", "text": "Текст"}
TEMPLATE_SUMMARY = "<b>Тема:</b> {topic}\n<b>Назва:</b> {title}\n\n{text}"
TEMPLATE_ADDED = "✅ Шаблон «{title}» додано до теми «{topic}»."
TEMPLATE_CHANGED = "✅ Шаблон «{title}» змінено."
TEMPLATE_UNCHANGED = "Шаблон «{title}» не змінився: ви надіслали те саме."

TAKEN_INTO_DRAFT = (
    "Текст додано до чернетки відповіді на звернення №{number}. Допишіть або змініть його і натисніть «{done}»."
)

# --- figures (admins) -------------------------------------------------------------------------
FIGURES = (
    "\n📚 <b>База відповідей</b>: опубліковано {published}; "
    "питань вирішено відповіддю з бази {helped}, з них протягом 7 днів усе ж поставили питання {asked_anyway}"
)

ERRORS: dict[type[DomainError], str] = {
    e.LawyersOnly: "Це можуть робити лише юристи й адміністратори.",
    e.AnswerNotFound: "Відповідь №{answer_id} не знайдено.",
    e.AnswerRetired: "Відповідь №{answer_id} знято з публікації.",
    e.NotAnsweredYet: "Звернення №{consultation_id} ще не має відповіді: опублікувати можна лише відповідь.",
    e.AlreadyPublished: "Відповідь на звернення №{consultation_id} уже опубліковано (№{answer_id}).",
    e.AnswerTextEmpty: "Текст порожній. Надішліть, будь ласка, текст.",
    e.AnswerTextTooLong: "Текст задовгий (понад {limit} символів). Скоротіть, будь ласка.",
    e.AnswerRatingOutOfRange: "Оцінка має бути від 1 до 5.",
    e.TemplateNotFound: "Шаблон не знайдено.",
    e.AnswerAlreadyRated: "Ви вже оцінили цю відповідь.",
    e.AnswerNotRated: "Оцінити можна відповідь, яка відповіла на ваше питання.",
    e.LegalBasisMissing: "Вкажіть правову підставу відповіді.",
    e.QuestionTooLong: "Питання задовге для бази: скоротіть його.",
    e.AnswerTooLong: "Відповідь задовга для бази: скоротіть її.",
    e.TopicNotChosen: "Оберіть тему кнопками нижче.",
    e.TemplateRetired: "Цей шаблон уже прибрано: його більше не пропонують.",
    e.TemplateTitleEmpty: "Назва порожня. Надішліть, будь ласка, назву шаблону.",
    e.TemplateTextEmpty: "Текст порожній. Надішліть, будь ласка, текст шаблону.",
    e.TemplateTitleTooLong: "Назва задовга: {length} символів, можна до {limit}. Надішліть коротшу назву.",
    e.TemplateTextTooLong: (
        "Текст задовгий: {length} символів, можна до {limit}. Скоротіть його й надішліть ще раз "
        "(надісланий текст лишився в чаті вище)."
    ),
}
