"""Settings from the environment and `.env` (pydantic-settings)."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/amu_bot.sqlite3"
TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False)

    bot_token: SecretStr
    database_url: str = DEFAULT_DATABASE_URL
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    telegram_api_base: str | None = None
    redis_url: str | None = None
    timezone: str = "Europe/Kyiv"

    # Hot line
    answer_due_working_days: int = Field(default=3, ge=1, le=60)
    auto_close_days: int = Field(default=7, ge=1, le=365)
    # Overdue consultations remind the lawyer at the deadline and the admins this much later.
    admin_escalation_hours: int = Field(default=24, ge=1, le=24 * 30)

    # Sending: the global rate of every message the bot sends (newsletters, the outbox), across instances
    newsletter_rate_per_second: float = Field(default=25.0, gt=0, le=30)
    # Bot API calls the workers keep in flight at once: at 25/s and a 300 ms round trip about 8 are needed.
    send_concurrency: int = Field(default=20, ge=1, le=100)
    # Updates handled at once (long polling and webhook); the next wait their turn. In a burst most of them wait
    # for Telegram's rate with their objects alive, and every full garbage collection walks them all.
    update_concurrency: int = Field(default=32, ge=1, le=1000)

    # Personal data: how to reach the association about it (shown in the consent text), and how many
    # years after closing a consultation its texts, names and files are removed.
    privacy_contact: str = ""
    retention_years: int = Field(default=5, ge=1, le=75)
    # How long backups are kept (the cron line of README's "Backups" deletes older ones); told in the consent.
    backup_keep_days: int = Field(default=30, ge=1, le=3650)

    # Workers
    worker_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    workers_enabled: bool = True
    # How long a claimed row stays with an instance; a dead instance's rows are taken over after it.
    worker_lease_seconds: float = Field(default=120.0, ge=1, le=3600)

    # Webhook mode (long polling when WEBHOOK_URL is empty)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = 8080
    webhook_path: str = "/webhook"

    # Operations
    error_chat_id: int | None = None
    log_level: str = "INFO"
    log_format: Literal["json", "text"] = "json"
    # Unexpected errors are reported to ERROR_CHAT_ID at most once per type in this many minutes.
    error_report_minutes: int = Field(default=10, ge=1, le=24 * 60)

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not TOKEN_RE.match(value.get_secret_value().strip()):
            raise ValueError("BOT_TOKEN має вигляд 123456789:AA... (токен від @BotFather)")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: object) -> object:
        if isinstance(value, int):
            return frozenset({value})
        if isinstance(value, str):
            parts = [p for p in re.split(r"[,\s;]+", value.strip()) if p]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError as exc:
                raise ValueError("ADMIN_IDS: comma-separated numeric Telegram ids") from exc
        return value

    @field_validator("log_level")
    @classmethod
    def _known_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError("LOG_LEVEL: DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown TIMEZONE {value!r}") from exc
        return value

    @field_validator("telegram_api_base", "redis_url", "webhook_url", "webhook_secret", "error_chat_id", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def error_chat(self) -> int | None:
        """Where error reports go: ERROR_CHAT_ID, else the lowest of ADMIN_IDS."""
        if self.error_chat_id is not None:
            return self.error_chat_id
        return min(self.admin_ids) if self.admin_ids else None

    @property
    def error_report_window(self) -> timedelta:
        return timedelta(minutes=self.error_report_minutes)

    @property
    def retention(self) -> timedelta:
        return timedelta(days=365 * self.retention_years + self.retention_years // 4)

    @property
    def worker_lease(self) -> timedelta:
        return timedelta(seconds=self.worker_lease_seconds)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def sqlite_path(self) -> Path | None:
        """The database file for a file-backed SQLite URL, else None."""
        if not self.database_url.startswith("sqlite"):
            return None
        _, _, rest = self.database_url.partition(":///")
        if not rest or rest.startswith(":memory:"):
            return None
        return Path(rest.split("?", 1)[0])


def describe_settings_error(exc: Exception) -> str:
    """One line for the operator instead of a pydantic traceback."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        parts = []
        for err in errors():
            field = ".".join(str(p) for p in err.get("loc", ())).upper() or "settings"
            if err.get("type") == "missing":
                parts.append(f"{field} is not set")
            else:
                parts.append(f"{field}: {err.get('msg')}")
        return "Configuration error: " + "; ".join(parts)
    return f"Configuration error: {exc}"
