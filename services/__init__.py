"""Business rules, one module per feature, tested without Telegram."""
