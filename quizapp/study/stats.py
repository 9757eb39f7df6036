"""Statistics from the store: due counts, forecast, reviews per day, retention, streak."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from quizapp.study.store import ReviewEntry, Store

__all__ = ["DayCount", "Retention", "Stats", "card_history", "deck_stats"]


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True)
class Retention:
    """True retention: share of answers to cards in the review state that were not Again."""

    reviews: int
    passed: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None


@dataclass(frozen=True)
class Stats:
    deck_id: str | None  # None: all decks
    today: date  # the current study day
    due_today: int  # learning + review cards due before the day ends (no limits)
    new_available: int
    forecast: list[DayCount]  # due per day for the next `days` days; [0] is today
    reviews_per_day: list[DayCount]  # the last `days` days, oldest first, ends today
    retention: Retention  # over the last `days` days
    streak: int  # consecutive study days with a review, ending today or yesterday
    total_reviews: int
    total_cards: int

    def to_json(self) -> dict[str, Any]:
        """The `quizapp stats --json` object (keys documented in README)."""
        raise NotImplementedError


def deck_stats(
    store: Store,
    deck_id: str | None = None,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    days: int = 30,
) -> Stats:
    """Stats for one deck, or all decks when `deck_id` is None."""
    raise NotImplementedError


def card_history(store: Store, deck_id: str, card_id: str) -> list[ReviewEntry]:
    """Per-card history, oldest first (same as Store.card_history)."""
    return store.card_history(deck_id, card_id)
