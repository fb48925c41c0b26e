"""Notices of the personal-data feature (rendered by bot/views/privacy.py)."""

from __future__ import annotations

from dataclasses import dataclass

from core.notices import EditNotice, Notice


@dataclass(kw_only=True)
class ConsultationWithdrawn(Notice):
    """To the lawyer of a consultation closed because the official erased their data (ids only)."""

    consultation_id: int


@dataclass(kw_only=True)
class OfferErased(EditNotice):
    """Replaces a lawyer's offer to take a consultation (it quoted the question) once its author erased their data."""

    consultation_id: int
