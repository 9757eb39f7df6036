"""Deck -> Markdown worksheet: numbered questions, then an answer key.

Meant to be printed or pasted into a course page. Cards with distractors get
lettered choices in an order that is shuffled (so the answer is not always
"a") but stable: the same deck always gives the same worksheet.

Card text is plain text, so characters Markdown would read as markup are
backslash-escaped, and line breaks inside a field become spaces.
"""

from __future__ import annotations

import hashlib
import re

from quizapp.deck import Card, Deck

# Characters that start inline markup anywhere in a line (CommonMark lets any
# ASCII punctuation be escaped; these are the ones that change the rendering).
_INLINE = re.compile(r"([\\`*_{}\[\]<>|~!#&$])")
# Constructs that only matter at the start of a line: headings, quotes, lists.
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def escape(text: str) -> str:
    """Plain text as Markdown that renders to the same text, on one line."""
    flat = " ".join(text.split())
    escaped = _INLINE.sub(r"\\\1", flat)
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), escaped)


def _escape_marker(marker: str) -> str:
    if marker[-1] in ".)" and marker[:-1].isdigit():
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def letter(index: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa: enough letters for any number of choices."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def choices(card: Card) -> list[str]:
    """The answer and distractors in a stable order that depends on the card, not the run."""
    options = [card.answer, *card.distractors]

    def key(option: str) -> bytes:
        return hashlib.blake2b(f"{card.id}\x1f{option}".encode(), digest_size=8).digest()

    return sorted(options, key=key)


def dumps_markdown(deck: Deck) -> str:
    info = deck.deck
    lines: list[str] = [f"# {escape(info.title)}", ""]
    if info.description.strip():
        lines += [escape(info.description), ""]
    lines += ["Name: ______________________  Date: ____________", ""]
    lines += ["## Questions", ""]
    key: list[str] = []
    if not deck.cards:
        lines += ["*This deck has no cards yet.*", ""]
    for number, card in enumerate(deck.cards, start=1):
        item = f"{number}. "
        # Continuation lines line up with the item's text, so they stay inside it.
        indent = " " * len(item)
        lines.append(item + escape(card.question))
        answer = escape(card.answer)
        if card.distractors:
            options = choices(card)
            lines.append("")
            for index, option in enumerate(options):
                lines.append(f"{indent}- {letter(index)}) {escape(option)}")
            right = letter(options.index(card.answer))
            key.append(f"{number}. **{right})** {answer}")
        else:
            if card.kind != "cloze":  # a cloze question carries its own blank
                lines += ["", f"{indent}Answer: ________________________________"]
            also = "; ".join(escape(a) for a in card.aliases)
            key.append(f"{number}. {answer}" + (f" (also accepted: {also})" if also else ""))
        lines.append("")
    if key:
        lines += ["## Answer key", ""]
        lines += key
        lines.append("")
    return "\n".join(lines)


__all__ = ["choices", "dumps_markdown", "escape", "letter"]
