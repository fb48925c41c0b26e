"""Typed domain errors: a rule refused an action.

A refusal is a class and its parameters, never a sentence: services raise, for
example, `TrainingFull(training_id=7)`, and `bot/views/errors.py` is the one
place that turns it into Ukrainian (texts per feature in `bot/texts/<feature>.py`,
`ERRORS`). Handlers that must react differently to a refusal catch its class.

Declare a refusal as a dataclass subclass of one of the four kinds below:

    @dataclass(eq=False)
    class TrainingFull(Conflict):
        training_id: int

The update's unit of work is rolled back when a refusal escapes a handler, so a
refused action changes nothing.
"""

from __future__ import annotations

import dataclasses
from typing import Any


class DomainError(Exception):
    """Base of every refusal. Its dataclass fields are the parameters its text may use."""

    # Transitional: a refusal raised with a ready sentence (the old style, being replaced
    # feature by feature). Dataclass refusals never set it.
    message: str | None = None

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message)
        self.message = message

    @property
    def params(self) -> dict[str, Any]:
        if dataclasses.is_dataclass(self):
            return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return {}

    def __reduce__(self) -> tuple[Any, ...]:
        # Refusals raised in a worker process (core.offload) come back by pickle: rebuild them
        # from their fields (a dataclass refusal has no constructor arguments in `args`).
        return (_rebuild, (type(self), self.params, self.message))

    def __str__(self) -> str:  # for logs: the class and its parameters, never user-facing
        if self.message is not None:
            return self.message
        inner = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{type(self).__name__}({inner})"


def _rebuild(cls: type[DomainError], params: dict[str, Any], message: str | None) -> DomainError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.__dict__.update(params)
    if message is not None:
        exc.message = message
    return exc


class AccessDenied(DomainError):
    """Not allowed for this person (often stale or forged callback data): logged."""


class NotFound(DomainError):
    """The record does not exist (any more)."""


class Conflict(DomainError):
    """The record's state does not allow it now (taken, closed, full, already done)."""


class InvalidInput(DomainError):
    """What the person typed or sent cannot be used; nothing they typed is lost."""
