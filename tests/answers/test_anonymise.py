"""Anonymisation of consultations for the base of answers: recall on seeded Ukrainian texts."""

from __future__ import annotations

from collections import Counter

import pytest

from services.answers.anonymise import anonymise
from tests.answers.seeded import cases, missed


def recall() -> dict[str, float]:
    seeded: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for case in cases():
        result = anonymise(case.text)
        for kind, values in case.values.items():
            for value in values:
                seeded[kind] += 1
                found[kind] += not missed(kind, value, result)
    return {kind: found[kind] / seeded[kind] for kind in seeded}


def test_recall_of_phones_emails_and_tax_numbers() -> None:
    figures = recall()
    assert figures["phones"] >= 0.98
    assert figures["emails"] >= 0.98
    assert figures["tax"] >= 0.98
    assert figures["passports"] >= 0.95
    assert figures["addresses"] >= 0.95
    assert figures["names"] >= 0.9  # every miss is listed by bench/anonymise.py


def test_known_names_and_community_are_replaced_in_any_form() -> None:
    text = "Пише Петренко Олена з Вишнівської громади. Петренку Олені відповісти до п'ятниці."
    result = anonymise(text, people=["Петренко Олена Іванівна"], places=["Вишнівська сільська рада"])
    assert "Петренк" not in result and "Олен" not in result and "Вишнівськ" not in result
    assert "[особа]" in result and "[громада]" in result


def test_law_words_are_kept() -> None:
    text = "Верховна Рада ухвалила закон; стаття 12 Земельного кодексу України, рішення № 1234 від 2024 року."
    assert anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("тел.: +38(067)1234567, моб. 067.123.45.67", ["1234567", "123.45"], ["[телефон]"]),
        ("пишіть Ivan.Petrenko@gmail.com.", ["Petrenko"], ["[електронна пошта]."]),
        ("РНОКПП: 3012345678, кадастровий номер 3221888000:01:001:0123", ["3012345678"], ["3221888000:01:001:0123"]),
        ("паспорт серії АВ № 123456 виданий; ID-картка № 001234567", ["123456", "001234567"], ["[паспорт]"]),
        ("проживає: м. Біла Церква, вул. Героїв Майдану, буд. 5, кв. 12.", ["Церква", "Майдану", "12"], ["[адреса]"]),
        ("Сесія Вишнівської сільської ради ухвалила", ["Вишнівськ"], ["[громада] сільської ради"]),
        ("Голова Шевченко Т.Г. підписав; сусід Олексій Іваненко скаржиться", ["Шевченко", "Іваненко"], ["[особа]"]),
        ("Пане Миколо, дякую. Марія, добрий день.", ["Миколо", "Марія"], ["[особа]"]),
    ],
)
def test_handwritten_cases(text: str, gone: list[str], kept: list[str]) -> None:
    result = anonymise(text)
    assert not [value for value in gone if value in result], result
    assert all(value in result for value in kept), result
