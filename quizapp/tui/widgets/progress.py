"""The strip above a card: deck and mode, a progress bar, and the queue counts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import ProgressBar, Static

from quizapp.study import SessionCounts


class SessionProgress(Vertical):
    """Deck title and mode on one line; progress bar and counts on the next."""

    def __init__(self, title: str, mode_name: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._title = title
        self._mode_name = mode_name

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble((self._title, "bold"), "  ·  ", self._mode_name), id="session-title"
        )
        with Horizontal(id="session-line"):
            yield ProgressBar(show_eta=False, id="session-bar")
            yield Static(id="session-counts")

    def update_counts(self, counts: SessionCounts) -> None:
        total = counts.done + counts.remaining
        self.query_one(ProgressBar).update(total=max(total, 1), progress=counts.done)
        self.query_one("#session-counts", Static).update(
            Content.assemble(
                ("New ", "dim"),
                (str(counts.new), "bold $text-primary"),
                ("  Learn ", "dim"),
                (str(counts.learning), "bold $text-error"),
                ("  Due ", "dim"),
                (str(counts.review), "bold $text-success"),
                ("  Done ", "dim"),
                (str(counts.done), "bold"),
            )
        )
