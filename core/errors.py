"""Domain exceptions; handlers turn them into Ukrainian messages."""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the action; `message` is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AccessDenied(DomainError):
    pass


class NotFound(DomainError):
    pass


class Conflict(DomainError):
    pass
