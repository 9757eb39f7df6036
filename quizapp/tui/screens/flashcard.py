"""Flashcards: see the question, reveal the answer, grade yourself 1-4."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from quizapp.study.model import Rating
from quizapp.study.queue import StudyCard
from quizapp.tui.screens.study import RATING_NAMES, STUDY_BINDINGS, StudyScreen, when_ready
from quizapp.tui.widgets.cardtext import literal, source_content
from quizapp.tui.widgets.keys import KeyButton, KeyButtons

# The colours of Textual's button variants (error, warning, success, primary).
RATING_STYLES = {
    Rating.Again: "bold $button-color-foreground on $error",
    Rating.Hard: "bold $button-color-foreground on $warning",
    Rating.Good: "bold $button-color-foreground on $success",
    Rating.Easy: "bold $button-color-foreground on $primary",
}
REVEAL_BUTTON = KeyButton("space", "Show answer  (space)")


class FlashcardScreen(StudyScreen):
    MODE = "flashcard"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "reveal", "Show answer", key_display="space"),
        Binding("1", "grade(1)", "Grade", key_display="1-4"),
        Binding("2", "grade(2)", "Hard", show=False),
        Binding("3", "grade(3)", "Good", show=False),
        Binding("4", "grade(4)", "Easy", show=False),
        *STUDY_BINDINGS,
    ]

    revealed = False

    def compose_answer(self) -> ComposeResult:
        yield Static(id="answer", classes="answer")
        yield Static(id="source", classes="source")

    def compose_controls(self) -> ComposeResult:
        yield KeyButtons([REVEAL_BUTTON], id="controls")

    def show_card(self, item: StudyCard, *, kept: bool = False) -> None:
        self.revealed = False
        self.query_one("#answer", Static).update("")
        self.query_one("#source", Static).update("")
        self.set_class(False, "revealed")
        self.query_one("#controls", KeyButtons).set_buttons([REVEAL_BUTTON])

    @when_ready
    def action_reveal(self) -> None:
        if self.item is None or self.revealed:
            return
        assert self.session is not None
        self.revealed = True
        card = self.item.card
        self.query_one("#answer", Static).update(literal(card.answer))
        self.query_one("#source", Static).update(source_content(card) or "")
        labels = self.session.interval_labels(card.id)
        self.query_one("#controls", KeyButtons).set_buttons(
            [
                KeyButton(
                    str(int(rating)),
                    Content.assemble(
                        (f"{int(rating)} ", "bold"), RATING_NAMES[rating], f" {labels[rating]}"
                    ),
                    RATING_STYLES[rating],
                )
                for rating in Rating
            ]
        )
        self.set_class(True, "revealed")
        self.refresh_bindings()

    @when_ready
    def action_grade(self, rating: int) -> None:
        if self.item is None or not self.revealed:
            return
        self.answer(rating)
        self.next_card()

    def can_run(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return self.showing and not self.revealed
        if action == "grade":
            return self.showing and self.revealed
        return super().can_run(action, parameters)
