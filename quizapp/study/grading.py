"""Typed-answer grading, and the one place quiz outcomes become FSRS ratings.

Rating rules (`rating_for`), for every quiz mode (flashcard self-grading aside):

    wrong answer                      -> Again
    right, but after a hint           -> Hard
    right (typos tolerated included)  -> Good
    the student's own override        -> whatever they chose (wins over all above)

Typed answers (`grade_typed`) are compared after normalising both sides: case,
Unicode compatibility forms, curly vs straight quotes and dashes, surrounding
punctuation, inner whitespace, a leading article ("the", "a", "an"), and number
words for years ("nineteen ninety-nine" = "1999", "two thousand three" = "2003")
where the words name exactly one year. Longer answers tolerate typos by
Damerau-Levenshtein distance (1 typo from 5 characters, 2 from 9), but never
when the text is at least as close to a distractor: a distractor is never accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from quizapp.deck import Card
from quizapp.study.scheduler import Rating

__all__ = [
    "AnswerMode",
    "Difference",
    "GradeResult",
    "grade_choice",
    "grade_typed",
    "normalize_answer",
    "rating_for",
]

AnswerMode = Literal["flashcard", "choice", "typed"]


@dataclass(frozen=True)
class Difference:
    """One edit that turns what was typed into the matched answer.

    kind: "missing" (expected text not typed), "extra" (typed text not expected)
    or "wrong" (typed `typed` where `expected` belongs). Offsets index the
    *normalised* strings, shown in `GradeResult.typed_normalized/expected_normalized`.
    """

    kind: Literal["missing", "extra", "wrong"]
    expected: str
    typed: str
    position: int


@dataclass(frozen=True)
class GradeResult:
    """The outcome of grading one typed answer.

    correct:   accepted (exactly, or within the typo allowance).
    near_miss: accepted with typos, or rejected but within 2 edits of an answer;
               the app can say "almost" and show `differences`.
    expected:  the card's canonical answer (what to show the student).
    matched:   the accepted answer or alias the text was closest to (None if blank).
    distractor: set when the text matches a distractor; then correct is False.
    distance:  Damerau-Levenshtein distance to `matched` after normalisation.
    differences: edits from the normalised typed text to the normalised match.
    message:   one short sentence for the app to show.
    """

    correct: bool
    near_miss: bool
    typed: str
    expected: str
    matched: str | None
    distance: int
    typed_normalized: str = ""
    expected_normalized: str = ""
    distractor: str | None = None
    differences: list[Difference] = field(default_factory=list)
    message: str = ""


def normalize_answer(text: str) -> str:
    """The comparison form of an answer (see the module docstring for the rules)."""
    raise NotImplementedError


def grade_typed(card: Card, text: str) -> GradeResult:
    """Grade `text` typed for `card` against its answer and aliases."""
    raise NotImplementedError


def grade_choice(card: Card, choice: str) -> bool:
    """True if `choice` (an option shown in multiple choice) is the answer or an alias."""
    raise NotImplementedError


def rating_for(
    correct: bool,
    *,
    hint_used: bool = False,
    override: Rating | int | None = None,
) -> Rating:
    """The FSRS rating for a quiz outcome (the rules are in the module docstring)."""
    if override is not None:
        return Rating(int(override))
    if not correct:
        return Rating.Again
    if hint_used:
        return Rating.Hard
    return Rating.Good
