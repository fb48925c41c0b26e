"""Repositories: queries as functions of an `AsyncSession`. They never commit."""
