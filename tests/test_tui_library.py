"""Which decks the app offers when started with no arguments."""

from __future__ import annotations

from quizapp.deckfile import load_deck, save_deck
from quizapp.tui.library import bundled_deck_dir, default_deck_paths, load_entries


def test_a_local_copy_of_a_bundled_deck_is_the_one_shown(tmp_path):
    bundled = sorted(bundled_deck_dir().glob("*.toml"))[0]
    deck = load_deck(bundled)
    edited = deck.model_copy(
        update={"deck": deck.deck.model_copy(update={"title": "My edited copy"})}
    )
    (tmp_path / "decks").mkdir()
    save_deck(edited, tmp_path / "decks" / "mine.toml")

    entries = load_entries(default_deck_paths(tmp_path))
    same_id = [e for e in entries if e.deck_id == deck.deck.id]
    assert [e.title for e in same_id] == ["My edited copy"]


def test_bundled_decks_are_offered_without_a_local_folder(tmp_path):
    paths = default_deck_paths(tmp_path)
    assert paths and all(p.parent == bundled_deck_dir() for p in paths)
