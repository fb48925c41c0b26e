"""/staff for admins: the list of lawyers and editors, adding, topics, removing.

Handlers are open to everyone on purpose: the service refuses non-admins (and
logs it), so a forged button gets a clear answer instead of silence.
"""

from __future__ import annotations

from typing import ClassVar

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
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
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.staff import StaffCb, StaffTopicsCb
from bot.commands import set_commands_for
from bot.forms import reply_keyboard_texts
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
from services import staff as service

ADD_VERB = r"(?i)^add\s+\S"
REMOVE_VERB = r"(?i)^(remove|rm|del)\s+\S+\s*$"
# The topic picker's modes: adding a lawyer, editing a lawyer's topics.
ADDING, EDITING = "a", "e"


class StaffAdd(StatesGroup):
    telegram_id = State()


class PickedPerson(BaseModel):
    """Whom the admin picked in the add dialog, with the name Telegram gave (kept in the admin's FSM data,
    without a state: the dialog is over, the buttons that follow name the person)."""

    telegram_id: int
    name: str | None = None

    KEY: ClassVar[str] = "staff_picked"

    async def remember(self, state: FSMContext) -> None:
        await state.update_data({self.KEY: self.model_dump()})

    @classmethod
    async def name_of(cls, state: FSMContext, telegram_id: int) -> str | None:
        raw = (await state.get_data()).get(cls.KEY)
        picked = cls.model_validate(raw) if raw else None
        return picked.name if picked is not None and picked.telegram_id == telegram_id else None


def _chat(query: CallbackQuery) -> Message | InaccessibleMessage:
    assert query.message is not None  # our buttons are on our own messages (no inline mode)
    return query.message


async def _send_list(chat: Message | InaccessibleMessage, staff: service.StaffList, parts: list[str]) -> None:
    for part in parts[:-1]:
        await chat.answer(part)
    await chat.answer(parts[-1], reply_markup=kb.staff_list(staff))


async def _show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def _done(query: CallbackQuery, text: str, role: Role) -> None:
    """The outcome of adding someone: the used buttons go, the main menu comes back (the add dialog replaced it)."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    await _chat(query).answer(text, reply_markup=main_menu(role))


async def _unchanged(query: CallbackQuery, change: service.StaffChange) -> bool:
    """A second press of the same button: a short alert, nothing sent twice."""
    if change.changed:
        return False
    await query.answer(t.UNCHANGED)
    return True


async def _added(
    query: CallbackQuery, change: service.StaffChange, *, bot: Bot, knowledge: Knowledge, state: FSMContext, role: Role
) -> None:
    """The outcome of adding someone by buttons, named as the admin picked them (a second press: an alert)."""
    if await _unchanged(query, change):
        return
    await _after_change(bot, change)
    picked = await PickedPerson.name_of(state, change.user.telegram_id)
    await _done(query, view.added(change, knowledge, picked), role)


async def _after_change(bot: Bot, change: service.StaffChange) -> None:
    """The person's "/" menu follows their new role (after the commit: this is a Bot API call)."""
    if change.role_changed:
        await set_commands_for(bot, change.user.telegram_id, change.role, editor=change.user.is_editor)


# --- commands ----------------------------------------------------------------------


async def list_command(message: Message, session: AsyncSession, actor: Actor, knowledge: Knowledge) -> None:
    staff = await service.list_staff(session, actor)
    await _send_list(message, staff, view.staff_list(staff, knowledge))


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
    change = await service.add_by_command(
        session, actor, words, knowledge=knowledge, now=clock.now(), admin_ids=settings.admin_ids
    )
    await _after_change(bot, change)
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
    change = await service.remove(
        session, actor, telegram_id=telegram_id, now=clock.now(), admin_ids=settings.admin_ids
    )
    await _after_change(bot, change)
    await message.answer(view.removed(change))


async def usage_command(message: Message, actor: Actor) -> None:
    service.ensure_admin(actor, "usage")
    await message.answer(t.USAGE)


# --- buttons -----------------------------------------------------------------------


async def list_button(query: CallbackQuery, session: AsyncSession, actor: Actor, knowledge: Knowledge) -> None:
    """ "« До списку": the card turns back into the list (sent anew only when the list takes several messages)."""
    staff = await service.list_staff(session, actor)
    parts = view.staff_list(staff, knowledge)
    if len(parts) == 1:
        await _show(query, parts[0], kb.staff_list(staff))
        return
    await query.answer()
    await _send_list(_chat(query), staff, parts)


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
    await _show(query, view.ask_topics(member, member.telegram_id), markup)


async def ask_remove(
    query: CallbackQuery,
    callback_data: StaffCb,
    session: AsyncSession,
    actor: Actor,
) -> None:
    member = await service.get_member(session, actor, callback_data.tg)
    await _show(query, view.ask_remove(member), kb.confirm_remove(member.telegram_id))


async def confirm_remove(
    query: CallbackQuery,
    callback_data: StaffCb,
    session: AsyncSession,
    actor: Actor,
    clock: Clock,
    bot: Bot,
    settings: Settings,
) -> None:
    now = clock.now()
    change = await service.remove(session, actor, telegram_id=callback_data.tg, now=now, admin_ids=settings.admin_ids)
    await _after_change(bot, change)
    await _show(query, view.removed(change))


async def start_adding(query: CallbackQuery, actor: Actor, state: FSMContext, raw_state: str | None) -> None:
    service.ensure_admin(actor, "add")
    await query.answer()
    if raw_state == StaffAdd.telegram_id.state:
        return  # pressed again: the question is already there
    await state.set_state(StaffAdd.telegram_id)
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
    state: FSMContext,
) -> None:
    now = clock.now()
    change = await service.add_editor(
        session, actor, telegram_id=callback_data.tg, now=now, admin_ids=settings.admin_ids
    )
    await _added(query, change, bot=bot, knowledge=knowledge, state=state, role=actor.role)


# --- the topic picker ----------------------------------------------------------------


async def pick_topics(
    query: CallbackQuery,
    callback_data: StaffTopicsCb,
    session: AsyncSession,
    actor: Actor,
    knowledge: Knowledge,
    state: FSMContext,
) -> None:
    """ "⚖️ Юрист" for the person being added: their topics next, in the same message."""
    telegram_id = callback_data.tg
    person = await service.find_person(session, actor, telegram_id)
    text = view.ask_topics(person, telegram_id, await PickedPerson.name_of(state, telegram_id))
    await _show(query, text, kb.topics(knowledge, mode=ADDING, telegram_id=telegram_id, mask=callback_data.mask))


async def toggle_topic(query: CallbackQuery, callback_data: StaffTopicsCb, actor: Actor, knowledge: Knowledge) -> None:
    """Only the buttons change (the selection travels in their data; the same press twice gives the same screen)."""
    service.ensure_admin(actor, "topics")
    data = callback_data
    if data.flip >= len(knowledge.topics):
        await query.answer(tc.STALE_BUTTON, show_alert=True)
        return
    markup = kb.topics(knowledge, mode=data.mode, telegram_id=data.tg, mask=data.mask ^ (1 << data.flip))
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=markup)


async def save_new_lawyer(
    query: CallbackQuery,
    callback_data: StaffTopicsCb,
    session: AsyncSession,
    actor: Actor,
    knowledge: Knowledge,
    clock: Clock,
    bot: Bot,
    settings: Settings,
    state: FSMContext,
) -> None:
    topics = kb.mask_topics(callback_data.mask, knowledge)
    change = await service.add_lawyer(
        session,
        actor,
        telegram_id=callback_data.tg,
        topics=topics,
        knowledge=knowledge,
        now=clock.now(),
        admin_ids=settings.admin_ids,
    )
    await _added(query, change, bot=bot, knowledge=knowledge, state=state, role=actor.role)


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
    if await _unchanged(query, change):
        return
    await _show(query, view.topics_saved(change, knowledge))


# --- the "add" dialog: who? -----------------------------------------------------------


def _full_name(*parts: str | None) -> str | None:
    return " ".join(part for part in parts if part) or None


def _pointed_at(message: Message) -> tuple[int | str | None, str | None]:
    """Whom the admin points at (the user picker, a forwarded message, a contact, None: hidden, or typed text),
    and the name Telegram gives them, if any."""
    if message.users_shared and message.users_shared.users:
        shared = message.users_shared.users[0]
        return shared.user_id, _full_name(shared.first_name, shared.last_name)
    if message.forward_origin is not None:
        origin = message.forward_origin
        if isinstance(origin, MessageOriginUser):
            return origin.sender_user.id, origin.sender_user.full_name
        return None, None
    if message.contact is not None:
        return message.contact.user_id, _full_name(message.contact.first_name, message.contact.last_name)
    return message.text or "", None


async def add_pick(message: Message, state: FSMContext, session: AsyncSession, actor: Actor) -> None:
    given, name = _pointed_at(message)
    telegram_id = service.person_id(actor, given)
    person = await service.find_person(session, actor, telegram_id)
    await state.clear()
    await PickedPerson(telegram_id=telegram_id, name=name).remember(state)
    await message.answer(view.ask_role(person, telegram_id, name), reply_markup=kb.pick_role(telegram_id))


async def leave_adding(message: Message, state: FSMContext) -> None:
    """A main-menu button or a command while the dialog waits for a person: never read as the person;
    the dialog ends and the button does its own work."""
    await state.clear()
    raise SkipHandler()


def create_router() -> Router:
    router = Router(name="staff")
    router.message.middleware(ActorMiddleware())
    router.callback_query.middleware(ActorMiddleware())
    router.message.register(list_command, Command("staff", magic=F.args.is_(None)))
    router.message.register(add_command, Command("staff", magic=F.args.regexp(ADD_VERB)))
    router.message.register(remove_command, Command("staff", magic=F.args.regexp(REMOVE_VERB)))
    router.message.register(usage_command, Command("staff"))
    router.message.register(list_command, F.text == tc.BTN_STAFF)
    elsewhere = F.text.in_(reply_keyboard_texts([main_menu(Role.ADMIN)])) | F.text.startswith("/")
    router.message.register(leave_adding, StaffAdd.telegram_id, elsewhere)
    router.message.register(add_pick, StaffAdd.telegram_id, ~elsewhere)
    router.callback_query.register(list_button, StaffCb.filter(F.action == "list"))
    router.callback_query.register(show_member, StaffCb.filter(F.action == "show"))
    router.callback_query.register(edit_topics, StaffCb.filter(F.action == "topics"))
    router.callback_query.register(ask_remove, StaffCb.filter(F.action == "rm"))
    router.callback_query.register(confirm_remove, StaffCb.filter(F.action == "rmok"))
    router.callback_query.register(start_adding, StaffCb.filter(F.action == "add"))
    router.callback_query.register(make_editor, StaffCb.filter(F.action == "ed"))
    picker = StaffTopicsCb.filter
    router.callback_query.register(pick_topics, picker(~F.save & (F.flip < 0) & (F.mode == ADDING)))
    router.callback_query.register(toggle_topic, picker(~F.save & (F.flip >= 0) & F.mode.in_({ADDING, EDITING})))
    router.callback_query.register(save_new_lawyer, picker(F.save & (F.mode == ADDING)))
    router.callback_query.register(save_topics, picker(F.save & (F.mode == EDITING)))
    return router
