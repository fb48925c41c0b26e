"""How well and how fast the hot line finds published answers (`services.answers.search.similar`).

Quality, on each evaluation set: every pair's published question and answer and
every distractor (an unrelated published answer) go into a fresh SQLite
database; then each pair's question as an official would type it is searched.
Prints top-1 and top-3 hit rates (the right answer first; among the
suggestions) and, for the questions that no published answer covers, the share
for which nothing is suggested.

Two sets: `tuning` (`bench/data/answer_search.json`; the thesaurus and the
ranking were tuned while reading its misses) and `heldout`
(`bench/data/answer_search_heldout.json`, written before any change made after
it and never tuned on: it shows whether the figures hold on questions nobody
looked at). `--misses` lists the tuning set's misses; the held-out set's only
with `--set heldout` named, for a diagnosis, never to tune on.

Speed: 10,000 published answers on SQLite (the sets' answers, and synthetic
answers built from their vocabulary), then every question of the sets searched
as the bot does it (lemmatising included, analyser warm): p50 and p95.

    .venv/bin/python bench/answer_search.py [--set tuning|heldout|both] [--size 10000] [--threshold 0.3] [--misses]

Real data (`--database URL`, e.g. the bot's `$DATABASE_URL`): the questions officials typed and what fitted
them (see `services/answers/replay.py`: "this answers my question", answers lawyers took into their answer,
answered consultations nothing was taken for), each replayed as it was asked; for each threshold of a sweep,
top-1 and top-3 (of the questions an answer fits) and silence (of the "nothing fits" ones), then the
threshold that keeps silence >= 0.8 with the best top-1. It only reads (one read-only transaction, rolled
back) and prints figures only: never a question, which is an official's personal data.

    .venv/bin/python bench/answer_search.py --database "$DATABASE_URL" [--since 2026-12-01]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession

from services.answers.lemmas import terms as index_terms
from services.answers.replay import SILENCE_TARGET, LabelKind, Measured, measure
from services.answers.search import SUGGEST_THRESHOLD, similar
from storage.db import create_engine, create_session_pool, refresh_statistics
from storage.migrate import upgrade_database
from storage.models import AnswerStatus, AnswerTerm, AnswerVector, PublishedAnswer, User

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.factories import add_published

SETS = {
    "tuning": Path(__file__).parent / "data" / "answer_search.json",
    "heldout": Path(__file__).parent / "data" / "answer_search_heldout.json",
}
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def load_set(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SETS[name].read_text(encoding="utf-8"))
    return data


def merged(sets: list[dict[str, Any]]) -> dict[str, Any]:
    """The sets as one (for the latency run)."""
    return {key: [item for data in sets for item in data[key]] for key in ("pairs", "distractors", "unrelated")}


async def _published(session: Any, author_id: int, item: dict[str, str]) -> PublishedAnswer:
    return await add_published(
        session,
        author_id,
        item["topic"],
        item["question"],
        item["answer"],
        at=NOW,
        legal_basis=item.get("legal_basis", ""),
    )


async def build(url: str, data: dict[str, Any], synthetic: int) -> list[int]:
    """Migrates, stores the set (and `synthetic` generated answers); returns the pairs' answer ids in order."""
    engine = create_engine(url)
    await upgrade_database(engine)
    pool = create_session_pool(engine)
    async with pool() as session, session.begin():
        author = User(telegram_id=1, full_name="Юрист")
        session.add(author)
        await session.flush()
        ids = [(await _published(session, author.id, item)).id for item in data["pairs"]]
        for item in data["distractors"]:
            await _published(session, author.id, item)
    if synthetic:
        await _synthetic(pool, author.id, data, synthetic)
    await refresh_statistics(engine)
    await engine.dispose()
    return ids


async def _synthetic(pool: Any, author_id: int, data: dict[str, Any], count: int) -> None:
    """Answers made of the set's own lemmas (Zipf-like: common words common), in bulk; random unit vectors
    (the cost of comparing with them is that of real ones)."""
    vocabulary: list[str] = []
    for item in [*data["pairs"], *data["distractors"]]:
        vocabulary += index_terms(f"{item['question']} {item['answer']}")
    rng = random.Random(12)
    topics = sorted({item["topic"] for item in data["pairs"]})
    async with pool() as session, session.begin():
        batch = 1000
        for start in range(0, count, batch):
            rows = []
            bags = []
            for _ in range(min(batch, count - start)):
                bag: dict[str, int] = {}
                for term in rng.choices(vocabulary, k=rng.randint(40, 90)):
                    bag[term] = bag.get(term, 0) + 1
                for term in rng.choices(vocabulary, k=rng.randint(6, 14)):
                    bag[term] = bag.get(term, 0) + 3
                bags.append(bag)
                rows.append(
                    {
                        "topic_code": rng.choice(topics),
                        "question": "синтетичне питання",
                        "answer": "синтетична відповідь",
                        "legal_basis": "",
                        "term_count": sum(bag.values()),
                        "author_id": author_id,
                        "published_at": NOW,
                        "updated_at": NOW,
                        "status": AnswerStatus.PUBLISHED,
                        "version": 0,
                    }
                )
            result = await session.execute(insert(PublishedAnswer).returning(PublishedAnswer.id), rows)
            new_ids = list(result.scalars())
            terms = [
                {"term": term, "answer_id": answer_id, "weight": weight}
                for answer_id, bag in zip(new_ids, bags, strict=True)
                for term, weight in bag.items()
            ]
            await session.execute(insert(AnswerTerm), terms)
            vectors = np.random.default_rng(start).standard_normal((len(new_ids), 384)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            await session.execute(
                insert(AnswerVector),
                [{"answer_id": i, "vector": v.tobytes()} for i, v in zip(new_ids, vectors, strict=True)],
            )


async def quality(url: str, data: dict[str, Any], ids: list[int], threshold: float, misses: bool) -> dict[str, float]:
    engine = create_engine(url)
    pool = create_session_pool(engine)
    top1 = top3 = 0
    async with pool() as session:
        for item, expected in zip(data["pairs"], ids, strict=True):
            hits = await similar(session, item["asked"], threshold=threshold)
            found = [hit.answer.id for hit in hits]
            top1 += bool(found) and found[0] == expected
            top3 += expected in found
            if misses and (not found or found[0] != expected):
                shown = [f"{hit.answer.question[:50]} ({hit.match:.2f})" for hit in hits]
                print(f"  miss{'' if expected in found else ' (not in 3)'}: {item['asked']} -> {shown}")
        silent = 0
        for text in data["unrelated"]:
            hits = await similar(session, text, threshold=threshold)
            silent += not hits
            if misses and hits:
                print(f"  suggested for unrelated: {text} -> {hits[0].answer.question[:50]} ({hits[0].match:.2f})")
    await engine.dispose()
    return {
        "top1": top1 / len(ids),
        "top3": top3 / len(ids),
        "silent": silent / len(data["unrelated"]),
    }


async def latency(url: str, data: dict[str, Any], rounds: int = 3) -> dict[str, float]:
    engine = create_engine(url)
    pool = create_session_pool(engine)
    questions = [item["asked"] for item in data["pairs"]] + list(data["unrelated"])
    timings = []
    async with pool() as session:
        await similar(session, questions[0])  # loads the analyser once, as the first search of a process does
        # As the bot does once it has started (bot/app.py): what lives as long as the process (here: the sets
        # and what building the databases left) is frozen, out of the collector's walks during the searches.
        gc.collect()
        gc.freeze()
        pauses: list[float] = []

        def timed(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                pauses.append(time.perf_counter())
            elif pauses:
                pauses[-1] = time.perf_counter() - pauses[-1]

        gc.callbacks.append(timed)
        for _ in range(rounds):
            for text in questions:
                started = time.perf_counter()
                await similar(session, text)
                timings.append((time.perf_counter() - started) * 1000)
        gc.callbacks.remove(timed)
    print(f"  garbage collections during the searches: {len(pauses)}, {sum(pauses) * 1000:.0f} ms in all")
    await engine.dispose()
    timings.sort()
    return {
        "searches": len(timings),
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "max": timings[-1],
    }


async def read_only(session: AsyncSession) -> None:
    """Whatever runs in this transaction can only read (it is rolled back in the end anyway)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SET TRANSACTION READ ONLY"))
    else:
        await session.execute(text("PRAGMA query_only = ON"))


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def report(measured: Measured, current: float) -> list[str]:
    """Aggregates only: counts and rates, never a question's text."""
    labels = measured.labels
    lines = [
        f"labelled questions: {len(labels.questions)}: helped {labels.count(LabelKind.HELPED)}, "
        f"used {labels.count(LabelKind.USED)}, nothing fits {labels.count(LabelKind.NOTHING)} "
        f"(of which the used answer was published later {labels.used_later}); "
        f"skipped: text erased {labels.erased}, answer retired since {labels.retired}",
    ]
    if measured.words_only:
        lines.append("  the base is searched by words alone (too few vectors, or no model): thresholds x 2/3")
    for f in measured.figures:
        lines.append(
            f"  threshold {f.threshold:.2f}: top-1 {_rate(f.top1)}, top-3 {_rate(f.top3)}, silence {_rate(f.silence)}"
        )
    chosen = measured.best
    if chosen is None:
        lines.append(f"  no threshold keeps silence >= {SILENCE_TARGET} with questions an answer fits")
    else:
        lines.append(
            f"  best with silence >= {SILENCE_TARGET}: threshold {chosen.threshold:.2f} (top-1 {_rate(chosen.top1)}, "
            f"top-3 {_rate(chosen.top3)}, silence {_rate(chosen.silence)}); SUGGEST_THRESHOLD is {current}"
        )
    return lines


async def real_data(url: str, since: datetime | None = None) -> Measured:
    """Measures on a real database, reading only; prints figures only."""
    engine = create_engine(url)
    try:
        async with AsyncSession(engine) as session:
            await read_only(session)
            try:
                measured = await measure(session, since=since)
            finally:
                await session.rollback()
    finally:
        await engine.dispose()
    print(
        f"real data ({engine.dialect.name}{f', asked since {since.astimezone(UTC):%Y-%m-%d %H:%M} UTC' if since else ''}):"
    )
    for line in report(measured, SUGGEST_THRESHOLD):
        print(line)
    return measured


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", help="measure on a real database (read only): the questions asked and labelled")
    parser.add_argument("--since", type=datetime.fromisoformat, help="with --database: questions asked since (UTC)")
    parser.add_argument("--set", choices=["tuning", "heldout", "both"], default="both", dest="which")
    parser.add_argument("--size", type=int, default=10_000, help="published answers for the latency run (0: none)")
    parser.add_argument("--threshold", type=float, default=SUGGEST_THRESHOLD)
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    if args.database:
        since = args.since.replace(tzinfo=args.since.tzinfo or UTC) if args.since else None
        await real_data(args.database, since)
        return
    names = list(SETS) if args.which == "both" else [args.which]
    sets = {name: load_set(name) for name in names}
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in sets.items():
            topics = sorted({item["topic"] for item in data["pairs"]})
            print(
                f"{name} set: {len(data['pairs'])} pairs over {len(topics)} topics, "
                f"{len(data['distractors'])} distractors, {len(data['unrelated'])} unrelated questions"
            )
            url = f"sqlite+aiosqlite:///{tmp}/quality-{name}.sqlite3"
            ids = await build(url, data, 0)
            # The held-out set's misses are listed only when asked by name: reading them is how a set stops being held out.
            misses = args.misses and (name == "tuning" or args.which == "heldout")
            figures = await quality(url, data, ids, args.threshold, misses)
            print(
                f"  threshold {args.threshold}: top-1 {figures['top1']:.3f} (target >= 0.6), "
                f"top-3 {figures['top3']:.3f} (target >= 0.85), "
                f"nothing suggested for unrelated {figures['silent']:.3f} (target >= 0.8)"
            )
        if not args.size:
            return
        everything = merged(list(sets.values()))
        url = f"sqlite+aiosqlite:///{tmp}/latency.sqlite3"
        synthetic = max(args.size - len(everything["pairs"]) - len(everything["distractors"]), 0)
        await build(url, everything, synthetic)
        timing = await latency(url, everything)
        print(
            f"{args.size} published answers, SQLite: {timing['searches']:.0f} searches, "
            f"p50 {timing['p50']:.1f} ms, p95 {timing['p95']:.1f} ms (target <= 100), max {timing['max']:.1f} ms"
        )


if __name__ == "__main__":
    asyncio.run(main())
