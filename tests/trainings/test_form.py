"""The training form through the real dispatcher: back, cancel, change a field, interruptions, editing."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.texts import common as tc
from bot.texts import trainings as t
from storage.models import Training, TrainingAudience, TrainingEvent, TrainingEventKind, TrainingKind
from tests.conftest import ADMIN_ID, FakeClock, Workers
from tests.support.client import Calls, TelegramClient
from tests.support.factories import create_user
from tests.trainings.helpers import LINK, TITLE, create_training_row, sign_up_via_bot


def labels(calls: Calls) -> list[str]:
    return [text for text, _ in calls.buttons()]


async def start_form(client: TelegramClient) -> Calls:
    calls = await client.send(ADMIN_ID, "/trainings")
    return await client.click(ADMIN_ID, calls.button(t.BTN_NEW))


async def fill_until_summary(client: TelegramClient) -> Calls:
    """A webinar for officials, every question answered the quickest way."""
    calls = await start_form(client)
    calls = await client.send(ADMIN_ID, "Земельні торги")
    calls = await client.click(ADMIN_ID, calls.button(t.KIND_TITLES["webinar"]))
    calls = await client.click(ADMIN_ID, calls.button(t.AUDIENCE_TITLES["officials"]))
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_SKIP))
    calls = await client.send(ADMIN_ID, "15.12.2026 10:00")
    calls = await client.click(ADMIN_ID, calls.button("1 год 30 хв"))
    calls = await client.send(ADMIN_ID, LINK)
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_NO_LIMIT))
    return await client.click(ADMIN_ID, calls.button(t.BTN_UNTIL_START))


async def trainings_count(pool: async_sessionmaker[AsyncSession]) -> int:
    async with pool() as session:
        return int(await session.scalar(select(func.count()).select_from(Training)) or 0)


async def test_back_returns_to_the_previous_question_and_keeps_answers(client: TelegramClient) -> None:
    calls = await start_form(client)
    assert tc.BTN_BACK not in labels(calls)  # nothing before the first question
    calls = await client.send(ADMIN_ID, "Земельні торги")
    kind = calls.button(t.KIND_TITLES["seminar"])
    calls = await client.click(ADMIN_ID, kind)
    assert t.PROMPTS["audience"] in calls.text
    assert (await client.click(ADMIN_ID, kind)).alerts == [tc.STALE_BUTTON]  # a used keyboard: a double tap
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_BACK))
    assert t.PROMPTS["kind"] in calls.text
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_BACK))
    assert t.PROMPTS["title"] in calls.text
    calls = await client.send(ADMIN_ID, "Земельні аукціони")
    calls = await client.click(ADMIN_ID, calls.button(t.KIND_TITLES["deputy_practicum"]))
    assert t.PROMPTS["topic"] in calls.text  # a practicum is for deputies: not asked
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_BACK))
    assert t.PROMPTS["kind"] in calls.text  # back skips what was not asked either


async def test_cancel_saves_nothing(client: TelegramClient, session_pool: async_sessionmaker[AsyncSession]) -> None:
    calls = await start_form(client)
    calls = await client.send(ADMIN_ID, "Земельні торги")
    cancel = calls.button(tc.BTN_CANCEL)
    calls = await client.click(ADMIN_ID, cancel)
    assert tc.FORM_CANCELLED in calls.text
    assert (await client.click(ADMIN_ID, cancel)).alerts == [tc.STALE_BUTTON]
    calls = await fill_until_summary(client)
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CANCEL))
    assert tc.FORM_CANCELLED in calls.text
    assert await trainings_count(session_pool) == 0


async def test_change_a_field_from_the_summary(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    calls = await fill_until_summary(client)
    assert "Земельні торги" in calls.text and t.FIELD_LABELS["council"] not in calls.text
    # For deputies now: the council question appears on the summary (optional), its region once named.
    calls = await client.click(ADMIN_ID, calls.button(t.FIELD_LABELS["audience"]))
    assert t.PROMPTS["audience"] in calls.text and tc.BTN_BACK in labels(calls)
    calls = await client.click(ADMIN_ID, calls.button(t.AUDIENCE_TITLES["both"]))
    assert tc.BTN_CONFIRM in labels(calls) and t.AUDIENCE_TITLES["both"] in calls.text
    calls = await client.click(ADMIN_ID, calls.button(t.FIELD_LABELS["council"]))
    calls = await client.send(ADMIN_ID, "Бучанська міська рада")
    assert t.PROMPTS["region"] in calls.text  # needed now, asked before the summary
    calls = await client.send(ADMIN_ID, "київська")  # typed instead of pressed
    assert "Для ради: Бучанська міська рада (Київська область)" in calls.text
    # Back from a change returns to the summary, unchanged.
    calls = await client.click(ADMIN_ID, calls.button(t.FIELD_LABELS["title"]))
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_BACK))
    assert tc.BTN_CONFIRM in labels(calls) and "Земельні торги" in calls.text
    # The place: an address makes it in person.
    calls = await client.click(ADMIN_ID, calls.button(t.FIELD_LABELS["place"]))
    calls = await client.send(ADMIN_ID, "м. Буча, вул. Енергетиків, 12")
    assert "📍 м. Буча" in calls.text and LINK not in calls.text
    confirm = calls.button(tc.BTN_CONFIRM)
    calls = await client.click(ADMIN_ID, confirm)
    assert t.CREATED in calls.text
    assert (await client.click(ADMIN_ID, confirm)).alerts == [tc.STALE_BUTTON]  # a double tap creates nothing
    async with session_pool() as session:
        (training,) = (await session.scalars(select(Training))).all()
    assert training.audience == TrainingAudience.BOTH and training.kind == TrainingKind.WEBINAR
    assert training.council_community == "Бучанська міська рада" and training.council_region_code == "kyo"
    assert training.address == "м. Буча, вул. Енергетиків, 12" and training.link is None


async def test_a_rule_broken_at_the_summary_sends_back_to_its_question(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    calls = await fill_until_summary(client)
    clock.current = clock.current.replace(year=2027)  # the summary waited too long: the start has passed
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    assert t.START_IN_PAST in calls.text and "за київським часом" in calls.text
    assert "23.11.2027" not in calls.text and "24.11.2027 10:00" in calls.text  # the example follows the clock
    calls = await client.send(ADMIN_ID, "15.12.2027 10:00")
    assert tc.BTN_CONFIRM in labels(calls)
    await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    assert await trainings_count(session_pool) == 1


async def test_a_command_in_the_middle_keeps_the_draft(client: TelegramClient) -> None:
    calls = await start_form(client)
    calls = await client.send(ADMIN_ID, "Земельні торги")
    calls = await client.send(ADMIN_ID, "/help")
    assert t.FORM_TITLE in calls.text
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CONTINUE))
    assert t.PROMPTS["kind"] in calls.text
    calls = await client.click(ADMIN_ID, calls.button(t.KIND_TITLES["webinar"]))
    assert t.PROMPTS["audience"] in calls.text


async def test_editing_changes_one_field(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession], clock: FakeClock, workers: Workers
) -> None:
    training = await create_training_row(session_pool, clock.now(), capacity=3)
    for _ in range(2):
        official = await create_user(session_pool)
        await sign_up_via_bot(client, official.telegram_id, training.id)
    await workers.drain()
    calls = await client.send(ADMIN_ID, "/trainings")
    calls = await client.click(ADMIN_ID, calls.button(TITLE))
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_EDIT))
    assert "Нове навчання" not in calls.text and "2 з 3" in calls.text
    calls = await client.click(ADMIN_ID, calls.button(t.FIELD_LABELS["title"]))
    assert t.PROMPTS["title"] in calls.text and "Нове" not in calls.text
    calls = await client.send(ADMIN_ID, "Бюджет громади: практика")
    # A capacity below the registered participants is refused at its question.
    calls = await client.click(ADMIN_ID, calls.button(t.FIELD_LABELS["capacity"]))
    calls = await client.send(ADMIN_ID, "1")
    assert t.CANNOT_SHRINK.format(taken=2) in calls.text
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_BACK))
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    assert t.UPDATED in calls.text and "Бюджет громади: практика" in calls.text
    assert await workers.drain() == []  # a new title is not news for participants
    async with session_pool() as session:
        stored = await session.get(Training, training.id)
        event = await session.scalar(select(TrainingEvent).where(TrainingEvent.kind == TrainingEventKind.UPDATED))
    assert stored is not None and stored.title == "Бюджет громади: практика"
    assert stored.capacity == 3 and stored.link == LINK and stored.starts_at == training.starts_at
    assert event is not None and event.payload == {"fields": ["title"]}


async def test_a_started_training_can_still_get_a_title_fix(
    client: TelegramClient, session_pool: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    """A start or deadline that has passed stays as it is when another field changes."""
    now = clock.now()
    await create_training_row(session_pool, now, in_days=1)
    clock.advance(days=1, hours=1)
    calls = await client.send(ADMIN_ID, "/trainings")
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_PAST))
    calls = await client.click(ADMIN_ID, calls.button(TITLE))
    calls = await client.click(ADMIN_ID, calls.button(t.BTN_EDIT))
    calls = await client.click(ADMIN_ID, calls.button(t.FIELD_LABELS["title"]))
    calls = await client.send(ADMIN_ID, "Бюджетний процес (запис)")
    calls = await client.click(ADMIN_ID, calls.button(tc.BTN_CONFIRM))
    assert t.UPDATED in calls.text
