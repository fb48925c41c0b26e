from __future__ import annotations

import pytest

from bot.views.grammar import Gender, agree, gender_of


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Коваль Олена Петрівна", Gender.FEMININE),
        ("Кузьмич Ольга Миколаївна", Gender.FEMININE),  # a surname that ends like a patronymic
        ("Іваненко Петро Іванович", Gender.MASCULINE),
        ("Мазур Ілля Ілліч", Gender.MASCULINE),
        ("Коваль Олена", None),  # no patronymic: no guess
        ("", None),
    ],
)
def test_gender_from_the_patronymic(name: str, gender: Gender | None) -> None:
    assert gender_of(name) is gender


def test_agree_falls_back_to_a_form_without_gender() -> None:
    assert agree("Коваль Олена Петрівна", "взяв", "взяла", "взято") == "взяла"
    assert agree("Коваль Олена", "взяв", "взяла", "взято") == "взято"
