"""Rebuilding the seed passage into a curated deck keeps the instructor's work."""

from __future__ import annotations

import shutil

import pytest

from quizapp.authoring import starter_deck
from quizapp.cli import main
from quizapp.deck import Card
from quizapp.deckfile import load_deck, save_deck
from tests.conftest import REPO

SEED = REPO / "seeds" / "000_2b666ea2131b1c58.txt"

pytest.importorskip("quizapp.builder")


@pytest.fixture
def seed(tmp_path):
    path = tmp_path / "seed.txt"
    shutil.copyfile(SEED, path)
    return path


def test_rebuild_keeps_rejections_edits_and_hand_added_cards(tmp_path, seed, capsys):
    deck_path = tmp_path / "deck.toml"
    assert main(["build", str(seed), "-o", str(deck_path)]) == 0
    built = load_deck(deck_path)
    assert len(built.cards) >= 5

    # The instructor rejects two cards, edits one and writes one of their own.
    first, second, edited_id = built.cards[0].id, built.cards[1].id, built.cards[2].id
    curated = built.model_copy(deep=True)
    curated.cards = [c for c in curated.cards if c.id not in (first, second)]
    curated.deck.rejected = [first, second]
    edited = curated.card(edited_id)
    edited.question = "Edited by the instructor: " + edited.question
    edited.tags = [*edited.tags, "checked"]
    mine = Card(id="mine-1", kind="basic", question="Hand-written?", answer="Yes")
    curated.cards.append(mine)
    curated.deck.title = "My curated title"
    save_deck(curated, deck_path)
    # ...and the file keeps its editor directive.
    deck_path.write_text(
        "#:schema ./deck.schema.json\n\n" + deck_path.read_text(encoding="utf-8"),
        encoding="utf-8",
    )

    # Without --force the deck is never overwritten.
    assert main(["build", str(seed), "-o", str(deck_path)]) == 2
    assert "--force" in capsys.readouterr().err

    assert main(["build", str(seed), "-o", str(deck_path), "--force"]) == 0
    rebuilt = load_deck(deck_path)
    ids = [c.id for c in rebuilt.cards]
    assert first not in ids and second not in ids
    assert rebuilt.deck.rejected == [first, second]
    assert rebuilt.card(edited_id) == edited
    assert rebuilt.card("mine-1") == mine
    assert rebuilt.deck.title == "My curated title"
    assert rebuilt == curated  # nothing else came back or went away
    assert deck_path.read_text(encoding="utf-8").startswith("#:schema ./deck.schema.json\n")

    # Rebuilding again is a fixed point.
    before = deck_path.read_bytes()
    assert main(["build", str(seed), "-o", str(deck_path), "--force"]) == 0
    assert deck_path.read_bytes() == before


def test_rebuild_into_a_broken_deck_stops_with_its_error(tmp_path, seed, capsys):
    deck_path = tmp_path / "deck.toml"
    deck_path.write_text("format = 1\n[deck]\nid = 'x'\nbogus = 1\n", encoding="utf-8")
    before = deck_path.read_bytes()
    assert main(["build", str(seed), "-o", str(deck_path), "--force"]) == 2
    assert f"{deck_path}:" in capsys.readouterr().err
    assert deck_path.read_bytes() == before


def test_review_needs_a_terminal(tmp_path, seed, capsys):
    deck_path = tmp_path / "deck.toml"
    deck_path.write_text(starter_deck("d", "D"), encoding="utf-8")
    before = deck_path.read_bytes()
    assert main(["build", str(seed), "-o", str(deck_path), "--review"]) == 2
    assert "terminal" in capsys.readouterr().err
    assert deck_path.read_bytes() == before


def test_build_review_hands_the_curated_deck_and_the_build_to_the_review(
    tmp_path, seed, monkeypatch, capsys
):
    import sys

    from quizapp.authoring import apply_review, save_curated
    from quizapp.tui.screens import review

    deck_path = tmp_path / "deck.toml"
    assert main(["build", str(seed), "-o", str(deck_path)]) == 0
    curated = load_deck(deck_path)
    gone = curated.cards.pop(0)
    curated.deck.rejected = [gone.id]
    save_deck(curated, deck_path)

    calls = []

    def fake_review(old, new, path):
        calls.append((old, new, path))
        # the instructor accepts everything offered
        deck = apply_review(old, new, new.cards, [])
        save_curated(deck, path)
        return deck

    monkeypatch.setattr(review, "run_review", fake_review)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    # --review updates an existing deck without --force: it only adds what is accepted.
    assert main(["build", str(seed), "-o", str(deck_path), "--review"]) == 0
    ((old, new, path),) = calls
    assert old == curated and path == deck_path
    assert gone.id not in {c.id for c in new.cards}  # the builder already leaves it out
    assert load_deck(deck_path) == curated  # nothing new to add: same deck
    assert f"{len(curated.cards)} cards after review" in capsys.readouterr().out
