"""Real processes against a real store file: SIGKILL at random moments, and two
processes answering at once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

REPO = Path(__file__).resolve().parent.parent

# Answers (and sometimes undoes) in a loop; each line is printed only after the
# call returned, i.e. after the transaction committed.
WORKER = textwrap.dedent(
    """
    import random, sys
    from quizapp.study import Rating, Session, Store
    from tests.study_helpers import make_deck

    path, seed, parity, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    deck = make_deck(40)
    mine = [c.id for i, c in enumerate(deck.cards) if parity < 0 or i % 2 == parity]
    store = Store.open(path, timeout=10)
    session = Session(store, deck)
    print("ready", flush=True)
    if parity >= 0:
        sys.stdin.readline()  # start together
    for _ in range(count):
        if session.can_undo and rng.random() < 0.15:
            review_id = session._undo[-1].review_id
            print("undoing", review_id, flush=True)
            session.undo()
            print("undone", review_id, flush=True)
            continue
        card_id = rng.choice(mine)
        result = session.answer(card_id, rng.choice(list(Rating)), mode="typed", duration_ms=5)
        print("answered", result.review_id, card_id, flush=True)
    store.close()
    print("done", flush=True)
    """
)


def start_worker(path: Path, seed: int, parity: int = -1, count: int = 10**6) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, str(path), str(seed), str(parity), str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
    )


def parse(lines: list[str]) -> tuple[dict[int, str], set[int], set[int]]:
    answered: dict[int, str] = {}
    undoing: set[int] = set()
    undone: set[int] = set()
    for line in lines:
        parts = line.split()
        if not line.endswith("\n") or not parts:
            continue  # cut off by the kill: not reported
        if parts[0] == "answered":
            answered[int(parts[1])] = parts[2]
        elif parts[0] == "undoing":
            undoing.add(int(parts[1]))
        elif parts[0] == "undone":
            undone.add(int(parts[1]))
    return answered, undoing, undone


def log_rows(path: Path) -> dict[int, str]:
    conn = sqlite3.connect(path)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'reviews'").fetchone():
            return {}  # killed before the schema was created
        return dict(
            conn.execute("SELECT r.id, c.card_id FROM reviews r JOIN cards c ON c.id = r.card")
        )
    finally:
        conn.close()


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def test_sigkill_at_random_moments_loses_no_committed_answer(tmp_path):
    path = tmp_path / "progress.sqlite3"
    rng = random.Random(4)
    started = time.monotonic()
    must_exist: dict[int, str] = {}
    gone: set[int] = set()
    kills_after_ready = 0
    for run in range(50):
        worker = start_worker(path, seed=run)
        if run % 5 == 0:
            # Kill anywhere, including while opening, migrating or syncing.
            time.sleep(rng.uniform(0, 0.4))
        else:
            assert worker.stdout.readline() == "ready\n", worker.stderr.read()
            kills_after_ready += 1
            time.sleep(rng.uniform(0.0, 0.12))
        worker.send_signal(signal.SIGKILL)
        out, err = worker.communicate()
        assert worker.returncode == -signal.SIGKILL, err
        answered, undoing, undone = parse(out.splitlines(keepends=True))
        assert undone <= set(answered) | set(must_exist)
        for review_id in undoing:  # maybe undone, maybe not: no claim either way
            must_exist.pop(review_id, None)
            answered.pop(review_id, None)
        gone |= undone
        must_exist.update(answered)

        assert integrity(path) == ["ok"], f"run {run}"
        rows = log_rows(path)
        missing = {k: v for k, v in must_exist.items() if rows.get(k) != v}
        assert not missing, f"run {run}: committed answers lost: {missing}"
        assert not gone & set(rows), f"run {run}: undone reviews came back"
    assert kills_after_ready == 40
    assert len(must_exist) > 100, "the kills should land mid-loop, after many answers"
    # The store still opens and works afterwards.
    from quizapp.study import Store

    with Store.open(path) as store:
        assert store.integrity_check() == ["ok"]
        assert store.review_count() >= len(must_exist)
    assert time.monotonic() - started < 60


def test_two_processes_answer_at_once(tmp_path):
    path = tmp_path / "progress.sqlite3"
    count = 150
    workers = [start_worker(path, seed=p, parity=p, count=count) for p in (0, 1)]
    for worker in workers:
        assert worker.stdout.readline() == "ready\n", worker.stderr.read()
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        assert out.rstrip().endswith("done")
        results.append(parse(out.splitlines(keepends=True)))
    rows = log_rows(path)
    expected: dict[int, str] = {}
    for parity, (answered, undoing, undone) in enumerate(results):
        assert undoing == undone
        assert all(int(card[1:]) % 2 == parity for card in answered.values())
        for review_id in undone:
            answered.pop(review_id)
        assert not set(answered) & set(expected), "a review id was handed out twice"
        expected.update(answered)
    assert rows == expected  # nothing lost, nothing duplicated, nothing left from undos
    conn = sqlite3.connect(path)
    try:
        # Each card's rep count agrees with its log.
        mismatched = conn.execute(
            "SELECT c.card_id FROM cards c LEFT JOIN "
            "(SELECT card, count(*) n FROM reviews GROUP BY card) r ON r.card = c.id "
            "WHERE c.reps != coalesce(r.n, 0)"
        ).fetchall()
    finally:
        conn.close()
    assert mismatched == []
    assert integrity(path) == ["ok"]
