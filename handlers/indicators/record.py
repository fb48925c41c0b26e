"""Recording indicator values: a guided dialog for one value, or an XLSX upload for many."""

from __future__ import annotations

from io import BytesIO

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.text_decorations import html_decoration as hd
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.indicators import IndCb, IndRecCb
from bot.filters import RoleFilter
from bot.keyboards import indicators as kb
from bot.keyboards.common import cancel_only, main_menu
from bot.texts import common as tc
from bot.texts import indicators as t
from core.clock import Clock
from core.errors import DomainError
from core.settings import Settings
from handlers.indicators import render
from knowledge import Knowledge
from knowledge.indicators import Unit
from services.indicators import recording, xlsx
from services.indicators.periods import local_year
from services.indicators.recording import UploadRejected, ValueEntry
from storage.models import IndicatorValue, Role, ValueKind
from storage.models.indicators import ALL_REGIONS, TOTAL, WHOLE_YEAR

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ERRORS_SHOWN = 30


class IndicatorEntry(StatesGroup):
    kind = State()
    indicator = State()
    part = State()
    year = State()
    month = State()
    region = State()
    value = State()
    comment = State()


class IndicatorUpload(StatesGroup):
    file = State()


def _entry(data: dict[str, object], comment: str | None = None) -> ValueEntry:
    return ValueEntry(
        indicator_code=str(data["code"]),
        kind=ValueKind(str(data["kind"])),
        year=int(data["year"]),  # type: ignore[call-overload]
        month=int(data.get("month", WHOLE_YEAR)),  # type: ignore[call-overload]
        region_code=str(data.get("region", ALL_REGIONS)),
        part=str(data.get("part", TOTAL)),
        value=int(data.get("value", 0)),  # type: ignore[call-overload]
        comment=comment,
    )


def _where(data: dict[str, object], knowledge: Knowledge) -> str:
    entry = _entry(data)
    ind = knowledge.indicators.indicator(entry.indicator_code)
    name = ind.name if ind else entry.indicator_code
    shown = IndicatorValue(
        indicator_code=entry.indicator_code,
        kind=entry.kind,
        year=entry.year,
        month=entry.month,
        region_code=entry.region_code,
        part=entry.part,
        value=0,
    )
    return f"{kb.short(name, 80)} · {render.where(shown, knowledge)}"


async def start(
    query: CallbackQuery, callback_data: IndCb, state: FSMContext, role: Role, knowledge: Knowledge
) -> None:
    if role != Role.ADMIN:
        await query.answer(t.ADMINS_ONLY, show_alert=True)
        return
    await query.answer()
    await state.clear()
    await state.set_state(IndicatorEntry.kind)
    message = query.message
    assert isinstance(message, Message)
    await message.answer(t.PICK_KIND, reply_markup=kb.kinds(knowledge.indicators.base_year))


async def pick_kind(query: CallbackQuery, callback_data: IndRecCb, state: FSMContext, knowledge: Knowledge) -> None:
    if callback_data.val not in {k.value for k in ValueKind}:
        await query.answer(tc.STALE_BUTTON, show_alert=True)
        return
    await query.answer()
    await state.update_data(kind=callback_data.val)
    await state.set_state(IndicatorEntry.indicator)
    recorded_only = callback_data.val == ValueKind.ACTUAL
    await query.message.answer(  # type: ignore[union-attr]
        t.PICK_INDICATOR, reply_markup=kb.indicators(knowledge.indicators, recorded_only=recorded_only)
    )


async def pick_indicator(
    query: CallbackQuery,
    callback_data: IndRecCb,
    state: FSMContext,
    knowledge: Knowledge,
    settings: Settings,
    clock: Clock,
) -> None:
    ind = knowledge.indicators.indicator(callback_data.val)
    data = await state.get_data()
    if ind is None:
        await query.answer(tc.STALE_BUTTON, show_alert=True)
        return
    if ind.is_computed and data.get("kind") == ValueKind.ACTUAL:
        await query.answer(t.NOT_RECORDABLE, show_alert=True)
        return
    await query.answer()
    await state.update_data(code=ind.code, part=TOTAL)
    message = query.message
    assert isinstance(message, Message)
    if ind.parts and data.get("kind") == ValueKind.ACTUAL:
        await state.set_state(IndicatorEntry.part)
        await message.answer(t.PICK_PART.format(name=kb.short(ind.name, 80)), reply_markup=kb.parts(ind))
        return
    await _ask_year(message, state, knowledge, settings, clock)


async def pick_part(
    query: CallbackQuery,
    callback_data: IndRecCb,
    state: FSMContext,
    knowledge: Knowledge,
    settings: Settings,
    clock: Clock,
) -> None:
    data = await state.get_data()
    ind = knowledge.indicators.indicator(str(data.get("code")))
    part = TOTAL if callback_data.val == "-" else callback_data.val
    if ind is None or (part != TOTAL and ind.part(part) is None):
        await query.answer(tc.STALE_BUTTON, show_alert=True)
        return
    await query.answer()
    await state.update_data(part=part)
    await _ask_year(query.message, state, knowledge, settings, clock)  # type: ignore[arg-type]


async def _ask_year(
    message: Message, state: FSMContext, knowledge: Knowledge, settings: Settings, clock: Clock
) -> None:
    data = await state.get_data()
    kind = ValueKind(str(data["kind"]))
    if kind == ValueKind.BASELINE:
        await state.update_data(year=knowledge.indicators.base_year)
        await _after_year(message, state, knowledge)
        return
    current = local_year(clock.now(), settings.tz)
    options = [current, current + 1] if kind == ValueKind.TARGET else [current - 1, current]
    await state.set_state(IndicatorEntry.year)
    await message.answer(t.PICK_YEAR, reply_markup=kb.years(options))


async def _set_year(
    message: Message, state: FSMContext, knowledge: Knowledge, settings: Settings, clock: Clock, text: str
) -> None:
    data = await state.get_data()
    first, last = recording.year_bounds(ValueKind(str(data["kind"])), knowledge.indicators, clock.now(), settings.tz)
    if not text.strip().isdigit() or not first <= int(text) <= last:
        await message.answer(t.BAD_YEAR.format(first=first, last=last))
        return
    await state.update_data(year=int(text))
    await _after_year(message, state, knowledge)


async def pick_year(
    query: CallbackQuery,
    callback_data: IndRecCb,
    state: FSMContext,
    knowledge: Knowledge,
    settings: Settings,
    clock: Clock,
) -> None:
    await query.answer()
    await _set_year(query.message, state, knowledge, settings, clock, callback_data.val)  # type: ignore[arg-type]


async def typed_year(
    message: Message, state: FSMContext, knowledge: Knowledge, settings: Settings, clock: Clock
) -> None:
    await _set_year(message, state, knowledge, settings, clock, message.text or "")


async def _after_year(message: Message, state: FSMContext, knowledge: Knowledge) -> None:
    data = await state.get_data()
    if recording.needs_month(knowledge.indicators, str(data["code"]), ValueKind(str(data["kind"]))):
        await state.set_state(IndicatorEntry.month)
        await message.answer(t.PICK_MONTH, reply_markup=kb.months())
        return
    await state.update_data(month=WHOLE_YEAR)
    await state.set_state(IndicatorEntry.region)
    await message.answer(t.PICK_REGION, reply_markup=kb.regions(knowledge))


async def pick_month(query: CallbackQuery, callback_data: IndRecCb, state: FSMContext, knowledge: Knowledge) -> None:
    if not callback_data.val.isdigit() or not 1 <= int(callback_data.val) <= 12:
        await query.answer(tc.STALE_BUTTON, show_alert=True)
        return
    await query.answer()
    await state.update_data(month=int(callback_data.val))
    await state.set_state(IndicatorEntry.region)
    await query.message.answer(t.PICK_REGION, reply_markup=kb.regions(knowledge))  # type: ignore[union-attr]


async def pick_region(
    query: CallbackQuery, callback_data: IndRecCb, state: FSMContext, session: AsyncSession, knowledge: Knowledge
) -> None:
    region = ALL_REGIONS if callback_data.val == "-" else callback_data.val
    if region != ALL_REGIONS and knowledge.region(region) is None:
        await query.answer(tc.STALE_BUTTON, show_alert=True)
        return
    await query.answer()
    await state.update_data(region=region)
    await state.set_state(IndicatorEntry.value)
    data = await state.get_data()
    ind = knowledge.indicators.indicator(str(data["code"]))
    unit = {Unit.UAH: t.UNIT_UAH, Unit.VISITORS: t.UNIT_VISITORS}.get(ind.unit, "кількість") if ind else ""
    text = t.ASK_VALUE.format(unit=unit, where=_where(data, knowledge))
    existing = await recording.current_value(session, _entry(data))
    if existing is not None:
        text += "\n" + t.ASK_VALUE_EXISTING.format(old=render.number(existing.value))
    await query.message.answer(text, reply_markup=cancel_only())  # type: ignore[union-attr]


async def typed_value(message: Message, state: FSMContext, session: AsyncSession) -> None:
    text = (message.text or "").replace(" ", "").replace("\u00a0", "")
    if not text.isdigit():
        await message.answer(t.BAD_VALUE)
        return
    value = int(text)
    await state.update_data(value=value)
    await state.set_state(IndicatorEntry.comment)
    existing = await recording.current_value(session, _entry(await state.get_data()))
    if existing is not None and existing.value != value:
        await state.update_data(reason_required=True)
        await message.answer(t.ASK_REASON.format(old=render.number(existing.value), new=render.number(value)))
        return
    await state.update_data(reason_required=False)
    await message.answer(t.ASK_COMMENT, reply_markup=kb.no_comment())


async def _save(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    *,
    actor_id: int,
    role: Role,
    knowledge: Knowledge,
    settings: Settings,
    clock: Clock,
    comment: str | None,
) -> None:
    data = await state.get_data()
    try:
        changed = await recording.record_value(
            session,
            role=role,
            actor_id=actor_id,
            catalogue=knowledge.indicators,
            region_codes=[r.code for r in knowledge.regions],
            entry=_entry(data, comment),
            now=clock.now(),
            tz=settings.tz,
        )
    except DomainError as exc:
        await message.answer(exc.message)
        return
    await state.clear()
    ind = knowledge.indicators.indicator(str(data["code"]))
    value = render.number(int(data["value"]), ind.unit if ind else Unit.COUNT)  # type: ignore[call-overload]
    text = t.SAVED.format(where=_where(data, knowledge), value=value) if changed else t.UNCHANGED
    await message.answer(text, reply_markup=main_menu(role))


async def typed_comment(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    role: Role,
    knowledge: Knowledge,
    settings: Settings,
    clock: Clock,
) -> None:
    if not message.text or not message.text.strip():
        await message.answer(t.NEED_TEXT)
        return
    await _save(
        message,
        state,
        session,
        actor_id=message.from_user.id,
        role=role,  # type: ignore[union-attr]
        knowledge=knowledge,
        settings=settings,
        clock=clock,
        comment=message.text.strip()[:1000],
    )


async def skip_comment(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    role: Role,
    knowledge: Knowledge,
    settings: Settings,
    clock: Clock,
) -> None:
    data = await state.get_data()
    if data.get("reason_required"):
        await query.answer(t.REASON_REQUIRED, show_alert=True)
        return
    await query.answer()
    await _save(
        query.message,
        state,
        session,
        actor_id=query.from_user.id,
        role=role,  # type: ignore[arg-type]
        knowledge=knowledge,
        settings=settings,
        clock=clock,
        comment=None,
    )


async def start_upload(query: CallbackQuery, state: FSMContext, role: Role) -> None:
    if role != Role.ADMIN:
        await query.answer(t.ADMINS_ONLY, show_alert=True)
        return
    await query.answer()
    await state.clear()
    await state.set_state(IndicatorUpload.file)
    await query.message.answer(t.UPLOAD_PROMPT, reply_markup=cancel_only())  # type: ignore[union-attr]


async def upload_file(
    message: Message,
    state: FSMContext,
    bot: Bot,
    session: AsyncSession,
    role: Role,
    knowledge: Knowledge,
    settings: Settings,
    clock: Clock,
) -> None:
    doc = message.document
    assert doc is not None
    if not (doc.file_name or "").lower().endswith(".xlsx") or (doc.file_size or 0) > MAX_UPLOAD_BYTES:
        await message.answer(t.UPLOAD_NOT_XLSX)
        return
    buf = BytesIO()
    await bot.download(doc.file_id, destination=buf)
    try:
        rows = xlsx.parse_upload(buf.getvalue(), knowledge)
        changed, unchanged = await recording.apply_upload(
            session,
            role=role,
            actor_id=message.from_user.id,  # type: ignore[union-attr]
            catalogue=knowledge.indicators,
            region_codes=[r.code for r in knowledge.regions],
            rows=rows,
            now=clock.now(),
            tz=settings.tz,
        )
    except UploadRejected as exc:
        # Reasons quote cells of the uploaded file: escape them.
        lines = [t.UPLOAD_ERROR_LINE.format(row=e.row, reason=hd.quote(e.reason)) for e in exc.errors[:ERRORS_SHOWN]]
        if len(exc.errors) > ERRORS_SHOWN:
            lines.append(t.UPLOAD_MORE_ERRORS.format(count=len(exc.errors) - ERRORS_SHOWN))
        text = t.UPLOAD_ERRORS.format(count=len(exc.errors), errors="\n".join(lines))
        for chunk in render.pack(text.split("\n\n")):
            await message.answer(chunk)
        return
    except DomainError as exc:
        await message.answer(hd.quote(exc.message))
        return
    await state.clear()
    await message.answer(t.UPLOAD_APPLIED.format(changed=changed, unchanged=unchanged), reply_markup=main_menu(role))


async def upload_other(message: Message) -> None:
    await message.answer(t.UPLOAD_PROMPT)


async def button_expected(message: Message) -> None:
    await message.answer(t.PRESS_BUTTON)


def create_router() -> Router:
    router = Router(name="indicators.record")
    router.callback_query.register(start, IndCb.filter(F.act == "rec"))
    router.callback_query.register(start_upload, IndCb.filter(F.act == "upl"))
    # The dialog itself is for admins only (the service checks again when saving).
    router.message.filter(RoleFilter(Role.ADMIN))
    router.callback_query.register(pick_kind, IndicatorEntry.kind, IndRecCb.filter(F.step == "k"))
    router.callback_query.register(pick_indicator, IndicatorEntry.indicator, IndRecCb.filter(F.step == "i"))
    router.callback_query.register(pick_part, IndicatorEntry.part, IndRecCb.filter(F.step == "p"))
    router.callback_query.register(pick_year, IndicatorEntry.year, IndRecCb.filter(F.step == "y"))
    router.message.register(typed_year, IndicatorEntry.year, F.text)
    router.callback_query.register(pick_month, IndicatorEntry.month, IndRecCb.filter(F.step == "m"))
    router.callback_query.register(pick_region, IndicatorEntry.region, IndRecCb.filter(F.step == "r"))
    router.message.register(typed_value, IndicatorEntry.value, F.text)
    router.callback_query.register(skip_comment, IndicatorEntry.comment, IndRecCb.filter(F.step == "n"))
    router.message.register(typed_comment, IndicatorEntry.comment, F.text)
    router.message.register(upload_file, IndicatorUpload.file, F.document)
    router.message.register(upload_other, IndicatorUpload.file)
    router.message.register(
        button_expected,
        StateFilter(
            IndicatorEntry.kind,
            IndicatorEntry.indicator,
            IndicatorEntry.part,
            IndicatorEntry.month,
            IndicatorEntry.region,
        ),
    )
    return router
