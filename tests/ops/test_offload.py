"""CPU-bound work runs in worker processes: the event loop keeps serving updates meanwhile."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks.exports import ExportCb
from bot.callbacks.indicators import ChartPeriod, IndicatorChartCb, IndicatorsAction, IndicatorsCb
from core import offload
from core.settings import Settings
from services import spreadsheets
from services.indicators import charts, xlsx
from storage.models import Consultation, ConsultationEvent, EventKind
from tests.conftest import ADMIN_ID, make_settings
from tests.support.client import TelegramClient
from tests.support.factories import make_user
from tests.support.offload_helpers import die, fail, traced

OFFICIAL = 640001


@dataclass
class Job:
    func: Callable[..., Any]
    pid: int
    ticks: int  # how often the ticker ran while the job was in flight


class Ticker:
    """Counts event-loop iterations: it runs whenever the loop is free."""

    def __init__(self) -> None:
        self.count = 0
        self.task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(0)
            self.count += 1

    def __enter__(self) -> Ticker:
        self.task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.task is not None
        self.task.cancel()


class TracingPool(offload.OffloadPool):
    """The real pool; each job also reports the process that ran it and the ticks meanwhile."""

    def __init__(self, ticker: Ticker) -> None:
        super().__init__(max_workers=2)
        self.ticker = ticker
        self.jobs: list[Job] = []

    async def run(self, func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        before = self.ticker.count
        pid, result = await super().run(traced, func, *args, **kwargs)
        self.jobs.append(Job(func, pid, self.ticker.count - before))
        return result


@pytest.fixture
async def own_pool() -> AsyncIterator[offload.OffloadPool]:
    pool = offload.OffloadPool(max_workers=1, idle_seconds=0.05)
    yield pool
    pool.shutdown()


async def test_a_job_runs_in_another_process_and_its_errors_come_back(own_pool: offload.OffloadPool) -> None:
    assert not own_pool.started  # nothing runs until the first job
    pid, result = await own_pool.run(traced, pow, 2, 10)
    assert result == 1024 and pid != os.getpid()
    with pytest.raises(ValueError, match="bad cell"):
        await own_pool.run(fail, "bad cell")
    assert await own_pool.run(pow, 3, 2) == 9  # the worker survived the job's error


async def test_a_dead_worker_fails_its_job_and_the_next_job_gets_a_new_pool(own_pool: offload.OffloadPool) -> None:
    from concurrent.futures.process import BrokenProcessPool

    with pytest.raises(BrokenProcessPool):
        await own_pool.run(die)
    assert await own_pool.run(pow, 2, 3) == 8


async def test_idle_workers_stop(own_pool: offload.OffloadPool) -> None:
    await own_pool.run(pow, 2, 2)
    assert own_pool.started
    for _ in range(400):  # idle_seconds is 0.05: waits for the timer, however slow the machine
        if not own_pool.started:
            break
        await asyncio.sleep(0.05)
    assert not own_pool.started
    assert await own_pool.run(pow, 2, 4) == 16  # and start again on demand


@pytest.fixture
def settings(db_url: str) -> Settings:
    # Three admins: one user's updates are handled one at a time, different users' concurrently.
    return make_settings(db_url, admin_ids=",".join(str(ADMIN_ID + i) for i in range(3)))


@pytest.fixture
def ticker_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Ticker, TracingPool]]:
    ticker = Ticker()
    pool = TracingPool(ticker)
    monkeypatch.setattr(offload, "pool", pool)
    yield ticker, pool
    pool.shutdown()


async def test_the_loop_keeps_serving_updates_while_a_chart_and_spreadsheets_are_built(
    client: TelegramClient,
    session_pool: async_sessionmaker[AsyncSession],
    ticker_pool: tuple[Ticker, TracingPool],
) -> None:
    ticker, pool = ticker_pool
    async with session_pool() as session:
        official = await make_user(session, telegram_id=OFFICIAL)
        for day in range(1, 29):
            created = datetime(2026, 2, day, 9, tzinfo=UTC)
            consultation = Consultation(
                official_id=official.id, topic_code="land", question="Питання", created_at=created, due_at=created
            )
            session.add(consultation)
            await session.flush()
            session.add(ConsultationEvent(consultation_id=consultation.id, kind=EventKind.CREATED, created_at=created))
        await session.commit()

    with ticker:
        chart, indicators_xlsx, export, help_ = await asyncio.gather(
            client.click(ADMIN_ID, IndicatorChartCb(code="consultations", by=ChartPeriod.MONTHS, year=2026).pack()),
            client.click(ADMIN_ID + 1, IndicatorsCb(action=IndicatorsAction.XLSX, year=2026).pack()),
            client.click(ADMIN_ID + 2, ExportCb(period="year").pack()),
            client.send(OFFICIAL, "/help"),
        )

    (photo,) = chart.of("SendPhoto")
    assert photo.photo.data.startswith(b"\x89PNG")  # type: ignore[attr-defined]
    assert indicators_xlsx.of("SendDocument") and len(export.of("SendDocument")) == 2
    assert help_.texts
    ran = {job.func: job for job in pool.jobs}
    assert set(ran) == {charts.bar_chart, xlsx.export, spreadsheets.write_tables}
    for job in pool.jobs:
        # Drawn and written in a worker process, while the loop went on running other tasks.
        assert job.pid != os.getpid(), job
        assert job.ticks > 0, job
