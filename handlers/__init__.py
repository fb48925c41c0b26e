"""Routers, one per feature, in the order they are tried.

Each module builds a fresh router (`create_router()`), so every dispatcher
(production, each test) has its own. `cancel` first (it works in any state), the catch-all `fallback` last.
"""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    from bot.forms import interruptions_router, reply_keyboard_texts
    from bot.keyboards.common import main_menu
    from core.roles import Role
    from handlers import (
        answers,
        common,
        domain_errors,
        exports,
        fallback,
        newsletters,
        privacy,
        registration,
        staff,
        status,
        trainings,
    )
    from handlers.hotline import compose as hotline_compose
    from handlers.hotline import lawyer as hotline_lawyer
    from handlers.hotline import official as hotline_official
    from handlers.indicators import create_router as indicators_router

    return [
        domain_errors.create_router(),
        # A command or a menu button in the middle of a multi-step form asks before leaving it.
        interruptions_router(reply_keyboard_texts([main_menu(Role.ADMIN)])),
        hotline_compose.create_interruptions_router(),  # the same for a question or an answer being written
        # Before `common`: /help, /cancel and /start of someone not registered are about registration.
        registration.create_router(),
        # /mydata and /forget work for anyone (registered or not, the consent accepted or not).
        privacy.create_router(),
        common.create_router(),
        staff.create_router(),
        hotline_compose.create_router(),
        hotline_official.create_router(),
        hotline_lawyer.create_router(),
        exports.create_router(),
        # feature routers go here
        trainings.create_router(),
        status.create_router(),
        indicators_router(),
        newsletters.create_router(),
        answers.create_router(),  # before the free text router: a search being typed is not a question
        hotline_official.create_free_text_router(),
        fallback.create_router(),
    ]
