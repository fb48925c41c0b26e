"""An anonymised draft of a consultation for the base of answers: personal data replaced by neutral words.

Plain rules, no network: phone numbers, e-mail addresses, personal tax numbers
(ІПН, 10 digits), passports (old "АА 123456" and ID-card numbers), street
addresses, people's names (the Ukrainian dictionary's name, surname and
patronymic tags, initials) and the names the bot knows (the official's name,
their community). A lawyer always reviews the result before it is published.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from services.answers.lemmas import _analyzer

PERSON = "[особа]"
PHONE = "[телефон]"
EMAIL = "[електронна пошта]"
TAX_NUMBER = "[ІПН]"
PASSPORT = "[паспорт]"
ADDRESS = "[адреса]"
COMMUNITY = "[громада]"
SETTLEMENT = "[населений пункт]"

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A run of digits, spaces, dashes and brackets: a phone when its digits are a Ukrainian number
# (+380 67 123 45 67, 067-123-45-67, (067) 123 45 67, 80671234567).
PHONE_RE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{7,20}\d(?!\d)")
TAX_RE = re.compile(r"(?<![\d:])\d{10}(?![\d:])")  # not in a cadastral number (3221888000:01:001:0123)
PASSPORT_RE = re.compile(
    r"(?:(?<![А-ЯІЇЄҐA-Z])[А-ЯІЇЄҐ]{2}[\s№-]*\d{6}(?!\d))"
    r"|(?:(?:паспорт\w*|ID-картк\w*|id-картк\w*|картк\w* ID)[^\d\n]{0,30}?(?<!\d)\d{9}(?!\d))",
    re.IGNORECASE,
)
STREET = (
    r"(?:вул(?:иц[яіюеи]|\.)|вулиця|просп(?:ект\w*|\.)|пров(?:ул\w*|\.)|бульв(?:ар\w*|\.)|пл(?:ощ\w*|\.)"
    r"|майдан\w*|узвіз\w*|шосе|тупик\w*)"
)
# The street's name runs to the comma (better too much than a name left), then the house and the flat.
ADDRESS_RE = re.compile(
    STREET
    + r"\s+[^\n,;()]{1,40}?(?=[,;()\n]|$)(?:,?\s*(?:буд(?:инок|\.)?\s*)?№?\s*\d+[\w/-]*)?"
    + r"(?:,?\s*(?:кв(?:артира|\.)?)\s*№?\s*\d+)?",
    re.IGNORECASE,
)
# A settlement named after "м.", "с.", "смт": generalised (as the community the official named is).
PLACE_RE = re.compile(
    r"(?<![\w])(?:м\.|с\.|смт\.?|сел\.|місто|село|селище)\s*[А-ЯІЇЄҐ][\w'’ʼ-]+(?:\s+[А-ЯІЇЄҐ][\w'’ʼ-]+)?"
)
HOUSE_RE = re.compile(r"\b(?:буд(?:инок|\.)|кв(?:артира|\.))\s*№?\s*\d+[\w/-]*", re.IGNORECASE)
INITIALS_RE = re.compile(r"(?<![А-ЯІЇЄҐа-яіїєґ'])[А-ЯІЇЄҐ]\.\s?(?:[А-ЯІЇЄҐ]\.)?")
WORD_RE = re.compile(r"[А-ЯІЇЄҐа-яіїєґ'’ʼ-]+")
NAME_TAGS = {"Name", "Surn", "Patr"}
COUNCIL_WORDS = ("сільськ", "селищн", "міськ", "районн", "обласн", "територіальн", "громад", "отг")
# Words the dictionary also knows as first names but that are mostly not names in these texts.
NOT_NAMES = frozenset(
    {"рада", "надія", "віра", "любов", "слава", "україна", "закон", "кодекс", "голова", "мир", "вода"}
)


def _phone(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    if (len(digits) == 12 and digits.startswith("380")) or (len(digits) == 10 and digits.startswith("0")):
        return PHONE
    if len(digits) == 11 and digits.startswith("80"):
        return PHONE
    return match.group()


def _is_name(word: str) -> tuple[bool, bool]:
    """(may be a name, surely a name) for a capitalised word."""
    parses = _analyzer().parse(word.lower())
    tags = {tag for p in parses for tag in NAME_TAGS if tag in p.tag}
    if not tags or any(p.normal_form in NOT_NAMES for p in parses):
        return False, False
    sure = bool(tags & {"Surn", "Patr"}) or all(any(t in p.tag for t in NAME_TAGS) for p in parses)
    return True, sure


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'").replace("ʼ", "'")
    return word[: max(len(word) - 2, 3)]


def _known(words: Iterable[str]) -> set[str]:
    return {_stem(w) for w in words if len(w) >= 3}


def _among(word: str, stems: set[str]) -> bool:
    stem = _stem(word)
    return any(stem.startswith(known) or (len(stem) >= 4 and known.startswith(stem)) for known in stems)


def _names(text: str, known_people: set[str], known_places: set[str]) -> str:
    """Replaces runs of person-name words (and initials) by PERSON; known place names by COMMUNITY."""
    tokens = list(WORD_RE.finditer(text))
    marks: list[str | None] = [None] * len(tokens)
    maybe: list[bool] = [False] * len(tokens)
    for i, match in enumerate(tokens):
        word = match.group()
        if _among(word, known_places):
            marks[i] = COMMUNITY
            continue
        if _among(word, known_people):
            marks[i] = PERSON
            continue
        if not word[0].isupper() or word.isupper():
            continue
        if i + 1 < len(tokens) and tokens[i + 1].group().lower().startswith(COUNCIL_WORDS):
            marks[i] = COMMUNITY  # "Вишнівської сільської ради": a community, whatever the dictionary says
            continue
        may, sure = _is_name(word)
        maybe[i] = may
        if sure:
            marks[i] = PERSON
    # A possible first name next to a surname or another name is a name; so is one mid-sentence.
    for i, match in enumerate(tokens):
        if marks[i] is not None or not maybe[i]:
            continue
        near = (i > 0 and marks[i - 1] == PERSON) or (i + 1 < len(tokens) and (marks[i + 1] == PERSON or maybe[i + 1]))
        before = text[: match.start()].rstrip()
        sentence_start = not before or before[-1] in '.!?:\n«"('
        addressed = text[match.end() : match.end() + 1] == ","  # "Олено, ..." / "Марія, добрий день"
        if near or not sentence_start or addressed:
            marks[i] = PERSON
    out: list[str] = []
    position = 0
    for i, match in enumerate(tokens):
        mark = marks[i]
        if mark is None:
            continue
        gap = text[position : match.start()]
        if mark == PERSON and out and out[-1] == PERSON and (not gap.strip() or INITIALS_RE.fullmatch(gap.strip())):
            position = match.end()
            continue
        out.append(text[position : match.start()])
        out.append(mark)
        position = match.end()
    out.append(text[position:])
    result = "".join(out)
    # Initials left beside a replaced name ("О. В. [особа]", "[особа] О.В.").
    result = re.sub(r"(?:[А-ЯІЇЄҐ]\.\s?){1,2}(?=\[особа\])", "", result)
    result = re.sub(r"(?<=\[особа\])\s?(?:[А-ЯІЇЄҐ]\.\s?){1,2}", " ", result)
    return result.replace(f"{PERSON} {PERSON}", PERSON)


def anonymise(text: str, *, people: Iterable[str] = (), places: Iterable[str] = ()) -> str:
    """The text with personal data replaced; `people` and `places`: names the bot knows (words of them)."""
    text = EMAIL_RE.sub(EMAIL, text)
    text = PASSPORT_RE.sub(PASSPORT, text)
    text = PHONE_RE.sub(_phone, text)
    text = TAX_RE.sub(TAX_NUMBER, text)
    text = ADDRESS_RE.sub(ADDRESS, text)
    text = PLACE_RE.sub(SETTLEMENT, text)
    text = HOUSE_RE.sub(ADDRESS, text)
    people_words = [w for name in people for w in WORD_RE.findall(name)]
    place_words = [w for place in places for w in WORD_RE.findall(place)[:1]]  # "Вишнівська сільська рада"
    return _names(text, _known(people_words), _known(place_words))
