"""Shared by the app tests: the test decks and a clock the test moves by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import Static

DATA = Path(__file__).resolve().parent / "data" / "tui"
HISTORY = DATA / "history.toml"
HOSTILE = DATA / "hostile.toml"

START = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


class Clock:
    """Now is whatever the test says; every call returns the same instant until moved."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def text_of(app, selector: str) -> str:
    """The plain text a Static on the active screen shows."""
    return str(app.screen.query_one(selector, Static).content)
