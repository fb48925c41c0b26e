"""Shows a multi-step form (`services.forms.FormSpec`) in Telegram.

Every step has "⬅️ Назад" and "✖️ Скасувати" (and "⏭ Пропустити" when
optional); after the last step comes a summary with "✏️ <field>" for every
step and "✅ Підтвердити". A change from the summary returns to the summary.
A used keyboard is replaced by the choice it recorded; a press on a keyboard
of an earlier step gets a short alert and changes nothing. Commands and menu
buttons in the middle of a form ask whether to continue or discard it
(`interruptions_router`), and the draft is kept until the person decides.

A multi-select step (`Step.multi`) ticks and unticks in place; its "Готово"
moves on, and a press that changes nothing sends nothing. Its buttons say
whether they tick or untick, so a double tap finds the first tap's work done. A step may take a
message that is not plain text (`message_values`: a photo, formatting kept).

A feature builds one `FormFlow` per form with its texts, its summary view and
`finish` (calls the service with the confirmed draft and sends the result),
includes `flow.router()` in its router, and starts it with `flow.start(...)`.
A question that depends on the answers so far (or on what is stored) comes from
the optional `prompt` hook.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic

from aiogram import Dispatcher, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import BaseModel, Field

from bot.callbacks.forms import FormAct, FormCb
from bot.texts import common as tc
from bot.views.errors import error_text
from core.errors import DomainError, InvalidInput
from services.forms import DONE, Choice, Draft, FormEnv, FormSpec, Step, StepRefused
from services.text import ALERT_LIMIT, shorten

SUMMARY = ""  # the `step` of the summary screen

# Registered flows by form name (filled by FormFlow.__init__; read by interruptions_router).
FLOWS: dict[str, FormFlow[Any]] = {}


def form_env(router: Router) -> FormEnv:
    """A form's moment, time zone and reference data, from the dispatcher `router` is included in."""
    node: Router | None = router
    while node is not None and not isinstance(node, Dispatcher):
        node = node.parent_router
    if node is None:
        raise RuntimeError(f"the form of router {router.name!r} is used outside a dispatcher")
    data = node.workflow_data
    return FormEnv(now=data["clock"].now(), tz=data["settings"].tz, knowledge=data["knowledge"])


class FormData(BaseModel):
    """The FSM data of a form in progress (typed, JSON in the storage)."""

    form: str
    step: str = SUMMARY
    draft: dict[str, Any]
    changing: bool = False  # came from the summary: go back there after this step
    prompt_id: int | None = None  # the message whose keyboard is live
    context: dict[str, Any] = Field(default_factory=dict)  # e.g. the record being edited


class ComputedPrompts(Mapping[str, str]):
    """Questions computed when asked (e.g. an example date that is always tomorrow, never in the past)."""

    def __init__(self, steps: Collection[str], compute: Callable[[], Mapping[str, str]]) -> None:
        self.steps = steps
        self.compute = compute

    def __getitem__(self, step: str) -> str:
        return self.compute()[step]

    def __iter__(self) -> Iterator[str]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)


@dataclass(frozen=True)
class FormTexts:
    title: str  # what the form is, for "you have an unfinished …"
    prompts: Mapping[str, str]  # step -> the question
    labels: Mapping[str, str]  # step -> the field's name on the summary


# finish(draft, form, message, handler_data): act on the confirmed draft, send the result.
Finish = Callable[[Any, FormData, Message, dict[str, Any]], Awaitable[None]]
# summary(draft, form, handler_data) -> text of the summary (HTML, values escaped); may be async (counts)
Summary = Callable[[Any, FormData, dict[str, Any]], str | Awaitable[str]]
# before_summary(draft, form, message, handler_data): e.g. a preview of what will be published
BeforeSummary = Callable[[Any, FormData, Message, dict[str, Any]], Awaitable[None]]
# A step's value from a message that is not plain text (a photo, formatting kept); raises InvalidInput
MessageValue = Callable[[Message], str]
# after_cancel(message, handler_data): show the menu (the reply keyboard of the person's role)
AfterCancel = Callable[[Message, dict[str, Any]], Awaitable[None]]
# prompt(draft, step, handler_data) -> the question, when it depends on the answers so far (or on
# what is stored: the update's session is in handler_data); None: the fixed one of `FormTexts.prompts`.
Prompt = Callable[[Any, str, dict[str, Any]], Awaitable[str | None]]


class FormFlow(Generic[Draft]):
    def __init__(
        self,
        spec: FormSpec[Draft],
        texts: FormTexts,
        *,
        summary: Summary,
        finish: Finish,
        after_cancel: AfterCancel,
        prompt: Prompt | None = None,
        before_summary: BeforeSummary | None = None,
        message_values: Mapping[str, MessageValue] | None = None,
    ) -> None:
        self.spec = spec
        self.texts = texts
        self.summary = summary
        self.finish = finish
        self.after_cancel = after_cancel
        self.prompt = prompt
        self.before_summary = before_summary
        # step -> how a message becomes its value (default: the plain text; other messages go to the fallback)
        self.message_values: Mapping[str, MessageValue] = message_values or {}
        self.state = State(state="filling", group_name=f"form_{spec.name}")
        FLOWS[spec.name] = self

    # --- entry ------------------------------------------------------------------------

    async def start(
        self,
        message: Message,
        state: FSMContext,
        draft: Draft,
        *,
        context: Mapping[str, Any] | None = None,
        at_summary: bool = False,
        change: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        """Opens the form: at its first step, or at the summary (editing a record: change any field), or
        at the step `change` as if pressed on the summary (the summary follows; "⬅️ Назад" goes there)."""
        form = FormData(form=self.spec.name, draft=self.spec.dump(draft), context=dict(context or {}))
        first = self.spec.first(draft)
        if change is not None:
            form.changing = True
            await self._show_step(message, state, form, self.spec.step(change), data=data)
        elif at_summary or first is None:
            await self._show_summary(message, state, form, data or {})
        else:
            await self._show_step(message, state, form, first, data=data)

    async def start_from(
        self,
        query: CallbackQuery,
        state: FSMContext,
        draft: Draft,
        *,
        context: Mapping[str, Any] | None = None,
        at_summary: bool = False,
        change: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> bool:
        """Opens the form from a button; pressed while the form is open (a double tap), only a short alert
        (and False: the caller leaves the screen as it is)."""
        if await self._load(state) is not None or not isinstance(query.message, Message):
            await query.answer(shorten(tc.FORM_ALREADY_OPEN.format(title=self.texts.title), ALERT_LIMIT))
            return False
        await query.answer()
        await self.start(query.message, state, draft, context=context, at_summary=at_summary, change=change, data=data)
        return True

    # --- screens ----------------------------------------------------------------------

    def _step_keyboard(self, form: FormData, step: Step[Draft], draft: Draft) -> InlineKeyboardMarkup:
        kb = InlineKeyboardBuilder()
        choices = step.choices(draft) if step.choices else ()
        shared: list[InlineKeyboardButton] = []  # the row being filled (`step.columns` per row)
        for choice in choices:
            action = FormAct.PICK if choice.picked is None else FormAct.UNTICK if choice.picked else FormAct.TICK
            button = InlineKeyboardButton(
                text=_choice_text(choice),
                callback_data=FormCb(form=form.form, action=action, step=step.name, value=choice.value).pack(),
            )
            if choice.wide or step.columns <= 1:
                if shared:
                    kb.row(*shared)
                    shared = []
                kb.row(button)
                continue
            shared.append(button)
            if len(shared) == step.columns:
                kb.row(*shared)
                shared = []
        if shared:
            kb.row(*shared)
        nav: list[InlineKeyboardButton] = []
        if form.changing or self.spec.before(draft, step.name) is not None:
            nav.append(self._button(tc.BTN_BACK, form, FormAct.BACK, step.name))
        if step.optional:
            nav.append(self._button(tc.BTN_SKIP, form, FormAct.SKIP, step.name))
        nav.append(self._button(tc.BTN_CANCEL, form, FormAct.CANCEL, step.name))
        kb.row(*nav)
        return kb.as_markup()

    def _summary_keyboard(self, form: FormData, draft: Draft) -> InlineKeyboardMarkup:
        kb = InlineKeyboardBuilder()
        for step in self.spec.applicable(draft):
            label = tc.BTN_CHANGE.format(label=self.texts.labels[step.name])
            kb.button(
                text=label, callback_data=FormCb(form=form.form, action=FormAct.CHANGE, step=SUMMARY, value=step.name)
            )
        kb.adjust(2)
        kb.row(
            self._button(tc.BTN_CONFIRM, form, FormAct.CONFIRM, SUMMARY),
            self._button(tc.BTN_CANCEL, form, FormAct.CANCEL, SUMMARY),
        )
        return kb.as_markup()

    def keyboards(self, draft: Draft) -> Iterator[InlineKeyboardMarkup]:
        """Every keyboard the form shows for `draft`: each step's (first and changed from the summary),
        the summary's and the interruption's (tests press each of their buttons twice)."""
        for changing in (False, True):
            form = FormData(form=self.spec.name, draft=self.spec.dump(draft), changing=changing)
            for step in self.spec.applicable(draft):
                yield self._step_keyboard(form, step, draft)
        form = FormData(form=self.spec.name, draft=self.spec.dump(draft))
        yield self._summary_keyboard(form, draft)
        yield interrupt_keyboard(form.form, SUMMARY)

    @staticmethod
    def _button(text: str, form: FormData, action: FormAct, step: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(text=text, callback_data=FormCb(form=form.form, action=action, step=step).pack())

    async def _retire_prompt(self, message: Message, form: FormData, note: str | None = None) -> None:
        """The keyboard of the previous screen goes away (replaced by what was chosen, if anything)."""
        if form.prompt_id is None or message.bot is None:
            return
        chat_id, prompt_id = message.chat.id, form.prompt_id
        form.prompt_id = None
        if note is not None and message.message_id == prompt_id and message.text is not None:
            await message.bot.edit_message_text(
                text=f"{message.html_text}\n\n{tc.FORM_CHOSEN.format(value=note)}",
                chat_id=chat_id,
                message_id=prompt_id,
                reply_markup=None,
            )
        else:
            await message.bot.edit_message_reply_markup(chat_id=chat_id, message_id=prompt_id, reply_markup=None)

    async def _save(self, state: FSMContext, form: FormData) -> None:
        await state.set_state(self.state)
        await state.set_data(form.model_dump(mode="json"))

    async def _show_step(
        self,
        message: Message,
        state: FSMContext,
        form: FormData,
        step: Step[Draft],
        error: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        draft = self.spec.load(form.draft)
        form.step = step.name
        asked = await self.prompt(draft, step.name, data or {}) if self.prompt is not None else None
        await self._save(state, form)  # commit first: the screen shows what is stored
        text = asked if asked is not None else self.texts.prompts[step.name]
        if error:
            text = f"{error}\n\n{text}"
        sent = await message.answer(text, reply_markup=self._step_keyboard(form, step, draft))
        form.prompt_id = sent.message_id
        await self._save(state, form)

    async def _show_summary(
        self, message: Message, state: FSMContext, form: FormData, data: dict[str, Any], error: str | None = None
    ) -> None:
        draft = self.spec.load(form.draft)
        form.step, form.changing = SUMMARY, False
        await self._save(state, form)
        summary = self.summary(draft, form, data)
        if not isinstance(summary, str):
            summary = await summary
        text = f"{summary}\n\n{tc.FORM_SUMMARY_HINT}"
        if error:
            text = f"{error}\n\n{text}"
        if self.before_summary is not None:
            await self.before_summary(draft, form, message, data)
        sent = await message.answer(text, reply_markup=self._summary_keyboard(form, draft))
        form.prompt_id = sent.message_id
        await self._save(state, form)

    # --- moving -----------------------------------------------------------------------

    async def _advance(
        self, message: Message, state: FSMContext, form: FormData, draft: Draft, data: dict[str, Any]
    ) -> None:
        form.draft = self.spec.dump(draft)
        if form.changing:
            missing = self.spec.missing(draft)
            if missing is not None:
                await self._show_step(message, state, form, missing, data=data)
            else:
                await self._show_summary(message, state, form, data)
            return
        following = self.spec.after(draft, form.step)
        if following is None:
            await self._show_summary(message, state, form, data)
        else:
            await self._show_step(message, state, form, following, data=data)

    async def _apply(
        self, message: Message, state: FSMContext, form: FormData, value: str, data: dict[str, Any]
    ) -> bool:
        """Reads a value into the current step; on a refusal re-asks it (the draft is unchanged)."""
        step = self.spec.step(form.step)
        try:
            draft = step.read(self.spec.load(form.draft), value)
        except InvalidInput as exc:
            await self._retire_prompt(message, form)
            await self._show_step(message, state, form, step, error=error_text(exc), data=data)
            return False
        await self._advance(message, state, form, draft, data)
        return True

    # --- handlers ---------------------------------------------------------------------

    async def _load(self, state: FSMContext) -> FormData | None:
        raw = await state.get_data()
        if raw.get("form") != self.spec.name:
            return None
        return FormData.model_validate(raw)

    async def on_text(self, message: Message, state: FSMContext, **data: Any) -> None:
        form = await self._load(state)
        if form is None:
            return
        if form.step == SUMMARY:
            await message.answer(tc.FORM_PRESS_A_BUTTON)
            return
        await self._read_message(message, state, form, data)

    async def on_message(self, message: Message, state: FSMContext, **data: Any) -> None:
        """Not plain text (a photo, a document): only for steps that take it, else the fallback answers."""
        form = await self._load(state)
        if form is None or form.step not in self.message_values:
            raise SkipHandler
        await self._read_message(message, state, form, data)

    async def _read_message(self, message: Message, state: FSMContext, form: FormData, data: dict[str, Any]) -> None:
        await self._retire_prompt(message, form)
        to_value = self.message_values.get(form.step)
        if to_value is None:
            await self._apply(message, state, form, message.text or "", data)
            return
        try:
            value = to_value(message)
        except InvalidInput as exc:
            await self._show_step(message, state, form, self.spec.step(form.step), error=error_text(exc))
            return
        await self._apply(message, state, form, value, data)

    async def _current(self, query: CallbackQuery, callback_data: FormCb, state: FSMContext) -> FormData | None:
        """The form, if this press belongs to the screen that is live now; otherwise a friendly alert."""
        form = await self._load(state)
        live = (
            form is not None
            and isinstance(query.message, Message)
            and callback_data.step == form.step
            and (form.prompt_id is None or form.prompt_id == query.message.message_id)
        )
        if not live or form is None:
            await query.answer(shorten(tc.STALE_BUTTON, ALERT_LIMIT))
            if isinstance(query.message, Message) and form is None:
                await query.message.edit_reply_markup(reply_markup=None)
            return None
        return form

    async def on_pick(self, query: CallbackQuery, callback_data: FormCb, state: FSMContext, **data: Any) -> None:
        form = await self._current(query, callback_data, state)
        if form is None:
            return
        assert isinstance(query.message, Message)
        draft = self.spec.load(form.draft)
        step = self.spec.step(form.step)
        if step.multi:
            await self._pick_many(query, query.message, state, form, step, draft, callback_data, data)
            return
        label = next(
            (c.label for c in (step.choices(draft) if step.choices else ()) if c.value == callback_data.value), None
        )
        await query.answer()
        await self._retire_prompt(query.message, form, note=label)
        await self._apply(query.message, state, form, callback_data.value, data)

    async def _pick_many(
        self,
        query: CallbackQuery,
        message: Message,
        state: FSMContext,
        form: FormData,
        step: Step[Draft],
        draft: Draft,
        press: FormCb,
        data: dict[str, Any],
    ) -> None:
        """A multi-select: a choice toggles in place (a press that changes nothing sends nothing); DONE moves on."""
        value = press.value
        if press.action in (FormAct.TICK, FormAct.UNTICK):
            tick = press.action == FormAct.TICK
            now = next((c.picked for c in (step.choices(draft) if step.choices else ()) if c.value == value), None)
            if now == tick:  # a double tap: the first tap did it
                await query.answer(tc.FORM_ALREADY_TICKED if tick else tc.FORM_ALREADY_UNTICKED)
                return
        try:
            changed = step.read(draft, value)
        except InvalidInput as exc:  # e.g. "Готово" with nothing ticked: the keyboard stays as it is
            await query.answer(shorten(error_text(exc), ALERT_LIMIT), show_alert=True)
            return
        await query.answer()
        if value == DONE:
            picked = [c.label for c in (step.choices(changed) if step.choices else ()) if c.picked]
            await self._retire_prompt(message, form, note=", ".join(picked) or None)
            await self._advance(message, state, form, changed, data)
            return
        if changed == draft:
            return
        form.draft = self.spec.dump(changed)
        await self._save(state, form)  # stored before the screen shows it
        await message.edit_reply_markup(reply_markup=self._step_keyboard(form, step, changed))

    async def on_skip(self, query: CallbackQuery, callback_data: FormCb, state: FSMContext, **data: Any) -> None:
        form = await self._current(query, callback_data, state)
        if form is None:
            return
        assert isinstance(query.message, Message)
        await query.answer()
        await self._retire_prompt(query.message, form, note=tc.BTN_SKIP)
        await self._apply(query.message, state, form, "", data)

    async def on_back(self, query: CallbackQuery, callback_data: FormCb, state: FSMContext, **data: Any) -> None:
        form = await self._current(query, callback_data, state)
        if form is None:
            return
        assert isinstance(query.message, Message)
        await query.answer()
        await self._retire_prompt(query.message, form)
        draft = self.spec.load(form.draft)
        if form.changing:
            await self._show_summary(query.message, state, form, data)
            return
        previous = self.spec.before(draft, form.step)
        if previous is None:
            await self._show_step(query.message, state, form, self.spec.step(form.step), data=data)
        else:
            await self._show_step(query.message, state, form, previous, data=data)

    async def on_change(self, query: CallbackQuery, callback_data: FormCb, state: FSMContext, **data: Any) -> None:
        form = await self._current(query, callback_data, state)
        if form is None:
            return
        assert isinstance(query.message, Message)
        draft = self.spec.load(form.draft)
        if not any(step.name == callback_data.value for step in self.spec.applicable(draft)):
            await query.answer(shorten(tc.STALE_BUTTON, ALERT_LIMIT))
            return
        await query.answer()
        await self._retire_prompt(query.message, form)
        form.changing = True
        await self._show_step(query.message, state, form, self.spec.step(callback_data.value), data=data)

    async def on_cancel(self, query: CallbackQuery, callback_data: FormCb, state: FSMContext, **data: Any) -> None:
        form = await self._current(query, callback_data, state)
        if form is None:
            return
        assert isinstance(query.message, Message)
        await state.clear()
        await query.answer()
        await self._retire_prompt(query.message, form, note=tc.BTN_CANCEL)
        await self.after_cancel(query.message, data)

    async def on_confirm(self, query: CallbackQuery, callback_data: FormCb, state: FSMContext, **data: Any) -> None:
        form = await self._current(query, callback_data, state)
        if form is None:
            return
        assert isinstance(query.message, Message)
        draft = self.spec.load(form.draft)
        try:
            self.spec.check(draft)
        except StepRefused as exc:
            await query.answer()
            await self._retire_prompt(query.message, form)
            form.changing = True
            await self._show_step(
                query.message, state, form, self.spec.step(exc.step), error=error_text(exc), data=data
            )
            return
        await query.answer()
        await self._retire_prompt(query.message, form, note=tc.BTN_CONFIRM)
        await state.clear()
        try:
            await self.finish(draft, form, query.message, data)
        except DomainError as exc:
            # A rule said no at the end (the record changed meanwhile): the draft is kept.
            await self._show_summary(query.message, state, form, data, error=error_text(exc))

    def router(self) -> Router:
        router = Router(name=f"form_{self.spec.name}")
        mine = FormCb.filter(F.form == self.spec.name)
        picks = (FormAct.PICK, FormAct.TICK, FormAct.UNTICK)
        router.callback_query.register(self.on_pick, mine, FormCb.filter(F.action.in_(picks)))
        router.callback_query.register(self.on_skip, mine, FormCb.filter(F.action == FormAct.SKIP))
        router.callback_query.register(self.on_back, mine, FormCb.filter(F.action == FormAct.BACK))
        router.callback_query.register(self.on_change, mine, FormCb.filter(F.action == FormAct.CHANGE))
        router.callback_query.register(self.on_cancel, mine, FormCb.filter(F.action == FormAct.CANCEL))
        router.callback_query.register(self.on_confirm, mine, FormCb.filter(F.action == FormAct.CONFIRM))
        router.message.register(self.on_text, StateFilter(self.state), F.text, ~F.text.startswith("/"))
        if self.message_values:
            router.message.register(self.on_message, StateFilter(self.state), ~F.text)
        # Anything else sent while the form waits for text (a photo, a sticker) is left to the fallback.
        return router

    # --- interruptions ----------------------------------------------------------------

    async def resume(self, message: Message, state: FSMContext, data: dict[str, Any]) -> None:
        form = await self._load(state)
        if form is None:
            return
        if form.step == SUMMARY:
            await self._show_summary(message, state, form, data)
        else:
            await self._show_step(message, state, form, self.spec.step(form.step), data=data)


class FeatureForm(ABC, Generic[Draft]):
    """A feature's dialog on the form engine, one per dispatcher.

    It owns a router (include `.router` in the feature's), the `FormFlow` on it, and `env()`: the form's moment,
    time zone and reference data, read from the dispatcher that router is in. A feature gives its spec (built
    from `env`), its texts, the three things every form does (`summary`, `finish`, `after_cancel`) and any of
    `FormFlow`'s options.
    """

    def __init__(
        self,
        name: str,
        spec: Callable[[Callable[[], FormEnv]], FormSpec[Draft]],
        texts: FormTexts,
        *,
        prompt: Prompt | None = None,
        before_summary: BeforeSummary | None = None,
        message_values: Mapping[str, MessageValue] | None = None,
    ) -> None:
        self.router = Router(name=name)
        self.flow: FormFlow[Draft] = FormFlow(
            spec(self.env),
            texts,
            summary=self.summary,
            finish=self.finish,
            after_cancel=self.after_cancel,
            prompt=prompt,
            before_summary=before_summary,
            message_values=message_values,
        )
        self.router.include_router(self.flow.router())

    def env(self) -> FormEnv:
        return form_env(self.router)

    @abstractmethod
    def summary(self, draft: Draft, form: FormData, data: dict[str, Any]) -> str | Awaitable[str]:
        """The summary's text above its buttons."""

    @abstractmethod
    async def finish(self, draft: Draft, form: FormData, message: Message, data: dict[str, Any]) -> None:
        """ "✅ Підтвердити": the service call, then what the person reads (a refusal keeps the draft)."""

    @abstractmethod
    async def after_cancel(self, message: Message, data: dict[str, Any]) -> None:
        """After "✖️ Скасувати": usually the person's menu."""


def _choice_text(choice: Choice) -> str:
    if choice.picked is None:
        return choice.label
    return (tc.FORM_PICKED if choice.picked else tc.FORM_UNPICKED) + choice.label


def interrupt_keyboard(form: str, step: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=tc.BTN_CONTINUE, callback_data=FormCb(form=form, action=FormAct.CONTINUE, step=step))
    kb.button(text=tc.BTN_DISCARD, callback_data=FormCb(form=form, action=FormAct.CANCEL, step=step))
    return kb.as_markup()


def reply_keyboard_texts(markups: Sequence[ReplyKeyboardMarkup]) -> set[str]:
    return {button.text for markup in markups for row in markup.keyboard for button in row}


def _form_name(raw_state: str | None) -> str | None:
    if raw_state and raw_state.startswith("form_") and raw_state.endswith(":filling"):
        return raw_state[len("form_") : -len(":filling")]
    return None


def in_form(message: Message, raw_state: str | None = None) -> bool:
    return _form_name(raw_state) in FLOWS


async def on_interruption(message: Message, state: FSMContext, raw_state: str | None = None) -> None:
    """A command or a menu button in the middle of a form: continue it or discard it (kept until decided)."""
    name = _form_name(raw_state)
    flow = FLOWS.get(name or "")
    form = await flow._load(state) if flow is not None else None
    if flow is None or form is None:
        return
    await flow._retire_prompt(message, form)
    await state.set_data(form.model_dump(mode="json"))
    sent = await message.answer(
        tc.FORM_INTERRUPTED.format(title=flow.texts.title), reply_markup=interrupt_keyboard(form.form, form.step)
    )
    form.prompt_id = sent.message_id
    await state.set_data(form.model_dump(mode="json"))


async def on_continue(query: CallbackQuery, callback_data: FormCb, state: FSMContext, **data: Any) -> None:
    flow = FLOWS.get(callback_data.form)
    form = await flow._current(query, callback_data, state) if flow is not None else None
    if flow is None or form is None:
        if flow is None:
            await query.answer(shorten(tc.STALE_BUTTON, ALERT_LIMIT))
        return
    assert isinstance(query.message, Message)
    await query.answer()
    await flow._retire_prompt(query.message, form, note=tc.BTN_CONTINUE)
    await flow.resume(query.message, state, data)


def interruptions_router(menu_texts: set[str]) -> Router:
    """Goes before every feature's router: commands (but /cancel) and menu buttons while a form is open."""
    router = Router(name="form_interruptions")
    router.message.register(
        on_interruption,
        in_form,
        F.text,  # a photo or a document in a form that takes one is not an interruption
        F.text.func(lambda text: text in menu_texts or (text.startswith("/") and not text.startswith("/cancel"))),
    )
    router.callback_query.register(on_continue, FormCb.filter(F.action == FormAct.CONTINUE))
    return router
