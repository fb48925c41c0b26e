"""Jobs for `core.offload` tests: module-level, so a worker process can import them (and nothing heavy)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any


def traced(func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> tuple[int, Any]:
    """The id of the process that ran `func`, and its result."""
    return os.getpid(), func(*args, **kwargs)


def die() -> None:
    os._exit(3)  # a worker killed mid-job (out of memory, a crash in C code)


def fail(message: str) -> None:
    raise ValueError(message)
