"""Passage -> Deck: derive who / when / which-tier cards from plain text.

    result = build_deck([Path("seeds/x.txt")], deck_id="x")
    result.deck, result.counts, result.skipped

The builder never imports the UI and never raises on odd text: a passage with
no facts gives a deck with no cards, and the caller decides what to say.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.builder.facts import (
    Fact,
    analyse,
    find_channel_bodies,
    find_dates,
    find_named_agents,
    find_people_with_roles,
    find_tiers,
    subject_agents,
    who_aliases,
)
from quizapp.builder.questions import (
    SentenceView,
    distractors,
    expansions_in,
    leaks_any,
    norm,
    object_phrase,
    word_fact,
)
from quizapp.builder.text import Passage, Sentence, clean_passage
from quizapp.deck import Card, Deck, DeckInfo, Source, fold, slugify, stable_id

FACT_KINDS = ("who", "when", "tier")
REJECTED = "rejected by the instructor"  # the reason a fact is skipped on a rebuild
ALL_KINDS = (*FACT_KINDS, "cloze")

__all__ = ["ALL_KINDS", "REJECTED", "BuildResult", "Skipped", "build_deck"]


@dataclass(frozen=True)
class Skipped:
    kind: str
    answer: str
    reason: str
    sentence: str

    def __str__(self) -> str:
        excerpt = self.sentence if len(self.sentence) <= 70 else self.sentence[:67] + "..."
        return f"{self.kind} {self.answer!r}: {self.reason} ({excerpt!r})"


@dataclass
class BuildResult:
    deck: Deck
    counts: dict[str, int] = field(default_factory=dict)  # cards by card kind
    skipped: list[Skipped] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)

    @property
    def facts_found(self) -> int:
        return sum(self.counts.values()) + len(self.skipped)

    def summary(self) -> str:
        total = len(self.deck.cards)
        parts = ", ".join(f"{n} {k}" for k, n in sorted(self.counts.items()) if n)
        skipped = len(self.skipped)
        return (
            f"{total} card{'s' if total != 1 else ''}"
            + (f" ({parts})" if parts else "")
            + f"; {skipped} fact{'s' if skipped != 1 else ''} skipped"
        )


@dataclass
class _Candidate:
    fact: Fact
    sentence: Sentence
    view: SentenceView
    occurrence: int
    card_id: str = ""


def _read(item: Path | tuple[str, str]) -> tuple[str, str]:
    if isinstance(item, tuple):
        return item
    path = Path(item)
    data = path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    return _display_path(path), text


def _display_path(path: Path) -> str:
    if path.is_absolute():
        try:
            return Path(os.path.relpath(path, Path.cwd())).as_posix()
        except ValueError:
            return path.as_posix()
    return path.as_posix()


def _sentence_facts(sentence: Sentence, view: SentenceView, skipped_numbers: list) -> list[Fact]:
    text = sentence.match
    facts: list[Fact] = []
    facts.extend(find_dates(text, skipped_numbers))
    facts.extend(find_tiers(text))
    people = find_people_with_roles(text)
    people += find_named_agents(text, [p.span for p in people])
    facts.extend(people)
    for agent in subject_agents(text, view.tokens, view.clauses, view.proper):
        if any(agent.span[0] < p.span[1] and p.span[0] < agent.span[1] for p in people):
            continue
        facts.append(agent)
    for body in find_channel_bodies(view.tokens, view.clauses, text):
        if any(body.span[0] < f.span[1] and f.span[0] < body.span[1] for f in facts):
            continue
        facts.append(body)
    # answers use the sentence's own characters (curly quotes kept)
    for f in facts:
        f.answer = sentence.text[f.span[0] : f.span[1]] if f.kind == "who" else f.answer
        if f.kind == "who":
            f.aliases = [*f.aliases, *who_aliases(f.answer)]
            words = f.answer.split()
            if words[0].lower() in ("the", "a", "an"):
                words[0] = words[0].lower()
            if len(words) > 2 and (
                words[1].lower() in _EMPTY_MODIFIERS or words[1].lower().endswith("-based")
            ):  # 'the Geneva-based Coalition ...' -> 'the Coalition ...'
                # 'the resulting working group' -> 'the working group'
                f.aliases.insert(0, f.answer)
                words.pop(1)
            f.answer = " ".join(words)
    facts.sort(key=lambda f: (f.span, f.kind))
    return facts


_MID_CAPITAL_RE = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+\b")


def _proper_words(sentences: list[Sentence]) -> set[str]:
    """Words written capitalised after a lower-case word somewhere in the passage."""
    out: set[str] = set()
    for sentence in sentences:
        out.update(_MID_CAPITAL_RE.findall(sentence.text))
    return out


_MAX_FACTS_PER_SENTENCE = 12
_EMPTY_MODIFIERS = frozenset(["resulting", "aforementioned", "above-mentioned", "said", "same"])


def build_deck(
    passages: Sequence[Path] | Sequence[tuple[str, str]],
    *,
    title: str | None = None,
    deck_id: str | None = None,
    kinds: Iterable[str] | None = None,
    rejected: Iterable[str] = (),
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build one deck from passages (paths, or (name, text) pairs).

    ``kinds`` selects fact kinds (who, when, tier) and whether cloze wording is
    allowed ("cloze"); only "cloze" means every card is a cloze. ``rejected``
    card ids are left out and kept in ``deck.rejected`` so rebuilds respect them.
    ``progress(done, total)`` is called with sentence counts as the build runs.
    """
    wanted = set(ALL_KINDS if kinds is None else kinds)
    fact_kinds = wanted & set(FACT_KINDS) or set(FACT_KINDS)
    allow_cloze = "cloze" in wanted
    allow_wh = bool(wanted & set(FACT_KINDS))
    rejected_ids = list(dict.fromkeys(rejected))
    rejected_set = set(rejected_ids)

    loaded = [_read(p) for p in passages]
    parsed = [clean_passage(text, name) for name, text in loaded]
    total = sum(len(p.sentences) for p in parsed)
    done = 0

    candidates: list[_Candidate] = []
    candidate_ids: set[str] = set()
    skipped: list[Skipped] = []
    for passage in parsed:
        proper = _proper_words(passage.sentences)
        # an abstract noun the passage expands only one way ('the problem of trafficking')
        # may be expanded before that sentence too; otherwise the nearest earlier one wins
        whole: dict[str, set[str]] = {}
        for sent in passage.sentences:
            if "the " in sent.match:
                for noun, phrase in expansions_in(sent.match).items():
                    whole.setdefault(noun, set()).add(phrase)
        unique = {noun: next(iter(ps)) for noun, ps in whole.items() if len(ps) == 1}
        expansions: dict[str, str] = {}
        topic: tuple[str, int, int] | None = None  # phrase, paragraph, sentence number
        previous: Sentence | None = None
        for sentence in passage.sentences:
            done += 1
            if progress is not None and done % 200 == 0:
                progress(done, total)
            prev_text = (
                previous.text if previous and previous.paragraph == sentence.paragraph else ""
            )
            previous = sentence
            earlier = {**unique, **expansions} if unique or expansions else {}
            if "the " in sentence.match:
                expansions.update(expansions_in(sentence.match))
            if not any(c.isdigit() or c.isupper() for c in sentence.text):
                continue
            tokens, clause_list = analyse(sentence.match)
            view = SentenceView(sentence.text, tokens, clause_list, prev_text, proper)
            view.expansions = earlier
            if topic and topic[1] == sentence.paragraph and done - topic[2] <= 3:
                view.topic = topic[0]
            own = object_phrase(view)
            if own:
                topic = (own, sentence.paragraph, done)
            numbers: list = []
            facts = _sentence_facts(sentence, view, numbers)
            if sentence.quote:
                for f in facts:
                    if f.kind in fact_kinds:
                        skipped.append(
                            Skipped(f.kind, f.answer, "inside a block quote", sentence.text)
                        )
                continue
            seen: Counter[tuple[str, str]] = Counter()
            sentence_key = fold(sentence.text)
            for f in facts[:_MAX_FACTS_PER_SENTENCE]:
                key = (f.kind, fold(f.answer))
                cand = _Candidate(f, sentence, view, seen[key])
                seen[key] += 1
                # the same sentence again gives the same ids: drop it now, so a long
                # text with repeats does not keep every parsed sentence in memory
                cand.card_id = stable_id(f.kind, sentence_key, key[1], str(cand.occurrence))
                if cand.card_id in candidate_ids:
                    skipped.append(Skipped(f.kind, f.answer, "stated twice", sentence.text))
                    continue
                candidate_ids.add(cand.card_id)
                candidates.append(cand)
            for f in facts[_MAX_FACTS_PER_SENTENCE:]:
                skipped.append(
                    Skipped(f.kind, f.answer, "too many facts in one sentence", sentence.text)
                )
    if progress is not None:
        progress(total, total)

    worded: list[tuple[_Candidate, str, bool, str]] = []
    seen_ids: set[str] = set()
    seen_questions: set[tuple[str, str, str]] = set()
    for cand in candidates:
        fact, sentence = cand.fact, cand.sentence
        if fact.kind not in fact_kinds:
            continue
        card_id = cand.card_id

        def skip(reason: str, fact: Fact = fact, sentence: Sentence = sentence) -> None:
            skipped.append(Skipped(fact.kind, fact.answer, reason, sentence.text))

        if card_id in seen_ids:
            skip("stated twice")
            continue
        if card_id in rejected_set:
            skip(REJECTED)
            continue
        wording = word_fact(cand.view, fact, allow_cloze=allow_cloze, allow_wh=allow_wh)
        if wording.question is None:
            skip(wording.reason or "no question")
            continue
        question = wording.question
        if leaks_any(fact, question) or len(question) > 2000:
            skip("question would contain the answer")
            continue
        qkey = (fact.kind, norm(question), norm(fact.answer))
        if qkey in seen_questions:
            skip("stated twice")
            continue
        seen_ids.add(card_id)
        seen_questions.add(qkey)
        worded.append((cand, question, wording.cloze, card_id))

    # Distractors come from facts that made it into the deck, so a wrong option is
    # always something the passage presents as the same kind of thing.
    pool = [cand.fact for cand, *_ in worded]
    cards: list[Card] = []
    for cand, question, is_cloze, card_id in worded:
        fact, sentence = cand.fact, cand.sentence
        card_kind = "cloze" if is_cloze else fact.kind
        cards.append(
            Card(
                id=card_id,
                kind=card_kind,
                question=question,
                answer=fact.answer,
                aliases=_clean_aliases(fact),
                distractors=distractors(fact, pool, question),
                tags=[fact.kind] if card_kind == fact.kind else [fact.kind, "cloze"],
                source=Source(text=sentence.text, start=sentence.start, end=sentence.end),
            )
        )

    names = [name for name, _ in loaded]
    deck_title = title or next((p.title for p in parsed if p.title), None)
    if not deck_title:
        deck_title = Path(names[0]).stem if names else "Untitled deck"
    info = DeckInfo(
        id=deck_id or slugify(deck_title),
        title=deck_title,
        description=_description(cards),
        source=names[0] if len(names) == 1 else names,
        tags=[],
        rejected=rejected_ids,
    )
    deck = Deck(deck=info, cards=cards)
    counts = Counter(card.kind for card in cards)
    return BuildResult(deck, dict(sorted(counts.items())), skipped, parsed)


def _clean_aliases(fact: Fact) -> list[str]:
    out: list[str] = []
    seen = {fold(fact.answer)}
    for alias in fact.aliases:
        alias = " ".join(alias.split())
        if alias and fold(alias) not in seen:
            seen.add(fold(alias))
            out.append(alias)
    return out


def _description(cards: list[Card]) -> str:
    kinds = sorted({t for c in cards for t in c.tags if t in FACT_KINDS})
    if not kinds:
        return "Built by quizapp build."
    return "Who / when / which-tier cards built from the passage by quizapp build."
