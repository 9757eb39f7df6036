"""Benchmark the progress store at scale: 100,000 cards, 1,000,000 review-log rows.

    .venv/bin/python scripts/bench_store.py [--cards 100000] [--reviews 1000000] [--keep DIR]

Prints, for a big store and (as the baseline, same run) a 20-card store:
- open + build today's queue (Store.open, Session(...), counts(), next_card(), labels)
- median and p95 answer-and-commit time (Session.answer; synchronous=FULL, one fsync each)
- peak RSS of the measuring process (resource.getrusage), and how much of it the
  100k-card Deck object itself takes (the app holds that anyway).
Targets: queue <= 200 ms, answer <= 5 ms median, RSS <= 150 MB.

The store is generated with executemany in one transaction, then measured in a fresh
child process so generation does not count towards RSS or warm Python caches.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from quizapp.deck import Card, Deck, DeckInfo  # noqa: E402
from quizapp.study import DeckSettings, Rating, Session, Store  # noqa: E402
from quizapp.study.model import CardState, SchedulingState, to_ms  # noqa: E402
from quizapp.study.store import _state_params  # noqa: E402

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
DAY_MS = 86_400_000


def make_deck(n: int, deck_id: str) -> Deck:
    cards = [
        Card(
            id=f"c{i}",
            kind="basic",
            question=f"What happened in event number {i}?",
            answer=f"Answer {i}",
        )
        for i in range(n)
    ]
    return Deck(deck=DeckInfo(id=deck_id, title=deck_id), cards=cards)


def generate(path: Path, n_cards: int, n_reviews: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    deck = make_deck(n_cards, "bench")
    with Store.open(path) as store:
        store.sync_deck(deck, now=NOW)
        params = store._params_version(DeckSettings())
        conn = store._conn
        now_ms = to_ms(NOW)
        conn.execute("BEGIN IMMEDIATE")
        (deck_row,) = conn.execute("SELECT id FROM decks WHERE deck_id = 'bench'").fetchone()
        rows = conn.execute("SELECT id FROM cards WHERE deck = ? ORDER BY position", (deck_row,))
        ids = [r[0] for r in rows]
        # 30% new, 5% learning, 65% review (due from 30 days ago to a year ahead).
        studied = []
        updates = []
        for card_row in ids:
            roll = rng.random()
            if roll < 0.30:
                continue
            studied.append(card_row)
            if roll < 0.35:
                state = SchedulingState(
                    CardState.LEARNING,
                    1,
                    2.3,
                    5.0,
                    now_ms + rng.randint(-600_000, 3_600_000),
                    now_ms - 600_000,
                    2,
                    0,
                )
            else:
                due = now_ms + rng.randint(-30 * DAY_MS, 365 * DAY_MS)
                state = SchedulingState(
                    CardState.REVIEW,
                    None,
                    rng.uniform(1, 300),
                    rng.uniform(1, 10),
                    due,
                    due - rng.randint(1, 100) * DAY_MS,
                    rng.randint(1, 30),
                    rng.randint(0, 3),
                )
            # The store's own column order, so a schema change cannot skew the bench.
            updates.append((*_state_params(state), card_row))
        conn.executemany(
            "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due_ms = ?, "
            "last_review_ms = ?, reps = ?, lapses = ? WHERE id = ?",
            updates,
        )
        before = SchedulingState(CardState.REVIEW, None, 12.5, 5.1, now_ms, now_ms, 4, 0)
        after = SchedulingState(CardState.REVIEW, None, 30.2, 4.9, now_ms, now_ms, 5, 0)
        before_json, after_json = before.to_json(), after.to_json()
        start = now_ms - 3 * 365 * DAY_MS

        def reviews():
            for _ in range(n_reviews):
                yield (
                    rng.choice(studied),
                    deck_row,
                    rng.choice((1, 3, 3, 3, 3, 2, 4)),
                    "typed",
                    rng.randint(start, now_ms - DAY_MS),
                    rng.randint(1500, 20000),
                    2,
                    before_json,
                    after_json,
                    params,
                )

        conn.executemany(
            "INSERT INTO reviews (card, deck, rating, mode, reviewed_ms, duration_ms, "
            "state_before, before, after, params) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            reviews(),
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("ANALYZE")


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss across execve, so a child
    started by the generating parent would report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(path: Path, n_cards: int, answers: int) -> dict:
    """Runs in a fresh process."""
    rss_start = rss_mb()
    deck = make_deck(n_cards, "bench")
    rss_deck = rss_mb()
    clock_now = [NOW]
    t0 = time.perf_counter()
    store = Store.open(path)
    t_open = time.perf_counter()
    session = Session(store, deck, clock=lambda: clock_now[0], sync=False)
    counts = session.counts()
    item = session.next_card()
    labels = session.interval_labels(item.card_id) if item else {}
    t_queue = time.perf_counter()
    deck_counts = store.deck_counts("bench", now=NOW)
    t_counts = time.perf_counter()

    times = []
    for i in range(answers):
        item = session.next_card()
        # A small deck runs out of due cards; then answer any card.
        card_id = item.card_id if item else deck.cards[i % len(deck.cards)].id
        clock_now[0] += timedelta(seconds=3)
        started = time.perf_counter()
        session.answer(card_id, Rating.Good, mode="typed", duration_ms=3000)
        times.append(time.perf_counter() - started)
    # Also time next_card alone, the other per-answer cost the app pays.
    nexts = []
    for _ in range(50):
        started = time.perf_counter()
        session.next_card()
        nexts.append(time.perf_counter() - started)
    review_count = store.review_count()
    store.close()
    return {
        "open_ms": (t_open - t0) * 1000,
        "queue_ms": (t_queue - t0) * 1000,
        "deck_counts_ms": (t_counts - t_queue) * 1000,
        "answer_median_ms": statistics.median(times) * 1000,
        "answer_p95_ms": sorted(times)[int(len(times) * 0.95)] * 1000,
        "next_card_median_ms": statistics.median(nexts) * 1000,
        "rss_peak_mb": rss_mb(),
        "rss_interpreter_mb": rss_start,
        "rss_deck_object_mb": rss_deck - rss_start,
        "counts": [counts.new, counts.learning, counts.review],
        "deck_counts": [deck_counts.new, deck_counts.learning, deck_counts.due],
        "labels": {r.name: v for r, v in labels.items()},
        "reviews": review_count,
    }


def run_child(path: Path, n_cards: int, answers: int) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--measure",
            str(path),
            "--cards",
            str(n_cards),
            "--answers",
            str(answers),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="folder to keep the generated stores in")
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: measure the stores already there"
    )
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.cards, args.answers)))
        return 0

    folder = args.keep or Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    big, small = folder / "big.sqlite3", folder / "small.sqlite3"
    if not (args.reuse and big.exists() and small.exists()):
        for p in (big, small):
            for suffix in ("", "-wal", "-shm"):
                Path(str(p) + suffix).unlink(missing_ok=True)
        started = time.perf_counter()
        generate(big, args.cards, args.reviews)
        generated = time.perf_counter() - started
        generate(small, 20, 100)
        print(f"generated in {generated:.1f} s")
    size_mb = big.stat().st_size / 1e6
    print(f"store {big}: {args.cards:,} cards, {args.reviews:,} reviews, {size_mb:.0f} MB")
    base = run_child(small, 20, args.answers)
    result = run_child(big, args.cards, args.answers)

    def line(label, key, target=None, unit="ms"):
        ratio = result[key] / base[key] if base[key] else float("nan")
        verdict = "" if target is None else ("  ok" if result[key] <= target else "  OVER TARGET")
        goal = "" if target is None else f" (target <= {target:g} {unit})"
        print(
            f"{label:<32} {result[key]:8.2f} {unit}   baseline {base[key]:7.2f} {unit}   "
            f"x{ratio:.2f}{goal}{verdict}"
        )

    line("open store", "open_ms")
    line("open + build today's queue", "queue_ms", 200)
    line("deck list counts", "deck_counts_ms")
    line("answer+commit, median", "answer_median_ms", 5)
    line("answer+commit, p95", "answer_p95_ms")
    line("next_card, median", "next_card_median_ms")
    line("peak RSS", "rss_peak_mb", 150, "MB")
    print(
        f"  of which: interpreter+imports {result['rss_interpreter_mb']:.0f} MB, "
        f"the {args.cards:,}-card Deck object {result['rss_deck_object_mb']:.0f} MB, "
        f"store work {result['rss_peak_mb'] - result['rss_interpreter_mb'] - result['rss_deck_object_mb']:.0f} MB"
    )
    print(f"queue counts new/learning/review: {result['counts']}  labels: {result['labels']}")
    print(f"reviews after answering: {result['reviews']:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
