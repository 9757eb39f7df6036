"""The study app driven by Pilot against a real progress store (QUIZAPP_DATA_DIR is a
temporary directory for every test, see conftest)."""

from __future__ import annotations

from datetime import UTC

import pytest
from textual import events
from textual.widgets import DataTable, Input, OptionList

from quizapp.deckfile import load_deck
from quizapp.study import Rating, Store
from quizapp.tui.app import create_app
from quizapp.tui.screens.cards import CardHistoryScreen, CardListScreen
from quizapp.tui.screens.choice import ChoiceScreen, choice_options
from quizapp.tui.screens.error import ErrorScreen
from quizapp.tui.screens.flashcard import FlashcardScreen
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.stats import StatsScreen
from quizapp.tui.screens.summary import SummaryScreen
from quizapp.tui.screens.typed import TypedScreen
from quizapp.tui.widgets.keys import KeyButtons
from tests.tui_helpers import HISTORY, HOSTILE, Clock, text_of

SIZE = (80, 24)


def app_for(*decks, clock=None, **kwargs):
    return create_app(list(decks), clock=clock or Clock(), tz=UTC, **kwargs)


def history(deck_id: str = "tui-history"):
    with Store.open() as store:
        rows = {row.card_id: row for row in store.card_rows(deck_id)}
        log = {
            card_id: store.card_history(deck_id, card_id)
            for card_id, row in rows.items()
            if row.reps
        }
    return rows, log


def home_row(app) -> list[str]:
    table = app.screen.query_one("#decks", DataTable)
    return [str(cell) for cell in table.get_row_at(0)]


# -- flashcards ----------------------------------------------------------------


async def test_flashcards_end_to_end_progress_survives_restart():
    deck = load_deck(HISTORY)
    clock = Clock()
    app = app_for(HISTORY, clock=clock, mode="flashcard", study=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FlashcardScreen)
        assert text_of(app, "#question") == deck.cards[0].question
        # Grades are hidden until the answer is shown.
        await pilot.press("3")
        assert app.screen.session.counts().done == 0
        await pilot.press("space")
        assert text_of(app, "#answer") == deck.cards[0].answer
        assert "December 2000" in text_of(app, "#source")
        await pilot.press("3")  # Good
        await pilot.press("enter", "1")  # reveal with enter, Again
        await pilot.press("space", "4")  # Easy
        assert app.screen.session.counts().done == 3
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        body = text_of(app, "#summary-body")
        assert "Cards studied  3" in body
        assert "67%" in body  # 2 of 3 right
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        row = home_row(app)
        assert row[-1] == "today"
        await pilot.press("q")
    assert app.return_code == 0

    rows, log = history()
    assert [e.rating for e in log["when-protocol"]] == [Rating.Good]
    assert [e.rating for e in log["tier-2001"]] == [Rating.Again]
    assert [e.rating for e in log["who-report-1999"]] == [Rating.Easy]
    assert all(e.mode == "flashcard" for entries in log.values() for e in entries)
    assert rows["who-report-1999"].state == "review"

    # A new app on the same store: the progress is there.
    clock.advance(minutes=1)
    again = app_for(HISTORY, clock=clock)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        title, new, learning, due, last = home_row(again)
        assert title == deck.deck.title
        assert (new, learning, due, last) == ("3", "2", "0", "today")
        await pilot.press("f")
        await pilot.pause()
        counts = again.screen.session.counts()
        assert (counts.new, counts.done) == (3, 0)
        # The card answered Again is due again after its one-minute step.
        assert again.screen.item.card_id == "tier-2001"


async def test_interval_labels_on_grade_buttons():
    app = app_for(HISTORY, study=True)
    async with app.run_test(size=SIZE) as pilot:
        controls = app.screen.query_one("#controls", KeyButtons)
        assert list(controls.labels()) == ["space"]
        await pilot.press("space")
        labels = app.screen.session.interval_labels("when-protocol")
        shown = controls.labels()
        assert list(shown) == ["1", "2", "3", "4"]
        for rating in Rating:
            assert shown[str(int(rating))].endswith(labels[rating])
        # Every button is on screen, whole, at 80 columns.
        spots = controls.spots()
        assert [s.key for s in spots] == ["1", "2", "3", "4"]
        assert all(s.end - s.start >= len(shown[s.key]) for s in spots)
        assert spots[-1].end <= controls.size.width
        # Mouse: click "Good".
        good = controls.spot("3")
        region = controls.content_region  # spots are content cells; the row has padding
        await pilot.click(offset=(region.x + good.start + 1, region.y))
        assert app.screen.session.counts().done == 1
        assert app.screen.item.card_id == "tier-2001"
        # The next card starts with the "Show answer" button again; clicking it reveals.
        assert list(controls.labels()) == ["space"]
        await pilot.click(offset=(region.x + 1, region.y))
        assert app.screen.revealed


async def test_undo_restores_card_and_log():
    app = app_for(HISTORY, study=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "3", "space", "4")
        assert app.screen.session.counts().done == 2
        await pilot.press("u")
        assert app.screen.item.card_id == "tier-2001"
        assert text_of(app, "#question").startswith("In which tier")
        await pilot.press("u")
        assert app.screen.item.card_id == "when-protocol"
        assert app.screen.session.counts().done == 0
        assert not app.screen.session.can_undo
        await pilot.press("space", "2")
    rows, log = history()
    assert list(log) == ["when-protocol"]
    assert [e.rating for e in log["when-protocol"]] == [Rating.Hard]
    assert rows["tier-2001"].reps == 0


async def test_suspend_and_bury_skip_cards():
    app = app_for(HISTORY, study=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert app.screen.item.card_id == "tier-2001"
        await pilot.press("b")
        assert app.screen.item.card_id == "who-report-1999"
    rows, _ = history()
    assert rows["when-protocol"].suspended
    # Both stay out of a new session the same day.
    app = app_for(HISTORY, study=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.item.card_id == "who-report-1999"
        assert app.screen.session.counts().new == 4


async def test_session_ends_with_summary_when_nothing_is_left():
    clock = Clock()
    app = app_for(HISTORY, clock=clock, study=True)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(6):
            await pilot.press("space", "4")  # Easy: straight to review, days away
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        body = text_of(app, "#summary-body")
        assert "Cards studied  6" in body and "100%" in body
        assert "Next" in body and "cards" in body


# -- multiple choice -----------------------------------------------------------


def test_choice_options_are_stable_and_include_answer():
    deck = load_deck(HISTORY)
    for card in deck.cards:
        options = choice_options(card, deck)
        assert options == choice_options(card, deck)
        assert card.answer in options
        assert len(options) == 4  # 3 wrong options even for cards with fewer distractors
        assert len({o.casefold() for o in options}) == 4


async def test_choice_end_to_end():
    deck = load_deck(HISTORY)
    app = app_for(HISTORY, mode="choice", study=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        card = deck.cards[0]
        options = choice_options(card, deck)
        right = options.index(card.answer)
        wrong = (right + 1) % len(options)
        # Right answer by number key.
        await pilot.press(str(right + 1))
        assert "Right!" in text_of(app, "#feedback")
        assert "December 2000" in text_of(app, "#source")
        await pilot.press("enter")
        # Wrong answer with the arrows and enter.
        card = deck.cards[1]
        options = choice_options(card, deck)
        wrong = next(i for i, o in enumerate(options) if o != card.answer)
        assert app.screen.query_one(OptionList).has_focus
        for _ in range(wrong):
            await pilot.press("down")
        await pilot.press("enter")
        assert "Wrong." in text_of(app, "#feedback")
        assert card.answer in text_of(app, "#feedback")
        await pilot.press("space")  # next card
        assert app.screen.item.card_id == deck.cards[2].id
    _, log = history()
    assert [e.rating for e in log["when-protocol"]] == [Rating.Good]
    assert [e.rating for e in log["tier-2001"]] == [Rating.Again]
    assert {e.mode for entries in log.values() for e in entries} == {"choice"}


# -- typed answers -------------------------------------------------------------


async def test_typed_end_to_end_with_near_miss_and_override():
    app = app_for(HISTORY, mode="typed", study=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TypedScreen)
        assert app.screen.query_one(Input).has_focus
        await pilot.press(*"dec. 2000", "enter")  # an alias
        assert app.screen.grade.correct
        assert text_of(app, "#feedback").startswith("Correct")
        await pilot.press("enter")
        # A near miss: "Tier 3" typed as "Teir 3" within the typo allowance or not,
        # the diff line shows what differed.
        await pilot.press(*"Teir 3", "enter")
        grade = app.screen.grade
        assert grade is not None and grade.near_miss
        diff = text_of(app, "#diff")
        assert "You typed" in diff and "Answer" in diff
        await pilot.press("enter")
        # Wrong, then "I was right".
        await pilot.press(*"an OSCE envoy", "enter")
        assert not app.screen.grade.correct
        assert "ctrl+r I was right" in " ".join(
            f"{b.binding.key} {b.binding.description}"
            for b in app.screen.active_bindings.values()
            if b.enabled
        )
        await pilot.press("ctrl+r")
        assert "Counted as right" in text_of(app, "#feedback")
        await pilot.press("enter")
        assert app.screen.item.card_id == "when-tier-2"
        # Letters go to the input while typing: "q" is typed, escape leaves.
        await pilot.press("q")
        assert app.screen.query_one(Input).value == "q"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    _, log = history()
    assert [e.rating for e in log["when-protocol"]] == [Rating.Good]
    assert [e.rating for e in log["who-report-1999"]] == [Rating.Good]  # overruled
    assert {e.mode for entries in log.values() for e in entries} == {"typed"}


async def test_typed_undo_while_typing_uses_ctrl_z():
    app = app_for(HISTORY, mode="typed", study=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"2000", "enter", "enter")
        assert app.screen.item.card_id == "tier-2001"
        await pilot.press("u")  # typed into the input, not an undo
        assert app.screen.session.counts().done == 1
        await pilot.press("ctrl+z")
        assert app.screen.item.card_id == "when-protocol"
        assert app.screen.query_one(Input).value == ""
    rows, _ = history()
    assert rows["when-protocol"].reps == 0


# -- hostile card text -----------------------------------------------------------


@pytest.mark.parametrize("mode", ["flashcard", "choice", "typed"])
async def test_hostile_markup_studies_literally(mode):
    deck = load_deck(HOSTILE)
    app = app_for(HOSTILE, mode=mode, study=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for card in deck.cards:
            assert app.screen.item.card_id == card.id
            assert text_of(app, "#question") == card.question
            if mode == "flashcard":
                await pilot.press("space")
                assert text_of(app, "#answer") == card.answer
                await pilot.press("4")
            elif mode == "choice":
                options = choice_options(card, deck)
                await pilot.press(str(options.index(card.answer) + 1))
                assert card.answer in text_of(app, "#feedback")
                await pilot.press("enter")
            else:
                await pilot.press(*card.answer.replace(" ", "\x00"), "enter")
                await pilot.press("enter")
            await pilot.pause()
        # Cards answered Good come back within minutes; leave with escape.
        if not isinstance(app.screen, SummaryScreen):
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert deck.deck.title in text_of(app, "#summary-title")
        await pilot.press("enter")
        await pilot.pause()
        # Home, card list, history and stats show the hostile text too.
        assert deck.deck.title.startswith(home_row(app)[0].rstrip("…"))
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, CardListScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardHistoryScreen)
        await pilot.press("escape", "escape", "s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
    _, log = history("hostile-markup")
    assert len(log) == 3


# -- the other screens ---------------------------------------------------------


async def test_card_list_search_history_and_suspend():
    app = app_for(HISTORY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "space", "3", "q", "enter", "l")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CardListScreen)
        table = screen.query_one("#card-table", DataTable)
        assert table.row_count == 6
        assert [str(c) for c in table.get_row_at(0)][2] == "learning"
        await pilot.press("slash", *"tier")
        assert table.row_count == 2
        await pilot.press("enter")  # back to the table
        assert table.has_focus
        await pilot.press("s")
        assert [str(c) for c in table.get_row_at(0)][2] == "suspended"
        await pilot.press("s")
        assert [str(c) for c in table.get_row_at(0)][2] == "new"
        await pilot.press("slash", *"protocol", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CardHistoryScreen)
        history_table = app.screen.query_one("#history-table", DataTable)
        assert history_table.row_count == 1
        assert [str(c) for c in history_table.get_row_at(0)][1:3] == ["flashcard", "Good"]


@pytest.mark.parametrize("fallback", [False, True])
async def test_stats_screen(fallback):
    clock = Clock()
    app = app_for(HISTORY, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "space", "4", "space", "1", "q", "enter")
        await pilot.pause()
        app.push_screen(StatsScreen(app.current, plot_fallback=fallback))
        await pilot.pause()
        summary = text_of(app, "#stats-summary")
        assert "Reviews 2" in summary and "Streak 1 day" in summary
        assert app.screen.query_one("#forecast") and app.screen.query_one("#history")
        await pilot.press("a")
        assert "all decks" in text_of(app, "#stats-title")


async def test_help_lists_keys_of_the_screen():
    app = app_for(HISTORY, study=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = text_of(app, "#help-keys")
        for words in ("Show answer", "Undo", "Suspend", "Bury", "Back", "Again, Hard, Good, Easy"):
            assert words in keys
        await pilot.press("escape")
        assert isinstance(app.screen, FlashcardScreen)


async def test_command_palette_has_the_main_actions():
    app = app_for(HISTORY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {
            "Study: flashcards",
            "Study: multiple choice",
            "Study: typed answer",
            "Stats",
            "Card list",
            "Decks",
            "Help",
        } <= titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Stats")
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)


async def test_missing_and_invalid_decks_show_errors_not_tracebacks(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\n[deck]\nid = "x"\ntitle = "X"\n[[cards]]\nid = "a"\n', "utf-8")
    app = app_for(tmp_path / "missing.toml", bad, study=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        message = text_of(app, "#error-message")
        assert "missing.toml: no such file" in message
        assert "bad.toml:5" in message
        await pilot.press("q")
    assert app.return_code == 2

    # One good deck among bad ones: the good one studies, the bad one explains itself.
    app = app_for(bad, HISTORY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # The cursor starts on the first deck that can be studied.
        assert "history.toml" in text_of(app, "#deck-info")
        await pilot.press("up")
        assert "bad.toml:5" in text_of(app, "#deck-info")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        await pilot.press("escape", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FlashcardScreen)


async def test_unusable_store_is_an_error_screen(tmp_path, monkeypatch):
    (tmp_path / "progress.sqlite3").write_bytes(b"not a database" * 100)
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path))
    app = app_for(HISTORY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert "progress.sqlite3" in text_of(app, "#error-message")
        await pilot.press("q")
    assert app.return_code == 1


async def test_default_decks_come_from_the_bundle_and_cwd(tmp_path):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "mine.toml").write_bytes(HISTORY.read_bytes())
    app = create_app(None, cwd=tmp_path, clock=Clock(), tz=UTC)
    paths = [e.path for e in app.entries]
    assert tmp_path / "decks" / "mine.toml" in paths


async def test_typing_ahead_after_feedback_starts_the_next_answer_and_triggers_nothing():
    app = app_for(HISTORY, mode="typed", study=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"nonsense", "enter")  # wrong: the feedback shows
        first = app.screen.item.card_id
        assert app.screen.answered is not None
        # "rusb": r was "I was right", u undo, s suspend, b bury before; now just text.
        await pilot.press(*"rusb")
        await pilot.pause()
        assert app.screen.item.card_id != first
        assert app.screen.query_one(Input).value == "rusb"
        assert app.screen.session.counts().done == 1
    rows, log = history()
    assert [e.rating for e in log[first]] == [Rating.Again]
    assert not any(row.suspended or row.buried for row in rows.values())


async def test_keys_that_reach_the_screen_while_the_box_is_unfocused_go_to_the_answer():
    app = app_for(HISTORY, mode="typed", study=True)
    async with app.run_test(size=SIZE) as pilot:
        first = app.screen.item
        app.screen.set_focus(None)  # as when a burst of keys outruns the focus change
        await pilot.press(*first.card.answer, "enter")
        await pilot.pause()
        assert app.screen.grade is not None and app.screen.grade.correct
        # Enter alone reaching the screen grades what the box holds, and stays there.
        await pilot.press("enter")
        second = app.screen.item
        app.screen.query_one(Input).value = second.card.answer
        app.screen.set_focus(None)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.item is second and app.screen.answered is not None
        assert app.screen.grade.correct and app.screen.grade.typed == second.card.answer
    _, log = history()
    assert [e.rating for e in log[first.card_id]] == [Rating.Good]


def post_keys(app, keys) -> None:
    """Queue keys all at once, as a fast typist or a pasting terminal sends them
    (Pilot.press waits for each key to be handled)."""
    for key in keys:
        char = "\r" if key == "enter" else key
        app.post_message(events.Key(key, char))


async def test_a_burst_of_answers_grades_each_answer_on_its_own():
    deck = load_deck(HISTORY)
    app = app_for(HISTORY, mode="typed", study=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.item.card
        post_keys(app, [*first.answer, "enter", *"Tier 3", "enter"])
        for _ in range(4):
            await pilot.pause()
        second = deck.cards[1]
        assert app.screen.session.counts().done == 2
        assert app.screen.grade is not None and app.screen.grade.typed == "Tier 3"
    _, log = history()
    assert [e.rating for e in log[first.id]] == [Rating.Good]
    assert [e.rating for e in log[second.id]] == [Rating.Good]


async def test_letters_typed_right_after_enter_begin_the_next_answer():
    app = app_for(HISTORY, mode="typed", study=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.item.card
        post_keys(app, [*first.answer, "enter", *"Tie"])
        for _ in range(3):
            await pilot.pause()
        assert app.screen.item.card_id != first.id
        assert app.screen.query_one(Input).value == "Tie"
        assert app.screen.answered is None
    _, log = history()
    assert [e.rating for e in log[first.id]] == [Rating.Good]
