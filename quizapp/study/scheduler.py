"""FSRS scheduling: per-deck settings, card states, the study day, interval labels.

Everything here is pure (no SQL, no clock reads): the caller passes `now`. The plain
types (states, settings, ratings, study days) live in quizapp.study.model, which does
not import fsrs.

- fsrs has no "new" state; ours does (`CardState.NEW`). A new card is handed to
  fsrs as a fresh `fsrs.Card` (Learning, step 0, no stability) when first answered.
- fsrs's fuzz draws from the global `random`; we run fsrs with fuzzing off and apply
  the same fuzz ranges with a per-card seeded generator, so the interval shown on a
  rating button is exactly the interval that answering with it gives.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from fsrs import Card as FsrsCard
from fsrs import Rating as FsrsRating
from fsrs import Scheduler as FsrsScheduler
from fsrs import State
from fsrs.scheduler import FUZZ_RANGES

from quizapp.study.model import (
    CardState,
    DeckSettings,
    Rating,
    SchedulingState,
    _from_ms,
    from_ms,
    to_ms,
)

__all__ = ["Scheduler"]


class Scheduler:
    """fsrs.Scheduler for one deck's settings, with deterministic fuzz."""

    def __init__(self, settings: DeckSettings) -> None:
        self.settings = settings
        self._fsrs = FsrsScheduler(
            parameters=settings.parameters,
            desired_retention=settings.desired_retention,
            learning_steps=settings.learning_steps,
            relearning_steps=settings.relearning_steps,
            maximum_interval=settings.maximum_interval,
            enable_fuzzing=False,
        )

    def review(
        self, card_key: int, before: SchedulingState, rating: Rating, now: datetime
    ) -> SchedulingState:
        """The state after answering `rating` at `now`. Pure: same inputs, same output."""
        now_ms = to_ms(now)
        now = from_ms(now_ms)  # millisecond precision, as stored
        if before.state is CardState.NEW:
            card = FsrsCard(card_id=card_key, state=State.Learning, step=0, due=now)
        else:
            card = FsrsCard(
                card_id=card_key,
                state=State(before.state.code),
                step=before.step,
                stability=before.stability,
                difficulty=before.difficulty,
                due=from_ms(before.due_ms if before.due_ms is not None else now_ms),
                last_review=_from_ms(before.last_review_ms),
            )
        after, _log = self._fsrs.review_card(card, FsrsRating(int(rating)), review_datetime=now)
        due_ms = to_ms(after.due)
        if self.settings.enable_fuzzing and after.state == State.Review:
            days = round((due_ms - now_ms) / 86_400_000)
            fuzzed = self._fuzz(days, seed=(card_key, before.reps, now_ms, int(rating)))
            due_ms = now_ms + fuzzed * 86_400_000
        lapse = before.state is CardState.REVIEW and after.state == State.Relearning
        return SchedulingState(
            state=CardState.from_code(int(after.state)),
            step=after.step,
            stability=after.stability,
            difficulty=after.difficulty,
            due_ms=due_ms,
            last_review_ms=now_ms,
            reps=before.reps + 1,
            lapses=before.lapses + (1 if lapse else 0),
        )

    def preview(
        self, card_key: int, before: SchedulingState, now: datetime
    ) -> dict[Rating, timedelta]:
        """The interval each rating would give if answered at `now`."""
        now_ms = to_ms(now)
        result = {}
        for rating in Rating:
            after = self.review(card_key, before, rating, now)
            assert after.due_ms is not None
            result[rating] = timedelta(milliseconds=after.due_ms - now_ms)
        return result

    def _fuzz(self, days: int, seed: tuple[int, ...]) -> int:
        # Same ranges as fsrs.Scheduler._get_fuzzed_interval, seeded per card and review.
        if days < 2.5:
            return days
        delta = 1.0
        for fuzz_range in FUZZ_RANGES:
            delta += fuzz_range["factor"] * max(
                min(float(days), fuzz_range["end"]) - fuzz_range["start"], 0.0
            )
        maximum = self.settings.maximum_interval
        min_ivl = max(2, round(days - delta))
        max_ivl = min(round(days + delta), maximum)
        min_ivl = min(min_ivl, max_ivl)
        rng = random.Random(":".join(map(str, seed)))
        fuzzed = rng.random() * (max_ivl - min_ivl + 1) + min_ivl
        return min(round(fuzzed), maximum)
