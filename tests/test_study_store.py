"""The progress store: location, pragmas, schema, and every fault it must survive."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from quizapp.errors import UserError
from quizapp.study import Rating, Session, Store, default_store_path
from quizapp.study.store import SCHEMA_VERSION, StoreCorrupt
from tests.study_helpers import BERLIN, FakeClock, make_deck


def answered_store(path, n=3):
    clock = FakeClock()
    with Store.open(path) as store:
        session = Session(store, make_deck(n), clock=clock, tz=BERLIN)
        for i in range(n):
            session.answer(f"c{i}", Rating.Good)
    return path


def test_default_path_uses_quizapp_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))
    assert default_store_path() == tmp_path / "data" / "progress.sqlite3"
    with Store.open() as store:
        assert store.path == tmp_path / "data" / "progress.sqlite3"
    assert (tmp_path / "data" / "progress.sqlite3").exists()


def test_default_path_without_override_is_platformdirs(monkeypatch):
    from platformdirs import user_data_dir

    monkeypatch.delenv("QUIZAPP_DATA_DIR")
    assert str(default_store_path()).startswith(user_data_dir("quizapp", appauthor=False))


def test_pragmas_and_schema(tmp_path):
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as store:
        conn = store._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"decks", "cards", "reviews", "params", "holders"} <= tables


def test_answer_is_committed_before_return(tmp_path):
    # A second connection sees the review as soon as answer() returns.
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as store:
        session = Session(store, make_deck(1), clock=FakeClock(), tz=BERLIN)
        session.answer("c0", Rating.Good, mode="typed", duration_ms=1234)
        other = sqlite3.connect(path)
        row = other.execute(
            "SELECT rating, mode, duration_ms, state_before, before, after, params FROM reviews"
        ).fetchone()
        other.close()
    assert row[:4] == (3, "typed", 1234, 0)
    assert row[4].startswith("[0,") and row[5].startswith("[1,") and row[6] >= 1


def test_reopen_keeps_progress(tmp_path):
    path = answered_store(tmp_path / "p.sqlite3")
    with Store.open(path) as store:
        assert store.review_count("deck") == 3
        assert store.integrity_check() == ["ok"]
        history = store.card_history("deck", "c1")
        assert [h.rating for h in history] == [3]


def test_no_card_state_without_a_deck(tmp_path):
    with Store.open(tmp_path / "p.sqlite3") as store:
        store.sync_deck(make_deck(1))
        with pytest.raises(sqlite3.IntegrityError):
            store._conn.execute("INSERT INTO cards (deck, card_id, position) VALUES (99, 'x', 0)")


# -- faults ----------------------------------------------------------------------------


def damaged_copies(path):
    return sorted(p for p in path.parent.iterdir() if ".damaged-" in p.name)


def test_not_sqlite_is_copied_aside_and_explained(tmp_path):
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"these are my notes, not a database" * 10)
    original = path.read_bytes()
    with pytest.raises(UserError) as caught:
        Store.open(path)
    message = str(caught.value)
    assert caught.value.code == 1 and "\n" not in message
    assert str(path) in message and "not an SQLite database" in message
    assert "delete or move" in message
    (copy,) = damaged_copies(path)
    assert copy.read_bytes() == original and str(copy) in message
    assert path.read_bytes() == original  # left in place, untouched


def test_truncated_file(tmp_path):
    path = answered_store(tmp_path / "progress.sqlite3", n=200)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    with pytest.raises(StoreCorrupt, match="truncated"):
        Store.open(path)
    assert len(damaged_copies(path)) == 1


def test_failed_integrity_check(tmp_path):
    path = answered_store(tmp_path / "progress.sqlite3", n=300)
    for suffix in ("-wal", "-shm"):
        assert not path.with_name(path.name + suffix).exists()  # checkpointed on close
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'reviews'").fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    # Scribble over the reviews table's root page; the file header stays valid.
    start = (root - 1) * page
    data[start : start + 64] = b"\x0d" + b"\xff" * 63
    path.write_bytes(bytes(data))
    with pytest.raises(StoreCorrupt) as caught:
        Store.open(path)
    assert str(path) in str(caught.value)
    assert caught.value.backup is not None and caught.value.backup.exists()


def test_damaged_copy_never_overwrites(tmp_path):
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"garbage" * 100)
    for _ in range(3):
        with pytest.raises(StoreCorrupt):
            Store.open(path)
    assert len(damaged_copies(path)) == 3


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "p.sqlite3"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(UserError, match="newer quizapp"):
        Store.open(path)


def test_old_schema_is_migrated_forward(tmp_path):
    path = tmp_path / "p.sqlite3"
    sqlite3.connect(path).close()  # an empty version-0 database
    with Store.open(path) as store:
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    answered_store(folder / "progress.sqlite3")
    folder.chmod(0o555)
    try:
        with pytest.raises(UserError, match="read-only") as caught:
            Store.open(folder / "progress.sqlite3")
        assert "QUIZAPP_DATA_DIR" in str(caught.value)
    finally:
        folder.chmod(0o755)
    with Store.open(folder / "progress.sqlite3") as store:
        assert store.review_count() == 3


def test_read_only_directory_is_detected(tmp_path, monkeypatch):
    # Also when running as root (where chmod does not stop writes), via os.access.
    real_access = os.access
    folder = tmp_path / "ro"
    folder.mkdir()
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if str(p) == str(folder) else real_access(p, mode)
    )
    with pytest.raises(UserError, match=r"read-only.*QUIZAPP_DATA_DIR"):
        Store.open(folder / "progress.sqlite3")


def test_full_disk_loses_nothing_committed(tmp_path):
    path = answered_store(tmp_path / "p.sqlite3", n=2)
    clock = FakeClock()
    deck = make_deck(400)
    with Store.open(path) as store:
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store.sync_deck(deck)
        session = Session(store, deck, clock=clock, tz=BERLIN, sync=False)
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages}")  # the "disk" is now full
        saved = 0
        with pytest.raises(UserError) as caught:
            for i in range(2, 400):
                session.answer(f"c{i}", Rating.Good, duration_ms=10**6)
                saved += 1
        assert "full" in str(caught.value) and caught.value.code == 1
        assert "earlier progress is safe" in str(caught.value)
    with Store.open(path) as store:
        assert store.review_count() == 2 + saved
        assert store.integrity_check() == ["ok"]


LOCKER = textwrap.dedent(
    """
    import sys, time
    from quizapp.study import Store
    store = Store.open(sys.argv[1])
    store._conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    time.sleep(30)
    """
)


def test_locked_database_names_the_holder(tmp_path):
    path = answered_store(tmp_path / "p.sqlite3")
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with Store.open(path, timeout=0.2) as store:  # opening waits, reads still work
            pytest.fail("opened while another process held the write lock")
    except UserError as exc:
        message = str(exc)
        assert "locked" in message and f"pid {holder.pid}" in message
        assert str(path) in message and exc.code == 1
    finally:
        holder.kill()
        holder.wait()
    with Store.open(path) as store:  # the holder died: its row is cleaned up
        assert [pid for (pid,) in store.execute("SELECT pid FROM holders")] == [os.getpid()]


def test_the_study_package_exports_exactly_what_it_can_load():
    import quizapp.study as study

    assert sorted(study.__all__) == sorted(study._HOME)
    for name in study.__all__:
        assert getattr(study, name) is not None
