"""The lawyer's side: queue, take, hand over, release, close, history (answers and clarifications: `compose`).

A used button goes away: the take button of the notice once taken, the card's buttons change with its status.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.callbacks.hotline import ConsultationAction, ConsultationCb, HandoverCb
from bot.filters import Registered, RoleFilter
from bot.keyboards import hotline as kb
from bot.texts import common as tc
from bot.texts import hotline as t
from bot.views import hotline as view
from handlers.hotline import send_replies
from handlers.hotline.middleware import install_hotline
from services.hotline.consultations import STAFF_ROLES, Hotline
from services.text import ALERT_LIMIT, shorten
from storage.models import Consultation, Role, User


async def queue(message: Message, hotline: Hotline, user: User, role: Role) -> None:
    work = await hotline.work_list(user, role)
    settings, knowledge, now = hotline.settings, hotline.knowledge, hotline.now
    if work.undelivered:
        await message.answer(
            view.undelivered_list(work.undelivered, knowledge), reply_markup=kb.open_list(work.undelivered)
        )
    if work.assigned:
        await message.answer(
            view.queue_list(t.MY_ASSIGNED_HEADER, work.assigned, settings, knowledge, now),
            reply_markup=kb.open_list(work.assigned),
        )
    if not work.queue:
        await message.answer(t.QUEUE_EMPTY)
        return
    await message.answer(
        view.queue_list(t.QUEUE_HEADER, work.queue, settings, knowledge, now), reply_markup=kb.open_list(work.queue)
    )


def _card(query: CallbackQuery) -> Message:
    assert isinstance(query.message, Message)
    return query.message


async def _buttons_for(query: CallbackQuery, consultation: Consultation) -> None:
    """The pressed card keeps only the buttons of the consultation's new status."""
    await _card(query).edit_reply_markup(reply_markup=kb.lawyer_card(consultation.id, consultation.status))


async def take(
    query: CallbackQuery, callback_data: ConsultationCb, hotline: Hotline, user: User, role: Role, bot: Bot
) -> None:
    consultation = await hotline.take(callback_data.id, user, role)
    case = await hotline.thread(consultation.id, user, role)
    await query.answer(t.TAKEN_BY_YOU.format(number=consultation.id))
    await _card(query).edit_reply_markup(reply_markup=None)  # the whole consultation and its buttons follow
    await send_replies(bot, view.lawyer_view(user.telegram_id, case, hotline.settings, hotline.knowledge, hotline.now))


async def choose_handover(
    query: CallbackQuery, callback_data: ConsultationCb, hotline: Hotline, user: User, role: Role
) -> None:
    """The card's buttons give way to the choice (lawyers, topics, "Back"): pressed twice, it is shown once."""
    options = await hotline.handover_options(callback_data.id, user, role)
    consultation = options.consultation
    text = t.HANDOVER_CHOOSE.format(number=consultation.id)
    if not options.lawyers:
        text += " " + t.NO_OTHER_LAWYERS
    await query.answer(shorten(text, ALERT_LIMIT))
    await _card(query).edit_reply_markup(reply_markup=kb.handover(consultation, options.lawyers, hotline.knowledge))


async def card_buttons(
    query: CallbackQuery, callback_data: ConsultationCb, hotline: Hotline, user: User, role: Role
) -> None:
    """Back from the hand-over choice: the card's buttons for its status now."""
    consultation = await hotline.get_for(callback_data.id, user, role)
    await query.answer()
    await _buttons_for(query, consultation)


async def _handed_over(query: CallbackQuery, text: str) -> None:
    await query.answer()
    message = _card(query)
    await message.edit_reply_markup(reply_markup=None)
    await message.answer(text)


async def hand_over_to_lawyer(
    query: CallbackQuery, callback_data: HandoverCb, hotline: Hotline, user: User, role: Role
) -> None:
    consultation = await hotline.hand_over_to_lawyer(callback_data.id, user, role, callback_data.lawyer)
    await _handed_over(
        query, t.HANDED_TO_LAWYER.format(number=consultation.id, lawyer=view.person(consultation.lawyer))
    )


async def hand_over_to_topic(
    query: CallbackQuery, callback_data: HandoverCb, hotline: Hotline, user: User, role: Role
) -> None:
    consultation = await hotline.hand_over_to_topic(callback_data.id, user, role, callback_data.topic)
    topic = hotline.knowledge.topic_title(consultation.topic_code)
    await _handed_over(query, t.HANDED_TO_TOPIC.format(number=consultation.id, topic=topic))


async def release(
    query: CallbackQuery, callback_data: ConsultationCb, hotline: Hotline, user: User, role: Role
) -> None:
    consultation = await hotline.release(callback_data.id, user, role)
    await query.answer()
    await _buttons_for(query, consultation)
    await _card(query).answer(t.RELEASED.format(number=consultation.id))


async def close(query: CallbackQuery, callback_data: ConsultationCb, hotline: Hotline, user: User, role: Role) -> None:
    consultation = await hotline.close(callback_data.id, user, role)
    await query.answer()
    await _buttons_for(query, consultation)
    await _card(query).answer(t.CLOSED_BY_STAFF.format(number=consultation.id))


async def history(
    query: CallbackQuery, callback_data: ConsultationCb, hotline: Hotline, user: User, role: Role, bot: Bot
) -> None:
    case = await hotline.thread(callback_data.id, user, role)
    await query.answer()
    await send_replies(bot, view.history_messages(user.telegram_id, case, hotline.settings, hotline.knowledge))


def create_router() -> Router:
    router = Router(name="hotline_lawyer")
    install_hotline(router)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    staff = RoleFilter(*STAFF_ROLES)
    router.message.register(queue, Command("queue"), staff)
    router.message.register(queue, F.text == tc.BTN_QUEUE, staff)
    # Callback actions are authorised again in the service: callback data can be forged.
    on = ConsultationCb.filter
    router.callback_query.register(take, on(F.action == ConsultationAction.TAKE))
    router.callback_query.register(choose_handover, on(F.action == ConsultationAction.HANDOVER))
    router.callback_query.register(card_buttons, on(F.action == ConsultationAction.BUTTONS))
    router.callback_query.register(hand_over_to_lawyer, HandoverCb.filter(F.lawyer != 0))
    router.callback_query.register(hand_over_to_topic, HandoverCb.filter(F.lawyer == 0))
    router.callback_query.register(release, on(F.action == ConsultationAction.RELEASE))
    router.callback_query.register(close, on(F.action == ConsultationAction.CLOSE))
    router.callback_query.register(history, on(F.action == ConsultationAction.HISTORY))
    return router
