"""Recall of the anonymisation of consultations (`services.answers.anonymise`) on seeded Ukrainian texts.

Prints the share of seeded values removed, by kind, and lists every name missed.

    .venv/bin/python bench/anonymise.py [--count 400]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.answers.anonymise import anonymise
from tests.answers.seeded import cases, missed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=400)
    args = parser.parse_args()
    seeded: Counter[str] = Counter()
    found: Counter[str] = Counter()
    misses: list[str] = []
    for case in cases(args.count):
        result = anonymise(case.text)
        for kind, values in case.values.items():
            for value in values:
                seeded[kind] += 1
                if missed(kind, value, result):
                    if kind == "names":
                        misses.append(f"  {value!r}: {result}")
                else:
                    found[kind] += 1
    for kind in sorted(seeded):
        print(f"{kind}: {found[kind]}/{seeded[kind]} = {found[kind] / seeded[kind]:.3f}")
    print(f"names missed: {len(misses)}")
    print("\n".join(misses))


if __name__ == "__main__":
    main()
