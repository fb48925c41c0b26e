"""Persistence: models, repositories, engine/session factory and migrations."""
