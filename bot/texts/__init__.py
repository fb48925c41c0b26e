"""All UI texts, Ukrainian, one module per feature.

Handlers and services import from here; tests compare against these constants.
A translation is a new set of modules, not a hunt through handlers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.errors import DomainError

# Feature text modules that may declare `ERRORS` (refusal class -> template); see bot/views/errors.py.
FEATURES = (
    "answers",
    "common",
    "hotline",
    "exports",
    "indicators",
    "newsletters",
    "ops",
    "privacy",
    "registration",
    "staff",
    "trainings",
)


def feature_error_texts() -> Iterator[Mapping[type[DomainError], str]]:
    for name in FEATURES:
        module = import_module(f"bot.texts.{name}")
        errors: Mapping[type[DomainError], str] | None = getattr(module, "ERRORS", None)
        if errors:
            yield errors
