"""Ukrainian words to their dictionary forms, so that "земельних ділянок" finds "земельна ділянка".

pymorphy3 with its Ukrainian dictionary package (pymorphy3-dicts-uk) does it
offline: the dictionary ships inside the pip package, nothing is downloaded at
run time. The analyser (~0.1 s, ~20 MB) is loaded on the first search only, so a
bot that never searches does not pay for it; words are cached.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from functools import cache, lru_cache
from typing import Any

from services.answers.thesaurus import SYNONYMS

# Words (apostrophes of every kind kept inside: "об'єднання"), and numbers of 2+ digits.
WORD = re.compile(r"[а-щьюяґєіїa-z0-9]+(?:['’ʼ`][а-щьюяґєіїa-z]+)*", re.IGNORECASE)
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})

# Parts of speech that carry no subject: prepositions, conjunctions, particles, pronouns, interjections.
FUNCTION_TAGS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ"})
# Frequent words of any question that say nothing of its subject.
STOP_LEMMAS = frozenset(
    [
        "бути",
        "мати",
        "могти",
        "можна",
        "треба",
        "потрібно",
        "необхідно",
        "який",
        "яка",
        "яке",
        "які",
        "який",
        "що",
        "як",
        "чи",
        "коли",
        "де",
        "хто",
        "чому",
        "навіщо",
        "так",
        "ні",
        "не",
        "також",
        "вже",
        "ще",
        "лише",
        "тільки",
        "саме",
        "весь",
        "увесь",
        "кожний",
        "інший",
        "такий",
        "свій",
        "наш",
        "ваш",
        "цей",
        "той",
        "підказати",
        "підкажіть",
        "питання",
        "порада",
        "пояснити",
        "роз'яснити",
        "просити",
        "дякувати",
        "добрий",
        "день",
        "будь",
        "ласка",
        "правильно",
        "правильний",
        "зробити",
        "робити",
        "дія",
        "випадок",
        "ситуація",
        "раз",
        "хотіти",
        "хочемо",
        "можемо",
        "зараз",
        "тепер",
        "законно",
        "законний",
        "порядок",
        "процедура",
        "оформити",
        "оформлення",
        "отримати",
        "потрібний",
        "обов'язково",
        "обов'язковий",
        "чий",
        "скільки",
        "повинний",
        "повинен",
        "мусити",
        "число",
    ]
)
MAX_TERM = 64
STEM = 5
# Lemmas the first parse picks for common words of the domain where another reading is meant.
ALIASES = {"рад": "рада", "рок": "рік", "ріка": "рік"}  # the column's length


_loading = threading.Lock()  # searches lemmatise in worker threads: the dictionary is loaded once


@cache
def _load_analyzer() -> Any:
    import pymorphy3  # type: ignore[import-untyped]  # imported here: only searching processes load it

    return pymorphy3.MorphAnalyzer(lang="uk")


def _analyzer() -> Any:
    with _loading:
        return _load_analyzer()


@lru_cache(maxsize=100_000)
def lemma(word: str) -> str | None:
    """The dictionary form of one lower-case word, or None for a word that says nothing of the subject."""
    if word.isdigit():
        return word if len(word) >= 2 else None
    if len(word) < 2:
        return None
    parses = _analyzer().parse(word)
    if any(p.tag.POS in FUNCTION_TAGS for p in parses):
        return None
    # The dictionary has no frequencies (every parse scores alike): the first parse, with the known
    # slips on common words mended (ALIASES).
    normal = str(parses[0].normal_form)
    normal = ALIASES.get(normal, normal)[:MAX_TERM]
    if normal in STOP_LEMMAS or word in STOP_LEMMAS:
        return None
    return normal


def lemmas(text: str) -> list[str]:
    """The meaningful lemmas of a text, in order (repeated as often as they occur), synonyms made one."""
    found: list[str] = []
    for match in WORD.finditer(text.lower().translate(APOSTROPHES)):
        normal = lemma(match.group())
        if normal is not None:
            found.extend(SYNONYMS.get(normal, (normal,)))
    return found


def terms(text: str) -> list[str]:
    """What is indexed and searched: the lemmas, and the stem of each long one ("~звіль" for "звільнити" and
    "звільнення"), so that words of one family meet even when the dictionary gives them different lemmas."""
    found = []
    for normal in lemmas(text):
        found.append(normal)
        if (stem := stem_of(normal)) is not None:
            found.append(stem)
    return found


def stem_of(normal: str) -> str | None:
    return "~" + normal[:STEM] if len(normal) > STEM + 1 and not normal.isdigit() else None


def is_stem(term: str) -> bool:
    return term.startswith("~")


def weighted_terms(question: str, answer: str, legal_basis: str = "") -> Counter[str]:
    """An answer's index terms: the question's words count three times, the answer's and the legal basis' once."""
    counts: Counter[str] = Counter()
    for term in terms(question):
        counts[term] += QUESTION_WEIGHT
    for term in terms(answer):
        counts[term] += 1
    for term in terms(legal_basis):
        counts[term] += 1
    return counts


QUESTION_WEIGHT = 3
