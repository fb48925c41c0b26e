"""The report, its buttons (years, regions, XLSX, charts) and the history of values."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.indicators import IndCb, IndChartCb, IndHistCb
from bot.keyboards import indicators as kb
from bot.texts import common as tc
from bot.texts import indicators as t
from core.clock import Clock
from core.errors import DomainError
from core.settings import Settings
from handlers.indicators import render
from knowledge import Knowledge
from services import people
from services.indicators import charts, recording, report, xlsx
from services.indicators.periods import local_year
from storage.models import Role


async def send_report(
    message: Message,
    session: AsyncSession,
    *,
    role: Role,
    year: int,
    knowledge: Knowledge,
    settings: Settings,
    clock: Clock,
) -> None:
    now = clock.now()
    data = await report.build_report(
        session, role=role, catalogue=knowledge.indicators, year=year, now=now, tz=settings.tz
    )
    messages = render.report_messages(data, settings.tz)
    markup = kb.report(year, local_year(now, settings.tz), knowledge.indicators.base_year)
    for i, text in enumerate(messages):
        await message.answer(text, reply_markup=markup if i == len(messages) - 1 else None)


async def indicators_command(
    message: Message,
    session: AsyncSession,
    role: Role,
    knowledge: Knowledge,
    settings: Settings,
    clock: Clock,
    command: CommandObject | None = None,
) -> None:
    if role != Role.ADMIN:
        await message.answer(t.ADMINS_ONLY)
        return
    year = local_year(clock.now(), settings.tz)
    if command is not None and command.args:
        arg = command.args.strip()
        if not arg.isdigit():
            await message.answer(t.YEAR_OUT_OF_RANGE.format(first=knowledge.indicators.base_year, last=year))
            return
        year = int(arg)
    try:
        await send_report(message, session, role=role, year=year, knowledge=knowledge, settings=settings, clock=clock)
    except DomainError as exc:
        await message.answer(exc.message)


async def on_action(
    query: CallbackQuery,
    callback_data: IndCb,
    session: AsyncSession,
    role: Role,
    knowledge: Knowledge,
    settings: Settings,
    clock: Clock,
) -> None:
    message = query.message
    assert isinstance(message, Message)
    year, catalogue, tz, now = callback_data.year, knowledge.indicators, settings.tz, clock.now()
    try:
        report.require_admin(role)
        if callback_data.act == "show":
            await query.answer()
            await send_report(
                message, session, role=role, year=year, knowledge=knowledge, settings=settings, clock=clock
            )
        elif callback_data.act == "reg":
            rows = await report.region_breakdown(
                session,
                role=role,
                catalogue=catalogue,
                region_codes=[r.code for r in knowledge.regions],
                year=year,
                now=now,
                tz=tz,
            )
            await query.answer()
            for text in render.regions_messages(rows, knowledge, year):
                await message.answer(text)
        elif callback_data.act == "xlsx":
            data = await report.build_report(session, role=role, catalogue=catalogue, year=year, now=now, tz=tz)
            await query.answer()
            await message.answer_document(
                BufferedInputFile(xlsx.export(data), filename=t.EXPORT_FILENAME.format(year=year)),
                caption=t.EXPORT_CAPTION.format(year=year),
            )
        elif callback_data.act == "charts":
            report.check_year(year, catalogue, now, tz)
            await query.answer()
            await message.answer(t.CHARTS_PICK.format(year=year), reply_markup=kb.charts(catalogue, year))
        elif callback_data.act == "hist":
            await query.answer()
            await message.answer(
                t.HISTORY_PICK, reply_markup=kb.indicators(catalogue, recorded_only=False, history=True)
            )
        elif callback_data.act == "tpl":
            await query.answer()
            await message.answer_document(
                BufferedInputFile(xlsx.template(knowledge, local_year(now, tz)), filename=t.TEMPLATE_FILENAME),
                caption=t.TEMPLATE_CAPTION,
            )
        else:
            await query.answer(tc.STALE_BUTTON, show_alert=True)
    except DomainError as exc:
        await query.answer(exc.message, show_alert=True)


async def on_chart(
    query: CallbackQuery,
    callback_data: IndChartCb,
    session: AsyncSession,
    role: Role,
    knowledge: Knowledge,
    settings: Settings,
    clock: Clock,
) -> None:
    message = query.message
    assert isinstance(message, Message)
    by_year = callback_data.by == "y"
    try:
        points = await report.computed_series(
            session,
            role=role,
            catalogue=knowledge.indicators,
            code=callback_data.code,
            by_year=by_year,
            year=callback_data.year,
            now=clock.now(),
            tz=settings.tz,
        )
    except DomainError as exc:
        await query.answer(exc.message, show_alert=True)
        return
    await query.answer()
    ind = knowledge.indicators.indicator(callback_data.code)
    assert ind is not None
    period = t.CHART_BY_YEAR if by_year else t.CHART_BY_MONTH.format(year=callback_data.year)
    png = charts.bar_chart(f"{kb.short(ind.name, 70)}\n{period}", points)
    caption = t.CHART_CAPTION.format(name=ind.name, period=period)
    await message.answer_photo(BufferedInputFile(png, filename=f"{ind.code}.png"), caption=caption[:1024])


async def on_history(
    query: CallbackQuery,
    callback_data: IndHistCb,
    session: AsyncSession,
    role: Role,
    knowledge: Knowledge,
    settings: Settings,
) -> None:
    message = query.message
    assert isinstance(message, Message)
    try:
        changes = await recording.value_history(
            session, role=role, catalogue=knowledge.indicators, indicator_code=callback_data.code
        )
    except DomainError as exc:
        await query.answer(exc.message, show_alert=True)
        return
    await query.answer()
    names = await people.display_names(session, {change.changed_by_id for change, _ in changes})
    ind = knowledge.indicators.indicator(callback_data.code)
    assert ind is not None
    for text in render.history_messages(ind, changes, knowledge, names, settings.tz):
        await message.answer(text)


def create_router() -> Router:
    router = Router(name="indicators.view")
    router.message.register(indicators_command, Command("indicators"))
    router.message.register(indicators_command, F.text == tc.BTN_INDICATORS)
    router.callback_query.register(on_action, IndCb.filter(F.act.not_in({"rec", "upl"})))
    router.callback_query.register(on_chart, IndChartCb.filter())
    router.callback_query.register(on_history, IndHistCb.filter())
    return router
