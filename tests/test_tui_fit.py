"""Found trying the app as a first-time user at 80x24: every footer key is visible, and
the help screen lists each key once, in words a student understands."""

from __future__ import annotations

import shutil
from datetime import UTC

from textual.widgets import DataTable

from quizapp.cli import main
from quizapp.tui.app import create_app
from quizapp.tui.screens.cards import CardHistoryScreen, CardListScreen
from quizapp.tui.screens.editor import DeckEditorScreen
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.widgets.keys import KeyBar
from tests.tui_helpers import HISTORY, Clock, text_of

SIZE = (80, 24)


def footer_keys(screen) -> dict[str, str]:
    """{description: key} of the footer keys drawn on the screen."""
    return screen.query_one(KeyBar).key_displays()


def footer_overflow(screen) -> list[str]:
    """Footer keys left out for want of room, or drawn past the right edge."""
    bar = screen.query_one(KeyBar)
    spots = bar.spots()
    return bar.hidden + [s.key for s in spots if s.end > bar.size.width]


async def test_editor_footer_fits_80_columns(tmp_path):
    deck = tmp_path / "deck.toml"
    shutil.copy(HISTORY, deck)
    app = create_app([deck], clock=Clock(), tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DeckEditorScreen)
        descriptions = set(footer_keys(app.screen))
        assert {"Save", "Back", "Help"} <= descriptions
        assert footer_overflow(app.screen) == []


def help_rows(app) -> list[str]:
    return text_of(app, "#help-keys").splitlines()


async def test_help_lists_each_key_once_in_plain_words():
    app = create_app([HISTORY], clock=Clock(), tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = help_rows(app)
        # Quit was listed twice (q and an extra ctrl+q) and the palette once more as "palette".
        assert sum(row.endswith(" Quit") for row in rows) == 1
        assert sum("command palette" in row.lower() for row in rows) == 1
        assert not any(row.split(maxsplit=1)[1] == "palette" for row in rows)
        # The footer says "Flash"; help says what the key does.
        assert any(row.startswith("f ") and "flashcards" in row for row in rows)


async def test_typed_question_footer_offers_a_help_key_that_works():
    """While the answer box has focus, '?' types a question mark: the footer says f1."""
    app = create_app([HISTORY], clock=Clock(), tz=UTC, mode="typed", study=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = footer_keys(app.screen)
        assert shown["Help"] == "f1"
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_card_list_footer_says_enter_shows_history():
    app = create_app([HISTORY], clock=Clock(), tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, CardListScreen)
        shown = footer_keys(app.screen)
        assert "History" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardHistoryScreen)


EMPTY_DECK = 'format = 1\n\n[deck]\nid = "empty"\ntitle = "Empty"\n'


async def test_studying_a_deck_without_cards_says_how_to_add_some(tmp_path):
    deck = tmp_path / "empty.toml"
    deck.write_text(EMPTY_DECK)
    app = create_app([deck], clock=Clock(), tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("no cards yet" in str(n.message) for n in app._notifications)


def test_study_command_refuses_a_deck_without_cards(tmp_path, capsys):
    deck = tmp_path / "empty.toml"
    deck.write_text(EMPTY_DECK)
    assert main(["study", str(deck)]) == 2
    assert capsys.readouterr().err == f"{deck}: has no cards to study yet; add some first\n"


async def test_card_list_keeps_its_columns_on_screen_after_the_terminal_shrinks():
    app = create_app([HISTORY], clock=Clock(), tz=UTC)
    async with app.run_test(size=(130, 30)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        table = app.screen.query_one("#card-table", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_every_footer_fits_80_columns():
    """Walk the app's screens at 80x24: no footer key is left out or cut off."""
    app = create_app([HISTORY], clock=Clock(), tz=UTC)
    visited = []

    async def check(*keys: str) -> None:
        await pilot.press(*keys)
        await pilot.pause()
        visited.append(type(app.screen).__name__)
        assert footer_overflow(app.screen) == [], visited[-1]
        assert footer_keys(app.screen), visited[-1]

    async with app.run_test(size=SIZE) as pilot:
        await check()  # the deck list
        await check("f")  # flashcard question
        await check("space")  # answer shown
        await check("3", "q")  # session summary
        await check("enter", "c")  # multiple choice
        await check("1")  # feedback
        await check("q", "enter", "t")  # typed answer
        await check("escape", "s")  # stats
        await check("q", "l")  # card list
        await check("enter")  # a card's history
        await check("escape", "escape", "question_mark")  # help
    assert visited == [
        "HomeScreen",
        "FlashcardScreen",
        "FlashcardScreen",
        "SummaryScreen",
        "ChoiceScreen",
        "ChoiceScreen",
        "TypedScreen",
        "StatsScreen",
        "CardListScreen",
        "CardHistoryScreen",
        "HelpScreen",
    ]
