"""Random sequences of answer / undo / suspend / bury / reset / edit-deck keep the store
consistent: log count = answers - undos, no card state without a deck, undo restores
exactly, and every card is in the state a model of the operations predicts."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)

from quizapp.study import CardState, Rating, SchedulingState, Session, Store
from tests.study_helpers import BERLIN, FakeClock, make_card, make_deck

CARD_POOL = [f"c{i}" for i in range(8)]


class StoreMachine(RuleBasedStateMachine):
    @initialize()
    def open_store(self):
        self.dir = Path(tempfile.mkdtemp(prefix="quizapp-prop-"))
        self.store = Store.open(self.dir / "progress.sqlite3")
        self.clock = FakeClock()
        self.card_ids = CARD_POOL[:4]
        self.session = self._session()
        self.answers = 0
        self.undos = 0
        self.undo_stack: list[tuple[str, object]] = []  # (card id, state before)
        # What each card's state must be: set by answers, undos and resets.
        self.expected: dict[str, SchedulingState] = {}

    def _session(self) -> Session:
        cards = [
            make_card(cid[1:], question=f"Q {cid} {len(self.card_ids)}?") for cid in self.card_ids
        ]
        return Session(self.store, make_deck(cards=cards), clock=self.clock, tz=BERLIN)

    @rule(index=st.integers(0, 7), rating=st.sampled_from(list(Rating)))
    def answer(self, index, rating):
        card_id = self.card_ids[index % len(self.card_ids)]
        before = self.store.card_state("deck", card_id)[1]
        result = self.session.answer(card_id, rating)
        assert result.before == before
        self.answers += 1
        self.undo_stack.append((card_id, before))
        self.expected[card_id] = result.after

    @rule()
    def answer_next(self):
        item = self.session.next_card()
        if item is not None:
            self.answer(self.card_ids.index(item.card_id), Rating.Good)

    @rule()
    def undo(self):
        result = self.session.undo()
        if not self.undo_stack:
            assert result is None
            return
        card_id, before = self.undo_stack.pop()
        assert result is not None and result.card_id == card_id
        assert self.store.card_state("deck", card_id)[1] == before
        self.expected[card_id] = before
        self.undos += 1

    @rule(index=st.integers(0, 7), action=st.sampled_from(["suspend", "unsuspend", "bury"]))
    def flag(self, index, action):
        getattr(self.session, action)(self.card_ids[index % len(self.card_ids)])

    @rule(index=st.integers(0, 7))
    def reset_card(self, index):
        card_id = self.card_ids[index % len(self.card_ids)]
        self.session.reset_card(card_id)
        self.undo_stack = [u for u in self.undo_stack if u[0] != card_id]
        self.expected[card_id] = SchedulingState()
        assert self.store.card_state("deck", card_id)[1].state is CardState.NEW

    @rule(minutes=st.integers(0, 60 * 24 * 40))
    def advance(self, minutes):
        self.clock.advance(minutes=minutes)

    @rule(keep=st.sets(st.sampled_from(CARD_POOL), min_size=1, max_size=8))
    def edit_deck(self, keep):
        # Cards come and go, wording changes; a new session, as the app would start.
        self.card_ids = sorted(keep)
        self.session = self._session()
        self.undo_stack = []

    @invariant()
    def log_count_is_answers_minus_undos(self):
        if hasattr(self, "store"):
            assert self.store.review_count() == self.answers - self.undos

    @invariant()
    def no_orphans(self):
        if not hasattr(self, "store"):
            return
        assert self.store.execute("PRAGMA foreign_key_check") == []
        assert self.store.execute(
            "SELECT count(*) FROM cards WHERE deck NOT IN (SELECT id FROM decks)"
        ) == [(0,)]
        live = {r.card_id for r in self.store.card_rows("deck")}
        assert live == set(self.card_ids)

    @invariant()
    def every_card_is_in_its_expected_state(self):
        if not hasattr(self, "store"):
            return
        for row in self.store.card_rows("deck", include_removed=True):
            current = self.store.card_state("deck", row.card_id)[1]
            assert current == self.expected.get(row.card_id, SchedulingState())
            history = self.store.card_history("deck", row.card_id)
            # Unless reset since, the state is what the latest review left.
            if history and current.state is not CardState.NEW:
                assert history[-1].after == current

    def teardown(self):
        if hasattr(self, "store"):
            assert self.store.integrity_check() == ["ok"]
            self.store.close()
            shutil.rmtree(self.dir, ignore_errors=True)


StoreMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestStoreConsistency = StoreMachine.TestCase
