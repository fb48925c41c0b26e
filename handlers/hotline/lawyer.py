"""The lawyer's side: queue, take, answer, clarify, hand over, release, close."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.hotline import Act, ConsultCb, HandoverCb
from bot.filters import Registered, RoleFilter
from bot.keyboards import hotline as kb
from bot.texts import common as tc
from bot.texts import hotline as t
from bot.views import hotline as render
from core.errors import AccessDenied
from handlers.hotline import official
from handlers.hotline.middleware import install_hotline
from knowledge import Knowledge
from services.hotline.consultations import STAFF_ROLES, Hotline
from services.hotline.notices import person
from services.text import CAPTION_LIMIT, split_text
from storage.models import Consultation, Role, User
from storage.repositories import consultations as repo
from storage.repositories import users as users_repo


async def send_full_view(bot: Bot, chat_id: int, consultation: Consultation, hotline: Hotline) -> None:
    """The whole consultation for its lawyer: card, every text exchanged, every file."""
    events = await repo.events(hotline.session, consultation.id)
    for part in split_text(render.thread(events, hotline.settings)):
        if part:
            await bot.send_message(chat_id, part)
    for attachment in render.attachments(events):
        caption = f"№{consultation.id}"[:CAPTION_LIMIT]
        if attachment.get("type") == "photo":
            await bot.send_photo(chat_id, attachment["file_id"], caption=caption)
        else:
            await bot.send_document(chat_id, attachment["file_id"], caption=caption)
    card = render.card(consultation, hotline.settings, hotline.knowledge, hotline.now)
    await bot.send_message(chat_id, card, reply_markup=kb.lawyer_card(consultation))


async def queue(message: Message, hotline: Hotline, user: User, role: Role) -> None:
    items = await hotline.queue_for(user, role)
    mine = await repo.assigned_to(hotline.session, user.id)
    settings, knowledge, now = hotline.settings, hotline.knowledge, hotline.now
    if mine:
        await message.answer(
            render.queue_list(t.MY_ASSIGNED_HEADER, mine, settings, knowledge, now), reply_markup=kb.open_list(mine)
        )
    if not items:
        await message.answer(t.QUEUE_EMPTY)
        return
    await message.answer(
        render.queue_list(t.QUEUE_HEADER, items, settings, knowledge, now), reply_markup=kb.open_list(items)
    )


async def take(
    query: CallbackQuery, callback_data: ConsultCb, hotline: Hotline, user: User, role: Role, bot: Bot
) -> None:
    consultation = await hotline.take(callback_data.id, user, role)
    await query.answer(t.TAKEN_BY_YOU.format(number=consultation.id))
    await send_full_view(bot, user.telegram_id, consultation, hotline)


async def open_consultation(
    query: CallbackQuery, callback_data: ConsultCb, hotline: Hotline, user: User, role: Role, bot: Bot
) -> None:
    consultation = await hotline.get_for(callback_data.id, user, role)
    if role not in STAFF_ROLES or consultation.official_id == user.id:
        await official.open_own(query, callback_data, hotline, user, role)
        return
    await query.answer()
    await send_full_view(bot, user.telegram_id, consultation, hotline)


async def choose_handover(
    query: CallbackQuery, callback_data: ConsultCb, session: AsyncSession, user: User, role: Role, knowledge: Knowledge
) -> None:
    consultation = await repo.get(session, callback_data.id)
    if consultation is None or not (role == Role.ADMIN or consultation.lawyer_id == user.id):
        raise AccessDenied(t.NOT_ASSIGNED_TO_YOU)
    lawyers = [
        lawyer for lawyer in await users_repo.list_by_role(session, Role.LAWYER) if lawyer.id != consultation.lawyer_id
    ]
    await query.answer()
    assert isinstance(query.message, Message)
    text = t.HANDOVER_CHOOSE.format(number=consultation.id)
    if not lawyers:
        text += "\n" + t.NO_OTHER_LAWYERS
    await query.message.answer(text, reply_markup=kb.handover(consultation, lawyers, knowledge))


async def hand_over(query: CallbackQuery, callback_data: HandoverCb, hotline: Hotline, user: User, role: Role) -> None:
    assert isinstance(query.message, Message)
    if callback_data.lawyer:
        consultation = await hotline.hand_over_to_lawyer(callback_data.id, user, role, callback_data.lawyer)
        target = await users_repo.get(hotline.session, callback_data.lawyer)
        text = t.HANDED_TO_LAWYER.format(number=consultation.id, lawyer=person(target))
    else:
        consultation = await hotline.hand_over_to_topic(callback_data.id, user, role, callback_data.topic)
        topic = hotline.knowledge.topic_title(callback_data.topic)
        text = t.HANDED_TO_TOPIC.format(number=consultation.id, topic=topic)
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)
    await query.message.answer(text)


async def release_or_close(
    query: CallbackQuery, callback_data: ConsultCb, hotline: Hotline, user: User, role: Role
) -> None:
    if callback_data.action == Act.RELEASE:
        consultation = await hotline.release(callback_data.id, user, role)
        text = t.RELEASED.format(number=consultation.id)
    else:
        consultation = await hotline.close(callback_data.id, user, role)
        text = t.CLOSED_BY_STAFF.format(number=consultation.id)
    await query.answer()
    assert isinstance(query.message, Message)
    await query.message.answer(text)


async def history(query: CallbackQuery, callback_data: ConsultCb, hotline: Hotline, user: User, role: Role) -> None:
    consultation, events = await hotline.history(callback_data.id, user, role)
    await query.answer()
    assert isinstance(query.message, Message)
    for part in split_text(render.history(consultation, events, hotline.settings)):
        await query.message.answer(part)


def create_router() -> Router:
    router = Router(name="consultations_lawyer")
    install_hotline(router)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    staff = RoleFilter(*STAFF_ROLES)
    router.message.register(queue, Command("queue"), staff)
    router.message.register(queue, F.text == tc.BTN_QUEUE, staff)
    # Callback actions are authorised again in the service: callback data can be forged.
    router.callback_query.register(take, ConsultCb.filter(F.action == Act.TAKE))
    router.callback_query.register(open_consultation, ConsultCb.filter(F.action == Act.OPEN))
    router.callback_query.register(choose_handover, ConsultCb.filter(F.action == Act.HANDOVER))
    router.callback_query.register(hand_over, HandoverCb.filter())
    router.callback_query.register(release_or_close, ConsultCb.filter(F.action.in_({Act.RELEASE, Act.CLOSE})))
    router.callback_query.register(history, ConsultCb.filter(F.action == Act.HISTORY))
    return router
