"""What every study mode shares: the session, the card on show, undo/suspend/bury/back.

A mode subclass composes its answer area and controls, shows a card
(`show_card`) and calls `answer(rating)`; the answer is committed to the store at
once, so leaving at any moment loses nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizapp.study import AnswerResult, Rating, Session, StudyCard
from quizapp.tui.app import MODE_NAMES, Mode
from quizapp.tui.library import DeckEntry
from quizapp.tui.widgets.cardtext import literal
from quizapp.tui.widgets.progress import SessionProgress

if TYPE_CHECKING:
    from quizapp.tui.app import QuizApp

# Every mode lists its own keys first, then these (the footer shows them in order).
STUDY_BINDINGS: list[BindingType] = [
    # The ctrl keys also work while typing an answer, when letters go to the input.
    Binding("u,ctrl+z", "undo", "Undo"),
    Binding("s,ctrl+s", "suspend", "Suspend"),
    Binding("b,ctrl+b", "bury", "Bury"),
    Binding("q,escape", "back", "Back"),
]

RATING_NAMES = {
    Rating.Again: "Again",
    Rating.Hard: "Hard",
    Rating.Good: "Good",
    Rating.Easy: "Easy",
}


class StudyScreen(Screen[None]):
    """Base class of the three study modes."""

    MODE: ClassVar[Mode] = "flashcard"
    app: QuizApp

    def __init__(self, entry: DeckEntry) -> None:
        super().__init__(classes=f"study {self.MODE}")
        assert entry.deck is not None
        self.entry = entry
        self.deck = entry.deck
        self.session: Session | None = None
        self.item: StudyCard | None = None
        self.answered: AnswerResult | None = None  # the current card's committed answer
        self._shown_at = None
        self._started = None

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SessionProgress(self.deck.deck.title, MODE_NAMES[self.MODE])
        with VerticalScroll(id="card"):
            yield Static(id="card-meta")
            yield Static(id="question")
            yield from self.compose_answer()
        yield from self.compose_controls()
        yield Footer(compact=True)

    def compose_answer(self) -> ComposeResult:
        yield from ()

    def compose_controls(self) -> ComposeResult:
        yield from ()

    # -- session -----------------------------------------------------------------

    def on_mount(self) -> None:
        app = self.app
        assert app.store is not None
        self.session = Session(app.store, self.deck, clock=app.clock, tz=app.tz)
        self._started = app.clock()
        self.next_card()
        app.painted()

    def next_card(self) -> None:
        assert self.session is not None
        item = self.session.next_card()
        if item is None:
            self.finish()
            return
        self.show(item)

    def show(self, item: StudyCard) -> None:
        self.item = item
        self.answered = None
        self._shown_at = self.app.clock()
        card = item.card
        state = str(item.state)
        meta = Content.assemble((card.kind, "bold $text-accent"), "  ·  ", (state, "dim"))
        if item.lapses:
            meta = meta + Content.styled(f"  ·  forgotten {item.lapses}x", "dim")
        self.query_one("#card-meta", Static).update(meta)
        self.query_one("#question", Static).update(literal(card.question))
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        self.show_card(item)
        self.refresh_counts()
        self.refresh_bindings()

    def show_card(self, item: StudyCard) -> None:
        """Reset the mode's answer area for a new card."""

    def refresh_counts(self) -> None:
        assert self.session is not None
        self.query_one(SessionProgress).update_counts(self.session.counts())

    def answer(self, rating: Rating | int) -> AnswerResult:
        """Commit the answer for the card on show."""
        assert self.session is not None and self.item is not None
        elapsed = self.app.clock() - self._shown_at if self._shown_at else None
        duration_ms = int(elapsed.total_seconds() * 1000) if elapsed is not None else None
        self.answered = self.session.answer(
            self.item.card_id, rating, mode=self.MODE, duration_ms=max(0, duration_ms or 0)
        )
        self.refresh_counts()
        self.refresh_bindings()
        return self.answered

    def finish(self) -> None:
        from quizapp.tui.screens.summary import SummaryScreen

        assert self.session is not None
        assert self._started is not None
        self.app.switch_screen(SummaryScreen(self.deck, self.MODE, self.session, self._started))

    # -- actions -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return True if self.session is not None and self.session.can_undo else None
        if action in ("suspend", "bury"):
            return self.item is not None and self.answered is None
        return True

    def action_undo(self) -> None:
        assert self.session is not None
        undone = self.session.undo()
        if undone is None:
            self.notify("Nothing to undo.")
            return
        card = self.deck.card(undone.card_id)
        restored = undone.restored
        self.notify(f"Undid {RATING_NAMES.get(Rating(undone.rating), 'answer')}.")
        if card is None:  # the deck changed under us; carry on with the queue
            self.next_card()
            return
        self.show(StudyCard(card, restored.state, restored.due, restored.reps, restored.lapses))

    def action_suspend(self) -> None:
        assert self.session is not None and self.item is not None
        self.session.suspend(self.item.card_id)
        self.notify("Card suspended; unsuspend it from the card list (l on the deck list).")
        self.next_card()

    def action_bury(self) -> None:
        assert self.session is not None and self.item is not None
        self.session.bury(self.item.card_id)
        self.notify("Card buried until tomorrow.")
        self.next_card()

    def action_back(self) -> None:
        if self.session is not None and self.session.counts().done:
            self.finish()
        else:
            self.app.leave()
