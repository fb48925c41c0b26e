"""A published answer as officials and lawyers read it: paragraphs kept, and one message whatever its size."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.views import answers as view
from knowledge.loader import default_knowledge
from services.answers.form import ANSWER_MAX_UNITS, LEGAL_BASIS_MAX_UNITS, QUESTION_MAX_UNITS, PublishDraft
from services.text import MESSAGE_LIMIT, tg_len
from storage.models import AnswerStatus, PublishedAnswer
from tests.conftest import make_settings
from tests.support.telegram_html import parse_html

KNOWLEDGE = default_knowledge()
SETTINGS = make_settings("sqlite+aiosqlite://")
AT = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
PARAGRAPHS = "Так, за рішенням ради.\n\nПотрібні:\n1) рішення сесії;\n2) договір оренди."


def answer(
    question: str, text: str, legal_basis: str, status: AnswerStatus = AnswerStatus.PUBLISHED
) -> PublishedAnswer:
    return PublishedAnswer(
        id=12345,
        topic_code="land",
        status=status,
        question=question,
        answer=text,
        legal_basis=legal_basis,
        published_at=AT,
        updated_at=AT.replace(day=11),
    )


def test_the_card_keeps_the_lawyers_paragraphs() -> None:
    card = view.answer_card(answer("Питання?", PARAGRAPHS, "ЗК, ст. 134"), KNOWLEDGE, SETTINGS)
    assert PARAGRAPHS in card
    assert "\n\n<b>Відповідь.</b>" in card  # the card's own layout too


def test_the_review_keeps_the_paragraphs() -> None:
    draft = PublishDraft(question="Питання?\nДругий рядок.", answer=PARAGRAPHS, legal_basis="ЗК", topic="land")
    summary = view.publish_summary(draft, KNOWLEDGE)
    assert PARAGRAPHS in summary and "Питання?\nДругий рядок." in summary


@pytest.mark.parametrize("status", list(AnswerStatus))
def test_an_answer_at_every_limit_is_shown_whole(status: AnswerStatus) -> None:
    longest = answer(
        "п" * QUESTION_MAX_UNITS,
        ("відповідь " * ANSWER_MAX_UNITS)[: ANSWER_MAX_UNITS - 2] + "\n\n",
        "с" * LEGAL_BASIS_MAX_UNITS,
        status,
    )
    card = view.answer_card(longest, KNOWLEDGE, SETTINGS)
    assert tg_len(card) <= MESSAGE_LIMIT and longest.answer in card and "…" not in card


def test_text_that_escaping_makes_longer_is_trimmed_to_one_message_that_parses() -> None:
    # "&" is five characters once escaped: as sent, such an answer would not fit.
    heavy = answer("п" * QUESTION_MAX_UNITS, "A & B " * (ANSWER_MAX_UNITS // 6), "с" * LEGAL_BASIS_MAX_UNITS)
    card = view.answer_card(heavy, KNOWLEDGE, SETTINGS)
    assert MESSAGE_LIMIT - 10 <= tg_len(card) <= MESSAGE_LIMIT  # trimmed no more than it has to be
    text, _ = parse_html(card)
    # The answer is what gives way, not the rest of the card.
    assert "A & B A & B A…" in text and "Правова підстава" in text and "Опубліковано" in text


def test_a_review_of_texts_over_the_limits_fits_and_shows_their_start() -> None:
    draft = PublishDraft(question="питання " * 1000, answer="відповідь " * 1000, legal_basis="ЗК", topic="land")
    summary = view.publish_summary(draft, KNOWLEDGE)
    assert tg_len(summary) <= MESSAGE_LIMIT - 200
    text, _ = parse_html(summary)
    assert text.count("…") == 2 and "Правова підстава: ЗК" in text
