"""People and steps of the hot line, played through the real dispatcher by pressing the buttons shown."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.texts import hotline as t
from knowledge.loader import default_knowledge
from storage.models import Consultation, ConsultationEvent, EventKind
from tests.support.client import Calls, TelegramClient

OFFICIAL = 5001
LAWYER = 6001
LAWYER2 = 6002


def topic_title(code: str) -> str:
    return default_knowledge().topic_title(code)


async def compose(client: TelegramClient, user_id: int, *parts: str) -> Calls:
    """Types the parts, then presses "Done" under the last reply: the preview."""
    for part in parts:
        added = await client.send(user_id, part)
        assert "Додано до" in added.text
    return await press(client, user_id, t.BTN_DONE)


async def compose_and_send(client: TelegramClient, user_id: int, *parts: str) -> Calls:
    preview = await compose(client, user_id, *parts)
    return await client.click(user_id, preview.button(t.BTN_SEND))


async def start_question(client: TelegramClient, topic: str = "land", user_id: int = OFFICIAL) -> Calls:
    """/ask and a topic chosen by its button: the composer is open."""
    calls = await client.send(user_id, "/ask")
    assert t.CHOOSE_TOPIC in calls.text
    calls = await client.click(user_id, calls.button(topic_title(topic)))
    assert "Опишіть питання" in calls.text
    return calls


async def ask(client: TelegramClient, *parts: str, topic: str = "land") -> Calls:
    await start_question(client, topic)
    return await compose_and_send(client, OFFICIAL, *parts)


async def load(session_pool: Any, number: int = 1) -> Consultation:
    async with session_pool() as session:
        consultation = await session.get(Consultation, number)
        assert consultation is not None
        return consultation


async def event_kinds(session_pool: Any, number: int = 1) -> list[EventKind]:
    async with session_pool() as session:
        rows = await session.scalars(
            select(ConsultationEvent.kind)
            .where(ConsultationEvent.consultation_id == number)
            .order_by(ConsultationEvent.id)
        )
        return list(rows.all())


def sent_to(requests: list[Any], chat_id: int) -> Calls:
    """What the workers sent to one person (notices, files), to read or to press."""
    return Calls(requests).to(chat_id)


def sent_texts(requests: list[Any], chat_id: int) -> str:
    return sent_to(requests, chat_id).text


def screen(client: TelegramClient, chat_id: int) -> Calls:
    """Everything the bot has sent to one person so far (replies and delivered notices)."""
    return Calls(list(client.bot.session.requests)).to(chat_id)


async def press(client: TelegramClient, user_id: int, text: str, number: int | None = None) -> Calls:
    """Presses the latest button shown to `user_id` whose text contains `text` (about consultation `number`)."""
    for label, data in reversed(screen(client, user_id).buttons()):
        if text in label and data and (number is None or data.endswith(f":{number}")):
            return await client.click(user_id, data)
    raise AssertionError(f"no button {text!r} (№{number}) shown to {user_id}")


async def press_on(client: TelegramClient, user_id: int, shown: Calls, text: str) -> Calls:
    """Presses the button `text` on the very message of `shown` that carried it (an older screen, maybe)."""
    for request in reversed(shown.items):
        markup = getattr(request, "reply_markup", None)
        rows = getattr(markup, "inline_keyboard", None) or []
        data = next((b.callback_data for row in rows for b in row if text in b.text and b.callback_data), None)
        if data is None:
            continue
        result = client.bot.session.results.get(id(request))
        message_id = getattr(request, "message_id", None) or getattr(result, "message_id", None)
        return await client.click(user_id, data, message_id=message_id)
    raise AssertionError(f"no button {text!r} in {shown.buttons()}")


def messages_now(client: TelegramClient, chat_id: int) -> dict[int, tuple[str, bool]]:
    """Each message the bot sent to `chat_id` as it reads now, after the edits: id -> (text, has buttons)."""
    now: dict[int, tuple[str, bool]] = {}
    for request in screen(client, chat_id).items:
        kind = type(request).__name__
        if kind not in {"SendMessage", "EditMessageText", "EditMessageReplyMarkup"}:
            continue
        result = client.bot.session.results.get(id(request))
        message_id = getattr(request, "message_id", None) or getattr(result, "message_id", None)
        if not isinstance(message_id, int):
            continue
        text = getattr(request, "text", None) or now.get(message_id, ("", False))[0]
        markup = getattr(request, "reply_markup", None)
        now[message_id] = (text, bool(getattr(markup, "inline_keyboard", None)))
    return now


def live_reaction_questions(client: TelegramClient, chat_id: int) -> list[int]:
    """The «Чи вирішено ваше питання?» messages whose buttons can still be pressed."""
    return [
        message_id
        for message_id, (text, buttons) in messages_now(client, chat_id).items()
        if text.startswith(t.ANSWER_FOOTER) and buttons
    ]
