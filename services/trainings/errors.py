"""Refusals of the trainings feature: a class and its parameters (texts: `bot/texts/trainings.py`, ERRORS)."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import AccessDenied, Conflict, InvalidInput, NotFound
from services.forms import StepRefused

# --- who may do it --------------------------------------------------------------------


@dataclass(eq=False)
class AdminsOnly(AccessDenied):
    """Creating, changing, cancelling, participants, attendance marks and exports."""


@dataclass(eq=False)
class RegistrationRequired(AccessDenied):
    """Signing up needs a profile (name, position, community)."""


# --- records --------------------------------------------------------------------------


@dataclass(eq=False)
class TrainingNotFound(NotFound):
    training_id: int


@dataclass(eq=False)
class ParticipantNotFound(NotFound):
    registration_id: int


# --- the state of a training or of a sign-up ----------------------------------------------


@dataclass(eq=False)
class TrainingConflict(Conflict):
    """The training's state (or the person's sign-up on it) does not allow it now."""

    training_id: int


class TrainingIsCancelled(TrainingConflict):
    pass


class SignUpClosed(TrainingConflict):
    pass


class AlreadyRegistered(TrainingConflict):
    pass


class AlreadyWaitlisted(TrainingConflict):
    pass


class NotSignedUp(TrainingConflict):
    pass


class AlreadyLeft(TrainingConflict):
    """The sign-up was cancelled already (a second press of "cancel my sign-up")."""


class AlreadyStarted(TrainingConflict):
    pass


class AttendanceNotYet(TrainingConflict):
    pass


@dataclass(eq=False)
class AttendanceOnlyRegistered(Conflict):
    registration_id: int


@dataclass(eq=False)
class AttendanceAlreadyMarked(Conflict):
    """Marked present already (a second press of the same button)."""

    name: str


@dataclass(eq=False)
class AttendanceAlreadyUnmarked(Conflict):
    """Not marked already (a second press of the same button)."""

    name: str


@dataclass(eq=False)
class NoTrainingForCode(Conflict):
    """No training of this participant accepts a code now."""


@dataclass(eq=False)
class CodeAlreadyUsed(Conflict):
    title: str


@dataclass(eq=False)
class WrongCode(InvalidInput):
    """The code matches none of the participant's trainings open for codes (they may try again)."""


# --- what an admin typed in the training form -----------------------------------------------


@dataclass(eq=False)
class TextLength(InvalidInput):
    min_len: int
    max_len: int


class BadTitle(TextLength):
    pass


class BadAddress(TextLength):
    pass


class BadCouncil(TextLength):
    pass


@dataclass(eq=False)
class BadDateTime(InvalidInput):
    pass


@dataclass(eq=False)
class BadDuration(InvalidInput):
    pass


@dataclass(eq=False)
class BadLink(InvalidInput):
    pass


@dataclass(eq=False)
class BadCapacity(InvalidInput):
    max_capacity: int


@dataclass(eq=False)
class UseButtons(InvalidInput):
    """The step takes a button (or the value typed is not one of them)."""


# Rules across fields: each names the step of the form that fixes it.


@dataclass(eq=False)
class StartInPast(StepRefused):
    step = "starts_at"


@dataclass(eq=False)
class DeadlineInPast(StepRefused):
    step = "deadline"


@dataclass(eq=False)
class DeadlineAfterStart(StepRefused):
    step = "deadline"


@dataclass(eq=False)
class CapacityBelowTaken(StepRefused):
    step = "capacity"
    taken: int
