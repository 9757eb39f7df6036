"""Which card of a deck comes next, and how many are left today: the one queue.

Used by `Session.next_card` and, before a deck file has been validated, by the app
to show its first question early (`Queue` needs only card ids, not a Deck). No fsrs
and no pydantic here, so asking costs no more than a few indexed SQL reads.

Order, rebuilt from the store on every `pick()`:

1. learning/relearning cards whose step is due now (earliest first);
2. review cards due today, most overdue first, up to the daily review limit;
3. new cards in deck order up to the daily new limit, interleaved evenly
   among the reviews;
4. with nothing else left, a learning card due within `learn_ahead` (20 min).

A deck the store has never seen (not synced yet) is all new cards in file order.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from quizapp.study.model import (
    CardState,
    DeckSettings,
    SchedulingState,
    day_bounds,
    from_ms,
    study_day,
    to_ms,
    utc,
)

if TYPE_CHECKING:
    from quizapp.deck import Card
    from quizapp.study.store import Store, _QueueCounts

__all__ = ["Queue", "SessionCounts", "StudyCard"]


class StudyCard(NamedTuple):
    """The next card to show."""

    card: Card  # the deck's card (question, answer, distractors ...)
    state: CardState
    due: datetime | None
    reps: int
    lapses: int

    @property
    def card_id(self) -> str:
        return self.card.id


class SessionCounts(NamedTuple):
    """Remaining per queue (today's limits applied) and this session's tally."""

    new: int
    learning: int
    review: int
    done: int  # answers this session (undone ones not counted)
    right: int  # of those, rated Hard/Good/Easy

    @property
    def remaining(self) -> int:
        return self.new + self.learning + self.review


class Queue:
    """The study queue of deck `deck_id` in `store`, limited to `card_ids` (the cards
    of the deck file in file order; others the store lists are skipped, since they
    mean another process synced a newer version of the file).

    Read-only: it never syncs or writes. `settings` default to the store's.
    """

    def __init__(
        self,
        store: Store,
        deck_id: str,
        card_ids: Iterable[str],
        *,
        settings: DeckSettings | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        self.store = store
        self.deck_id = deck_id
        self.settings = settings if settings is not None else store.settings(deck_id)
        self.tz = tz
        self._order = list(card_ids)
        self._known = set(self._order)
        self.deck_row = store.find_deck_row(deck_id)

    def today(self, now: datetime) -> tuple[int, int]:
        """[start, end) of `now`'s study day, in epoch milliseconds."""
        hour = self.settings.day_start_hour
        start, end = day_bounds(study_day(utc(now), self.tz, hour), self.tz, hour)
        return to_ms(start), to_ms(end)

    def counts(self, now: datetime) -> _QueueCounts:
        from quizapp.study.store import _QueueCounts

        start_ms, end_ms = self.today(now)
        if self.deck_row is None:
            limit = self.settings.new_per_day
            return _QueueCounts(
                min(limit, len(self._order)), 0, 0, limit, self.settings.reviews_per_day
            )
        with self.store._read():
            return self.store._queue_counts(
                self.deck_row, to_ms(now), start_ms, end_ms, self.settings
            )

    def pick(self, now: datetime, since_new: int = 0) -> str | None:
        """The id of the card to show at `now`, or None when nothing is due.

        since_new: reviews answered since the last new card (spreads new cards).
        """
        now_ms = to_ms(now)
        _start_ms, end_ms = self.today(now)
        picked = self._first("learning", now_ms, now_ms)
        if picked is None:
            counts = self.counts(now)
            reviews = self._first("review", now_ms, end_ms) if counts.review else None
            new = self._first("new", now_ms, 0) if counts.new else None
            if reviews is not None and new is not None:
                # Spread today's new cards evenly among the reviews: the reviews since
                # the last new card plus those left are cut into (new + 1) equal runs.
                gap = (since_new + counts.review) // (counts.new + 1)
                picked = new if since_new >= gap else reviews
            else:
                picked = reviews or new
        if picked is None:
            ahead = now_ms + int(self.settings.learn_ahead.total_seconds() * 1000)
            picked = self._first("learning", now_ms, min(ahead, end_ms - 1))
        return picked

    def _first(self, kind: str, now_ms: int, bound_ms: int) -> str | None:
        if self.deck_row is None:
            candidates = self._order[:1] if kind == "new" else []
        else:
            candidates = [
                card_id
                for _row, card_id in self.store._queue_pick(self.deck_row, kind, now_ms, bound_ms)
            ]
        return next((card_id for card_id in candidates if card_id in self._known), None)

    def state(self, card_id: str) -> SchedulingState:
        """The card's scheduling state (new for a deck the store has not seen)."""
        if self.deck_row is None:
            return SchedulingState()
        return self.store.card_state(self.deck_id, card_id)[1]

    def waiting_until(self, now: datetime) -> datetime | None:
        """When the next learning card becomes due today, if nothing is due now."""
        if self.deck_row is None:
            return None
        _start, end_ms = self.today(now)
        due = self.store._next_learning_due(self.deck_row, to_ms(now), end_ms)
        return from_ms(due) if due is not None else None
