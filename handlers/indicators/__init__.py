"""`/indicators`: the strategy's monitoring indicators for admins, recording values, XLSX, charts."""

from __future__ import annotations

from aiogram import Router

from handlers.indicators import record, view


def create_router() -> Router:
    router = Router(name="indicators")
    router.include_routers(view.create_router(), record.create_router())
    return router
