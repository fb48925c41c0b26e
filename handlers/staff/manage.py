"""/staff for admins: the list of lawyers and editors, adding, topics, removing.

Handlers are open to everyone on purpose: the service refuses non-admins (and
logs it), so a forged button gets a clear answer instead of silence.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InaccessibleMessage,
    InlineKeyboardMarkup,
    Message,
    MessageOriginUser,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.staff import StaffCb, StaffTopicsCb
from bot.commands import set_commands_for
from bot.keyboards import staff as kb
from bot.keyboards.common import main_menu
from bot.middlewares.actor import ActorMiddleware
from bot.texts import common as tc
from bot.texts import staff as t
from bot.views import staff as view
from core.actor import Actor
from core.clock import Clock
from core.roles import Role
from core.settings import Settings
from knowledge import Knowledge
from services import people
from services import staff as service

ADD_VERB = r"(?i)^add\s+\S"
REMOVE_VERB = r"(?i)^(remove|rm|del)\s+\S+\s*$"
# The topic picker's modes: adding a lawyer, editing a lawyer's topics.
ADDING, EDITING = "a", "e"


class StaffAdd(StatesGroup):
    telegram_id = State()


def _chat(query: CallbackQuery) -> Message | InaccessibleMessage:
    assert query.message is not None  # our buttons are on our own messages (no inline mode)
    return query.message


async def _send_list(chat: Message | InaccessibleMessage, staff: service.StaffList, knowledge: Knowledge) -> None:
    parts = view.staff_list(staff, knowledge)
    for part in parts[:-1]:
        await chat.answer(part)
    await chat.answer(parts[-1], reply_markup=kb.staff_list(staff))


async def _show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def _done(query: CallbackQuery, text: str, role: Role) -> None:
    """The outcome of a change made by buttons, with the main menu back (the add dialog replaced it)."""
    await query.answer()
    await _chat(query).answer(text, reply_markup=main_menu(role))


async def _after_change(bot: Bot, settings: Settings, change: service.StaffChange) -> None:
    """The person's "/" menu follows their new role (after the commit: this is a Bot API call)."""
    if change.role_changed:
        user = change.user
        role = people.effective_role(user, user.telegram_id, settings.admin_ids)
        await set_commands_for(bot, user.telegram_id, role, editor=user.is_editor)


# --- commands ----------------------------------------------------------------------


async def list_command(message: Message, session: AsyncSession, actor: Actor, knowledge: Knowledge) -> None:
    staff = await service.list_staff(session, actor)
    await _send_list(message, staff, knowledge)


async def add_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    actor: Actor,
    knowledge: Knowledge,
    clock: Clock,
    bot: Bot,
    settings: Settings,
) -> None:
    words = (command.args or "").split()[1:]
    change = await service.add_by_command(session, actor, words, knowledge=knowledge, now=clock.now())
    await _after_change(bot, settings, change)
    await message.answer(view.added(change, knowledge))


async def remove_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    actor: Actor,
    clock: Clock,
    bot: Bot,
    settings: Settings,
) -> None:
    telegram_id = service.person_id(actor, (command.args or "").split()[1])
    change = await service.remove(session, actor, telegram_id=telegram_id, now=clock.now())
    await _after_change(bot, settings, change)
    await message.answer(view.removed(change))


async def usage_command(message: Message, actor: Actor, knowledge: Knowledge) -> None:
    service.ensure_admin(actor, "usage")
    await message.answer(view.usage(knowledge))


# --- buttons -----------------------------------------------------------------------


async def list_button(query: CallbackQuery, session: AsyncSession, actor: Actor, knowledge: Knowledge) -> None:
    staff = await service.list_staff(session, actor)
    await query.answer()
    await _send_list(_chat(query), staff, knowledge)


async def show_member(
    query: CallbackQuery,
    callback_data: StaffCb,
    session: AsyncSession,
    actor: Actor,
    knowledge: Knowledge,
) -> None:
    member = await service.get_member(session, actor, callback_data.tg)
    await _show(query, view.member_card(member, knowledge), kb.member(member, is_lawyer=member.role == Role.LAWYER))


async def edit_topics(
    query: CallbackQuery,
    callback_data: StaffCb,
    session: AsyncSession,
    actor: Actor,
    knowledge: Knowledge,
) -> None:
    member = await service.get_member(session, actor, callback_data.tg)
    mask = kb.topics_mask(member.topic_codes, knowledge)
    markup = kb.topics(knowledge, mode=EDITING, telegram_id=member.telegram_id, mask=mask)
    await _show(query, t.ASK_TOPICS.format(telegram_id=member.telegram_id), markup)


async def ask_remove(
    query: CallbackQuery,
    callback_data: StaffCb,
    session: AsyncSession,
    actor: Actor,
) -> None:
    member = await service.get_member(session, actor, callback_data.tg)
    await _show(query, t.REMOVE_CONFIRM.format(name=view.member_name(member)), kb.confirm_remove(member.telegram_id))


async def confirm_remove(
    query: CallbackQuery,
    callback_data: StaffCb,
    session: AsyncSession,
    actor: Actor,
    clock: Clock,
    bot: Bot,
    settings: Settings,
) -> None:
    change = await service.remove(session, actor, telegram_id=callback_data.tg, now=clock.now())
    await _after_change(bot, settings, change)
    await _show(query, view.removed(change))


async def start_adding(query: CallbackQuery, actor: Actor, state: FSMContext) -> None:
    service.ensure_admin(actor, "add")
    await state.set_state(StaffAdd.telegram_id)
    await query.answer()
    await _chat(query).answer(t.ASK_ID, reply_markup=kb.ask_id())


async def make_editor(
    query: CallbackQuery,
    callback_data: StaffCb,
    session: AsyncSession,
    actor: Actor,
    knowledge: Knowledge,
    clock: Clock,
    bot: Bot,
    settings: Settings,
) -> None:
    change = await service.add_editor(session, actor, telegram_id=callback_data.tg, now=clock.now())
    await _after_change(bot, settings, change)
    await _done(query, view.added(change, knowledge), actor.role)


# --- the topic picker ----------------------------------------------------------------


async def toggle_topic(query: CallbackQuery, callback_data: StaffTopicsCb, actor: Actor, knowledge: Knowledge) -> None:
    service.ensure_admin(actor, "topics")
    data = callback_data
    if data.flip >= len(knowledge.topics):
        await query.answer(tc.STALE_BUTTON, show_alert=True)
        return
    mask = data.mask ^ (1 << data.flip) if data.flip >= 0 else data.mask
    markup = kb.topics(knowledge, mode=data.mode, telegram_id=data.tg, mask=mask)
    await _show(query, t.ASK_TOPICS.format(telegram_id=data.tg), markup)


async def save_new_lawyer(
    query: CallbackQuery,
    callback_data: StaffTopicsCb,
    session: AsyncSession,
    actor: Actor,
    knowledge: Knowledge,
    clock: Clock,
    bot: Bot,
    settings: Settings,
) -> None:
    topics = kb.mask_topics(callback_data.mask, knowledge)
    change = await service.add_lawyer(
        session, actor, telegram_id=callback_data.tg, topics=topics, knowledge=knowledge, now=clock.now()
    )
    await _after_change(bot, settings, change)
    await _done(query, view.added(change, knowledge), actor.role)


async def save_topics(
    query: CallbackQuery,
    callback_data: StaffTopicsCb,
    session: AsyncSession,
    actor: Actor,
    knowledge: Knowledge,
    clock: Clock,
) -> None:
    topics = kb.mask_topics(callback_data.mask, knowledge)
    change = await service.set_topics(
        session, actor, telegram_id=callback_data.tg, topics=topics, knowledge=knowledge, now=clock.now()
    )
    await _done(query, view.topics_saved(change, knowledge), actor.role)


# --- the "add" dialog: who? -----------------------------------------------------------


def _pointed_at(message: Message) -> int | str | None:
    """Whom the admin points at: the user picker, a forwarded message, a contact (None: hidden) or typed text."""
    if message.users_shared and message.users_shared.users:
        return message.users_shared.users[0].user_id
    if message.forward_origin is not None:
        origin = message.forward_origin
        return origin.sender_user.id if isinstance(origin, MessageOriginUser) else None
    if message.contact is not None:
        return message.contact.user_id
    return message.text or ""


async def add_pick(message: Message, state: FSMContext, actor: Actor) -> None:
    telegram_id = service.person_id(actor, _pointed_at(message))
    await state.clear()
    await message.answer(t.ASK_ROLE.format(telegram_id=telegram_id), reply_markup=kb.pick_role(telegram_id))


def create_router() -> Router:
    router = Router(name="staff")
    router.message.middleware(ActorMiddleware())
    router.callback_query.middleware(ActorMiddleware())
    router.message.register(list_command, Command("staff", magic=F.args.is_(None)))
    router.message.register(add_command, Command("staff", magic=F.args.regexp(ADD_VERB)))
    router.message.register(remove_command, Command("staff", magic=F.args.regexp(REMOVE_VERB)))
    router.message.register(usage_command, Command("staff"))
    router.message.register(list_command, F.text == tc.BTN_STAFF)
    router.message.register(add_pick, StaffAdd.telegram_id)
    router.callback_query.register(list_button, StaffCb.filter(F.action == "list"))
    router.callback_query.register(show_member, StaffCb.filter(F.action == "show"))
    router.callback_query.register(edit_topics, StaffCb.filter(F.action == "topics"))
    router.callback_query.register(ask_remove, StaffCb.filter(F.action == "rm"))
    router.callback_query.register(confirm_remove, StaffCb.filter(F.action == "rmok"))
    router.callback_query.register(start_adding, StaffCb.filter(F.action == "add"))
    router.callback_query.register(make_editor, StaffCb.filter(F.action == "ed"))
    picker = StaffTopicsCb.filter
    router.callback_query.register(toggle_topic, picker(~F.save & F.mode.in_({ADDING, EDITING})))
    router.callback_query.register(save_new_lawyer, picker(F.save & (F.mode == ADDING)))
    router.callback_query.register(save_topics, picker(F.save & (F.mode == EDITING)))
    return router
