"""Telegram's HTML parse mode, as the fake Bot API needs it: text in, (plain text, entities) out.

Telegram accepts a fixed set of tags and only the entities `&lt;`, `&gt;`, `&amp;`, `&quot;` and numeric ones; any
other tag, an unclosed or stray one, answers 400 "can't parse entities". Offsets and lengths count UTF-16 code
units, as the Bot API's do. The fake refuses what Telegram refuses (so unescaped user text fails a test, as it would
fail in production) and returns what Telegram returns (so `message.html_text` rebuilds the sent HTML).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);")
TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?>")


class ParseError(ValueError):
    """What Telegram says after "Bad Request: can't parse entities: "."""


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.length = 0  # UTF-16 units so far
        self.open: list[tuple[str, int, dict[str, Any]]] = []
        self.entities: list[dict[str, Any]] = []

    def _add(self, text: str) -> None:
        self.parts.append(text)
        self.length += _utf16(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a":
            href = values.get("href")
            if not href:
                raise ParseError(f"Can't find end of the entity starting at byte offset {self.length}")
            entity: dict[str, Any] = {"type": "text_link", "url": href}
        elif tag == "span" and values.get("class") == "tg-spoiler":
            entity = {"type": "spoiler"}
        elif tag in SIMPLE_TAGS:
            entity = {"type": SIMPLE_TAGS[tag]}
            if tag == "blockquote" and "expandable" in values:
                entity["type"] = "expandable_blockquote"
            if tag == "code" and self.open and self.open[-1][0] == "pre" and values.get("class"):
                self.open[-1][2]["language"] = str(values["class"]).removeprefix("language-")
                entity = {"type": "_merged"}
        else:
            raise ParseError(f'Unsupported start tag "{tag}" at byte offset {self.length}')
        self.open.append((tag, self.length, entity))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            raise ParseError(f"Unexpected end tag at byte offset {self.length}")
        _, start, entity = self.open.pop()
        if entity["type"] != "_merged" and self.length > start:
            self.entities.append({**entity, "offset": start, "length": self.length - start})

    def handle_data(self, data: str) -> None:
        self._add(data)

    def handle_entityref(self, name: str) -> None:
        if name not in NAMED_ENTITIES:
            raise ParseError(f'Unsupported HTML entity "&{name};"')
        self._add(NAMED_ENTITIES[name])

    def handle_charref(self, name: str) -> None:
        self._add(chr(int(name[1:], 16) if name.lower().startswith("x") else int(name)))


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """(plain text, entities) as Telegram makes them from `text` sent with parse_mode HTML; ParseError as it refuses."""
    # A bare "&" or "<" that starts no entity or tag is an error for Telegram; html.parser would keep it as text.
    for match in re.finditer(r"&", text):
        if not ENTITY.match(text, match.start()):
            raise ParseError(f"Character '&' is reserved and must be escaped at byte offset {match.start()}")
    for match in re.finditer(r"<", text):
        if not TAG.match(text, match.start()):
            raise ParseError(f"Unsupported start tag at byte offset {match.start()}")
    parser = _Parser()
    parser.feed(text)
    parser.close()
    if parser.open:
        raise ParseError(f"Can't find end tag corresponding to start tag {parser.open[-1][0]}")
    entities = sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))
    return "".join(parser.parts), entities
