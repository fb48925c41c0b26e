"""The consent: what it says, its version stored at registration, shown again after the text changes."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select, update

from bot.texts import hotline as th
from bot.texts import privacy as t
from bot.texts import registration as tr
from bot.views.privacy import consent_text, consent_version
from core.settings import Settings
from storage.models import User
from tests.support.client import TelegramClient
from tests.support.factories import register_via_bot

OFFICIAL = 5301


async def _user(session_pool: Any, telegram_id: int = OFFICIAL) -> User:
    async with session_pool() as session:
        user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
        assert user is not None
        return user


def test_the_text_says_what_the_law_asks(settings: Settings) -> None:
    shown = consent_text(settings.model_copy(update={"privacy_contact": "dpo@example.org", "retention_years": 5}))
    for what in ("Асоціація міст України", "dpo@example.org", "5 років", "/mydata", "/forget", "ст. 8", "Навіщо"):
        assert what in shown
    # Answered questions may be reused: people are told so, and that it is only ever anonymised.
    assert "бази відповідей" in shown and "знеособленими" in shown
    # What an official typed before a published answer helped is kept (and erased) too: it is named.
    assert "питання, на які ви знайшли відповідь у базі" in shown
    assert str(settings.backup_keep_days) in shown
    # Without a contact set, the person is told how to reach the association through the bot.
    assert tr.CONTACT_IN_BOT in consent_text(settings.model_copy(update={"privacy_contact": ""}))


def test_the_version_follows_the_text_people_read(settings: Settings) -> None:
    assert consent_version(settings) == hashlib.sha256(consent_text(settings).encode()).hexdigest()[:12]
    # A new contact or period is a new text: people are asked again.
    for change in ({"privacy_contact": "dpo@example.org"}, {"retention_years": 3}, {"backup_keep_days": 14}):
        assert consent_version(settings.model_copy(update=change)) != consent_version(settings)


async def test_registration_stores_the_version_and_time(client: TelegramClient, session_pool: Any, clock: Any) -> None:
    await register_via_bot(client, OFFICIAL)
    user = await _user(session_pool)
    assert user.consent_version == consent_version(client.dp["settings"])
    assert user.consent_at == clock.now()


async def test_a_changed_text_is_shown_again_and_then_work_goes_on(
    client: TelegramClient, session_pool: Any, clock: Any
) -> None:
    await register_via_bot(client, OFFICIAL)
    # The person accepted an older text (the version stored then differs from the one shown now).
    async with session_pool() as session:
        await session.execute(update(User).where(User.telegram_id == OFFICIAL).values(consent_version="old-text"))
        await session.commit()

    calls = await client.send(OFFICIAL, "/my")
    assert t.CONSENT_CHANGED in calls.text and tr.CONSENT_QUESTION in calls.text
    assert th.MY_EMPTY not in calls.text  # the command waits for the consent

    # Their rights need no consent.
    calls = await client.send(OFFICIAL, "/forget")
    assert t.FORGET_ASK.split("\n")[0] in calls.text
    await client.click(OFFICIAL, calls.button(t.BTN_KEEP))

    calls = await client.send(OFFICIAL, "/my")
    clock.advance(minutes=5)
    accepted = await client.click(OFFICIAL, calls.button(tr.BTN_CONSENT_YES))
    assert t.CONSENT_ACCEPTED in accepted.text
    assert accepted.of("EditMessageReplyMarkup")  # the used keyboard goes away
    user = await _user(session_pool)
    assert user.consent_version == consent_version(client.dp["settings"]) and user.consent_at == clock.now()

    assert th.MY_EMPTY in (await client.send(OFFICIAL, "/my")).text
    # A second press on the old screen changes nothing and says so.
    again = await client.click(OFFICIAL, calls.button(tr.BTN_CONSENT_YES))
    assert again.alerts == [t.CONSENT_ACCEPTED]


async def test_declining_keeps_the_buttons_and_the_gate(client: TelegramClient, session_pool: Any) -> None:
    await register_via_bot(client, OFFICIAL)
    async with session_pool() as session:
        await session.execute(update(User).where(User.telegram_id == OFFICIAL).values(consent_version=None))
        await session.commit()
    calls = await client.send(OFFICIAL, "/help")
    declined = await client.click(OFFICIAL, calls.button(tr.BTN_CONSENT_NO))
    assert t.CONSENT_DECLINED in declined.text
    assert t.CONSENT_CHANGED in (await client.send(OFFICIAL, "/help")).text
