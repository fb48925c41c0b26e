"""Pressing the same button twice: the second press must change and send nothing, and never fail."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.texts import common as tc
from tests.client import Calls, TelegramClient


async def tap_twice(
    client: TelegramClient, user_id: int, data: str, snapshot: Callable[[], Awaitable[Any]]
) -> tuple[Calls, Calls]:
    """Both presses' calls; `snapshot` (what a press could change) is the same before and after the second."""
    first = await client.click(user_id, data)
    assert tc.INTERNAL_ERROR not in first.text + "".join(first.alerts)
    before = await snapshot()
    second = await client.click(user_id, data)
    assert await snapshot() == before
    assert second.of("SendMessage") == [] and tc.INTERNAL_ERROR not in second.alerts
    return first, second
