"""Telegram bot of the Association of Ukrainian Cities (АМУ)."""

__version__ = "0.1.0"
