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

from quizapp.errors import UserError
from quizapp.tui.library import DeckEntry, default_deck_paths, describe_missing, load_entries

if TYPE_CHECKING:
    from quizapp.deck import Deck
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
        Binding("question_mark,f1", "help", "Help"),
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
        self.current: DeckEntry | None = next((e for e in entries if e.usable), None)
        self._searched = list(searched)
        self._paint_target = os.environ.get(EXIT_AFTER_FIRST_PAINT)
        # Why the app ended early (a deck file that failed validation); the CLI prints
        # it once the terminal is restored.
        self.load_error: str | None = None
        self._starts_with_error = False  # the first screen is an ErrorScreen
        if theme is not None:
            self.theme = theme

    # -- start and stop ----------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """The first screen is the one the student asked for: no screen is built and
        painted only to be covered at once (this is most of a fast start-up)."""
        try:
            self._open_store()
        except UserError as exc:
            return self._error_screen(
                "The progress store cannot be opened", exc.message, quit_code=1
            )
        if not any(e.usable for e in self.entries):
            return self.no_deck_error()
        if self.study_now and self.current is not None and self.current.usable:
            # Straight to the first question; the deck list is made when first left to.
            return self._study_screen(self.current, self.mode)
        # Imported here: the deck list (and its DataTable) costs ~100 ms to import,
        # which a student going straight to a question should not pay.
        from quizapp.tui.screens.home import HomeScreen

        return HomeScreen()

    def _error_screen(self, title: str, message: str, *, quit_code: int) -> Screen:
        from quizapp.tui.screens.error import ErrorScreen

        self._starts_with_error = True
        return ErrorScreen(title, message, quit_code=quit_code)

    def on_mount(self) -> None:
        # Textual 8 gives the default screen no result callback, yet switch_screen pops
        # one; add it so the first screen can be switched away like any pushed one.
        if not self.screen._result_callbacks:
            self.screen._push_result_callback(self.screen, None)
        if self._starts_with_error:
            self.painted()

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
        if self.current is not None and not self.current.usable:
            self.current = next((e for e in self.entries if e.usable), None)

    def validate_entries(self) -> None:
        """Validate and sync every deck still only parsed (the deck list shows those
        first); a deck that fails keeps its error message and cannot be studied."""
        assert self.store is not None
        entries: list[DeckEntry] = []
        for entry in self.entries:
            entry.validate(self.store, now=self.clock())
            entries.append(entry)
            if entry.usable:
                continue
            for other in entry.shadowed:  # the next file of the same deck id, if good
                other.validate(self.store, now=self.clock())
                if other.usable:
                    entries.append(other)
                    break
        self.entries = entries
        if self.current is not None and not self.current.usable:
            self.current = next((e for e in self.entries if e.usable), None)

    def no_deck_error(self) -> Screen:
        """The error screen for an app whose decks all failed to load (exit code 2)."""
        errors = "\n".join(e.error or "" for e in self.entries if e.error)
        message = describe_missing(self._searched) + ("\n\n" + errors if errors else "")
        return self._error_screen("No deck to study", message, quit_code=2)

    def load_deck(self, entry: DeckEntry) -> Deck | None:
        """Validate a parsed-only entry and sync it to the store. If that fails the app
        ends (exit code 2 for a bad deck file) and `load_error` says why."""
        assert self.store is not None
        try:
            deck = entry.load()
            self.store.sync_deck(deck, now=self.clock())
        except UserError as exc:
            self.load_error = exc.message
            self.exit(return_code=exc.code)
            return None
        return deck

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def painted(self, then: Callable[[], object] | None = None) -> None:
        """Called when the first useful screen is on display (benchmark hook).

        then: work to do once that screen has been painted (e.g. finish loading the
        deck); skipped when the benchmark hook ends the app at its first paint.
        """
        target, self._paint_target = self._paint_target, None
        if target is None:
            if then is not None:
                self.call_after_refresh(then)
            return

        def done() -> None:
            if target != "1":
                import sys
                import time

                # Which heavy modules it took to paint (tests/test_tui_startup.py).
                loaded = ",".join(m for m in ("pydantic", "fsrs") if m in sys.modules)
                with open(target, "a", encoding="utf-8") as fh:
                    fh.write(f"{time.time()} {time.process_time()} {loaded or '-'}\n")
            self.exit()

        self.call_after_refresh(done)

    # -- navigation used by screens and the command palette ------------------------

    def show_error(self, title: str, message: str) -> None:
        from quizapp.tui.screens.error import ErrorScreen

        self.push_screen(ErrorScreen(title, message))

    def start_study(self, entry: DeckEntry | None = None, mode: Mode | None = None) -> None:
        entry = entry or self.current
        if entry is None or not entry.usable:
            self.show_error(
                "This deck cannot be studied", (entry.error if entry else None) or "No deck."
            )
            return
        self.push_screen(self._study_screen(entry, mode or self.mode))

    def _study_screen(self, entry: DeckEntry, mode: Mode) -> Screen:
        self.current = entry
        self.mode = mode
        if mode == "choice":
            from quizapp.tui.screens.choice import ChoiceScreen as StudyClass
        elif mode == "typed":
            from quizapp.tui.screens.typed import TypedScreen as StudyClass
        else:
            from quizapp.tui.screens.flashcard import FlashcardScreen as StudyClass
        return StudyClass(entry)

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
        if not isinstance(self.screen, HomeScreen):
            self.switch_screen(HomeScreen())

    def leave(self) -> None:
        """Close the current screen: back to the one below, or to the deck list."""
        from quizapp.tui.screens.home import HomeScreen

        if len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            self.switch_screen(HomeScreen())

    async def action_quit(self) -> None:
        """Quit, unless a screen with unsaved work (the deck editor) asks first.

        A screen may define `confirm_quit() -> bool`: True means it is asking
        (e.g. Save / Discard / Cancel) and will call `app.exit()` itself.
        """
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
        # The deck list is shown from the parsed files and validates them once on
        # screen (pydantic alone takes ~75 ms to import); files named by the caller
        # are validated first, so a bad one is reported before anything is shown.
        load_entries(decks, validate=not searched or study),
        mode=mode,
        study=study,
        clock=clock or system_clock,
        tz=tz,
        store_path=store_path,
        theme=theme,
        searched=searched,
    )
