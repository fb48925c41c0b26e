"""Fixtures for end-to-end tests: a fake Bot API server and real `python -m bot` processes.

    async def test_x(fake_api, start_bot, session_pool):
        bot = await start_bot()                 # polls the fake; stopped after the test
        official = fake_api.user(5001)
        official.send("/start")
        await official.expect(texts.CONSENT_QUESTION)

`start_bot(wait=False, **env)` returns before the bot polls (e.g. while the API is down);
extra keyword arguments become environment variables (`worker_poll_seconds=0.5`).
The database is the test's `db_url` (a SQLite copy or the run's PostgreSQL database),
so `session_pool` reads what the bot wrote. The bot commits after a handler has
replied: poll the database with `harness.eventually` rather than reading it the
moment a reply arrives. On failure the bots' stderr is printed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ADMIN_ID
from tests.e2e.harness import BotProcess, bot_env
from tests.support.fake_bot_api import FakeBotAPI

StartBot = Callable[..., Awaitable[BotProcess]]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Marks tests here `e2e`; drops the PostgreSQL run of tests marked `sqlite_only`
    and the SQLite run of tests marked `postgres_only`.

    A bot process costs seconds to start, so e2e tests whose subject does not depend
    on the database backend run once.
    """
    deselected = []
    for item in items:
        if "/e2e/" not in str(item.path).replace("\\", "/"):
            continue
        item.add_marker(pytest.mark.e2e)
        params = getattr(item, "callspec", None)
        backend = params.params.get("db_backend") if params else None
        if (item.get_closest_marker("sqlite_only") and backend == "postgres") or (
            item.get_closest_marker("postgres_only") and backend == "sqlite"
        ):
            deselected.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in deselected]


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        yield fake


@pytest.fixture
def e2e_env(db_url: str, fake_api: FakeBotAPI) -> dict[str, str]:
    return bot_env(db_url, fake_api, admin_ids=str(ADMIN_ID))


@pytest.fixture
async def start_bot(
    e2e_env: dict[str, str], fake_api: FakeBotAPI, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[StartBot]:
    started: list[BotProcess] = []

    async def start(*, wait: bool = True, args: tuple[str, ...] = (), **env: Any) -> BotProcess:
        overrides = {key.upper(): str(value) for key, value in env.items()}
        proc = BotProcess({**e2e_env, **overrides}, log_dir=tmp_path, name=f"bot{len(started) + 1}", args=args)
        started.append(proc.start())
        if wait:
            await proc.wait_polling(fake_api)
        return proc

    try:
        yield start
    finally:
        for proc in started:
            await proc.stop()
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            for proc in started:
                print(f"----- {proc.name} (exit {proc.returncode}) stderr -----\n{proc.stderr}")
