"""What registration shows: each question (with the answer given before, if any), the summary, the outcome."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup
from aiogram.utils.text_decorations import html_decoration as hd

from bot.keyboards import registration as kb
from bot.keyboards.registration import SUMMARY
from bot.texts import common as tc
from bot.texts import registration as t
from knowledge import Knowledge
from services.registration import PHONE, REGION, STEPS, RegistrationDraft
from storage.models import User

CONSENT = "consent"  # the screen before the questions


@dataclass(frozen=True)
class Screen:
    text: str
    markup: InlineKeyboardMarkup | ReplyKeyboardMarkup

    @property
    def inline(self) -> bool:
        return isinstance(self.markup, InlineKeyboardMarkup)


def answer(step: str, draft: RegistrationDraft, knowledge: Knowledge) -> str | None:
    """The answer to a step as the person reads it (escaped), None when not answered yet."""
    if step == PHONE:  # optional, and asked at the summary: "не вказано" until given
        return hd.quote(draft.phone) if draft.phone else t.NO_PHONE
    if not draft.answered(step):
        return None
    if step == REGION:
        return hd.quote(knowledge.region_title(draft.region_code))
    value: str = getattr(draft, step)
    return hd.quote(value)


def summary_text(draft: RegistrationDraft, knowledge: Knowledge) -> str:
    lines = [t.SUMMARY_TITLE, ""]
    for step in STEPS:
        lines.append(t.SUMMARY_LINE.format(label=t.LABELS[step], value=answer(step, draft, knowledge) or "—"))
    return "\n".join([*lines, "", tc.FORM_SUMMARY_HINT])


def screen(
    step: str, draft: RegistrationDraft, knowledge: Knowledge, *, consent: str, lead: str | None = None
) -> Screen:
    """The screen of `step` (a question, the consent or the summary); `lead` goes above it (a refusal, a note).

    `consent`: the consent text as shown now (`bot.views.privacy.consent_text`).
    """
    if step == CONSENT:
        shown = Screen(consent, kb.consent())
    elif step == SUMMARY:
        shown = Screen(summary_text(draft, knowledge), kb.summary(t.LABELS))
    else:
        text = t.PROMPTS[step]
        current = answer(step, draft, knowledge)
        if current is not None:
            text += "\n" + t.CURRENT_ANSWER.format(value=current)
        if step == REGION:
            markup: InlineKeyboardMarkup | ReplyKeyboardMarkup = kb.regions(knowledge, step)
        elif step == PHONE:
            markup = kb.phone()
        else:
            markup = kb.question(step)
        shown = Screen(text, markup)
    if lead:
        return Screen(f"{lead}\n\n{shown.text}", shown.markup)
    return shown


def interrupted(step: str) -> Screen:
    return Screen(t.INTERRUPTED, kb.interrupted(step))


def registered(user: User) -> str:
    return t.REGISTERED.format(name=hd.quote(user.full_name))
