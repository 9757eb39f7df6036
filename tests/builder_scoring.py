"""Scores a built deck against a gold facts file (same rules as the shared score_deck.py).

A fact is covered when a card's answer equals the fact's answer or an alias
(case, punctuation and spacing ignored) and the card's source sentence contains
the fact's evidence. Noise, ungrounded answers and answers leaking into their
own question are reported separately.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.deck import Deck

_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-", "\u2013": "-",
     "\u00a0": " "}
)  # fmt: skip


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).translate(_QUOTES).lower()
    return " ".join(re.sub(r"[^\w\s]", " ", s).split())


def loose(s: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", s).translate(_QUOTES).split())


@dataclass
class Score:
    facts: int
    covered: int
    core: int
    core_covered: int
    missed: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)
    ungrounded: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.covered / self.facts if self.facts else 1.0

    @property
    def core_recall(self) -> float:
        return self.core_covered / self.core if self.core else 1.0


def load_gold(path: Path) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def score(gold: dict, deck: Deck) -> Score:
    facts = gold.get("fact", [])
    cards = deck.cards
    result = Score(len(facts), 0, sum(1 for f in facts if f.get("core")), 0)
    for fact in facts:
        want = {norm(fact["answer"]), *(norm(a) for a in fact.get("aliases", []))}
        evidence = loose(fact["evidence"])
        hit = any(
            norm(card.answer) in want and card.source and evidence in loose(card.source.text)
            for card in cards
        )
        if hit:
            result.covered += 1
            result.core_covered += bool(fact.get("core"))
        else:
            result.missed.append(f"{fact['kind']}: {fact['answer']} <- {fact['evidence']}")
    for card in cards:
        source = card.source.text if card.source else ""
        for noise in gold.get("noise", []):
            snippet, pattern = noise.get("snippet"), noise.get("answer_pattern")
            if snippet and loose(snippet) in loose(source + " " + card.answer):
                result.noise.append(f"{card.id}: {noise['why']}")
            if pattern and re.search(pattern, card.answer):
                result.noise.append(f"{card.id}: {noise['why']}")
            if noise.get("kind") and card.kind == noise["kind"]:
                result.noise.append(f"{card.id}: {noise['why']}")
        if source and not set(norm(card.answer).split()) <= set(norm(source).split()):
            result.ungrounded.append(card.id)
        answer = norm(card.answer)
        if answer and re.search(r"\b" + re.escape(answer) + r"\b", norm(card.question)):
            result.leaks.append(card.id)
    return result
