"""Admins: the create/edit dialog, cancellation, participants, exports and attendance marks."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from aiogram import F, Router
from aiogram.filters import or_f
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.text_decorations import html_decoration as hd
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.trainings import TrAdminCb, TrAttCb, TrCb, TrPickCb
from bot.filters import RoleFilter
from bot.keyboards import trainings as kb
from bot.keyboards.common import cancel_only, main_menu
from bot.texts import common as tc
from bot.texts import trainings as t
from core.clock import Clock
from core.errors import DomainError
from core.settings import Settings
from handlers.trainings.official import card_view, render
from knowledge import Knowledge
from services.trainings import attendance, catalogue, export, parsing, signups
from services.trainings.cards import card
from storage.models import (
    RegistrationStatus,
    Role,
    Training,
    TrainingAudience,
    TrainingFormat,
    TrainingKind,
    User,
)
from storage.repositories import users as users_repo

PEOPLE_PAGE = 10
FIELD_MAX = 80  # per field in the participants list: ten lines always fit one message
ATTENDANCE_PAGE = 8


class TrainingDialog(StatesGroup):
    title = State()
    kind = State()
    audience = State()
    topic = State()
    starts_at = State()
    duration = State()
    format = State()
    link = State()
    address = State()
    capacity = State()
    deadline = State()
    council = State()
    region = State()
    confirm = State()
    edit = State()


CREATE_STEPS = [
    "title",
    "kind",
    "audience",
    "topic",
    "starts_at",
    "duration",
    "format",
    "place",
    "capacity",
    "deadline",
    "council",
    "region",
    "confirm",
]
EDIT_STEPS = {
    "title": ["title"],
    "kind": ["kind"],
    "audience": ["audience"],
    "topic": ["topic"],
    "starts_at": ["starts_at"],
    "duration": ["duration"],
    "format": ["format", "place"],
    "capacity": ["capacity"],
    "deadline": ["deadline"],
    "council": ["council", "region"],
}
# A refusal at the end sends the admin back to the step that can fix it.
ERROR_STEPS = {t.START_IN_PAST: "starts_at", t.DEADLINE_AFTER_START: "deadline"}


# --- the form in FSM data (JSON-safe) --------------------------------------------


def _dump(form: catalogue.TrainingForm) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in catalogue.FORM_FIELDS:
        value = getattr(form, name)
        out[name] = value.isoformat() if isinstance(value, datetime) else value
    return out


def _load(raw: dict[str, Any]) -> catalogue.TrainingForm:
    deadline = raw.get("registration_deadline")
    return catalogue.TrainingForm(
        title=raw["title"],
        kind=TrainingKind(raw["kind"]),
        audience=TrainingAudience(raw["audience"]),
        topic_code=raw.get("topic_code"),
        starts_at=datetime.fromisoformat(raw["starts_at"]),
        duration_minutes=int(raw["duration_minutes"]),
        format=TrainingFormat(raw["format"]),
        link=raw.get("link"),
        address=raw.get("address"),
        capacity=raw.get("capacity"),
        registration_deadline=datetime.fromisoformat(deadline) if deadline else None,
        council_community=raw.get("council_community"),
        council_region_code=raw.get("council_region_code"),
    )


def _preview(raw: dict[str, Any]) -> Training:
    form = _load(raw)
    training = Training(seats_taken=0, attendance_code="—", status="scheduled")
    for name in catalogue.FORM_FIELDS:
        setattr(training, name, getattr(form, name))
    return training


async def _actor_id(session: AsyncSession, user: User | None, telegram_id: int) -> int:
    """Admins listed in ADMIN_IDS may have no profile yet: the log still needs who did it."""
    if user is not None:
        return user.id
    return (await users_repo.get_or_create(session, telegram_id)).id


# --- the dialog engine -----------------------------------------------------------


def _skip(step: str, tr: dict[str, Any], editing: bool) -> bool:
    if step == "audience":
        return not editing and tr.get("kind") == TrainingKind.DEPUTY_PRACTICUM
    if step == "council":
        return tr.get("audience") == TrainingAudience.OFFICIALS
    if step == "region":
        return not tr.get("council_community")
    return False


def _prompt(step: str, tr: dict[str, Any], knowledge: Knowledge, settings: Settings) -> tuple[State, str, Any]:
    if step == "place":
        step = "link" if tr.get("format") == TrainingFormat.ONLINE else "address"
    prompts: dict[str, tuple[str, Any]] = {
        "title": (t.ASK_TITLE, None),
        "kind": (t.ASK_KIND, kb.kinds()),
        "audience": (t.ASK_AUDIENCE, kb.audiences()),
        "topic": (t.ASK_TOPIC, kb.topics(knowledge)),
        "starts_at": (t.ASK_STARTS_AT, None),
        "duration": (t.ASK_DURATION, kb.durations()),
        "format": (t.ASK_FORMAT, kb.formats()),
        "link": (t.ASK_LINK, None),
        "address": (t.ASK_ADDRESS, None),
        "capacity": (t.ASK_CAPACITY, kb.capacity()),
        "deadline": (t.ASK_DEADLINE, kb.deadline()),
        "council": (t.ASK_COUNCIL, kb.council()),
        "region": (t.ASK_COUNCIL_REGION, kb.regions(knowledge)),
    }
    if step == "confirm":
        preview = card(_preview(tr), knowledge=knowledge, tz=settings.tz, show_link=True)
        return TrainingDialog.confirm, t.CONFIRM_CREATE.format(card=preview), kb.create_confirm()
    text, markup = prompts[step]
    return getattr(TrainingDialog, step), text, markup


async def _ask(message: Message, state: FSMContext, step: str, knowledge: Knowledge, settings: Settings) -> None:
    data = await state.get_data()
    new_state, text, markup = _prompt(step, data["tr"], knowledge, settings)
    await state.update_data(step=step)
    await state.set_state(new_state)
    await message.answer(text, reply_markup=markup)


async def _advance(
    message: Message, state: FSMContext, changes: dict[str, Any], ctx: dict[str, Any], telegram_id: int
) -> None:
    """Stores the step's value and asks the next question (or saves the edit). `ctx`: the handler data."""
    data = await state.get_data()
    tr = {**data["tr"], **changes}
    await state.update_data(tr=tr)
    steps: list[str] = data.get("steps") or CREATE_STEPS
    editing = data.get("edit_id") is not None
    index = steps.index(data["step"]) + 1
    while index < len(steps) and _skip(steps[index], tr, editing):
        index += 1
    if index < len(steps):
        await _ask(message, state, steps[index], ctx["knowledge"], ctx["settings"])
        return
    # The last step of an edit: save.
    session: AsyncSession = ctx["session"]
    try:
        training = await catalogue.update_training(
            session,
            training_id=data["edit_id"],
            changes=vars(_load(tr)),
            actor_id=await _actor_id(session, ctx["user"], telegram_id),
            role=ctx["role"],
            now=ctx["clock"].now(),
            tz=ctx["settings"].tz,
        )
    except DomainError as exc:  # stay in the dialog: the step is asked again
        await message.answer(exc.message)
        await _ask(message, state, data["step"], ctx["knowledge"], ctx["settings"])
        return
    await _saved(message, state, training, t.UPDATED, ctx)


async def _saved(message: Message, state: FSMContext, training: Training, notice: str, ctx: dict[str, Any]) -> None:
    await state.clear()
    text, markup = await card_view(ctx["session"], training, ctx)
    await message.answer(notice, reply_markup=main_menu(ctx["role"]))
    await message.answer(text, reply_markup=markup)


# --- typed steps -------------------------------------------------------------------


async def typed_step(message: Message, state: FSMContext, **data: Any) -> None:
    current = await state.get_state()
    settings: Settings = data["settings"]
    clock: Clock = data["clock"]
    form = (await state.get_data())["tr"]
    changes: dict[str, Any]
    try:
        if current == TrainingDialog.title.state:
            changes = {"title": parsing.clean_text(message.text, max_len=parsing.TITLE_MAX, error=t.BAD_TITLE)}
        elif current == TrainingDialog.starts_at.state:
            starts_at = parsing.parse_local_datetime(message.text, settings.tz, now=clock.now())
            if starts_at <= clock.now():
                raise parsing.InvalidInput(t.DATETIME_IN_PAST)
            changes = {"starts_at": starts_at.isoformat()}
            old_deadline = form.get("registration_deadline")
            if old_deadline and datetime.fromisoformat(old_deadline) > starts_at:
                changes["registration_deadline"] = None  # a later deadline than the new start means "until the start"
        elif current == TrainingDialog.duration.state:
            changes = {"duration_minutes": parsing.parse_duration(message.text)}
        elif current == TrainingDialog.link.state:
            changes = {"link": parsing.clean_link(message.text), "address": None}
        elif current == TrainingDialog.address.state:
            address = parsing.clean_text(message.text, max_len=parsing.ADDRESS_MAX, error=t.BAD_ADDRESS)
            changes = {"address": address, "link": None}
        elif current == TrainingDialog.capacity.state:
            capacity = parsing.parse_capacity(message.text)
            taken = (await state.get_data()).get("seats_taken", 0)
            if capacity < taken:
                raise parsing.InvalidInput(t.CANNOT_SHRINK.format(taken=taken))
            changes = {"capacity": capacity}
        elif current == TrainingDialog.deadline.state:
            deadline = parsing.parse_local_datetime(message.text, settings.tz, now=clock.now())
            if deadline <= clock.now():
                raise parsing.InvalidInput(t.DATETIME_IN_PAST)
            if deadline > datetime.fromisoformat(form["starts_at"]):
                raise parsing.InvalidInput(t.DEADLINE_AFTER_START)
            changes = {"registration_deadline": deadline.isoformat()}
        elif current == TrainingDialog.council.state:
            changes = {
                "council_community": parsing.clean_text(message.text, max_len=200, error=t.BAD_COUNCIL),
            }
        else:  # a step answered with buttons
            _, _, markup = _prompt((await state.get_data())["step"], form, data["knowledge"], settings)
            await message.answer(t.USE_BUTTONS, reply_markup=markup)
            return
    except parsing.InvalidInput as exc:
        # The state and what was entered so far stay; the step's buttons come again.
        _, _, markup = _prompt((await state.get_data())["step"], form, data["knowledge"], settings)
        await message.answer(exc.message, reply_markup=markup)
        return
    assert message.from_user is not None
    await _advance(message, state, changes, data, message.from_user.id)


# --- button steps ------------------------------------------------------------------


async def picked(query: CallbackQuery, callback_data: TrPickCb, state: FSMContext, **data: Any) -> None:
    step, value = callback_data.step, callback_data.value
    fsm = await state.get_data()
    current = await state.get_state()
    expected = getattr(TrainingDialog, step, None)
    if not isinstance(expected, State) or current != expected.state:
        await query.answer(tc.STALE_BUTTON, show_alert=True)
        return
    await query.answer()
    message = query.message
    assert isinstance(message, Message)
    tr = fsm["tr"]
    changes: dict[str, Any]
    allowed = {"kind": t.KIND_TITLES, "audience": t.AUDIENCE_TITLES, "format": t.FORMAT_TITLES}
    if (step in allowed and value not in allowed[step]) or (step == "duration" and not value.isdigit()):
        return  # forged callback data
    if step == "kind":
        changes = {"kind": TrainingKind(value).value}
        if value == TrainingKind.DEPUTY_PRACTICUM and fsm.get("edit_id") is None:
            changes["audience"] = TrainingAudience.DEPUTIES.value
    elif step == "audience":
        changes = {"audience": TrainingAudience(value).value}
    elif step == "topic":
        if value != "-" and data["knowledge"].topic(value) is None:
            return
        changes = {"topic_code": None if value == "-" else value}
    elif step == "duration":
        changes = {"duration_minutes": int(value)}
    elif step == "format":
        changes = {"format": TrainingFormat(value).value}
    elif step == "capacity":
        changes = {"capacity": None}
    elif step == "deadline":
        starts_at = datetime.fromisoformat(tr["starts_at"])
        deadline = None if value == "start" else starts_at - timedelta(days=1)
        if deadline is not None and deadline <= data["clock"].now():
            await message.answer(t.DATETIME_IN_PAST)
            return
        changes = {"registration_deadline": deadline.isoformat() if deadline else None}
    elif step == "council":
        changes = {"council_community": None, "council_region_code": None}
    elif step == "region":
        if data["knowledge"].region(value) is None:
            return
        changes = {"council_region_code": value}
    elif step == "confirm":
        await _finish_create(message, state, value == "yes", query.from_user.id, data)
        return
    elif step == "edit":
        if value not in EDIT_STEPS:
            return
        await state.update_data(steps=EDIT_STEPS[value])
        await _ask(message, state, EDIT_STEPS[value][0], data["knowledge"], data["settings"])
        return
    else:
        return
    await _advance(message, state, changes, data, query.from_user.id)


async def _finish_create(message: Message, state: FSMContext, yes: bool, telegram_id: int, ctx: dict[str, Any]) -> None:
    if not yes:
        await state.clear()
        await message.answer(tc.CANCELLED, reply_markup=main_menu(ctx["role"]))
        return
    tr = (await state.get_data())["tr"]
    session: AsyncSession = ctx["session"]
    try:
        training = await catalogue.create_training(
            session,
            form=_load(tr),
            actor_id=await _actor_id(session, ctx["user"], telegram_id),
            role=ctx["role"],
            now=ctx["clock"].now(),
        )
    except DomainError as exc:  # stay in the dialog: back to the step that can fix it
        await message.answer(exc.message)
        step = ERROR_STEPS.get(exc.message)
        if step:
            await state.update_data(steps=[step, "confirm"])
            await _ask(message, state, step, ctx["knowledge"], ctx["settings"])
        return
    await _saved(message, state, training, t.CREATED, ctx)


# --- admin actions on a training -----------------------------------------------------


async def new_training(query: CallbackQuery, state: FSMContext, knowledge: Knowledge, settings: Settings) -> None:
    await query.answer()
    await state.clear()
    await state.update_data(tr={}, steps=CREATE_STEPS, step="title")
    await state.set_state(TrainingDialog.title)
    await query.message.answer(t.ASK_TITLE, reply_markup=cancel_only())  # type: ignore[union-attr]


async def edit_training(
    query: CallbackQuery, callback_data: TrAdminCb, state: FSMContext, session: AsyncSession
) -> None:
    training = await signups.get_training(session, callback_data.id)
    await query.answer()
    await state.clear()
    await state.update_data(
        tr=_dump(catalogue.form_of(training)), edit_id=training.id, seats_taken=training.seats_taken, step="edit"
    )
    await state.set_state(TrainingDialog.edit)
    await query.message.answer(t.ASK_EDIT_FIELD, reply_markup=kb.edit_fields(training.id))  # type: ignore[union-attr]


async def cancel_training(query: CallbackQuery, callback_data: TrAdminCb, session: AsyncSession) -> None:
    training = await signups.get_training(session, callback_data.id)
    await query.answer()
    yes = TrAdminCb(action="cancelok", id=training.id).pack()
    no = TrCb(action="view", id=training.id).pack()
    text = t.CONFIRM_CANCEL_TRAINING.format(title=hd.quote(training.title))
    await render(query, text, kb.confirm(t.BTN_CONFIRM_CANCEL_TRAINING, yes, no))


async def cancel_training_ok(
    query: CallbackQuery,
    callback_data: TrAdminCb,
    session: AsyncSession,
    user: User | None,
    role: Role,
    clock: Clock,
    settings: Settings,
) -> None:
    notified = await catalogue.cancel_training(
        session,
        training_id=callback_data.id,
        actor_id=await _actor_id(session, user, query.from_user.id),
        role=role,
        now=clock.now(),
        tz=settings.tz,
    )
    await query.answer()
    await render(query, t.TRAINING_CANCELLED_DONE.format(notified=notified))


async def people(
    query: CallbackQuery, callback_data: TrAdminCb, session: AsyncSession, role: Role, knowledge: Knowledge
) -> None:
    catalogue.require_admin(role)
    training = await signups.get_training(session, callback_data.id)
    await query.answer()
    counts = await signups.count_by_status(session, training.id)
    total = sum(counts.values())
    pages = max(1, math.ceil(total / PEOPLE_PAGE))
    page = min(max(0, callback_data.page), pages - 1)
    rows = await signups.participants(
        session, training.id, tuple(RegistrationStatus), offset=page * PEOPLE_PAGE, limit=PEOPLE_PAGE
    )
    lines = [
        t.PARTICIPANTS.format(
            title=hd.quote(training.title),
            registered=counts[RegistrationStatus.REGISTERED],
            waiting=counts[RegistrationStatus.WAITLISTED],
            cancelled=counts[RegistrationStatus.CANCELLED],
        )
    ]
    for n, r in enumerate(rows, start=page * PEOPLE_PAGE + 1):
        lines.append(
            t.PARTICIPANT_LINE.format(
                n=n,
                name=hd.quote(r.user.full_name[:FIELD_MAX]),
                position=hd.quote(r.user.position[:FIELD_MAX]),
                community=hd.quote(r.user.community[:FIELD_MAX]),
                status=t.STATUS_TITLES[r.status],
                attended=t.ATTENDED_MARK if r.attended else "",
            )
        )
    if not rows:
        lines.append(t.PARTICIPANTS_NONE)
    await render(query, "\n".join(lines), kb.participants_nav(training.id, page, pages))


async def _attendance_view(session: AsyncSession, training_id: int, page: int) -> tuple[str, InlineKeyboardMarkup]:
    training = await signups.get_training(session, training_id)
    registered = (RegistrationStatus.REGISTERED,)
    total = await signups.count_participants(session, training_id, registered)
    pages = max(1, math.ceil(total / ATTENDANCE_PAGE))
    page = min(max(0, page), pages - 1)
    rows = await signups.participants(
        session, training_id, registered, offset=page * ATTENDANCE_PAGE, limit=ATTENDANCE_PAGE
    )
    attended = await signups.count_attended(session, training_id)
    text = (
        t.ATTENDANCE.format(title=hd.quote(training.title), attended=attended, total=total)
        if total
        else t.ATTENDANCE_EMPTY
    )
    return text, kb.attendance(rows, training_id=training_id, page=page, pages=pages)


async def attendance_list(query: CallbackQuery, callback_data: TrAdminCb, session: AsyncSession, role: Role) -> None:
    catalogue.require_admin(role)
    text, markup = await _attendance_view(session, callback_data.id, callback_data.page)
    await query.answer()
    await render(query, text, markup)


async def attendance_toggle(
    query: CallbackQuery, callback_data: TrAttCb, session: AsyncSession, user: User | None, role: Role, clock: Clock
) -> None:
    registration = await attendance.toggle_attendance(
        session,
        registration_id=callback_data.reg,
        actor_id=await _actor_id(session, user, query.from_user.id),
        role=role,
        now=clock.now(),
    )
    template = t.ATTENDANCE_MARKED if registration.attended else t.ATTENDANCE_UNMARKED
    await query.answer(template.format(name=registration.user.full_name)[:200])
    text, markup = await _attendance_view(session, registration.training_id, callback_data.page)
    await render(query, text, markup)


async def export_file(
    query: CallbackQuery,
    callback_data: TrAdminCb,
    session: AsyncSession,
    role: Role,
    knowledge: Knowledge,
    settings: Settings,
) -> None:
    training = await signups.get_training(session, callback_data.id)
    rows = await export.participant_rows(
        session, training_id=training.id, role=role, knowledge=knowledge, tz=settings.tz
    )
    await query.answer()
    if callback_data.action == "xlsx":
        data, name = export.to_xlsx(rows), f"training_{training.id}_participants.xlsx"
    else:
        data, name = export.to_csv(rows), f"training_{training.id}_participants.csv"
    caption = t.EXPORT_CAPTION.format(title=hd.quote(training.title))[:1024]
    await query.message.answer_document(BufferedInputFile(data, filename=name), caption=caption)  # type: ignore[union-attr]


def create_router() -> Router:
    router = Router(name="trainings_admin")
    is_admin = RoleFilter(Role.ADMIN)
    router.message.filter(is_admin)
    router.callback_query.filter(is_admin)
    router.callback_query.register(new_training, TrAdminCb.filter(F.action == "new"))
    router.callback_query.register(edit_training, TrAdminCb.filter(F.action == "edit"))
    router.callback_query.register(cancel_training, TrAdminCb.filter(F.action == "cancel"))
    router.callback_query.register(cancel_training_ok, TrAdminCb.filter(F.action == "cancelok"))
    router.callback_query.register(people, TrAdminCb.filter(F.action == "people"))
    router.callback_query.register(attendance_list, TrAdminCb.filter(F.action == "att"))
    router.callback_query.register(export_file, TrAdminCb.filter(F.action.in_({"xlsx", "csv"})))
    router.callback_query.register(attendance_toggle, TrAttCb.filter())
    router.callback_query.register(picked, TrPickCb.filter())
    router.message.register(typed_step, or_f(*(s for s in TrainingDialog.__states__ if s != TrainingDialog.edit)))
    return router
