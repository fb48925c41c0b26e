"""Heavy libraries are loaded where they are used, not at start-up (memory and time to the first poll)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# Loaded only by the worker processes that draw charts and write spreadsheets, or by Alembic when
# the database needs migrating: ~60 MB and ~0.7 s the bot would otherwise pay at every start.
HEAVY = {"matplotlib", "numpy", "PIL", "openpyxl", "alembic", "mako", "pandas"}
# What a worker process must not load to run a job: the bot's own stack.
BOT_STACK = {"aiogram", "sqlalchemy", "pydantic", "bot", "handlers", "storage", "workers"}


def _loaded(script: str, **env: str) -> set[str]:
    """The top-level packages a fresh interpreter has imported after running `script`."""
    code = (
        textwrap.dedent(script)
        + "\nimport json, sys\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_start_up_loads_no_heavy_library(sqlite_template: Path, tmp_path: Path) -> None:
    # What `python -m bot` does before its first poll, on a database already at its heads.
    database = tmp_path / "bot.sqlite3"
    shutil.copyfile(sqlite_template, database)
    loaded = _loaded(
        """
        import asyncio, os
        import bot.__main__
        from bot.factory import create_dispatcher
        from core.settings import Settings
        from knowledge import load_knowledge
        from storage.db import create_engine, create_session_pool
        from storage.migrate import upgrade_database

        async def start() -> None:
            settings = Settings(_env_file=None, bot_token="123456789:" + "A" * 35, database_url=os.environ["DB"])
            engine = create_engine(settings.database_url)
            await upgrade_database(engine)
            create_dispatcher(settings, create_session_pool(engine), load_knowledge())
            await engine.dispose()

        asyncio.run(start())
        """,
        DB=f"sqlite+aiosqlite:///{database}",
    )
    assert "aiogram" in loaded  # the script did start the bot's code
    assert loaded & HEAVY == set()


def test_a_worker_job_loads_none_of_the_bots_stack() -> None:
    loaded = _loaded("import core.offload, services.spreadsheets, services.indicators.charts")
    assert loaded & BOT_STACK == set()
