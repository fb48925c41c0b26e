"""The training form (create and edit): the draft, its steps and its rules, without Telegram.

The rules about dates and seats live here once (`refusals`): a step refuses
what breaks a rule of its own field, the summary is checked before it is
confirmed, and `services.trainings.catalogue` checks the same rules against
the stored training when it saves. Each refusal names the step that fixes it.

Steps that need the time, the time zone or the reference data get them from
`env()`, called when they run (the bot passes the dispatcher's clock). Button
labels are the bot's words: `label(step, choice)` turns a value into one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta

from pydantic import BaseModel

from services.forms import Choice, Env, FormSpec, Step, StepRefused
from services.trainings import parsing
from services.trainings.errors import (
    CapacityBelowTaken,
    DeadlineAfterStart,
    DeadlineInPast,
    StartInPast,
    UseButtons,
)
from storage.models import Training, TrainingAudience, TrainingFormat, TrainingKind

FORM_NAME = "training"  # travels in callback data
DURATION_CHOICES = (60, 90, 120, 180, 240, 480)
NO_LIMIT = "-"  # the capacity button: no limit
UNTIL_START = "start"  # deadline buttons
DAY_BEFORE = "day"
DEADLINE_DAY_BEFORE = timedelta(days=1)


class TrainingDraft(BaseModel):
    """A training being created or edited: what was answered so far, and what its rules compare with."""

    title: str | None = None
    kind: TrainingKind | None = None
    audience: TrainingAudience | None = None
    topic_code: str | None = None
    starts_at: datetime | None = None
    duration_minutes: int | None = None
    format: TrainingFormat | None = None
    link: str | None = None
    address: str | None = None
    capacity: int | None = None  # None: no limit
    registration_deadline: datetime | None = None  # None: until the start
    council_community: str | None = None  # trainings for deputies: whose council
    council_region_code: str | None = None
    # Editing: the training, and what it is now (a past start or deadline may stay as it is).
    training_id: int | None = None
    seats_taken: int = 0
    stored_starts_at: datetime | None = None
    stored_deadline: datetime | None = None


# The fields a training takes from its draft.
FIELDS = (
    "title",
    "kind",
    "audience",
    "topic_code",
    "starts_at",
    "duration_minutes",
    "format",
    "link",
    "address",
    "capacity",
    "registration_deadline",
    "council_community",
    "council_region_code",
)
# Changes participants are told about.
TIME_AND_PLACE = frozenset({"starts_at", "duration_minutes", "format", "link", "address"})


Label = Callable[[str, Choice], str]


def _same_label(_step: str, choice: Choice) -> str:
    return choice.label


def draft_of(training: Training) -> TrainingDraft:
    """The form filled with a stored training, to change some of it."""
    return TrainingDraft(
        **{name: getattr(training, name) for name in FIELDS},
        training_id=training.id,
        seats_taken=training.seats_taken,
        stored_starts_at=training.starts_at,
        stored_deadline=training.registration_deadline,
    )


def normalised(draft: TrainingDraft) -> TrainingDraft:
    """What follows from the answers: a practicum is for deputies, a council only for deputies, one place."""
    changes: dict[str, object] = {}
    if draft.kind == TrainingKind.DEPUTY_PRACTICUM and draft.audience in (None, TrainingAudience.OFFICIALS):
        changes["audience"] = TrainingAudience.DEPUTIES
    if (changes.get("audience") or draft.audience) == TrainingAudience.OFFICIALS:
        changes["council_community"] = changes["council_region_code"] = None
    if draft.format == TrainingFormat.ONLINE:
        changes["address"] = None
    elif draft.format == TrainingFormat.OFFLINE:
        changes["link"] = None
    return draft.model_copy(update=changes) if changes else draft


# --- the rules ---------------------------------------------------------------------------


def refusals(draft: TrainingDraft, *, now: datetime) -> Iterator[StepRefused]:
    """Every rule the draft breaks. A start or deadline already stored may have passed (fixing a typo later)."""
    start, deadline = draft.starts_at, draft.registration_deadline
    if start is not None and start <= now and start != draft.stored_starts_at:
        yield StartInPast()
    if deadline is not None and deadline <= now and deadline != draft.stored_deadline:
        yield DeadlineInPast()
    if deadline is not None and start is not None and deadline > start:
        yield DeadlineAfterStart()
    if draft.capacity is not None and draft.capacity < max(1, draft.seats_taken):
        yield CapacityBelowTaken(taken=draft.seats_taken)


def check(draft: TrainingDraft, *, now: datetime) -> None:
    for refusal in refusals(draft, now=now):
        raise refusal


def _check_step(draft: TrainingDraft, step: str, now: datetime) -> TrainingDraft:
    """A step refuses a value that breaks a rule it can fix; the other rules wait for the summary."""
    for refusal in refusals(draft, now=now):
        if refusal.step == step:
            raise refusal
    return draft


# --- the steps ---------------------------------------------------------------------------


def training_form(env: Env, label: Label = _same_label) -> FormSpec[TrainingDraft]:
    """The steps of the training form. `env` gives the time and reference data when a step runs."""

    def update(draft: TrainingDraft, **changes: object) -> TrainingDraft:
        return normalised(draft.model_copy(update=changes))

    def choices(step: str, items: Sequence[tuple[str, str]]) -> list[Choice]:
        return [Choice(value, label(step, Choice(value, title))) for value, title in items]

    def enum_value(enum: type[TrainingKind] | type[TrainingAudience], value: str) -> str:
        if value not in {member.value for member in enum}:
            raise UseButtons()
        return value

    def read_kind(draft: TrainingDraft, value: str) -> TrainingDraft:
        return update(draft, kind=TrainingKind(enum_value(TrainingKind, value)))

    def read_audience(draft: TrainingDraft, value: str) -> TrainingDraft:
        return update(draft, audience=TrainingAudience(enum_value(TrainingAudience, value)))

    def topics(_draft: TrainingDraft) -> list[Choice]:
        return choices("topic", [(topic.code, topic.title) for topic in env().knowledge.topics])

    def read_topic(draft: TrainingDraft, value: str) -> TrainingDraft:
        if not value:  # skipped: no topic
            return update(draft, topic_code=None)
        if env().knowledge.topic(value) is None:
            raise UseButtons()
        return update(draft, topic_code=value)

    def read_starts_at(draft: TrainingDraft, value: str) -> TrainingDraft:
        now = env().now
        starts_at = parsing.parse_local_datetime(value, env().tz, now=now)
        changes: dict[str, object] = {"starts_at": starts_at}
        if draft.registration_deadline is not None and draft.registration_deadline > starts_at:
            changes["registration_deadline"] = None  # a deadline after the new start means "until the start"
        return _check_step(update(draft, **changes), "starts_at", now)

    def durations(_draft: TrainingDraft) -> list[Choice]:
        return choices("duration", [(str(minutes), str(minutes)) for minutes in DURATION_CHOICES])

    def read_duration(draft: TrainingDraft, value: str) -> TrainingDraft:
        return update(draft, duration_minutes=parsing.parse_duration(value))

    def read_place(draft: TrainingDraft, value: str) -> TrainingDraft:
        """A link makes it an online training, anything else is the address of an in-person one."""
        if parsing.looks_like_link(value):
            return update(draft, format=TrainingFormat.ONLINE, link=parsing.clean_link(value))
        return update(draft, format=TrainingFormat.OFFLINE, address=parsing.clean_address(value))

    def capacity_choices(_draft: TrainingDraft) -> list[Choice]:
        return choices("capacity", [(NO_LIMIT, NO_LIMIT)])

    def read_capacity(draft: TrainingDraft, value: str) -> TrainingDraft:
        capacity = None if value == NO_LIMIT else parsing.parse_capacity(value)
        return _check_step(update(draft, capacity=capacity), "capacity", env().now)

    def deadline_choices(_draft: TrainingDraft) -> list[Choice]:
        return choices("deadline", [(UNTIL_START, UNTIL_START), (DAY_BEFORE, DAY_BEFORE)])

    def read_deadline(draft: TrainingDraft, value: str) -> TrainingDraft:
        now = env().now
        if value == UNTIL_START:
            deadline = None
        elif value == DAY_BEFORE and draft.starts_at is not None:
            deadline = draft.starts_at - DEADLINE_DAY_BEFORE
        else:
            deadline = parsing.parse_local_datetime(value, env().tz, now=now)
        return _check_step(update(draft, registration_deadline=deadline), "deadline", now)

    def read_council(draft: TrainingDraft, value: str) -> TrainingDraft:
        if not value:  # skipped: an open training for deputies, no council in particular
            return update(draft, council_community=None, council_region_code=None)
        return update(draft, council_community=parsing.clean_council(value))

    def regions(_draft: TrainingDraft) -> list[Choice]:
        return choices("region", [(region.code, region.title) for region in env().knowledge.regions])

    def read_region(draft: TrainingDraft, value: str) -> TrainingDraft:
        knowledge = env().knowledge
        typed = " ".join(value.split()).lower()
        region = knowledge.region(value) or next(
            (r for r in knowledge.regions if typed and r.title.lower().startswith(typed)), None
        )
        if region is None:
            raise UseButtons()
        return update(draft, council_region_code=region.code)

    def for_deputies(draft: TrainingDraft) -> bool:
        return draft.audience in (TrainingAudience.DEPUTIES, TrainingAudience.BOTH)

    return FormSpec(
        name=FORM_NAME,
        draft_type=TrainingDraft,
        steps=(
            Step("title", lambda d, v: update(d, title=parsing.clean_title(v)), filled=lambda d: d.title is not None),
            Step(
                "kind",
                read_kind,
                choices=lambda d: choices("kind", [(k.value, k.value) for k in TrainingKind]),
                filled=lambda d: d.kind is not None,
            ),
            Step(
                "audience",
                read_audience,
                choices=lambda d: choices("audience", [(a.value, a.value) for a in TrainingAudience]),
                # A practicum is for deputies: nothing to ask.
                applies=lambda d: d.kind != TrainingKind.DEPUTY_PRACTICUM,
                filled=lambda d: d.audience is not None,
            ),
            Step("topic", read_topic, choices=topics, optional=True),
            Step("starts_at", read_starts_at, filled=lambda d: d.starts_at is not None),
            Step("duration", read_duration, choices=durations, filled=lambda d: d.duration_minutes is not None),
            Step("place", read_place, filled=lambda d: d.format is not None),
            Step("capacity", read_capacity, choices=capacity_choices),
            Step("deadline", read_deadline, choices=deadline_choices),
            Step("council", read_council, applies=for_deputies, optional=True),
            Step(
                "region",
                read_region,
                choices=regions,
                applies=lambda d: for_deputies(d) and d.council_community is not None,
                filled=lambda d: d.council_region_code is not None,
            ),
        ),
        check=lambda d: check(d, now=env().now),
    )
