"""Newsletters: subscriptions, /news, composing (/newsletter), cancelling and the admins' list."""

from __future__ import annotations

from aiogram import Router

from bot.middlewares.actor import ActorMiddleware
from handlers.newsletters import compose, manage, news, subscriptions


def create_router() -> Router:
    router = Router(name="newsletters")
    router.include_router(subscriptions.create_router())
    router.include_router(news.create_router())
    # Authors and admins act as users.id (an ADMIN_IDS admin without a profile gets a bare row).
    authors = Router(name="newsletters_authors")
    authors.message.middleware(ActorMiddleware())
    authors.callback_query.middleware(ActorMiddleware())
    authors.include_router(compose.create_router())
    authors.include_router(manage.create_router())
    router.include_router(authors)
    return router
