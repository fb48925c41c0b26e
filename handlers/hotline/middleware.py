"""Gives the hot line's handlers a ready `Hotline` service for the update."""

from __future__ import annotations

from typing import Any

from aiogram import Router

from bot.middlewares.feature_context import install_feature_context
from services.hotline.consultations import Hotline


def _build(data: dict[str, Any]) -> Hotline:
    return Hotline(data["session"], data["settings"], data["knowledge"], data["clock"].now())


def install_hotline(router: Router) -> None:
    """Inner middleware: built only when one of the router's handlers matched."""
    install_feature_context(router, "hotline", _build)
