"""The deck list: counts per deck, pick a mode, open stats or the card list."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from quizapp.errors import UserError
from quizapp.study import study_day
from quizapp.tui.app import MODE_NAMES, MODES
from quizapp.tui.library import DeckEntry, preview_counts
from quizapp.tui.screens import deck_screen, has_deck_screen
from quizapp.tui.widgets.keys import KeyBar, KeyButton, KeyButtons

if TYPE_CHECKING:
    from quizapp.tui.app import QuizApp


class DeckTable(DataTable[Text | str]):
    """The deck list; enter studies the highlighted deck (and says so in the footer)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select_cursor", "Study")]


MODE_KEYS = {"flashcard": "f", "choice": "c", "typed": "t"}
MODE_STYLE = "bold $button-foreground on $surface"  # a compact default Button


class HomeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Footer labels are short to fit 80 columns; the help screen shows the tooltips.
        Binding("f", "study('flashcard')", "Flash", tooltip="Study with flashcards"),
        Binding("c", "study('choice')", "Choice", tooltip="Study with multiple choice"),
        Binding("t", "study('typed')", "Typed", tooltip="Study by typing the answers"),
        Binding("s", "open('stats')", "Stats", tooltip="Statistics and forecast"),
        Binding("l", "open('cards')", "Cards", tooltip="List the deck's cards, search, history"),
        # Pushes the screen registered as "editor" in quizapp.tui.screens, when there is one.
        Binding("e", "open('editor')", "Edit", tooltip="Edit the deck's cards"),
        Binding("q", "app.quit", "Quit"),
    ]

    app: QuizApp

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(("quizapp", "bold $text-accent"), "  ·  your decks"), id="home-title"
        )
        table = DeckTable(id="decks", cursor_type="row", zebra_stripes=True)
        table.add_column("Deck", key="deck")
        table.add_column("New", key="new")
        table.add_column("Learn", key="learn")
        table.add_column("Due", key="due")
        table.add_column("Last studied", key="last")
        yield table
        yield Static(id="deck-info")
        yield KeyButtons(self._mode_buttons(), id="modes")
        # ctrl+p still opens the palette (help lists it); its footer entry would not fit at 80 columns.
        yield KeyBar(show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_decks()
        self.app.painted(then=self.finish_loading)

    def finish_loading(self) -> bool:
        """Validate the decks listed from their parsed files, then show the result.
        False if none was left and the app has switched to its error screen."""
        app = self.app
        if not any(e.parsed is not None for e in app.entries):
            return True
        app.validate_entries()
        if not any(e.usable for e in app.entries):
            app.switch_screen(app.no_deck_error())
            return False
        self.refresh_decks()
        return True

    def on_screen_resume(self) -> None:
        self.refresh_decks()

    def refresh_decks(self) -> None:
        app = self.app
        table = self.query_one("#decks", DataTable)
        keep = table.cursor_row
        table.clear()
        now = app.clock()
        today = study_day(now, app.tz)
        width = max(20, (self.size.width or 80) - 44)
        for index, entry in enumerate(app.entries):
            table.add_row(*self._row(entry, today, width), key=str(index))
        if app.entries:
            current = app.entries.index(app.current) if app.current in app.entries else 0
            table.move_cursor(row=min(keep, len(app.entries) - 1) if keep else current)
        self._show_info()
        self.query_one("#modes", KeyButtons).set_buttons(self._mode_buttons())

    def _mode_buttons(self) -> list[KeyButton]:
        """One button per study mode; the mode last used is drawn reversed."""
        current = self.app.mode
        return [
            KeyButton(
                MODE_KEYS[mode],
                f"{MODE_NAMES[mode]}  ({MODE_KEYS[mode]})",
                MODE_STYLE + (" reverse" if mode == current else ""),
            )
            for mode in MODES
        ]

    def _row(self, entry: DeckEntry, today: date, width: int) -> tuple[Text | str, ...]:
        title = Text(entry.title, no_wrap=True, overflow="ellipsis")
        title.truncate(width, overflow="ellipsis")
        store = self.app.store
        deck_id = entry.deck_id
        if not entry.usable or deck_id is None or store is None:
            return (title, "", "", "", Text("cannot read", style="bold"))
        now, tz = self.app.clock(), self.app.tz
        try:
            counts = store.deck_counts(deck_id, now=now, tz=tz)
            new, learning, due = counts.new, counts.learning, counts.due
            if entry.parsed is not None and not counts.total:
                # A deck file the store has not seen yet: the queue counts its cards as
                # new, as it will once the file is validated and synced.
                preview = preview_counts(entry.parsed, store, now=now, tz=tz)
                if preview is not None:
                    new, learning, due = preview.new, preview.learning, preview.review
        except UserError as exc:
            entry.error = exc.message
            return (title, "", "", "", Text("store error", style="bold"))
        return (
            title,
            self._count(new, "primary"),
            self._count(learning, "error"),
            self._count(due, "success"),
            _last_studied(counts.last_studied, today),
        )

    def _count(self, value: int, color: str) -> Text:
        """A count in the theme's colour (DataTable cells are Rich text, not CSS)."""
        if not value:
            return Text(str(value), style="dim", justify="right")
        themed = self.app.theme_variables.get(f"text-{color}") or self.app.theme_variables.get(
            color, ""
        )
        style = f"bold {themed}" if themed.startswith("#") else "bold"
        return Text(str(value), style=style, justify="right")

    def selected(self) -> DeckEntry | None:
        table = self.query_one("#decks", DataTable)
        entries = self.app.entries
        if not entries or table.cursor_row is None or table.cursor_row >= len(entries):
            return None
        return entries[table.cursor_row]

    @on(DataTable.RowHighlighted, "#decks")
    def _highlighted(self) -> None:
        entry = self.selected()
        if entry is not None and entry.usable:
            self.app.current = entry
        self._show_info()

    @on(DataTable.RowSelected, "#decks")
    def _selected(self) -> None:
        self.action_study()

    def _show_info(self) -> None:
        entry = self.selected()
        info = self.query_one("#deck-info", Static)
        if entry is None:
            info.update("")
        elif not entry.usable:
            info.update(Content.styled(entry.error or "This deck cannot be read.", "$text-error"))
        else:
            count, description = entry.describe()
            text = Content.assemble((f"{count} cards", "bold"), "  ·  ", Content(description))
            if entry.path is not None:
                text += Content.styled(f"\n{entry.path}", "dim")
            info.update(text)

    def action_study(self, mode: str | None = None) -> None:
        if not self.finish_loading():  # a key pressed before the decks were validated
            return
        entry = self.selected()
        if entry is None:
            return
        if entry.deck is None:
            self.app.show_error("This deck cannot be read", entry.error or "")
            return
        if not entry.deck.cards:
            # Not a "session finished" summary of nothing: say what to do instead.
            self.notify("This deck has no cards yet: press e to add some.", severity="warning")
            return
        self.app.start_study(entry, mode)  # type: ignore[arg-type]

    def action_open(self, name: str) -> None:
        if not self.finish_loading():  # a key pressed before the decks were validated
            return
        entry = self.selected()
        if entry is None or not has_deck_screen(name):
            return
        if entry.deck is None:
            self.app.show_error("This deck cannot be read", entry.error or "")
            return
        self.app.current = entry
        self.app.push_screen(
            deck_screen(name, entry), callback=lambda r: self._deck_screen_closed(entry, r)
        )

    def _deck_screen_closed(self, entry: DeckEntry, result: object) -> None:
        """A deck screen that changed the deck (the editor) dismisses with the new Deck."""
        from quizapp.deck import Deck

        if isinstance(result, Deck) and self.app.store is not None:
            entry.deck = result
            try:
                self.app.store.sync_deck(result, now=self.app.clock())
            except UserError as exc:
                self.app.show_error("Progress store", exc.message)
            self.refresh_decks()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open" and parameters:
            return has_deck_screen(str(parameters[0]))
        return True


def _last_studied(day: date | None, today: date) -> Text:
    if day is None:
        return Text("never", style="dim")
    delta = (today - day).days
    if delta <= 0:
        return Text("today")
    if delta == 1:
        return Text("yesterday")
    return Text(day.isoformat())
