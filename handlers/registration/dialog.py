"""/start for a new user: consent, four questions, a summary to check, then the main menu.

The phone is optional and asked at the summary: sharing it (a reply keyboard
button under the summary) or typing it there finishes the registration, as
"✅ Підтвердити" does without it. So the whole dialog is seven steps: /start,
consent, name, position, community, region, and the phone or "Підтвердити".

The questions and their rules are `services.registration` (a `FormSpec`). The
screens are made here rather than by the shared form engine (`bot/forms.py`):
the phone question needs a reply keyboard (Telegram shares a contact only from
one) and the consent comes before the form, while the engine shows inline
buttons only. They behave like the engine's: every question has "⬅️ Назад" and
"✖️ Скасувати", the summary has "✏️ <поле>" for every answer (a change returns
to the summary), a used keyboard is taken away and a press on an older screen
only gets a short alert. Commands and main-menu buttons in the middle ask
whether to continue; nothing typed is ever lost or taken for an answer.

This router goes before the shared `common` one: /help, /cancel and /start of a
person who is not registered get answers about registration, not the main menu
of a registered user.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.types import User as TgUser
from aiogram.utils.text_decorations import html_decoration as hd
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.registration import ConsentCb, RegistrationAct, RegistrationCb
from bot.filters import Registered, RoleFilter
from bot.forms import reply_keyboard_texts
from bot.keyboards import registration as kb
from bot.keyboards.common import main_menu
from bot.keyboards.newsletters import offer as newsletter_offer
from bot.keyboards.registration import SUMMARY
from bot.texts import common as tc
from bot.texts import registration as t
from bot.texts.newsletters import SUBSCRIBE_OFFER
from bot.views import registration as view
from bot.views.errors import error_text
from bot.views.privacy import consent_text, consent_version
from bot.views.registration import CONSENT
from core.clock import Clock
from core.errors import InvalidInput
from core.roles import Role
from core.settings import Settings
from knowledge import Knowledge
from services import registration as service
from services.registration import FULL_NAME, PHONE, RegistrationDraft, RegistrationForm
from storage.models import User


class Registration(StatesGroup):
    consent = State()
    full_name = State()
    position = State()
    community = State()
    region = State()
    phone = State()
    summary = State()


STATES: dict[str, State] = {
    CONSENT: Registration.consent,
    **{step: getattr(Registration, step) for step in service.STEPS},
    SUMMARY: Registration.summary,
}
TYPED_STEPS = (Registration.full_name, Registration.position, Registration.community)
# A refused answer, or something that is no answer, re-asks the question with this above it.
HINTS = {CONSENT: None, service.REGION: t.PICK_REGION_BUTTON, PHONE: t.INVALID_PHONE, SUMMARY: t.PRESS_A_BUTTON}


class Progress(BaseModel):
    """The FSM data of the dialog (typed; JSON in the storage)."""

    draft: RegistrationDraft = Field(default_factory=RegistrationDraft)
    changing: bool = False  # came from the summary: back there after this question
    prompt_id: int | None = None  # the message whose inline buttons are live

    @classmethod
    async def load(cls, state: FSMContext) -> Progress:
        raw: dict[str, Any] = await state.get_data()
        if raw and "draft" not in raw:  # saved by the dialog before it had a summary: the answers alone
            raw = {"draft": raw}
        return cls.model_validate(raw)

    async def save(self, state: FSMContext) -> None:
        await state.set_data(self.model_dump(mode="json"))


def step_of(raw_state: str | None) -> str:
    return (raw_state or "").partition(":")[2] or CONSENT


async def _retire(chat: Message, prompt_id: int | None, note: str | None) -> None:
    """The previous screen's buttons go away; a pressed one leaves "✓ <what was chosen>" in its place."""
    if prompt_id is None or chat.bot is None:
        return
    if note is not None and chat.message_id == prompt_id and chat.text is not None:
        text = f"{chat.html_text}\n\n{tc.FORM_CHOSEN.format(value=hd.quote(note))}"
        await chat.bot.edit_message_text(text=text, chat_id=chat.chat.id, message_id=prompt_id, reply_markup=None)
    else:
        await chat.bot.edit_message_reply_markup(chat_id=chat.chat.id, message_id=prompt_id, reply_markup=None)


async def _present(
    chat: Message, state: FSMContext, progress: Progress, step: str, screen: view.Screen, note: str | None = None
) -> None:
    """Stores where the person is (first: the screen shows what is kept), retires the old buttons, sends `screen`."""
    await state.set_state(STATES[step])
    previous, progress.prompt_id = progress.prompt_id, None
    await progress.save(state)
    await _retire(chat, previous, note)
    sent = await chat.answer(screen.text, reply_markup=screen.markup)
    if screen.inline and sent.message_id:  # 0: the reply waits in the outbox, any screen of this step is live
        progress.prompt_id = sent.message_id
        await progress.save(state)


async def show(
    chat: Message,
    state: FSMContext,
    progress: Progress,
    step: str,
    knowledge: Knowledge,
    settings: Settings,
    *,
    lead: str | None = None,
    note: str | None = None,
) -> None:
    """Shows `step`: a question, the consent or the summary, with `lead` above it."""
    shown = view.screen(step, progress.draft, knowledge, consent=consent_text(settings), lead=lead)
    await _present(chat, state, progress, step, shown, note)
    if step == SUMMARY and not progress.draft.phone:
        await chat.answer(t.PHONE_AT_SUMMARY, reply_markup=kb.phone_at_summary())


async def _answer(
    chat: Message,
    state: FSMContext,
    progress: Progress,
    step: str,
    value: str | None,
    knowledge: Knowledge,
    settings: Settings,
    *,
    note: str | None = None,
) -> None:
    """Reads the answer to `step`, then the next question (or the summary); refused, the same one again."""
    spec = service.registration_form(knowledge)
    try:
        if value is None:
            raise service.TextRequired()
        draft = spec.read(progress.draft, step, value)
    except InvalidInput as exc:
        await show(chat, state, progress, step, knowledge, settings, lead=error_text(exc))
        return
    progress.draft = draft
    following = None if progress.changing else spec.after(draft, step)
    if following is not None and following.name == PHONE:
        following = None  # the phone is asked at the summary (and giving it there finishes)
    if following is None:
        progress.changing = False
    await show(chat, state, progress, following.name if following else SUMMARY, knowledge, settings, note=note)


def _back_from(progress: Progress, step: str, knowledge: Knowledge) -> str:
    if step == SUMMARY:
        return service.REGION
    if progress.changing:
        progress.changing = False
        return SUMMARY
    if step in (CONSENT, FULL_NAME):
        return CONSENT
    before = service.registration_form(knowledge).before(progress.draft, step)
    return before.name if before is not None else CONSENT


def _registered(user: User | None) -> bool:
    return user is not None and user.is_registered


@dataclass(frozen=True)
class Press:
    """A press on the screen that is live now (already answered: the action only shows what follows)."""

    button: RegistrationCb
    message: Message
    state: FSMContext
    progress: Progress
    knowledge: Knowledge
    settings: Settings


PressAction = Callable[[Press, dict[str, Any]], Awaitable[None]]


def on_live_screen(action: PressAction) -> Callable[..., Awaitable[None]]:
    """The handler of `action`; a press on an older screen (a double tap, a used keyboard) only gets an alert."""

    async def handler(
        query: CallbackQuery,
        callback_data: RegistrationCb,
        state: FSMContext,
        raw_state: str | None,
        user: User | None,
        knowledge: Knowledge,
        settings: Settings,
        **data: Any,
    ) -> None:
        progress = await Progress.load(state)
        message = query.message
        if not (
            isinstance(message, Message)
            and step_of(raw_state) == callback_data.step
            and progress.prompt_id in (None, message.message_id)
        ):
            await stale(query, user)
            return
        await query.answer()
        await action(Press(callback_data, message, state, progress, knowledge, settings), data)

    handler.__name__ = handler.__qualname__ = action.__name__
    return handler


# --- entry, help, cancel ----------------------------------------------------------------


async def start_new(message: Message, state: FSMContext, knowledge: Knowledge, settings: Settings) -> None:
    await state.clear()
    await state.set_state(Registration.consent)
    await message.answer(t.WELCOME, reply_markup=ReplyKeyboardRemove())
    await show(message, state, Progress(), CONSENT, knowledge, settings)


async def resume(
    message: Message, state: FSMContext, raw_state: str | None, knowledge: Knowledge, settings: Settings
) -> None:
    """/start in the middle: the same question again, nothing lost."""
    await show(message, state, await Progress.load(state), step_of(raw_state), knowledge, settings, lead=t.RESUMED)


async def help_registering(
    message: Message, state: FSMContext, raw_state: str | None, knowledge: Knowledge, settings: Settings
) -> None:
    progress = await Progress.load(state)
    await show(message, state, progress, step_of(raw_state), knowledge, settings, lead=t.HELP_REGISTERING)


async def help_newcomer(message: Message) -> None:
    await message.answer(t.HELP_NOT_REGISTERED, reply_markup=ReplyKeyboardRemove())


async def cancel_typed(message: Message, state: FSMContext) -> None:
    progress = await Progress.load(state)
    await state.clear()
    await _retire(message, progress.prompt_id, None)
    await message.answer(t.CANCELLED, reply_markup=ReplyKeyboardRemove())


async def cancel_newcomer(message: Message) -> None:
    await message.answer(t.NOTHING_TO_CANCEL, reply_markup=ReplyKeyboardRemove())


async def interrupted(message: Message, state: FSMContext, raw_state: str | None) -> None:
    """A command or a main-menu button in the middle: never an answer; continue or cancel?"""
    step = step_of(raw_state)
    await _present(message, state, await Progress.load(state), step, view.interrupted(step))


# --- consent ---------------------------------------------------------------------------


async def consent_given(
    query: CallbackQuery,
    state: FSMContext,
    raw_state: str | None,
    clock: Clock,
    knowledge: Knowledge,
    settings: Settings,
) -> None:
    """From the consent screen, or later from the same message after "Не погоджуюсь"."""
    assert isinstance(query.message, Message)  # the consent message is the bot's own
    progress = await Progress.load(state) if raw_state is not None else Progress()
    progress.draft.consent_at = clock.now()
    progress.draft.consent_version = consent_version(settings)
    if progress.prompt_id is None:
        progress.prompt_id = query.message.message_id
    await query.answer()
    await show(query.message, state, progress, FULL_NAME, knowledge, settings, note=t.BTN_CONSENT_YES)


async def consent_declined(query: CallbackQuery, state: FSMContext, raw_state: str | None) -> None:
    """Nothing is kept; the consent buttons stay, so the person can still agree later."""
    if raw_state is None:
        await query.answer(t.ALREADY_DECLINED)
        return
    await state.clear()
    await query.answer()
    if query.message is not None:
        await query.message.answer(t.CONSENT_DECLINED, reply_markup=ReplyKeyboardRemove())


async def consent_again(query: CallbackQuery, user: User | None) -> None:
    await query.answer(t.ALREADY_REGISTERED if _registered(user) else t.CONSENT_ALREADY_GIVEN)


# --- answers ---------------------------------------------------------------------------


async def typed(
    message: Message, state: FSMContext, raw_state: str | None, knowledge: Knowledge, settings: Settings
) -> None:
    await _answer(message, state, await Progress.load(state), step_of(raw_state), message.text, knowledge, settings)


async def region_picked(press: Press, data: dict[str, Any]) -> None:
    region = press.knowledge.region(press.button.value)
    note = region.title if region is not None else None
    await _answer(
        press.message,
        press.state,
        press.progress,
        service.REGION,
        press.button.value,
        press.knowledge,
        press.settings,
        note=note,
    )


async def _phone(
    message: Message,
    state: FSMContext,
    raw_state: str | None,
    value: str,
    knowledge: Knowledge,
    settings: Settings,
    data: dict[str, Any],
) -> None:
    progress = await Progress.load(state)
    step = step_of(raw_state)
    if step != SUMMARY:  # the phone question (after "✏️ Телефон"): back to the summary
        await _answer(message, state, progress, PHONE, value, knowledge, settings)
        return
    # At the summary the phone is the last answer: giving it confirms.
    try:
        progress.draft = service.registration_form(knowledge).read(progress.draft, PHONE, value)
    except InvalidInput as exc:
        await show(message, state, progress, SUMMARY, knowledge, settings, lead=error_text(exc))
        return
    await _finish(message, state, progress, knowledge, settings, data)


async def phone_contact(
    message: Message,
    state: FSMContext,
    raw_state: str | None,
    knowledge: Knowledge,
    settings: Settings,
    **data: Any,
) -> None:
    assert message.contact is not None and message.from_user is not None
    contact = message.contact
    try:
        phone = service.own_phone(contact.phone_number, contact_user_id=contact.user_id, sender_id=message.from_user.id)
    except InvalidInput as exc:
        step = step_of(raw_state)
        await show(message, state, await Progress.load(state), step, knowledge, settings, lead=error_text(exc))
        return
    await _phone(message, state, raw_state, phone, knowledge, settings, data)


async def phone_skipped(
    message: Message, state: FSMContext, raw_state: str | None, knowledge: Knowledge, settings: Settings, **data: Any
) -> None:
    await _phone(message, state, raw_state, "", knowledge, settings, data)


async def phone_typed_at_summary(
    message: Message, state: FSMContext, raw_state: str | None, knowledge: Knowledge, settings: Settings, **data: Any
) -> None:
    await _phone(message, state, raw_state, message.text or "", knowledge, settings, data)


async def no_answer(
    message: Message, state: FSMContext, raw_state: str | None, knowledge: Knowledge, settings: Settings
) -> None:
    """Something that answers nothing here (a sticker under the summary, "Пропустити" for a name): asked again."""
    step = step_of(raw_state)
    await show(
        message, state, await Progress.load(state), step, knowledge, settings, lead=HINTS.get(step, t.ANSWER_REQUIRED)
    )


# --- moving around -----------------------------------------------------------------------


async def back_typed(
    message: Message, state: FSMContext, raw_state: str | None, knowledge: Knowledge, settings: Settings
) -> None:
    progress = await Progress.load(state)
    await show(message, state, progress, _back_from(progress, step_of(raw_state), knowledge), knowledge, settings)


async def back(press: Press, data: dict[str, Any]) -> None:
    step = _back_from(press.progress, press.button.step, press.knowledge)
    await show(press.message, press.state, press.progress, step, press.knowledge, press.settings)


async def cancel(press: Press, data: dict[str, Any]) -> None:
    await press.state.clear()
    await _retire(press.message, press.progress.prompt_id, tc.BTN_CANCEL)
    await press.message.answer(t.CANCELLED, reply_markup=ReplyKeyboardRemove())


async def change(press: Press, data: dict[str, Any]) -> None:
    press.progress.changing = True
    await show(press.message, press.state, press.progress, press.button.value, press.knowledge, press.settings)


async def resume_pressed(press: Press, data: dict[str, Any]) -> None:
    await show(
        press.message,
        press.state,
        press.progress,
        press.button.step,
        press.knowledge,
        press.settings,
        note=tc.BTN_CONTINUE,
    )


async def confirm(press: Press, data: dict[str, Any]) -> None:
    await _finish(press.message, press.state, press.progress, press.knowledge, press.settings, data)


async def _finish(
    message: Message,
    state: FSMContext,
    progress: Progress,
    knowledge: Knowledge,
    settings: Settings,
    data: dict[str, Any],
) -> None:
    """Stores the profile (nothing is stored before), then the main menu of the person's role."""
    session: AsyncSession = data["session"]
    clock: Clock = data["clock"]
    role: Role = data["role"]
    sender: TgUser = data["event_from_user"]
    try:
        form = RegistrationForm.of(progress.draft)
    except service.ConsentMissing as exc:
        await show(message, state, progress, CONSENT, knowledge, settings, lead=error_text(exc))
        return
    except service.AnswerMissing as exc:
        await show(message, state, progress, exc.step, knowledge, settings, lead=error_text(exc))
        return
    registered = await service.complete_registration(
        session, telegram_id=sender.id, username=sender.username, form=form, now=clock.now()
    )
    await state.clear()
    await _retire(message, progress.prompt_id, tc.BTN_CONFIRM)
    await message.answer(view.registered(registered), reply_markup=main_menu(role))
    await message.answer(SUBSCRIBE_OFFER, reply_markup=newsletter_offer())


async def stale(query: CallbackQuery, user: User | None) -> None:
    await query.answer(t.ALREADY_REGISTERED if _registered(user) else t.STALE)


def create_router() -> Router:
    router = Router(name="registration")
    registering = StateFilter(Registration)
    newcomer = (StateFilter(None), ~Registered(), RoleFilter(Role.OFFICIAL, Role.LAWYER))
    menu = reply_keyboard_texts([main_menu(Role.ADMIN)]) - {tc.BTN_HELP}
    on = RegistrationCb.filter

    for words in (Command("cancel"), F.text == tc.BTN_CANCEL):
        router.message.register(cancel_typed, registering, words)
        router.message.register(cancel_newcomer, *newcomer, words)
    for words in (Command("help"), F.text == tc.BTN_HELP):
        router.message.register(help_registering, registering, words)
        router.message.register(help_newcomer, *newcomer, words)
    router.message.register(resume, registering, CommandStart())
    router.message.register(start_new, CommandStart(), ~Registered())
    router.message.register(interrupted, registering, F.text.in_(menu) | F.text.startswith("/"))
    router.message.register(back_typed, registering, F.text == tc.BTN_BACK)
    router.message.register(phone_contact, StateFilter(Registration.phone, Registration.summary), F.contact)
    router.message.register(phone_skipped, Registration.phone, F.text == t.BTN_SKIP)
    router.message.register(typed, Registration.phone, F.text)
    # A number typed under the summary (the phone is asked there): finishes like a shared one.
    router.message.register(phone_typed_at_summary, Registration.summary, F.text.regexp(service.PHONE_CHARS_RE.pattern))
    router.message.register(typed, StateFilter(*TYPED_STEPS), ~F.text.in_({t.BTN_SKIP}))
    router.message.register(no_answer, registering)

    router.callback_query.register(
        consent_given, ConsentCb.filter(F.agree), StateFilter(Registration.consent, None), ~Registered()
    )
    router.callback_query.register(
        consent_declined, ConsentCb.filter(~F.agree), StateFilter(Registration.consent, None), ~Registered()
    )
    router.callback_query.register(consent_again, ConsentCb.filter())
    for action, when, press in (
        (region_picked, Registration.region, on(F.action == RegistrationAct.PICK)),
        (back, registering, on(F.action == RegistrationAct.BACK)),
        (cancel, registering, on(F.action == RegistrationAct.CANCEL)),
        (change, Registration.summary, on((F.action == RegistrationAct.CHANGE) & F.value.in_(service.STEPS))),
        (confirm, Registration.summary, on(F.action == RegistrationAct.CONFIRM)),
        (resume_pressed, registering, on(F.action == RegistrationAct.CONTINUE)),
    ):
        router.callback_query.register(on_live_screen(action), when, press)
    router.callback_query.register(stale, on())
    return router
