"""Long polling as `python -m bot` starts it: updates handled at once are bounded (UPDATE_CONCURRENCY)."""

from __future__ import annotations

from typing import Any

import pytest

import bot.app as app
from core.settings import Settings
from knowledge import Knowledge
from tests.conftest import FakeClock, make_settings
from tests.support.mocked_bot import MockedBot


async def test_polling_handles_at_most_update_concurrency_updates_at_once(
    db_url: str, knowledge: Knowledge, clock: FakeClock, bot: MockedBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make_settings(db_url, update_concurrency=7)
    asked: dict[str, Any] = {}
    real_build = app.build_runtime

    async def build(settings: Settings, knowledge: Knowledge) -> app.Runtime:
        runtime = await real_build(settings, knowledge, clock, bot=bot)

        async def start_polling(*bots: Any, **kwargs: Any) -> None:  # aiogram's loop is not this test's subject
            asked.update(kwargs)

        monkeypatch.setattr(runtime.dp, "start_polling", start_polling)
        return runtime

    monkeypatch.setattr(app, "build_runtime", build)
    await app.run_polling(settings, knowledge)
    assert asked["tasks_concurrency_limit"] == 7
    assert Settings.model_fields["update_concurrency"].default == 32
