"""Registration and consent texts."""

from __future__ import annotations

from bot.texts import common as tc
from core.errors import DomainError
from services.registration import (
    COMMUNITY,
    FULL_NAME,
    PHONE,
    POSITION,
    REGION,
    AnswerMissing,
    ConsentMissing,
    InvalidPhone,
    NotOwnPhone,
    TextRequired,
    TextTooLong,
    TextTooShort,
    UnknownRegion,
)

WELCOME = (
    "Вітаємо! Це бот <b>Асоціації міст України</b>.\n\n"
    "Тут посадові особи органів місцевого самоврядування можуть безкоштовно "
    "отримати юридичну консультацію, підписатися на роз'яснення змін законодавства "
    "та записатися на навчання.\n\n"
    "Реєстрація займає хвилину."
)
CONSENT_QUESTION = "Чи погоджуєтеся ви на обробку персональних даних?"
# What Art. 12 of the Law "On Personal Data Protection" asks to tell at collection. Any change to this
# text is a new version (bot/views/privacy.py consent_version): registered people are asked again.
CONSENT = (
    "<b>Згода на обробку персональних даних</b>\n\n"
    "<b>Хто обробляє:</b> Асоціація міст України (володілець даних). Звернення щодо ваших даних: {contact}.\n"
    "<b>Що зберігаємо:</b> ПІБ, посаду, громаду, область, телефон (за бажанням), ім'я користувача в Telegram, "
    "тексти й файли ваших звернень, підписки, записи на навчання й оцінки.\n"
    "<b>Навіщо:</b> юридичні консультації, розсилки й навчання АМУ та звітність за показниками стратегії "
    "(лише загальні числа). Питання й відповідь юрист може додати до бази відповідей для інших громад лише "
    "знеособленими: без імен, телефонів, адрес і назви громади.\n"
    "<b>Як довго:</b> профіль, доки ви користуєтеся ботом; тексти, імена й файли закритих звернень "
    "знеособлюються через {years} після закриття; резервні копії зберігаються до {backup_days} днів.\n"
    "<b>Ваші права</b> (ст. 8 Закону України «Про захист персональних даних»): знати, які дані є, "
    "змінювати їх, відкликати згоду й вимагати знищення. /mydata надішле все, що бот зберігає про вас; "
    "/forget видалить ваші дані.\n\n" + CONSENT_QUESTION
)
# The contact when admins have not set PRIVACY_CONTACT.
CONTACT_IN_BOT = "через цей бот, командою /help"
YEARS = ("рік", "роки", "років")
BTN_CONSENT_YES = "✅ Погоджуюсь"
BTN_CONSENT_NO = "Не погоджуюсь"
CONSENT_DECLINED = (
    "Без згоди на обробку даних ми не можемо надавати консультації. "
    "Якщо передумаєте, натисніть «✅ Погоджуюсь» вище або /start."
)
# Button alerts (plain text, no HTML).
ALREADY_DECLINED = "Ви відмовилися від обробки даних. Щоб зареєструватися, натисніть «✅ Погоджуюсь»."
CONSENT_ALREADY_GIVEN = "Згоду вже отримано. Продовжуйте реєстрацію з останнього повідомлення."
STALE = "Ця кнопка вже не діє. Продовжуйте з останнього повідомлення."
ALREADY_REGISTERED = "Ви вже зареєстровані."

ASK_FULL_NAME = "Вкажіть, будь ласка, ваше прізвище, ім'я та по батькові."
ASK_POSITION = "Ваша посада (наприклад: секретар сільської ради)?"
ASK_COMMUNITY = "Ваша громада або орган місцевого самоврядування (наприклад: Броварська міська рада)?"
ASK_REGION = "Оберіть область:"
ASK_PHONE = (
    "Залиште номер телефону, щоб юрист АМУ міг зателефонувати вам щодо вашої консультації "
    "(необов'язково). Натисніть «📱 Надіслати мій номер» або введіть номер, наприклад 067 123 45 67."
)
PROMPTS = {
    FULL_NAME: ASK_FULL_NAME,
    POSITION: ASK_POSITION,
    COMMUNITY: ASK_COMMUNITY,
    REGION: ASK_REGION,
    PHONE: ASK_PHONE,
}
# Under a question answered before (after "Назад" or "Змінити").
CURRENT_ANSWER = "Зараз: {value}"
BTN_SHARE_PHONE = "📱 Надіслати мій номер"
# Under the summary: the phone is optional, and sharing it finishes the registration.
PHONE_AT_SUMMARY = (
    "📱 Номер телефону — необов'язково: за ним юрист АМУ зможе зателефонувати вам щодо звернення. "
    "Щоб залишити його й завершити реєстрацію, натисніть «📱 Надіслати номер і завершити» внизу "
    "або введіть номер (наприклад 067 123 45 67). Без номера — «✅ Підтвердити» під вашими даними."
)
BTN_SHARE_AND_FINISH = "📱 Надіслати номер і завершити"
BTN_SKIP = tc.BTN_SKIP

# The summary: one line per answer, a button per answer to change it.
SUMMARY_TITLE = "<b>Ваші дані</b>"
LABELS = {
    FULL_NAME: "ПІБ",
    POSITION: "Посада",
    COMMUNITY: "Громада",
    REGION: "Область",
    PHONE: "Телефон",
}
SUMMARY_LINE = "{label}: {value}"
NO_PHONE = "не вказано"

NEED_TEXT = "Будь ласка, надішліть відповідь текстом."
ANSWER_REQUIRED = "Без цієї відповіді реєстрацію не завершити. Напишіть її, будь ласка."
TEXT_TOO_SHORT = "Замало символів. Спробуйте ще раз."
TEXT_TOO_LONG = "Занадто довго (не більше {limit} символів). Скоротіть, будь ласка."
PICK_REGION_BUTTON = "Оберіть область однією з кнопок."
FOREIGN_CONTACT = "Надішліть, будь ласка, власний номер кнопкою внизу або введіть його (наприклад 067 123 45 67)."
INVALID_PHONE = "Це не схоже на номер телефону. Введіть його так: 067 123 45 67 або +380 67 123 45 67."
CONSENT_MISSING = "Спершу дайте згоду на обробку даних."
ANSWER_MISSING = "Дайте, будь ласка, відповідь на це запитання."
PRESS_A_BUTTON = (
    "Скористайтеся кнопками під вашими даними: змініть поле, «Підтвердити» або «Скасувати». "
    "Номер телефону можна ввести цифрами, наприклад 067 123 45 67."
)

REGISTERED = "Дякуємо, {name}! Реєстрацію завершено."
CANCELLED = "Реєстрацію скасовано, нічого не збережено. Щоб почати знову, натисніть /start."
NOTHING_TO_CANCEL = "Немає дії, яку можна скасувати. Щоб зареєструватися, натисніть /start."
RESUMED = "Продовжуємо реєстрацію з того ж місця."
INTERRUPTED = (
    "Зараз триває реєстрація, тож ця дія поки недоступна. Продовжити реєстрацію чи скасувати її? "
    "Нічого з уже введеного не втрачено."
)
HELP_REGISTERING = (
    "Це бот Асоціації міст України: юридичні консультації, новини законодавства й навчання "
    "для посадових осіб місцевого самоврядування. Вони стануть доступні, щойно ви завершите реєстрацію.\n"
    "«⬅️ Назад» повертає до попереднього запитання, «✖️ Скасувати» скасовує реєстрацію."
)
HELP_NOT_REGISTERED = (
    "Це бот Асоціації міст України: юридичні консультації, новини законодавства й навчання "
    "для посадових осіб місцевого самоврядування.\n\n"
    "Щоб ними користуватися, зареєструйтеся: натисніть /start. Це займає хвилину."
)

ERRORS: dict[type[DomainError], str] = {
    TextRequired: NEED_TEXT,
    TextTooShort: TEXT_TOO_SHORT,
    TextTooLong: TEXT_TOO_LONG,
    NotOwnPhone: FOREIGN_CONTACT,
    InvalidPhone: INVALID_PHONE,
    UnknownRegion: PICK_REGION_BUTTON,
    ConsentMissing: CONSENT_MISSING,
    AnswerMissing: ANSWER_MISSING,
}
