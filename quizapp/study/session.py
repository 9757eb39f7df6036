"""A study session for one deck: what to show next, answering, undo.

Queue order, rebuilt from the store on every `next_card()` (indexed SQL with
LIMITs, so it is cheap and sees other processes' answers):

1. learning/relearning cards whose step is due now (earliest first);
2. review cards due today, most overdue first, up to the daily review limit;
3. new cards in deck order up to the daily new limit, interleaved evenly
   among the reviews;
4. with nothing else left, a learning card due within `learn_ahead` (20 min).

A card answered Again therefore returns later in the same session once its
step (1m, 10m ...) is due. If `next_card()` is None, `waiting_until()` says
when the next learning card becomes due today (None: done for the day).
Daily limits count reviews in the log per local study day (4 a.m. boundary).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from quizapp.deck import Card, Deck
from quizapp.study.grading import AnswerMode
from quizapp.study.scheduler import CardState, Rating, SchedulingState
from quizapp.study.store import Store

__all__ = ["AnswerResult", "Clock", "Session", "SessionCounts", "StudyCard", "UndoResult"]

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class StudyCard:
    """The next card to show."""

    card: Card  # the deck's card (question, answer, distractors ...)
    state: CardState
    due: datetime | None
    reps: int
    lapses: int

    @property
    def card_id(self) -> str:
        return self.card.id


@dataclass(frozen=True)
class SessionCounts:
    """Remaining per queue (today's limits applied) and this session's tally."""

    new: int
    learning: int
    review: int
    done: int  # answers this session (undone ones not counted)
    right: int  # of those, rated Hard/Good/Easy

    @property
    def remaining(self) -> int:
        return self.new + self.learning + self.review


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


class Session:
    """Study `deck` (already synced into `store`). Not thread-safe; one per screen.

    clock: returns the current aware datetime (tests pass a fixed one).
    tz:    the student's zone for the day boundary; None = the machine's.
    """

    def __init__(
        self,
        store: Store,
        deck: Deck,
        *,
        clock: Clock = system_clock,
        tz: tzinfo | None = None,
    ) -> None:
        raise NotImplementedError

    def next_card(self) -> StudyCard | None:
        """The card to show now, or None when nothing is due (see `waiting_until`)."""
        raise NotImplementedError

    def waiting_until(self) -> datetime | None:
        """When the next learning card becomes due today, if the queue is empty for now."""
        raise NotImplementedError

    def intervals(self, card_id: str) -> dict[Rating, timedelta]:
        """The interval Again/Hard/Good/Easy would give if answered now (exact)."""
        raise NotImplementedError

    def interval_labels(self, card_id: str) -> dict[Rating, str]:
        """`intervals` formatted for buttons: {Again: "1m", ..., Easy: "3d"}."""
        raise NotImplementedError

    def answer(
        self,
        card_id: str,
        rating: Rating | int,
        mode: AnswerMode = "flashcard",
        duration_ms: int | None = None,
    ) -> AnswerResult:
        """Schedule the card and log the review; committed before returning."""
        raise NotImplementedError

    @property
    def can_undo(self) -> bool:
        raise NotImplementedError

    def undo(self) -> UndoResult | None:
        """Undo this session's last answer: the card's previous state is restored
        exactly and the review is deleted from the log. Repeatable; None if nothing
        to undo."""
        raise NotImplementedError

    def suspend(self, card_id: str) -> None:
        raise NotImplementedError

    def unsuspend(self, card_id: str) -> None:
        raise NotImplementedError

    def bury(self, card_id: str) -> None:
        """Hide the card until the next study day."""
        raise NotImplementedError

    def reset_card(self, card_id: str) -> None:
        """Forget the card's progress (it becomes new); history is kept."""
        raise NotImplementedError

    def reset_deck(self) -> None:
        raise NotImplementedError

    def counts(self) -> SessionCounts:
        raise NotImplementedError
