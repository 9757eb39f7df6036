"""Card text as Textual Content. Card text is untrusted and always shown literally:
it is never parsed as markup, only wrapped in Content with styles applied by offset."""

from __future__ import annotations

import difflib
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from textual.content import Content

if TYPE_CHECKING:
    from quizapp.deck import Card

HIGHLIGHT = "bold reverse"


def literal(text: str, style: str = "") -> Content:
    """`text` exactly as written ([/], [bold], $vars included), optionally styled."""
    return Content.styled(text, style) if style else Content(text)


def find_answer(sentence: str, card: Card) -> tuple[int, int] | None:
    """Where the card's answer (or an alias) occurs in `sentence`, case-insensitively."""
    folded = sentence.casefold()
    for candidate in sorted(card.accepted_answers(), key=len, reverse=True):
        needle = candidate.strip().casefold()
        if not needle:
            continue
        # casefold can change lengths (ß -> ss); only trust offsets when it does not.
        if len(folded) == len(sentence) and (at := folded.find(needle)) >= 0:
            return at, at + len(needle)
    return None


def source_content(card: Card) -> Content | None:
    """The card's source sentence with the answer highlighted, or None without a source."""
    if card.source is None:
        return None
    sentence = card.source.text
    content = Content(sentence)
    span = find_answer(sentence, card)
    if span is not None:
        content = content.stylize(HIGHLIGHT, *span)
    return content


def diff_contents(typed: str, expected: str) -> tuple[Content, Content]:
    """`typed` with its wrong/extra characters marked, and `expected` with the
    characters that were missing or different marked."""
    typed_out = Content(typed)
    expected_out = Content(expected)
    matcher = difflib.SequenceMatcher(None, typed, expected, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            typed_out = typed_out.stylize("bold strike $text-error", i1, i2)
        if j2 > j1:
            expected_out = expected_out.stylize("bold underline $text-success", j1, j2)
    return typed_out, expected_out


def format_due(due: datetime | None, now: datetime, tz: tzinfo | None) -> str:
    """'now', 'in 10m', 'tomorrow' or a date; '' for cards never studied."""
    if due is None:
        return ""
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return "now"
    if seconds < 3600:
        return f"in {max(1, round(seconds / 60))}m"
    if seconds < 20 * 3600:
        return f"in {round(seconds / 3600)}h"
    local = due.astimezone(tz) if tz is not None else due.astimezone()
    return local.strftime("%Y-%m-%d")


def format_duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"
