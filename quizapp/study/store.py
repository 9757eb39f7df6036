"""The progress store: one SQLite file holding every card's scheduling state and
an append-only review log.

- Location: `$QUIZAPP_DATA_DIR/progress.sqlite3`, else the platformdirs user data
  dir for "quizapp".
- WAL journal, synchronous=FULL, foreign keys on, busy timeout. Every write is
  one transaction committed before the method returns.
- Card state is keyed by (deck id, card id). A card whose id survives a deck edit
  keeps its progress; cards removed from the deck keep their rows and history
  (marked not in deck, never queued); a deck whose id changed is a new deck.
- Schema version in PRAGMA user_version; `_MIGRATIONS` only ever move forward.
- Faults become `quizapp.errors.UserError` with one line naming the path and
  the fix: damaged file (copied aside first, never overwritten), locked database
  (names the holding process when known), read-only directory, full disk.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from quizapp.errors import UserError
from quizapp.study.model import (
    CardState,
    DeckSettings,
    SchedulingState,
    day_bounds,
    from_ms,
    study_day,
    to_ms,
)

if TYPE_CHECKING:
    from quizapp.deck import Deck

__all__ = [
    "STORE_FILENAME",
    "CardRow",
    "DeckCounts",
    "ReviewEntry",
    "Store",
    "SyncResult",
    "default_data_dir",
    "default_store_path",
]

STORE_FILENAME = "progress.sqlite3"


def default_data_dir() -> Path:
    """`QUIZAPP_DATA_DIR` if set, else the platformdirs user data dir."""
    override = os.environ.get("QUIZAPP_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("quizapp", appauthor=False))


def default_store_path() -> Path:
    return default_data_dir() / STORE_FILENAME


class SyncResult(NamedTuple):
    """What `Store.sync_deck` changed. Lists hold card ids."""

    deck_id: str
    added: list[str]
    kept: int
    removed: list[str]
    restored: list[str]  # back in the deck after having been removed: progress kept


class DeckCounts(NamedTuple):
    """Counts for a deck list. new/due are already capped by today's remaining limits.

    new:      new cards that can still be introduced today
    learning: learning/relearning cards due today (before the day ends)
    due:      review cards due today (most overdue first), capped by the review limit
    """

    deck_id: str
    new: int
    learning: int
    due: int
    total: int  # cards in the deck (removed cards not counted)
    suspended: int
    buried: int
    last_studied: date | None  # study day of the latest review, None if never


class CardRow(NamedTuple):
    """One row of the card browser."""

    card_id: str
    state: CardState
    due: datetime | None  # None for new cards
    suspended: bool
    buried: bool  # buried until the next study day
    reps: int
    lapses: int
    stability: float | None
    difficulty: float | None
    last_review: datetime | None
    in_deck: bool  # False: removed from the deck file; history kept


class ReviewEntry(NamedTuple):
    """One review-log row."""

    review_id: int
    deck_id: str
    card_id: str
    rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    mode: str  # "flashcard" | "choice" | "typed"
    reviewed_at: datetime
    duration_ms: int | None
    before: SchedulingState
    after: SchedulingState
    params_version: int


SQLITE_HEADER = b"SQLite format 3\x00"
# Below this size every open runs PRAGMA quick_check; above it only the header
# and size are checked at open (a full check of a large file costs seconds), and a
# malformed page is caught when SQLite reads it.
QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024

_V1 = """
CREATE TABLE decks (
    id INTEGER PRIMARY KEY,
    deck_id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    settings TEXT,
    created_ms INTEGER NOT NULL,
    synced_ms INTEGER
);
CREATE TABLE cards (
    id INTEGER PRIMARY KEY,
    deck INTEGER NOT NULL REFERENCES decks(id),
    card_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    in_deck INTEGER NOT NULL DEFAULT 1,
    state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),
    step INTEGER,
    stability REAL,
    difficulty REAL,
    due_ms INTEGER,
    last_review_ms INTEGER,
    reps INTEGER NOT NULL DEFAULT 0,
    lapses INTEGER NOT NULL DEFAULT 0,
    suspended INTEGER NOT NULL DEFAULT 0,
    buried_until_ms INTEGER,
    UNIQUE (deck, card_id)
);
CREATE INDEX cards_due ON cards (deck, state, due_ms) WHERE in_deck = 1 AND suspended = 0;
CREATE INDEX cards_new ON cards (deck, position) WHERE state = 0 AND in_deck = 1 AND suspended = 0;
CREATE TABLE params (
    id INTEGER PRIMARY KEY,
    json TEXT NOT NULL UNIQUE
);
CREATE TABLE reviews (
    -- AUTOINCREMENT: an undone review's id is never handed out again.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    card INTEGER NOT NULL REFERENCES cards(id),
    deck INTEGER NOT NULL REFERENCES decks(id),
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    mode TEXT NOT NULL,
    reviewed_ms INTEGER NOT NULL,
    duration_ms INTEGER,
    state_before INTEGER NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    params INTEGER NOT NULL REFERENCES params(id)
);
CREATE INDEX reviews_deck_time ON reviews (deck, reviewed_ms);
CREATE INDEX reviews_time ON reviews (reviewed_ms);
CREATE INDEX reviews_card ON reviews (card, id);
CREATE TABLE holders (
    pid INTEGER PRIMARY KEY,
    since_ms INTEGER NOT NULL,
    command TEXT NOT NULL
);
"""

# Forward migrations: _MIGRATIONS[n] takes user_version n to n + 1. Never edit a
# released entry; append a new one.
_MIGRATIONS: list[str] = [_V1]
SCHEMA_VERSION = len(_MIGRATIONS)

_CARD_COLS = "state, step, stability, difficulty, due_ms, last_review_ms, reps, lapses"


def _state_from_row(row: sqlite3.Row | tuple) -> SchedulingState:
    state, step, stability, difficulty, due, last, reps, lapses = row
    return SchedulingState(
        CardState.from_code(state), step, stability, difficulty, due, last, reps, lapses
    )


def _state_params(state: SchedulingState) -> tuple:
    return (
        state.state.code,
        state.step,
        state.stability,
        state.difficulty,
        state.due_ms,
        state.last_review_ms,
        state.reps,
        state.lapses,
    )


def _now_ms() -> int:
    return to_ms(datetime.now(UTC))


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return any(
        marker in text
        for marker in ("malformed", "not a database", "file is encrypted", "disk image")
    )


def _is_busy(exc: Exception) -> bool:
    if isinstance(exc, StoreLocked):
        return True
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class StoreLocked(UserError):
    """Another process kept the write lock longer than the timeout."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code=1)


class StoreCorrupt(UserError):
    """The progress file is damaged; a copy has been saved next to it."""

    def __init__(self, message: str, backup: Path | None) -> None:
        super().__init__(message, code=1)
        self.backup = backup


class Store:
    """An open progress store. Use as a context manager or call `close()`.

    One connection, guarded by a lock so the app may call it from worker threads.
    """

    path: Path

    def __init__(self, path: Path, conn: sqlite3.Connection, timeout: float) -> None:
        self.path = path
        self._conn = conn
        self._timeout = timeout
        self._lock = threading.RLock()
        self._deck_rows: dict[str, int] = {}
        self._params: dict[str, int] = {}
        self._closed = False

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str | None = None, *, timeout: float = 5.0) -> Store:
        """Open (creating and migrating if needed) the store at `path`.

        `path` defaults to `default_store_path()`. `timeout` is how long to wait for
        another process's write lock before raising UserError.
        """
        path = Path(path) if path is not None else default_store_path()
        directory = path.parent
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                f"cannot create the progress folder {directory}: {exc.strerror or exc}; "
                "set QUIZAPP_DATA_DIR to a writable folder",
                code=1,
            ) from None
        if not os.access(directory, os.W_OK | os.X_OK):
            raise UserError(
                f"cannot save progress: the folder {directory} is read-only; make it "
                "writable or set QUIZAPP_DATA_DIR to a writable folder",
                code=1,
            )
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            raise UserError(
                f"cannot save progress: {path} is read-only; make it writable "
                "(chmod u+rw) or set QUIZAPP_DATA_DIR to another folder",
                code=1,
            )
        _check_header(path)
        try:
            conn = sqlite3.connect(
                path,
                timeout=timeout,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise UserError(f"cannot open the progress file {path}: {exc}", code=1) from None
        store = cls(path, conn, timeout)
        deadline = time.monotonic() + timeout
        while True:
            try:
                store._setup()
                return store
            except (sqlite3.OperationalError, StoreLocked) as exc:
                # Two processes creating the file at once can get SQLITE_BUSY without
                # the busy handler running (switching to WAL, first schema read).
                if _is_busy(exc) and time.monotonic() < deadline:
                    time.sleep(0.02)
                    continue
                conn.close()
                if isinstance(exc, UserError):
                    raise
                raise store._translate(exc, "opening") from None
            except sqlite3.DatabaseError as exc:
                conn.close()
                if _is_corruption(exc):
                    raise _corrupt(path, str(exc)) from None
                raise store._translate(exc, "opening") from None
            except BaseException:
                conn.close()
                raise

    def _setup(self) -> None:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {int(self._timeout * 1000)}")
        # The first statement reads the schema: "file is not a database" surfaces here.
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise UserError(
                f"cannot use {self.path}: SQLite refused WAL mode ({mode}); "
                "is the folder on a network share? set QUIZAPP_DATA_DIR to a local folder",
                code=1,
            )
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        size = self.path.stat().st_size if self.path.exists() else 0
        if 0 < size <= QUICK_CHECK_MAX_BYTES:
            problems = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
            if problems != ["ok"]:
                raise _corrupt(self.path, "integrity check failed: " + "; ".join(problems))
        self._migrate()
        self._register()

    def _migrate(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise UserError(
                f"{self.path} was written by a newer quizapp (store version {version}, "
                f"this one reads up to {SCHEMA_VERSION}); upgrade quizapp",
                code=1,
            )
        with self._write("upgrading the progress file") as conn:
            # Re-read under the write lock: another process may have just migrated.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, SCHEMA_VERSION):
                for statement in _split_sql(_MIGRATIONS[number]):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _register(self) -> None:
        """Record our pid so a process kept waiting on the lock can name us."""
        command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:200] if sys.argv else ""
        with self._write("opening") as conn:
            stale = [
                pid
                for (pid,) in conn.execute("SELECT pid FROM holders")
                if pid != os.getpid() and not _pid_alive(pid)
            ]
            conn.executemany("DELETE FROM holders WHERE pid = ?", [(p,) for p in stale])
            conn.execute(
                "INSERT OR REPLACE INTO holders (pid, since_ms, command) VALUES (?, ?, ?)",
                (os.getpid(), _now_ms(), command),
            )

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            # Best effort: a stale row is cleaned up by the next open.
            with suppress(sqlite3.Error):
                self._conn.execute("DELETE FROM holders WHERE pid = ?", (os.getpid(),))
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions and errors -------------------------------------------------

    @contextmanager
    def _write(self, doing: str) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed (durably) when the block ends."""
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as exc:
                raise self._translate(exc, doing) from None
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.DatabaseError):
                    raise self._translate(exc, doing) from None
                raise

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._conn
            except sqlite3.DatabaseError as exc:
                raise self._translate(exc, "reading") from None

    def _translate(self, exc: sqlite3.DatabaseError, doing: str) -> UserError:
        text = str(exc).lower()
        if _is_corruption(exc):
            return _corrupt(self.path, str(exc))
        if "locked" in text or "busy" in text:
            holders = self._holders()
            who = (
                "held by " + ", ".join(f"pid {pid} ({cmd})" for pid, cmd in holders)
                if holders
                else "held by another program"
            )
            return StoreLocked(
                f"{self.path} is locked ({who}) and stayed locked for "
                f"{self._timeout:g}s while {doing}; close the other quizapp and try again"
            )
        if "full" in text:
            return UserError(
                f"the disk holding {self.path} is full; nothing was saved while {doing} "
                "(earlier progress is safe); free some space and try again",
                code=1,
            )
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return UserError(
                f"cannot write {self.path} (read-only?) while {doing}; earlier progress "
                "is safe; make the folder writable or set QUIZAPP_DATA_DIR",
                code=1,
            )
        if "disk i/o" in text:
            return UserError(
                f"disk error writing {self.path} while {doing}; earlier progress is safe; "
                "check the disk and try again",
                code=1,
            )
        return UserError(f"progress store {self.path}: {exc} (while {doing})", code=1)

    def _holders(self) -> list[tuple[int, str]]:
        try:
            rows = self._conn.execute("SELECT pid, command FROM holders ORDER BY since_ms")
            return [(pid, cmd) for pid, cmd in rows if pid != os.getpid() and _pid_alive(pid)]
        except sqlite3.Error:
            return []

    # -- decks -------------------------------------------------------------------

    def _deck_row(self, deck_id: str, *, create: bool = False, title: str = "") -> int:
        row = self._deck_rows.get(deck_id)
        if row is not None:
            return row
        found = self._conn.execute("SELECT id FROM decks WHERE deck_id = ?", (deck_id,)).fetchone()
        if found is None:
            if not create:
                raise UserError(f"no progress for deck {deck_id!r}: study it first", code=2)
            cur = self._conn.execute(
                "INSERT INTO decks (deck_id, title, created_ms) VALUES (?, ?, ?)",
                (deck_id, title, _now_ms()),
            )
            row = cur.lastrowid
            assert row is not None
            # Not cached: the insert could still roll back.
            return row
        self._deck_rows[deck_id] = found[0]
        return found[0]

    def find_deck_row(self, deck_id: str) -> int | None:
        """The deck's row id, or None if the store has never seen the deck (read-only)."""
        row = self._deck_rows.get(deck_id)
        if row is not None:
            return row
        with self._read() as conn:
            found = conn.execute("SELECT id FROM decks WHERE deck_id = ?", (deck_id,)).fetchone()
        if found is None:
            return None
        self._deck_rows[deck_id] = found[0]
        return found[0]

    def has_deck(self, deck_id: str) -> bool:
        with self._read() as conn:
            return (
                conn.execute("SELECT 1 FROM decks WHERE deck_id = ?", (deck_id,)).fetchone()
                is not None
            )

    def sync_deck(self, deck: Deck, *, now: datetime | None = None) -> SyncResult:
        """Make the store's card list for `deck.deck.id` match `deck` (one transaction)."""
        synced = to_ms(now) if now is not None else _now_ms()
        deck_id = deck.deck.id
        with self._write(f"saving deck {deck_id}") as conn:
            row = self._deck_row(deck_id, create=True, title=deck.deck.title)
            conn.execute(
                "UPDATE decks SET title = ?, synced_ms = ? WHERE id = ?",
                (deck.deck.title, synced, row),
            )
            existing = {
                card_id: (position, in_deck)
                for card_id, position, in_deck in conn.execute(
                    "SELECT card_id, position, in_deck FROM cards WHERE deck = ?", (row,)
                )
            }
            added: list[str] = []
            restored: list[str] = []
            updates: list[tuple[int, int, str]] = []
            inserts: list[tuple[int, str, int]] = []
            wanted = set()
            for position, card in enumerate(deck.cards):
                wanted.add(card.id)
                old = existing.get(card.id)
                if old is None:
                    added.append(card.id)
                    inserts.append((row, card.id, position))
                    continue
                if old[1] == 0:
                    restored.append(card.id)
                if old != (position, 1):
                    updates.append((position, row, card.id))
            removed = [cid for cid, (_p, live) in existing.items() if live and cid not in wanted]
            conn.executemany(
                "INSERT INTO cards (deck, card_id, position) VALUES (?, ?, ?)", inserts
            )
            conn.executemany(
                "UPDATE cards SET position = ?, in_deck = 1 WHERE deck = ? AND card_id = ?",
                updates,
            )
            conn.executemany(
                "UPDATE cards SET in_deck = 0 WHERE deck = ? AND card_id = ?",
                [(row, cid) for cid in removed],
            )
        self._deck_rows[deck_id] = row
        kept = len(deck.cards) - len(added)
        return SyncResult(deck_id, added, kept, removed, restored)

    def deck_ids(self) -> list[str]:
        """Ids of every deck the store knows, sorted."""
        with self._read() as conn:
            return [r[0] for r in conn.execute("SELECT deck_id FROM decks ORDER BY deck_id")]

    def settings(self, deck_id: str) -> DeckSettings:
        """The deck's settings (defaults until changed)."""
        with self._read() as conn:
            found = conn.execute(
                "SELECT settings FROM decks WHERE deck_id = ?", (deck_id,)
            ).fetchone()
        if found is None or found[0] is None:
            return DeckSettings()
        return DeckSettings.from_dict(json.loads(found[0]))

    def set_settings(self, deck_id: str, settings: DeckSettings) -> None:
        with self._write(f"saving settings of {deck_id}") as conn:
            row = self._deck_row(deck_id, create=True)
            conn.execute(
                "UPDATE decks SET settings = ? WHERE id = ?",
                (json.dumps(settings.to_dict(), sort_keys=True), row),
            )

    def deck_counts(
        self,
        deck_id: str,
        *,
        now: datetime | None = None,
        tz: tzinfo | None = None,
        settings: DeckSettings | None = None,
    ) -> DeckCounts:
        """New / learning / due counts for today and the last study day."""
        now = now or datetime.now(UTC)
        settings = settings or self.settings(deck_id)
        with self._read() as conn:
            found = conn.execute("SELECT id FROM decks WHERE deck_id = ?", (deck_id,)).fetchone()
            if found is None:
                return DeckCounts(deck_id, 0, 0, 0, 0, 0, 0, None)
            row = found[0]
            day = study_day(now, tz, settings.day_start_hour)
            start, end = day_bounds(day, tz, settings.day_start_hour)
            counts = self._queue_counts(row, to_ms(now), to_ms(start), to_ms(end), settings)
            total, suspended, buried = conn.execute(
                "SELECT count(*), coalesce(sum(suspended), 0), "
                "coalesce(sum(buried_until_ms > ?), 0) FROM cards WHERE deck = ? AND in_deck = 1",
                (to_ms(now), row),
            ).fetchone()
            last = conn.execute(
                "SELECT max(reviewed_ms) FROM reviews WHERE deck = ?", (row,)
            ).fetchone()[0]
        last_day = (
            study_day(from_ms(last), tz, settings.day_start_hour) if last is not None else None
        )
        return DeckCounts(
            deck_id,
            counts.new,
            counts.learning,
            counts.review,
            total,
            suspended,
            buried,
            last_day,
        )

    # -- queue (used by Session) ---------------------------------------------------

    _ACTIVE = "in_deck = 1 AND suspended = 0 AND (buried_until_ms IS NULL OR buried_until_ms <= ?)"

    def _done_today(self, deck_row: int, start_ms: int) -> tuple[int, int]:
        """(new cards introduced, review-state cards answered) since `start_ms`."""
        new = review = 0
        for state, count in self._conn.execute(
            "SELECT state_before, count(*) FROM reviews WHERE deck = ? AND reviewed_ms >= ? "
            "GROUP BY state_before",
            (deck_row, start_ms),
        ):
            if state == 0:
                new = count
            elif state == 2:
                review = count
        return new, review

    def _queue_counts(
        self, deck_row: int, now_ms: int, start_ms: int, end_ms: int, settings: DeckSettings
    ) -> _QueueCounts:
        new_done, review_done = self._done_today(deck_row, start_ms)
        new_left = max(0, settings.new_per_day - new_done)
        review_left = max(0, settings.reviews_per_day - review_done)
        conn = self._conn
        (learning,) = conn.execute(
            "SELECT count(*) FROM cards WHERE deck = ? AND state IN (1, 3) AND due_ms < ? AND "
            + self._ACTIVE,
            (deck_row, end_ms, now_ms),
        ).fetchone()
        (review,) = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM cards WHERE deck = ? AND state = 2 AND "
            "due_ms < ? AND " + self._ACTIVE + " LIMIT ?)",
            (deck_row, end_ms, now_ms, review_left),
        ).fetchone()
        (new,) = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM cards WHERE deck = ? AND state = 0 AND "
            + self._ACTIVE
            + " LIMIT ?)",
            (deck_row, now_ms, new_left),
        ).fetchone()
        return _QueueCounts(new, learning, review, new_left, review_left)

    def _queue_pick(
        self, deck_row: int, kind: str, now_ms: int, bound_ms: int, limit: int = 8
    ) -> list[tuple[int, str]]:
        """Up to `limit` (row id, card id) candidates of one queue, best first.

        kind "learning": due <= bound; "review": due < bound, most overdue first;
        "new": deck order.
        """
        if kind == "learning":
            sql = (
                "SELECT id, card_id FROM cards WHERE deck = ? AND state IN (1, 3) AND "
                "due_ms <= ? AND " + self._ACTIVE + " ORDER BY due_ms, position LIMIT ?"
            )
            params: tuple = (deck_row, bound_ms, now_ms, limit)
        elif kind == "review":
            sql = (
                "SELECT id, card_id FROM cards WHERE deck = ? AND state = 2 AND due_ms < ? AND "
                + self._ACTIVE
                + " ORDER BY due_ms, position LIMIT ?"
            )
            params = (deck_row, bound_ms, now_ms, limit)
        else:
            sql = (
                "SELECT id, card_id FROM cards WHERE deck = ? AND state = 0 AND "
                + self._ACTIVE
                + " ORDER BY position LIMIT ?"
            )
            params = (deck_row, now_ms, limit)
        with self._read() as conn:
            return list(conn.execute(sql, params))

    def _next_learning_due(self, deck_row: int, now_ms: int, end_ms: int) -> int | None:
        with self._read() as conn:
            return conn.execute(
                "SELECT min(due_ms) FROM cards WHERE deck = ? AND state IN (1, 3) AND "
                "due_ms < ? AND " + self._ACTIVE,
                (deck_row, end_ms, now_ms),
            ).fetchone()[0]

    def card_state(self, deck_id: str, card_id: str) -> tuple[int, SchedulingState]:
        """(row id, scheduling state) of one card; the row id is the fsrs card_id."""
        with self._read() as conn:
            return self._fetch_card(conn, deck_id, card_id)

    def _fetch_card(
        self, conn: sqlite3.Connection, deck_id: str, card_id: str
    ) -> tuple[int, SchedulingState]:
        """(row id, state) of one card, read in the caller's transaction."""
        found = conn.execute(
            f"SELECT id, {_CARD_COLS} FROM cards WHERE deck = ? AND card_id = ?",
            (self._deck_row(deck_id), card_id),
        ).fetchone()
        if found is None:
            raise UserError(f"deck {deck_id!r} has no card {card_id!r}", code=2)
        return found[0], _state_from_row(found[1:])

    def record_answer(
        self,
        deck_id: str,
        card_id: str,
        *,
        rating: int,
        mode: str,
        now: datetime,
        duration_ms: int | None,
        settings: DeckSettings,
        schedule: Callable[[int, SchedulingState], SchedulingState],
    ) -> tuple[int, SchedulingState, SchedulingState]:
        """Answer one card in one transaction: read its state, `schedule` it, update it,
        append the review; committed (fsync'd) before returning.

        Returns (review id, state before, state after).
        """
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1-4, got {rating!r}")
        with self._write(f"saving your answer to {card_id}") as conn:
            deck_row = self._deck_row(deck_id)
            card_row, before = self._fetch_card(conn, deck_id, card_id)
            after = schedule(card_row, before)
            params = self._params_version(settings)
            conn.execute(
                "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, "
                "due_ms = ?, last_review_ms = ?, reps = ?, lapses = ?, buried_until_ms = NULL "
                "WHERE id = ?",
                (*_state_params(after), card_row),
            )
            cur = conn.execute(
                "INSERT INTO reviews (card, deck, rating, mode, reviewed_ms, duration_ms, "
                "state_before, before, after, params) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    card_row,
                    deck_row,
                    rating,
                    mode,
                    to_ms(now),
                    duration_ms,
                    before.state.code,
                    before.to_json(),
                    after.to_json(),
                    params,
                ),
            )
            review_id = cur.lastrowid
            assert review_id is not None
        return review_id, before, after

    def _params_version(self, settings: DeckSettings) -> int:
        key = settings.scheduler_json()
        cached = self._params.get(key)
        if cached is not None:
            return cached
        conn = self._conn
        found = conn.execute("SELECT id FROM params WHERE json = ?", (key,)).fetchone()
        if found is None:
            cur = conn.execute("INSERT INTO params (json) VALUES (?)", (key,))
            version = cur.lastrowid
            assert version is not None
            return version  # cached once committed, on next use
        self._params[key] = found[0]
        return found[0]

    def undo_review(self, review_id: int) -> ReviewEntry | None:
        """Delete review `review_id` and restore its card to the state before it.

        Refuses (UserError) if the card was answered again since (e.g. in another
        window): undo only ever rolls back the card's latest review. None if the
        review no longer exists.
        """
        with self._write("undoing the last answer") as conn:
            entry = self._entry(review_id)
            if entry is None:
                return None
            latest = conn.execute(
                "SELECT max(r.id) FROM reviews r JOIN cards c ON c.id = r.card "
                "WHERE c.id = (SELECT card FROM reviews WHERE id = ?)",
                (review_id,),
            ).fetchone()[0]
            if latest != review_id:
                raise UserError(
                    f"cannot undo: card {entry.card_id} was answered again since", code=1
                )
            conn.execute(
                "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, "
                "due_ms = ?, last_review_ms = ?, reps = ?, lapses = ? "
                "WHERE id = (SELECT card FROM reviews WHERE id = ?)",
                (*_state_params(entry.before), review_id),
            )
            conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        return entry

    def _entry(self, review_id: int) -> ReviewEntry | None:
        found = self._conn.execute(_ENTRY_SQL + " WHERE r.id = ?", (review_id,)).fetchone()
        return _entry_from_row(found) if found else None

    # -- cards -------------------------------------------------------------------

    def card_rows(
        self, deck_id: str, *, include_removed: bool = False, now: datetime | None = None
    ) -> list[CardRow]:
        """Every card of the deck with its state and due date, in deck order."""
        now_ms = to_ms(now) if now is not None else _now_ms()
        with self._read() as conn:
            found = conn.execute("SELECT id FROM decks WHERE deck_id = ?", (deck_id,)).fetchone()
            if found is None:
                return []
            where = "" if include_removed else " AND in_deck = 1"
            rows = conn.execute(
                f"SELECT card_id, {_CARD_COLS}, suspended, buried_until_ms, in_deck "
                f"FROM cards WHERE deck = ?{where} ORDER BY in_deck DESC, position",
                (found[0],),
            ).fetchall()
        result = []
        for card_id, *cols, suspended, buried, in_deck in rows:
            st = _state_from_row(cols)
            result.append(
                CardRow(
                    card_id=card_id,
                    state=st.state,
                    due=st.due if st.state is not CardState.NEW else None,
                    suspended=bool(suspended),
                    buried=buried is not None and buried > now_ms,
                    reps=st.reps,
                    lapses=st.lapses,
                    stability=st.stability,
                    difficulty=st.difficulty,
                    last_review=st.last_review,
                    in_deck=bool(in_deck),
                )
            )
        return result

    def card_history(self, deck_id: str, card_id: str) -> list[ReviewEntry]:
        """The card's reviews, oldest first (includes reviews from before an edit)."""
        with self._read() as conn:
            rows = conn.execute(
                _ENTRY_SQL + " WHERE d.deck_id = ? AND c.card_id = ? ORDER BY r.id",
                (deck_id, card_id),
            ).fetchall()
        return [_entry_from_row(r) for r in rows]

    def _set_flags(self, deck_id: str, card_id: str | None, assignments: str, doing: str) -> None:
        with self._write(doing) as conn:
            row = self._deck_row(deck_id)
            if card_id is None:
                conn.execute(f"UPDATE cards SET {assignments} WHERE deck = ?", (row,))
                return
            cur = conn.execute(
                f"UPDATE cards SET {assignments} WHERE deck = ? AND card_id = ?", (row, card_id)
            )
            if cur.rowcount == 0:
                raise UserError(f"deck {deck_id!r} has no card {card_id!r}", code=2)

    def suspend(self, deck_id: str, card_id: str) -> None:
        self._set_flags(deck_id, card_id, "suspended = 1", f"suspending {card_id}")

    def unsuspend(self, deck_id: str, card_id: str) -> None:
        """Unsuspend and unbury."""
        self._set_flags(
            deck_id, card_id, "suspended = 0, buried_until_ms = NULL", f"unsuspending {card_id}"
        )

    def bury(self, deck_id: str, card_id: str, *, until: datetime) -> None:
        """Hide the card from queues until `until` (the next study day's start)."""
        self._set_flags(deck_id, card_id, f"buried_until_ms = {to_ms(until)}", f"burying {card_id}")

    _RESET = (
        "state = 0, step = NULL, stability = NULL, difficulty = NULL, due_ms = NULL, "
        "last_review_ms = NULL, reps = 0, lapses = 0, buried_until_ms = NULL"
    )

    def reset_card(self, deck_id: str, card_id: str) -> None:
        """Back to new; the review log is kept."""
        self._set_flags(deck_id, card_id, self._RESET, f"resetting {card_id}")

    def reset_deck(self, deck_id: str) -> None:
        """Every card of the deck back to new; the review log is kept."""
        self._set_flags(deck_id, None, self._RESET, f"resetting deck {deck_id}")

    def review_count(self, deck_id: str | None = None) -> int:
        with self._read() as conn:
            if deck_id is None:
                return conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
            return conn.execute(
                "SELECT count(*) FROM reviews r JOIN decks d ON d.id = r.deck WHERE d.deck_id = ?",
                (deck_id,),
            ).fetchone()[0]

    def integrity_check(self) -> list[str]:
        """PRAGMA integrity_check; ["ok"] when healthy."""
        with self._read() as conn:
            return [r[0] for r in conn.execute("PRAGMA integrity_check")]

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Read-only SQL for stats and tests (no writes: use the methods above)."""
        with self._read() as conn:
            return conn.execute(sql, params).fetchall()


class _QueueCounts(NamedTuple):
    new: int
    learning: int
    review: int
    new_left: int  # today's remaining new limit
    review_left: int


_ENTRY_SQL = (
    "SELECT r.id, d.deck_id, c.card_id, r.rating, r.mode, r.reviewed_ms, r.duration_ms, "
    "r.before, r.after, r.params FROM reviews r JOIN cards c ON c.id = r.card "
    "JOIN decks d ON d.id = r.deck"
)


def _entry_from_row(row: tuple) -> ReviewEntry:
    rid, deck_id, card_id, rating, mode, at, duration, before, after, params = row
    return ReviewEntry(
        review_id=rid,
        deck_id=deck_id,
        card_id=card_id,
        rating=rating,
        mode=mode,
        reviewed_at=from_ms(at),
        duration_ms=duration,
        before=SchedulingState.from_json(before),
        after=SchedulingState.from_json(after),
        params_version=params,
    )


def _split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _check_header(path: Path) -> None:
    """Refuse files that are not SQLite, or shorter than their header says."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if size == 0:
        return  # an empty file is a fresh database to SQLite
    with open(path, "rb") as handle:
        header = handle.read(100)
    if not header.startswith(SQLITE_HEADER):
        raise _corrupt(path, "not an SQLite database")
    if len(header) < 100:
        raise _corrupt(path, "truncated (shorter than its header)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter = int.from_bytes(header[24:28], "big")
    pages = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    if page_size < 512 or page_size & (page_size - 1):
        raise _corrupt(path, "bad page size in header")
    if pages and change_counter == valid_for and size < pages * page_size:
        raise _corrupt(path, f"truncated ({size} bytes, header says {pages * page_size})")


def _corrupt(path: Path, reason: str) -> StoreCorrupt:
    """Copy the damaged file (and its WAL) aside, never overwriting, and describe the fix."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    backup: Path | None = None
    for n in range(1000):
        suffix = f".damaged-{stamp}" + (f"-{n}" if n else "")
        candidate = path.with_name(path.name + suffix)
        try:
            with open(path, "rb") as src, open(candidate, "xb") as dst:
                shutil.copyfileobj(src, dst)
        except FileExistsError:
            continue
        except OSError:
            break
        backup = candidate
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            try:
                with open(wal, "rb") as src, open(str(candidate) + "-wal", "xb") as dst:
                    shutil.copyfileobj(src, dst)
            except OSError:
                pass
        break
    saved = f"a copy is saved as {backup}" if backup else "could not save a copy (disk full?)"
    return StoreCorrupt(
        f"{path} is damaged ({reason}); {saved}; to start over, delete or move {path} "
        "(your decks are not affected)",
        backup,
    )
