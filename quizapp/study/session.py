"""A study session for one deck: what to show next, answering, undo.

The queue order is `quizapp.study.queue.Queue`'s (learning steps due, reviews due
today, new cards interleaved, then learning cards due within `learn_ahead`). A card
answered Again therefore returns later in the same session once its step (1m, 10m
...) is due. If `next_card()` is None, `waiting_until()` says when the next learning
card becomes due today (None: done for the day). Daily limits count reviews in the
log per local study day (4 a.m. boundary).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from quizapp.errors import UserError
from quizapp.study.grading import AnswerMode
from quizapp.study.model import (
    CardState,
    Rating,
    SchedulingState,
    format_interval,
    from_ms,
    utc,
)
from quizapp.study.queue import Queue, SessionCounts, StudyCard
from quizapp.study.scheduler import Scheduler

if TYPE_CHECKING:
    from quizapp.deck import Deck
    from quizapp.study.store import Store

__all__ = ["AnswerResult", "Clock", "Session", "SessionCounts", "StudyCard", "UndoResult"]

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class AnswerResult:
    """An answer, already committed to the store."""

    card_id: str
    rating: Rating
    review_id: int
    before: SchedulingState
    after: SchedulingState
    interval: timedelta  # until the card is due again

    @property
    def due(self) -> datetime:
        assert self.after.due is not None
        return self.after.due


@dataclass(frozen=True)
class UndoResult:
    card_id: str
    rating: Rating
    restored: SchedulingState


@dataclass
class _Undo:
    review_id: int
    card_id: str
    rating: Rating
    since_new: int


_MODES = ("flashcard", "choice", "typed")


class Session:
    """Study `deck` in `store`. Not thread-safe; one per study screen.

    clock: returns the current aware datetime (tests pass a fixed one).
    tz:    the student's zone for the day boundary; None = the machine's.
    sync:  sync `deck` into the store first (idempotent; pass False if done).
    Settings are read from the store once, when the session starts.
    """

    def __init__(
        self,
        store: Store,
        deck: Deck,
        *,
        clock: Clock = system_clock,
        tz: tzinfo | None = None,
        sync: bool = True,
    ) -> None:
        self.store = store
        self.deck = deck
        self.deck_id = deck.deck.id
        self.clock = clock
        self.tz = tz
        if sync:
            store.sync_deck(deck, now=self._now())
        self.settings = store.settings(self.deck_id)
        self.scheduler = Scheduler(self.settings)
        self._cards = {card.id: card for card in deck.cards}
        self.queue = Queue(store, self.deck_id, self._cards, settings=self.settings, tz=tz)
        self._undo: list[_Undo] = []
        self._done = 0
        self._right = 0
        # Reviews answered since the last new card; spreads new cards among reviews.
        self._since_new = 0

    # -- time ----------------------------------------------------------------------

    def _now(self) -> datetime:
        return utc(self.clock())

    # -- queue ---------------------------------------------------------------------

    def next_card(self) -> StudyCard | None:
        """The card to show now, or None when nothing is due (see `waiting_until`).

        Calling it twice without answering returns the same card.
        """
        picked = self.queue.pick(self._now(), self._since_new)
        if picked is None:
            return None
        state = self.queue.state(picked)
        return StudyCard(
            card=self._cards[picked],
            state=state.state,
            due=state.due if state.state is not CardState.NEW else None,
            reps=state.reps,
            lapses=state.lapses,
        )

    def waiting_until(self) -> datetime | None:
        """When the next learning card becomes due today, if nothing is due now."""
        return self.queue.waiting_until(self._now())

    def counts(self) -> SessionCounts:
        counts = self.queue.counts(self._now())
        return SessionCounts(counts.new, counts.learning, counts.review, self._done, self._right)

    # -- answering -----------------------------------------------------------------

    def _check_card(self, card_id: str) -> None:
        if card_id not in self._cards:
            raise UserError(f"deck {self.deck_id!r} has no card {card_id!r}", code=2)

    def intervals(self, card_id: str) -> dict[Rating, timedelta]:
        """The interval Again/Hard/Good/Easy would give if answered now (exact)."""
        self._check_card(card_id)
        row_id, state = self.store.card_state(self.deck_id, card_id)
        return self.scheduler.preview(row_id, state, self._now())

    def interval_labels(self, card_id: str) -> dict[Rating, str]:
        """`intervals` formatted for buttons: {Again: "1m", ..., Easy: "3d"}."""
        return {r: format_interval(i) for r, i in self.intervals(card_id).items()}

    def answer(
        self,
        card_id: str,
        rating: Rating | int,
        mode: AnswerMode = "flashcard",
        duration_ms: int | None = None,
    ) -> AnswerResult:
        """Schedule the card and log the review; committed before returning."""
        self._check_card(card_id)
        rating = Rating(int(rating))
        if mode not in _MODES:
            raise ValueError(f"mode must be one of {_MODES}, got {mode!r}")
        if duration_ms is not None:
            duration_ms = max(0, int(duration_ms))
        now = self._now()
        review_id, before, after = self.store.record_answer(
            self.deck_id,
            card_id,
            rating=int(rating),
            mode=mode,
            now=now,
            duration_ms=duration_ms,
            settings=self.settings,
            schedule=lambda key, state: self.scheduler.review(key, state, rating, now),
        )
        self._undo.append(_Undo(review_id, card_id, rating, self._since_new))
        self._done += 1
        self._right += rating != Rating.Again
        if before.state is CardState.NEW:
            self._since_new = 0
        elif before.state is CardState.REVIEW:
            self._since_new += 1
        assert after.due_ms is not None and after.last_review_ms is not None
        return AnswerResult(
            card_id=card_id,
            rating=rating,
            review_id=review_id,
            before=before,
            after=after,
            interval=timedelta(milliseconds=after.due_ms - after.last_review_ms),
        )

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> UndoResult | None:
        """Undo this session's last answer: the card's previous state is restored
        exactly and the review is deleted from the log. Repeatable; None if nothing
        to undo."""
        if not self._undo:
            return None
        last = self._undo[-1]
        entry = self.store.undo_review(last.review_id)
        self._undo.pop()
        self._done -= 1
        self._right -= last.rating != Rating.Again
        self._since_new = last.since_new
        if entry is None:
            return None
        return UndoResult(last.card_id, last.rating, entry.before)

    # -- card actions --------------------------------------------------------------

    def suspend(self, card_id: str) -> None:
        self._check_card(card_id)
        self.store.suspend(self.deck_id, card_id)

    def unsuspend(self, card_id: str) -> None:
        """Unsuspend and unbury."""
        self._check_card(card_id)
        self.store.unsuspend(self.deck_id, card_id)

    def bury(self, card_id: str) -> None:
        """Hide the card until the next study day."""
        self._check_card(card_id)
        _start, end_ms = self.queue.today(self._now())
        self.store.bury(self.deck_id, card_id, until=from_ms(end_ms))

    def reset_card(self, card_id: str) -> None:
        """Forget the card's progress (it becomes new); history is kept.

        Undo entries for the card are dropped: there is no "previous state" to
        return to any more.
        """
        self._check_card(card_id)
        self.store.reset_card(self.deck_id, card_id)
        self._undo = [u for u in self._undo if u.card_id != card_id]

    def reset_deck(self) -> None:
        self.store.reset_deck(self.deck_id)
        self._undo.clear()
