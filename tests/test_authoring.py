"""Authoring without a UI: `quizapp new`, `merge`, `schema -o`, and curated rebuilds."""

from __future__ import annotations

import json
import tomllib

import jsonschema
import pytest

from quizapp.authoring import (
    merge_decks,
    merge_rebuild,
    save_curated,
    schema_directive,
    starter_deck,
)
from quizapp.cli import main
from quizapp.deck import KINDS, Card, Deck, DeckInfo, deck_json_schema
from quizapp.deckfile import load_deck, loads_deck, save_deck
from quizapp.errors import UserError


def card(card_id: str, question: str = "", answer: str = "a", **kw) -> Card:
    kind = kw.pop("kind", "basic")
    return Card(id=card_id, kind=kind, question=question or f"q {card_id}?", answer=answer, **kw)


def deck(deck_id: str, cards: list[Card], **info) -> Deck:
    return Deck(deck=DeckInfo(id=deck_id, title=info.pop("title", deck_id), **info), cards=cards)


# --- quizapp new ---------------------------------------------------------------


def test_new_writes_a_commented_valid_deck_with_every_kind(tmp_path, capsys):
    target = tmp_path / "decks" / "my_course.toml"
    target.parent.mkdir()
    assert main(["new", str(target), "--title", "Week 1: Russia"]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "#:schema ./deck.schema.json"
    assert text.count("\n# ") >= 5  # it is commented
    assert main(["validate", str(target)]) == 0
    assert "ok (5 cards)" in capsys.readouterr().out
    loaded = load_deck(target)
    assert loaded.deck.id == "my-course"
    assert loaded.deck.title == "Week 1: Russia"
    assert sorted(c.kind for c in loaded.cards) == sorted(KINDS)
    jsonschema.validate(tomllib.loads(text), deck_json_schema())


def test_new_with_id_and_awkward_title(tmp_path):
    target = tmp_path / "x.toml"
    title = 'Quotes " and \\ backslash\tand \x7f control'
    assert main(["new", str(target), "--title", title, "--id", "course-7"]) == 0
    loaded = load_deck(target)
    assert (loaded.deck.id, loaded.deck.title) == ("course-7", title)


def test_new_refuses_to_overwrite_and_bad_ids(tmp_path, capsys):
    target = tmp_path / "x.toml"
    target.write_text("keep me", encoding="utf-8")
    assert main(["new", str(target), "--title", "T"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me"
    assert main(["new", str(target), "--title", "T", "--force"]) == 0
    assert load_deck(target).deck.title == "T"
    capsys.readouterr()
    assert main(["new", str(tmp_path / "y.toml"), "--id", "Not An Id"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("--id: 'Not An Id' is not a deck id")
    assert not (tmp_path / "y.toml").exists()


def test_starter_deck_is_valid_for_any_folder():
    for folder in (".", "decks", "a b/c"):
        loads_deck(starter_deck("d", "D", folder=folder))


# --- quizapp schema -o ----------------------------------------------------------


def test_schema_to_file_and_force(tmp_path, capsys):
    out = tmp_path / "deck.schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == deck_json_schema()
    assert main(["schema", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    out.write_text("{}", encoding="utf-8")
    assert main(["schema", "-o", str(out), "--force"]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == deck_json_schema()


# --- merge ------------------------------------------------------------------------


def test_merge_decks_unions_cards_rejections_and_info():
    a = deck(
        "a",
        [card("x"), card("y")],
        tags=["t1"],
        rejected=["r1", "z"],
        source="seeds/a.txt",
        description="A",
    )
    b = deck(
        "b", [card("y"), card("z")], tags=["t1", "t2"], rejected=["r2", "r1"], source="seeds/b.txt"
    )
    merged = merge_decks([("a.toml", a), ("b.toml", b)], deck_id="c")
    assert [c.id for c in merged.cards] == ["x", "y", "z"]
    # "z" is a card of the merged deck, so it is no longer rejected
    assert merged.deck.rejected == ["r1", "r2"]
    assert merged.deck.tags == ["t1", "t2"]
    assert merged.deck.source == ["seeds/a.txt", "seeds/b.txt"]
    assert merged.deck.title == "a + b"
    assert merged.deck.description == "A"
    assert merge_decks([("a.toml", a)], deck_id="c", title="Mine").deck.title == "Mine"


def test_merge_decks_reports_every_clash():
    a = deck("a", [card("x", answer="1"), card("y", answer="1")])
    b = deck("b", [card("x", answer="2"), card("y", answer="1"), card("w")])
    c = deck("c", [card("w", answer="other")])
    with pytest.raises(UserError) as info:
        merge_decks([("A.toml", a), ("B.toml", b), ("C.toml", c)], deck_id="m")
    lines = info.value.message.splitlines()
    assert lines == [
        "B.toml: card id 'x' is also used by a different card in A.toml; rename one of them",
        "C.toml: card id 'w' is also used by a different card in B.toml; rename one of them",
    ]
    assert info.value.code == 2


def test_merge_command(tmp_path, capsys):
    save_deck(deck("a", [card("x"), card("y")], rejected=["gone"]), tmp_path / "A.toml")
    save_deck(deck("b", [card("y"), card("z")]), tmp_path / "B.toml")
    out = tmp_path / "C.toml"
    args = ["merge", str(tmp_path / "A.toml"), str(tmp_path / "B.toml"), "-o", str(out)]
    assert main([*args, "--title", "Both"]) == 0
    merged = load_deck(out)
    assert merged.deck.id == "c"
    assert merged.deck.title == "Both"
    assert [c.id for c in merged.cards] == ["x", "y", "z"]
    assert merged.deck.rejected == ["gone"]
    assert main(args) == 2
    assert "already exists" in capsys.readouterr().err
    assert main([*args, "--force", "--id", "both-decks"]) == 0
    assert load_deck(out).deck.id == "both-decks"


def test_merge_clash_writes_nothing(tmp_path, capsys):
    save_deck(deck("a", [card("x", answer="1")]), tmp_path / "A.toml")
    save_deck(deck("b", [card("x", answer="2")]), tmp_path / "B.toml")
    out = tmp_path / "C.toml"
    code = main(["merge", str(tmp_path / "A.toml"), str(tmp_path / "B.toml"), "-o", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert "card id 'x'" in err and "A.toml" in err and "B.toml" in err
    assert "Traceback" not in err
    assert not out.exists()
    assert {p.name for p in tmp_path.iterdir()} == {"A.toml", "B.toml"}


def test_merge_bad_input_names_the_file(tmp_path, capsys):
    save_deck(deck("a", [card("x")]), tmp_path / "A.toml")
    (tmp_path / "B.toml").write_text("format = 1\n[deck]\nid = 'b'\n", encoding="utf-8")
    out = tmp_path / "C.toml"
    assert main(["merge", str(tmp_path / "A.toml"), str(tmp_path / "B.toml"), "-o", str(out)]) == 2
    assert "B.toml:" in capsys.readouterr().err
    assert not out.exists()


# --- rebuilds keep curation --------------------------------------------------------


def test_merge_rebuild_keeps_edits_rejections_and_hand_added_cards():
    built = deck("d", [card("g1"), card("g2"), card("g3"), card("g4")], source="seeds/s.txt")
    curated = deck(
        "d",
        [
            card("g3", question="Edited?", answer="edited"),
            card("mine", question="Hand-written?"),
            card("g1"),
        ],
        title="Instructor's title",
        rejected=["g2"],
        source="seeds/old.txt",
    )
    rebuilt = deck(
        "d", [card("g0"), card("g1"), card("g2"), card("g3"), card("g5")], source="seeds/s.txt"
    )
    merged = merge_rebuild(curated, rebuilt)
    # g4 vanished from the passage but stays: a rebuild never deletes the instructor's cards
    assert [c.id for c in merged.cards] == ["g3", "g5", "mine", "g0", "g1"]
    assert merged.card("g3").answer == "edited"
    assert merged.card("g2") is None
    assert merged.deck.rejected == ["g2"]
    assert merged.deck.title == "Instructor's title"
    assert merged.deck.source == "seeds/s.txt"
    assert built.card("g4") is not None
    # Idempotent: merging the same build again changes nothing.
    assert merge_rebuild(merged, rebuilt) == merged


def test_merge_rebuild_with_no_cards_in_common_appends():
    old = deck("d", [card("mine")])
    new = deck("d", [card("g1"), card("g2")])
    assert [c.id for c in merge_rebuild(old, new).cards] == ["mine", "g1", "g2"]


def test_merge_rebuild_rejected_wins_over_a_stale_card():
    old = deck("d", [card("g1"), card("g2")], rejected=["g2"])
    new = deck("d", [card("g1"), card("g2")])
    merged = merge_rebuild(old, new)
    assert [c.id for c in merged.cards] == ["g1"]


def test_save_curated_keeps_the_schema_line(tmp_path):
    target = tmp_path / "d.toml"
    target.write_text(starter_deck("d", "D"), encoding="utf-8")
    loaded = load_deck(target)
    loaded.cards.pop()
    save_curated(loaded, target)
    assert schema_directive(target) == "#:schema ./deck.schema.json"
    assert load_deck(target) == loaded
    plain = tmp_path / "p.toml"
    save_curated(loaded, plain)
    assert schema_directive(plain) is None
    assert plain.read_text(encoding="utf-8").startswith("format = 1")


def test_merge_bad_id_is_a_usage_error(tmp_path, capsys):
    save_deck(deck("a", [card("x")]), tmp_path / "A.toml")
    out = tmp_path / "C.toml"
    assert main(["merge", str(tmp_path / "A.toml"), "-o", str(out), "--id", "Bad Id"]) == 2
    assert capsys.readouterr().err.startswith("--id: 'Bad Id' is not a deck id")
    assert not out.exists()


# --- the editor's form rules --------------------------------------------------------


def test_form_round_trip_keeps_a_card_exactly():
    from quizapp.authoring import card_to_form, form_to_card
    from quizapp.deck import Source

    original = Card(
        id="c1",
        kind="when",
        question="When?",
        answer="2001",
        aliases=["in 2001", "a|b"],  # "|" inside an item survives an untouched field
        distractors=["1999"],
        tags=["x", "y"],
        source=Source(text="In 2001 it happened.", start=3, end=23),
    )
    card, errors = form_to_card(card_to_form(original), original)
    assert errors == {} and card == original
    form = card_to_form(original)
    form["source"] = "In 2001, it happened."
    card, _ = form_to_card(form, original)
    assert card.source.text == "In 2001, it happened." and card.source.start is None
    form["source"] = "  "
    assert form_to_card(form, original)[0].source is None


def test_form_errors_are_the_validate_messages_on_their_fields():
    from quizapp.authoring import form_to_card

    base = {
        "id": "c1",
        "kind": "cloze",
        "question": "No blank here",
        "answer": "",
        "aliases": "",
        "distractors": "",
        "tags": "",
        "source": "",
    }
    card, errors = form_to_card(base)
    assert card is None
    assert errors == {"answer": "must not be empty"}
    card, errors = form_to_card({**base, "answer": "x"})
    assert errors == {"question": "a cloze question needs exactly one blank (____), found 0"}
    card, errors = form_to_card({**base, "kind": "basic", "answer": "x", "distractors": "X | y"})
    assert errors == {"distractors": "'X' is also an accepted answer"}
    card, errors = form_to_card({**base, "kind": "basic", "answer": "x", "id": "Bad Id"})
    assert set(errors) == {"id"} and "is not a card id" in errors["id"]
    card, errors = form_to_card({**base, "kind": "basic", "answer": "x" * 10_001})
    assert errors == {"answer": "is 10001 characters long; the limit is 10000"}


def test_review_candidates_and_apply_review_order():
    from quizapp.authoring import apply_review, review_candidates

    new = deck("d", [card("g1"), card("g2"), card("g3"), card("g4")], source="s.txt")
    assert review_candidates(None, new) == new.cards
    old = deck("d", [card("g2", answer="edited"), card("mine")], rejected=["g4"])
    assert [c.id for c in review_candidates(old, new)] == ["g1", "g3"]
    g3 = card("g3", answer="edited too")
    result = apply_review(old, new, [g3, card("g1")], [])
    # new cards land in passage order around the ones already there
    assert [c.id for c in result.cards] == ["g1", "g2", "g3", "mine"]
    assert result.card("g3") == g3 and result.card("g2").answer == "edited"
    assert result.deck.rejected == ["g4"]
    result = apply_review(old, new, [], ["g1"])
    assert [c.id for c in result.cards] == ["g2", "mine"]
    assert result.deck.rejected == ["g4", "g1"]
    fresh = apply_review(None, new, [card("g3")], ["g1"])
    assert [c.id for c in fresh.cards] == ["g3"]
    assert fresh.deck.rejected == ["g1"] and fresh.deck.source == "s.txt"
