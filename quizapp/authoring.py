"""Instructor authoring without a UI: starter decks, merging decks, and rebuilds
that keep an instructor's curation.

A generated deck is a draft the instructor edits. Card ids are stable (they
come from the fact a card was built from), so a rebuild can recognise the
cards it made last time and keep the instructor's version of each one.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from quizapp.deck import Card, Deck, DeckInfo
from quizapp.deckfile import dumps_deck, write_atomic
from quizapp.errors import UserError

SCHEMA_FILE = "deck.schema.json"
SCHEMA_DIRECTIVE = "#:schema "


# --- rebuilds ------------------------------------------------------------


def merge_rebuild(old: Deck, new: Deck) -> Deck:
    """A freshly built deck `new` merged into the curated deck file `old`.

    - ids in `old.deck.rejected` (and `new.deck.rejected`) stay out;
    - a card whose id is in `old` keeps the old, possibly edited, version;
    - cards only in `old` (hand-added ones, or generated ones the passage no
      longer yields) are kept: a rebuild never deletes an instructor's card;
    - cards only in `new` are inserted after the card that precedes them in
      the builder's order, so a rebuild after a passage grows reads in order
      while the instructor's own ordering of old cards is kept.

    The deck's id, title, description and tags are the instructor's (from
    `old`); its `source` is what was just built from.
    """
    rejected = list(dict.fromkeys([*old.deck.rejected, *new.deck.rejected]))
    out_of_deck = set(rejected)
    kept = [card for card in old.cards if card.id not in out_of_deck]
    kept_ids = {card.id for card in kept}
    old_ids = {card.id for card in old.cards}

    # New cards hang off the nearest preceding card (in builder order) already kept.
    after: dict[str, list[Card]] = {}
    leading: list[Card] = []
    first_anchor: str | None = None
    anchor: str | None = None
    for card in new.cards:
        if card.id in out_of_deck:
            continue
        if card.id in kept_ids:
            anchor = card.id
            if first_anchor is None:
                first_anchor = card.id
            continue
        if card.id in old_ids:
            continue
        if anchor is None:
            leading.append(card)
        else:
            after.setdefault(anchor, []).append(card)

    cards: list[Card] = []
    for card in kept:
        if card.id == first_anchor:
            cards.extend(leading)
            leading = []
        cards.append(card)
        cards.extend(after.get(card.id, []))
    cards.extend(leading)  # no card in common: new cards go after the old ones

    info = old.deck.model_copy(update={"source": new.deck.source, "rejected": rejected})
    return Deck(format=old.format, deck=info, cards=[c.model_copy(deep=True) for c in cards])


# --- merging decks ----------------------------------------------------------


def merge_decks(
    named: Sequence[tuple[str, Deck]], *, deck_id: str, title: str | None = None
) -> Deck:
    """Several decks as one, in the order given.

    A card id used by two different cards is an error that names both files;
    identical duplicates are kept once. Rejected lists are unioned, less the
    ids of cards the merged deck contains (a card present in one deck wins
    over its rejection in another, so the result is self-consistent).
    """
    if not named:
        raise UserError("merge needs at least one deck", code=2)
    seen: dict[str, tuple[str, Card]] = {}
    cards: list[Card] = []
    clashes: list[str] = []
    for name, deck in named:
        for card in deck.cards:
            if card.id in seen:
                first_name, first = seen[card.id]
                if first != card:
                    clashes.append(
                        f"{name}: card id '{card.id}' is also used by a different card in "
                        f"{first_name}; rename one of them"
                    )
                continue
            seen[card.id] = (name, card)
            cards.append(card)
    if clashes:
        raise UserError("\n".join(clashes), code=2)

    rejected = [
        card_id
        for card_id in dict.fromkeys(r for _, deck in named for r in deck.deck.rejected)
        if card_id not in seen
    ]
    infos = [deck.deck for _, deck in named]
    titles = list(dict.fromkeys(info.title for info in infos))
    descriptions = list(dict.fromkeys(info.description for info in infos if info.description))
    sources: list[str] = []
    for info in infos:
        if isinstance(info.source, str):
            sources.append(info.source)
        elif info.source:
            sources.extend(info.source)
    sources = list(dict.fromkeys(sources))
    try:
        info = DeckInfo(
            id=deck_id,
            title=title or " + ".join(titles),
            description="\n\n".join(descriptions),
            source=(sources[0] if len(sources) == 1 else sources) if sources else None,
            tags=list(dict.fromkeys(t for i in infos for t in i.tags)),
            rejected=rejected,
        )
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        raise UserError(f"--{error['loc'][0]}: {error['msg']}", code=2) from None
    return Deck(deck=info, cards=[c.model_copy(deep=True) for c in cards])


# --- editing one card in a form -------------------------------------------------

# Form fields, in order; list fields are written as one line, items separated by " | ".
FORM_FIELDS = ("id", "kind", "question", "answer", "aliases", "distractors", "tags", "source")
LIST_SEPARATOR = " | "


def card_to_form(card: Card) -> dict[str, str]:
    """A card as the strings an editor form shows."""
    return {
        "id": card.id,
        "kind": card.kind,
        "question": card.question,
        "answer": card.answer,
        "aliases": LIST_SEPARATOR.join(card.aliases),
        "distractors": LIST_SEPARATOR.join(card.distractors),
        "tags": " ".join(card.tags),
        "source": card.source.text if card.source else "",
    }


def _split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split("|") if item.strip()]


def form_to_card(
    form: dict[str, str], original: Card | None = None
) -> tuple[Card | None, dict[str, str]]:
    """The card a form describes, or None and one message per field that is wrong.

    The rules are the deck model's own (Card.model_validate), so the messages are
    the ones `quizapp validate` prints. The source keeps its offsets while its
    text is unchanged; edited text no longer matches them, so they are dropped.
    """
    source: dict[str, object] | None = None
    if form.get("source", "").strip():
        text = form["source"]
        source = {"text": text}
        if original is not None and original.source is not None and original.source.text == text:
            source = original.source.model_dump(exclude_none=True)
    shown = card_to_form(original) if original is not None else {}

    def items(name: str) -> list[str]:
        # An untouched list keeps its items exactly, even one that contains "|".
        if original is not None and form.get(name, "") == shown[name]:
            return list(getattr(original, name))
        text = form.get(name, "")
        return text.split() if name == "tags" else _split_list(text)

    raw: dict[str, object] = {
        "id": form.get("id", "").strip(),
        "kind": form.get("kind", ""),
        "question": form.get("question", ""),
        "answer": form.get("answer", ""),
        "aliases": items("aliases"),
        "distractors": items("distractors"),
        "tags": items("tags"),
    }
    if source is not None:
        raw["source"] = source
    try:
        return Card.model_validate(raw), {}
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors(include_url=False):
            loc = err["loc"]
            ctx = err.get("ctx") or {}
            field = str(loc[0]) if loc else str(ctx.get("field", "question"))
            if field not in FORM_FIELDS:
                field = "question"
            message = err["msg"]
            if len(loc) > 1 and isinstance(loc[1], int) and field in ("aliases", "distractors"):
                message = f"item {loc[1] + 1}: {message}"
            errors.setdefault(field, message)
        return None, errors


def unused_card_id(taken: set[str], prefix: str = "card") -> str:
    """The first of prefix-1, prefix-2, ... not in `taken`."""
    n = 1
    while f"{prefix}-{n}" in taken:
        n += 1
    return f"{prefix}-{n}"


# --- reviewing generated cards ---------------------------------------------------


def review_candidates(old: Deck | None, new: Deck) -> list[Card]:
    """Built cards an instructor has not decided on yet: not in the deck, not rejected."""
    if old is None:
        return list(new.cards)
    decided = {card.id for card in old.cards} | set(old.deck.rejected)
    return [card for card in new.cards if card.id not in decided]


def apply_review(
    old: Deck | None, new: Deck, accepted: Sequence[Card], rejected: Sequence[str]
) -> Deck:
    """The deck file after a review: accepted cards (as edited) added in builder order,
    rejected ids recorded, undecided cards left out for a later review."""
    base = old if old is not None else Deck(deck=new.deck.model_copy(update={"rejected": []}))
    base = base.model_copy(
        update={
            "deck": base.deck.model_copy(
                update={"rejected": list(dict.fromkeys([*base.deck.rejected, *rejected]))}
            )
        }
    )
    chosen = {card.id: card for card in accepted}
    present = {card.id for card in base.cards}
    # Cards already in the deck anchor the new ones, so they land in passage order.
    cards = [
        chosen.pop(card.id) if card.id in chosen else card
        for card in new.cards
        if card.id in chosen or card.id in present
    ]
    cards += chosen.values()  # accepted cards the build did not list (none, normally)
    built = Deck(deck=new.deck.model_copy(update={"rejected": []}), cards=cards)
    return merge_rebuild(base, built)


# --- saving with the editor directive ------------------------------------------


def schema_directive(path: str | os.PathLike) -> str | None:
    """The file's leading `#:schema ...` line, if it has one (comments are otherwise not kept)."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            first = fh.readline(4096)
    except (OSError, UnicodeDecodeError):
        return None
    first = first.rstrip("\r\n")
    return first if first.startswith(SCHEMA_DIRECTIVE) else None


def save_curated(deck: Deck, path: str | os.PathLike) -> None:
    """save_deck that keeps an existing `#:schema` first line, so editor support survives a save."""
    text = dumps_deck(deck)
    directive = schema_directive(path)
    if directive:
        text = f"{directive}\n\n{text}"
    write_atomic(Path(path), text.encode("utf-8"))


# --- starter deck -------------------------------------------------------------


def _toml_string(text: str) -> str:
    import tomli_w

    return tomli_w.dumps({"v": text})[4:-1]


def starter_deck(deck_id: str, title: str, folder: str = ".") -> str:
    """A commented deck file with one example card of each kind; valid as written.

    Its first line is a Taplo schema directive (a path relative to the deck
    file), so editors using Taplo (VS Code's Even Better TOML, and Tombi) check
    the file against `quizapp schema` output while it is typed.
    """
    schema_cmd = f"quizapp schema -o {Path(folder, SCHEMA_FILE).as_posix()}"
    return f"""\
#:schema ./{SCHEMA_FILE}

# The line above lets editors that use Taplo (e.g. VS Code's "Even Better TOML")
# check this file as you type. Create the schema file next to this deck with:
#   {schema_cmd}
# Check the deck with `quizapp validate FILE` and study it with `quizapp study FILE`.

format = 1

[deck]
id = {_toml_string(deck_id)}        # stable; letters a-z, digits and '-'
title = {_toml_string(title)}
description = "What this deck is about, in a sentence."
# source = "seeds/my-passage.txt"   # the passage the cards come from, if any
tags = ["example"]
# rejected = []   # ids of generated cards to leave out when the deck is rebuilt

# Every card is a [[cards]] table. `id` must be unique in the deck and should
# not change once students study the deck: their progress is kept by id.
# `kind` is one of: who, when, tier, cloze, basic.

[[cards]]
id = "who-example"
kind = "who"
question = "Who wrote the first Trafficking in Persons report?"
answer = "The U.S. State Department"
aliases = ["State Department", "the State Department"]   # other accepted typed answers
distractors = ["The OSCE", "The Russian Duma", "The United Nations"]   # for multiple choice
tags = ["who"]
# Where the card came from; `start`/`end` (character offsets in the passage) are optional.
source = {{ text = "In 2001, the United States released the first Trafficking in Persons report." }}

[[cards]]
id = "when-example"
kind = "when"
question = "When was the first Trafficking in Persons report released?"
answer = "2001"
distractors = ["1999", "2003"]   # must differ from the answer and its aliases
tags = ["when"]

[[cards]]
id = "tier-example"
kind = "tier"
question = "Which tier did the 2001 Trafficking in Persons report place Russia in?"
answer = "Tier 3"
aliases = ["3"]
distractors = ["Tier 1", "Tier 2", "Tier 2 Watch List"]
tags = ["tier"]

[[cards]]
id = "cloze-example"
kind = "cloze"
# A cloze question has exactly one blank: four or more underscores.
question = "Russia signed the U.N. Trafficking Protocol in ____."
answer = "December 2000"
aliases = ["Dec. 2000"]
tags = ["cloze"]

[[cards]]
id = "basic-example"
kind = "basic"
question = "What are the \\"3 Ps\\" of anti-trafficking policy?"
answer = "Prosecution, protection and prevention"
tags = ["basic"]
"""


__all__ = [
    "FORM_FIELDS",
    "apply_review",
    "card_to_form",
    "form_to_card",
    "merge_decks",
    "merge_rebuild",
    "review_candidates",
    "save_curated",
    "schema_directive",
    "starter_deck",
    "unused_card_id",
]
