"""Filters for routers (services check roles again for callback actions), and how every filter runs.

aiogram runs a filter that is a plain function (a magic filter such as `F.text`, a `State`, a lambda) in a
worker thread (`asyncio.to_thread`, aiogram 3.x `CallableObject.call`). Ours are microsecond checks of the
event with no I/O, and a text that no earlier router claims is checked by ~30 of them: that many thread hops
were half of the update's CPU, and in a burst they queued in the default executor behind the dictionary's and
the sentence model's work. `inline_sync_filters` makes each one a coroutine, so it runs on the event loop; the
factory applies it to the whole router tree, and a test checks that no filter is left to a thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.filters import Filter
from aiogram.types import TelegramObject

from storage.models import Role


class RoleFilter(Filter):
    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles)

    async def __call__(self, event: TelegramObject, role: Role | None = None, **_: Any) -> bool:
        return role in self.roles


class Registered(Filter):
    async def __call__(self, event: TelegramObject, user: Any = None, **_: Any) -> bool:
        return user is not None and user.is_registered


def handler_objects(router: Router) -> Iterator[HandlerObject]:
    """Every handler of the router and its sub-routers, and each observer's own (its router-level filters)."""
    for observer in router.observers.values():
        own = getattr(observer, "_handler", None)  # where `router.message.filter(...)` keeps its filters
        if isinstance(own, HandlerObject):
            yield own
        yield from observer.handlers
    for sub_router in router.sub_routers:
        yield from handler_objects(sub_router)


def _on_the_loop(check: Callable[..., Any]) -> Callable[..., Any]:
    async def run(*args: Any, **kwargs: Any) -> Any:
        return check(*args, **kwargs)

    return run


def inline_sync_filters(router: Router) -> int:
    """Makes every plain-function filter of the tree run on the event loop; returns how many there were."""
    changed = 0
    for handler in handler_objects(router):
        for filter_ in handler.filters or ():
            if not filter_.awaitable:
                inline(filter_)
                changed += 1
    return changed


def inline(filter_: FilterObject) -> None:
    # `params` (the names the filter accepts) stay those of the original function: the wrapper passes them on.
    filter_.callback = _on_the_loop(filter_.callback)
    filter_.awaitable = True
