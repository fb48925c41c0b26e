"""The bench scripts still fit the code: each imports (their names come from the modules they measure)."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.mark.parametrize("name", sorted(p.stem for p in BENCH.glob("*.py")))
def test_the_bench_script_imports(name: str) -> None:
    module = import_module(f"bench.{name}")
    assert module.__doc__, f"bench/{name}.py: say in its docstring what it measures and how to run it"
