"""The operations settings: .env.example loads as it is, empty values mean "not set"."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings

ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def test_env_example_loads_with_polling_defaults() -> None:
    settings = Settings(_env_file=ENV_EXAMPLE)  # type: ignore[call-arg]
    assert settings.webhook_url is None and settings.webhook_secret is None
    assert settings.error_chat_id is None and settings.error_chat is None
    assert settings.log_format == "json"
    assert settings.worker_lease.total_seconds() == 120


def test_error_chat_defaults_to_the_lowest_admin() -> None:
    settings = Settings(_env_file=None, bot_token="123456:" + "A" * 32, admin_ids="900002, 900001")  # type: ignore[call-arg]
    assert settings.error_chat == 900001
    settings = Settings(_env_file=None, bot_token="123456:" + "A" * 32, admin_ids="900002", error_chat_id="-1001")  # type: ignore[call-arg]
    assert settings.error_chat == -1001


def test_log_level_is_checked() -> None:
    from pydantic import ValidationError

    assert Settings(_env_file=None, bot_token="123456:" + "A" * 32, log_level="debug").log_level == "DEBUG"  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="LOG_LEVEL"):
        Settings(_env_file=None, bot_token="123456:" + "A" * 32, log_level="loud")  # type: ignore[call-arg]
