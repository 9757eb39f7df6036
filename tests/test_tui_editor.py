"""Deck editor, driven with Pilot: add, edit (with a validation error), delete,
reorder, save; unsaved changes are never dropped without asking."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.content import Content
from textual.widgets import OptionList, Select, Static

from quizapp.authoring import starter_deck
from quizapp.deckfile import load_deck
from quizapp.tui.screens.confirm import ConfirmScreen
from quizapp.tui.screens.editor import DeckEditorScreen
from tests.tui_helpers import type_into

STARTER_IDS = ["who-example", "when-example", "tier-example", "cloze-example", "basic-example"]


class Host(App):
    """A bare app that shows one screen and records what it dismissed with."""

    def __init__(self, screen) -> None:
        super().__init__()
        self.under_test = screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.under_test, self.results.append)


@pytest.fixture
def deck_file(tmp_path) -> Path:
    path = tmp_path / "deck.toml"
    path.write_text(starter_deck("course", "Course"), encoding="utf-8")
    return path


def editor_for(path: Path) -> tuple[Host, DeckEditorScreen]:
    screen = DeckEditorScreen(load_deck(path), path)
    return Host(screen), screen


def error_text(screen, field: str) -> str:
    return str(screen.query_one(f"#error-{field}", Static).content)


async def highlight(pilot, index: int) -> None:
    options = pilot.app.screen.query_one("#card-list", OptionList)
    options.focus()
    await pilot.pause()
    await pilot.press("home")
    for _ in range(index):
        await pilot.press("down")
    await pilot.pause()
    assert options.highlighted == index


def app_on(path: Path):
    """The whole app on one deck file, opened on the deck list."""
    from datetime import UTC

    from quizapp.tui.app import create_app
    from tests.tui_helpers import Clock

    return create_app([path], clock=Clock(), tz=UTC)


async def open_editor(pilot) -> DeckEditorScreen:
    """From the deck list, open the editor on the deck (key e)."""
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DeckEditorScreen)
    return pilot.app.screen


async def test_add_edit_with_error_delete_reorder_and_save(deck_file):
    before = deck_file.read_bytes()
    starter = load_deck(deck_file)
    app, editor = editor_for(deck_file)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DeckEditorScreen)
        assert app.screen.query_one("#card-list", OptionList).option_count == 5

        # Add a card after the first one: it starts invalid, with its messages shown.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert editor.current == 1
        assert error_text(editor, "question") == "must not be empty"
        assert app.focused is editor.query_one("#field-question")
        await pilot.press(*"FSRS?")
        await type_into(pilot, "#field-answer", "Reviews")
        await type_into(pilot, "#field-aliases", "x | y z")
        await type_into(pilot, "#field-tags", "srs a")
        assert error_text(editor, "question") == ""
        assert error_text(editor, "answer") == ""
        # The id is free to edit on a new card, and must not clash with another card.
        await type_into(pilot, "#field-id", "who-example")
        assert error_text(editor, "id") == "'who-example' is already the id of cards[0]"
        await type_into(pilot, "#field-id", "fsrs-1")
        assert error_text(editor, "id") == ""

        # Edit an existing card: empty its answer -> the model's message next to the field.
        await highlight(pilot, 2)
        assert editor.query_one("#field-id").value == "when-example"
        assert editor.query_one("#field-id").disabled  # existing ids are kept
        await type_into(pilot, "#field-answer", "")
        assert error_text(editor, "answer") == "must not be empty"
        assert "-empty" not in editor.query_one("#error-answer").classes
        # The list marks the invalid card; saving refuses and says why, writing nothing.
        prompt = editor.query_one("#card-list", OptionList).get_option_at_index(2).prompt
        assert str(prompt).startswith("! ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = str(editor.query_one("#editor-status", Static).content)
        assert status == 'Not saved: cards[2] (id "when-example"): answer: must not be empty'
        assert deck_file.read_bytes() == before
        # A distractor equal to the answer is the model's cross-field rule, shown on its field.
        await type_into(pilot, "#field-answer", "1999")
        assert error_text(editor, "answer") == ""
        assert error_text(editor, "distractors") == "'1999' is also an accepted answer"
        await type_into(pilot, "#field-answer", "June")
        assert error_text(editor, "distractors") == ""
        # Change its kind to cloze: now the question needs a blank.
        editor.query_one("#field-kind", Select).value = "cloze"
        await pilot.pause()
        assert error_text(editor, "question") == (
            "a cloze question needs exactly one blank (____), found 0"
        )
        await type_into(pilot, "#field-question", "TIP in ____.")
        assert error_text(editor, "question") == ""

        # Delete the basic example (last card) from the list.
        await highlight(pilot, 5)
        assert editor.query_one("#field-id").value == "basic-example"
        await pilot.press("delete")
        await pilot.pause()
        assert len(editor.drafts) == 5

        # Move the cloze example (now last) up one place.
        await highlight(pilot, 4)
        await pilot.press("ctrl+up")
        await pilot.pause()
        assert editor.current == 3

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not editor.dirty
        assert "Saved 5 cards" in str(editor.query_one("#editor-status", Static).content)
        await pilot.press("escape")  # nothing unsaved: leaves without asking
        await pilot.pause()
        assert not isinstance(app.screen, DeckEditorScreen)

    saved = load_deck(deck_file)
    assert [c.id for c in saved.cards] == [
        "who-example",
        "fsrs-1",
        "when-example",
        "cloze-example",
        "tier-example",
    ]
    added = saved.card("fsrs-1")
    assert (added.kind, added.question, added.answer) == (
        "basic",
        "FSRS?",
        "Reviews",
    )
    assert added.aliases == ["x", "y z"]
    assert added.tags == ["srs", "a"]
    edited = saved.card("when-example")
    assert (edited.kind, edited.question, edited.answer) == (
        "cloze",
        "TIP in ____.",
        "June",
    )
    assert edited.distractors == ["1999", "2003"]
    # Untouched cards are exactly as they were, and the schema line survives.
    for card_id in ("who-example", "tier-example", "cloze-example"):
        assert saved.card(card_id) == starter.card(card_id)
    assert deck_file.read_text(encoding="utf-8").startswith("#:schema ./deck.schema.json\n")
    assert app.results == [saved]


async def test_leaving_with_unsaved_changes_asks(deck_file):
    before = deck_file.read_bytes()
    app, editor = editor_for(deck_file)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        await type_into(pilot, "#field-question", "Who?")
        assert editor.dirty
        await pilot.press("escape")  # leaves the input? no: the screen binding fires
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#answer-cancel")
        await pilot.pause()
        assert app.screen is editor
        assert editor.query_one("#field-question").value == "Who?"

        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#answer-discard")
        await pilot.pause()
        assert app.screen is not editor
    assert deck_file.read_bytes() == before
    assert app.results == [None]


async def test_leave_and_save_from_the_dialog(deck_file):
    app, editor = editor_for(deck_file)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        await type_into(pilot, "#field-answer", "State")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#answer-save")
        await pilot.pause()
        assert app.screen is not editor
    assert load_deck(deck_file).cards[0].answer == "State"


async def test_save_from_dialog_with_an_invalid_card_stays(deck_file):
    before = deck_file.read_bytes()
    app, editor = editor_for(deck_file)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        await type_into(pilot, "#field-answer", "")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#answer-save")
        await pilot.pause()
        assert app.screen is editor
        assert "answer: must not be empty" in str(
            editor.query_one("#editor-status", Static).content
        )
    assert deck_file.read_bytes() == before


async def test_card_text_is_shown_literally_never_as_markup(tmp_path):
    path = tmp_path / "d.toml"
    path.write_text(
        'format = 1\n[deck]\nid = "d"\ntitle = "[b]T[/b]"\n'
        '[[cards]]\nid = "c1"\nkind = "basic"\nquestion = "[red]x[/red] $var [/]"\nanswer = "[link=x]y"\n',
        encoding="utf-8",
    )
    app, editor = editor_for(path)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        prompt = editor.query_one("#card-list", OptionList).get_option_at_index(0).prompt
        assert isinstance(prompt, Content)
        assert "[red]x[/red] $var [/]" in prompt.plain
        assert editor.query_one("#field-answer").value == "[link=x]y"
        await type_into(pilot, "#field-answer", "")
        await type_into(pilot, "#field-answer", "[bold]z[/bold]")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert load_deck(path).cards[0].answer == "[bold]z[/bold]"


async def test_delete_every_card_then_add(deck_file):
    app, editor = editor_for(deck_file)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        editor.query_one("#card-list").focus()
        for _ in range(5):
            await pilot.press("delete")
            await pilot.pause()
        assert editor.drafts == [] and editor.current is None
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"Q?")
        await type_into(pilot, "#field-answer", "A")
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = load_deck(deck_file)
    assert [(c.id, c.question, c.answer) for c in saved.cards] == [("card-1", "Q?", "A")]


async def test_editor_opens_from_the_home_screen_and_updates_the_deck(deck_file):
    from quizapp.tui.screens.home import HomeScreen

    app = app_on(deck_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        editor = await open_editor(pilot)
        assert editor.path == deck_file
        await type_into(pilot, "#field-answer", "State")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # the app now studies the edited deck
        assert app.entries[0].deck.cards[0].answer == "State"
    assert load_deck(deck_file).cards[0].answer == "State"


async def test_quitting_the_app_with_unsaved_edits_asks_first(deck_file):
    app = app_on(deck_file)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot)
        await type_into(pilot, "#field-answer", "Unsaved")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # still running, asking
        await pilot.click("#answer-cancel")
        await pilot.pause()
        assert app.screen is editor and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#answer-save")
        await pilot.pause()
        assert app.return_code == 0  # saved, then quit
    assert load_deck(deck_file).cards[0].answer == "Unsaved"


async def test_deleting_a_generated_card_rejects_it(tmp_path):
    from quizapp.deck import Card, Deck, DeckInfo, Source
    from quizapp.deckfile import save_deck

    path = tmp_path / "d.toml"
    generated = Card(
        id="when-1",
        kind="when",
        question="When?",
        answer="2001",
        source=Source(text="In 2001.", start=0, end=8),
    )
    written = Card(id="card-1", kind="basic", question="Mine?", answer="yes")
    save_deck(
        Deck(deck=DeckInfo(id="d", title="D", rejected=["old"]), cards=[generated, written]), path
    )
    app, editor = editor_for(path)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        editor.query_one("#card-list").focus()
        await pilot.press("delete")  # the generated card: rejected
        await pilot.pause()
        assert "rejected" in str(editor.query_one("#editor-status", Static).content)
        await pilot.press("delete")  # the hand-written card: just gone
        await pilot.pause()
        await pilot.press("ctrl+n")  # a new card never reuses a rejected id
        await pilot.pause()
        assert editor.query_one("#field-id").value == "card-1"
        await pilot.press(*"Q?")
        await type_into(pilot, "#field-answer", "A")
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = load_deck(path)
    assert saved.deck.rejected == ["old", "when-1"]
    assert [c.id for c in saved.cards] == ["card-1"]


@pytest.fixture
def installed_deck(tmp_path, monkeypatch) -> Path:
    """A deck inside a stand-in for the installed package's decks folder; the work
    folder (cwd) is elsewhere."""
    from quizapp.tui import library

    site = tmp_path / "site-packages" / "quizapp" / "decks"
    site.mkdir(parents=True)
    path = site / "course.toml"
    path.write_text(starter_deck("course", "Course"), encoding="utf-8")
    monkeypatch.setattr(library, "installed_deck_dir", lambda: site)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return path


async def test_edits_to_a_bundled_deck_go_to_a_copy_in_decks(installed_deck):
    from quizapp.tui.library import default_deck_paths

    before = installed_deck.read_bytes()
    app = app_on(installed_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot)
        await type_into(pilot, "#field-answer", "State")
        await pilot.press("ctrl+s")
        await pilot.pause()
        copy = Path.cwd() / "decks" / "course.toml"
        assert editor.path == copy and app.entries[0].path == copy
        assert "a copy" in str(editor.query_one("#editor-status", Static).content)
        # Saving again writes the copy, not the bundled file.
        await type_into(pilot, "#field-answer", "The State")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert installed_deck.read_bytes() == before
    assert load_deck(copy).cards[0].answer == "The State"
    # Next time the app starts in this folder it shows the copy, not the bundled file.
    assert default_deck_paths()[0] == copy


async def test_a_bundled_deck_copy_never_overwrites_another_file(installed_deck):
    other = Path.cwd() / "decks" / "course.toml"
    other.parent.mkdir()
    other.write_text("not mine to overwrite", encoding="utf-8")
    app, editor = editor_for(installed_deck)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        await type_into(pilot, "#field-answer", "State")
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = str(editor.query_one("#editor-status", Static).content)
        assert status.startswith("Not saved:") and "already exists" in status
        assert editor.dirty and editor.path == installed_deck
    assert other.read_text(encoding="utf-8") == "not mine to overwrite"
    assert load_deck(installed_deck).cards[0].answer != "State"
