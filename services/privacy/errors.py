"""Refusals of the personal-data feature."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import Conflict


@dataclass(eq=False)
class StaffCannotForget(Conflict):
    """A lawyer or an admin: their name is on other people's consultations; an admin removes them first."""


@dataclass(eq=False)
class AlreadyForgotten(Conflict):
    """Nothing held any more (a second press of the confirmation)."""


@dataclass(eq=False)
class ConsentCurrent(Conflict):
    """The current consent is accepted already (a second press)."""
