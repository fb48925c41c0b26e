"""`python -m bot` runs the bot; `python -m bot migrate` only applies migrations."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from pydantic import ValidationError

from bot.app import StartupError, check_database, run_polling
from bot.config import Settings, describe_settings_error
from knowledge import KnowledgeError, load_knowledge
from storage.db import create_engine
from storage.migrate import upgrade_database


def load_settings() -> Settings:
    try:
        return Settings()  # type: ignore[call-arg]
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="AMU Telegram bot")
    parser.add_argument("command", nargs="?", default="run", choices=["run", "migrate"])
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        logging.basicConfig(
            level=settings.log_level.upper(),
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
        if args.command == "migrate":
            asyncio.run(migrate(settings))
            return 0
        knowledge = load_knowledge()
        asyncio.run(run_polling(settings, knowledge))
    except (StartupError, KnowledgeError) as exc:
        print(f"amu-bot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
