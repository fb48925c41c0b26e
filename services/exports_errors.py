"""Refusals of the consultation export (worded in bot/texts/exports.py)."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import InvalidInput


@dataclass(eq=False)
class BadRange(InvalidInput):
    """The period could not be read (neither one date nor two)."""


@dataclass(eq=False)
class RangeReversed(InvalidInput):
    """The period starts after it ends."""
