"""Finding published answers similar to a question: shared words, closeness of meaning, a threshold.

Two signals. Words: BM25 over lemmas and stems (the question words of an answer
count three times) finds candidates, and `words` is the share of the question's
weight (the idf of its words) that an answer contains, 0..1, comparable across
questions of any length; words the base has never seen weigh in too, so a
question about something else matches little even when it shares common words
("громада", "рада"). Meaning: the cosine of sentence vectors (`vectors.py`)
finds candidates that share no word, and `closeness` is how unusually close an
answer is *for this question*: its cosine in standard deviations above the
question's mean cosine to all published answers (every question is somewhat
close to every answer in such a model; only an outlier means the same matter).
`match` = words + MEANING_WEIGHT x the closeness above MEANING_FLOOR ranks the
answers and decides, against the threshold, whether any is similar enough.
"""

from __future__ import annotations

import asyncio
import importlib
import math
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from services.answers.lemmas import is_stem, stem_of
from services.answers.lemmas import terms as text_terms
from services.answers.vectors import Meaning, published, query_vector
from storage.models import PublishedAnswer
from storage.repositories import answers as repo

# Below this `match` nothing is suggested (chosen on bench/answer_search.py's tuning set, with and without the
# thesaurus; the held-out set only checks it).
SUGGEST_THRESHOLD = 0.45
# Searching the base by typing shows weaker matches too.
SEARCH_THRESHOLD = 0.25
MAX_QUERY_TERMS = 60  # a long question: its first distinct terms are enough, and keep the SQL small
UNSEEN_WEIGHT = 1.0  # a word no answer has weighs as the rarest known word
STEM_SHARE = 0.5  # a question's word only the stem of which an answer has counts this much
COMMON_SHARE = 0.1  # words in more than this share of answers do not rank (they still count in `match`)
RANKED_TERMS = 16  # the rarest words of the question rank the answers
CANDIDATES = 10  # from each signal, before both are weighed (as good as 20 on the tuning set, and faster)
# Below this many vectors the closeness of meaning cannot be told from chance: words alone decide.
MIN_VECTORS = 20
MEANING_FLOOR = 2.0  # standard deviations above the question's mean cosine
MEANING_WEIGHT = 0.2  # per standard deviation above the floor
# A base too small for meaning is searched by words alone, among few candidates: a lower share is enough
# (0.3 for suggestions, as before meaning came in).
WORDS_ONLY_SHARE = 2 / 3


@dataclass(frozen=True, slots=True)
class Hit:
    answer: PublishedAnswer
    score: float  # BM25 (0: found by meaning alone)
    match: float  # words + meaning (see the module's docstring); compared with the threshold
    words: float = 0.0  # share of the question's weight the answer contains, 0..1
    closeness: float = 0.0  # cosine in standard deviations above the question's mean (0: not known)


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


def combined(words: float, closeness: float) -> float:
    return words + MEANING_WEIGHT * max(closeness - MEANING_FLOOR, 0.0)


def query_terms(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for term in text_terms(text):
        seen.setdefault(term, None)
        if len(seen) >= MAX_QUERY_TERMS:
            break
    return list(seen)


def _prepare(text: str) -> list[str]:
    importlib.import_module("numpy")  # for `published`: imported here the first time, not on the event loop
    return query_terms(text)


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
    if total == 0:  # an empty base: no lemmatiser or model loaded, nothing to suggest
        return []
    # In a thread: lemmatising (the first search of a process also loads the dictionary, ~0.1 s, and numpy).
    terms = await asyncio.to_thread(_prepare, text)
    if not terms:
        return []
    vectors = await published(session)
    # The model runs in a thread (C code, the GIL released): the event loop is not held for its ~45 ms. Not side
    # by side with the SQL below: on a 2-vCPU machine the two slowed each other down more than they overlapped
    # (bench/answer_search.py at 10,000 answers, same machine and hour: p95 137-150 ms side by side, 81-147 ms,
    # median 108, one after the other).
    query = await asyncio.to_thread(query_vector, text) if len(vectors) >= MIN_VECTORS else None
    frequencies = await repo.document_frequencies(session, terms)
    # BM25's idf (always positive).
    idf = {term: math.log(1 + (total - df + 0.5) / (df + 0.5)) for term in terms if (df := frequencies.get(term, 0))}
    # Words in most answers barely change the order but cost the most rows to add up: ranked without them
    # (they still count in `match`).
    # The rarest words decide the order: at most RANKED_TERMS of them.
    rare = {term: value for term, value in idf.items() if frequencies[term] <= total * COMMON_SHARE} or idf
    rare = dict(sorted(rare.items(), key=lambda item: -item[1])[:RANKED_TERMS])
    ranked = dict(await repo.ranked(session, rare, average_length, limit=CANDIDATES, topic_code=topic_code))
    meaning = Meaning(vectors, query, MIN_VECTORS)
    if not meaning.known:
        threshold *= WORDS_ONLY_SHARE
    candidates = list(dict.fromkeys([*ranked, *meaning.nearest(topic_code, CANDIDATES)]))
    shared = await repo.shared_terms(session, candidates, idf)
    unseen = math.log(1 + (total - 0.5) / 1.5) * UNSEEN_WEIGHT
    scored = []
    for answer_id in candidates:
        words = _match(terms, idf, unseen, shared[answer_id])
        close = meaning.of(answer_id)
        scored.append((combined(words, close), ranked.get(answer_id, 0.0), words, close, answer_id))
    scored.sort(key=lambda item: (-item[0], -item[1], item[4]))
    kept = [item for item in scored if item[0] >= threshold][:limit]
    answers = {a.id: a for a in await repo.by_ids(session, [item[4] for item in kept])}
    return [Hit(answers[i], bm25, match, words, close) for match, bm25, words, close, i in kept if i in answers]
