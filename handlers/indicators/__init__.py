"""`/indicators`: the strategy's monitoring indicators for admins, recording values, XLSX, charts."""

from __future__ import annotations

from aiogram import Router

from handlers.indicators import context, overview, recording


def create_router() -> Router:
    router = Router(name="indicators")
    context.install(router)
    router.include_routers(overview.create_router(), recording.create_router())
    return router
