"""Runs the real `python -m bot` as a child process against the fake Bot API.

Usable from tests (see the fixtures in `tests/e2e/conftest.py`) and from
`bench/` scripts:

    async with FakeBotAPI() as fake:
        proc = BotProcess(bot_env(db_url, fake), log_dir=tmp).start()
        try:
            await proc.wait_polling(fake)
            ...
        finally:
            await proc.stop()
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TypeVar

from core.settings import Settings
from tests.support.fake_bot_api import FakeBotAPI

REPO_ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")


def bot_env(database_url: str, fake: FakeBotAPI, *, admin_ids: str = "", **overrides: str) -> dict[str, str]:
    """The environment of a bot process: every setting that matters is explicit (no `.env` surprises)."""
    env = {
        "BOT_TOKEN": fake.token,
        "DATABASE_URL": database_url,
        "TELEGRAM_API_BASE": fake.base_url,
        "ADMIN_IDS": admin_ids,
        "REDIS_URL": "",
        "WEBHOOK_URL": "",
        "WORKER_POLL_SECONDS": "0.2",
        "LOG_LEVEL": "INFO",
        "TIMEZONE": "Europe/Kyiv",
        # The consent's wording depends on these: the defaults, whatever a developer's `.env` says.
        "PRIVACY_CONTACT": "",
        "RETENTION_YEARS": str(Settings.model_fields["retention_years"].default),
        "BACKUP_KEEP_DAYS": str(Settings.model_fields["backup_keep_days"].default),
    }
    env.update({key.upper(): str(value) for key, value in overrides.items()})
    return env


class BotProcess:
    """One `python -m bot` child (or `python -m <module>`); its stdout and stderr go to files under `log_dir`."""

    def __init__(
        self,
        env: Mapping[str, str | None],
        *,
        log_dir: Path,
        name: str = "bot",
        args: tuple[str, ...] = (),
        cwd: Path = REPO_ROOT,
        module: str = "bot",
    ) -> None:
        self.env = dict(env)
        self.module = module  # benches run a bare aiogram bot the same way
        self.name = name
        self.args = args
        self.cwd = cwd
        self.stdout_path = log_dir / f"{name}.stdout.log"
        self.stderr_path = log_dir / f"{name}.stderr.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0  # time.monotonic(), comparable with the fake's request times

    def start(self) -> BotProcess:
        merged = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        env = {key: value for key, value in merged.items() if value is not None}  # None: unset it
        self.started_at = time.monotonic()
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", self.module, *self.args], cwd=self.cwd, env=env, stdout=out, stderr=err
            )
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    @property
    def returncode(self) -> int | None:
        return None if self.proc is None else self.proc.poll()

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    @property
    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.stderr.splitlines()[-lines:])

    async def wait_exit(self, timeout: float = 30.0) -> int:
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} still runs after {timeout} s; stderr:\n{self.tail()}")
            await asyncio.sleep(0.05)
        return self.proc.returncode

    async def wait_polling(self, fake: FakeBotAPI, timeout: float = 90.0) -> None:
        """Until this process (started after `started_at`) long-polls the fake; fails early if it died."""
        deadline = time.monotonic() + timeout
        while True:
            if any(
                r.method == "getUpdates" and r.at >= self.started_at and float(r.params.get("timeout") or 0) > 0
                for r in fake.requests
            ):
                return
            if not self.running:
                raise AssertionError(f"{self.name} exited with {self.returncode} before polling:\n{self.tail()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} did not start polling in {timeout} s:\n{self.tail()}")
            await asyncio.sleep(0.05)

    def send_signal(self, sig: int) -> None:
        if self.running:
            assert self.proc is not None
            self.proc.send_signal(sig)

    async def stop(self, timeout: float = 20.0) -> int:
        """SIGTERM (a graceful stop), then SIGKILL if it hangs. Returns the exit code."""
        if self.proc is None:
            return 0
        self.send_signal(signal.SIGTERM)
        try:
            return await self.wait_exit(timeout)
        except AssertionError:
            return await self.kill()

    async def kill(self) -> int:
        """SIGKILL: a crash, nothing is cleaned up."""
        if self.proc is None:
            return 0
        self.send_signal(signal.SIGKILL)
        return await self.wait_exit(10)


async def eventually(check: Callable[[], Awaitable[T | None]], timeout: float = 15.0, what: str = "") -> T:
    """Re-runs an async `check` (e.g. a database query) until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or check}; last value {value!r}")
        await asyncio.sleep(0.1)
