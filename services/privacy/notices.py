"""Notices of the personal-data feature (rendered by bot/views/privacy.py)."""

from __future__ import annotations

from dataclasses import dataclass

from core.notices import Notice


@dataclass(kw_only=True)
class ConsultationWithdrawn(Notice):
    """To the lawyer of a consultation closed because the official erased their data (ids only)."""

    consultation_id: int
