"""`/indicators`: the year's figures on one screen, and the buttons under it (other years, details,
regions, XLSX, charts, history, the upload template). One handler per button; each button of a
message does its work once (a repeated press gets a short alert)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.callbacks.indicators import ChartPeriod, IndicatorChartCb, IndicatorHistoryCb, IndicatorsAction, IndicatorsCb
from bot.keyboards import indicators as kb
from bot.presses import pressed_before, remember
from bot.texts import common as tc
from bot.texts import indicators as t
from bot.views import indicators as views
from core import offload
from handlers.indicators.context import Indicators
from services.indicators import charts, figures, recording, xlsx


async def send(message: Message, texts: list[str], markup: InlineKeyboardMarkup | None = None) -> None:
    """Messages in order; the buttons go under the last."""
    for i, text in enumerate(texts):
        await message.answer(text, reply_markup=markup if i == len(texts) - 1 else None)


async def _overview(message: Message, ind: Indicators, year: int) -> None:
    found = await ind.year_figures(year)
    screen = views.overview(found, current_year=ind.current_year, tz=ind.tz)
    await send(message, screen.texts, screen.markup)


async def indicators_command(message: Message, indicators: Indicators, command: CommandObject | None = None) -> None:
    figures.require_admin(indicators.role)
    args = command.args or "" if command is not None else ""
    year = figures.parse_year(args, indicators.catalogue, indicators.now, indicators.tz)
    await _overview(message, indicators, year)


# --- the overview's buttons ----------------------------------------------------------------------

Work = Callable[[CallbackQuery, Message, int, FSMContext, Indicators], Awaitable[None]]
Handler = Callable[[CallbackQuery, IndicatorsCb, FSMContext, Indicators], Awaitable[None]]


def once(work: Work) -> Handler:
    """Authorised first, then done once per message; `work` answers the query when it starts."""

    async def handler(
        query: CallbackQuery, callback_data: IndicatorsCb, state: FSMContext, indicators: Indicators
    ) -> None:
        figures.require_admin(indicators.role)
        figures.check_year(callback_data.year, indicators.catalogue, indicators.now, indicators.tz)
        if not isinstance(query.message, Message) or await pressed_before(query, state, t.ALREADY_PRESSED):
            return
        await work(query, query.message, callback_data.year, state, indicators)
        await remember(query, state)

    handler.__name__ = handler.__qualname__ = work.__name__
    return handler


async def show_year(
    query: CallbackQuery, message: Message, year: int, state: FSMContext, indicators: Indicators
) -> None:
    await query.answer()
    await _overview(message, indicators, year)


async def show_details(
    query: CallbackQuery, message: Message, year: int, state: FSMContext, indicators: Indicators
) -> None:
    found = await indicators.year_figures(year)
    await query.answer()
    await send(message, views.details(found, indicators.tz))


async def show_regions(
    query: CallbackQuery, message: Message, year: int, state: FSMContext, indicators: Indicators
) -> None:
    rows = await figures.region_breakdown(
        indicators.session,
        role=indicators.role,
        catalogue=indicators.catalogue,
        region_codes=indicators.region_codes,
        year=year,
        now=indicators.now,
        tz=indicators.tz,
    )
    await query.answer()
    await send(message, views.regions(rows, indicators.knowledge, year))


async def send_xlsx(
    query: CallbackQuery, message: Message, year: int, state: FSMContext, indicators: Indicators
) -> None:
    found = await indicators.year_figures(year)
    data = await offload.run(xlsx.export, found)
    await query.answer()
    await message.answer_document(
        BufferedInputFile(data, filename=t.EXPORT_FILENAME.format(year=year)),
        caption=t.EXPORT_CAPTION.format(year=year),
    )


async def send_template(
    query: CallbackQuery, message: Message, year: int, state: FSMContext, indicators: Indicators
) -> None:
    data = await offload.run(xlsx.template, indicators.knowledge, indicators.current_year)
    await query.answer()
    await message.answer_document(BufferedInputFile(data, filename=t.TEMPLATE_FILENAME), caption=t.TEMPLATE_CAPTION)


async def pick_chart(
    query: CallbackQuery, message: Message, year: int, state: FSMContext, indicators: Indicators
) -> None:
    await query.answer()
    await message.answer(t.CHARTS_PICK.format(year=year), reply_markup=kb.charts(indicators.catalogue, year))


async def pick_history(
    query: CallbackQuery, message: Message, year: int, state: FSMContext, indicators: Indicators
) -> None:
    await query.answer()
    await message.answer(t.HISTORY_PICK, reply_markup=kb.history(indicators.catalogue))


# --- the pickers -------------------------------------------------------------------------------


async def send_chart(
    query: CallbackQuery, callback_data: IndicatorChartCb, state: FSMContext, indicators: Indicators
) -> None:
    by_year = callback_data.by == ChartPeriod.YEARS
    points = await figures.computed_series(
        indicators.session,
        role=indicators.role,
        catalogue=indicators.catalogue,
        code=callback_data.code,
        by_year=by_year,
        year=callback_data.year,
        now=indicators.now,
        tz=indicators.tz,
    )
    if not isinstance(query.message, Message) or await pressed_before(query, state, t.CHART_ALREADY_SENT):
        return
    indicator = indicators.catalogue.indicator(callback_data.code)
    assert indicator is not None  # computed_series refuses an unknown code
    period = views.chart_period(by_year, callback_data.year)
    png = await offload.run(
        charts.bar_chart, views.chart_title(indicator, period), views.chart_points(points, by_year=by_year)
    )
    await query.answer()
    await query.message.answer_photo(
        BufferedInputFile(png, filename=f"{indicator.code}.png"), caption=views.chart_caption(indicator, period)
    )
    await remember(query, state)


async def show_history(
    query: CallbackQuery, callback_data: IndicatorHistoryCb, state: FSMContext, indicators: Indicators
) -> None:
    found = await recording.value_history(
        indicators.session, role=indicators.role, catalogue=indicators.catalogue, indicator_code=callback_data.code
    )
    if not isinstance(query.message, Message) or await pressed_before(query, state, t.HISTORY_ALREADY_SENT):
        return
    await query.answer()
    await send(query.message, views.history(found, indicators.knowledge, indicators.tz))
    await remember(query, state)


def create_router() -> Router:
    router = Router(name="indicators_overview")
    router.message.register(indicators_command, Command("indicators"))
    router.message.register(indicators_command, F.text == tc.BTN_INDICATORS)
    for action, work in (
        (IndicatorsAction.SHOW, show_year),
        (IndicatorsAction.DETAILS, show_details),
        (IndicatorsAction.REGIONS, show_regions),
        (IndicatorsAction.XLSX, send_xlsx),
        (IndicatorsAction.TEMPLATE, send_template),
        (IndicatorsAction.CHARTS, pick_chart),
        (IndicatorsAction.HISTORY, pick_history),
    ):
        router.callback_query.register(once(work), IndicatorsCb.filter(F.action == action))
    router.callback_query.register(send_chart, IndicatorChartCb.filter())
    router.callback_query.register(show_history, IndicatorHistoryCb.filter())
    return router
