"""Deck <-> JSON: the same fields as the TOML file, for other tools to read."""

from __future__ import annotations

import json
import os

from pydantic import ValidationError

from quizapp.deck import Deck
from quizapp.deckfile import DeckFileError


def dumps_json(deck: Deck) -> str:
    return json.dumps(deck.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def loads_json(text: str, path: str | os.PathLike = "<json>") -> Deck:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DeckFileError(
            path, exc.msg[:1].lower() + exc.msg[1:], exc.lineno, exc.colno
        ) from None
    try:
        return Deck.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "deck"
        raise DeckFileError(path, f"{where}: {first['msg']}") from None
