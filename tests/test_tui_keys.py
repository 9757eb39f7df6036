"""The footer (KeyBar), the flashcard buttons (KeyButtons) and the session progress bar:
widgets that draw themselves as text, so they must still follow the screen's keys and
answer the mouse the way the widgets they replace did."""

from __future__ import annotations

from datetime import UTC
from itertools import pairwise
from typing import ClassVar

from textual.app import App
from textual.content import Content
from textual.screen import Screen

from quizapp.study import Store
from quizapp.tui.app import create_app
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.widgets.keys import KeyBar, KeyButton, KeyButtons
from quizapp.tui.widgets.progress import SessionProgress, progress_bar
from tests.tui_helpers import HISTORY, HOSTILE, Clock

SIZE = (80, 24)


def study_app(deck=HISTORY, **kwargs):
    return create_app([deck], clock=Clock(), tz=UTC, study=True, **kwargs)


def styles_at(content: Content, index: int) -> list[str]:
    return [str(s.style) for s in content.spans if s.start <= index < s.end]


# -- progress bar ---------------------------------------------------------------------


def test_progress_bar_is_as_wide_as_asked_and_fills_in_half_cells():
    assert progress_bar(10, 0, 4).plain == "━" * 10
    half_way = progress_bar(10, 2, 4)
    # Five whole cells done; the track then starts half way through a cell.
    assert half_way.plain == "━" * 5 + "╺" + "━" * 4
    assert styles_at(half_way, 4) == ["$primary"]
    assert styles_at(half_way, 5) == ["$surface"]
    # A third of ten cells is three and a half, rounded to the half cell.
    third = progress_bar(10, 1, 3)
    assert third.plain == "━━━╸" + "━" * 6
    assert styles_at(third, 3) == ["$primary"]
    for width in range(0, 30):
        for done in range(0, 8):
            assert progress_bar(width, done, 7).cell_length == width


def test_progress_bar_turns_to_success_when_the_session_is_done():
    done = progress_bar(12, 5, 5)
    assert done.plain == "━" * 12
    assert styles_at(done, 0) == ["$success"] and styles_at(done, 11) == ["$success"]
    # No cards at all is an empty track, not a full bar.
    assert styles_at(progress_bar(12, 0, 0), 0) == ["$surface"]


async def test_session_progress_shows_title_mode_percentage_and_counts():
    app = study_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "3")
        progress = app.screen.query_one(SessionProgress)
        title, line = progress.render().plain.split("\n")
        assert title == "Russia and trafficking, 2000-2003  ·  Flashcards"
        counts = app.screen.session.counts()
        total = counts.done + counts.remaining
        assert f"{round(100 * counts.done / total):>3}%" in line
        assert line.endswith(
            f"New {counts.new}  Learn {counts.learning}  Due {counts.review}  Done {counts.done}"
        )
        assert len(line) == progress.content_size.width


async def test_a_long_hostile_title_is_cut_to_the_line_literally():
    app = study_app(HOSTILE)
    async with app.run_test(size=(40, 24)) as pilot:
        await pilot.pause()
        title = app.screen.query_one(SessionProgress).render().plain.split("\n")[0]
        assert title.startswith("Hostile [/] [bold]")
        assert title.endswith("…") and len(title) <= 38


# -- footer ---------------------------------------------------------------------------


async def test_footer_is_drawn_in_the_first_frame_and_follows_the_bindings():
    app = study_app()
    async with app.run_test(size=SIZE) as pilot:
        bar = app.screen.query_one(KeyBar)
        before = bar.key_displays()
        assert before["Show answer"] == "space" and "Grade" not in before
        await pilot.press("space")
        await pilot.pause()
        after = bar.key_displays()
        assert after["Grade"] == "1-4" and "Show answer" not in after
        assert "Show answer" not in bar.render().plain


class FlagScreen(Screen[None]):
    """A key that is offered only while `offered` is true."""

    BINDINGS: ClassVar = [("x", "thing", "Thing"), ("y", "other", "Other")]
    offered = False

    def compose(self):
        yield KeyBar(show_command_palette=False)

    def check_action(self, action, parameters):
        return self.offered if action == "thing" else True


async def test_footer_repaints_when_only_the_bindings_change():
    app = App()
    async with app.run_test(size=SIZE) as pilot:
        screen = FlagScreen()
        await app.push_screen(screen)
        await pilot.pause()
        bar = screen.query_one(KeyBar)
        assert bar.render_line(0).text.startswith("y Other")
        screen.offered = True
        screen.refresh_bindings()
        await pilot.pause()
        assert bar.render_line(0).text.startswith("x Thing y Other")


async def test_clicking_a_footer_key_presses_it():
    app = study_app()
    async with app.run_test(size=SIZE) as pilot:
        bar = app.screen.query_one(KeyBar)
        await pilot.click(KeyBar, offset=(bar.spot("space").start, 0))
        assert app.screen.revealed
        await pilot.click(KeyBar, offset=(bar.spot("question_mark").start + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_clicking_the_back_key_leaves_the_session():
    app = study_app()
    async with app.run_test(size=SIZE) as pilot:
        bar = app.screen.query_one(KeyBar)
        await pilot.click(KeyBar, offset=(bar.spot("q").end - 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_disabled_footer_key_rings_the_bell_and_does_nothing():
    app = study_app()
    async with app.run_test(size=SIZE) as pilot:
        bells = []
        app.bell = lambda: bells.append(True)
        bar = app.screen.query_one(KeyBar)
        undo = bar.spot("u")
        assert undo is not None and not undo.enabled  # nothing answered yet
        await pilot.click(KeyBar, offset=(undo.start, 0))
        assert bells == [True]
        assert app.screen.session.counts().done == 0


async def test_hovering_a_footer_key_highlights_it():
    app = study_app()
    async with app.run_test(size=SIZE) as pilot:
        bar = app.screen.query_one(KeyBar)
        back = bar.spot("q")
        await pilot.hover(KeyBar, offset=(back.start, 0))
        line = bar.render()
        assert "on $block-hover-background" in styles_at(line, back.start)
        assert "on $block-hover-background" not in styles_at(line, bar.spot("b").start)


async def test_palette_key_sits_at_the_right_edge():
    app = study_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        palette = bar.spot("ctrl+p")
        assert palette.end == 100
        assert bar.render().plain.endswith("▏^p palette")


async def test_keys_that_do_not_fit_are_left_out_whole():
    app = study_app()
    async with app.run_test(size=(40, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        spots = bar.spots()
        assert bar.hidden  # "Help" and more do not fit 40 columns
        assert all(a.end < b.start for a, b in pairwise(spots))
        assert spots[-1].end <= 40
        assert "Help" not in bar.key_displays()


# -- flashcard buttons ----------------------------------------------------------------


async def click_cell(pilot, strip, x: int) -> None:
    """Click content cell `x` of a KeyStrip (the grade row has padding on each side)."""
    region = strip.content_region
    await pilot.click(offset=(region.x + x, region.y))


async def test_a_click_on_any_cell_of_a_button_presses_that_button():
    app = study_app()
    async with app.run_test(size=SIZE) as pilot:
        controls = app.screen.query_one("#controls", KeyButtons)
        assert controls.styles.padding.left > 0  # what the click must allow for
        await click_cell(pilot, controls, 0)  # first cell of "Show answer"
        assert app.screen.revealed
        hard = controls.spot("2")
        await click_cell(pilot, controls, hard.end - 1)  # last cell of "2 Hard"
        await pilot.pause()
        log = app.screen.session.counts()
        assert log.done == 1 and not app.screen.revealed
        # The padding around the row is not a button.
        await pilot.click("#controls", offset=(0, 0))
        assert not app.screen.revealed
    with Store.open() as store:
        history = store.card_history("tui-history", "when-protocol")
    assert [entry.rating for entry in history] == [2]


def grade_buttons() -> list[KeyButton]:
    return [KeyButton(str(n), f"{n} {name} 10m") for n, name in enumerate(("A", "B", "C"), 1)]


async def test_buttons_share_the_width_and_centre_their_labels():
    row = KeyButtons(grade_buttons())
    line, spots = row.draw(40)
    assert line.cell_length == 40
    widths = [s.end - s.start for s in spots]
    assert max(widths) - min(widths) <= 1
    assert all(b.start - a.end == KeyButtons.GAP for a, b in pairwise(spots))
    first = line.plain[spots[0].start : spots[0].end]
    assert first.strip() == "1 A 10m"
    assert abs(len(first) - len(first.lstrip()) - (len(first) - len(first.rstrip()))) <= 1


async def test_buttons_cut_labels_that_do_not_fit_with_an_ellipsis():
    row = KeyButtons(grade_buttons())
    line, spots = row.draw(20)
    assert line.cell_length == 20
    assert [s.key for s in spots] == ["1", "2", "3"]
    assert line.plain[spots[0].start : spots[0].end].endswith("…")
