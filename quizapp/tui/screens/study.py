"""What every study mode shares: the session, the card on show, undo/suspend/bury/back.

A mode subclass composes its answer area and controls, shows a card
(`show_card`) and calls `answer(rating)`; the answer is committed to the store at
once, so leaving at any moment loses nothing.

Opened on a deck file that is parsed but not validated yet (`quizapp study DECK`),
the screen first shows the question the study queue puts first (`first_card`), and
validates the deck, syncs it and starts the session right after that first paint.
Actions asked for meanwhile (`@when_ready`) are kept and run, in order, once the
session is there.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quizapp.errors import UserError
from quizapp.study.model import CardState, Rating
from quizapp.study.queue import StudyCard
from quizapp.tui.app import MODE_NAMES, Mode
from quizapp.tui.library import DeckEntry, FirstCard, first_card
from quizapp.tui.widgets.cardtext import literal
from quizapp.tui.widgets.keys import KeyBar
from quizapp.tui.widgets.progress import SessionProgress

if TYPE_CHECKING:
    from quizapp.study.session import AnswerResult, Session
    from quizapp.tui.app import QuizApp

Action = TypeVar("Action", bound=Callable[..., Any])


def when_ready(method: Action) -> Action:
    """For actions that need the session: while the deck is still loading, keep the
    call and make it once the session has started (keys pressed early still count)."""

    @functools.wraps(method)
    def wrapper(self: StudyScreen, *args: Any) -> Any:
        if self.session is None:
            self._pending.append(functools.partial(wrapper, self, *args))
            self.refresh_bindings()
            return None
        return method(self, *args)

    return wrapper  # type: ignore[return-value]


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
        assert entry.usable
        self.entry = entry
        self.deck = entry.deck  # None until a parsed-only deck file has been validated
        self.session: Session | None = None
        self.item: StudyCard | None = None
        self.answered: AnswerResult | None = None  # the current card's committed answer
        self.preview: FirstCard | None = None  # the question on show while loading
        self._pending: list[Callable[[], object]] = []  # actions asked for while loading
        self._shown_at = None
        self._started = None

    @property
    def showing(self) -> bool:
        """A question is on screen (the session's card, or the preview while loading)."""
        return self.item is not None or self.preview is not None

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SessionProgress(self.entry.title, MODE_NAMES[self.MODE])
        with VerticalScroll(id="card"):
            yield Static(id="card-meta")
            yield Static(id="question")
            yield from self.compose_answer()
        yield from self.compose_controls()
        yield KeyBar()

    def compose_answer(self) -> ComposeResult:
        yield from ()

    def compose_controls(self) -> ComposeResult:
        yield from ()

    # -- session -----------------------------------------------------------------

    def on_mount(self) -> None:
        app = self.app
        assert app.store is not None
        self._started = app.clock()
        if self.deck is not None:
            self._start_session(sync=True)
            app.painted()
            return
        parsed = self.entry.parsed
        assert parsed is not None
        try:
            self.preview = first_card(parsed, app.store, now=app.clock(), tz=app.tz)
        except UserError:
            self.preview = None  # the store is unwell: loading will say so
        if self.preview is None:  # nothing to show before validation: just load
            self.call_after_refresh(self._load)
            return
        self._shown_at = app.clock()
        self._show_question(
            self.preview.kind, self.preview.state, self.preview.lapses, self.preview.question
        )
        self.query_one(SessionProgress).update_counts(self.preview.counts)
        app.painted(then=self._load)

    def _load(self) -> None:
        """After the preview is painted: validate and sync the deck, start the session."""
        deck = self.app.load_deck(self.entry)
        if deck is None:
            return  # the app is ending with the error
        self.deck = deck
        painted = self.preview is not None
        self._start_session(sync=False)  # load_deck has just synced it
        if not painted:
            self.app.painted()
        pending, self._pending = self._pending, []
        for action in pending:
            if not self.is_attached or self.app.screen is not self:
                break
            action()

    def _start_session(self, *, sync: bool) -> None:
        from quizapp.study.session import Session

        app = self.app
        assert app.store is not None and self.deck is not None
        self.session = Session(app.store, self.deck, clock=app.clock, tz=app.tz, sync=sync)
        preview, self.preview = self.preview, None
        item = self.session.next_card()
        if (
            item is not None
            and preview is not None
            and (item.card_id, item.card.kind, item.card.question, item.state, item.lapses)
            == (preview.card_id, preview.kind, preview.question, preview.state, preview.lapses)
        ):
            # The preview was right (the usual case): keep the question and its time.
            self.item = item
            self.answered = None
            self.show_card(item, kept=True)
            self.refresh_counts()
            self.refresh_bindings()
        elif item is None:
            self.finish()
        else:
            self.show(item)

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
        self._show_question(item.card.kind, item.state, item.lapses, item.card.question)
        self.show_card(item)
        self.refresh_counts()
        self.refresh_bindings()

    def _show_question(self, kind: str, state: CardState, lapses: int, question: str) -> None:
        meta = Content.assemble((kind, "bold $text-accent"), "  ·  ", (str(state), "dim"))
        if lapses:
            meta = meta + Content.styled(f"  ·  forgotten {lapses}x", "dim")
        self.query_one("#card-meta", Static).update(meta)
        self.query_one("#question", Static).update(literal(question))
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)

    def show_card(self, item: StudyCard, *, kept: bool = False) -> None:
        """Reset the mode's answer area for a new card.

        kept: the card was already on show as the preview while the deck loaded;
        keep what the student may have done in the answer area meanwhile.
        """

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
        if self.session is None and self._pending:
            # Loading, with actions already kept: keep every key, to run in order.
            return True
        return self.can_run(action, parameters)

    def can_run(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """check_action of the card on show (modes add their own actions)."""
        if action == "undo":
            return True if self.session is not None and self.session.can_undo else None
        if action in ("suspend", "bury"):
            return self.showing and self.answered is None
        return True

    @when_ready
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

    @when_ready
    def action_suspend(self) -> None:
        assert self.session is not None and self.item is not None
        self.session.suspend(self.item.card_id)
        self.notify("Card suspended; unsuspend it from the card list (l on the deck list).")
        self.next_card()

    @when_ready
    def action_bury(self) -> None:
        assert self.session is not None and self.item is not None
        self.session.bury(self.item.card_id)
        self.notify("Card buried until tomorrow.")
        self.next_card()

    @when_ready
    def action_back(self) -> None:
        if self.session is not None and self.session.counts().done:
            self.finish()
        else:
            self.app.leave()
