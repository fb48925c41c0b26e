"""What /staff shows: the list, a member's card, the outcome of a change, and the notices to the person."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from aiogram.methods import SendMessage
from aiogram.utils.text_decorations import html_decoration as hd

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
    StaffRole,
    topic_titles,
)
from services.text import split_text
from storage.models import User


def topics_text(titles: Sequence[str]) -> str:
    return ", ".join(titles) if titles else t.ALL_TOPICS


def lawyer_topics(user: User, knowledge: Knowledge) -> str:
    return topics_text(topic_titles(user.topic_codes, knowledge))


def member_name(user: User) -> str:
    if user.full_name:
        return hd.quote(user.full_name) + (f" (@{hd.quote(user.username)})" if user.username else "")
    return f"<i>{t.NOT_YET_REGISTERED}</i>"


def usage(knowledge: Knowledge) -> str:
    return t.USAGE.format(codes=", ".join(topic.code for topic in knowledge.topics))


def staff_list(staff: StaffList, knowledge: Knowledge) -> list[str]:
    """The list in as few messages as fit (the buttons go under the last one)."""
    lines = [t.TITLE, "", t.LAWYERS.format(count=len(staff.lawyers))]
    for user in staff.lawyers:
        lines.append(t.MEMBER_LINE.format(name=member_name(user), telegram_id=user.telegram_id))
        lines.append(t.TOPICS_LINE.format(topics=lawyer_topics(user, knowledge)))
    if not staff.lawyers:
        lines.append(t.NONE)
    lines += ["", t.EDITORS.format(count=len(staff.editors))]
    lines += [t.MEMBER_LINE.format(name=member_name(u), telegram_id=u.telegram_id) for u in staff.editors] or [t.NONE]
    lines += ["", usage(knowledge)]
    return split_text("\n".join(lines))


def member_card(user: User, knowledge: Knowledge) -> str:
    is_lawyer = user.role == Role.LAWYER
    roles = [t.ROLE_LAWYER] if is_lawyer else []
    if user.is_editor:
        roles.append(t.ROLE_EDITOR)
    topics = lawyer_topics(user, knowledge) if is_lawyer else "—"
    return t.MEMBER_CARD.format(
        name=member_name(user), telegram_id=user.telegram_id, roles=", ".join(roles), topics=topics
    )


def added(change: StaffChange, knowledge: Knowledge) -> str:
    user = change.user
    if change.added_as == StaffRole.EDITOR:
        return t.ADDED_EDITOR.format(telegram_id=user.telegram_id)
    return t.ADDED_LAWYER.format(telegram_id=user.telegram_id, topics=lawyer_topics(user, knowledge))


def topics_saved(change: StaffChange, knowledge: Knowledge) -> str:
    return t.TOPICS_SAVED.format(telegram_id=change.user.telegram_id, topics=lawyer_topics(change.user, knowledge))


def removed(change: StaffChange) -> str:
    text = t.REMOVED.format(telegram_id=change.user.telegram_id)
    if change.released:
        text += "\n" + t.RELEASED.format(count=len(change.released))
    return text


# --- notices ---------------------------------------------------------------------------


def _made_lawyer(notice: MadeLawyer) -> SendMessage:
    text = t.TO_LAWYER_ADDED.format(topics=topics_text(notice.topics))
    if not notice.registered:
        text += t.TO_LAWYER_ADDED_UNREGISTERED
    return SendMessage(chat_id=notice.chat_id, text=text)


def _made_editor(notice: MadeEditor) -> SendMessage:
    return SendMessage(chat_id=notice.chat_id, text=t.TO_EDITOR_ADDED)


def _topics_changed(notice: LawyerTopicsChanged) -> SendMessage:
    return SendMessage(chat_id=notice.chat_id, text=t.TO_TOPICS_CHANGED.format(topics=topics_text(notice.topics)))


def _removed(notice: RemovedFromStaff) -> SendMessage:
    return SendMessage(chat_id=notice.chat_id, text=t.TO_REMOVED)


NOTICES: dict[type[Notice], Callable[[Any], SendMessage]] = {
    MadeLawyer: _made_lawyer,
    MadeEditor: _made_editor,
    LawyerTopicsChanged: _topics_changed,
    RemovedFromStaff: _removed,
}
