"""The draft of a published answer and its form: the lawyer reviews the anonymised texts and the topic (the
consultation's, at first: search and browse by topic follow what is published), may change any, confirms."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from services.answers.errors import (
    AnswerTextEmpty,
    AnswerTextTooLong,
    AnswerTooLong,
    LegalBasisMissing,
    QuestionTooLong,
)
from services.answers.templates import read_topic, topic_choices
from services.forms import Env, FormSpec, Step
from services.text import tg_len

# So that a published answer (question, answer, legal basis, heading) fits in one message.
QUESTION_MAX_UNITS = 1500
ANSWER_MAX_UNITS = 2000
LEGAL_BASIS_MAX_UNITS = 300


class PublishDraft(BaseModel):
    question: str
    answer: str
    legal_basis: str = ""
    topic: str


def _text(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = value.strip()
        if not value:
            raise AnswerTextEmpty()
        if tg_len(value) > limit:
            raise AnswerTextTooLong(limit=limit)
        return value

    return check


def _read_question(draft: PublishDraft, value: str) -> PublishDraft:
    return draft.model_copy(update={"question": _text(QUESTION_MAX_UNITS)(value)})


def _read_answer(draft: PublishDraft, value: str) -> PublishDraft:
    return draft.model_copy(update={"answer": _text(ANSWER_MAX_UNITS)(value)})


def _read_legal_basis(draft: PublishDraft, value: str) -> PublishDraft:
    return draft.model_copy(update={"legal_basis": _text(LEGAL_BASIS_MAX_UNITS)(value)})


def _check(draft: PublishDraft) -> None:
    # The anonymised texts come from the consultation as they were: long ones must be shortened first.
    if tg_len(draft.question) > QUESTION_MAX_UNITS:
        raise QuestionTooLong()
    if tg_len(draft.answer) > ANSWER_MAX_UNITS:
        raise AnswerTooLong()
    if not draft.legal_basis.strip():
        raise LegalBasisMissing()


FORM_NAME = "kb"


def publish_form(env: Env) -> FormSpec[PublishDraft]:
    def read_topic_step(draft: PublishDraft, value: str) -> PublishDraft:
        return draft.model_copy(update={"topic": read_topic(env().knowledge, value)})

    return FormSpec(
        name=FORM_NAME,
        draft_type=PublishDraft,
        steps=(
            Step(
                name="topic",
                read=read_topic_step,
                choices=lambda d: topic_choices(env().knowledge),
                filled=lambda d: bool(d.topic),
            ),
            Step(name="question", read=_read_question, filled=lambda d: bool(d.question)),
            Step(name="answer", read=_read_answer, filled=lambda d: bool(d.answer)),
            Step(name="legal_basis", read=_read_legal_basis, filled=lambda d: bool(d.legal_basis)),
        ),
        check=_check,
    )
