"""A small modal question with a few answers, e.g. Save / Discard / Cancel."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[str]):
    """Dismisses with the id of the chosen answer; escape picks `cancel`."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 64; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    ConfirmScreen #confirm-title { text-style: bold; margin-bottom: 1; }
    ConfirmScreen Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "choose('cancel')", "Cancel")]

    def __init__(
        self,
        title: str,
        message: str,
        answers: list[tuple[str, str, str]],
        *,
        cancel: str = "cancel",
    ) -> None:
        """answers: (id, label, variant) for each button, first one focused."""
        super().__init__()
        self.title_text = title
        self.message = message
        self.answers = answers
        self.cancel = cancel

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text), id="confirm-title")
            yield Static(Content(self.message), id="confirm-message")
            with Horizontal():
                for answer, label, variant in self.answers:
                    yield Button(label, id=f"answer-{answer}", variant=variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.dismiss(event.button.id.removeprefix("answer-"))

    def action_choose(self, answer: str) -> None:
        self.dismiss(self.cancel if answer == "cancel" else answer)


def unsaved_changes_dialog(what: str) -> ConfirmScreen:
    return ConfirmScreen(
        "Unsaved changes",
        f"{what} has changes that are not saved yet.",
        [
            ("save", "Save", "primary"),
            ("discard", "Discard changes", "error"),
            ("cancel", "Keep editing", "default"),
        ],
    )


__all__ = ["ConfirmScreen", "unsaved_changes_dialog"]
