"""Deck <-> JSON: the same fields as the TOML file, for other tools to read."""

from __future__ import annotations

import json
import os

from pydantic import ValidationError

from quizapp.deck import Deck
from quizapp.deckfile import DeckFileError, _describe, _message


def dumps_json(deck: Deck) -> str:
    return json.dumps(deck.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def loads_json(text: str, path: str | os.PathLike = "<json>") -> Deck:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DeckFileError(
            path, exc.msg[:1].lower() + exc.msg[1:], exc.lineno, exc.colno
        ) from None
    if not isinstance(data, dict):
        raise DeckFileError(path, "must hold one JSON object with format, deck and cards")
    try:
        return Deck.model_validate(data)
    except ValidationError as exc:
        # Name the card and field the way `quizapp validate` does for a TOML deck.
        first = exc.errors(include_url=False)[0]
        loc, ctx = tuple(first["loc"]), first.get("ctx") or {}
        if "index" in ctx and loc == ("cards",):
            loc = ("cards", ctx["index"])
        if "field" in ctx:
            loc = (*loc, ctx["field"])
        where, field = _describe(loc, data)
        message = ": ".join(part for part in (where, field, _message(first)) if part)
        raise DeckFileError(path, message) from None
