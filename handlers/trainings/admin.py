"""Admins: the create/edit form, cancellation, participants, attendance marks and exports."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.callbacks.trainings import TrainingAdminAction, TrainingAdminCb, TrainingAttendanceCb
from bot.filters import RoleFilter
from bot.presses import pressed_before, remember
from bot.texts import trainings as t
from bot.views import trainings as views
from core.roles import Role
from handlers.trainings.form import TrainingForm
from handlers.trainings.screens import Trainings, show
from services.text import ALERT_LIMIT, CAPTION_LIMIT, shorten
from services.trainings import attendance, browse, catalogue, export, signups


async def cancel_training(query: CallbackQuery, callback_data: TrainingAdminCb, trainings: Trainings) -> None:
    training = await signups.get_training(trainings.session, callback_data.id)
    await query.answer()
    await show(query, views.confirm_cancel_training(training))


async def cancel_training_ok(query: CallbackQuery, callback_data: TrainingAdminCb, trainings: Trainings) -> None:
    told = await catalogue.cancel_training(
        trainings.session,
        actor=await trainings.actor(),
        training_id=callback_data.id,
        now=trainings.now,
        tz=trainings.tz,
    )
    await query.answer()
    await show(query, views.Screen(t.TRAINING_CANCELLED_DONE.format(notified=told)))


async def people(query: CallbackQuery, callback_data: TrainingAdminCb, trainings: Trainings) -> None:
    listing = await browse.participants(
        trainings.session, role=trainings.role, training_id=callback_data.id, page=callback_data.page
    )
    await query.answer()
    await show(query, views.participants_screen(listing))


async def attendance_list(query: CallbackQuery, callback_data: TrainingAdminCb, trainings: Trainings) -> None:
    listing = await browse.attendance_list(
        trainings.session, role=trainings.role, training_id=callback_data.id, page=callback_data.page
    )
    await query.answer()
    await show(query, views.attendance_screen(listing))


async def mark_attendance(query: CallbackQuery, callback_data: TrainingAttendanceCb, trainings: Trainings) -> None:
    registration = await attendance.mark_attendance(
        trainings.session,
        actor=await trainings.actor(),
        registration_id=callback_data.reg,
        attended=callback_data.mark,
        now=trainings.now,
    )
    listing = await browse.attendance_list(
        trainings.session, role=trainings.role, training_id=registration.training_id, page=callback_data.page
    )
    await query.answer(shorten(views.attendance_marked(registration), ALERT_LIMIT))
    await show(query, views.attendance_screen(listing))


# --- exports ---------------------------------------------------------------------------

Handler = Callable[[CallbackQuery, TrainingAdminCb, FSMContext, Trainings], Awaitable[None]]
Write = Callable[[list[list[str]]], Awaitable[bytes]]


async def _xlsx(rows: list[list[str]]) -> bytes:
    return await export.to_xlsx(t.EXPORT_HEADERS, rows, sheet=t.EXPORT_SHEET)


async def _csv(rows: list[list[str]]) -> bytes:
    return await export.to_csv(t.EXPORT_HEADERS, rows)


def _exporter(extension: str, write: Write) -> Handler:
    async def export_file(
        query: CallbackQuery, callback_data: TrainingAdminCb, state: FSMContext, trainings: Trainings
    ) -> None:
        training, registrations = await export.participants(
            trainings.session,
            role=trainings.role,
            training_id=callback_data.id,
            actor_id=trainings.user.id if trainings.user is not None else None,
            now=trainings.now,
        )
        # Exports change nothing stored: a second press is told apart by what this chat pressed before.
        if await pressed_before(query, state, t.EXPORT_ALREADY_SENT):
            return
        data = await write(views.export_rows(registrations, knowledge=trainings.knowledge, tz=trainings.tz))
        name = views.export_file_name(training, tz=trainings.tz, extension=extension)
        caption = shorten(views.export_caption(training), CAPTION_LIMIT)
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.answer_document(BufferedInputFile(data, filename=name), caption=caption)
        await remember(query, state)

    return export_file


def _action(action: TrainingAdminAction) -> CallbackQueryFilter:
    return TrainingAdminCb.filter(F.action == action)


def create_router() -> Router:
    router = Router(name="trainings_admin")
    is_admin = RoleFilter(Role.ADMIN)
    router.message.filter(is_admin)
    router.callback_query.filter(is_admin)
    form = TrainingForm()
    router.callback_query.register(form.start_new, _action(TrainingAdminAction.NEW))
    router.callback_query.register(form.start_edit, _action(TrainingAdminAction.EDIT))
    router.callback_query.register(cancel_training, _action(TrainingAdminAction.CANCEL))
    router.callback_query.register(cancel_training_ok, _action(TrainingAdminAction.CANCEL_OK))
    router.callback_query.register(people, _action(TrainingAdminAction.PEOPLE))
    router.callback_query.register(attendance_list, _action(TrainingAdminAction.ATTENDANCE))
    router.callback_query.register(_exporter("xlsx", _xlsx), _action(TrainingAdminAction.XLSX))
    router.callback_query.register(_exporter("csv", _csv), _action(TrainingAdminAction.CSV))
    router.callback_query.register(mark_attendance, TrainingAttendanceCb.filter())
    router.include_router(form.router)
    return router
