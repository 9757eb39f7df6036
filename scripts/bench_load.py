"""Benchmark: load + validate a 100,000-card deck against tomllib.load alone.

    python scripts/bench_load.py [--cards 100000] [--repeat 3]

Target (issue 2): quizapp's load_deck takes at most 2x the time of
tomllib.load on the same file. Both are measured in this run, on this
machine, so the ratio is meaningful even on a noisy shared box.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tomllib
from pathlib import Path

from quizapp.deck import Card, Deck, DeckInfo, Source
from quizapp.deckfile import load_deck, save_deck


def make_deck(n: int) -> Deck:
    cards = []
    for i in range(n):
        year = 1900 + i % 120
        cards.append(
            Card(
                id=f"when-{i:08x}",
                kind="when",
                question=f"In what year did event number {i} of the chronicle take place?",
                answer=str(year),
                aliases=[f"the year {year}"],
                distractors=[str(year - 1), str(year + 1), str(year + 10)],
                tags=["when", "generated"],
                source=Source(
                    text=f"Event number {i} took place in {year}.", start=i * 40, end=i * 40 + 36
                ),
            )
        )
    return Deck(deck=DeckInfo(id="bench", title="Benchmark deck"), cards=cards)


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.toml"
        save_deck(make_deck(args.cards), path)
        size_mb = path.stat().st_size / 1e6

        def baseline() -> None:
            with path.open("rb") as fh:
                tomllib.load(fh)

        def ours() -> None:
            deck = load_deck(path)
            assert len(deck.cards) == args.cards

        # Interleave so that drift on a shared machine hits both sides alike.
        base_runs, our_runs = [], []
        for _ in range(args.repeat):
            base_runs.append(timed(baseline, 1))
            our_runs.append(timed(ours, 1))
        base, mine = statistics.median(base_runs), statistics.median(our_runs)
    print(f"deck: {args.cards} cards, {size_mb:.1f} MB; median of {args.repeat} runs")
    print(f"tomllib.load alone:        {base:.3f} s")
    print(f"quizapp load + validate:   {mine:.3f} s")
    print(f"ratio: {mine / base:.2f}x (target <= 2.00x)")


if __name__ == "__main__":
    main()
