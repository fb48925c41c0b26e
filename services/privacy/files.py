"""The files of /mydata and of the access log, written in a worker process (`core.offload`).

Only the standard library and `services.spreadsheets` here: a worker imports this module.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from services.spreadsheets import Row, Sheet, xlsx


def mydata_files(document: dict[str, Any], sheets: Sequence[Sheet]) -> tuple[bytes, bytes]:
    """(JSON, XLSX) of one person's data."""
    as_json = json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    return as_json, xlsx(sheets)


def audit_file(title: str, header: Sequence[str], rows: Sequence[Row]) -> bytes:
    return xlsx([Sheet(title, header, rows)])
