"""The hot line: officials ask (`official`), lawyers answer (`lawyer`), both compose texts (`compose`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aiogram import Bot
from aiogram.methods import TelegramMethod


async def send_replies(bot: Bot, replies: Iterable[TelegramMethod[Any]]) -> None:
    """Sends what a view rendered, in order."""
    for reply in replies:
        await bot(reply)
