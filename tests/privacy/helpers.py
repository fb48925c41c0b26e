"""An official with a record of everything the bot keeps about people, made through the real dispatcher."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from bot.texts import hotline as th
from services.newsletters import subscriptions
from storage.models import (
    AnswerEvent,
    AnswerEventKind,
    Consultation,
    PublishedAnswer,
    RegistrationStatus,
    Training,
    TrainingAudience,
    TrainingFormat,
    TrainingKind,
    TrainingRegistration,
    User,
)
from tests.hotline.helpers import compose_and_send, press, start_question
from tests.support.client import TelegramClient
from tests.support.factories import register_via_bot

LAWYER = 6401


@dataclass(frozen=True)
class Person:
    telegram_id: int
    name: str
    position: str
    phone: str
    question: str
    answer: str
    file_name: str
    comment: str
    helped_question: str  # typed while asking, then answered from the base (no consultation)

    @property
    def secrets(self) -> list[str]:
        """What must be gone after erasure (and never appear in someone else's /mydata)."""
        return [
            self.name,
            self.position,
            self.phone,
            self.question,
            self.answer,
            self.file_name,
            self.comment,
            self.helped_question,
        ]


def person(telegram_id: int, surname: str) -> Person:
    return Person(
        telegram_id=telegram_id,
        name=f"{surname} Олена Іванівна",
        position=f"Секретар ради {surname}",
        phone=f"+38067{telegram_id:07d}",
        question=f"Чи може депутат {surname} голосувати щодо земельної ділянки сусіда?",
        answer=f"Депутат {surname} має заявити про конфлікт інтересів.",
        file_name=f"рішення_{surname}.pdf",
        comment=f"Дякую, {surname} задоволена",
        helped_question=f"Чи платить {surname} земельний податок за ділянку під школою?",
    )


async def user_of(session_pool: Any, telegram_id: int) -> User:
    async with session_pool() as session:
        user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
        assert user is not None
        return user


async def live_a_life(
    client: TelegramClient, session_pool: Any, workers: Any, clock: Any, who: Person, *, rate: bool = True
) -> int:
    """Registers, asks (with a file), gets an answer, rates it, subscribes and signs up for a training.

    Returns the consultation's number. `LAWYER` must exist.
    """
    await register_via_bot(client, who.telegram_id, name=who.name, position=who.position)
    async with session_pool() as session:
        await session.execute(update(User).where(User.telegram_id == who.telegram_id).values(phone=who.phone))
        await session.commit()
    await start_question(client, user_id=who.telegram_id)
    added = await client.send_document(who.telegram_id, file_id=f"file-{who.telegram_id}", file_name=who.file_name)
    assert "Додано до" in added.text
    calls = await compose_and_send(client, who.telegram_id, who.question)
    async with session_pool() as session:
        number = await session.scalar(select(Consultation.id).order_by(Consultation.id.desc()).limit(1))
        assert number is not None
    await workers.drain()
    await press(client, LAWYER, th.BTN_TAKE, number)
    await press(client, LAWYER, th.BTN_ANSWER, number)
    await compose_and_send(client, LAWYER, who.answer)
    await workers.drain()
    if rate:
        resolved = await press(client, who.telegram_id, th.BTN_RESOLVED, number)
        await client.click(who.telegram_id, resolved.button(th.BTN_RATING.format(stars=5)))
        await client.send(who.telegram_id, who.comment)
    async with session_pool() as session:
        user = await session.scalar(select(User).where(User.telegram_id == who.telegram_id))
        await subscriptions.subscribe_all(session, user, now=clock.now())
        training = Training(
            title="Школа депутата",
            kind=next(iter(TrainingKind)),
            audience=TrainingAudience.BOTH,
            starts_at=clock.now() + timedelta(days=10),
            format=TrainingFormat.ONLINE,
            link="https://example.org/meet",
            attendance_code="123456",
            seats_taken=1,
        )
        session.add(training)
        await session.flush()
        assert user is not None
        session.add(
            TrainingRegistration(training_id=training.id, user_id=user.id, status=RegistrationStatus.REGISTERED)
        )
        # Another need, answered from the base of answers: the question as typed is kept with that event.
        lawyer = await session.scalar(select(User).where(User.telegram_id == LAWYER))
        assert lawyer is not None
        published = PublishedAnswer(topic_code="land", question="Податок", answer="Так", author_id=lawyer.id)
        session.add(published)
        await session.flush()
        session.add(
            AnswerEvent(
                answer_id=published.id,
                kind=AnswerEventKind.HELPED,
                actor_id=user.id,
                payload={"question": who.helped_question, "shown": [published.id]},
            )
        )
        await session.commit()
    del calls
    return number
