"""Shared by the app tests: the test decks, a clock the test moves by hand, and
helpers to read and fill in widgets."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Static

from tests.clock import SettableClock

DATA = Path(__file__).resolve().parent / "data" / "tui"
HISTORY = DATA / "history.toml"
HOSTILE = DATA / "hostile.toml"

START = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


class Clock(SettableClock):
    """The app tests' clock (snapshots are taken at this instant)."""

    def __init__(self, now: datetime = START) -> None:
        super().__init__(now)


def text_of(app, selector: str) -> str:
    """The plain text a Static on the active screen shows."""
    return str(app.screen.query_one(selector, Static).content)


async def type_into(pilot, selector: str, text: str) -> None:
    """Focus a field (which selects its text), clear it and type `text` key by key."""
    field = pilot.app.screen.query_one(selector)
    field.focus()
    await pilot.pause()
    if field.value:
        await pilot.press("end", "shift+home", "backspace")
    assert field.value == ""
    if text:
        await pilot.press(*text)
    await pilot.pause()
