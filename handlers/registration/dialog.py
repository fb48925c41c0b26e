"""/start for a new user: consent, name, position, community, region, phone."""

from __future__ import annotations

from datetime import datetime

from aiogram import F, Router
from aiogram.filters import CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InaccessibleMessage, Message, ReplyKeyboardRemove
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.registration import ConsentCb, RegionCb
from bot.keyboards import registration as kb
from bot.keyboards.common import main_menu
from bot.keyboards.newsletters import offer as newsletter_offer
from bot.texts import registration as t
from bot.texts.newsletters import SUBSCRIBE_OFFER
from bot.views import registration as view
from core.clock import Clock
from core.roles import Role
from knowledge import Knowledge
from services import registration as service


class Registration(StatesGroup):
    consent = State()
    full_name = State()
    position = State()
    community = State()
    region = State()
    phone = State()


class Draft(BaseModel):
    """What the person has answered so far (the FSM data of the dialog)."""

    consent_at: datetime | None = None
    full_name: str = ""
    position: str = ""
    community: str = ""
    region_code: str = ""

    @classmethod
    async def load(cls, state: FSMContext) -> Draft:
        return cls.model_validate(await state.get_data())

    async def save(self, state: FSMContext, next_state: State) -> None:
        await state.set_data(self.model_dump(mode="json"))
        await state.set_state(next_state)

    def form(self, phone: str | None) -> service.RegistrationForm:
        assert self.consent_at is not None  # the consent step comes first
        return service.RegistrationForm(
            full_name=self.full_name,
            position=self.position,
            community=self.community,
            region_code=self.region_code,
            phone=phone,
            consent_at=self.consent_at,
        )


def _chat(query: CallbackQuery) -> Message | InaccessibleMessage:
    assert query.message is not None  # our buttons are on our own messages (no inline mode)
    return query.message


async def start_new(message: Message, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(Registration.consent)
    await message.answer(t.WELCOME, reply_markup=ReplyKeyboardRemove())
    await message.answer(t.CONSENT, reply_markup=kb.consent())


async def consent_given(query: CallbackQuery, state: FSMContext, clock: Clock) -> None:
    await Draft(consent_at=clock.now()).save(state, Registration.full_name)
    await query.answer()
    await _chat(query).answer(t.ASK_FULL_NAME)


async def consent_declined(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await query.answer()
    await _chat(query).answer(t.CONSENT_DECLINED)


async def consent_typed(message: Message) -> None:
    await message.answer(t.CONSENT, reply_markup=kb.consent())


async def full_name(message: Message, state: FSMContext) -> None:
    draft = await Draft.load(state)
    draft.full_name = service.clean_text_field(message.text, min_len=3)
    await draft.save(state, Registration.position)
    await message.answer(t.ASK_POSITION)


async def position(message: Message, state: FSMContext) -> None:
    draft = await Draft.load(state)
    draft.position = service.clean_text_field(message.text)
    await draft.save(state, Registration.community)
    await message.answer(t.ASK_COMMUNITY)


async def community(message: Message, state: FSMContext, knowledge: Knowledge) -> None:
    draft = await Draft.load(state)
    draft.community = service.clean_text_field(message.text)
    await draft.save(state, Registration.region)
    await message.answer(t.ASK_REGION, reply_markup=kb.regions(knowledge))


async def region(query: CallbackQuery, callback_data: RegionCb, state: FSMContext, knowledge: Knowledge) -> None:
    draft = await Draft.load(state)
    draft.region_code = service.region_code(callback_data.code, knowledge)
    await draft.save(state, Registration.phone)
    await query.answer(knowledge.region_title(draft.region_code))
    await _chat(query).answer(t.ASK_PHONE, reply_markup=kb.phone())


async def region_typed(message: Message) -> None:
    await message.answer(t.PICK_REGION_BUTTON)


async def phone_contact(message: Message, state: FSMContext, session: AsyncSession, clock: Clock, role: Role) -> None:
    assert message.contact is not None and message.from_user is not None
    contact = message.contact
    phone = service.own_phone(contact.phone_number, contact_user_id=contact.user_id, sender_id=message.from_user.id)
    await _finish(message, state, session, clock, role, phone)


async def phone_skipped(message: Message, state: FSMContext, session: AsyncSession, clock: Clock, role: Role) -> None:
    await _finish(message, state, session, clock, role, None)


async def phone_other(message: Message) -> None:
    await message.answer(t.FOREIGN_CONTACT, reply_markup=kb.phone())


async def _finish(
    message: Message, state: FSMContext, session: AsyncSession, clock: Clock, role: Role, phone: str | None
) -> None:
    assert message.from_user is not None
    form = (await Draft.load(state)).form(phone)
    user = await service.complete_registration(
        session, telegram_id=message.from_user.id, username=message.from_user.username, form=form, now=clock.now()
    )
    await state.clear()
    await message.answer(view.registered(user), reply_markup=main_menu(role))
    await message.answer(SUBSCRIBE_OFFER, reply_markup=newsletter_offer())


def create_router() -> Router:
    router = Router(name="registration")
    router.message.register(start_new, CommandStart())
    router.callback_query.register(consent_given, Registration.consent, ConsentCb.filter(F.agree))
    router.callback_query.register(consent_declined, Registration.consent, ConsentCb.filter(~F.agree))
    router.message.register(consent_typed, Registration.consent)
    router.message.register(full_name, Registration.full_name)
    router.message.register(position, Registration.position)
    router.message.register(community, Registration.community)
    router.callback_query.register(region, Registration.region, RegionCb.filter())
    router.message.register(region_typed, Registration.region)
    router.message.register(phone_contact, Registration.phone, F.contact)
    router.message.register(phone_skipped, Registration.phone, F.text == t.BTN_SKIP)
    router.message.register(phone_other, Registration.phone)
    return router
