"""Everyone: the catalogue, a training's card, sign-up and cancellation, "my trainings", attendance by code.

Refusals (typed `DomainError`s from the services) go to the shared domain_errors
router: a short alert (or reply), and the update's work is rolled back.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.callbacks.trainings import AttendanceCodeCb, MyTrainingsCb, TrainingAction, TrainingCb, TrainingListCb
from bot.texts import common as tc
from bot.texts import trainings as t
from bot.views import trainings as views
from bot.views.errors import error_text
from core.errors import DomainError
from handlers.trainings.screens import Trainings, show
from services.trainings import attendance, browse, signups
from services.trainings.browse import Scope
from services.trainings.errors import WrongCode
from storage.models import Training


class AttendanceCode(StatesGroup):
    code = State()


async def trainings_command(message: Message, state: FSMContext, trainings: Trainings) -> None:
    await state.clear()
    listing = await browse.catalogue(
        trainings.session, scope=Scope.UPCOMING, page=0, role=trainings.role, now=trainings.now
    )
    screen = views.catalogue_screen(listing, tz=trainings.tz)
    await message.answer(screen.text, reply_markup=screen.markup)


async def list_page(query: CallbackQuery, callback_data: TrainingListCb, trainings: Trainings) -> None:
    listing = await browse.catalogue(
        trainings.session, scope=callback_data.scope, page=callback_data.page, role=trainings.role, now=trainings.now
    )
    await query.answer()
    await show(query, views.catalogue_screen(listing, tz=trainings.tz))


async def my_trainings(query: CallbackQuery, trainings: Trainings) -> None:
    mine = await browse.mine(trainings.session, user=trainings.user, now=trainings.now)
    await query.answer()
    await show(query, views.mine_screen(mine, tz=trainings.tz))


async def _show_card(
    query: CallbackQuery, trainings: Trainings, training: Training, *, page: int, notice: str = ""
) -> None:
    card = await browse.card_of(
        trainings.session, training, user=trainings.user, role=trainings.role, now=trainings.now
    )
    await query.answer()
    screen = views.card_screen(card, knowledge=trainings.knowledge, tz=trainings.tz, page=page, notice=notice)
    await show(query, screen)


async def view(query: CallbackQuery, callback_data: TrainingCb, trainings: Trainings) -> None:
    training = await signups.get_training(trainings.session, callback_data.id)
    await _show_card(query, trainings, training, page=callback_data.page)


async def join(query: CallbackQuery, callback_data: TrainingCb, trainings: Trainings) -> None:
    training = await signups.get_training(trainings.session, callback_data.id)
    await query.answer()
    await show(query, views.confirm_sign_up(training, tz=trainings.tz, page=callback_data.page))


async def join_ok(query: CallbackQuery, callback_data: TrainingCb, trainings: Trainings) -> None:
    result = await signups.sign_up(
        trainings.session, training_id=callback_data.id, user=trainings.user, now=trainings.now
    )
    notice = views.signed_up(result.training, result.waitlist_position)
    await _show_card(query, trainings, result.training, page=callback_data.page, notice=notice)


async def leave(query: CallbackQuery, callback_data: TrainingCb, trainings: Trainings) -> None:
    training = await signups.get_training(trainings.session, callback_data.id)
    await query.answer()
    await show(query, views.confirm_leave(training, page=callback_data.page))


async def leave_ok(query: CallbackQuery, callback_data: TrainingCb, trainings: Trainings) -> None:
    training = await signups.cancel_registration(
        trainings.session, training_id=callback_data.id, user=trainings.user, now=trainings.now, tz=trainings.tz
    )
    await _show_card(query, trainings, training, page=callback_data.page, notice=views.left(training))


async def code_button(query: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(AttendanceCode.code)
    await query.answer()
    await show(query, views.Screen(t.ASK_CODE))


async def _confirm_code(message: Message, state: FSMContext, trainings: Trainings, code: str) -> None:
    try:
        training = await attendance.confirm_by_code(
            trainings.session, user=trainings.user, code=code, now=trainings.now
        )
    except WrongCode as exc:  # the dialog stays open for another try
        await message.answer(error_text(exc))
        return
    except DomainError as exc:  # nothing to try again: the dialog ends (caught, so that this is kept)
        await state.clear()
        await message.answer(error_text(exc))
        return
    await state.clear()
    await message.answer(views.code_ok(training))


async def attend_command(message: Message, command: CommandObject, state: FSMContext, trainings: Trainings) -> None:
    if not command.args:
        await state.set_state(AttendanceCode.code)
        await message.answer(t.ASK_CODE)
        return
    await _confirm_code(message, state, trainings, command.args)


async def code_typed(message: Message, state: FSMContext, trainings: Trainings) -> None:
    if not message.text:
        await message.answer(t.ATTEND_USAGE)
        return
    await _confirm_code(message, state, trainings, message.text)


def create_router() -> Router:
    router = Router(name="trainings")
    router.message.register(trainings_command, Command("trainings"))
    router.message.register(trainings_command, F.text == tc.BTN_TRAININGS)
    router.message.register(attend_command, Command("attend"))
    router.message.register(code_typed, AttendanceCode.code)
    router.callback_query.register(list_page, TrainingListCb.filter())
    router.callback_query.register(my_trainings, MyTrainingsCb.filter())
    router.callback_query.register(view, TrainingCb.filter(F.action == TrainingAction.VIEW))
    router.callback_query.register(join, TrainingCb.filter(F.action == TrainingAction.JOIN))
    router.callback_query.register(join_ok, TrainingCb.filter(F.action == TrainingAction.JOIN_OK))
    router.callback_query.register(leave, TrainingCb.filter(F.action == TrainingAction.LEAVE))
    router.callback_query.register(leave_ok, TrainingCb.filter(F.action == TrainingAction.LEAVE_OK))
    router.callback_query.register(code_button, AttendanceCodeCb.filter())
    return router
