"""The training form (create and edit) on the project's form engine (`bot/forms.py`).

Its steps and rules are `services.trainings.form`; here are the words, the
summary, and what "Підтвердити" does. The steps need the time and the
reference data when they run, inside the engine, where the handler data is
not at hand: they read the dispatcher's own (the clock, knowledge and settings
it injects into every handler).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks.trainings import TrainingAdminCb
from bot.forms import ComputedPrompts, FeatureForm, FormData, FormTexts
from bot.keyboards.common import main_menu
from bot.texts import common as tc
from bot.texts import trainings as t
from bot.views import trainings as views
from handlers.trainings.screens import Trainings
from services.trainings import browse, catalogue
from services.trainings.form import TrainingDraft, training_form


class TrainingForm(FeatureForm[TrainingDraft]):
    """One per dispatcher (its router is included in the admins' router)."""

    def __init__(self) -> None:
        super().__init__(
            "trainings_form",
            lambda env: training_form(env, views.choice_label),
            FormTexts(title=t.FORM_TITLE, prompts=ComputedPrompts(t.PROMPTS, self._prompts), labels=t.FIELD_LABELS),
        )

    def _prompts(self) -> Mapping[str, str]:
        env = self.env()
        return views.form_prompts(env.now, env.tz)

    # --- entry -------------------------------------------------------------------------

    async def start_new(self, query: CallbackQuery, state: FSMContext) -> None:
        await self.flow.start_from(query, state, TrainingDraft())

    async def start_edit(
        self, query: CallbackQuery, callback_data: TrainingAdminCb, state: FSMContext, trainings: Trainings
    ) -> None:
        """Opens the form at its summary: any field can be changed, then confirmed."""
        draft = await catalogue.draft_to_edit(trainings.session, role=trainings.role, training_id=callback_data.id)
        await self.flow.start_from(query, state, draft, at_summary=True)

    # --- the engine's hooks ------------------------------------------------------------

    def summary(self, draft: TrainingDraft, form: FormData, data: dict[str, Any]) -> str:
        env = self.env()
        return views.form_summary(draft, knowledge=env.knowledge, tz=env.tz)

    async def finish(self, draft: TrainingDraft, form: FormData, message: Message, data: dict[str, Any]) -> None:
        """Creates or saves the training and shows its card (a refusal keeps the draft: the engine shows it)."""
        trainings: Trainings = data["trainings"]
        session, actor = trainings.session, await trainings.actor()
        if draft.training_id is None:
            training = await catalogue.create_training(session, actor=actor, draft=draft, now=trainings.now)
            done = t.CREATED
        else:
            training = await catalogue.update_training(
                session, actor=actor, training_id=draft.training_id, draft=draft, now=trainings.now, tz=trainings.tz
            )
            done = t.UPDATED
        card = await browse.card_of(session, training, user=trainings.user, role=trainings.role, now=trainings.now)
        screen = views.card_screen(card, knowledge=trainings.knowledge, tz=trainings.tz)
        await message.answer(done, reply_markup=main_menu(trainings.role))
        await message.answer(screen.text, reply_markup=screen.markup)

    async def after_cancel(self, message: Message, data: dict[str, Any]) -> None:
        await message.answer(tc.FORM_CANCELLED, reply_markup=main_menu(data["role"]))
