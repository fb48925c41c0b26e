"""Renders a notice (`core.notices.Notice`, stored as an outbox row) into the Bot API call that delivers it.

Each feature's view module declares `NOTICES: dict[type[Notice], Callable[[notice], TelegramMethod]]`;
`tests/` checks that every notice kind a service can queue has a renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cache
from importlib import import_module
from typing import Any

from aiogram.methods import TelegramMethod

from core.notices import Notice

# View modules that may declare `NOTICES`.
FEATURE_VIEWS: tuple[str, ...] = ("hotline", "trainings", "staff", "privacy")

Renderer = Callable[[Any], TelegramMethod[Any]]


def _feature_renderers() -> Iterator[Mapping[type[Notice], Renderer]]:
    for name in FEATURE_VIEWS:
        renderers: Mapping[type[Notice], Renderer] | None = getattr(import_module(f"bot.views.{name}"), "NOTICES", None)
        if renderers:
            yield renderers


@cache
def renderers() -> dict[type[Notice], Renderer]:
    merged: dict[type[Notice], Renderer] = {}
    for feature in _feature_renderers():
        merged.update(feature)
    return merged


def render_notice(chat_id: int, params: Mapping[str, Any], message_id: int | None = None) -> TelegramMethod[Any]:
    """The outbox row's params (`{"kind", "data"}`) as the call to make.

    `message_id`: the message an `EditNotice` replaces (the outbox knows it when it sends).
    """
    renderers()  # imports the feature views, which import their notice classes
    data = dict(params["data"])
    if message_id is not None:
        data["message_id"] = message_id
    notice = Notice.restore(str(params["kind"]), chat_id, data)
    render = renderers().get(type(notice))
    if render is None:
        raise KeyError(f"no view renders {notice.kind()}")
    return render(notice)
