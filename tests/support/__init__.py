"""Shared helpers of the tests: the Telegram client, the recording bot, the fake Bot API server, factories."""
