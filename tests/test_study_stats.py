"""Stats from the log, and `quizapp stats [DECK] [--json]`."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from quizapp.cli import main
from quizapp.study import DeckSettings, Rating, Session, Store, deck_stats
from tests.study_helpers import BERLIN, FakeClock, make_deck

JSON_KEYS = {
    "deck",
    "today",
    "due_today",
    "new_available",
    "forecast",
    "reviews_per_day",
    "retention",
    "streak",
    "total_reviews",
    "total_cards",
}


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "p.sqlite3") as s:
        yield s


def test_stats_from_a_known_history(store):
    clock = FakeClock()  # 2026-01-15, noon in Berlin
    deck = make_deck(6)
    store.sync_deck(deck)
    store.set_settings("deck", DeckSettings(enable_fuzzing=False))
    session = Session(store, deck, clock=clock, tz=BERLIN)
    # Day 1: four new cards straight to review.
    for i in range(4):
        session.answer(f"c{i}", Rating.Easy)
    # Days 2 and 3: one review-state answer each (Again, then Good).
    clock.advance(days=30)
    session.answer("c0", Rating.Again)
    clock.advance(days=1)
    session.answer("c1", Rating.Good)
    stats = deck_stats(store, "deck", now=clock.now, tz=BERLIN)
    assert stats.today == date(2026, 2, 15)
    assert stats.total_reviews == 6 and stats.total_cards == 6
    assert stats.retention.reviews == 2 and stats.retention.passed == 1
    assert stats.retention.rate == 0.5
    assert stats.streak == 2  # Feb 14 and 15; the Jan 15 day is not adjacent
    per_day = {d.day: d.count for d in stats.reviews_per_day}
    assert len(stats.reviews_per_day) == 30
    assert per_day[date(2026, 2, 14)] == 1 and per_day[date(2026, 2, 15)] == 1
    assert date(2026, 1, 15) not in per_day  # outside the 30-day window
    assert [d.day for d in stats.forecast][:2] == [date(2026, 2, 15), date(2026, 2, 16)]
    assert len(stats.forecast) == 30
    # c2, c3 are overdue (due today); c0 relearns today; c1 is due later.
    assert stats.due_today == 3 and stats.forecast[0].count == 3
    horizon = clock.now + timedelta(days=30)
    due_within = [r for r in store.card_rows("deck") if r.due is not None and r.due < horizon]
    assert sum(d.count for d in stats.forecast) == len(due_within)
    assert stats.new_available == 2
    data = stats.to_json()
    assert set(data) == JSON_KEYS
    assert data["retention"] == {"rate": 0.5, "reviews": 2, "passed": 1, "days": 30}
    assert data["forecast"][0] == {"date": "2026-02-15", "due": 3}
    json.dumps(data)


def test_streak_survives_until_today_is_over(store):
    clock = FakeClock()
    deck = make_deck(20)
    session = Session(store, deck, clock=clock, tz=BERLIN)
    for i in range(5):  # five consecutive days
        session.answer(f"c{i}", Rating.Good)
        clock.advance(days=1)
    # Today nothing yet: the streak still counts up to yesterday.
    assert deck_stats(store, "deck", now=clock.now, tz=BERLIN).streak == 5
    clock.advance(days=1)
    assert deck_stats(store, "deck", now=clock.now, tz=BERLIN).streak == 0


def test_long_streak_beyond_the_window(store):
    clock = FakeClock()
    deck = make_deck(50)
    session = Session(store, deck, clock=clock, tz=BERLIN)
    for i in range(40):
        session.answer(f"c{i}", Rating.Good)
        clock.advance(days=1)
    clock.advance(days=-1)
    stats = deck_stats(store, "deck", now=clock.now, tz=BERLIN, days=7)
    assert stats.streak == 40 and len(stats.forecast) == 7


def test_all_decks_and_unknown_deck(store):
    clock = FakeClock()
    for name in ("one", "two"):
        deck = make_deck(3, deck_id=name)
        Session(store, deck, clock=clock, tz=BERLIN).answer("c0", Rating.Good)
    everything = deck_stats(store, None, now=clock.now, tz=BERLIN)
    assert everything.total_reviews == 2 and everything.total_cards == 6
    assert everything.deck_id is None
    missing = deck_stats(store, "nope", now=clock.now, tz=BERLIN)
    assert missing.total_cards == 0 and missing.streak == 0


def test_card_history(store):
    clock = FakeClock()
    session = Session(store, make_deck(2), clock=clock, tz=BERLIN)
    session.answer("c0", Rating.Again, mode="choice", duration_ms=900)
    clock.advance(minutes=1)
    session.answer("c0", Rating.Good, mode="typed")
    history = store.card_history("deck", "c0")
    assert [(h.rating, h.mode, h.duration_ms) for h in history] == [
        (1, "choice", 900),
        (3, "typed", None),
    ]
    assert history[1].reviewed_at - history[0].reviewed_at == timedelta(minutes=1)
    assert history[0].after == history[1].before


# -- CLI -----------------------------------------------------------------------------


def test_cli_stats_json(capsys):
    with Store.open() as store:  # QUIZAPP_DATA_DIR is a temp dir in tests
        session = Session(store, make_deck(3))
        session.answer("c0", Rating.Good)
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == JSON_KEYS
    assert data["deck"] is None and data["total_reviews"] == 1 and data["total_cards"] == 3
    assert main(["stats", "deck", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["deck"] == "deck"


def test_cli_stats_text_and_deck_file(tmp_path, capsys):
    from quizapp.deckfile import save_deck

    path = tmp_path / "mine.toml"
    save_deck(make_deck(4, deck_id="mine"), path)
    assert main(["stats", str(path)]) == 0
    out = capsys.readouterr().out
    assert "deck:           mine" in out and "new available:  4" in out


def test_cli_stats_unknown_deck(capsys):
    assert main(["stats", "no-such-deck"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-such-deck" in err
