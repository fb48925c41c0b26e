"""The staff rules without Telegram: who may act, what is refused, what is logged and told."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import common as tc
from bot.texts import staff as t
from bot.views.errors import error_text
from bot.views.notices import render_notice
from core.actor import Actor
from core.errors import DomainError
from core.roles import Role
from knowledge import Knowledge
from services import staff
from services.access import AdminOnly
from services.notify import NOTICE_METHOD
from storage.models import OutboxMessage, StaffEvent, User
from tests.conftest import FakeClock
from tests.support.factories import make_user

NOW = FakeClock().now()
PERSON = 610_101


async def _admin(session: AsyncSession) -> Actor:
    admin = await make_user(session, full_name="Адмін")
    return Actor(user_id=admin.id, role=Role.ADMIN)


async def _rows(session: AsyncSession, model: Any) -> list[Any]:
    await session.flush()  # the session does not autoflush
    return list((await session.scalars(select(model).order_by(model.id))).all())


async def test_every_change_is_refused_to_non_admins_and_writes_nothing(
    session: AsyncSession, knowledge: Knowledge
) -> None:
    lawyer = await make_user(session, telegram_id=PERSON, role=Role.LAWYER)
    for role in (Role.OFFICIAL, Role.LAWYER):
        actor = Actor(user_id=lawyer.id, role=role)
        attempts = [
            staff.list_staff(session, actor),
            staff.get_member(session, actor, PERSON),
            staff.add_lawyer(session, actor, telegram_id=PERSON + 1, topics=[], knowledge=knowledge, now=NOW),
            staff.set_topics(session, actor, telegram_id=PERSON, topics=["land"], knowledge=knowledge, now=NOW),
            staff.add_editor(session, actor, telegram_id=PERSON, now=NOW),
            staff.remove(session, actor, telegram_id=PERSON, now=NOW),
            staff.add_by_command(session, actor, [str(PERSON), "editor"], knowledge=knowledge, now=NOW),
            staff.find_person(session, actor, PERSON),
        ]
        for attempt in attempts:
            with pytest.raises(AdminOnly):
                await attempt
        with pytest.raises(AdminOnly):
            staff.person_id(actor, str(PERSON))
    assert await _rows(session, StaffEvent) == []
    assert await _rows(session, OutboxMessage) == []
    assert (await session.scalars(select(User.telegram_id))).all() == [PERSON]


async def test_adding_a_lawyer_logs_users_ids_and_queues_a_notice(session: AsyncSession, knowledge: Knowledge) -> None:
    admin = await _admin(session)

    change = await staff.add_lawyer(
        session, admin, telegram_id=PERSON, topics=["land", "budget", "land"], knowledge=knowledge, now=NOW
    )

    assert change.role_changed and change.added_as == staff.StaffRole.LAWYER
    assert change.user.role == Role.LAWYER and change.user.topic_codes == ["budget", "land"]
    [event] = await _rows(session, StaffEvent)
    assert (event.actor_id, event.target_id, event.action, event.topics) == (
        admin.user_id,
        change.user.id,
        "add_lawyer",
        ["budget", "land"],
    )
    [row] = await _rows(session, OutboxMessage)
    assert (row.chat_id, row.method, row.purpose) == (PERSON, NOTICE_METHOD, "staff")
    assert row.params == {
        "kind": "MadeLawyer",
        "data": {"topics": ["Земельні відносини", "Бюджет і фінанси"], "registered": False, "menu": None},
    }
    message = render_notice(row.chat_id, row.params)
    assert message.chat_id == PERSON
    assert message.text == t.TO_LAWYER_ADDED.format(topics="Земельні відносини, Бюджет і фінанси") + (
        t.TO_LAWYER_ADDED_UNREGISTERED
    )


async def test_adding_an_existing_lawyer_sets_topics_only_when_they_change(
    session: AsyncSession, knowledge: Knowledge
) -> None:
    admin = await _admin(session)
    await make_user(session, telegram_id=PERSON, role=Role.LAWYER, topics=["land"])

    same = await staff.add_lawyer(session, admin, telegram_id=PERSON, topics=["land"], knowledge=knowledge, now=NOW)
    assert not same.role_changed and same.added_as == staff.StaffRole.LAWYER
    assert await _rows(session, StaffEvent) == [] and await _rows(session, OutboxMessage) == []

    changed = await staff.set_topics(session, admin, telegram_id=PERSON, topics=[], knowledge=knowledge, now=NOW)
    assert not changed.role_changed and changed.user.topic_codes == []
    assert [e.action for e in await _rows(session, StaffEvent)] == ["set_topics"]
    [row] = await _rows(session, OutboxMessage)
    assert render_notice(row.chat_id, row.params).text == t.TO_TOPICS_CHANGED.format(topics=t.ALL_TOPICS)


async def test_admins_are_not_managed_here(session: AsyncSession, knowledge: Knowledge) -> None:
    admin = await _admin(session)
    await make_user(session, telegram_id=PERSON, role=Role.ADMIN)
    with pytest.raises(staff.StoredAdmin) as refused:
        await staff.add_lawyer(session, admin, telegram_id=PERSON, topics=[], knowledge=knowledge, now=NOW)
    assert refused.value.telegram_id == PERSON
    with pytest.raises(staff.StoredAdmin):
        await staff.remove(session, admin, telegram_id=PERSON, now=NOW)


async def test_removing_someone_who_is_not_staff(session: AsyncSession, knowledge: Knowledge) -> None:
    admin = await _admin(session)
    await make_user(session, telegram_id=PERSON)
    for telegram_id in (PERSON, PERSON + 1):  # an official; nobody
        with pytest.raises(staff.NotStaff) as refused:
            await staff.remove(session, admin, telegram_id=telegram_id, now=NOW)
        assert refused.value.telegram_id == telegram_id
    with pytest.raises(staff.NotLawyer):
        await staff.set_topics(session, admin, telegram_id=PERSON, topics=[], knowledge=knowledge, now=NOW)


@pytest.mark.parametrize(
    ("words", "refusal"),
    [
        (["12x", "lawyer"], staff.InvalidTelegramId(given="12x")),
        (["0"], staff.InvalidTelegramId(given="0")),
        ([str(PERSON), "judge"], staff.UnknownStaffRole(given="judge")),
        ([str(PERSON), "editor", "land"], staff.UnknownStaffRole(given="editor land")),
        ([str(PERSON), "юрист", "land", "moon"], staff.UnknownTopics(unknown="moon", codes="")),
    ],
)
async def test_add_command_refusals(
    session: AsyncSession, knowledge: Knowledge, words: list[str], refusal: DomainError
) -> None:
    admin = await _admin(session)
    with pytest.raises(type(refusal)) as refused:
        await staff.add_by_command(session, admin, words, knowledge=knowledge, now=NOW)
    expected = refusal.params
    if isinstance(refusal, staff.UnknownTopics):
        expected["codes"] = ", ".join(topic.code for topic in knowledge.topics)
    assert refused.value.params == expected


def test_person_pointed_at() -> None:
    admin = Actor(user_id=1, role=Role.ADMIN)
    assert staff.person_id(admin, PERSON) == PERSON
    assert staff.person_id(admin, f" {PERSON} ") == PERSON
    with pytest.raises(staff.HiddenAccount):
        staff.person_id(admin, None)
    with pytest.raises(staff.InvalidTelegramId):
        staff.person_id(admin, str(2**52))


def test_every_refusal_and_notice_has_its_words() -> None:
    refusals: list[DomainError] = [
        staff.InvalidTelegramId(given="x"),
        staff.HiddenAccount(),
        staff.UnknownStaffRole(given="judge"),
        staff.UnknownTopics(unknown="moon", codes="land"),
        staff.NotStaff(telegram_id=5),
        staff.NotLawyer(telegram_id=5),
        staff.StoredAdmin(telegram_id=5),
        AdminOnly(action="list"),
    ]
    texts = [error_text(refusal) for refusal in refusals]
    assert texts == [
        t.BAD_ID,
        t.ID_HIDDEN,
        t.BAD_ROLE,
        t.UNKNOWN_TOPICS.format(unknown="moon", codes="land"),
        t.NOT_STAFF,
        t.NOT_LAWYER,
        t.STORED_ADMIN,
        tc.NO_RIGHTS,
    ]
    notices = [
        staff.MadeLawyer(chat_id=5, topics=[], registered=True),
        staff.MadeEditor(chat_id=5),
        staff.LawyerTopicsChanged(chat_id=5, topics=["Освіта"]),
        staff.RemovedFromStaff(chat_id=5),
    ]
    rendered = [render_notice(n.chat_id, {"kind": n.kind(), "data": n.payload()}).text for n in notices]
    assert rendered == [
        t.TO_LAWYER_ADDED.format(topics=t.ALL_TOPICS),
        t.TO_EDITOR_ADDED,
        t.TO_TOPICS_CHANGED.format(topics="Освіта"),
        t.TO_REMOVED,
    ]


def _menu(message: Any) -> list[str]:
    return [button.text for row in message.reply_markup.keyboard for button in row] if message.reply_markup else []


async def test_notices_bring_the_menu_of_the_new_role(session: AsyncSession, knowledge: Knowledge) -> None:
    admin = await _admin(session)
    await make_user(session, telegram_id=PERSON)
    await make_user(session, telegram_id=PERSON + 1)  # an admin by ADMIN_IDS, stored as an official
    admin_ids = frozenset({PERSON + 1})

    made = await staff.add_lawyer(session, admin, telegram_id=PERSON, topics=[], knowledge=knowledge, now=NOW)
    also_admin = await staff.add_lawyer(
        session, admin, telegram_id=PERSON + 1, topics=[], knowledge=knowledge, now=NOW, admin_ids=admin_ids
    )
    removed = await staff.remove(session, admin, telegram_id=PERSON, now=NOW)
    nobody_yet = await staff.add_editor(session, admin, telegram_id=PERSON + 2, now=NOW)

    assert [(c.role, c.role_changed) for c in (made, also_admin, removed, nobody_yet)] == [
        (Role.LAWYER, True),
        (Role.ADMIN, True),
        (Role.OFFICIAL, True),
        (Role.OFFICIAL, True),
    ]
    rows = await _rows(session, OutboxMessage)
    assert [row.params["data"]["menu"] for row in rows] == [Role.LAWYER, Role.ADMIN, Role.OFFICIAL, None]
    lawyer, admin_lawyer, official, unregistered = (render_notice(row.chat_id, row.params) for row in rows)
    assert tc.BTN_QUEUE in _menu(lawyer) and tc.BTN_STAFF not in _menu(lawyer)
    assert tc.BTN_STAFF in _menu(admin_lawyer)
    assert tc.BTN_ASK in _menu(official) and tc.BTN_QUEUE not in _menu(official)
    assert unregistered.reply_markup is None  # nothing they could use before registering


async def test_a_second_press_changes_nothing(session: AsyncSession, knowledge: Knowledge) -> None:
    admin = await _admin(session)
    await make_user(session, telegram_id=PERSON)
    first = await staff.add_editor(session, admin, telegram_id=PERSON, now=NOW)
    again = await staff.add_editor(session, admin, telegram_id=PERSON, now=NOW)
    assert first.changed and not again.changed
    lawyer = await staff.add_lawyer(session, admin, telegram_id=PERSON, topics=["land"], knowledge=knowledge, now=NOW)
    same = await staff.add_lawyer(session, admin, telegram_id=PERSON, topics=["land"], knowledge=knowledge, now=NOW)
    topics = await staff.set_topics(session, admin, telegram_id=PERSON, topics=["land"], knowledge=knowledge, now=NOW)
    assert lawyer.changed and not same.changed and not topics.changed
    assert [e.action for e in await _rows(session, StaffEvent)] == ["add_editor", "add_lawyer"]
    assert len(await _rows(session, OutboxMessage)) == 2


async def test_find_person(session: AsyncSession) -> None:
    admin = await _admin(session)
    person = await make_user(session, telegram_id=PERSON, full_name="Коваль Олена")
    assert await staff.find_person(session, admin, PERSON) is person
    assert await staff.find_person(session, admin, PERSON + 1) is None  # never wrote to the bot
