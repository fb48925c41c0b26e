"""Webhook mode: aiogram's aiohttp integration behind a reverse proxy.

- POST WEBHOOK_PATH: Telegram's updates. A request without the right
  X-Telegram-Bot-Api-Secret-Token header is refused with 403.
- GET /healthz: 200 when the database answers, 503 otherwise (for the load balancer).
- setWebhook at start (with the secret and the update types the dispatcher uses);
  it is never deleted at shutdown, since other instances keep serving it.
- On SIGTERM the listener closes first, then the updates in flight are finished,
  then the workers stop.
"""

from __future__ import annotations

import asyncio
import logging
import re
import signal
from typing import Any

from aiogram import Bot
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from sqlalchemy import text

from bot.app import (
    Runtime,
    StartupError,
    begin_running,
    build_runtime,
    publish_commands,
    shutdown,
    start_workers,
    wait_for_telegram,
)
from core.settings import Settings
from knowledge import Knowledge

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts as secret_token
HEALTH_TIMEOUT = 5.0
DRAIN_TIMEOUT = 30.0
RUNTIME_KEY = web.AppKey("runtime", Runtime)


class SecretWebhookHandler(SimpleRequestHandler):
    """Checks the secret header before anything else; handles at most `concurrency` updates at once (as
    polling does with `UPDATE_CONCURRENCY`: Telegram is answered at once, the rest wait their turn); on
    shutdown waits for the updates in flight."""

    def __init__(self, *args: Any, concurrency: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._slots = asyncio.Semaphore(concurrency)

    async def _background_feed_update(self, bot: Bot, update: dict[str, Any]) -> None:
        async with self._slots:
            await super()._background_feed_update(bot, update)

    async def handle(self, request: web.Request) -> web.Response:
        if not self.verify_secret(request.headers.get(SECRET_HEADER, ""), self.bot):
            log.warning("webhook request refused: wrong or missing secret", extra={"peer": request.remote})
            return web.Response(status=403, text="Forbidden")
        return await super().handle(request)

    async def drain(self, timeout: float = DRAIN_TIMEOUT) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._background_feed_update_tasks and loop.time() < deadline:
            await asyncio.wait(set(self._background_feed_update_tasks), timeout=deadline - loop.time())
        if self._background_feed_update_tasks:
            log.warning("%d updates still running at shutdown", len(self._background_feed_update_tasks))

    async def close(self) -> None:
        # The base class closes the bot session here; the workers still need it, shutdown() closes it.
        await self.drain()


HANDLER_KEY = web.AppKey("webhook_handler", SecretWebhookHandler)


def webhook_secret(settings: Settings) -> str:
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    if not SECRET_RE.match(secret):
        raise StartupError("WEBHOOK_SECRET is required in webhook mode: 1-256 characters A-Z, a-z, 0-9, _ and -")
    return secret


async def healthz(request: web.Request) -> web.Response:
    engine = request.app[RUNTIME_KEY].engine
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT), engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error or a timeout: not healthy
        log.warning("health check: database unreachable: %s", exc)
        return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)
    return web.json_response({"status": "ok", "database": "ok"})


def create_webhook_app(runtime: Runtime) -> web.Application:
    app = web.Application()
    app[RUNTIME_KEY] = runtime
    handler = SecretWebhookHandler(
        runtime.dp,
        runtime.bot,
        secret_token=webhook_secret(runtime.settings),
        concurrency=runtime.settings.update_concurrency,
    )
    handler.register(app, path=runtime.settings.webhook_path)
    app.router.add_get("/healthz", healthz)
    app[HANDLER_KEY] = handler
    setup_application(app, runtime.dp, bot=runtime.bot)
    return app


async def set_webhook(runtime: Runtime) -> None:
    settings = runtime.settings
    assert settings.webhook_url is not None
    await runtime.bot.set_webhook(
        url=settings.webhook_url,
        secret_token=webhook_secret(settings),
        allowed_updates=runtime.dp.resolve_used_update_types(),
        drop_pending_updates=False,
    )
    log.info("webhook set to %s", settings.webhook_url)


async def run_webhook(settings: Settings, knowledge: Knowledge) -> None:
    webhook_secret(settings)  # fail before touching the database
    runtime = await build_runtime(settings, knowledge)
    begin_running(runtime)
    app = create_webhook_app(runtime)
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    try:
        await wait_for_telegram(runtime.bot, runtime.stop)
        await publish_commands(runtime)
        await runner.setup()
        await web.TCPSite(runner, settings.webhook_host, settings.webhook_port).start()
        log.info("listening on %s:%s%s", settings.webhook_host, settings.webhook_port, settings.webhook_path)
        await set_webhook(runtime)
        start_workers(runtime)
        await stopping.wait()
        log.info("stopping: finishing the updates in flight")
    finally:
        if runner.server is not None:
            await runner.cleanup()  # closes the listener, runs on_shutdown (drain), waits for open requests
        await app[HANDLER_KEY].drain()  # updates accepted while the requests were finishing
        await shutdown(runtime)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
