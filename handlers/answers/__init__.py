"""The base of published answers: search and browse (everyone), publishing and lawyers' help (`publish`, `lawyer`)."""

from __future__ import annotations

from typing import Any

from aiogram import Router

from bot.middlewares.feature_context import install_feature_context
from services.answers.base import AnswerBase


def _build(data: dict[str, Any]) -> AnswerBase:
    return AnswerBase(data["session"], data["settings"], data["knowledge"], data["clock"].now())


def install_answers(router: Router) -> None:
    """Inner middleware: the update's `answers` service, built only when a handler of the router matched."""
    install_feature_context(router, "answers", _build)


def create_router() -> Router:
    from handlers.answers import browse, lawyer, publish, templates

    router = Router(name="answers")
    router.include_router(publish.create_router())
    router.include_router(lawyer.create_router())
    router.include_router(templates.create_router())
    router.include_router(browse.create_router())
    return router
