"""Reading and validating one data file of `knowledge/data/` (shared by the loaders)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

DATA_DIR = Path(__file__).with_name("data")

Model = TypeVar("Model", bound=BaseModel)


class KnowledgeError(Exception):
    pass


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise KnowledgeError(f"{path}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{path}: {exc}") from exc


def validate(path: Path, model: type[Model], raw: dict[str, Any]) -> Model:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise KnowledgeError(f"{path.name}: {where}: {first['msg']}") from exc
