"""The one place where a refusal (`core.errors.DomainError`) becomes Ukrainian text.

Each feature lists its refusals in `bot/texts/<feature>.py` as
`ERRORS: dict[type[DomainError], str]`, templates formatted with the refusal's
fields (user-provided values are escaped here). A refusal without its own text
uses the text of its nearest registered base class, then the generic one of
its kind; `tests/` checks that every refusal a service can raise has a text.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from aiogram.utils.text_decorations import html_decoration as hd

from core.errors import AccessDenied, Conflict, DomainError, InvalidInput, NotFound

GENERIC: Mapping[type[DomainError], str] = {
    AccessDenied: "Ця дія вам недоступна.",
    NotFound: "Не знайдено: можливо, запис уже видалено.",
    Conflict: "Цю дію вже не можна виконати: стан змінився.",
    InvalidInput: "Не вдалося прочитати введене. Спробуйте ще раз.",
    DomainError: "Цю дію не можна виконати.",
}


@cache
def registry() -> dict[type[DomainError], str]:
    """Every feature's refusal texts (imported on first use: texts modules are plain constants)."""
    from bot.texts import feature_error_texts

    merged: dict[type[DomainError], str] = dict(GENERIC)
    for texts in feature_error_texts():
        merged.update(texts)
    return merged


def _safe(value: Any) -> Any:
    return hd.quote(value) if isinstance(value, str) else value


def error_text(exc: DomainError) -> str:
    if exc.message is not None:  # transitional: a refusal raised with a ready sentence
        return exc.message
    texts = registry()
    for cls in type(exc).__mro__:
        template = texts.get(cls)
        if template is not None:
            return template.format(**{k: _safe(v) for k, v in exc.params.items()})
    return GENERIC[DomainError]
