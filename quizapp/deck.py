"""The deck: pydantic models for deck format 1, and stable card ids.

A deck is user data written by hand as often as by the builder, so the models
are strict: no type coercion, unknown keys rejected, every rule that a student
would otherwise trip over at study time is checked here at load time.
"""

from __future__ import annotations

import hashlib
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

FORMAT_VERSION = 1
MAX_FIELD_CHARS = 10_000
MAX_CARDS = 100_000
MAX_LIST_ITEMS = 100

CARD_ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")
DECK_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
# A cloze blank is four or more underscores; fewer is ordinary punctuation.
BLANK_RE = re.compile(r"_{4,}")
BLANK = "____"

Kind = Literal["who", "when", "tier", "cloze", "basic"]
KINDS: tuple[str, ...] = ("who", "when", "tier", "cloze", "basic")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return value


def _too_long(value: str) -> str:
    if len(value) > MAX_FIELD_CHARS:
        raise PydanticCustomError(
            "too_long",
            "is {length} characters long; the limit is {limit}",
            {"length": len(value), "limit": MAX_FIELD_CHARS},
        )
    return value


def _no_whitespace(value: str) -> str:
    if not value or any(ch.isspace() for ch in value):
        raise PydanticCustomError(
            "tag", "a tag is one word with no spaces, got '{tag}'", {"tag": value}
        )
    return value


# Length is checked by our own validator, not max_length, so the message can say
# what the limit is in words a deck author understands.
Text = Annotated[str, AfterValidator(_too_long)]
RequiredText = Annotated[
    str,
    AfterValidator(_too_long),
    AfterValidator(_not_blank),
    Field(json_schema_extra={"pattern": r"\S", "maxLength": MAX_FIELD_CHARS}),
]
Tag = Annotated[str, AfterValidator(_no_whitespace), Field(json_schema_extra={"pattern": r"^\S+$"})]
TextList = Annotated[list[RequiredText], Field(max_length=MAX_LIST_ITEMS)]
TagList = Annotated[list[Tag], Field(max_length=MAX_LIST_ITEMS)]


def _card_id(value: str) -> str:
    if not CARD_ID_RE.fullmatch(value):
        raise PydanticCustomError(
            "card_id",
            "'{id}' is not a card id: use lower-case letters, digits, '-' and '_', "
            "starting with a letter or digit",
            {"id": value},
        )
    return value


def _deck_id(value: str) -> str:
    if not DECK_ID_RE.fullmatch(value):
        raise PydanticCustomError(
            "deck_id",
            "'{id}' is not a deck id: use lower-case letters, digits and '-'",
            {"id": value},
        )
    return value


CardId = Annotated[
    str,
    AfterValidator(_card_id),
    Field(max_length=200, json_schema_extra={"pattern": "^[a-z0-9][a-z0-9_-]*$"}),
]
DeckId = Annotated[
    str,
    AfterValidator(_deck_id),
    Field(max_length=200, json_schema_extra={"pattern": "^[a-z0-9][a-z0-9-]*$"}),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=False)


class Source(_Model):
    """The passage sentence a card came from; offsets index the seed file's text."""

    text: RequiredText
    start: Annotated[int, Field(ge=0)] | None = None
    end: Annotated[int, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Source:
        if (self.start is None) != (self.end is None):
            raise PydanticCustomError("offsets", "give both start and end, or neither")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise PydanticCustomError(
                "offsets",
                "end ({end}) is before start ({start})",
                {"start": self.start, "end": self.end},
            )
        return self


def fold(text: str) -> str:
    """Case- and space-insensitive form used to compare answers and distractors."""
    return " ".join(text.casefold().split())


class Card(_Model):
    id: CardId
    kind: Kind
    question: RequiredText
    answer: RequiredText
    aliases: TextList = []
    distractors: TextList = []
    tags: TagList = []
    source: Source | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Card:
        accepted = {fold(self.answer), *(fold(a) for a in self.aliases)}
        for distractor in self.distractors:
            if fold(distractor) in accepted:
                raise PydanticCustomError(
                    "distractor",
                    "'{value}' is also an accepted answer",
                    {"value": distractor, "field": "distractors"},
                )
        if self.kind == "cloze":
            blanks = len(BLANK_RE.findall(self.question))
            if blanks != 1:
                raise PydanticCustomError(
                    "cloze",
                    "a cloze question needs exactly one blank (____), found {blanks}",
                    {"blanks": blanks, "field": "question"},
                )
        return self

    def accepted_answers(self) -> list[str]:
        return [self.answer, *self.aliases]


class DeckInfo(_Model):
    id: DeckId
    title: RequiredText
    description: Text = ""
    # One passage or several; hand-written decks may have none.
    source: Text | list[Text] | None = None
    tags: TagList = []
    # Ids of generated cards an instructor rejected, so a rebuild leaves them out.
    rejected: Annotated[list[CardId], Field(max_length=MAX_CARDS)] = []


class Deck(_Model):
    format: int = FORMAT_VERSION
    deck: DeckInfo
    cards: Annotated[list[Card], Field(max_length=MAX_CARDS)] = []

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: int) -> int:
        if value > FORMAT_VERSION:
            raise PydanticCustomError(
                "format_newer",
                "deck format {found} is newer than this quizapp (reads {reads}); upgrade quizapp",
                {"found": value, "reads": FORMAT_VERSION},
            )
        if value < 1:
            raise PydanticCustomError(
                "format", "deck format {found} does not exist; use format = 1", {"found": value}
            )
        return value

    @field_validator("cards")
    @classmethod
    def _unique_ids(cls, cards: list[Card]) -> list[Card]:
        first: dict[str, int] = {}
        for index, card in enumerate(cards):
            if card.id in first:
                # `index` in the context lets deckfile point at the offending card's line.
                raise PydanticCustomError(
                    "duplicate_id",
                    "'{id}' is already the id of cards[{first}]",
                    {"index": index, "id": card.id, "first": first[card.id], "field": "id"},
                )
            first[card.id] = index
        return cards

    def card(self, card_id: str) -> Card | None:
        for card in self.cards:
            if card.id == card_id:
                return card
        return None


def stable_id(prefix: str, *parts: str) -> str:
    """An id that depends only on its parts: the same fact always gets the same id."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=4).hexdigest()
    return f"{prefix}-{digest}"


def slugify(text: str, fallback: str = "deck") -> str:
    """A deck id from free text: lower-case ascii words joined by '-'."""
    words = re.findall(r"[a-z0-9]+", text.casefold())
    slug = "-".join(words)[:60].strip("-")
    return slug or fallback


def deck_json_schema() -> dict:
    schema = Deck.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "quizapp deck, format 1"
    # `format` is an int with a maximum the schema cannot derive from a validator.
    schema["properties"]["format"].update({"minimum": 1, "maximum": FORMAT_VERSION})
    # The cloze rule, so editors flag it while typing: exactly one run of 4+
    # underscores. Rules that compare values across fields (unique ids, a
    # distractor equal to the answer, end before start) are beyond JSON Schema.
    schema["$defs"]["Card"]["if"] = {"properties": {"kind": {"const": "cloze"}}}
    schema["$defs"]["Card"]["then"] = {
        "properties": {
            "question": {
                "allOf": [
                    {"pattern": "_{4}"},
                    {"not": {"pattern": r"_{4}[\s\S]*[^_][\s\S]*_{4}"}},
                ]
            }
        }
    }
    return schema
