"""Markdown worksheet export: structure, stable choices, escaping."""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from quizapp.cli import main
from quizapp.deck import Card, Deck, DeckInfo
from quizapp.deckfile import save_deck
from quizapp.interop.markdown import choices, dumps_markdown, escape, letter

NASTY = [
    "*bold* _it_ `code` [link](http://x) <b>tag</b> # not a heading",
    "- not a list",
    "1. not a list either",
    "> not a quote",
    "+ plus | pipe ~ tilde \\ backslash & amp &amp; entity",
    "![img](x.png) {braces} $math$",
]


def render_text(markdown: str) -> str:
    """What a reader sees: the rendered HTML with tags removed and entities decoded."""
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def deck() -> Deck:
    return Deck(
        deck=DeckInfo(id="w", title="Worksheet *test*", description="About <things>"),
        cards=[
            Card(
                id="when-1",
                kind="when",
                question="When did Russia sign the Protocol?",
                answer="December 2000",
                distractors=["1999", "2003", "2001"],
            ),
            Card(
                id="who-1",
                kind="who",
                question="Who said it?",
                answer="Pochinok",
                aliases=["A. Pochinok"],
            ),
            Card(
                id="cloze-1", kind="cloze", question="Russia was in ____ in 2002.", answer="Tier 3"
            ),
        ],
    )


def test_questions_then_answer_key():
    text = dumps_markdown(deck())
    questions, key = text.split("## Answer key")
    assert questions.startswith("# Worksheet \\*test\\*\n")
    assert "1. When did Russia sign the Protocol?" in questions
    assert "2. Who said it?" in questions
    assert "3. Russia was in \\_\\_\\_\\_ in 2002." in questions
    # lettered choices, all four present, the answer among them
    options = re.findall(r"^   - ([a-z])\) (.*)$", questions, re.M)
    assert [o[0] for o in options] == ["a", "b", "c", "d"]
    assert sorted(o[1] for o in options) == ["1999", "2001", "2003", "December 2000"]
    right = next(letter for letter, option in options if option == "December 2000")
    assert f"1. **{right})** December 2000" in key
    assert "2. Pochinok (also accepted: A. Pochinok)" in key
    assert "3. Tier 3" in key
    assert "December 2000" not in questions.split("1. When")[0]


def test_choice_order_is_stable_and_not_always_answer_first():
    d = deck()
    assert dumps_markdown(d) == dumps_markdown(deck())
    assert choices(d.cards[0]) == choices(deck().cards[0])
    firsts = set()
    for n in range(20):
        card = Card(
            id=f"c{n}", kind="when", question="q?", answer="right", distractors=["w1", "w2"]
        )
        firsts.add(choices(card)[0])
    assert firsts == {"right", "w1", "w2"}


def test_rendered_worksheet_shows_card_text_literally():
    cards = [
        Card(id=f"b{i}", kind="basic", question=q, answer=q[::-1] + " answer")
        for i, q in enumerate(NASTY)
    ]
    d = Deck(deck=DeckInfo(id="n", title="<script>alert(1)</script>"), cards=cards)
    markdown = dumps_markdown(d)
    seen = render_text(markdown)
    assert "<script>alert(1)</script>" in seen
    for card in cards:
        assert card.question in seen
        assert card.answer in seen
    rendered = MarkdownIt("commonmark").render(markdown)
    assert "<script>" not in rendered
    assert "<a " not in rendered and "<img" not in rendered and "<code>" not in rendered
    assert "<em>" not in rendered and "<blockquote>" not in rendered
    # exactly one ordered list of questions and one for the key: no nested lists from text
    assert rendered.count("<ol") == 2


def test_escape_flattens_line_breaks():
    assert escape("a\n\nb   c") == "a b c"


def test_letters_go_past_z():
    assert [letter(i) for i in (0, 25, 26, 27)] == ["a", "z", "aa", "ab"]


def test_empty_deck():
    text = dumps_markdown(Deck(deck=DeckInfo(id="e", title="Empty")))
    assert "no cards" in text
    assert "Answer key" not in text


def test_export_md_command(tmp_path, capsys):
    save_deck(deck(), tmp_path / "d.toml")
    assert main(["export", str(tmp_path / "d.toml"), "--format", "md", "-o", "-"]) == 0
    assert capsys.readouterr().out == dumps_markdown(deck())
    out = tmp_path / "d.md"
    assert main(["export", str(tmp_path / "d.toml"), "-f", "md", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == dumps_markdown(deck())
