"""`quizapp study DECK` shows its first question before pydantic and fsrs are loaded
("preview, then confirm"): the deck is validated, synced and the session started
right after that first paint. These tests pin the parts a fast start-up could break:
nothing heavy before the paint, errors found by validation, a preview that turns out
wrong, and keys pressed while the deck is still loading."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
from datetime import UTC
from pathlib import Path

import pytest
from textual.widgets import DataTable

from quizapp.deckfile import DeckFileError, load_deck
from quizapp.study import Rating, Session, Store
from quizapp.tui.app import QuizApp, create_app
from quizapp.tui.library import read_entry
from quizapp.tui.screens.error import ErrorScreen
from quizapp.tui.screens.flashcard import FlashcardScreen
from tests.conftest import REPO
from tests.tui_helpers import HISTORY, Clock, text_of

SIZE = (80, 24)

EMPTY_ANSWER = """format = 1

[deck]
id = "broken"
title = "Broken"

[[cards]]
id = "one"
kind = "basic"
question = "What is one?"
answer = ""
"""


def run_in_pty(args: list[str], env: dict[str, str], timeout: float = 60) -> tuple[int, str]:
    """Run `python -m quizapp ARGS` in an 80x24 pseudo-terminal: (exit code, output)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "quizapp", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, "TERM": "xterm-256color", **env},
            cwd=REPO,
            start_new_session=True,
        )
        os.close(slave)
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise
    finally:
        reader.join(timeout=5)
        os.close(master)
    return code, b"".join(chunks).decode("utf-8", "replace")


def first_paint(deck: Path, marker: Path, mode: str = "flashcard") -> list[str]:
    code, _output = run_in_pty(
        ["study", str(deck), "--mode", mode], {"QUIZAPP_EXIT_AFTER_FIRST_PAINT": str(marker)}
    )
    assert code == 0
    # "<wall time> <cpu time> <heavy modules loaded at the paint, or ->"
    return marker.read_text().split()


def test_first_question_is_painted_before_pydantic_and_fsrs(tmp_path):
    # A deck the store has never seen: its first card in file order.
    _wall, _cpu, loaded = first_paint(HISTORY, tmp_path / "unseen.txt")
    assert loaded == "-"
    # A deck the store knows, with progress: the store's queue decides.
    deck = load_deck(HISTORY)
    with Store.open() as store:
        session = Session(store, deck)
        session.answer(deck.cards[0].id, Rating.Good)
    _wall, _cpu, loaded = first_paint(HISTORY, tmp_path / "known.txt")
    assert loaded == "-"


@pytest.mark.parametrize("mode", ["choice", "typed"])
def test_other_modes_paint_before_pydantic_and_fsrs_too(mode, tmp_path):
    _wall, _cpu, loaded = first_paint(HISTORY, tmp_path / "paint.txt", mode)
    assert loaded == "-"


def test_cli_reports_a_deck_that_fails_validation_after_the_app_ends(tmp_path):
    bad = tmp_path / "broken.toml"
    bad.write_text(EMPTY_ANSWER, encoding="utf-8")
    with_error = load_deck_error(bad)
    code, output = run_in_pty(["study", str(bad)], {})
    assert code == 2
    # Printed after the terminal is restored: the last line, not a traceback.
    assert output.replace("\r\n", "\n").rstrip().endswith(with_error)
    assert "Traceback" not in output


def load_deck_error(path: Path) -> str:
    try:
        load_deck(path)
    except DeckFileError as exc:
        return exc.message
    raise AssertionError(f"{path} is valid")


async def test_invalid_deck_ends_the_app_with_code_2_and_the_located_message(tmp_path):
    bad = tmp_path / "broken.toml"
    bad.write_text(EMPTY_ANSWER, encoding="utf-8")
    expected = load_deck_error(bad)
    assert expected.startswith(f"{bad}:11: ")  # the line of `answer`
    app = create_app([read_entry(bad)], study=True, clock=Clock(), tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 2
    assert app.load_error == expected


async def test_a_wrong_preview_is_replaced_by_the_sessions_first_card(tmp_path, monkeypatch):
    # The store knows an older version of the deck; the file now starts with a card
    # the store has not seen, so only the synced session knows it comes first.
    deck = load_deck(HISTORY)
    older = deck.model_copy(update={"cards": deck.cards[1:]})
    with Store.open() as store:
        store.sync_deck(older)
    previews = []
    import quizapp.tui.screens.study as study

    def recording_first_card(*args, **kwargs):
        previews.append(real_first_card(*args, **kwargs))
        return previews[-1]

    real_first_card = study.first_card
    monkeypatch.setattr(study, "first_card", recording_first_card)
    app = create_app([read_entry(HISTORY)], study=True, clock=Clock(), tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [p.card_id for p in previews] == [deck.cards[1].id]
        screen = app.screen
        assert isinstance(screen, FlashcardScreen)
        assert screen.session is not None and screen.preview is None
        assert screen.item is not None and screen.item.card_id == deck.cards[0].id
        assert text_of(app, "#question") == deck.cards[0].question
        assert "new" in text_of(app, "#card-meta")


async def test_keys_pressed_while_the_deck_loads_are_handled_once_it_is_ready(monkeypatch):
    # Hold the loading step until the keys are in, to be sure they come first.
    held = []

    def painted(self, then=None):
        if then is not None:
            held.append(then)

    monkeypatch.setattr(QuizApp, "painted", painted)
    deck = load_deck(HISTORY)
    app = create_app([read_entry(HISTORY)], study=True, clock=Clock(), tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FlashcardScreen)
        assert screen.session is None and len(held) == 1
        assert text_of(app, "#question") == deck.cards[0].question
        await pilot.press("space", "3", "space")
        assert screen.session is None  # kept, not acted on, and nothing crashed
        held.pop()()
        await pilot.pause()
        assert screen.session is not None
        assert screen.session.counts().done == 1
        assert screen.item is not None and screen.item.card_id == deck.cards[1].id
        assert screen.revealed  # the second space revealed the next card
        assert text_of(app, "#answer") == deck.cards[1].answer
    with Store.open() as store:
        log = store.card_history(deck.deck.id, deck.cards[0].id)
    assert [entry.rating for entry in log] == [Rating.Good]


async def test_space_and_grade_right_after_start():
    deck = load_deck(HISTORY)
    app = create_app([read_entry(HISTORY)], study=True, clock=Clock(), tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "4", "space", "1")
        await pilot.pause()
        assert app.screen.session.counts().done == 2
    with Store.open() as store:
        ratings = [
            [e.rating for e in store.card_history(deck.deck.id, card.id)] for card in deck.cards[:2]
        ]
    assert ratings == [[Rating.Easy], [Rating.Again]]


def test_store_queue_and_deck_parsing_import_without_pydantic_or_fsrs():
    code = (
        "import sys\n"
        "import quizapp.study.store, quizapp.study.queue, quizapp.deckfile, quizapp.tui.library\n"
        "from quizapp.study import CardState, DeckSettings, Rating, Store, StudyCard\n"
        "DeckSettings()\n"
        "print(sorted(m for m in ('pydantic', 'fsrs') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


async def test_typed_answer_typed_and_sent_while_loading_is_graded(monkeypatch):
    held = []
    monkeypatch.setattr(QuizApp, "painted", lambda self, then=None: then and held.append(then))
    deck = load_deck(HISTORY)
    app = create_app([read_entry(HISTORY)], mode="typed", study=True, clock=Clock(), tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"December 2000", "enter")
        assert app.screen.session is None
        held.pop()()
        await pilot.pause()
        assert app.screen.answered is not None
        assert app.screen.grade is not None and app.screen.grade.correct
    with Store.open() as store:
        log = store.card_history(deck.deck.id, deck.cards[0].id)
    assert [(entry.rating, entry.mode) for entry in log] == [(Rating.Good, "typed")]


# -- `quizapp` alone: the deck list --------------------------------------------------


def test_deck_list_is_painted_before_pydantic_and_fsrs(tmp_path):
    marker = tmp_path / "home.txt"
    code, _output = run_in_pty([], {"QUIZAPP_EXIT_AFTER_FIRST_PAINT": str(marker)})
    assert code == 0
    _wall, _cpu, loaded = marker.read_text().split()
    assert loaded == "-"


def deck_rows(app) -> list[list[str]]:
    table = app.screen.query_one("#decks", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    """A folder with ./decks/ (HISTORY and a deck that is TOML but no deck), and no
    bundled decks."""
    from quizapp.tui import library

    monkeypatch.setattr(library, "bundled_deck_dir", lambda: None)
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "a-history.toml").write_bytes(HISTORY.read_bytes())
    (tmp_path / "decks" / "b-broken.toml").write_text(EMPTY_ANSWER, encoding="utf-8")
    return tmp_path


async def test_deck_list_shows_counts_from_the_files_then_validates_them(work, monkeypatch):
    deck = load_deck(HISTORY)
    clock = Clock()
    with Store.open() as store:  # some progress: one card learning, one reviewed
        session = Session(store, deck, clock=clock, tz=UTC)
        session.answer(deck.cards[0].id, Rating.Again)
        session.answer(deck.cards[1].id, Rating.Easy)
    held = []
    monkeypatch.setattr(QuizApp, "painted", lambda self, then=None: then and held.append(then))
    app = create_app(None, cwd=work, clock=clock, tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        history, broken = app.entries
        # On screen from the parsed files: nothing validated yet, broken looks fine.
        assert history.deck is None and broken.deck is None
        before = deck_rows(app)
        assert before[1][1:4] == ["1", "0", "0"]  # broken: one new card, as far as TOML says
        held.pop()()
        await pilot.pause()
        # Validated and synced: the counts the store gives are the ones already shown.
        assert history.deck == deck and not broken.usable
        after = deck_rows(app)
        assert after[0] == before[0]
        with Store.open() as store:
            counts = store.deck_counts(deck.deck.id, now=clock(), tz=UTC)
        assert after[0][1:4] == [str(counts.new), str(counts.learning), str(counts.due)]
        assert after[1][1:] == ["", "", "", "cannot read"]
        await pilot.press("down")
        assert "b-broken.toml:11" in text_of(app, "#deck-info")


async def test_a_key_pressed_before_validation_studies_the_validated_deck(work, monkeypatch):
    held = []
    monkeypatch.setattr(QuizApp, "painted", lambda self, then=None: then and held.append(then))
    app = create_app(None, cwd=work, clock=Clock(), tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.entries[0].deck is None
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FlashcardScreen)
        assert app.screen.deck == load_deck(HISTORY) and app.screen.session is not None


async def test_when_no_listed_deck_validates_the_app_says_so(work):
    (work / "decks" / "a-history.toml").unlink()
    app = create_app(None, cwd=work, clock=Clock(), tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert "b-broken.toml:11" in text_of(app, "#error-message")
        await pilot.press("q")
    assert app.return_code == 2


async def test_a_broken_local_copy_gives_way_to_the_deck_it_hid(tmp_path, monkeypatch):
    """./decks/ is listed before the bundled decks and hides a bundled deck of the same
    id; if that local file then fails validation, the bundled deck is offered again."""
    from quizapp.tui import library

    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "history.toml").write_bytes(HISTORY.read_bytes())
    monkeypatch.setattr(library, "bundled_deck_dir", lambda: bundled)
    (tmp_path / "decks").mkdir()
    broken = HISTORY.read_text(encoding="utf-8").replace('answer = "Tier 3"', 'answer = ""', 1)
    assert broken != HISTORY.read_text(encoding="utf-8")
    (tmp_path / "decks" / "mine.toml").write_text(broken, encoding="utf-8")

    app = create_app(None, cwd=tmp_path, clock=Clock(), tz=UTC)
    assert [e.path.parent.name for e in app.entries] == ["decks"]  # the copy hides it
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        mine, offered = app.entries
        assert not mine.usable and "mine.toml" in mine.error
        assert offered.path == bundled / "history.toml" and offered.deck == load_deck(HISTORY)
        assert len(deck_rows(app)) == 2
        assert app.current is offered


async def test_a_key_pressed_before_validation_of_only_broken_decks_says_so(work, monkeypatch):
    (work / "decks" / "a-history.toml").unlink()
    monkeypatch.setattr(QuizApp, "painted", lambda self, then=None: None)
    app = create_app(None, cwd=work, clock=Clock(), tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.entries[0].parsed is not None  # listed, not validated yet
        await pilot.press("f")
        await pilot.pause()
        # One screen saying there is no deck, not a second error about the row.
        assert [type(s) for s in app.screen_stack] == [ErrorScreen]
        assert "b-broken.toml:11" in text_of(app, "#error-message")


def test_quizapp_alone_opens_the_app_without_building_the_parser(monkeypatch):
    from quizapp import cli

    def no_parser():
        raise AssertionError("the command-line parser was built")

    opened = []
    monkeypatch.setattr(cli, "build_parser", no_parser)
    monkeypatch.setattr(cli, "_run_app", lambda decks, **kw: opened.append((decks, kw)) or 0)
    assert cli.main([]) == 0
    assert opened == [(None, {"mode": "flashcard", "study": False})]
