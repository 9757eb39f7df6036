"""A readable error in place of a traceback: what went wrong and what to do."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static


class ErrorScreen(Screen[None]):
    """`fatal`: nothing else can work (the store cannot be opened), so closing quits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,enter", "close", "Close", key_display="q"),
    ]

    def __init__(self, title: str, message: str, *, fatal: bool = False) -> None:
        super().__init__(classes="error")
        self.error_title = title
        self.message = message
        self.fatal = fatal

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box"):
            yield Static(Content.styled(self.error_title, "bold $text-error"), id="error-title")
            with VerticalScroll():
                # The message names a file and may quote it: shown literally.
                yield Static(Content(self.message), id="error-message")
        yield Footer(compact=True)

    def action_close(self) -> None:
        if self.fatal or len(self.app.screen_stack) <= 2:
            self.app.exit(return_code=1 if self.fatal else 0)
        else:
            self.dismiss()
