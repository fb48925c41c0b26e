"""Keeps a published answer's rows in the search index (`answer_terms`) in step with its texts."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from services.answers.lemmas import weighted_terms
from services.answers.vectors import passage_vector
from storage.models import AnswerStatus, PublishedAnswer
from storage.repositories import answers as repo


async def reindex(session: AsyncSession, answer: PublishedAnswer) -> None:
    """Indexes a published answer afresh (its id must exist: flushed); a retired one leaves the index."""
    if answer.status != AnswerStatus.PUBLISHED:
        answer.term_count = 0
        await repo.delete_terms(session, answer.id)
        await repo.delete_vector(session, answer.id)
        return
    # Lemmatising (the first time: loading the dictionary) and the model run in a thread, not on the event loop.
    terms = await asyncio.to_thread(weighted_terms, answer.question, answer.answer, answer.legal_basis)
    answer.term_count = sum(terms.values())
    await repo.replace_terms(session, answer.id, terms)
    vector = await asyncio.to_thread(passage_vector, answer.question, answer.answer)
    if vector is None:
        await repo.delete_vector(session, answer.id)  # an old vector would describe the old text
    else:
        await repo.replace_vector(session, answer.id, vector)
