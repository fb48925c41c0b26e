"""Typed loader for `knowledge/data/*.toml`.

A wrong data file raises `KnowledgeError` with the file and the problem, which
`python -m bot` prints as one line before it stops.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from knowledge.files import DATA_DIR, KnowledgeError, read_toml, validate
from knowledge.indicators import IndicatorCatalogue, default_indicator_catalogue, load_indicator_catalogue

__all__ = ["DATA_DIR", "Knowledge", "KnowledgeError", "Region", "Topic", "load_knowledge", "read_toml"]

CODE_PATTERN = r"^[a-z][a-z0-9_]{0,15}$"


class _Item(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=CODE_PATTERN)
    title: str = Field(min_length=1, max_length=60)


class Topic(_Item):
    pass


class Region(_Item):
    pass


def _unique_codes(items: list[Any], what: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.code in seen:
            raise ValueError(f"duplicate {what} code {item.code!r}")
        seen.add(item.code)


class Knowledge(BaseModel):
    model_config = ConfigDict(frozen=True)

    topics: tuple[Topic, ...] = Field(min_length=1)
    regions: tuple[Region, ...] = Field(min_length=1)
    indicators: IndicatorCatalogue = Field(default_factory=default_indicator_catalogue)

    @model_validator(mode="after")
    def _check(self) -> Knowledge:
        _unique_codes(list(self.topics), "topic")
        _unique_codes(list(self.regions), "region")
        return self

    def topic(self, code: str) -> Topic | None:
        return next((t for t in self.topics if t.code == code), None)

    def topic_title(self, code: str | None) -> str:
        topic = self.topic(code or "")
        return topic.title if topic else (code or "—")

    def region(self, code: str) -> Region | None:
        return next((r for r in self.regions if r.code == code), None)

    def region_title(self, code: str | None) -> str:
        region = self.region(code or "")
        return region.title if region else (code or "—")

    @property
    def topic_codes(self) -> frozenset[str]:
        return frozenset(t.code for t in self.topics)


def load_knowledge(data_dir: Path = DATA_DIR) -> Knowledge:
    topics = read_toml(data_dir / "topics.toml").get("topic", [])
    regions = read_toml(data_dir / "regions.toml").get("region", [])
    indicators = load_indicator_catalogue(data_dir)
    return validate(data_dir, Knowledge, {"topics": topics, "regions": regions, "indicators": indicators})


@cache
def default_knowledge() -> Knowledge:
    return load_knowledge()
