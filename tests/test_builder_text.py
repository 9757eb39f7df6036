"""Cleaning keeps offsets into the original file; the splitter survives abbreviations."""

from __future__ import annotations

import pytest

from quizapp.builder.text import clean_passage, furniture_reason, match_form, split_sentences
from tests.conftest import REPO

SEED = REPO / "seeds" / "000_2b666ea2131b1c58.txt"


def _words(text: str) -> list[str]:
    return [w for w in match_form(text).replace("-", " ").split() if w]


def test_title_and_update_stamp_are_dropped():
    passage = clean_passage(SEED.read_text(encoding="utf-8"))
    assert passage.title == "Threatening Sanctions, Adding Legislative Assistance"
    reasons = {why for _, _, why in passage.dropped}
    assert {"title", "update stamp"} <= reasons
    assert not any("Updated:" in s.text for s in passage.sentences)
    assert not any(s.text.startswith("Threatening Sanctions") for s in passage.sentences)


def test_every_sentence_slices_the_original_file():
    original = SEED.read_text(encoding="utf-8")
    passage = clean_passage(original)
    for sentence in passage.sentences:
        raw = original[sentence.start : sentence.end]
        assert raw[:1] == sentence.text[:1] and raw[-1:] == sentence.text[-1:]
        # the clean text is the raw slice minus footnote markers and line breaks
        clean = _words(sentence.text)
        raw_words = _words(raw)
        it = iter(raw_words)
        assert all(any(w == r or r.startswith(w) for r in it) for w in clean), sentence.text


def test_footnote_markers_glued_to_punctuation_are_removed():
    text = (
        "Russia signed the protocol in December 2000.21 Nevertheless, little changed. "
        "It was not moving in that direction.22\n"
    )
    passage = clean_passage(text)
    assert [s.text for s in passage.sentences] == [
        "Russia signed the protocol in December 2000.",
        "Nevertheless, little changed.",
        "It was not moving in that direction.",
    ]
    first = passage.sentences[0]
    assert text[first.start : first.end] == "Russia signed the protocol in December 2000."


def test_decimals_and_tier_numbers_are_not_footnotes():
    passage = clean_passage(
        "Prices rose 3.5 percent in 2003. Russia stayed in Tier 3. Then it moved.\n"
    )
    assert passage.sentences[0].text == "Prices rose 3.5 percent in 2003."
    assert passage.sentences[1].text == "Russia stayed in Tier 3."


def test_hyphenated_line_breaks_join_and_offsets_cover_both_lines():
    text = "The traf-\nficking law passed in the well-\nknown session of 2003.\n"
    passage = clean_passage(text)
    (sentence,) = passage.sentences
    assert sentence.text == "The trafficking law passed in the well-known session of 2003."
    assert (sentence.start, sentence.end) == (0, len(text) - 1)


def test_page_numbers_running_headers_and_page_breaks():
    header = "A HISTORY OF THE CANAL\n\n"
    text = (
        header
        + "The French company went bankrupt in 1889 after the State\n\n12\n\n"
        + "Department objected, and work stopped.\n\n"
        + header
        + "Work began again in 1904.\n\n13\n\n"
        + header
        + "The canal opened in 1914.\n"
    )
    passage = clean_passage(text)
    reasons = [why for _, _, why in passage.dropped]
    assert "running header" in reasons and "page number" in reasons
    # the sentence cut by a page break is joined back
    assert passage.sentences[0].text == (
        "The French company went bankrupt in 1889 after the State Department objected, "
        "and work stopped."
    )


def test_block_quote_after_colon_is_marked():
    text = (
        "The minister summarized the viewpoint:\n\n"
        "I would say this is libel. We have only isolated instances.\n\n"
        "Yet the pressure worked in 2003.\n"
    )
    passage = clean_passage(text)
    quotes = [s.quote for s in passage.sentences]
    assert quotes == [False, True, True, False]


def test_indented_block_quote_is_marked():
    text = "He wrote to the board.\n\n    Sales fell in 1999 and rose in 2001.\n\nIt agreed.\n"
    passage = clean_passage(text)
    assert [s.quote for s in passage.sentences] == [False, True, False]


@pytest.mark.parametrize(
    "line,reason",
    [
        ("Updated: 10.11.2015 — 18:55", "update stamp"),
        ("Page 3 of 12", "page number"),
        ("- 14 -", "page number"),
        ("10.11.2015", "date stamp"),
        ("https://example.org/story", "url"),
        ("© 2015 Example Press. All rights reserved.", "boilerplate"),
    ],
)
def test_furniture_lines(line, reason):
    assert furniture_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    ["In 2001, the United States released the first report.", "Tier 3", "1999 was a hard year."],
)
def test_sentences_are_not_furniture(line):
    assert furniture_reason(line) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Simultaneously, U. S. pressure was increasing. In 1999, an analyst wrote.",
            ["Simultaneously, U. S. pressure was increasing.", "In 1999, an analyst wrote."],
        ),
        (
            "Russia signed the U. N. Trafficking Protocol. It did.",
            ["Russia signed the U. N. Trafficking Protocol.", "It did."],
        ),
        (
            "The U.N. Security Council met. It voted.",
            ["The U.N. Security Council met.", "It voted."],
        ),
        ("He left the U.N. The next day he ran.", ["He left the U.N.", "The next day he ran."]),
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        (
            "It began on Jan. 5, 1961. Then it ended.",
            ["It began on Jan. 5, 1961.", "Then it ended."],
        ),
        (
            "J. F. Kennedy spoke in 1961. Crowds cheered.",
            ["J. F. Kennedy spoke in 1961.", "Crowds cheered."],
        ),
        (
            "A report appeared (Richard 1999). By 2000, it mattered.",
            ["A report appeared (Richard 1999).", "By 2000, it mattered."],
        ),
        (
            "He said (see Fig. 3. Also this.) no more. Then quiet.",
            ["He said (see Fig. 3. Also this.) no more.", "Then quiet."],
        ),
        (
            '"Is it true?" he asked. "Yes." She left.',
            ['"Is it true?" he asked.', '"Yes."', "She left."],
        ),
        (
            "Smith et al. (2003) found it. Others agreed.",
            ["Smith et al. (2003) found it.", "Others agreed."],
        ),
        ("“It is libel.” The minister left.", ["“It is libel.”", "The minister left."]),
        ("No punctuation at all", ["No punctuation at all"]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_run_on_text_is_cut_into_bounded_pieces():
    text = " ".join(["word"] * 5000)
    passage = clean_passage(text)
    assert len(passage.sentences) > 1
    assert all(len(s.text) <= 1500 for s in passage.sentences)
    assert passage.sentences[0].start == 0 and passage.sentences[-1].end == len(text)
