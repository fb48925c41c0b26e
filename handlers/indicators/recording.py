"""Recording values: one value on the form engine (`bot/forms.py`), or many from an XLSX upload.

The form's steps and rules are `services.indicators.form`; here are the words, the
questions that depend on what is stored (the value recorded there now), the summary
and what "Підтвердити" does. Steps need the time and the reference data when they
run inside the engine, where the handler data is not at hand: they read the
dispatcher's own (the clock, knowledge and settings it injects into every handler).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.callbacks.indicators import IndicatorsAction, IndicatorsCb
from bot.forms import FeatureForm, FormData, FormTexts
from bot.keyboards.common import cancel_only, main_menu
from bot.texts import common as tc
from bot.texts import indicators as t
from bot.views import indicators as views
from core import offload
from handlers.indicators.context import Indicators
from handlers.indicators.overview import once, send
from services.indicators import figures, recording, xlsx
from services.indicators.errors import EntryRefused, UploadRejected
from services.indicators.form import IndicatorDraft, indicator_form


class IndicatorUpload(StatesGroup):
    file = State()


class IndicatorForm(FeatureForm[IndicatorDraft]):
    """One per dispatcher (its router is included in the feature's router)."""

    def __init__(self) -> None:
        super().__init__(
            "indicators_form",
            lambda env: indicator_form(env, views.choice_label),
            FormTexts(title=t.FORM_TITLE, prompts=t.PROMPTS, labels=t.FIELD_LABELS),
            prompt=self.prompt,
        )

    async def start(
        self, query: CallbackQuery, message: Message, year: int, state: FSMContext, indicators: Indicators
    ) -> None:
        await query.answer()
        await self.flow.start(message, state, IndicatorDraft())

    # --- the engine's hooks ------------------------------------------------------------

    async def _stored(self, draft: IndicatorDraft, data: dict[str, Any]) -> int | None:
        slot = draft.slot()
        if slot is None or "session" not in data:
            return None
        existing = await recording.current_value(data["session"], slot)
        return existing.value if existing is not None else None

    async def prompt(self, draft: IndicatorDraft, step: str, data: dict[str, Any]) -> str | None:
        knowledge = self.env().knowledge
        if step == "part":
            return views.part_prompt(draft, knowledge)
        if step == "value":
            return views.value_prompt(draft, knowledge, await self._stored(draft, data))
        if step == "comment":
            return views.comment_prompt(draft, await self._stored(draft, data))
        return None

    def summary(self, draft: IndicatorDraft, form: FormData, data: dict[str, Any]) -> str:
        return views.form_summary(draft, self.env().knowledge)

    async def finish(self, draft: IndicatorDraft, form: FormData, message: Message, data: dict[str, Any]) -> None:
        """Records the value (a refusal keeps the draft: the engine shows it with the summary)."""
        indicators: Indicators = data["indicators"]
        entry = draft.entry()
        changed = await recording.record_value(
            indicators.session,
            actor=await indicators.actor(),
            catalogue=indicators.catalogue,
            region_codes=indicators.region_codes,
            entry=entry,
            now=indicators.now,
            tz=indicators.tz,
        )
        await message.answer(views.saved(entry, indicators.knowledge, changed), reply_markup=main_menu(indicators.role))

    async def after_cancel(self, message: Message, data: dict[str, Any]) -> None:
        await message.answer(tc.FORM_CANCELLED, reply_markup=main_menu(data["role"]))


# --- an XLSX upload ----------------------------------------------------------------------------


async def start_upload(
    query: CallbackQuery, message: Message, year: int, state: FSMContext, indicators: Indicators
) -> None:
    await query.answer()
    await state.clear()
    await state.set_state(IndicatorUpload.file)
    await message.answer(t.UPLOAD_PROMPT, reply_markup=cancel_only())


async def upload_file(message: Message, state: FSMContext, bot: Bot, indicators: Indicators) -> None:
    figures.require_admin(indicators.role)
    document = message.document
    assert document is not None  # the filter
    recording.check_upload_file(document.file_name, document.file_size)
    buffer = BytesIO()
    await bot.download(document.file_id, destination=buffer)
    rows = await xlsx_rows(buffer.getvalue(), indicators)
    try:
        changed, unchanged = await recording.apply_upload(
            indicators.session,
            actor=await indicators.actor(),
            catalogue=indicators.catalogue,
            region_codes=indicators.region_codes,
            rows=rows,
            now=indicators.now,
            tz=indicators.tz,
        )
    except UploadRejected as refusal:  # every bad row is listed, in as many messages as it takes
        await send(message, views.upload_rejected(refusal))
        return
    await state.clear()
    await message.answer(
        t.UPLOAD_APPLIED.format(changed=changed, unchanged=unchanged), reply_markup=main_menu(indicators.role)
    )


async def xlsx_rows(data: bytes, indicators: Indicators) -> list[tuple[int, recording.ValueEntry | EntryRefused]]:
    return await offload.run(xlsx.parse_upload, data, indicators.knowledge)


async def upload_other(message: Message) -> None:
    await message.answer(t.UPLOAD_PROMPT)


def create_router() -> Router:
    router = Router(name="indicators_recording")
    form = IndicatorForm()
    router.callback_query.register(once(form.start), IndicatorsCb.filter(F.action == IndicatorsAction.RECORD))
    router.callback_query.register(once(start_upload), IndicatorsCb.filter(F.action == IndicatorsAction.UPLOAD))
    router.message.register(upload_file, IndicatorUpload.file, F.document)
    router.message.register(upload_other, IndicatorUpload.file)
    router.include_router(form.router)
    return router
