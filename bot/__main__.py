"""`python -m bot` runs the bot; `migrate` only applies migrations; `backup` copies the SQLite database."""

from __future__ import annotations

import gc

if __name__ == "__main__":
    # Start-up allocates ~300k objects that live as long as the process (aiogram's types, SQLAlchemy, the
    # bot's modules), and the collector would walk all of them several times while they are imported (~0.5 s
    # of start-up on two slow cores). It stays off until they are frozen (`main`); imported (tests), nothing.
    gc.disable()

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from bot.app import StartupError, check_database, run_polling
from bot.logs import setup_logging
from core import offload
from core.settings import Settings, describe_settings_error
from knowledge import KnowledgeError, load_knowledge
from storage.backup import BackupError, backup_sqlite, default_target
from storage.db import create_engine
from storage.migrate import upgrade_database

PG_DUMP_HINT = (
    "amu-bot: backup copies a SQLite database only. For PostgreSQL use pg_dump, e.g.\n"
    '  pg_dump --format=custom --file=backups/amu_bot-$(date -u +%Y%m%d-%H%M%S).dump "$PG_URL"\n'
    "(see README, Deployment > Backups)."
)


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        raise StartupError(describe_settings_error(exc)) from exc


async def migrate(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    try:
        await check_database(engine)
        await upgrade_database(engine)
    finally:
        await engine.dispose()
    print("Migrations applied.")


def backup(settings: Settings, output: Path | None) -> int:
    source = settings.sqlite_path
    if source is None:
        print(PG_DUMP_HINT, file=sys.stderr)
        return 2
    target = output or default_target(source, datetime.now(UTC))
    try:
        backup_sqlite(source, target)
    except BackupError as exc:
        raise StartupError(str(exc)) from exc
    print(f"Backup written to {target}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="AMU Telegram bot")
    parser.add_argument("command", nargs="?", default="run", choices=["run", "migrate", "backup"])
    parser.add_argument("--output", type=Path, help="backup: the file to write (default: backups/<name>-<UTC time>)")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        setup_logging(settings.log_level, settings.log_format)
        if args.command != "run":
            gc.enable()
        if args.command == "migrate":
            asyncio.run(migrate(settings))
            return 0
        if args.command == "backup":
            return backup(settings, args.output)
        knowledge = load_knowledge()
        # What is loaded by now (aiogram's types, SQLAlchemy, pydantic: ~250k objects) lives as long as the
        # process. Frozen, the collector never scans it again: a full collection of it stalls the event loop
        # for 0.2-0.8 s, and a burst of updates triggers several.
        gc.collect()  # once, what the imports left (the collector was off): frozen garbage would never go
        gc.freeze()
        gc.enable()
        if settings.webhook_url:
            from bot.webhook import run_webhook  # aiohttp's web server, for webhook mode only

            asyncio.run(run_webhook(settings, knowledge))
        else:
            asyncio.run(run_polling(settings, knowledge))
    except (StartupError, KnowledgeError) as exc:
        print(f"amu-bot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    finally:
        offload.shutdown()  # the worker processes for charts and spreadsheets, if any were started
    return 0


if __name__ == "__main__":
    sys.exit(main())
