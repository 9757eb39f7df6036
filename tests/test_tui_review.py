"""Review screen, driven with Pilot: accept, edit, reject each generated card;
every decision lands in the deck file, and a rebuild keeps them."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.widgets import Static

from quizapp.authoring import merge_rebuild, review_candidates
from quizapp.deck import Card, Deck, DeckInfo, Source
from quizapp.deckfile import load_deck, save_deck
from quizapp.tui.screens.review import EditCardScreen, ReviewApp, ReviewScreen
from tests.tui_helpers import type_into


def built_deck() -> Deck:
    """What the builder might produce from a passage (the review does not care how)."""
    return Deck(
        deck=DeckInfo(id="russia", title="Russia", source="seeds/russia.txt"),
        cards=[
            Card(
                id="when-a1",
                kind="when",
                question="When did Russia sign the [b]Protocol[/b]?",
                answer="December 2000",
                distractors=["1999", "2003"],
                tags=["when"],
                source=Source(
                    text="Russia signed the Protocol in December 2000.", start=10, end=54
                ),
            ),
            Card(
                id="tier-b2",
                kind="tier",
                question="Which tier was Russia placed in in 2001?",
                answer="Tier 3",
                distractors=["Tier 1", "Tier 2"],
                tags=["tier"],
                source=Source(text="placed Russia in Tier 3, the worst tier.", start=60, end=100),
            ),
            Card(
                id="who-c3",
                kind="who",
                question="Who said the report was libel?",
                answer="Pochinok",
                source=Source(
                    text="Alexander Pochinok summarized the Russian viewpoint.", start=120, end=170
                ),
            ),
            Card(
                id="when-d4",
                kind="when",
                question="When was the bill introduced into the Duma?",
                answer="February 2003",
                source=Source(
                    text="introduced legislation into the Duma in February of 2003.",
                    start=200,
                    end=260,
                ),
            ),
        ],
    )


def text_of(screen, selector: str) -> str:
    content = screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Content) else str(content)


async def test_accept_edit_reject_then_reload_and_rebuild(tmp_path):
    path = tmp_path / "russia.toml"
    new = built_deck()
    app = ReviewApp(None, new, path)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        # The card and its source sentence, shown literally.
        assert text_of(screen, "#review-question") == "When did Russia sign the [b]Protocol[/b]?"
        assert text_of(screen, "#review-source") == "Russia signed the Protocol in December 2000."
        assert text_of(screen, "#review-progress").startswith("Card 1 of 4")

        await pilot.press("a")  # accept card 1
        await pilot.pause()
        assert load_deck(path).card("when-a1") == new.cards[0]  # saved at once

        await pilot.press("e")  # edit card 2
        await pilot.pause()
        assert isinstance(app.screen, EditCardScreen)
        editor = app.screen
        await type_into(pilot, "#field-answer", "")
        assert text_of(editor, "#error-answer") == "must not be empty"
        await pilot.press("ctrl+s")  # refused while invalid
        await pilot.pause()
        assert app.screen is editor
        await type_into(pilot, "#field-answer", "Tier 2")
        assert text_of(editor, "#error-distractors") == "'Tier 2' is also an accepted answer"
        await type_into(pilot, "#field-distractors", "Tier 1 | Tier 3")
        await type_into(pilot, "#field-aliases", "2")
        await type_into(pilot, "#field-question", "Which tier in 2001?")
        await type_into(pilot, "#field-tags", "tier hard")
        assert text_of(editor, "#error-answer") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen

        await pilot.press("r")  # reject card 3
        await pilot.pause()
        await pilot.press("r")  # reject card 4
        await pilot.pause()
        assert text_of(screen, "#review-progress") == (
            "Done: 2 accepted, 2 rejected, 0 left for later"
        )
        await pilot.press("q")
        await pilot.pause()

    saved = load_deck(path)
    assert app.return_value == saved
    assert [c.id for c in saved.cards] == ["when-a1", "tier-b2"]
    edited = saved.card("tier-b2")
    assert (edited.question, edited.answer) == ("Which tier in 2001?", "Tier 2")
    assert edited.aliases == ["2"]
    assert edited.distractors == ["Tier 1", "Tier 3"]
    assert edited.tags == ["tier", "hard"]
    assert edited.source == new.cards[1].source  # offsets kept: the sentence was not edited
    assert saved.deck.rejected == ["who-c3", "when-d4"]
    assert saved.deck.source == "seeds/russia.txt"

    # A rebuild of the same passage keeps the edit and both rejections...
    rebuilt = merge_rebuild(saved, built_deck())
    assert rebuilt == saved
    # ...and a second review has nothing left to ask.
    assert review_candidates(saved, built_deck()) == []


async def test_later_leaves_cards_for_the_next_review_and_back_changes_a_decision(tmp_path):
    path = tmp_path / "russia.toml"
    existing = Deck(
        deck=DeckInfo(id="russia", title="My title", rejected=["who-c3"]),
        cards=[Card(id="mine", kind="basic", question="Mine?", answer="yes")],
    )
    save_deck(existing, path)
    app = ReviewApp(load_deck(path), built_deck(), path)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        screen = app.screen
        # who-c3 was rejected before: not offered again
        assert [c.id for c in screen.candidates] == ["when-a1", "tier-b2", "when-d4"]
        await pilot.press("r")  # reject when-a1
        await pilot.pause()
        await pilot.press("left")  # changed my mind
        await pilot.pause()
        assert "Rejected." in text_of(screen, "#review-decision")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("s")  # tier-b2: later
        await pilot.pause()
        await pilot.press("a")  # when-d4
        await pilot.pause()
        assert "1 left for later" in text_of(screen, "#review-progress")
        await pilot.press("q")
        await pilot.pause()

    saved = load_deck(path)
    assert saved.deck.title == "My title"
    assert saved.deck.rejected == ["who-c3"]
    assert [c.id for c in saved.cards] == ["mine", "when-a1", "when-d4"]
    assert [c.id for c in review_candidates(saved, built_deck())] == ["tier-b2"]


async def test_nothing_to_review_writes_nothing(tmp_path):
    path = tmp_path / "russia.toml"
    empty = Deck(deck=DeckInfo(id="russia", title="Russia"))
    app = ReviewApp(None, empty, path)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        assert "No new cards" in text_of(app.screen, "#review-question")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value is None
    assert not Path(path).exists()
