"""What /staff shows: the list, a member's card, the outcome of a change, and the notices to the person.

People are named by their registered name, or by the name Telegram gave when an
admin picked them; never by a bare id. Names stay in the nominative case (the
sentences are built around them), so no gender is needed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from aiogram.methods import SendMessage, TelegramMethod
from aiogram.utils.text_decorations import html_decoration as hd

from bot.keyboards.common import main_menu
from bot.texts import staff as t
from core.notices import Notice
from core.roles import Role
from knowledge import Knowledge
from services.staff import (
    LawyerTopicsChanged,
    MadeEditor,
    MadeLawyer,
    RemovedFromStaff,
    StaffChange,
    StaffList,
    StaffNotice,
    StaffRole,
    topic_titles,
)
from services.text import split_text
from storage.models import User


def topics_text(titles: Sequence[str]) -> str:
    return ", ".join(titles) if titles else t.ALL_TOPICS


def lawyer_topics(user: User, knowledge: Knowledge) -> str:
    return topics_text(topic_titles(user.topic_codes, knowledge))


def plain_name(user: User | None, telegram_id: int, picked: str | None = None) -> str:
    """Without HTML (buttons, alerts): the registered name, the name Telegram gave, or the account."""
    if user is not None and user.full_name:
        return user.full_name
    return picked or t.NAMELESS.format(telegram_id=telegram_id)


def person_name(user: User | None, telegram_id: int, picked: str | None = None) -> str:
    """For HTML texts: `plain_name`, escaped."""
    return hd.quote(plain_name(user, telegram_id, picked))


def member_name(user: User) -> str:
    name = person_name(user, user.telegram_id)
    if user.full_name and user.username:
        name += f" (@{hd.quote(user.username)})"
    if not user.is_registered:
        return t.MEMBER_UNREGISTERED.format(name=name, note=t.NOT_YET_REGISTERED)
    return t.MEMBER_LINE.format(name=name)


def staff_list(staff: StaffList, knowledge: Knowledge) -> list[str]:
    """The list in as few messages as fit (the buttons go under the last one), with a short hint."""
    lines = [t.TITLE, "", t.LAWYERS.format(count=len(staff.lawyers))]
    for user in staff.lawyers:
        lines.append(member_name(user))
        lines.append(t.TOPICS_LINE.format(topics=lawyer_topics(user, knowledge)))
    if not staff.lawyers:
        lines.append(t.NONE)
    lines += ["", t.EDITORS.format(count=len(staff.editors))]
    lines += [member_name(user) for user in staff.editors] or [t.NONE]
    lines += ["", t.HINT]
    return split_text("\n".join(lines))


def member_card(user: User, knowledge: Knowledge) -> str:
    is_lawyer = user.role == Role.LAWYER
    roles = [t.ROLE_LAWYER] if is_lawyer else []
    if user.is_editor:
        roles.append(t.ROLE_EDITOR)
    topics = lawyer_topics(user, knowledge) if is_lawyer else "—"
    return t.MEMBER_CARD.format(name=member_name(user), roles=", ".join(roles), topics=topics)


def ask_remove(user: User) -> str:
    template = t.REMOVE_LAWYER if user.role == Role.LAWYER else t.REMOVE_EDITOR
    return template.format(name=person_name(user, user.telegram_id))


def ask_role(user: User | None, telegram_id: int, picked: str | None) -> str:
    return t.ASK_ROLE.format(name=person_name(user, telegram_id, picked))


def ask_topics(user: User | None, telegram_id: int, picked: str | None = None) -> str:
    return t.ASK_TOPICS.format(name=person_name(user, telegram_id, picked))


def added(change: StaffChange, knowledge: Knowledge, picked: str | None = None) -> str:
    user = change.user
    name = person_name(user, user.telegram_id, picked)
    if change.added_as == StaffRole.EDITOR:
        return t.ADDED_EDITOR.format(name=name)
    return t.ADDED_LAWYER.format(name=name, topics=lawyer_topics(user, knowledge))


def topics_saved(change: StaffChange, knowledge: Knowledge) -> str:
    user = change.user
    return t.TOPICS_SAVED.format(name=person_name(user, user.telegram_id), topics=lawyer_topics(user, knowledge))


def removed(change: StaffChange) -> str:
    text = t.REMOVED.format(name=person_name(change.user, change.user.telegram_id))
    if change.released:
        text += "\n" + t.RELEASED.format(count=len(change.released))
    return text


# --- notices ---------------------------------------------------------------------------


def _told(notice: StaffNotice, text: str) -> SendMessage:
    """The notice with the main menu of the person's new role, so their buttons follow at once."""
    menu = main_menu(Role(notice.menu)) if notice.menu is not None else None
    return SendMessage(chat_id=notice.chat_id, text=text, reply_markup=menu)


def _made_lawyer(notice: MadeLawyer) -> SendMessage:
    text = t.TO_LAWYER_ADDED.format(topics=topics_text(notice.topics))
    if not notice.registered:
        text += t.TO_LAWYER_ADDED_UNREGISTERED
    return _told(notice, text)


def _made_editor(notice: MadeEditor) -> SendMessage:
    return _told(notice, t.TO_EDITOR_ADDED)


def _topics_changed(notice: LawyerTopicsChanged) -> SendMessage:
    return SendMessage(chat_id=notice.chat_id, text=t.TO_TOPICS_CHANGED.format(topics=topics_text(notice.topics)))


def _removed(notice: RemovedFromStaff) -> SendMessage:
    return _told(notice, t.TO_REMOVED)


NOTICES: dict[type[Notice], Callable[[Any], TelegramMethod[Any]]] = {
    MadeLawyer: _made_lawyer,
    MadeEditor: _made_editor,
    LawyerTopicsChanged: _topics_changed,
    RemovedFromStaff: _removed,
}
