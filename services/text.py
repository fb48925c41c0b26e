"""Text helpers: HTML escaping and splitting to Telegram's limits."""

from __future__ import annotations

from html import escape

# Telegram counts lengths in UTF-16 code units (an emoji outside the BMP counts 2), not characters.
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
ALERT_LIMIT = 200  # answerCallbackQuery text


def tg_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _prefix_chars(text: str, units: int) -> int:
    """How many characters of `text` fit in `units` UTF-16 code units."""
    if len(text) * 2 <= units or tg_len(text) <= units:
        return len(text)
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > units:
            return index
    return len(text)


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
    while tg_len(rest) > current_limit:
        fit = _prefix_chars(rest, current_limit)
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = rest.rfind(sep, 0, fit)
            if cut > 0:
                break
        if cut <= 0:
            cut = fit
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
    """One line of at most `limit` units: whitespace (line breaks too) collapsed, cut with "…" (a list item, an
    alert). A whole message's field keeps its line breaks: `trim`."""
    text = " ".join(text.split())
    return text if tg_len(text) <= limit else text[: _prefix_chars(text, limit - 1)].rstrip() + "…"


def trim(text: str, limit: int) -> str:
    """`text` as it is (line breaks kept) if it fits `limit` units, else cut at a word boundary with "…"."""
    if tg_len(text) <= limit:
        return text
    fit = _prefix_chars(text, max(limit - 1, 0))
    cut = max(text.rfind(" ", 0, fit + 1), text.rfind("\n", 0, fit + 1))
    if cut < fit // 2:  # no boundary in the second half: a hard cut loses less
        cut = fit
    return text[:cut].rstrip() + "…"
