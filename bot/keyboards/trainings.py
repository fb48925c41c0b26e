from __future__ import annotations

from datetime import tzinfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks.trainings import TrAdminCb, TrAttCb, TrCb, TrListCb, TrPickCb
from bot.texts import common as tc
from bot.texts import trainings as t
from knowledge import Knowledge
from storage.models import Training, TrainingRegistration

BUTTON_TITLE_MAX = 40


def _short(text: str, limit: int = BUTTON_TITLE_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _nav(scope_cb: type, page: int, pages: int, **fields: object) -> list[InlineKeyboardButton]:
    row = []
    if page > 0:
        row.append(InlineKeyboardButton(text=t.BTN_PREV, callback_data=scope_cb(page=page - 1, **fields).pack()))
    if page < pages - 1:
        row.append(InlineKeyboardButton(text=t.BTN_NEXT, callback_data=scope_cb(page=page + 1, **fields).pack()))
    return row


def training_list(
    trainings: list[Training], *, scope: str, page: int, pages: int, tz: tzinfo, is_admin: bool
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for training in trainings:
        when = training.starts_at.astimezone(tz).strftime("%d.%m %H:%M")
        kb.row(
            InlineKeyboardButton(
                text=_short(f"{when} · {training.title}"),
                callback_data=TrCb(action="view", id=training.id, page=page).pack(),
            )
        )
    nav = _nav(TrListCb, page, pages, scope=scope)
    if nav:
        kb.row(*nav)
    if scope == "up":
        kb.row(InlineKeyboardButton(text=t.BTN_MY_TRAININGS, callback_data=TrListCb(scope="my").pack()))
    else:
        kb.row(InlineKeyboardButton(text=t.BTN_UPCOMING, callback_data=TrListCb(scope="up").pack()))
    if is_admin:
        kb.row(
            InlineKeyboardButton(text=t.BTN_NEW, callback_data=TrAdminCb(action="new").pack()),
            InlineKeyboardButton(text=t.BTN_PAST, callback_data=TrListCb(scope="past").pack()),
        )
    return kb.as_markup()


def my_list(registrations: list[TrainingRegistration], *, tz: tzinfo, can_enter_code: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for r in registrations:
        mark = "✅" if r.status == "registered" else "⏳"
        when = r.training.starts_at.astimezone(tz).strftime("%d.%m %H:%M")
        kb.row(
            InlineKeyboardButton(
                text=_short(f"{mark} {when} · {r.training.title}"),
                callback_data=TrCb(action="view", id=r.training_id).pack(),
            )
        )
    if can_enter_code:
        kb.row(InlineKeyboardButton(text=t.BTN_ENTER_CODE, callback_data=TrCb(action="code", id=0).pack()))
    kb.row(InlineKeyboardButton(text=t.BTN_UPCOMING, callback_data=TrListCb(scope="up").pack()))
    return kb.as_markup()


def training_card(
    training: Training, *, page: int, signed_up: bool, can_sign_up: bool, full: bool, is_admin: bool
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if signed_up:
        kb.row(
            InlineKeyboardButton(text=t.BTN_LEAVE, callback_data=TrCb(action="leave", id=training.id, page=page).pack())
        )
    elif can_sign_up:
        text = t.BTN_JOIN_WAITLIST if full else t.BTN_SIGN_UP
        kb.row(InlineKeyboardButton(text=text, callback_data=TrCb(action="join", id=training.id, page=page).pack()))
    if is_admin:
        kb.row(
            InlineKeyboardButton(
                text=t.BTN_PARTICIPANTS, callback_data=TrAdminCb(action="people", id=training.id).pack()
            ),
            InlineKeyboardButton(text=t.BTN_ATTENDANCE, callback_data=TrAdminCb(action="att", id=training.id).pack()),
        )
        kb.row(
            InlineKeyboardButton(text=t.BTN_EXPORT_XLSX, callback_data=TrAdminCb(action="xlsx", id=training.id).pack()),
            InlineKeyboardButton(text=t.BTN_EXPORT_CSV, callback_data=TrAdminCb(action="csv", id=training.id).pack()),
        )
        if training.status == "scheduled":
            kb.row(
                InlineKeyboardButton(text=t.BTN_EDIT, callback_data=TrAdminCb(action="edit", id=training.id).pack()),
                InlineKeyboardButton(
                    text=t.BTN_CANCEL_TRAINING, callback_data=TrAdminCb(action="cancel", id=training.id).pack()
                ),
            )
    kb.row(InlineKeyboardButton(text=t.BTN_BACK, callback_data=TrListCb(scope="up", page=page).pack()))
    return kb.as_markup()


def confirm(yes_text: str, yes: str, no: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.row(InlineKeyboardButton(text=yes_text, callback_data=yes))
    kb.row(InlineKeyboardButton(text=t.BTN_KEEP, callback_data=no))
    return kb.as_markup()


def attendance(
    registrations: list[TrainingRegistration], *, training_id: int, page: int, pages: int
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for r in registrations:
        mark = "✅" if r.attended else "⬜"
        kb.row(
            InlineKeyboardButton(
                text=_short(f"{mark} {r.user.full_name}", 60), callback_data=TrAttCb(reg=r.id, page=page).pack()
            )
        )
    nav = _nav(TrAdminCb, page, pages, action="att", id=training_id)
    if nav:
        kb.row(*nav)
    kb.row(InlineKeyboardButton(text=t.BTN_BACK, callback_data=TrCb(action="view", id=training_id).pack()))
    return kb.as_markup()


def participants_nav(training_id: int, page: int, pages: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    nav = _nav(TrAdminCb, page, pages, action="people", id=training_id)
    if nav:
        kb.row(*nav)
    kb.row(
        InlineKeyboardButton(text=t.BTN_EXPORT_XLSX, callback_data=TrAdminCb(action="xlsx", id=training_id).pack()),
        InlineKeyboardButton(text=t.BTN_EXPORT_CSV, callback_data=TrAdminCb(action="csv", id=training_id).pack()),
    )
    kb.row(InlineKeyboardButton(text=t.BTN_BACK, callback_data=TrCb(action="view", id=training_id).pack()))
    return kb.as_markup()


# --- the create/edit dialog ----------------------------------------------------


def _choices(step: str, items: list[tuple[str, str]], columns: int = 1) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for value, text in items:
        kb.button(text=text, callback_data=TrPickCb(step=step, value=value))
    kb.adjust(columns)
    return kb.as_markup()


def kinds() -> InlineKeyboardMarkup:
    return _choices("kind", list(t.KIND_TITLES.items()), 2)


def audiences() -> InlineKeyboardMarkup:
    return _choices("audience", list(t.AUDIENCE_TITLES.items()))


def topics(knowledge: Knowledge) -> InlineKeyboardMarkup:
    items = [(topic.code, topic.title) for topic in knowledge.topics] + [("-", t.BTN_NO_TOPIC)]
    return _choices("topic", items, 2)


def durations() -> InlineKeyboardMarkup:
    from services.trainings.cards import duration_text

    return _choices("duration", [(str(m), duration_text(m)) for m in t.DURATION_BUTTONS], 3)


def formats() -> InlineKeyboardMarkup:
    return _choices("format", list(t.FORMAT_TITLES.items()), 2)


def capacity() -> InlineKeyboardMarkup:
    return _choices("capacity", [("-", t.BTN_NO_LIMIT)])


def deadline() -> InlineKeyboardMarkup:
    return _choices("deadline", [("start", t.BTN_UNTIL_START), ("day", t.BTN_DAY_BEFORE)])


def council() -> InlineKeyboardMarkup:
    return _choices("council", [("-", t.BTN_SKIP)])


def regions(knowledge: Knowledge) -> InlineKeyboardMarkup:
    items = [(r.code, r.title.replace(" область", " обл.")) for r in knowledge.regions]
    return _choices("region", items, 2)


def create_confirm() -> InlineKeyboardMarkup:
    return _choices("confirm", [("yes", t.BTN_CREATE), ("no", tc.BTN_CANCEL)])


def edit_fields(training_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for field, text in t.EDIT_FIELDS.items():
        kb.button(text=text, callback_data=TrPickCb(step="edit", value=field))
    kb.adjust(2)
    kb.row(InlineKeyboardButton(text=t.BTN_BACK, callback_data=TrCb(action="view", id=training_id).pack()))
    return kb.as_markup()
