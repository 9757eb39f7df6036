"""FSRS scheduling: per-deck settings, card states, the study day, interval labels.

Everything here is pure (no SQL, no clock reads): the caller passes `now`.

- All datetimes are timezone-aware UTC. Local time only decides which *study day*
  an instant belongs to; the day starts at `DeckSettings.day_start_hour` local time
  (default 4 a.m., like Anki). `tz=None` means the machine's local zone.
- fsrs has no "new" state; ours does (`CardState.NEW`). A new card is handed to
  fsrs as a fresh `fsrs.Card` (Learning, step 0, no stability) when first answered.
- fsrs's fuzz draws from the global `random`; we run fsrs with fuzzing off and apply
  the same fuzz ranges with a per-card seeded generator, so the interval shown on a
  rating button is exactly the interval that answering with it gives.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from fsrs import Card as FsrsCard
from fsrs import Rating, State
from fsrs import Scheduler as FsrsScheduler
from fsrs.scheduler import DEFAULT_PARAMETERS, FUZZ_RANGES

__all__ = [
    "CardState",
    "DeckSettings",
    "Rating",
    "SchedulingState",
    "day_bounds",
    "format_interval",
    "study_day",
    "to_local",
    "utc",
]


class CardState(StrEnum):
    """A card's place in the study cycle. NEW is ours; the rest mirror fsrs.State."""

    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"

    @property
    def code(self) -> int:
        """The integer stored in SQLite (0 new, 1-3 = fsrs.State values)."""
        return _STATE_CODES[self]

    @classmethod
    def from_code(cls, code: int) -> CardState:
        return _CODE_STATES[code]


_STATE_CODES = {
    CardState.NEW: 0,
    CardState.LEARNING: 1,
    CardState.REVIEW: 2,
    CardState.RELEARNING: 3,
}
_CODE_STATES = {v: k for k, v in _STATE_CODES.items()}


def utc(moment: datetime) -> datetime:
    """`moment` as an aware UTC datetime; naive datetimes are refused (ambiguous)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: pass a timezone-aware datetime")
    return moment.astimezone(UTC)


def to_local(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """`moment` in `tz`, or in the machine's local zone (with its DST rules) if None."""
    moment = utc(moment)
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


def _local_datetime(day: date, hour: int, tz: tzinfo | None) -> datetime:
    naive = datetime.combine(day, time(hour))
    if tz is None:
        return naive.astimezone()  # naive -> interpreted in the system zone
    return naive.replace(tzinfo=tz)


def study_day(moment: datetime, tz: tzinfo | None = None, day_start_hour: int = 4) -> date:
    """The study day `moment` belongs to: before `day_start_hour` local it is still yesterday."""
    return (to_local(moment, tz) - timedelta(hours=day_start_hour)).date()


def day_bounds(
    day: date, tz: tzinfo | None = None, day_start_hour: int = 4
) -> tuple[datetime, datetime]:
    """UTC [start, end) of study day `day` (23 or 25 hours long across a DST change)."""
    start = _local_datetime(day, day_start_hour, tz)
    end = _local_datetime(day + timedelta(days=1), day_start_hour, tz)
    return utc(start), utc(end)


def format_interval(interval: timedelta) -> str:
    """A short label for a rating button: "<1m", "10m", "3h", "4d", "2.5mo", "1.2y"."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return _one_decimal(days / 30) + "mo"
    return _one_decimal(days / 365) + "y"


def _one_decimal(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _td_list(values: Any) -> tuple[timedelta, ...]:
    return tuple(timedelta(seconds=float(v)) for v in values)


@dataclass(frozen=True)
class DeckSettings:
    """Per-deck study settings (kept in the store, see Store.settings/set_settings)."""

    desired_retention: float = 0.90
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500  # days
    enable_fuzzing: bool = True
    new_per_day: int = 20
    reviews_per_day: int = 200
    day_start_hour: int = 4  # local time
    # With nothing else to study, a learning card due within this is shown early.
    learn_ahead: timedelta = timedelta(minutes=20)
    parameters: tuple[float, ...] = field(default=tuple(DEFAULT_PARAMETERS))

    def __post_init__(self) -> None:
        if not 0.5 <= self.desired_retention <= 0.99:
            raise ValueError("desired_retention must be between 0.5 and 0.99")
        if not 0 <= self.day_start_hour <= 23:
            raise ValueError("day_start_hour must be 0-23")
        if self.new_per_day < 0 or self.reviews_per_day < 0:
            raise ValueError("daily limits must not be negative")
        if self.maximum_interval < 1:
            raise ValueError("maximum_interval must be at least 1 day")
        if any(s <= timedelta(0) for s in (*self.learning_steps, *self.relearning_steps)):
            raise ValueError("steps must be positive")
        FsrsScheduler(parameters=self.parameters)  # validates the parameters

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("learning_steps", "relearning_steps"):
            data[key] = [s.total_seconds() for s in getattr(self, key)]
        data["learn_ahead"] = self.learn_ahead.total_seconds()
        data["parameters"] = list(self.parameters)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeckSettings:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("learning_steps", "relearning_steps"):
            if key in values:
                values[key] = _td_list(values[key])
        if "learn_ahead" in values:
            values["learn_ahead"] = timedelta(seconds=float(values["learn_ahead"]))
        if "parameters" in values:
            values["parameters"] = tuple(float(p) for p in values["parameters"])
        return cls(**values)

    def scheduler_json(self) -> str:
        """Canonical JSON of what affects scheduling; its row id is the params version."""
        keys = (
            "parameters",
            "desired_retention",
            "learning_steps",
            "relearning_steps",
            "maximum_interval",
            "enable_fuzzing",
        )
        data = self.to_dict()
        return json.dumps({k: data[k] for k in keys}, sort_keys=True, separators=(",", ":"))

    def with_changes(self, **changes: Any) -> DeckSettings:
        return replace(self, **changes)


@dataclass(frozen=True)
class SchedulingState:
    """A card's scheduling columns, exactly as stored; `undo` restores one of these.

    Times are integer milliseconds since the epoch (UTC) so that a round trip
    through SQLite and JSON is exact.
    """

    state: CardState = CardState.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due_ms: int | None = None
    last_review_ms: int | None = None
    reps: int = 0
    lapses: int = 0

    @property
    def due(self) -> datetime | None:
        return _from_ms(self.due_ms)

    @property
    def last_review(self) -> datetime | None:
        return _from_ms(self.last_review_ms)

    def to_json(self) -> str:
        return json.dumps(
            [
                self.state.code,
                self.step,
                self.stability,
                self.difficulty,
                self.due_ms,
                self.last_review_ms,
                self.reps,
                self.lapses,
            ],
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> SchedulingState:
        s, step, stab, diff, due, last, reps, lapses = json.loads(text)
        return cls(CardState.from_code(s), step, stab, diff, due, last, reps, lapses)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)


def to_ms(moment: datetime) -> int:
    """Whole milliseconds since the epoch (exact integer arithmetic, truncating)."""
    return (utc(moment) - _EPOCH) // _MS


def _from_ms(ms: int | None) -> datetime | None:
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, UTC)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


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
        after, _log = self._fsrs.review_card(card, Rating(rating), review_datetime=now)
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
