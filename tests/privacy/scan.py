"""Every value of every table (found through SQLAlchemy's metadata), searched for strings that must be gone."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from storage.models import Base


def _as_text(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)  # JSON columns: as the words, not \\u escapes
    return "" if value is None else str(value)


async def traces(session_pool: Any, secrets: list[str]) -> list[str]:
    """`table.column: secret` for every place a secret is found."""
    found: list[str] = []
    async with session_pool() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).mappings():
                for column, value in row.items():
                    text = _as_text(value)
                    found.extend(f"{table.name}.{column}: {secret}" for secret in secrets if secret in text)
    return found
