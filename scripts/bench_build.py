#!/usr/bin/env python3
"""Build time for 1 MB and 10 MB of real prose (the seed and test passages repeated).

    .venv/bin/python scripts/bench_build.py [--small-mb 1] [--large-mb 10]

Prints chars/second for each size and the ratio of the two times; the builder
should stay roughly linear (10x the text at most ~12x the time). Repeated prose
is deduplicated into one card per fact, so the deck stays small while every
sentence is still cleaned, split and parsed.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from quizapp.builder import build_deck

REPO = Path(__file__).resolve().parent.parent


def corpus() -> str:
    texts = [(REPO / "seeds" / "000_2b666ea2131b1c58.txt").read_text(encoding="utf-8")]
    texts += [
        p.read_text(encoding="utf-8") for p in sorted((REPO / "tests/data/passages").glob("*.txt"))
    ]
    return "\n\n".join(texts)


def text_of_size(chars: int) -> str:
    unit = corpus()
    return (unit * (chars // len(unit) + 1))[:chars]


def timed(text: str) -> tuple[float, int]:
    start = time.perf_counter()
    result = build_deck([("bench.txt", text)], deck_id="bench", title="Bench")
    return time.perf_counter() - start, len(result.deck.cards)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small-mb", type=float, default=1.0)
    ap.add_argument("--large-mb", type=float, default=10.0)
    args = ap.parse_args()
    timed(text_of_size(20_000))  # warm caches and imports
    rows = []
    for mb in (args.small_mb, args.large_mb):
        text = text_of_size(int(mb * 1_000_000))
        seconds, cards = timed(text)
        rows.append(seconds)
        print(
            f"{mb:>5.1f} MB: {seconds:7.2f} s  {len(text) / seconds:>12,.0f} chars/s  {cards} cards"
        )
    ratio = rows[1] / rows[0]
    size_ratio = args.large_mb / args.small_mb
    print(
        f"time ratio {ratio:.2f} for {size_ratio:.0f}x the text (target <= {1.2 * size_ratio:.0f})"
    )


if __name__ == "__main__":
    main()
