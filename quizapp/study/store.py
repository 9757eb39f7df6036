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

import os
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path

from quizapp.deck import Deck
from quizapp.study.scheduler import CardState, DeckSettings, SchedulingState

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


@dataclass(frozen=True)
class SyncResult:
    """What `Store.sync_deck` changed. Lists hold card ids."""

    deck_id: str
    added: list[str]
    kept: int
    removed: list[str]
    restored: list[str]  # back in the deck after having been removed: progress kept


@dataclass(frozen=True)
class DeckCounts:
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


@dataclass(frozen=True)
class CardRow:
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


@dataclass(frozen=True)
class ReviewEntry:
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


class Store:
    """An open progress store. Use as a context manager or call `close()`."""

    path: Path

    @classmethod
    def open(cls, path: Path | str | None = None, *, timeout: float = 5.0) -> Store:
        """Open (creating and migrating if needed) the store at `path`.

        `path` defaults to `default_store_path()`. `timeout` is how long to wait for
        another process's write lock before raising UserError.
        """
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- decks -----------------------------------------------------------------

    def sync_deck(self, deck: Deck, *, now: datetime | None = None) -> SyncResult:
        """Make the store's card list for `deck.deck.id` match `deck` (one transaction)."""
        raise NotImplementedError

    def deck_ids(self) -> list[str]:
        """Ids of every deck the store knows, sorted."""
        raise NotImplementedError

    def settings(self, deck_id: str) -> DeckSettings:
        """The deck's settings (defaults until changed)."""
        raise NotImplementedError

    def set_settings(self, deck_id: str, settings: DeckSettings) -> None:
        raise NotImplementedError

    def deck_counts(
        self, deck_id: str, *, now: datetime | None = None, tz: tzinfo | None = None
    ) -> DeckCounts:
        """New / learning / due counts for today and the last study day."""
        raise NotImplementedError

    # -- cards -----------------------------------------------------------------

    def card_rows(self, deck_id: str, *, include_removed: bool = False) -> list[CardRow]:
        """Every card of the deck with its state and due date, in deck order."""
        raise NotImplementedError

    def card_history(self, deck_id: str, card_id: str) -> list[ReviewEntry]:
        """The card's reviews, oldest first (includes reviews from before an edit)."""
        raise NotImplementedError

    def suspend(self, deck_id: str, card_id: str) -> None:
        raise NotImplementedError

    def unsuspend(self, deck_id: str, card_id: str) -> None:
        """Unsuspend and unbury."""
        raise NotImplementedError

    def bury(self, deck_id: str, card_id: str, *, until: datetime) -> None:
        """Hide the card from queues until `until` (the next study day's start)."""
        raise NotImplementedError

    def reset_card(self, deck_id: str, card_id: str) -> None:
        """Back to new; the review log is kept."""
        raise NotImplementedError

    def reset_deck(self, deck_id: str) -> None:
        """Every card of the deck back to new; the review log is kept."""
        raise NotImplementedError

    def review_count(self, deck_id: str | None = None) -> int:
        raise NotImplementedError

    def integrity_check(self) -> list[str]:
        """PRAGMA integrity_check; ["ok"] when healthy."""
        raise NotImplementedError
