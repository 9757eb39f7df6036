"""Shared helpers for tests/test_study_*.py: decks, a settable clock, a store."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from quizapp.deck import Card, Deck, DeckInfo
from tests.clock import SettableClock

BERLIN = ZoneInfo("Europe/Berlin")
# Noon in Berlin (UTC+1 in winter): well inside a study day.
START = datetime(2026, 1, 15, 11, 0, tzinfo=UTC)


class FakeClock(SettableClock):
    """The study tests' clock, starting at noon in Berlin."""

    def __init__(self, now: datetime = START) -> None:
        super().__init__(now)


def make_card(i: int | str, **changes) -> Card:
    data = {
        "id": f"c{i}",
        "kind": "basic",
        "question": f"Question {i}?",
        "answer": f"Answer {i}",
    }
    data.update(changes)
    return Card(**data)


def make_deck(n: int = 5, deck_id: str = "deck", cards: list[Card] | None = None) -> Deck:
    return Deck(
        deck=DeckInfo(id=deck_id, title=f"Deck {deck_id}"),
        cards=cards if cards is not None else [make_card(i) for i in range(n)],
    )
