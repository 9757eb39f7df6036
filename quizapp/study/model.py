"""The study engine's plain types: card states, scheduling states, per-deck settings,
ratings and study-day arithmetic.

No fsrs and no pydantic here: the store and the queue build on this module, and the
app asks them for its first card before those libraries are imported (start-up time).
quizapp.study.scheduler re-exports everything and adds the fsrs Scheduler.

- All datetimes are timezone-aware UTC. Local time only decides which *study day*
  an instant belongs to; the day starts at `DeckSettings.day_start_hour` local time
  (default 4 a.m., like Anki). `tz=None` means the machine's local zone.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import IntEnum, StrEnum
from typing import Any

__all__ = [
    "DEFAULT_PARAMETERS",
    "CardState",
    "DeckSettings",
    "Rating",
    "SchedulingState",
    "day_bounds",
    "format_interval",
    "from_ms",
    "study_day",
    "to_local",
    "to_ms",
    "utc",
]

# fsrs.scheduler.DEFAULT_PARAMETERS of the fsrs version we depend on (a test checks
# they are equal), so default settings need no fsrs import.
DEFAULT_PARAMETERS: tuple[float, ...] = (
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
)  # fmt: skip


class Rating(IntEnum):
    """How well the student knew a card; the same values as fsrs.Rating."""

    Again = 1
    Hard = 2
    Good = 3
    Easy = 4


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
    parameters: tuple[float, ...] = DEFAULT_PARAMETERS

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
        if self.parameters != DEFAULT_PARAMETERS:
            # fsrs checks custom parameters; importing it costs ~30 ms, so only then.
            from fsrs import Scheduler as FsrsScheduler

            FsrsScheduler(parameters=self.parameters)

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
