"""Scheduling rules, each with a fixed, hand-moved clock (no sleeping)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from quizapp.errors import UserError
from quizapp.study import (
    CardState,
    DeckSettings,
    Rating,
    Session,
    Store,
    day_bounds,
    format_interval,
    rating_for,
    study_day,
)
from quizapp.study.model import SchedulingState, to_ms
from quizapp.study.scheduler import Scheduler
from tests.study_helpers import BERLIN, START, FakeClock, make_card, make_deck


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "progress.sqlite3") as s:
        yield s


def session_for(store, deck, clock=None, tz=BERLIN, **settings) -> Session:
    store.sync_deck(deck)
    if settings:
        store.set_settings(deck.deck.id, DeckSettings(**settings))
    return Session(store, deck, clock=clock or FakeClock(), tz=tz)


def graduate(session: Session, clock: FakeClock, card_id: str) -> None:
    """Take a new card straight to the review state."""
    result = session.answer(card_id, Rating.Easy)
    assert result.after.state is CardState.REVIEW


# -- states and steps ------------------------------------------------------------


def test_new_cards_have_their_own_state(store):
    deck = make_deck(3)
    session = session_for(store, deck)
    item = session.next_card()
    assert item is not None and item.state is CardState.NEW and item.due is None
    assert {row.state for row in store.card_rows("deck")} == {CardState.NEW}


def test_learning_steps_again_hard_good_easy(store):
    clock = FakeClock()
    session = session_for(store, make_deck(1), clock, enable_fuzzing=False)
    assert session.intervals("c0") == {
        Rating.Again: timedelta(minutes=1),
        Rating.Hard: timedelta(minutes=5, seconds=30),  # between the 1m and 10m steps
        Rating.Good: timedelta(minutes=10),
        Rating.Easy: session.intervals("c0")[Rating.Easy],
    }
    assert session.intervals("c0")[Rating.Easy] >= timedelta(days=1)
    assert session.interval_labels("c0")[Rating.Again] == "1m"
    first = session.answer("c0", Rating.Good)
    assert first.after.state is CardState.LEARNING and first.after.step == 1
    assert first.interval == timedelta(minutes=10)
    clock.advance(minutes=10)
    second = session.answer("c0", Rating.Good)
    assert second.after.state is CardState.REVIEW
    assert second.interval >= timedelta(days=1)


def test_custom_steps_and_maximum_interval(store):
    clock = FakeClock()
    session = session_for(
        store,
        make_deck(1),
        clock,
        learning_steps=(timedelta(minutes=2),),
        maximum_interval=3,
        enable_fuzzing=False,
    )
    assert session.intervals("c0")[Rating.Again] == timedelta(minutes=2)
    assert session.intervals("c0")[Rating.Hard] == timedelta(minutes=3)
    result = session.answer("c0", Rating.Easy)
    assert result.interval <= timedelta(days=3)
    for _ in range(5):
        clock.now = result.due
        result = session.answer("c0", Rating.Easy)
        assert result.interval <= timedelta(days=3)


def test_desired_retention_changes_intervals(tmp_path):
    def interval(retention: float) -> timedelta:
        with Store.open(tmp_path / f"r{retention}.sqlite3") as s:
            clock = FakeClock()
            session = session_for(
                s, make_deck(1), clock, desired_retention=retention, enable_fuzzing=False
            )
            first = session.answer("c0", Rating.Easy)
            clock.now = first.due
            return session.answer("c0", Rating.Good).interval

    assert interval(0.80) > interval(0.90) > interval(0.97)


def test_lapse_goes_to_relearning_and_counts(store):
    clock = FakeClock()
    session = session_for(store, make_deck(1), clock, enable_fuzzing=False)
    graduated = session.answer("c0", Rating.Easy)
    clock.now = graduated.due
    lapse = session.answer("c0", Rating.Again)
    assert lapse.after.state is CardState.RELEARNING
    assert lapse.after.lapses == 1
    assert lapse.interval == timedelta(minutes=10)  # the relearning step
    clock.advance(minutes=10)
    back = session.answer("c0", Rating.Good)
    assert back.after.state is CardState.REVIEW and back.after.lapses == 1


def test_preview_matches_answer_with_fuzzing(store):
    # The label on each button is the interval that button really gives, fuzz included.
    clock = FakeClock()
    deck = make_deck(4)
    session = session_for(store, deck, clock)
    for i, rating in enumerate(Rating):
        card_id = f"c{i}"
        graduated = session.answer(card_id, Rating.Easy)
        clock.now = graduated.due + timedelta(days=3)
        preview = session.intervals(card_id)
        result = session.answer(card_id, rating)
        assert result.interval == preview[rating], rating


def test_fuzz_is_deterministic_and_in_range():
    scheduler = Scheduler(DeckSettings())
    plain = Scheduler(DeckSettings(enable_fuzzing=False))
    state = SchedulingState(
        CardState.REVIEW, None, 40.0, 5.0, 0, 0, reps=5, lapses=0
    )  # due and last review at the epoch: long overdue
    now = datetime(1970, 3, 1, tzinfo=UTC)
    fuzzed = {scheduler.review(k, state, Rating.Good, now).due_ms for k in range(40)}
    exact = plain.review(1, state, Rating.Good, now).due_ms
    days = (exact - to_ms(now)) / 86_400_000
    assert days > 20
    assert len(fuzzed) > 1  # fuzz spreads cards with equal intervals
    # fsrs's fuzz ranges: 1 + 0.15 * 4.5 + 0.1 * 13 + 0.05 * (days - 20) days either
    # way, plus up to 1.5 days from fsrs's rounding of the bounds and the result.
    allowed = 1 + 0.675 + 1.3 + 0.05 * (days - 20) + 1.5
    assert all(abs(d - exact) / 86_400_000 <= allowed for d in fuzzed)
    again = {scheduler.review(k, state, Rating.Good, now).due_ms for k in range(40)}
    assert again == fuzzed


# -- the queue -------------------------------------------------------------------


def test_queue_order_learning_then_most_overdue_review_then_new(store):
    clock = FakeClock()
    deck = make_deck(6)
    session = session_for(store, deck, clock, enable_fuzzing=False)
    # c0..c2 become review cards with different due dates; c3 goes to learning.
    dues = {}
    for i in range(3):
        dues[f"c{i}"] = session.answer(f"c{i}", Rating.Easy).due
        clock.advance(days=2)
    clock.now = max(dues.values()) + timedelta(days=1)
    session.answer("c3", Rating.Again)  # learning, due in 1 minute
    clock.advance(minutes=1)
    order = []
    while (item := session.next_card()) is not None and len(order) < 6:
        order.append(item.card_id)
        session.answer(item.card_id, Rating.Good if item.card_id != "c3" else Rating.Easy)
    assert order[0] == "c3"  # due learning first
    reviews = [c for c in order if c in dues]
    assert reviews == sorted(dues, key=dues.get)  # most overdue first
    assert set(order) == {f"c{i}" for i in range(6)}


def test_again_comes_back_when_its_step_is_due(store):
    clock = FakeClock()
    session = session_for(store, make_deck(5), clock)
    first = session.next_card()
    assert first is not None
    session.answer(first.card_id, Rating.Again)
    # Not immediately: other cards come first while the 1-minute step runs.
    assert session.next_card().card_id != first.card_id
    clock.advance(seconds=59)
    assert session.next_card().card_id != first.card_id
    clock.advance(seconds=1)
    assert session.next_card().card_id == first.card_id


def test_learn_ahead_when_nothing_else_then_waiting(store):
    clock = FakeClock()
    session = session_for(store, make_deck(1), clock)
    session.answer("c0", Rating.Good)  # 10 minutes
    # Nothing else left: a card due within the 20-minute learn-ahead is shown now.
    assert session.next_card().card_id == "c0"
    store.set_settings("deck", DeckSettings(learn_ahead=timedelta(0)))
    strict = Session(store, make_deck(1), clock=clock, tz=BERLIN)
    assert strict.next_card() is None
    assert strict.waiting_until() == clock.now + timedelta(minutes=10)
    clock.advance(minutes=10)
    assert strict.next_card().card_id == "c0"


def test_new_cards_interleave_with_reviews(store):
    clock = FakeClock()
    deck = make_deck(12)
    session = session_for(store, deck, clock, new_per_day=2)
    for i in range(2):
        session.answer(f"c{i}", Rating.Easy)
    clock.advance(days=1)
    for i in range(2, 4):
        session.answer(f"c{i}", Rating.Easy)
    clock.advance(days=1)
    for i in range(4, 6):
        session.answer(f"c{i}", Rating.Easy)
    clock.advance(days=1)
    store.set_settings("deck", DeckSettings(new_per_day=2, enable_fuzzing=False))
    clock.advance(days=60)  # all six reviews overdue
    session = Session(store, deck, clock=clock, tz=BERLIN)
    kinds = []
    while (item := session.next_card()) is not None:
        kinds.append(item.state)
        session.answer(item.card_id, Rating.Easy)
    assert kinds.count(CardState.NEW) == 2 and kinds.count(CardState.REVIEW) == 6
    # Neither all new cards first nor all last: spread among the reviews.
    assert kinds[0] is CardState.REVIEW and kinds[-1] is CardState.REVIEW
    assert kinds == [
        CardState.REVIEW,
        CardState.REVIEW,
        CardState.NEW,
        CardState.REVIEW,
        CardState.REVIEW,
        CardState.NEW,
        CardState.REVIEW,
        CardState.REVIEW,
    ]


def test_daily_new_limit_counts_per_local_day(store):
    clock = FakeClock(datetime(2026, 1, 15, 20, 0, tzinfo=UTC))  # 21:00 in Berlin
    session = session_for(store, make_deck(30), clock)
    seen = set()
    while (item := session.next_card()) is not None:
        seen.add(item.card_id)
        session.answer(item.card_id, Rating.Easy)
    assert len(seen) == 20  # default new limit
    assert session.counts().new == 0
    clock.now = datetime(2026, 1, 16, 2, 59, tzinfo=UTC)  # 03:59 Berlin: same study day
    assert session.next_card() is None
    clock.now = datetime(2026, 1, 16, 3, 0, tzinfo=UTC)  # 04:00 Berlin: a new day
    assert session.counts().new == 10
    assert session.next_card().state is CardState.NEW


def test_daily_review_limit(store):
    clock = FakeClock()
    deck = make_deck(5)
    session = session_for(store, deck, clock, reviews_per_day=3, new_per_day=5)
    for i in range(5):
        session.answer(f"c{i}", Rating.Easy)
    clock.advance(days=100)
    assert session.counts().review == 3
    answered = 0
    while (item := session.next_card()) is not None:
        assert item.state is CardState.REVIEW
        session.answer(item.card_id, Rating.Good)
        answered += 1
    assert answered == 3
    assert store.deck_counts("deck", now=clock.now, tz=BERLIN).due == 0


def test_counts_and_session_tally(store):
    clock = FakeClock()
    session = session_for(store, make_deck(4), clock)
    assert session.counts().remaining == 4
    session.answer("c0", Rating.Again)
    session.answer("c1", Rating.Good)
    counts = session.counts()
    assert (counts.new, counts.learning, counts.done, counts.right) == (2, 2, 2, 1)


# -- day boundary ------------------------------------------------------------------


def test_day_boundary_is_4am_local():
    ny = ZoneInfo("America/New_York")
    assert study_day(datetime(2026, 1, 15, 8, 59, tzinfo=UTC), ny) == date(2026, 1, 14)
    assert study_day(datetime(2026, 1, 15, 9, 0, tzinfo=UTC), ny) == date(2026, 1, 15)
    # Clocks go forward at 2 a.m. on March 8: the study day of March 7 lasts 23 hours.
    start, end = day_bounds(date(2026, 3, 7), ny)
    assert start == datetime(2026, 3, 7, 9, 0, tzinfo=UTC)  # 4 a.m. EST
    assert end == datetime(2026, 3, 8, 8, 0, tzinfo=UTC)  # 4 a.m. EDT
    assert end - start == timedelta(hours=23)
    assert study_day(datetime(2026, 1, 15, 1, 0, tzinfo=UTC), ny, day_start_hour=0) == date(
        2026, 1, 14
    )


def test_naive_clock_is_refused(store):
    with pytest.raises(ValueError, match="naive"):
        session_for(store, make_deck(1), clock=lambda: datetime(2026, 1, 1))


# -- card actions and undo ----------------------------------------------------------


def test_suspend_bury_unsuspend(store):
    clock = FakeClock()
    session = session_for(store, make_deck(2), clock)
    session.suspend("c0")
    assert session.next_card().card_id == "c1"
    session.bury("c1")
    assert session.next_card() is None
    assert store.deck_counts("deck", now=clock.now, tz=BERLIN).buried == 1
    clock.advance(days=1)  # the next study day: c1 is back, c0 stays suspended
    assert session.next_card().card_id == "c1"
    session.unsuspend("c0")
    assert session.next_card().card_id == "c0"
    row = {r.card_id: r for r in store.card_rows("deck")}["c0"]
    assert not row.suspended


def test_reset_card_and_deck_keep_history(store):
    clock = FakeClock()
    session = session_for(store, make_deck(2), clock)
    session.answer("c0", Rating.Easy)
    session.answer("c1", Rating.Easy)
    session.reset_card("c0")
    rows = {r.card_id: r for r in store.card_rows("deck")}
    assert rows["c0"].state is CardState.NEW and rows["c0"].reps == 0
    assert rows["c1"].state is CardState.REVIEW
    assert len(store.card_history("deck", "c0")) == 1
    assert session.can_undo  # c1's answer is still undoable
    session.reset_deck()
    assert {r.state for r in store.card_rows("deck")} == {CardState.NEW}
    assert store.review_count("deck") == 2
    assert not session.can_undo


def test_undo_restores_exact_state_and_removes_review(store):
    clock = FakeClock()
    session = session_for(store, make_deck(2), clock)
    session.answer("c0", Rating.Good)
    clock.advance(minutes=10)
    before = store.card_state("deck", "c0")[1]
    session.answer("c0", Rating.Again)
    clock.advance(minutes=1)
    session.answer("c1", Rating.Hard)
    assert store.review_count() == 3
    undone = session.undo()
    assert undone.card_id == "c1" and store.card_state("deck", "c1")[1] == SchedulingState()
    undone = session.undo()
    assert undone.card_id == "c0" and undone.rating == Rating.Again
    assert store.card_state("deck", "c0")[1] == before
    assert store.review_count() == 1
    assert session.counts().done == 1
    session.undo()
    assert session.undo() is None and store.review_count() == 0


def test_undo_refuses_when_card_answered_elsewhere(store):
    clock = FakeClock()
    deck = make_deck(1)
    one = session_for(store, deck, clock)
    two = Session(store, deck, clock=clock, tz=BERLIN)
    one.answer("c0", Rating.Good)
    clock.advance(minutes=10)
    two.answer("c0", Rating.Good)
    with pytest.raises(UserError, match="answered again"):
        one.undo()
    assert store.review_count() == 2


def test_unknown_card_is_a_clear_error(store):
    session = session_for(store, make_deck(1))
    with pytest.raises(UserError, match="no card 'nope'"):
        session.answer("nope", Rating.Good)


# -- deck edits ------------------------------------------------------------------------


def test_edited_card_keeps_progress_removed_card_keeps_history(store):
    clock = FakeClock()
    deck = make_deck(3)
    session = session_for(store, deck, clock)
    for i in range(3):
        session.answer(f"c{i}", Rating.Easy)
    edited = make_deck(cards=[make_card(0, question="Reworded?"), make_card(2), make_card(9)])
    result = store.sync_deck(edited)
    assert result.added == ["c9"] and result.removed == ["c1"] and result.kept == 2
    rows = {r.card_id: r for r in store.card_rows("deck", include_removed=True)}
    assert rows["c0"].state is CardState.REVIEW and rows["c0"].reps == 1
    assert not rows["c1"].in_deck and rows["c1"].reps == 1
    assert len(store.card_history("deck", "c1")) == 1
    assert "c1" not in {r.card_id for r in store.card_rows("deck")}
    clock.advance(days=365)
    later = Session(store, edited, clock=clock, tz=BERLIN)
    seen = set()
    while (item := later.next_card()) is not None:
        seen.add(item.card_id)
        later.answer(item.card_id, Rating.Easy)
    assert seen == {"c0", "c2", "c9"}
    back = store.sync_deck(deck)
    assert back.restored == ["c1"]


def test_changed_deck_id_is_a_new_deck(store):
    clock = FakeClock()
    session = session_for(store, make_deck(2), clock)
    session.answer("c0", Rating.Easy)
    renamed = make_deck(2, deck_id="renamed")
    store.sync_deck(renamed)
    assert {r.state for r in store.card_rows("renamed")} == {CardState.NEW}
    assert store.deck_ids() == ["deck", "renamed"]


def test_settings_round_trip_and_params_version(store):
    clock = FakeClock()
    deck = make_deck(2)
    session = session_for(store, deck, clock)
    session.answer("c0", Rating.Good)
    custom = DeckSettings(desired_retention=0.85, learning_steps=(timedelta(minutes=3),))
    store.set_settings("deck", custom)
    assert store.settings("deck") == custom
    Session(store, deck, clock=clock, tz=BERLIN).answer("c1", Rating.Good)
    versions = [store.card_history("deck", c)[0].params_version for c in ("c0", "c1")]
    assert versions[0] != versions[1]


# -- small pure helpers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("interval", "label"),
    [
        (timedelta(seconds=30), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=5, seconds=30), "6m"),
        (timedelta(hours=3), "3h"),
        (timedelta(days=3), "3d"),
        (timedelta(days=45), "1.5mo"),
        (timedelta(days=60), "2mo"),
        (timedelta(days=438), "1.2y"),
    ],
)
def test_format_interval(interval, label):
    assert format_interval(interval) == label


def test_rating_for_quiz_outcomes():
    assert rating_for(False) == Rating.Again
    assert rating_for(False, hint_used=True) == Rating.Again
    assert rating_for(True, hint_used=True) == Rating.Hard
    assert rating_for(True) == Rating.Good
    assert rating_for(False, override=Rating.Easy) == Rating.Easy
    assert rating_for(True, override=1) == Rating.Again


def test_start_is_midday_in_berlin():
    assert START.astimezone(BERLIN).hour == 12


def test_plain_types_mirror_fsrs():
    # quizapp.study.model keeps copies so that it need not import fsrs.
    import fsrs
    from fsrs.scheduler import DEFAULT_PARAMETERS as FSRS_DEFAULTS

    from quizapp.study.model import DEFAULT_PARAMETERS

    assert tuple(FSRS_DEFAULTS) == DEFAULT_PARAMETERS
    assert DeckSettings().parameters == tuple(FSRS_DEFAULTS)
    assert {r.name: int(r) for r in Rating} == {r.name: int(r) for r in fsrs.Rating}
