"""Which decks the app shows: the bundled ones, ./decks/, or files named on the command line.

No Textual here, so the CLI can check a deck file before it pays for starting the app.
Decks are read through quizapp.deckfile; a file that cannot be read becomes an entry
with an error message instead of an exception, so one bad deck never hides the others.

`quizapp study DECK` only reads and parses the file before the app starts
(`read_entry`); `first_card` then asks the study queue which question comes first,
from the parsed TOML, so the app can show it while pydantic and fsrs are still being
imported. The deck is validated right after (`ParsedDeck.validate`).
`quizapp` alone does the same for its deck list: the decks are parsed, the list
shows counts from the queue (`preview_counts`), and each deck is validated and
synced once the list is on screen (`DeckEntry.validate`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from quizapp.errors import UserError

if TYPE_CHECKING:
    from quizapp.deck import Deck
    from quizapp.study.model import CardState
    from quizapp.study.queue import Queue, SessionCounts
    from quizapp.study.store import Store

__all__ = [
    "DeckEntry",
    "FirstCard",
    "ParsedDeck",
    "bundled_deck_dir",
    "default_deck_paths",
    "editable_path",
    "first_card",
    "installed_deck_dir",
    "load_entries",
    "preview_counts",
    "read_entry",
]


@dataclass(frozen=True)
class ParsedDeck:
    """A deck file that is valid TOML but not validated as a deck yet."""

    path: Path
    text: str
    data: dict[str, Any]

    def _table(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        return value if isinstance(value, dict) else {}

    @property
    def deck_id(self) -> str | None:
        value = self._table("deck").get("id")
        return value if isinstance(value, str) else None

    @property
    def title(self) -> str | None:
        value = self._table("deck").get("title")
        return value if isinstance(value, str) else None

    @property
    def description(self) -> str | None:
        value = self._table("deck").get("description")
        return value if isinstance(value, str) else None

    def cards(self) -> list[dict[str, Any]]:
        cards = self.data.get("cards")
        if not isinstance(cards, list):
            return []
        return [card for card in cards if isinstance(card, dict)]

    def validate(self) -> Deck:
        """The Deck (load_deck semantics); DeckFileError naming the line if invalid."""
        from quizapp.deckfile import validate_deck

        return validate_deck(self.data, self.text, self.path)


@dataclass
class DeckEntry:
    """A deck file as the app knows it: loaded, parsed only, or the reason it could
    not be read."""

    path: Path | None
    deck: Deck | None = None
    error: str | None = None
    parsed: ParsedDeck | None = None  # read and parsed; `deck` comes once validated
    # Later files with the same deck id, hidden by this one. A parsed file that then
    # fails validation gives way to them, as a file that cannot be read always did.
    shadowed: list[DeckEntry] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.deck is not None:
            return self.deck.deck.title
        if self.parsed is not None and self.parsed.title:
            return self.parsed.title
        return self.path.name if self.path is not None else "(deck)"

    @property
    def usable(self) -> bool:
        """Has a deck, or a parsed file that is still to be validated."""
        return self.deck is not None or self.parsed is not None

    def load(self) -> Deck:
        """Validate the parsed file (once); raises DeckFileError if it is no deck."""
        if self.deck is None:
            assert self.parsed is not None, "entry has neither a deck nor a parsed file"
            self.deck = self.parsed.validate()
            self.parsed = None
        return self.deck

    @property
    def deck_id(self) -> str | None:
        if self.deck is not None:
            return self.deck.deck.id
        return self.parsed.deck_id if self.parsed is not None else None

    def describe(self) -> tuple[int, str]:
        """(number of cards, description or deck id) for the deck list."""
        if self.deck is not None:
            return len(self.deck.cards), self.deck.deck.description or self.deck.deck.id
        if self.parsed is not None:
            parsed = self.parsed
            return len(parsed.cards()), parsed.description or parsed.deck_id or ""
        return 0, ""

    def validate(self, store: Store, *, now: datetime) -> None:
        """Validate a parsed-only entry and sync it to `store`; if either fails the
        entry keeps the reason in `error` and is no longer usable."""
        if self.parsed is None:
            return
        try:
            store.sync_deck(self.load(), now=now)
        except UserError as exc:
            self.error = exc.message
            self.deck = None
            self.parsed = None


def installed_deck_dir() -> Path | None:
    """Decks shipped inside an installed wheel (quizapp/decks in site-packages).

    Found beside the package's own files: quizapp is always installed as plain
    files, and importlib.resources would cost ~3 ms of the deck list's start-up.
    """
    packaged = Path(__file__).resolve().parent.parent / "decks"
    return packaged if packaged.is_dir() else None


def bundled_deck_dir() -> Path | None:
    """Decks shipped in the wheel (quizapp/decks), or the repository's decks/ when
    running from a source checkout or an editable install."""
    packaged = installed_deck_dir()
    if packaged is not None:
        return packaged
    repo = Path(__file__).resolve().parent.parent.parent / "decks"
    return repo if repo.is_dir() else None


def editable_path(path: str | os.PathLike, cwd: str | os.PathLike | None = None) -> Path:
    """Where edits to the deck file `path` are saved.

    A deck inside the installed package is not the user's to change: an upgrade
    would replace it, and site-packages may be read-only. Its edits go to a copy
    in ./decks/ (which the deck list prefers to the bundled file of the same id).
    Any other deck is saved where it is.
    """
    path = Path(path)
    installed = installed_deck_dir()
    if installed is None or path.resolve().parent != installed.resolve():
        return path
    here = Path(cwd) if cwd is not None else Path.cwd()
    return here / "decks" / path.name


def _tomls(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.toml") if p.is_file())


def default_deck_paths(cwd: str | os.PathLike | None = None) -> list[Path]:
    """The decks in ./decks/ of `cwd`, then the bundled ones (each file once).

    ./decks/ comes first so that a local copy of a bundled deck (same deck id)
    is the one shown and edited: load_entries keeps the first file of an id.
    """
    here = Path(cwd) if cwd is not None else Path.cwd()
    seen: set[Path] = set()
    paths: list[Path] = []
    for path in (*_tomls(here / "decks"), *_tomls(bundled_deck_dir())):
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            paths.append(path)
    return paths


def load_entry(path: str | os.PathLike) -> DeckEntry:
    from quizapp.deckfile import load_deck

    try:
        return DeckEntry(Path(path), load_deck(path))
    except UserError as exc:
        return DeckEntry(Path(path), error=exc.message)


def read_entry(path: str | os.PathLike) -> DeckEntry:
    """Read and TOML-parse a deck file, without validating it (no pydantic import):
    the entry has `parsed`, or `error` (e.g. a located syntax error)."""
    from quizapp.deckfile import parse_toml, read_text

    try:
        text = read_text(path)
        return DeckEntry(Path(path), parsed=ParsedDeck(Path(path), text, parse_toml(text, path)))
    except UserError as exc:
        return DeckEntry(Path(path), error=exc.message)


class FirstCard(NamedTuple):
    """The question the study queue puts first, from a parsed (unvalidated) deck."""

    card_id: str
    kind: str
    question: str
    state: CardState
    lapses: int
    counts: SessionCounts


def _preview_queue(
    parsed: ParsedDeck, store: Store, tz: tzinfo | None
) -> tuple[Queue, dict[str, dict[str, Any]]] | None:
    """The study queue over a parsed (unvalidated, maybe unsynced) deck file, with the
    card tables by id; read-only. None without a deck id."""
    from quizapp.study.queue import Queue

    deck_id = parsed.deck_id
    if deck_id is None:
        return None
    tables: dict[str, dict[str, Any]] = {}
    for card in parsed.cards():
        if isinstance(card.get("id"), str):
            tables.setdefault(card["id"], card)
    return Queue(store, deck_id, tables, tz=tz), tables


def first_card(
    parsed: ParsedDeck, store: Store, *, now: datetime, tz: tzinfo | None = None
) -> FirstCard | None:
    """What `Session(store, deck).next_card()` will most likely show, asked of the same
    queue before the deck is validated or synced (read-only). None when the queue
    has nothing, or the card's question or kind is not text (validation will say)."""
    from quizapp.study.queue import SessionCounts

    found = _preview_queue(parsed, store, tz)
    if found is None:
        return None
    queue, tables = found
    card_id = queue.pick(now)
    if card_id is None:
        return None
    kind, question = tables[card_id].get("kind"), tables[card_id].get("question")
    if not (isinstance(kind, str) and isinstance(question, str)):
        return None
    state = queue.state(card_id)
    counts = queue.counts(now)
    return FirstCard(
        card_id,
        kind,
        question,
        state.state,
        state.lapses,
        SessionCounts(counts.new, counts.learning, counts.review, 0, 0),
    )


def preview_counts(
    parsed: ParsedDeck, store: Store, *, now: datetime, tz: tzinfo | None = None
) -> SessionCounts | None:
    """Today's new / learning / due counts of a parsed deck file, as the deck list
    shows them once the file is validated and synced (read-only)."""
    from quizapp.study.queue import SessionCounts

    found = _preview_queue(parsed, store, tz)
    if found is None:
        return None
    counts = found[0].counts(now)
    return SessionCounts(counts.new, counts.learning, counts.review, 0, 0)


def load_entries(
    items: Iterable[str | os.PathLike | Deck | DeckEntry], *, validate: bool = True
) -> list[DeckEntry]:
    """Entries for paths (validated now, or only parsed if not `validate`), Deck
    objects or ready entries; a deck id seen twice keeps its first file, since
    progress is keyed by deck id."""
    entries: list[DeckEntry] = []
    first: dict[str, DeckEntry] = {}
    for item in items:
        if isinstance(item, DeckEntry):
            entry = item
        elif isinstance(item, (str, os.PathLike)):
            entry = load_entry(item) if validate else read_entry(item)
        else:  # a Deck
            entry = DeckEntry(None, item)
        if entry.deck_id is not None:
            if entry.deck_id in first:
                # Kept in case the first file fails validation (see DeckEntry.shadowed).
                first[entry.deck_id].shadowed.append(entry)
                continue
            first[entry.deck_id] = entry
        entries.append(entry)
    return entries


def describe_missing(paths: Sequence[Path]) -> str:
    """The message for an app with no decks at all."""
    if paths:
        return "None of the deck files could be read."
    return (
        "No decks found: quizapp looks for bundled decks and for *.toml files in "
        "./decks/. Open one with: quizapp study DECK.toml"
    )
