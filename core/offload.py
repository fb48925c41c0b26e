"""CPU-bound work (charts, spreadsheets) in a few worker processes, so the event loop never waits for it.

A thread is not enough: matplotlib's rendering and openpyxl's reading and
writing hold the GIL for tens of milliseconds at a time, and every update
waits that long (measured with a 1 ms ticker: stalls up to 67 ms from a
thread, under 10 ms from a process; the loop must never stall for 50 ms).

The pool starts with the first job (a bot that is never asked for a chart has
no extra process), keeps at most `MAX_WORKERS` processes, and stops after
`IDLE_SECONDS` without jobs and with the bot (`shutdown`). Workers are spawned,
not forked: a fork of the running bot would copy its threads' locks and its
memory. A job is a module-level function of plain, picklable data; its module
is imported in the worker, so it must not import aiogram, SQLAlchemy or the
bot's packages (the worker would load them all). A script that runs jobs
needs the `if __name__ == "__main__":` guard: a spawned worker imports the
script (not `python -m bot`'s `__main__`, nor pytest's).
"""

from __future__ import annotations

import asyncio
import functools
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TYPE_CHECKING, ParamSpec, TypeVar

if TYPE_CHECKING:  # multiprocessing and the process pool are imported with the first job (~0.5 MB at rest)
    import multiprocessing.process
    from concurrent.futures import ProcessPoolExecutor

P = ParamSpec("P")
T = TypeVar("T")

MAX_WORKERS = min(2, os.cpu_count() or 1)
IDLE_SECONDS = 300.0


def _init_worker() -> None:
    # The bot decides when its workers stop: Ctrl-C or systemd's SIGTERM to the whole group
    # must not kill a job the bot is still waiting for (the bot shuts the pool down itself).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is not None:
        # ...but a worker must not outlive a bot that was killed (SIGKILL, OOM): it would wait for jobs forever.
        threading.Thread(target=_exit_with, args=(parent,), name="parent-watch", daemon=True).start()


def _exit_with(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()
    os._exit(0)


class OffloadPool:
    def __init__(self, max_workers: int = MAX_WORKERS, idle_seconds: float = IDLE_SECONDS) -> None:
        self.max_workers = max_workers
        self.idle_seconds = idle_seconds
        self._executor: ProcessPoolExecutor | None = None
        self._running = 0
        self._idle_timer: asyncio.TimerHandle | None = None

    @property
    def started(self) -> bool:
        return self._executor is not None

    def executor(self) -> Executor:
        if self._executor is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._executor = ProcessPoolExecutor(
                self.max_workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker
            )
        return self._executor

    async def run(self, func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """`func(*args, **kwargs)` in a worker process; the caller's task waits, the loop does not."""
        loop = asyncio.get_running_loop()
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        executor = self.executor()
        from concurrent.futures.process import BrokenProcessPool  # imported with the pool, by `executor()`

        self._running += 1
        try:
            return await loop.run_in_executor(executor, functools.partial(func, *args, **kwargs))
        except BrokenProcessPool:
            # A worker died (killed, out of memory): this job is lost, the next one gets a fresh pool.
            if self._executor is executor:
                self._executor = None
            executor.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            self._running -= 1
            if self._running == 0 and self._executor is not None:
                self._idle_timer = loop.call_later(self.idle_seconds, self._stop_idle)

    def _stop_idle(self) -> None:
        self._idle_timer = None
        if self._running == 0 and self._executor is not None:
            # Frees the workers' memory (matplotlib and openpyxl loaded) while nobody asks for files.
            self._executor.shutdown(wait=False)
            self._executor = None

    def shutdown(self) -> None:
        """Stops the workers (jobs not started yet are dropped); the next job starts a new pool."""
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


# The bot's one pool; nothing starts until the first job.
pool = OffloadPool()


async def run(func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    return await pool.run(func, *args, **kwargs)


def shutdown() -> None:
    pool.shutdown()
