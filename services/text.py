"""Text helpers: HTML escaping and splitting to Telegram's limits."""

from __future__ import annotations

from html import escape

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024


def quote(text: str | None) -> str:
    """User text for HTML parse mode."""
    return escape(text or "", quote=False)


def split_text(text: str, limit: int = MESSAGE_LIMIT, first_limit: int | None = None) -> list[str]:
    """Splits at paragraph, line or word boundaries so each part fits `limit`.

    Escaped HTML stays intact because an entity like `&amp;` has no spaces; a
    single word longer than the limit is cut hard.
    """
    parts: list[str] = []
    rest = text
    current_limit = first_limit if first_limit is not None else limit
    while len(rest) > current_limit:
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = rest.rfind(sep, 0, current_limit)
            if cut > 0:
                break
        if cut <= 0:
            cut = current_limit
            # never cut inside an HTML entity
            amp = rest.rfind("&", max(0, cut - 10), cut)
            if amp != -1 and ";" not in rest[amp:cut]:
                cut = amp
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
        current_limit = limit
    if rest or not parts:
        parts.append(rest)
    return parts


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
