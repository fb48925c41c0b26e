"""The training form's steps and rules, refusal texts and notices: no Telegram, no database."""

from __future__ import annotations

import dataclasses
import inspect
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.texts import trainings as t
from bot.views.errors import error_text
from bot.views.notices import render_notice
from core.errors import DomainError
from core.notices import Notice
from knowledge.loader import default_knowledge
from services.forms import FormEnv, StepRefused
from services.text import ALERT_LIMIT, tg_len
from services.trainings import errors, notices
from services.trainings.form import TrainingDraft, check, refusals, training_form
from storage.models import TrainingAudience, TrainingFormat, TrainingKind

KYIV = ZoneInfo("Europe/Kyiv")
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday 09:00 in Kyiv
START = datetime(2026, 12, 25, 8, 0, tzinfo=UTC)
SPEC = training_form(lambda: FormEnv(now=NOW, tz=KYIV, knowledge=default_knowledge()))


def filled(**changes: object) -> TrainingDraft:
    values: dict[str, object] = {
        "title": "Бюджетний процес",
        "kind": TrainingKind.SEMINAR,
        "audience": TrainingAudience.OFFICIALS,
        "starts_at": START,
        "duration_minutes": 90,
        "format": TrainingFormat.ONLINE,
        "link": "https://meet.example.org/x",
    }
    values.update(changes)
    return TrainingDraft.model_validate(values)


def test_typed_values_are_read_or_refused_by_class() -> None:
    draft = SPEC.read(TrainingDraft(), "title", "  Бюджетний   процес ")
    assert draft.title == "Бюджетний процес"
    with pytest.raises(errors.BadTitle):
        SPEC.read(draft, "title", "ab")
    draft = SPEC.read(draft, "starts_at", "25.12 10:00")  # this year's December, Kyiv time
    assert draft.starts_at == START
    with pytest.raises(errors.BadDateTime):
        SPEC.read(draft, "starts_at", "завтра")
    with pytest.raises(errors.StartInPast):
        SPEC.read(draft, "starts_at", "23.11.2026 08:59")
    assert SPEC.read(draft, "duration", "1,5 год").duration_minutes == 90
    assert SPEC.read(draft, "duration", "90").duration_minutes == 90  # the button's value
    with pytest.raises(errors.UseButtons):
        SPEC.read(draft, "kind", "lecture")  # not one of the buttons (stale or forged)
    with pytest.raises(errors.UseButtons):
        SPEC.read(draft, "topic", "astrology")
    assert SPEC.read(draft, "topic", "").topic_code is None  # skipped


def test_the_place_decides_the_format() -> None:
    online = SPEC.read(filled(format=None, link=None), "place", "https://meet.example.org/abc")
    assert online.format == TrainingFormat.ONLINE and online.link == "https://meet.example.org/abc"
    offline = SPEC.read(online, "place", "Київ, вул. Хрещатик, 1")
    assert offline.format == TrainingFormat.OFFLINE and offline.address == "Київ, вул. Хрещатик, 1"
    assert offline.link is None
    with pytest.raises(errors.BadLink):
        SPEC.read(online, "place", "meet.example.org/abc")  # a link without https://
    with pytest.raises(errors.BadAddress):
        SPEC.read(online, "place", "Ки")


def test_deadline_rules_name_the_deadline_step() -> None:
    draft = filled()
    assert SPEC.read(draft, "deadline", "day").registration_deadline == START - timedelta(days=1)
    assert SPEC.read(draft, "deadline", "start").registration_deadline is None
    with pytest.raises(errors.DeadlineAfterStart) as after:
        SPEC.read(draft, "deadline", "26.12.2026 10:00")
    with pytest.raises(errors.DeadlineInPast) as past:
        SPEC.read(draft, "deadline", "23.11.2026 08:00")
    assert after.value.step == past.value.step == "deadline"
    # A start that moves before the deadline takes the deadline with it ("until the start").
    early = SPEC.read(filled(registration_deadline=START - timedelta(hours=2)), "starts_at", "24.12.2026 10:00")
    assert early.registration_deadline is None
    tomorrow = filled(starts_at=NOW + timedelta(hours=20))
    with pytest.raises(errors.DeadlineInPast):  # a day before a start in 20 hours has passed
        SPEC.read(tomorrow, "deadline", "day")


def test_capacity_and_what_editing_allows() -> None:
    assert SPEC.read(filled(), "capacity", "-").capacity is None
    with pytest.raises(errors.BadCapacity):
        SPEC.read(filled(), "capacity", "0")
    editing = filled(seats_taken=4, training_id=7)
    with pytest.raises(errors.CapacityBelowTaken) as exc:
        SPEC.read(editing, "capacity", "3")
    assert exc.value.taken == 4 and exc.value.step == "capacity"
    # A training that has started keeps its start and deadline when something else changes.
    started = filled(
        starts_at=NOW - timedelta(hours=1),
        registration_deadline=NOW - timedelta(days=1),
        stored_starts_at=NOW - timedelta(hours=1),
        stored_deadline=NOW - timedelta(days=1),
    )
    check(started, now=NOW)
    assert [type(r) for r in refusals(started.model_copy(update={"stored_starts_at": None}), now=NOW)] == [
        errors.StartInPast
    ]


def test_what_follows_from_the_answers() -> None:
    practicum = SPEC.read(TrainingDraft(title="Регламент"), "kind", TrainingKind.DEPUTY_PRACTICUM.value)
    assert practicum.audience == TrainingAudience.DEPUTIES
    assert [step.name for step in SPEC.applicable(practicum)] == [
        "title",
        "kind",
        "topic",
        "starts_at",
        "duration",
        "place",
        "capacity",
        "deadline",
        "council",
    ]
    with_council = SPEC.read(practicum, "council", "Гатненська сільська рада")
    assert SPEC.missing(with_council.model_copy(update={"starts_at": START, "duration_minutes": 60})) is not None
    assert SPEC.read(with_council, "region", "Київська").council_region_code == "kyo"
    assert SPEC.read(with_council, "region", "kyo").council_region_code == "kyo"
    with pytest.raises(errors.UseButtons):
        SPEC.read(with_council, "region", "Атлантида")
    # Officials again: the council goes (it counts for the deputies' indicator only).
    officials = SPEC.read(with_council.model_copy(update={"kind": TrainingKind.SEMINAR}), "audience", "officials")
    assert officials.council_community is None and officials.council_region_code is None
    assert "council" not in [step.name for step in SPEC.applicable(officials)]


def test_the_summary_check_raises_the_first_broken_rule() -> None:
    SPEC.check(filled())
    with pytest.raises(StepRefused) as exc:
        SPEC.check(filled(starts_at=NOW - timedelta(minutes=1)))
    assert exc.value.step == "starts_at"


# --- texts ------------------------------------------------------------------------------


def _refusal_classes() -> list[type[DomainError]]:
    return [
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, DomainError) and cls.__module__ == errors.__name__
    ]


def _example(cls: type[DomainError]) -> DomainError:
    values = {"title": "Т" * 80, "name": "Коваленко-Шевчук Олександра Володимирівна"}
    params = {f.name: values.get(f.name, 100_000) for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**params)


def test_every_refusal_has_its_own_short_text() -> None:
    for cls in _refusal_classes():
        assert cls in t.ERRORS, f"{cls.__name__} has no text in bot/texts/trainings.py"
        text = error_text(_example(cls))
        assert "{" not in text, text
        assert tg_len(text) <= ALERT_LIMIT, text  # an alert shows it whole (longer ones are shortened)


def test_every_notice_renders_after_a_round_trip_through_the_outbox() -> None:
    starts_at = START.astimezone(KYIV)
    facts = {"training_id": 1, "title": "Бюджет <2027>", "starts_at": starts_at, "link": "https://m.example.org/x"}
    kinds = [
        cls
        for _, cls in inspect.getmembers(notices, inspect.isclass)
        if issubclass(cls, Notice) and cls.__module__ == notices.__name__
    ]
    assert len(kinds) == 4
    for cls in kinds:
        extra = {"hours_before": 24} if cls is notices.TrainingReminder else {}
        notice = cls(chat_id=5, **facts, **extra)
        params = {"kind": notice.kind(), "data": notice.payload()}
        assert isinstance(params["data"]["starts_at"], str)  # JSON in the outbox row
        message = render_notice(5, params)
        assert message.chat_id == 5 and "Бюджет &lt;2027&gt;" in message.text
        assert "25.12.2026 10:00" in message.text or "10:00" in message.text
    reminder = notices.TrainingReminder(chat_id=5, hours_before=1, **facts)
    assert "За годину, о 10:00" in render_notice(5, {"kind": reminder.kind(), "data": reminder.payload()}).text


def test_attendance_agrees_with_the_participant() -> None:
    from types import SimpleNamespace

    from bot.views.trainings import export_rows

    def registration(name: str) -> Any:
        user = SimpleNamespace(full_name=name, position="Секретар ради", community="Бучанська", region_code="kyo")
        return SimpleNamespace(user=user, status="registered", attended=True, queued_at=NOW)

    names = ["Коваль Ірина Петрівна", "Коваль Іван Петрович", "Коваль Ірина"]
    rows = export_rows([registration(n) for n in names], knowledge=default_knowledge(), tz=KYIV)
    assert [row[5] for row in rows] == ["Була", "Був", "Так"]  # no gender guessed without a patronymic
