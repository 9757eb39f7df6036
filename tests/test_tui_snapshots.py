"""Snapshots of the app at 80x24 with a fixed clock, fixed decks and fixed progress.

Update after an intended change with: pytest tests/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

from datetime import UTC, timedelta

from quizapp.deckfile import load_deck
from quizapp.study import Rating, Session, Store
from quizapp.tui.app import create_app
from tests.tui_helpers import HISTORY, HOSTILE, START, Clock

SIZE = (80, 24)


def decks():
    # Deck objects, not paths: a path would put this machine's folders in the picture.
    return [load_deck(HISTORY), load_deck(HOSTILE)]


def seed_progress() -> None:
    """A week of reviews of the history deck, ending yesterday."""
    deck = load_deck(HISTORY)
    with Store.open() as store:
        store.sync_deck(deck, now=START - timedelta(days=7))
        for days_ago, ratings in [
            (7, [Rating.Good, Rating.Good, Rating.Again]),
            (6, [Rating.Good, Rating.Easy]),
            (4, [Rating.Good, Rating.Hard, Rating.Good]),
            (1, [Rating.Again, Rating.Good]),
        ]:
            clock = Clock(START - timedelta(days=days_ago))
            session = Session(store, deck, clock=clock, tz=UTC)
            for rating in ratings:
                item = session.next_card()
                if item is None:
                    break
                session.answer(item.card_id, rating, mode="flashcard", duration_ms=5000)
                clock.advance(minutes=2)


def app(**kwargs):
    return create_app(decks(), clock=Clock(), tz=UTC, theme="textual-dark", **kwargs)


def test_home(snap_compare):
    seed_progress()
    assert snap_compare(app(), terminal_size=SIZE)


def test_flashcard_question(snap_compare):
    assert snap_compare(app(study=True), terminal_size=SIZE)


def test_flashcard_revealed(snap_compare):
    assert snap_compare(app(study=True), terminal_size=SIZE, press=["space"])


def test_multiple_choice_feedback(snap_compare):
    # Options are shuffled with the card id as seed: "1" is a wrong option here.
    assert snap_compare(app(study=True, mode="choice"), terminal_size=SIZE, press=["1"])


def test_typed_near_miss_feedback(snap_compare):
    # Accepted with a typo: the feedback shows which letter was missing.
    assert snap_compare(
        app(study=True, mode="typed"), terminal_size=SIZE, press=[*"decembr 2000", "enter"]
    )


def test_session_summary(snap_compare):
    assert snap_compare(
        app(study=True), terminal_size=SIZE, press=["space", "3", "space", "1", "space", "4", "q"]
    )


def test_stats(snap_compare):
    seed_progress()
    assert snap_compare(app(), terminal_size=SIZE, press=["s"])
