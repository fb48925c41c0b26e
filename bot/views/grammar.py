"""Ukrainian agreement with a person's gender, read from the patronymic of their full name.

Registration asks for the full name (ПІБ); a Ukrainian patronymic says the
gender (Іванович / Іванівна). Where it is missing or unusual, texts use a form
that needs no gender ("юрист Коваль Олена взяла" becomes "звернення взято в
роботу: Коваль Олена") rather than guess. Names are never declined: sentences
are built so the name stands in the nominative case.
"""

from __future__ import annotations

from enum import StrEnum


class Gender(StrEnum):
    MASCULINE = "m"
    FEMININE = "f"


_MASCULINE = ("ович", "евич", "йович", "ліч", "ич")
_FEMININE = ("івна", "ївна", "овна", "евна", "інічна", "ична")


def gender_of(full_name: str | None) -> Gender | None:
    # The patronymic comes last in "Прізвище Ім'я По батькові" (a surname may end like one: Кузьмич).
    for word in reversed((full_name or "").lower().replace("’", "'").split()[1:]):
        word = word.strip(".,")
        if len(word) < 5:
            continue
        if word.endswith(_FEMININE):
            return Gender.FEMININE
        if word.endswith(_MASCULINE):
            return Gender.MASCULINE
    return None


def agree(full_name: str | None, masculine: str, feminine: str, unknown: str) -> str:
    """The form of a word (or a whole phrase) that agrees with the person, or one that needs no gender."""
    gender = gender_of(full_name)
    if gender is Gender.MASCULINE:
        return masculine
    if gender is Gender.FEMININE:
        return feminine
    return unknown
