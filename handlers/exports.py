"""/export for admins: consultations and their events for a period, as XLSX and zipped CSV."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.exports import ExportCb
from bot.keyboards import exports as kb
from bot.keyboards.common import main_menu
from bot.presses import pressed_before, remember
from bot.texts import common as tc
from bot.texts import exports as t
from bot.views.exports import WORDING
from core.clock import Clock
from core.settings import Settings
from knowledge import Knowledge
from services import exports as service
from services.access import Actor, require_admin
from storage.models import Role


class ExportRange(StatesGroup):
    typing = State()


def _actor(event: Message | CallbackQuery, role: Role) -> Actor:
    assert event.from_user is not None
    return Actor(telegram_id=event.from_user.id, role=role)


async def _send_export(
    message: Message,
    session: AsyncSession,
    actor: Actor,
    period: service.DateRange,
    settings: Settings,
    knowledge: Knowledge,
    role: Role,
    clock: Clock,
) -> None:
    require_admin(actor, "export")
    await message.answer(t.PREPARING.format(start=f"{period.start:%d.%m.%Y}", end=f"{period.end:%d.%m.%Y}"))
    files = await service.build_export(
        session, actor, period, tz=settings.tz, knowledge=knowledge, wording=WORDING, now=clock.now()
    )
    dates = {"start": f"{period.start:%d.%m.%Y}", "end": f"{period.end:%d.%m.%Y}"}
    if files.consultations == 0:
        await message.answer(t.EMPTY.format(**dates), reply_markup=main_menu(role))
        return
    await message.answer_document(
        BufferedInputFile(files.xlsx, filename=files.xlsx_name),
        caption=t.CAPTION_XLSX.format(consultations=files.consultations, events=files.events, **dates),
    )
    await message.answer_document(
        BufferedInputFile(files.csv_zip, filename=files.zip_name),
        caption=t.CAPTION_CSV,
        reply_markup=main_menu(role),
    )


async def export_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    role: Role,
    settings: Settings,
    knowledge: Knowledge,
    clock: Clock,
) -> None:
    actor = _actor(message, role)
    require_admin(actor, "export")
    if not command.args:
        await message.answer(t.CHOOSE_PERIOD, reply_markup=kb.periods())
        return
    await _send_export(message, session, actor, service.parse_range(command.args), settings, knowledge, role, clock)


async def export_button(message: Message, role: Role) -> None:
    require_admin(_actor(message, role), "export")
    await message.answer(t.CHOOSE_PERIOD, reply_markup=kb.periods())


async def export_period(
    query: CallbackQuery,
    callback_data: ExportCb,
    session: AsyncSession,
    role: Role,
    settings: Settings,
    knowledge: Knowledge,
    clock: Clock,
    state: FSMContext,
) -> None:
    actor = _actor(query, role)
    require_admin(actor, "export")
    assert isinstance(query.message, Message)
    custom = callback_data.period == "custom"
    if not custom and callback_data.period not in service.PRESETS:
        await query.answer(tc.STALE_BUTTON, show_alert=True)
        return
    # A second press of the same button (a double tap) finds the question or the files below.
    if await pressed_before(query, state, t.RANGE_ALREADY_ASKED if custom else t.ALREADY_SENT):
        return
    if custom:
        await state.set_state(ExportRange.typing)
        await query.answer()
        await query.message.answer(t.ASK_RANGE)
    else:
        period = service.preset_range(callback_data.period, clock.now().astimezone(settings.tz).date())
        await query.answer()
        await _send_export(query.message, session, actor, period, settings, knowledge, role, clock)
    await remember(query, state)


async def export_range_typed(
    message: Message,
    session: AsyncSession,
    role: Role,
    settings: Settings,
    knowledge: Knowledge,
    state: FSMContext,
    clock: Clock,
) -> None:
    period = service.parse_range(message.text or "")
    await state.clear()
    await _send_export(message, session, _actor(message, role), period, settings, knowledge, role, clock)


def create_router() -> Router:
    router = Router(name="exports")
    router.message.register(export_command, Command("export"))
    router.message.register(export_button, F.text == tc.BTN_EXPORT)
    router.message.register(export_range_typed, ExportRange.typing)
    router.callback_query.register(export_period, ExportCb.filter())
    return router
