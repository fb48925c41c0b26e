"""The form that records one indicator value: the draft, its steps and its rules, without Telegram.

What is recorded: a kind (the period's value, the baseline or a target), an
indicator, for a value with a breakdown the part, a year (the baseline has its
own), a month for a monthly indicator, the association or a region, the value
and a comment (the reason, when a recorded value changes). The steps refuse what
`services.indicators.recording` would refuse, so the summary is what is saved;
the service checks it all again on "Підтвердити" (the form may be stale).

Steps that need the time or the reference data get them from `env()`, called
when they run. Button labels are the bot's words: `label(step, choice)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo

from pydantic import BaseModel

from knowledge.indicators import Indicator, IndicatorCatalogue
from services.forms import Choice, Env, FormSpec, Step
from services.indicators.errors import (
    BadValue,
    ComputedNotRecordable,
    UseButtons,
    YearNotAllowed,
)
from services.indicators.periods import local_year
from services.indicators.recording import MAX_COMMENT, MAX_VALUE, ValueEntry, needs_month, year_bounds
from storage.models import ValueKind
from storage.models.indicators import ALL_REGIONS, TOTAL, WHOLE_YEAR

FORM_NAME = "indicator"  # travels in callback data
WHOLE = "-"  # the button of the association-wide value, and of an indicator's total


class IndicatorDraft(BaseModel):
    """One value being recorded: what was answered so far."""

    kind: ValueKind | None = None
    code: str | None = None
    part: str = TOTAL
    year: int | None = None
    month: int = WHOLE_YEAR
    region: str | None = None  # ALL_REGIONS: the whole association
    value: int | None = None
    comment: str | None = None

    def entry(self) -> ValueEntry:
        """The value to record (call once the form is complete)."""
        if self.kind is None or self.code is None or self.year is None or self.value is None:
            raise ValueError("the indicator form is not complete")
        return ValueEntry(
            indicator_code=self.code,
            kind=self.kind,
            year=self.year,
            value=self.value,
            month=self.month,
            region_code=self.region if self.region is not None else ALL_REGIONS,
            part=self.part,
            comment=self.comment,
        )

    def slot(self) -> ValueEntry | None:
        """Where the value goes (its value still 0), once that is known: to look up what is stored there."""
        if self.kind is None or self.code is None or self.year is None or self.region is None:
            return None
        return self.model_copy(update={"value": self.value or 0}).entry()


Label = Callable[[str, Choice], str]


def _same_label(_step: str, choice: Choice) -> str:
    return choice.label


def numbered(catalogue: IndicatorCatalogue) -> list[tuple[str, Indicator]]:
    """Every indicator with its number as in Table 2 ("3.2")."""
    return [(f"{p.number}.{i}", ind) for p in catalogue.priorities for i, ind in enumerate(p.indicators, start=1)]


def year_choices(kind: ValueKind, now: datetime, tz: tzinfo) -> list[int]:
    current = local_year(now, tz)
    return [current, current + 1] if kind == ValueKind.TARGET else [current - 1, current]


def parse_value(text: str) -> int:
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not cleaned.isdigit() or int(cleaned) > MAX_VALUE:
        raise BadValue()
    return int(cleaned)


def indicator_form(env: Env, label: Label = _same_label) -> FormSpec[IndicatorDraft]:
    """The steps of the recording form. `env` gives the time and reference data when a step runs."""

    def choices(step: str, items: Sequence[tuple[str, str]]) -> list[Choice]:
        return [Choice(value, label(step, Choice(value, title))) for value, title in items]

    def normalised(draft: IndicatorDraft) -> IndicatorDraft:
        """What follows from the answers: a baseline has its year, a breakdown and months only for values."""
        catalogue = env().knowledge.indicators
        ind = catalogue.indicator(draft.code) if draft.code else None
        changes: dict[str, object] = {}
        if draft.kind == ValueKind.BASELINE:
            changes["year"] = catalogue.base_year
        elif draft.year is not None and draft.kind is not None:
            first, last = year_bounds(draft.kind, catalogue, env().now, env().tz)
            if not first <= draft.year <= last:
                changes["year"] = None
        if draft.part != TOTAL and (ind is None or draft.kind != ValueKind.ACTUAL or ind.part(draft.part) is None):
            changes["part"] = TOTAL
        if draft.month != WHOLE_YEAR and not (
            draft.code and draft.kind and needs_month(catalogue, draft.code, draft.kind)
        ):
            changes["month"] = WHOLE_YEAR
        return draft.model_copy(update=changes) if changes else draft

    def update(draft: IndicatorDraft, **changes: object) -> IndicatorDraft:
        return normalised(draft.model_copy(update=changes))

    def indicator_of(draft: IndicatorDraft) -> Indicator | None:
        return env().knowledge.indicators.indicator(draft.code or "")

    # --- kind ---

    def kinds(_draft: IndicatorDraft) -> list[Choice]:
        base_year = str(env().knowledge.indicators.base_year)
        return choices("kind", [(k.value, base_year if k == ValueKind.BASELINE else k.value) for k in ValueKind])

    def read_kind(draft: IndicatorDraft, value: str) -> IndicatorDraft:
        if value not in {k.value for k in ValueKind}:
            raise UseButtons()
        kind = ValueKind(value)
        ind = indicator_of(draft)
        code = None if ind is not None and ind.is_computed and kind == ValueKind.ACTUAL else draft.code
        return update(draft, kind=kind, code=code)

    # --- indicator ---

    def indicators(draft: IndicatorDraft) -> list[Choice]:
        items = [
            (ind.code, f"{number} {ind.name}")
            for number, ind in numbered(env().knowledge.indicators)
            if not (ind.is_computed and draft.kind == ValueKind.ACTUAL)
        ]
        return choices("indicator", items)

    def read_indicator(draft: IndicatorDraft, value: str) -> IndicatorDraft:
        ind = env().knowledge.indicators.indicator(value)
        if ind is None:
            raise UseButtons()
        if ind.is_computed and draft.kind == ValueKind.ACTUAL:
            raise ComputedNotRecordable()
        return update(draft, code=ind.code)

    # --- part ---

    def has_parts(draft: IndicatorDraft) -> bool:
        ind = indicator_of(draft)
        return draft.kind == ValueKind.ACTUAL and ind is not None and bool(ind.parts)

    def parts(draft: IndicatorDraft) -> list[Choice]:
        ind = indicator_of(draft)
        items = [(WHOLE, WHOLE)] + [(part.code, part.label) for part in (ind.parts if ind else ())]
        return choices("part", items)

    def read_part(draft: IndicatorDraft, value: str) -> IndicatorDraft:
        ind = indicator_of(draft)
        if value == WHOLE:
            return update(draft, part=TOTAL)
        if ind is None or ind.part(value) is None:
            raise UseButtons()
        return update(draft, part=value)

    # --- year ---

    def years(draft: IndicatorDraft) -> list[Choice]:
        kind = draft.kind or ValueKind.ACTUAL
        return choices("year", [(str(y), str(y)) for y in year_choices(kind, env().now, env().tz)])

    def read_year(draft: IndicatorDraft, value: str) -> IndicatorDraft:
        first, last = year_bounds(draft.kind or ValueKind.ACTUAL, env().knowledge.indicators, env().now, env().tz)
        text = value.strip()
        if not text.isdigit() or not first <= int(text) <= last:
            raise YearNotAllowed(first=first, last=last)
        return update(draft, year=int(text))

    # --- month ---

    def monthly(draft: IndicatorDraft) -> bool:
        return (
            draft.code is not None
            and draft.kind is not None
            and needs_month(env().knowledge.indicators, draft.code, draft.kind)
        )

    def months(_draft: IndicatorDraft) -> list[Choice]:
        return choices("month", [(str(m), str(m)) for m in range(1, 13)])

    def read_month(draft: IndicatorDraft, value: str) -> IndicatorDraft:
        if not value.isdigit() or not 1 <= int(value) <= 12:
            raise UseButtons()
        return update(draft, month=int(value))

    # --- region ---

    def regions(_draft: IndicatorDraft) -> list[Choice]:
        return choices("region", [(WHOLE, WHOLE)] + [(r.code, r.title) for r in env().knowledge.regions])

    def read_region(draft: IndicatorDraft, value: str) -> IndicatorDraft:
        if value == WHOLE:
            return update(draft, region=ALL_REGIONS)
        if env().knowledge.region(value) is None:
            raise UseButtons()
        return update(draft, region=value)

    # --- value and comment ---

    def read_value(draft: IndicatorDraft, value: str) -> IndicatorDraft:
        return update(draft, value=parse_value(value))

    def read_comment(draft: IndicatorDraft, value: str) -> IndicatorDraft:
        cleaned = " ".join(value.split())[:MAX_COMMENT]
        return update(draft, comment=cleaned or None)

    return FormSpec(
        name=FORM_NAME,
        draft_type=IndicatorDraft,
        steps=(
            Step("kind", read_kind, choices=kinds, filled=lambda d: d.kind is not None),
            Step("indicator", read_indicator, choices=indicators, filled=lambda d: d.code is not None),
            Step("part", read_part, choices=parts, applies=has_parts),
            Step(
                "year",
                read_year,
                choices=years,
                applies=lambda d: d.kind != ValueKind.BASELINE,
                filled=lambda d: d.year is not None,
            ),
            Step("month", read_month, choices=months, applies=monthly, filled=lambda d: d.month != WHOLE_YEAR),
            Step("region", read_region, choices=regions, filled=lambda d: d.region is not None),
            Step("value", read_value, filled=lambda d: d.value is not None),
            Step("comment", read_comment, optional=True),
        ),
    )
