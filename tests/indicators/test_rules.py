"""The recording form's rules and the indicators' refusals, without Telegram."""

from __future__ import annotations

import dataclasses
import inspect
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.texts import indicators as t
from bot.views.errors import GENERIC, error_text, registry
from core.errors import DomainError
from knowledge.loader import default_knowledge
from services.forms import Choice, FormEnv
from services.indicators import errors
from services.indicators.form import WHOLE, IndicatorDraft, indicator_form
from services.text import ALERT_LIMIT, tg_len

TZ = ZoneInfo("Europe/Kyiv")
NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)
SPEC = indicator_form(lambda: FormEnv(now=NOW, tz=TZ, knowledge=default_knowledge()))


def fill(*answers: tuple[str, str]) -> IndicatorDraft:
    draft = IndicatorDraft()
    for step, value in answers:
        draft = SPEC.read(draft, step, value)
    return draft


def choices(step: str, draft: IndicatorDraft) -> list[Choice]:
    offer = SPEC.step(step).choices
    assert offer is not None
    return list(offer(draft))


def steps(draft: IndicatorDraft) -> list[str]:
    return [step.name for step in SPEC.applicable(draft)]


def test_a_value_of_an_indicator_with_a_breakdown_asks_for_the_part() -> None:
    draft = fill(("kind", "actual"), ("indicator", "positions"))
    assert steps(draft) == ["kind", "indicator", "part", "year", "region", "value", "comment"]
    draft = fill(("kind", "actual"), ("indicator", "positions"), ("part", "full_yes"))
    assert draft.part == "full_yes"
    assert SPEC.read(draft, "part", WHOLE).part == ""
    with pytest.raises(errors.UseButtons):
        SPEC.read(draft, "part", "financed")  # a part of another indicator


def test_a_baseline_has_its_year_and_no_breakdown() -> None:
    draft = fill(("kind", "actual"), ("indicator", "positions"), ("part", "full_yes"), ("kind", "baseline"))
    assert (draft.year, draft.part) == (2012, "")
    assert "year" not in steps(draft) and "part" not in steps(draft)


def test_computed_indicators_take_only_a_baseline_or_a_target() -> None:
    with pytest.raises(errors.ComputedNotRecordable):
        fill(("kind", "actual"), ("indicator", "consultations"))
    actual = [choice.value for choice in choices("indicator", fill(("kind", "actual")))]
    assert "consultations" not in actual and "bills_drafted" in actual
    draft = fill(("kind", "target"), ("indicator", "consultations"))
    assert draft.code == "consultations"
    assert fill(("kind", "target"), ("indicator", "consultations"), ("kind", "actual")).code is None  # pick again


def test_years_months_regions_and_values() -> None:
    draft = fill(("kind", "actual"), ("indicator", "site_visitors"))
    assert "month" in steps(draft)
    with pytest.raises(errors.YearNotAllowed) as refused:
        SPEC.read(draft, "year", "2027")
    assert refused.value.params == {"first": 2012, "last": 2026}
    assert SPEC.read(fill(("kind", "target")), "year", "2030").year == 2030  # targets up to ten years ahead
    draft = SPEC.read(SPEC.read(draft, "year", "2026"), "month", "3")
    assert draft.month == 3
    with pytest.raises(errors.UseButtons):
        SPEC.read(draft, "month", "13")
    assert SPEC.read(draft, "region", WHOLE).region == ""
    assert SPEC.read(draft, "region", "kyo").region == "kyo"
    with pytest.raises(errors.UseButtons):
        SPEC.read(draft, "region", "atlantis")
    assert SPEC.read(draft, "value", "1 200").value == 1200
    for typed in ("сім", "-3", "1.5"):
        with pytest.raises(errors.BadValue):
            SPEC.read(draft, "value", typed)
    assert SPEC.read(draft, "comment", "  джерело:   звіт ").comment == "джерело: звіт"
    assert SPEC.read(draft, "comment", "").comment is None
    # Another indicator without months: the month goes.
    assert SPEC.read(draft, "indicator", "bills_drafted").month == 0


def test_the_kind_buttons_carry_the_base_year() -> None:
    from bot.views.indicators import choice_label

    labels = [choice_label("kind", c) for c in choices("kind", IndicatorDraft())]
    assert labels == [t.KIND_ACTUAL, t.KIND_BASELINE.format(year=2012), t.KIND_TARGET]
    assert choice_label("region", Choice("kyo", "Київська область")) == "Київська обл."


def refusals() -> list[type[DomainError]]:
    return [
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, DomainError) and cls.__module__ == errors.__name__
    ]


def example(cls: type[DomainError]) -> DomainError:
    values: dict[str, object] = {"code": "к" * 40, "errors": ()}
    params = {f.name: values.get(f.name, 100_000_000) for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**params)


@pytest.mark.parametrize("refusal", refusals(), ids=lambda c: c.__name__)
def test_every_refusal_has_its_own_short_text(refusal: type[DomainError]) -> None:
    assert refusal in registry() and refusal not in GENERIC
    text = error_text(example(refusal))
    assert "{" not in text and tg_len(text) <= ALERT_LIMIT, text


def test_refusals_quote_what_was_typed() -> None:
    assert error_text(errors.UnknownRegion(code="<b>x</b>")) == t.ROW_BAD_REGION.format(code="&lt;b&gt;x&lt;/b&gt;")
