"""/staff for admins: the list of lawyers and editors, adding, topics, removing.

Handlers are open to everyone on purpose: the service refuses non-admins (and
logs it), so a forged button gets a clear answer instead of silence.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, MessageOriginUser
from aiogram.utils.text_decorations import html_decoration as hd
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.staff import StaffCb, StaffTopicsCb
from bot.commands import set_commands_for
from bot.keyboards import staff as kb
from bot.keyboards.common import main_menu
from bot.middlewares.user import effective_role
from bot.texts import common as tc
from bot.texts import staff as t
from core.clock import Clock
from core.errors import DomainError
from core.settings import Settings
from knowledge import Knowledge
from services import staff as service
from services.access import Actor, require_admin
from storage.models import Role, User

MESSAGE_LIMIT = 4096
# Telegram shows up to 100 inline buttons; the rest are reachable by /staff commands.
MAX_MEMBER_BUTTONS = 90


class StaffAdd(StatesGroup):
    telegram_id = State()


def _actor(event: Message | CallbackQuery, role: Role) -> Actor:
    assert event.from_user is not None
    return Actor(telegram_id=event.from_user.id, role=role)


def _name(user: User) -> str:
    if user.full_name:
        return hd.quote(user.full_name) + (f" (@{hd.quote(user.username)})" if user.username else "")
    return f"<i>{t.NOT_YET_REGISTERED}</i>"


def _pack(lines: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Lines joined into as few messages as fit the limit (no line is longer than it)."""
    parts: list[str] = []
    current = ""
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit and current:
            parts.append(current)
            candidate = line
        current = candidate
    parts.append(current)
    return parts


def render_list(staff: service.StaffList, knowledge: Knowledge) -> list[str]:
    lines = [t.TITLE, "", t.LAWYERS.format(count=len(staff.lawyers))]
    for user in staff.lawyers:
        lines.append(t.MEMBER_LINE.format(name=_name(user), telegram_id=user.telegram_id))
        lines.append(t.TOPICS_LINE.format(topics=service.topics_text(user.topic_codes, knowledge)))
    if not staff.lawyers:
        lines.append(t.NONE)
    lines += ["", t.EDITORS.format(count=len(staff.editors))]
    lines += [t.MEMBER_LINE.format(name=_name(u), telegram_id=u.telegram_id) for u in staff.editors] or [t.NONE]
    lines += ["", t.USAGE.format(codes=", ".join(tp.code for tp in knowledge.topics))]
    return _pack(lines)


def _members(staff: service.StaffList) -> list[User]:
    members = {u.telegram_id: u for u in [*staff.lawyers, *staff.editors]}
    return list(members.values())[:MAX_MEMBER_BUTTONS]


async def _send_list(message: Message, session: AsyncSession, actor: Actor, knowledge: Knowledge) -> None:
    staff = await service.list_staff(session, actor)
    parts = render_list(staff, knowledge)
    for part in parts[:-1]:
        await message.answer(part)
    await message.answer(parts[-1], reply_markup=kb.staff_list(_members(staff)))


async def _after_change(bot: Bot, settings: Settings, change: service.StaffChange) -> None:
    if change.role_changed:
        user = change.user
        await set_commands_for(bot, user.telegram_id, effective_role(user, user.telegram_id, settings))


# --- commands ----------------------------------------------------------------------


async def staff_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    role: Role,
    knowledge: Knowledge,
    clock: Clock,
    bot: Bot,
    settings: Settings,
) -> None:
    actor = _actor(message, role)
    args = (command.args or "").split()
    if not args:
        await _send_list(message, session, actor, knowledge)
        return
    verb = args[0].lower()
    if verb == "add" and len(args) >= 2:
        await _add_command(message, session, actor, args[1:], knowledge, clock, bot, settings)
    elif verb in {"remove", "rm", "del"} and len(args) == 2:
        require_admin(actor, "remove")
        change = await service.remove(session, actor, telegram_id=service.parse_telegram_id(args[1]), now=clock.now())
        await _after_change(bot, settings, change)
        await message.answer(_removed_text(change))
    else:
        require_admin(actor, "usage")
        await message.answer(t.USAGE.format(codes=", ".join(tp.code for tp in knowledge.topics)))


async def _add_command(
    message: Message,
    session: AsyncSession,
    actor: Actor,
    args: list[str],
    knowledge: Knowledge,
    clock: Clock,
    bot: Bot,
    settings: Settings,
) -> None:
    require_admin(actor, "add")
    telegram_id = service.parse_telegram_id(args[0])
    kind = args[1].lower() if len(args) > 1 else "lawyer"
    if kind in {"lawyer", "юрист"}:
        change = await service.add_lawyer(
            session, actor, telegram_id=telegram_id, topics=args[2:], knowledge=knowledge, now=clock.now()
        )
        text = t.ADDED_LAWYER.format(
            telegram_id=telegram_id, topics=service.topics_text(change.user.topic_codes, knowledge)
        )
    elif kind in {"editor", "редактор"} and len(args) == 2:
        change = await service.add_editor(session, actor, telegram_id=telegram_id, now=clock.now())
        text = t.ADDED_EDITOR.format(telegram_id=telegram_id)
    else:
        raise DomainError(t.BAD_ROLE)
    await _after_change(bot, settings, change)
    await message.answer(text)


def _removed_text(change: service.StaffChange) -> str:
    text = t.REMOVED.format(telegram_id=change.user.telegram_id)
    if change.released:
        text += "\n" + t.RELEASED.format(count=len(change.released))
    return text


async def staff_button(message: Message, session: AsyncSession, role: Role, knowledge: Knowledge) -> None:
    await _send_list(message, session, _actor(message, role), knowledge)


# --- buttons -----------------------------------------------------------------------


async def _show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def staff_callback(
    query: CallbackQuery,
    callback_data: StaffCb,
    session: AsyncSession,
    role: Role,
    knowledge: Knowledge,
    clock: Clock,
    bot: Bot,
    settings: Settings,
    state: FSMContext,
) -> None:
    actor = _actor(query, role)
    action, telegram_id = callback_data.action, callback_data.tg
    if action == "list":
        staff = await service.list_staff(session, actor)
        parts = render_list(staff, knowledge)
        await query.answer()
        assert isinstance(query.message, Message)
        for part in parts[:-1]:
            await query.message.answer(part)
        await query.message.answer(parts[-1], reply_markup=kb.staff_list(_members(staff)))
    elif action == "show":
        user = await service.get_member(session, actor, telegram_id)
        await _show(query, _card(user, knowledge), kb.member(user, is_lawyer=user.role == Role.LAWYER))
    elif action == "topics":
        user = await service.get_member(session, actor, telegram_id)
        mask = _mask(user.topic_codes, knowledge)
        await _show(
            query,
            t.ASK_TOPICS.format(telegram_id=telegram_id),
            kb.topics(knowledge, mode="e", telegram_id=telegram_id, mask=mask),
        )
    elif action == "rm":
        user = await service.get_member(session, actor, telegram_id)
        await _show(query, t.REMOVE_CONFIRM.format(name=_name(user)), kb.confirm_remove(telegram_id))
    elif action == "rmok":
        change = await service.remove(session, actor, telegram_id=telegram_id, now=clock.now())
        await _after_change(bot, settings, change)
        await _show(query, _removed_text(change))
    elif action == "add":
        require_admin(actor, "add")
        await state.set_state(StaffAdd.telegram_id)
        await query.answer()
        await query.message.answer(t.ASK_ID, reply_markup=kb.ask_id())  # type: ignore[union-attr]
    elif action == "ed":
        change = await service.add_editor(session, actor, telegram_id=telegram_id, now=clock.now())
        await _after_change(bot, settings, change)
        await query.answer()
        await query.message.answer(  # type: ignore[union-attr]
            t.ADDED_EDITOR.format(telegram_id=telegram_id), reply_markup=main_menu(role)
        )
    else:
        await query.answer(tc.STALE_BUTTON, show_alert=True)


def _card(user: User, knowledge: Knowledge) -> str:
    roles = [t.ROLE_LAWYER] if user.role == Role.LAWYER else []
    if user.is_editor:
        roles.append(t.ROLE_EDITOR)
    topics = service.topics_text(user.topic_codes, knowledge) if user.role == Role.LAWYER else "—"
    return t.MEMBER_CARD.format(name=_name(user), telegram_id=user.telegram_id, roles=", ".join(roles), topics=topics)


def _mask(codes: list[str], knowledge: Knowledge) -> int:
    return sum(1 << i for i, topic in enumerate(knowledge.topics) if topic.code in codes)


def _codes(mask: int, knowledge: Knowledge) -> list[str]:
    return [topic.code for i, topic in enumerate(knowledge.topics) if mask >> i & 1]


async def topics_callback(
    query: CallbackQuery,
    callback_data: StaffTopicsCb,
    session: AsyncSession,
    role: Role,
    knowledge: Knowledge,
    clock: Clock,
    bot: Bot,
    settings: Settings,
) -> None:
    actor = _actor(query, role)
    data = callback_data
    require_admin(actor, "topics")
    if data.mode not in {"a", "e"} or data.flip >= len(knowledge.topics):
        await query.answer(tc.STALE_BUTTON, show_alert=True)
        return
    if not data.save:
        mask = data.mask ^ (1 << data.flip) if data.flip >= 0 else data.mask
        await _show(
            query,
            t.ASK_TOPICS.format(telegram_id=data.tg),
            kb.topics(knowledge, mode=data.mode, telegram_id=data.tg, mask=mask),
        )
        return
    codes = _codes(data.mask, knowledge)
    if data.mode == "a":
        change = await service.add_lawyer(
            session, actor, telegram_id=data.tg, topics=codes, knowledge=knowledge, now=clock.now()
        )
        text = t.ADDED_LAWYER
    else:
        change = await service.set_topics(
            session, actor, telegram_id=data.tg, topics=codes, knowledge=knowledge, now=clock.now()
        )
        text = t.TOPICS_SAVED
    await _after_change(bot, settings, change)
    await query.answer()
    await query.message.answer(  # type: ignore[union-attr]
        text.format(telegram_id=data.tg, topics=service.topics_text(change.user.topic_codes, knowledge)),
        reply_markup=main_menu(role),
    )


# --- the "add" dialog: who? -----------------------------------------------------------


async def add_pick(message: Message, state: FSMContext, role: Role) -> None:
    """The person is given by the user picker, a forwarded message, a contact or a typed id."""
    require_admin(_actor(message, role), "add")
    telegram_id = _telegram_id_from(message)
    await state.clear()
    await message.answer(t.ASK_ROLE.format(telegram_id=telegram_id), reply_markup=kb.pick_role(telegram_id))


def _telegram_id_from(message: Message) -> int:
    if message.users_shared and message.users_shared.users:
        return message.users_shared.users[0].user_id
    if message.forward_origin is not None:
        if isinstance(message.forward_origin, MessageOriginUser):
            return message.forward_origin.sender_user.id
        raise DomainError(t.ID_HIDDEN)
    if message.contact is not None:
        if message.contact.user_id is None:
            raise DomainError(t.ID_HIDDEN)
        return message.contact.user_id
    return service.parse_telegram_id(message.text or "")


def create_router() -> Router:
    router = Router(name="staff")
    router.message.register(staff_command, Command("staff"))
    router.message.register(staff_button, F.text == tc.BTN_STAFF)
    router.message.register(add_pick, StaffAdd.telegram_id)
    router.callback_query.register(staff_callback, StaffCb.filter())
    router.callback_query.register(topics_callback, StaffTopicsCb.filter())
    return router
