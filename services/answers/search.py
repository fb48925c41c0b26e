"""Finding published answers similar to a question: lemmas, BM25 over the index table, a threshold.

Answers are ranked by BM25 over lemmas and stems (the question words of an
answer count three times). Whether an answer is similar *enough* is decided by
`match`: the share of the question's weight (the idf of its words) that the
answer contains, from 0 to 1, comparable across questions of any length. Words
the base has never seen weigh in too, so a question about something else
matches little even when it shares common words ("громада", "рада").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from services.answers.lemmas import is_stem, stem_of
from services.answers.lemmas import terms as text_terms
from storage.models import PublishedAnswer
from storage.repositories import answers as repo

# Below this share nothing is suggested (tuned with bench/answer_search.py).
SUGGEST_THRESHOLD = 0.3
# Searching the base by typing shows weaker matches too.
SEARCH_THRESHOLD = 0.15
MAX_QUERY_TERMS = 60  # a long question: its first distinct terms are enough, and keep the SQL small
UNSEEN_WEIGHT = 1.0  # a word no answer has weighs as the rarest known word
STEM_SHARE = 0.5  # a question's word only the stem of which an answer has counts this much
COMMON_SHARE = 0.1  # words in more than this share of answers do not rank (they still count in `match`)
RANKED_TERMS = 16  # the rarest words of the question rank the answers


@dataclass(frozen=True, slots=True)
class Hit:
    answer: PublishedAnswer
    score: float  # BM25
    match: float  # share of the question's weight the answer contains, 0..1


def _match(terms: list[str], idf: dict[str, float], unseen: float, shared: set[str]) -> float:
    """The share of the question's lemmas (by idf) the answer has; a lemma only its stem shares counts half."""
    total = found = 0.0
    for term in terms:
        if is_stem(term):
            continue
        weight = idf.get(term, unseen)
        total += weight
        if term in shared:
            found += weight
        elif stem_of(term) in shared:
            found += weight * STEM_SHARE
    return found / total if total else 0.0


def query_terms(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for term in text_terms(text):
        seen.setdefault(term, None)
        if len(seen) >= MAX_QUERY_TERMS:
            break
    return list(seen)


async def similar(
    session: AsyncSession,
    text: str,
    *,
    limit: int = 3,
    threshold: float = SUGGEST_THRESHOLD,
    topic_code: str | None = None,
) -> list[Hit]:
    """Up to `limit` published answers most similar to `text`, those at or above `threshold` only."""
    total, average_length = await repo.collection_stats(session)
    if total == 0:  # an empty base: no lemmatiser loaded, nothing to suggest
        return []
    terms = query_terms(text)
    if not terms:
        return []
    frequencies = await repo.document_frequencies(session, terms)
    # BM25's idf (always positive).
    idf = {term: math.log(1 + (total - df + 0.5) / (df + 0.5)) for term in terms if (df := frequencies.get(term, 0))}
    if not idf:
        return []
    # Words in most answers barely change the order but cost the most rows to add up: ranked without them
    # (they still count in `match`).
    # The rarest words decide the order: at most RANKED_TERMS of them.
    rare = {term: value for term, value in idf.items() if frequencies[term] <= total * COMMON_SHARE} or idf
    rare = dict(sorted(rare.items(), key=lambda item: -item[1])[:RANKED_TERMS])
    ranked = await repo.ranked(session, rare, average_length, limit=limit, topic_code=topic_code)
    shared = await repo.shared_terms(session, [answer_id for answer_id, _ in ranked], idf)
    unseen = math.log(1 + (total - 0.5) / 1.5) * UNSEEN_WEIGHT
    matches = {answer_id: _match(terms, idf, unseen, shared[answer_id]) for answer_id, _ in ranked}
    kept = [(answer_id, score) for answer_id, score in ranked if matches[answer_id] >= threshold]
    answers = {a.id: a for a in await repo.by_ids(session, [answer_id for answer_id, _ in kept])}
    return [Hit(answers[i], score, matches[i]) for i, score in kept if i in answers]
