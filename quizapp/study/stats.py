"""Statistics from the store: due counts, forecast, reviews per day, retention, streak."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from quizapp.study.model import DeckSettings, day_bounds, study_day, to_ms, utc
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
        return {
            "deck": self.deck_id,
            "today": self.today.isoformat(),
            "due_today": self.due_today,
            "new_available": self.new_available,
            "forecast": [{"date": d.day.isoformat(), "due": d.count} for d in self.forecast],
            "reviews_per_day": [
                {"date": d.day.isoformat(), "reviews": d.count} for d in self.reviews_per_day
            ],
            "retention": {
                "rate": self.retention.rate,
                "reviews": self.retention.reviews,
                "passed": self.retention.passed,
                "days": len(self.reviews_per_day),
            },
            "streak": self.streak,
            "total_reviews": self.total_reviews,
            "total_cards": self.total_cards,
        }


def deck_stats(
    store: Store,
    deck_id: str | None = None,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    days: int = 30,
) -> Stats:
    """Stats for one deck, or all decks when `deck_id` is None.

    The day boundary is the deck's `day_start_hour` (for all decks: the default, 4).
    Suspended, buried and removed cards are not counted as due.
    """
    now = utc(now) if now is not None else datetime.now(UTC)
    hour = store.settings(deck_id).day_start_hour if deck_id else DeckSettings().day_start_hour
    today = study_day(now, tz, hour)
    now_ms = to_ms(now)
    # Day i's bounds, for i in -days+1 .. days (DST-correct, so not fixed 24 h steps).
    starts = [
        to_ms(day_bounds(today + timedelta(days=i), tz, hour)[0])
        for i in range(-days + 1, days + 1)
    ]
    past_starts, future_starts = starts[:days], starts[days - 1 :]
    today_end = future_starts[1]
    horizon_end = future_starts[-1]

    deck_filter, args = "", ()
    if deck_id is not None:
        found = store.execute("SELECT id FROM decks WHERE deck_id = ?", (deck_id,))
        if not found:
            empty = [DayCount(today + timedelta(days=i), 0) for i in range(days)]
            past = [DayCount(today - timedelta(days=days - 1 - i), 0) for i in range(days)]
            return Stats(deck_id, today, 0, 0, empty, past, Retention(0, 0), 0, 0, 0)
        deck_filter, args = " AND deck = ?", (found[0][0],)

    active = "in_deck = 1 AND suspended = 0 AND (buried_until_ms IS NULL OR buried_until_ms <= ?)"
    due_rows = store.execute(
        f"SELECT due_ms FROM cards WHERE state > 0 AND due_ms < ? AND {active}{deck_filter}",
        (horizon_end, now_ms, *args),
    )
    forecast_counts = [0] * days
    for (due,) in due_rows:
        # Overdue cards count as due today.
        index = max(0, bisect_right(future_starts, due) - 1)
        forecast_counts[min(index, days - 1)] += 1
    forecast = [DayCount(today + timedelta(days=i), c) for i, c in enumerate(forecast_counts)]
    due_today = sum(1 for (due,) in due_rows if due < today_end)

    review_filter = deck_filter
    reviews = store.execute(
        "SELECT reviewed_ms, rating, state_before FROM reviews "
        f"WHERE reviewed_ms >= ? AND reviewed_ms < ?{review_filter}",
        (past_starts[0], today_end, *args),
    )
    per_day = [0] * days
    passed = answered = 0
    for at, rating, before in reviews:
        per_day[bisect_right(past_starts, at) - 1] += 1
        if before == 2:
            answered += 1
            passed += rating != 1
    reviews_per_day = [
        DayCount(today - timedelta(days=days - 1 - i), c) for i, c in enumerate(per_day)
    ]

    streak = _streak(store, today, tz, hour, per_day, review_filter, args)
    total_reviews = store.execute(f"SELECT count(*) FROM reviews WHERE 1{review_filter}", args)[0][
        0
    ]
    total_cards, new_cards = store.execute(
        f"SELECT count(*), coalesce(sum(state = 0 AND suspended = 0), 0) FROM cards "
        f"WHERE in_deck = 1{deck_filter}",
        args,
    )[0]
    if deck_id is not None:
        new_available = store.deck_counts(deck_id, now=now, tz=tz).new
    else:
        new_available = new_cards
    return Stats(
        deck_id=deck_id,
        today=today,
        due_today=due_today,
        new_available=new_available,
        forecast=forecast,
        reviews_per_day=reviews_per_day,
        retention=Retention(answered, passed),
        streak=streak,
        total_reviews=total_reviews,
        total_cards=total_cards,
    )


def _streak(
    store: Store,
    today: date,
    tz: tzinfo | None,
    hour: int,
    recent: list[int],
    review_filter: str,
    args: tuple,
) -> int:
    """Consecutive study days with reviews, ending today (or yesterday: not broken yet)."""
    days = list(reversed(recent))  # [today, yesterday, ...]
    start = 0 if days and days[0] else 1
    streak = 0
    for count in days[start:]:
        if not count:
            return streak
        streak += 1
    # Longer than the window: keep walking back one day at a time (indexed lookups).
    day = today - timedelta(days=len(days))
    while True:
        begin, end = day_bounds(day, tz, hour)
        hit = store.execute(
            f"SELECT 1 FROM reviews WHERE reviewed_ms >= ? AND reviewed_ms < ?{review_filter} "
            "LIMIT 1",
            (to_ms(begin), to_ms(end), *args),
        )
        if not hit:
            return streak
        streak += 1
        day -= timedelta(days=1)


def card_history(store: Store, deck_id: str, card_id: str) -> list[ReviewEntry]:
    """Per-card history, oldest first (same as Store.card_history)."""
    return store.card_history(deck_id, card_id)
