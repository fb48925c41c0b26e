"""What registration shows once it is done."""

from __future__ import annotations

from aiogram.utils.text_decorations import html_decoration as hd

from bot.texts import registration as t
from storage.models import User


def registered(user: User) -> str:
    return t.REGISTERED.format(name=hd.quote(user.full_name))
