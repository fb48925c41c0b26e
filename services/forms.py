"""Multi-step forms as typed step definitions: the rules of a dialog, without Telegram.

A form is a pydantic model (the draft) and an ordered list of steps. A step
fills one part of the draft: `read` parses what the person typed or the value
of the button they pressed and returns the new draft, or raises an
`InvalidInput` refusal (nothing typed before is lost: the draft is unchanged).
`applies` hides a step that does not concern this draft (no address for an
online training). `check` runs the rules across fields before the summary is
confirmed; a `StepRefused` names the step that can fix it.

The bot side (`bot/forms.py`) shows one step at a time with "⬅️ Назад" and
"✖️ Скасувати", then a summary with "Змінити" for every step, and calls the
feature's service to act on the confirmed draft. A `multi` step is a
multi-select: its choices toggle items and "Готово" (`DONE`) moves on.
Tested without Telegram:

    draft = spec.read(draft, "title", "Бюджетний процес")
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import ClassVar, Generic, NamedTuple, TypeVar

from pydantic import BaseModel

from core.errors import InvalidInput
from knowledge import Knowledge


@dataclass(frozen=True)
class FormEnv:
    """What a form's rules read besides the draft: the moment, the time zone, the reference data."""

    now: datetime
    tz: tzinfo
    knowledge: Knowledge


Env = Callable[[], FormEnv]

Draft = TypeVar("Draft", bound=BaseModel)


class Choice(NamedTuple):
    value: str  # what `read` gets (short: it travels in callback data)
    label: str  # what the button shows
    # In a multi-select step: whether the item is ticked now (None: not a toggle, e.g. DONE).
    picked: bool | None = None
    wide: bool = False  # a row of its own (the other choices share rows: `Step.columns`)


# The choice of a multi-select step that moves on (`read(draft, DONE)` may refuse: nothing ticked).
DONE = "done"


class StepRefused(InvalidInput):
    """A rule across fields failed at the summary; the person is sent back to `step`."""

    step: ClassVar[str] = ""


def _always(_draft: object) -> bool:
    return True


@dataclass(frozen=True)
class Step(Generic[Draft]):
    name: str
    read: Callable[[Draft, str], Draft]
    # Buttons to pick from (the person may still type, if `read` accepts text).
    choices: Callable[[Draft], Sequence[Choice]] | None = None
    applies: Callable[[Draft], bool] = _always
    # Optional: "Пропустити" calls `read(draft, "")`.
    optional: bool = False
    # Filled already? (for the summary and for "what is left" after a change).
    filled: Callable[[Draft], bool] | None = None
    # A multi-select: a choice toggles an item (`read` returns the draft with it toggled) and
    # the step stays; the DONE choice moves on. Pressing a choice that changes nothing is a no-op.
    multi: bool = False
    columns: int = 1  # choices per row


@dataclass(frozen=True)
class FormSpec(Generic[Draft]):
    name: str  # short: it travels in callback data
    draft_type: type[Draft]
    steps: tuple[Step[Draft], ...]
    check: Callable[[Draft], None] = field(default=lambda _draft: None)

    def step(self, name: str) -> Step[Draft]:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(f"form {self.name} has no step {name!r}")

    def applicable(self, draft: Draft) -> list[Step[Draft]]:
        return [step for step in self.steps if step.applies(draft)]

    def first(self, draft: Draft) -> Step[Draft] | None:
        steps = self.applicable(draft)
        return steps[0] if steps else None

    def after(self, draft: Draft, name: str) -> Step[Draft] | None:
        """The next step that applies to this draft, None when the summary comes next."""
        names = [step.name for step in self.steps]
        for step in self.steps[names.index(name) + 1 :]:
            if step.applies(draft):
                return step
        return None

    def before(self, draft: Draft, name: str) -> Step[Draft] | None:
        names = [step.name for step in self.steps]
        for step in reversed(self.steps[: names.index(name)]):
            if step.applies(draft):
                return step
        return None

    def missing(self, draft: Draft) -> Step[Draft] | None:
        """The first applicable step not filled yet (a change may make a new step apply)."""
        for step in self.applicable(draft):
            if step.filled is not None and not step.filled(draft) and not step.optional:
                return step
        return None

    def read(self, draft: Draft, name: str, value: str) -> Draft:
        return self.step(name).read(draft, value)

    def dump(self, draft: Draft) -> dict[str, object]:
        return draft.model_dump(mode="json")

    def load(self, data: object) -> Draft:
        return self.draft_type.model_validate(data)
