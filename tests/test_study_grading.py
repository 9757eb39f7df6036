"""Typed-answer grading: what is accepted, what never is, and what the student is told."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.deck import Card
from quizapp.study import grade_choice, grade_typed, normalize_answer
from tests.study_helpers import make_card

WHEN = make_card(
    "when",
    kind="when",
    question="When did Russia sign the U.N. Trafficking Protocol?",
    answer="December 2000",
    aliases=["Dec. 2000"],
    distractors=["December 2001", "February 2003", "1999"],
)
WHO = make_card(
    "who",
    kind="who",
    question="Who signed it?",
    answer="the United States",
    aliases=["USA"],
    distractors=["the United Kingdom", "United Arab Emirates"],
)
YEAR = make_card("year", answer="1999", distractors=["2003"])
SHORT = make_card("short", answer="Oslo", distractors=["Bern"])
LONG = make_card("long", answer="Vladimir Putin", distractors=["Vladimir Lenin"])


@pytest.mark.parametrize(
    ("card", "typed"),
    [
        (WHEN, "December 2000"),
        (WHEN, "  december 2000. "),
        (WHEN, "DEC 2000"),  # alias, case and the abbreviation dot
        (WHEN, "December two thousand"),
        (WHO, "United States"),  # article dropped on the answer side
        (WHO, "The united states!"),
        (WHO, "usa"),
        (WHO, "U.S.A."),
        (WHO, "“the United States”"),  # curly quotes around
        (YEAR, "nineteen ninety-nine"),
        (YEAR, "Nineteen ninety nine"),
        (YEAR, "'1999'"),
        (LONG, "vladimir putin"),
    ],
)
def test_accepted_exactly(card, typed):
    result = grade_typed(card, typed)
    assert result.correct and not result.near_miss and result.distance == 0, result
    assert result.message == "Correct."


def test_quotes_and_dashes_inside_are_normalised():
    card = make_card("q", answer="Rock ‘n’ Roll – live")
    assert grade_typed(card, "rock 'n' roll - live").correct


def test_number_words_only_where_a_year_is_unambiguous():
    assert normalize_answer("two thousand and three") == "2003"
    assert normalize_answer("nineteen oh five") == "1905"
    assert normalize_answer("nineteen hundred and five") == "1905"
    assert normalize_answer("twenty twenty-six") == "2026"
    assert normalize_answer("in nineteen ninety nine") == "in 1999"
    # Not years: one word, or numbers that name no single year.
    assert normalize_answer("nineteen") == "nineteen"
    assert normalize_answer("three") == "three"
    assert normalize_answer("ninety nine") == "ninety nine"
    assert normalize_answer("one and two") == "one and two"


@pytest.mark.parametrize(
    ("card", "typed", "distance"),
    [
        (WHEN, "Decmber 2000", 1),
        (LONG, "Vladimir Putni", 1),  # a swap is one typo (Damerau)
        (LONG, "Vladmir Ptin", 2),
        (WHO, "United Stats", 1),
    ],
)
def test_typos_tolerated_in_longer_answers(card, typed, distance):
    result = grade_typed(card, typed)
    assert result.correct and result.near_miss and result.distance == distance
    assert result.differences, "the app must be able to show what was wrong"
    assert "typo" in result.message


def test_typo_differences_say_what_differed():
    result = grade_typed(LONG, "Vladimir Putan")
    assert result.correct
    (diff,) = result.differences
    assert (diff.kind, diff.expected, diff.typed) == ("wrong", "i", "a")
    assert result.typed_normalized[diff.position] == "a"
    missing = grade_typed(WHEN, "Decmber 2000").differences
    assert [(d.kind, d.expected) for d in missing] == [("missing", "e")]


def test_no_typos_in_short_answers():
    result = grade_typed(SHORT, "Olso")
    assert not result.correct and result.near_miss
    assert "Almost" in result.message and "Oslo" in result.message


def test_a_wrong_digit_is_a_different_year_not_a_typo():
    card = make_card("march", answer="March 2003")
    result = grade_typed(card, "March 2008")
    assert not result.correct and result.near_miss
    assert [(d.kind, d.expected, d.typed) for d in result.differences] == [("wrong", "3", "8")]
    # As close to a distractor as to the answer: not even "almost".
    assert not grade_typed(WHEN, "December 2002").near_miss


@pytest.mark.parametrize(
    ("card", "typed"),
    [
        (WHEN, "December 2001"),
        (WHEN, "december 2001."),
        (WHEN, "february 2003"),
        (WHO, "the United Kingdom"),
        (WHO, "United Kingdom"),
        (YEAR, "two thousand three"),
        (LONG, "Vladimir Lenin"),
    ],
)
def test_distractor_is_never_accepted(card, typed):
    result = grade_typed(card, typed)
    assert not result.correct and result.distractor is not None
    assert card.answer.replace("the ", "") in result.message


def test_typo_closer_to_a_distractor_is_not_accepted():
    # "Vladimir Lenim" is one typo from the distractor, three from the answer.
    result = grade_typed(LONG, "Vladimir Lenim")
    assert not result.correct and not result.near_miss


def test_blank_and_wrong_answers():
    blank = grade_typed(WHEN, "   ")
    assert not blank.correct and blank.matched is None and "No answer" in blank.message
    wrong = grade_typed(WHEN, "last Tuesday")
    assert not wrong.correct and not wrong.near_miss
    assert wrong.expected == "December 2000" and "December 2000" in wrong.message


def test_grade_choice():
    assert grade_choice(WHEN, "December 2000")
    assert grade_choice(WHEN, "dec. 2000")
    assert not grade_choice(WHEN, "December 2001")


@given(st.sampled_from([WHEN, WHO, YEAR, SHORT, LONG]), st.text(max_size=30))
def test_no_text_both_matches_a_distractor_and_is_correct(card, text):
    result = grade_typed(card, text)
    if result.correct:
        normalized = normalize_answer(text)
        assert all(normalized != normalize_answer(d) for d in card.distractors)
        assert result.distractor is None


@given(st.sampled_from([WHEN, WHO, YEAR, SHORT, LONG]), st.data())
def test_every_distractor_with_decoration_is_rejected(card, data):
    distractor = data.draw(st.sampled_from(card.distractors))
    decorated = data.draw(st.sampled_from(["{}", " {}. ", "THE {}", '"{}"', "{}!"]))
    assert not grade_typed(card, decorated.format(distractor)).correct


@pytest.mark.parametrize(
    ("answer", "aliases", "typed"),
    [
        ("the United States", ["U.S."], "U. S."),
        ("the United States", ["U.S."], "us"),
        ("John F. Kennedy", [], "John F Kennedy"),
        ("February 2003", [], "feb 2003"),
        ("February 2003", [], "Feb. 2003"),
        ("September 1999", [], "Sept. 1999"),
    ],
)
def test_spaced_initials_and_month_abbreviations_are_the_same_answer(answer, aliases, typed):
    card = Card(id="c", kind="who", question="Q?", answer=answer, aliases=aliases)
    assert grade_typed(card, typed).correct


def test_a_month_abbreviation_does_not_match_another_month():
    card = Card(
        id="c", kind="when", question="Q?", answer="February 2003", distractors=["May 2003"]
    )
    assert not grade_typed(card, "mar 2003").correct
    assert not grade_typed(card, "may 2003").correct
