"""Trainings: the officials' catalogue and sign-up, and the admins' tools and form."""

from __future__ import annotations

from aiogram import Router

from handlers.trainings import admin, official, screens


def create_router() -> Router:
    router = Router(name="trainings_feature")
    screens.install(router)
    router.include_routers(official.create_router(), admin.create_router())
    return router
