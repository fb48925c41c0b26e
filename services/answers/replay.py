"""Real questions replayed through the search, to choose its threshold on what officials and lawyers said.

Labels, from the database:
- helped: an official pressed «Це відповідає на моє питання» (`AnswerEventKind.HELPED`): the question they
  typed fits that answer (biased towards the search as it was: they saw only what it suggested);
- used: a lawyer took a published answer as the start of the answer to a consultation (`USED`): the
  consultation's question fits that answer;
- nothing fits: an answered consultation no answer was taken for (a HELPED never names a consultation: it
  ends the asking without one). Noisy: a lawyer may have written afresh what the base had.

A question is replayed as it was asked: only answers published before it count (the one published from
that consultation, and later ones, are dropped from the hits); a used answer published after the question
makes it a "nothing fits" one. Approximations: the base is searched as it is now (retired answers are gone,
so labels on them are skipped; edited answers are searched in their new words; the later answers still
weigh in the words' rarity and take candidate places).

Questions are officials' personal data: the results hold ids, times and figures only, never a text.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.answers.base import SUGGESTIONS
from services.answers.search import CANDIDATES, MIN_VECTORS, WORDS_ONLY_SHARE, similar
from services.answers.vectors import published, query_vector
from storage.models import AnswerStatus, PublishedAnswer
from storage.repositories import answers as repo

SWEEP = tuple(round(0.25 + 0.05 * step, 2) for step in range(10))  # 0.25 .. 0.70
SILENCE_TARGET = 0.8  # "nothing fits" questions that get no suggestion
REPLAY_LIMIT = 2 * CANDIDATES  # every candidate of both signals


class LabelKind(enum.StrEnum):
    HELPED = "helped"
    USED = "used"
    NOTHING = "nothing"


@dataclass(frozen=True, slots=True)
class Labelled:
    kind: LabelKind
    question: str  # never printed
    asked_at: datetime
    fits: frozenset[int] = frozenset()  # the answers that fit (none: nothing fits)
    consultation_id: int | None = None


@dataclass(slots=True)
class Labels:
    questions: list[Labelled] = field(default_factory=list)
    erased: int = 0  # the text was removed (retention, erasure): nothing to replay
    retired: int = 0  # every answer that fitted was retired since: it cannot be found any more
    used_later: int = 0  # the used answers came after the question: among "nothing fits"

    def count(self, kind: LabelKind) -> int:
        return sum(1 for q in self.questions if q.kind == kind)


@dataclass(frozen=True, slots=True)
class Replayed:
    label: Labelled
    ranked: tuple[tuple[int, float], ...]  # (answer id, match) of the hits it could have had, best first


@dataclass(frozen=True, slots=True)
class Figures:
    threshold: float
    top1: float | None  # of the questions an answer fits (None: there are none)
    top3: float | None
    silence: float | None  # of the "nothing fits" questions


@dataclass(frozen=True, slots=True)
class Measured:
    labels: Labels
    figures: list[Figures]
    best: Figures | None  # silence >= SILENCE_TARGET with the best top-1 (None: no threshold does)
    words_only: bool  # the base is searched by words alone: thresholds apply x WORDS_ONLY_SHARE


def _live(answers: dict[int, PublishedAnswer], ids: set[int]) -> frozenset[int]:
    return frozenset(i for i in ids if i in answers and answers[i].status == AnswerStatus.PUBLISHED)


async def labelled_questions(session: AsyncSession, *, since: datetime | None = None) -> Labels:
    """The real questions with what fits them, asked since `since` (all: None)."""
    helped = await repo.helped_questions(session, since)
    used: dict[int, set[int]] = {}
    for answer_id, consultation_id in await repo.used_for_consultations(session):
        used.setdefault(consultation_id, set()).add(answer_id)
    consultations = await repo.answered_questions(session, since)
    wanted = {answer_id for answer_id, _, _ in helped} | {a for ids in used.values() for a in ids}
    answers = {a.id: a for a in await repo.by_ids(session, sorted(wanted))}
    labels = Labels()
    for answer_id, asked_at, question in helped:
        fits = _live(answers, {answer_id})
        if not question.strip():
            labels.erased += 1
        elif not fits:
            labels.retired += 1
        else:
            labels.questions.append(Labelled(LabelKind.HELPED, question, asked_at, fits))
    for consultation_id, asked_at, question, anonymised in consultations:
        if anonymised or not question.strip():
            labels.erased += 1
            continue
        taken = used.get(consultation_id, set())
        before = {
            a
            for a in taken
            if a not in answers
            or (answers[a].published_at < asked_at and answers[a].consultation_id != consultation_id)
        }
        fits = _live(answers, before)
        if taken and not before:
            labels.used_later += 1
        elif before and not fits:
            labels.retired += 1
            continue
        kind = LabelKind.USED if fits else LabelKind.NOTHING
        labels.questions.append(Labelled(kind, question, asked_at, fits, consultation_id))
    return labels


async def _words_only(session: AsyncSession) -> bool:
    """As `similar` decides: too few vectors, or a model that cannot run (logged), and words alone rank."""
    if len(await published(session)) < MIN_VECTORS:
        return True
    return await asyncio.to_thread(query_vector, "перевірка") is None


async def replay(session: AsyncSession, questions: Sequence[Labelled]) -> list[Replayed]:
    """Each question searched as the bot does, keeping the hits it could have had when it was asked."""
    replayed = []
    for question in questions:
        hits = await similar(session, question.question, limit=REPLAY_LIMIT, threshold=0.0)
        ranked = tuple(
            (hit.answer.id, hit.match)
            for hit in hits
            if hit.answer.published_at < question.asked_at
            and (question.consultation_id is None or hit.answer.consultation_id != question.consultation_id)
        )
        replayed.append(Replayed(question, ranked))
    return replayed


def sweep(replayed: Sequence[Replayed], thresholds: Sequence[float] = SWEEP, share: float = 1.0) -> list[Figures]:
    """Top-1, top-3 and silence at each threshold (a hit is shown when its match >= threshold x share)."""
    fitting = [r for r in replayed if r.label.fits]
    nothing = [r for r in replayed if not r.label.fits]
    figures = []
    for threshold in thresholds:
        top1 = top3 = silent = 0
        for item in replayed:
            shown = [answer_id for answer_id, match in item.ranked if match >= threshold * share][:SUGGESTIONS]
            if not item.label.fits:
                silent += not shown
                continue
            top1 += bool(shown) and shown[0] in item.label.fits
            top3 += bool(item.label.fits.intersection(shown))
        figures.append(
            Figures(
                threshold,
                top1 / len(fitting) if fitting else None,
                top3 / len(fitting) if fitting else None,
                silent / len(nothing) if nothing else None,
            )
        )
    return figures


def best(figures: Sequence[Figures], silence_target: float = SILENCE_TARGET) -> Figures | None:
    """The threshold meeting the silence target with the best top-1 (then top-3, silence, the lowest)."""
    meeting = [f for f in figures if f.silence is not None and f.silence >= silence_target and f.top1 is not None]
    if not meeting:
        return None
    return max(meeting, key=lambda f: (f.top1 or 0.0, f.top3 or 0.0, f.silence or 0.0, -f.threshold))


async def measure(
    session: AsyncSession, *, since: datetime | None = None, thresholds: Sequence[float] = SWEEP
) -> Measured:
    """Reads only: gathers the labels, replays them and sweeps the thresholds."""
    labels = await labelled_questions(session, since=since)
    words_only = await _words_only(session)
    replayed = await replay(session, labels.questions)
    figures = sweep(replayed, thresholds, WORDS_ONLY_SHARE if words_only else 1.0)
    return Measured(labels, figures, best(figures), words_only)
