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

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from quizapp.deck import Card, fold
from quizapp.study.model import Rating
from quizapp.textfold import FOLD_QUOTES_AND_DASHES, MONTH_NAMES, MONTH_NUMBERS

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


_ARTICLES = ("the", "a", "an")
# Punctuation that never changes what an answer means when it sits at either end.
_EDGE = re.compile(r"^[\s\W_]+|[\s\W_]+$")
# "." is dropped and "," read as a space unless between digits ("U.S." = "US",
# "Dec. 1, 2000" = "dec 1 2000", but 3.5 and 1,000 stay).
_INNER_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
_INNER_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
# Hyphens between words read as spaces ("ninety-nine", "well-known" = "well known").
_WORD_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_NUMBER_WORDS = {*_UNITS, *_TENS, "hundred", "thousand", "and", "oh", "o"}


def _two_digit(words: list[str]) -> tuple[int, int] | None:
    """Parse 1-99 from the start of `words`: (value, words used)."""
    if not words:
        return None
    first = words[0]
    if first in _UNITS and _UNITS[first] > 0:
        return _UNITS[first], 1
    if first in _TENS:
        if len(words) > 1 and words[1] in _UNITS and 0 < _UNITS[words[1]] < 10:
            return _TENS[first] + _UNITS[words[1]], 2
        return _TENS[first], 1
    return None


def _below_thousand(words: list[str]) -> int | None:
    """All of `words` as a number 0-999 ("nine hundred and ninety nine"), else None."""
    if not words:
        return 0
    value = 0
    rest = words
    head = _two_digit(rest)
    if head and len(rest) > head[1] and rest[head[1]] == "hundred" and head[0] < 10:
        value = head[0] * 100
        rest = rest[head[1] + 1 :]
        if rest and rest[0] == "and":
            rest = rest[1:]
        if not rest:
            return value
    tail = _two_digit(rest)
    if tail is None or tail[1] != len(rest):
        return None
    return value + tail[0]


def _year(words: list[str]) -> int | None:
    """The year `words` name, if they name exactly one (1000-2999), else None.

    "two thousand (and) three" = 2003, "nineteen ninety nine" = 1999,
    "nineteen oh five" = 1905, "nineteen hundred (and) five" = 1905.
    """
    if len(words) < 2:
        return None
    if "thousand" in words:
        at = words.index("thousand")
        if words[:at] not in (["one"], ["two"]):
            return None
        rest = words[at + 1 :]
        if rest and rest[0] == "and":
            rest = rest[1:]
        small = _below_thousand(rest)
        return None if small is None else _UNITS[words[0]] * 1000 + small
    head = _two_digit(words)
    if head is None or head[0] < 10:
        return None
    century, used = head
    rest = words[used:]
    if rest and rest[0] == "hundred":
        rest = rest[1:]
        if rest and rest[0] == "and":
            rest = rest[1:]
        small = _two_digit(rest) if rest else (0, 0)
        if small is None or small[1] != len(rest):
            return None
        year = century * 100 + small[0]
    elif rest and rest[0] in ("oh", "o"):
        unit = rest[1:]
        if len(unit) != 1 or unit[0] not in _UNITS or not 0 < _UNITS[unit[0]] < 10:
            return None
        year = century * 100 + _UNITS[unit[0]]
    else:
        tail = _two_digit(rest)
        if tail is None or tail[1] != len(rest) or tail[0] < 10:
            return None
        year = century * 100 + tail[0]
    return year if 1000 <= year <= 2999 else None


def _years_to_digits(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] in _NUMBER_WORDS and words[i] not in ("and", "oh", "o"):
            j = i
            while j < len(words) and words[j] in _NUMBER_WORDS:
                j += 1
            # Longest run first; trailing "and" belongs to the text, not the number.
            for end in range(j, i + 1, -1):
                year = _year(words[i:end])
                if year is not None:
                    out.append(str(year))
                    i = end
                    break
            else:
                out.append(words[i])
                i += 1
            continue
        out.append(words[i])
        i += 1
    return out


def normalize_answer(text: str) -> str:
    """The comparison form of an answer (see the module docstring for the rules)."""
    text = unicodedata.normalize("NFKC", text).translate(FOLD_QUOTES_AND_DASHES).casefold()
    text = _INNER_DOT.sub("", text)
    text = _INNER_COMMA.sub(" ", text)
    text = _WORD_HYPHEN.sub(" ", text)
    text = _EDGE.sub("", text)
    words = text.split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    words = _years_to_digits(_join_initials([_MONTHS.get(w, w) for w in words]))
    return _EDGE.sub("", " ".join(words))


# Abbreviated months mean the same month: "Feb 2003" is "February 2003".
_MONTHS = {abbr: MONTH_NAMES[n - 1].lower() for abbr, n in MONTH_NUMBERS.items()}


def _join_initials(words: list[str]) -> list[str]:
    """'u s' (typed "U. S.") is the same abbreviation as 'us' (typed "U.S.")."""
    out: list[str] = []
    run = ""
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            out.append(run)
            run = ""
        if word:
            out.append(word)
    return out


def _typo_allowance(expected: str) -> int:
    letters = len(expected.replace(" ", ""))
    if letters >= 9:
        return 2
    if letters >= 5:
        return 1
    return 0


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def _differences(typed: str, expected: str) -> list[Difference]:
    from rapidfuzz.distance import Levenshtein

    result = []
    for op in Levenshtein.opcodes(typed, expected):
        seen = typed[op.src_start : op.src_end]
        want = expected[op.dest_start : op.dest_end]
        if op.tag == "replace":
            result.append(Difference("wrong", want, seen, op.src_start))
        elif op.tag == "delete":
            result.append(Difference("extra", "", seen, op.src_start))
        elif op.tag == "insert":
            result.append(Difference("missing", want, "", op.src_start))
    return result


def grade_typed(card: Card, text: str) -> GradeResult:
    """Grade `text` typed for `card` against its answer and aliases."""
    typed = normalize_answer(text)
    expected = card.answer
    expected_norm = normalize_answer(expected)
    if not typed:
        return GradeResult(
            correct=False,
            near_miss=False,
            typed=text,
            expected=expected,
            matched=None,
            distance=len(expected_norm),
            typed_normalized="",
            expected_normalized=expected_norm,
            message=f"No answer typed. The answer is {expected}.",
        )
    # Imported on first use: the study screen paints before anything is graded.
    from rapidfuzz.distance import DamerauLevenshtein

    candidates = [(a, normalize_answer(a)) for a in card.accepted_answers()]
    candidates = [(a, n) for a, n in candidates if n]
    distractors = [(d, normalize_answer(d)) for d in card.distractors]

    def result(**kw: object) -> GradeResult:
        return GradeResult(typed=text, expected=expected, typed_normalized=typed, **kw)  # type: ignore[arg-type]

    for raw, norm in candidates:
        if typed == norm:
            return result(
                correct=True,
                near_miss=False,
                matched=raw,
                distance=0,
                expected_normalized=norm,
                message="Correct.",
            )
    for raw, norm in distractors:
        if typed == norm:
            return result(
                correct=False,
                near_miss=False,
                matched=expected,
                distance=DamerauLevenshtein.distance(typed, expected_norm),
                expected_normalized=expected_norm,
                distractor=raw,
                differences=_differences(typed, expected_norm),
                message=f"{raw} is not it. The answer is {expected}.",
            )
    best_raw, best_norm = min(candidates, key=lambda c: DamerauLevenshtein.distance(typed, c[1]))
    distance = DamerauLevenshtein.distance(typed, best_norm)
    diffs = _differences(typed, best_norm)
    nearest_distractor = min(
        (DamerauLevenshtein.distance(typed, n) for _r, n in distractors if n), default=None
    )
    accepted = (
        distance <= _typo_allowance(best_norm)
        and _digits(typed) == _digits(best_norm)  # 2001 is a different year, not a typo
        and (nearest_distractor is None or nearest_distractor > distance)
    )
    if accepted:
        return result(
            correct=True,
            near_miss=True,
            matched=best_raw,
            distance=distance,
            expected_normalized=best_norm,
            differences=diffs,
            message=f"Correct, with a typo: the answer is spelled {best_raw}.",
        )
    near = distance <= 2 and (nearest_distractor is None or nearest_distractor > distance)
    return result(
        correct=False,
        near_miss=near,
        matched=best_raw,
        distance=distance,
        expected_normalized=best_norm,
        differences=diffs,
        message=(f"Almost. The answer is {expected}." if near else f"The answer is {expected}."),
    )


def grade_choice(card: Card, choice: str) -> bool:
    """True if `choice` (an option shown in multiple choice) is the answer or an alias."""
    return fold(choice) in {fold(a) for a in card.accepted_answers()}


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
