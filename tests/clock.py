"""A clock the tests move by hand: every call returns the same instant until moved."""

from __future__ import annotations

from datetime import datetime, timedelta


class SettableClock:
    """Stands in for `datetime.now(UTC)`; never sleeps."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now
