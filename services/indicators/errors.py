"""Refusals of the indicators feature: a class and its parameters (texts: `bot/texts/indicators.py`, ERRORS)."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import AccessDenied, InvalidInput, NotFound


@dataclass(eq=False)
class IndicatorsForAdminsOnly(AccessDenied):
    """Every part of `/indicators`: the figures, recording values, files, history."""


@dataclass(eq=False)
class YearOutOfRange(InvalidInput):
    first: int
    last: int


@dataclass(eq=False)
class UnknownIndicator(NotFound):
    code: str


@dataclass(eq=False)
class UseButtons(InvalidInput):
    """A step of the recording form that takes a button, given something else."""


# --- a value that cannot be recorded (the form and every row of an upload) ------------------


@dataclass(eq=False)
class EntryRefused(InvalidInput):
    """Why one value cannot be recorded."""


@dataclass(eq=False)
class UnknownIndicatorCode(EntryRefused):
    code: str


@dataclass(eq=False)
class UnknownKind(EntryRefused):
    pass


@dataclass(eq=False)
class ComputedNotRecordable(EntryRefused):
    """The bot counts this indicator: only its baseline and targets are recorded."""


@dataclass(eq=False)
class BaselineYearOnly(EntryRefused):
    year: int


@dataclass(eq=False)
class YearNotAllowed(EntryRefused):
    first: int
    last: int


@dataclass(eq=False)
class YearNotANumber(EntryRefused):
    first: int


@dataclass(eq=False)
class MonthNeeded(EntryRefused):
    pass


@dataclass(eq=False)
class MonthNotApplicable(EntryRefused):
    pass


@dataclass(eq=False)
class UnknownRegion(EntryRefused):
    code: str


@dataclass(eq=False)
class UnknownPart(EntryRefused):
    code: str


@dataclass(eq=False)
class BadValue(EntryRefused):
    pass


@dataclass(eq=False)
class DuplicateRow(EntryRefused):
    row: int


@dataclass(eq=False)
class ReasonNeeded(EntryRefused):
    """Changing a recorded value needs a reason (the comment)."""

    old: int
    new: int


# --- an XLSX upload ---------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int
    problem: EntryRefused


@dataclass(eq=False)
class UploadRejected(InvalidInput):
    """Rows that cannot be recorded: nothing of the file is applied."""

    errors: tuple[RowError, ...]

    @property
    def count(self) -> int:
        return len(self.errors)


@dataclass(eq=False)
class UploadNotXlsx(InvalidInput):
    pass


@dataclass(eq=False)
class UploadUnreadable(InvalidInput):
    pass


@dataclass(eq=False)
class UploadNotTemplate(InvalidInput):
    """The first row is not the template's header."""


@dataclass(eq=False)
class UploadEmpty(InvalidInput):
    pass


@dataclass(eq=False)
class UploadTooBig(InvalidInput):
    limit: int
