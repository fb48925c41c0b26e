"""/start for a new user: consent, name, position, community, region, phone."""

from __future__ import annotations

from datetime import datetime

from aiogram import F, Router
from aiogram.filters import CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.text_decorations import html_decoration as hd
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.registration import ConsentCb, RegionCb
from bot.keyboards import registration as kb
from bot.keyboards.common import main_menu
from bot.keyboards.newsletters import offer as newsletter_offer
from bot.texts import registration as t
from bot.texts.newsletters import SUBSCRIBE_OFFER
from core.clock import Clock
from knowledge import Knowledge
from services import registration as service
from storage.models import Role


class Registration(StatesGroup):
    consent = State()
    full_name = State()
    position = State()
    community = State()
    region = State()
    phone = State()


async def start_new(message: Message, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(Registration.consent)
    await message.answer(t.WELCOME, reply_markup=ReplyKeyboardRemove())
    await message.answer(t.CONSENT, reply_markup=kb.consent())


async def consent(query: CallbackQuery, callback_data: ConsentCb, state: FSMContext, clock: Clock) -> None:
    await query.answer()
    if not callback_data.agree:
        await state.clear()
        await query.message.answer(t.CONSENT_DECLINED)  # type: ignore[union-attr]
        return
    await state.update_data(consent_at=clock.now().isoformat())
    await state.set_state(Registration.full_name)
    await query.message.answer(t.ASK_FULL_NAME)  # type: ignore[union-attr]


async def _text_step(
    message: Message, state: FSMContext, field: str, next_state: State, prompt: str, **kw: object
) -> None:
    try:
        value = service.clean_text_field(message.text, **kw)  # type: ignore[arg-type]
    except service.InvalidField as exc:
        await message.answer(exc.message)
        return
    await state.update_data({field: value})
    await state.set_state(next_state)
    await message.answer(prompt)


async def full_name(message: Message, state: FSMContext) -> None:
    await _text_step(message, state, "full_name", Registration.position, t.ASK_POSITION, min_len=3)


async def position(message: Message, state: FSMContext) -> None:
    await _text_step(message, state, "position", Registration.community, t.ASK_COMMUNITY)


async def community(message: Message, state: FSMContext, knowledge: Knowledge) -> None:
    try:
        value = service.clean_text_field(message.text)
    except service.InvalidField as exc:
        await message.answer(exc.message)
        return
    await state.update_data(community=value)
    await state.set_state(Registration.region)
    await message.answer(t.ASK_REGION, reply_markup=kb.regions(knowledge))


async def region(query: CallbackQuery, callback_data: RegionCb, state: FSMContext, knowledge: Knowledge) -> None:
    if knowledge.region(callback_data.code) is None:
        await query.answer(t.PICK_REGION_BUTTON, show_alert=True)
        return
    await query.answer(knowledge.region_title(callback_data.code))
    await state.update_data(region_code=callback_data.code)
    await state.set_state(Registration.phone)
    await query.message.answer(t.ASK_PHONE, reply_markup=kb.phone())  # type: ignore[union-attr]


async def region_typed(message: Message) -> None:
    await message.answer(t.PICK_REGION_BUTTON)


async def phone_contact(message: Message, state: FSMContext, session: AsyncSession, clock: Clock, role: Role) -> None:
    contact = message.contact
    assert contact is not None
    if contact.user_id != message.from_user.id:  # type: ignore[union-attr]
        await message.answer(t.FOREIGN_CONTACT)
        return
    try:
        phone = service.clean_phone(contact.phone_number)
    except service.InvalidField as exc:
        await message.answer(exc.message)
        return
    await _finish(message, state, session, clock, role, phone)


async def phone_skip(message: Message, state: FSMContext, session: AsyncSession, clock: Clock, role: Role) -> None:
    await _finish(message, state, session, clock, role, None)


async def phone_other(message: Message) -> None:
    await message.answer(t.FOREIGN_CONTACT, reply_markup=kb.phone())


async def consent_typed(message: Message) -> None:
    await message.answer(t.CONSENT, reply_markup=kb.consent())


async def _finish(
    message: Message, state: FSMContext, session: AsyncSession, clock: Clock, role: Role, phone: str | None
) -> None:
    data = await state.get_data()
    form = service.RegistrationForm(
        full_name=data["full_name"],
        position=data["position"],
        community=data["community"],
        region_code=data["region_code"],
        phone=phone,
        consent_at=datetime.fromisoformat(data["consent_at"]),
    )
    tg_user = message.from_user
    assert tg_user is not None
    user = await service.complete_registration(
        session, telegram_id=tg_user.id, username=tg_user.username, form=form, now=clock.now()
    )
    await state.clear()
    await message.answer(t.REGISTERED.format(name=hd.quote(user.full_name)), reply_markup=main_menu(role))
    await message.answer(SUBSCRIBE_OFFER, reply_markup=newsletter_offer())


def create_router() -> Router:
    router = Router(name="registration")
    router.message.register(start_new, CommandStart())
    router.callback_query.register(consent, Registration.consent, ConsentCb.filter())
    router.message.register(consent_typed, Registration.consent)
    router.message.register(full_name, Registration.full_name)
    router.message.register(position, Registration.position)
    router.message.register(community, Registration.community)
    router.callback_query.register(region, Registration.region, RegionCb.filter())
    router.message.register(region_typed, Registration.region)
    router.message.register(phone_contact, Registration.phone, F.contact)
    router.message.register(phone_skip, Registration.phone, F.text == t.BTN_SKIP)
    router.message.register(phone_other, Registration.phone)
    return router
