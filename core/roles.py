"""Roles of the people the bot serves."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    OFFICIAL = "official"
    LAWYER = "lawyer"
    ADMIN = "admin"
