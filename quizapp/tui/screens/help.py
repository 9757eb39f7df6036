"""Every key of the screen underneath, with what it does."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from quizapp.tui.widgets.keys import KeyBar

ABOUT = (
    "quizapp schedules your cards with spaced repetition: cards you know come back "
    "after days or months, cards you miss come back within minutes. Every answer is "
    "saved at once, so you can leave at any moment.\n"
    "Grades: 1 Again (forgot), 2 Hard, 3 Good, 4 Easy; the time on each button is when "
    "you will see the card again. Ctrl+P opens the command palette (themes, commands)."
)

# Keys that the footer shows as one entry ("1-4") but that help spells out.
EXTRA: dict[str, list[tuple[str, str]]] = {
    "FlashcardScreen": [("1 2 3 4", "Grade: Again, Hard, Good, Easy")],
    "ChoiceScreen": [("1 2 3 4", "Pick an option"), ("up down enter", "Move and pick")],
    "TypedScreen": [("enter", "Check the typed answer")],
    "HomeScreen": [("up down", "Choose a deck")],
    "CardListScreen": [("up down", "Choose a card")],
}

# Listed on every screen, once, whether or not the screen binds them itself.
ALWAYS = {"command_palette": ("ctrl+p", "Command palette"), "quit": ("ctrl+q", "Quit")}


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close", key_display="esc"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.rows = self._rows(under)
        self.under_name = type(under).__name__

    def _rows(self, under: Screen) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = list(EXTRA.get(type(under).__name__, []))
        seen: set[str] = set()
        actions: set[str] = set()
        for active in under.active_bindings.values():
            binding = active.binding
            # Widgets' own navigation keys (arrows, page up ...) are left to EXTRA.
            widget_only = active.node is not under and active.node is not under.app
            if widget_only and not binding.show:
                continue
            action = binding.action.removeprefix("app.")
            # The footer's label is short; help gives the long form where there is one.
            text = "Command palette" if action == "command_palette" else binding.description
            text = binding.tooltip or text
            if not text or text in seen or (action in actions and action in ALWAYS):
                continue
            seen.add(text)
            actions.add(action)
            display = binding.key_display or self.app.get_key_display(binding)
            rows.append((display, text + ("" if active.enabled else " (not now)")))
        for action, (key, text) in ALWAYS.items():
            if action not in actions:
                rows.append((key, text))
        return rows

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Content.styled("Keys", "bold $text-accent"), id="help-title")
            with VerticalScroll():
                width = max(len(k) for k, _ in self.rows) + 2
                lines = [
                    Content.assemble((key.ljust(width), "bold $text-accent"), Content(text))
                    for key, text in self.rows
                ]
                yield Static(Content("\n").join(lines), id="help-keys")
                yield Static(Content(ABOUT), id="help-about")
        yield KeyBar()

    def action_close(self) -> None:
        self.dismiss()
