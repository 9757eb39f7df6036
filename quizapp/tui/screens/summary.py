"""The end of a session: how many cards, how many right, how long, what comes next."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quizapp.deck import Deck
from quizapp.study import Session, deck_stats
from quizapp.tui.app import MODE_NAMES, Mode
from quizapp.tui.widgets.cardtext import format_duration
from quizapp.tui.widgets.keys import KeyBar

if TYPE_CHECKING:
    from quizapp.tui.app import QuizApp


class SummaryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,q,escape", "close", "Decks", key_display="enter"),
        Binding("a", "again", "Study again"),
        Binding("t", "stats", "Stats"),
    ]

    app: QuizApp

    def __init__(self, deck: Deck, mode: Mode, session: Session, started: datetime) -> None:
        super().__init__(classes="summary")
        self.deck = deck
        self.mode = mode
        self.session = session
        self.started = started

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="summary-box"):
            yield Static(
                Content.assemble(
                    ("Session finished", "bold $text-accent"), "\n", Content(self.deck.deck.title)
                ),
                id="summary-title",
            )
            yield Static(self._body(), id="summary-body")
        yield KeyBar()

    def _body(self) -> Content:
        app = self.app
        now = app.clock()
        counts = self.session.counts()
        done = counts.done
        right = f"{round(100 * counts.right / done)}%" if done else "-"
        spent = format_duration((now - self.started).total_seconds())
        rows: list[tuple[str, Content | str]] = [
            ("Mode", MODE_NAMES[self.mode]),
            ("Cards studied", str(done)),
            ("Right", f"{right}  ({counts.right} of {done})" if done else right),
            ("Time spent", spent),
            ("Next", self._next_due(now)),
        ]
        width = max(len(label) for label, _ in rows) + 2
        lines = [Content.assemble((label.ljust(width), "dim"), value) for label, value in rows]
        return Content("\n").join(lines)

    def _next_due(self, now: datetime) -> str:
        app = self.app
        waiting = self.session.waiting_until()
        if waiting is not None:
            local = waiting.astimezone(app.tz) if app.tz is not None else waiting.astimezone()
            return f"a card you are learning, today at {local:%H:%M}"
        assert app.store is not None
        stats = deck_stats(app.store, self.deck.deck.id, now=now, tz=app.tz, days=30)
        remaining = self.session.counts().remaining
        if remaining:
            return f"{remaining} more cards today"
        for offset, day in enumerate(stats.forecast):
            if offset == 0 or not day.count:
                continue
            when = "tomorrow" if offset == 1 else f"in {offset} days ({day.day:%a %d %b})"
            cards = "card" if day.count == 1 else "cards"
            extra = f"; {stats.new_available} new" if stats.new_available else ""
            return f"{day.count} {cards} {when}{extra}"
        if stats.new_available:
            return f"{stats.new_available} new cards tomorrow"
        return "nothing due in the next 30 days"

    def action_close(self) -> None:
        self.app.leave()

    def action_again(self) -> None:
        self.app.leave()
        self.app.start_study(mode=self.mode)

    def action_stats(self) -> None:
        self.app.open_stats()
