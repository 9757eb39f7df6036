"""Deck <-> CSV/TSV: one card a row, for spreadsheets.

Columns: id, kind, question, answer, aliases, tags. Aliases are separated by
" | " and tags by spaces, so a row stays readable in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from pydantic import ValidationError

from quizapp.deck import Card, Deck, DeckInfo, slugify, stable_id
from quizapp.deckfile import DeckFileError, decode, read_bytes

COLUMNS = ("id", "kind", "question", "answer", "aliases", "tags")
ALIAS_SEPARATOR = " | "


def dumps_csv(deck: Deck, delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for card in deck.cards:
        writer.writerow(
            [
                card.id,
                card.kind,
                card.question,
                card.answer,
                ALIAS_SEPARATOR.join(card.aliases),
                " ".join(card.tags),
            ]
        )
    return out.getvalue()


def load_csv(
    path: str | os.PathLike, *, deck_id: str | None = None, title: str | None = None
) -> Deck:
    """Cards from a CSV (or, by extension, TSV) file with a header row."""
    p = Path(path)
    data = read_bytes(p, kind="CSV file")
    # decode() speaks of TOML decks; a spreadsheet gets its own words for these two.
    if not data.strip():
        raise DeckFileError(p, "is empty; expected a header row with question and answer", 1)
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DeckFileError(p, "is a binary file, not a CSV file", 1)
    text = decode(data, p)
    delimiter = "\t" if p.suffix.lower() in {".tsv", ".tab"} else ","
    stem = p.stem
    return loads_csv(
        text,
        p,
        delimiter=delimiter,
        deck_id=deck_id or slugify(stem),
        title=title or stem.replace("_", " "),
    )


def loads_csv(
    text: str,
    path: str | os.PathLike,
    *,
    delimiter: str = ",",
    deck_id: str = "imported",
    title: str = "Imported deck",
) -> Deck:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DeckFileError(
            path, "is empty; expected a header row with question and answer"
        ) from None
    except csv.Error as exc:
        raise DeckFileError(path, f"CSV error: {exc}", 1) from None
    columns = [h.strip().lower() for h in header]
    for needed in ("question", "answer"):
        if needed not in columns:
            raise DeckFileError(
                path, f"header has no '{needed}' column (found: {', '.join(columns)})", 1
            )
    # An unknown column would be dropped without a word ('alias' for 'aliases', a
    # 'distractors' column); say so, as an unknown key in a deck file is an error too.
    # Blank headers (a spreadsheet's trailing empty columns) are fine.
    for name in columns:
        if name and name not in COLUMNS:
            raise DeckFileError(path, f"unknown column '{name}' (columns: {', '.join(COLUMNS)})", 1)
    cards: list[Card] = []
    first_line: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns):
                raise DeckFileError(
                    path, f"row has {len(row)} fields; the header has {len(columns)}", line
                )
            # Excel writes a line break inside a quoted cell as CRLF: keep it as one "\n".
            cells = (cell.replace("\r\n", "\n").replace("\r", "\n").strip() for cell in row)
            values = dict(zip(columns, cells, strict=False))
            question, answer = values.get("question", ""), values.get("answer", "")
            kind = values.get("kind") or "basic"
            card_id = values.get("id") or stable_id(kind, question, answer)
            if card_id in first_line:
                raise DeckFileError(
                    path, f"id: '{card_id}' is already used on line {first_line[card_id]}", line
                )
            first_line[card_id] = line
            raw = {
                "id": card_id,
                "kind": kind,
                "question": question,
                "answer": answer,
                "aliases": [a.strip() for a in values.get("aliases", "").split("|") if a.strip()],
                "tags": values.get("tags", "").split(),
            }
            try:
                cards.append(Card.model_validate(raw))
            except ValidationError as exc:
                err = exc.errors(include_url=False)[0]
                field = ".".join(str(p) for p in err["loc"]) or str(
                    (err.get("ctx") or {}).get("field", "")
                )
                raise DeckFileError(path, f"{field or 'row'}: {err['msg']}", line) from None
    except csv.Error as exc:
        raise DeckFileError(path, f"CSV error: {exc}", reader.line_num) from None
    return Deck(deck=DeckInfo(id=deck_id, title=title), cards=cards)
