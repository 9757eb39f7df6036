"""The Textual study app. `create_app` is the one way to make it (CLI and tests alike).

Start-up is kept lean: screens other than the first are imported when opened, and
nothing here imports the builder or plotting. The progress store is opened once
per app and closed when the app ends; everything answered is committed at once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from quizapp.deck import Deck
from quizapp.errors import UserError
from quizapp.tui.library import DeckEntry, default_deck_paths, describe_missing, load_entries

if TYPE_CHECKING:
    from quizapp.study import Store

Mode = Literal["flashcard", "choice", "typed"]
MODES: tuple[Mode, ...] = ("flashcard", "choice", "typed")
MODE_NAMES: dict[str, str] = {
    "flashcard": "Flashcards",
    "choice": "Multiple choice",
    "typed": "Typed answer",
}
Clock = Callable[[], datetime]

# Set by scripts/bench_startup.py: exit once the first question (or the deck list)
# is on screen. A value other than "1" is a file the paint time is appended to.
EXIT_AFTER_FIRST_PAINT = "QUIZAPP_EXIT_AFTER_FIRST_PAINT"


def system_clock() -> datetime:
    return datetime.now(UTC)


class QuizApp(App[None]):
    """Decks, study sessions, stats and card lists over one progress store."""

    CSS_PATH = "quizapp.tcss"
    TITLE = "quizapp"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", key_display="?"),
    ]

    def __init__(
        self,
        entries: list[DeckEntry],
        *,
        mode: Mode = "flashcard",
        study: bool = False,
        clock: Clock = system_clock,
        tz: tzinfo | None = None,
        store_path: str | os.PathLike | None = None,
        theme: str | None = None,
        searched: Sequence[Path] = (),
    ) -> None:
        super().__init__()
        self.entries = entries
        self.mode: Mode = mode
        self.study_now = study
        self.clock = clock
        self.tz = tz
        self.store_path = store_path
        self.store: Store | None = None
        self.current: DeckEntry | None = next((e for e in entries if e.deck), None)
        self._searched = list(searched)
        self._paint_target = os.environ.get(EXIT_AFTER_FIRST_PAINT)
        if theme is not None:
            self.theme = theme

    # -- start and stop ----------------------------------------------------------

    def on_mount(self) -> None:
        from quizapp.tui.screens.home import HomeScreen

        try:
            self._open_store()
        except UserError as exc:
            self._fatal("The progress store cannot be opened", exc.message, code=1)
            return
        self.push_screen(HomeScreen())
        if not any(e.deck for e in self.entries):
            errors = "\n".join(e.error or "" for e in self.entries if e.error)
            message = describe_missing(self._searched) + ("\n\n" + errors if errors else "")
            self._fatal("No deck to study", message, code=2)
            return
        if self.study_now and self.current is not None:
            self.start_study(self.current, self.mode)

    def _open_store(self) -> None:
        from quizapp.study import Store

        self.store = Store.open(self.store_path)
        now = self.clock()
        for entry in self.entries:
            if entry.deck is None:
                continue
            try:
                self.store.sync_deck(entry.deck, now=now)
            except UserError as exc:
                entry.error = exc.message
                entry.deck = None
        if self.current is not None and self.current.deck is None:
            self.current = next((e for e in self.entries if e.deck), None)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def _fatal(self, title: str, message: str, code: int) -> None:
        from quizapp.tui.screens.error import ErrorScreen

        self.push_screen(ErrorScreen(title, message, quit_code=code))
        self.painted()

    def painted(self) -> None:
        """Called when the first useful screen is on display (benchmark hook)."""
        if self._paint_target is None:
            return
        target, self._paint_target = self._paint_target, None

        def done() -> None:
            if target != "1":
                import time

                with open(target, "a", encoding="utf-8") as fh:
                    fh.write(f"{time.time()}\n")
            self.exit()

        self.call_after_refresh(done)

    # -- navigation used by screens and the command palette ------------------------

    def show_error(self, title: str, message: str) -> None:
        from quizapp.tui.screens.error import ErrorScreen

        self.push_screen(ErrorScreen(title, message))

    def start_study(self, entry: DeckEntry | None = None, mode: Mode | None = None) -> None:
        entry = entry or self.current
        if entry is None or entry.deck is None:
            self.show_error(
                "This deck cannot be studied", (entry.error if entry else None) or "No deck."
            )
            return
        self.current = entry
        self.mode = mode or self.mode
        if self.mode == "choice":
            from quizapp.tui.screens.choice import ChoiceScreen as StudyClass
        elif self.mode == "typed":
            from quizapp.tui.screens.typed import TypedScreen as StudyClass
        else:
            from quizapp.tui.screens.flashcard import FlashcardScreen as StudyClass
        self.push_screen(StudyClass(entry))

    def open_stats(self, entry: DeckEntry | None = None) -> None:
        from quizapp.tui.screens.stats import StatsScreen

        entry = entry or self.current
        self.push_screen(StatsScreen(entry if entry and entry.deck else None))

    def open_cards(self, entry: DeckEntry | None = None) -> None:
        entry = entry or self.current
        if entry is None or entry.deck is None:
            self.show_error("No card list", (entry.error if entry else None) or "No deck.")
            return
        from quizapp.tui.screens.cards import CardListScreen

        self.push_screen(CardListScreen(entry))

    def go_home(self) -> None:
        from quizapp.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    async def action_quit(self) -> None:
        """Quit, unless a screen with unsaved work (the deck editor) asks first."""
        ask = getattr(self.screen, "confirm_quit", None)
        if ask is not None and ask():
            return
        self.exit()

    def action_help(self) -> None:
        from quizapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.store is None:
            return
        title = self.current.title if self.current else "the deck"
        for mode in MODES:
            yield SystemCommand(
                f"Study: {MODE_NAMES[mode].lower()}",
                f"Study {title} in {MODE_NAMES[mode].lower()} mode",
                lambda mode=mode: self.start_study(mode=mode),
            )
        yield SystemCommand(
            "Stats", f"Due forecast, history and retention for {title}", self.open_stats
        )
        yield SystemCommand("Card list", f"Every card of {title} with its state", self.open_cards)
        yield SystemCommand("Decks", "Back to the deck list", self.go_home)
        yield SystemCommand("Help", "Keys of this screen", self.action_help)


def create_app(
    decks: Sequence[str | os.PathLike | Deck | DeckEntry] | None = None,
    *,
    mode: Mode = "flashcard",
    study: bool = False,
    clock: Clock | None = None,
    tz: tzinfo | None = None,
    store_path: str | os.PathLike | None = None,
    theme: str | None = None,
    cwd: str | os.PathLike | None = None,
) -> QuizApp:
    """The app for `decks` (deck files, Deck objects or entries).

    decks=None: the bundled decks plus ./decks/ of `cwd`. study=True opens the first
    deck straight in `mode`. clock/tz: injectable for tests (default: now, local zone).
    """
    searched: list[Path] = []
    if decks is None:
        searched = default_deck_paths(cwd)
        decks = searched
    return QuizApp(
        load_entries(decks),
        mode=mode,
        study=study,
        clock=clock or system_clock,
        tz=tz,
        store_path=store_path,
        theme=theme,
        searched=searched,
    )
