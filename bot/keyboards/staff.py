from __future__ import annotations

from aiogram.types import (
    InlineKeyboardMarkup,
    KeyboardButton,
    KeyboardButtonRequestUsers,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks.staff import StaffCb, StaffTopicsCb
from bot.texts import common as tc
from bot.texts import staff as t
from knowledge import Knowledge
from services.staff import StaffList
from storage.models import User

PICK_USER_REQUEST_ID = 1
# Telegram shows up to 100 inline buttons; the rest are reachable by /staff commands.
MAX_MEMBER_BUTTONS = 90


def member_label(user: User) -> str:
    return user.full_name or t.NAMELESS.format(telegram_id=user.telegram_id)


def topics_mask(codes: list[str], knowledge: Knowledge) -> int:
    """The topic picker keeps its selection in the button data: bit i is knowledge.topics[i]."""
    return sum(1 << i for i, topic in enumerate(knowledge.topics) if topic.code in codes)


def mask_topics(mask: int, knowledge: Knowledge) -> list[str]:
    return [topic.code for i, topic in enumerate(knowledge.topics) if mask >> i & 1]


def staff_list(staff: StaffList) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for user in staff.members[:MAX_MEMBER_BUTTONS]:
        kb.button(text=f"👤 {member_label(user)}"[:60], callback_data=StaffCb(action="show", tg=user.telegram_id))
    kb.button(text=t.BTN_ADD, callback_data=StaffCb(action="add"))
    kb.adjust(1)
    return kb.as_markup()


def member(user: User, *, is_lawyer: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if is_lawyer:
        kb.button(text=t.BTN_TOPICS, callback_data=StaffCb(action="topics", tg=user.telegram_id))
    kb.button(text=t.BTN_REMOVE, callback_data=StaffCb(action="rm", tg=user.telegram_id))
    kb.button(text=t.BTN_BACK, callback_data=StaffCb(action="list"))
    kb.adjust(2, 1)
    return kb.as_markup()


def confirm_remove(telegram_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_REMOVE_CONFIRM, callback_data=StaffCb(action="rmok", tg=telegram_id))
    kb.button(text=t.BTN_BACK, callback_data=StaffCb(action="list"))
    kb.adjust(1)
    return kb.as_markup()


def pick_role(telegram_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_LAWYER, callback_data=StaffTopicsCb(mode="a", tg=telegram_id, mask=0))
    kb.button(text=t.BTN_EDITOR, callback_data=StaffCb(action="ed", tg=telegram_id))
    kb.adjust(2)
    return kb.as_markup()


def topics(knowledge: Knowledge, *, mode: str, telegram_id: int, mask: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for index, topic in enumerate(knowledge.topics):
        mark = "✅" if mask >> index & 1 else "▫️"
        kb.button(
            text=f"{mark} {topic.title}", callback_data=StaffTopicsCb(mode=mode, tg=telegram_id, mask=mask, flip=index)
        )
    kb.button(text=t.BTN_SAVE, callback_data=StaffTopicsCb(mode=mode, tg=telegram_id, mask=mask, save=True))
    kb.adjust(1)
    return kb.as_markup()


def ask_id() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [
                KeyboardButton(
                    text=t.BTN_PICK_USER,
                    # With the name Telegram shows, to name the person before they register.
                    request_users=KeyboardButtonRequestUsers(
                        request_id=PICK_USER_REQUEST_ID, user_is_bot=False, request_name=True
                    ),
                )
            ],
            [KeyboardButton(text=tc.BTN_CANCEL)],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
