"""A readable error in place of a traceback: what went wrong and what to do."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quizapp.tui.widgets.keys import KeyBar


class ErrorScreen(Screen[None]):
    """`quit_code`: nothing else can work (no store, no deck), so closing quits with it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,enter", "close", "Close", key_display="q"),
    ]

    def __init__(self, title: str, message: str, *, quit_code: int | None = None) -> None:
        super().__init__(classes="error")
        self.error_title = title
        self.message = message
        self.quit_code = quit_code

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box"):
            yield Static(Content.styled(self.error_title, "bold $text-error"), id="error-title")
            with VerticalScroll():
                # The message names a file and may quote it: shown literally.
                yield Static(Content(self.message), id="error-message")
        yield KeyBar()

    def action_close(self) -> None:
        if self.quit_code is not None or len(self.app.screen_stack) <= 1:
            self.app.exit(return_code=self.quit_code or 0)
        else:
            self.dismiss()
