"""Which decks the app shows: the bundled ones, ./decks/, or files named on the command line.

No Textual here, so the CLI can check a deck file before it pays for starting the app.
Decks are read through quizapp.deckfile; a file that cannot be read becomes an entry
with an error message instead of an exception, so one bad deck never hides the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizapp.deck import Deck
from quizapp.errors import UserError

__all__ = ["DeckEntry", "bundled_deck_dir", "default_deck_paths", "load_entries"]


@dataclass
class DeckEntry:
    """A deck file as the app knows it: loaded, or the reason it could not be."""

    path: Path | None
    deck: Deck | None = None
    error: str | None = None

    @property
    def title(self) -> str:
        if self.deck is not None:
            return self.deck.deck.title
        return self.path.name if self.path is not None else "(deck)"

    @property
    def deck_id(self) -> str | None:
        return self.deck.deck.id if self.deck is not None else None


def bundled_deck_dir() -> Path | None:
    """Decks shipped in the wheel (quizapp/decks), or the repository's decks/ when
    running from a source checkout or an editable install."""
    from importlib.resources import files

    try:
        packaged = Path(str(files("quizapp") / "decks"))
    except (ModuleNotFoundError, TypeError):
        packaged = None
    if packaged is not None and packaged.is_dir():
        return packaged
    repo = Path(__file__).resolve().parent.parent.parent / "decks"
    return repo if repo.is_dir() else None


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


def load_entries(items: Iterable[str | os.PathLike | Deck | DeckEntry]) -> list[DeckEntry]:
    """Entries for paths (loaded now), Deck objects or ready entries; a deck id seen
    twice keeps its first file, since progress is keyed by deck id."""
    entries: list[DeckEntry] = []
    ids: set[str] = set()
    for item in items:
        if isinstance(item, DeckEntry):
            entry = item
        elif isinstance(item, Deck):
            entry = DeckEntry(None, item)
        else:
            entry = load_entry(item)
        if entry.deck_id is not None:
            if entry.deck_id in ids:
                continue
            ids.add(entry.deck_id)
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
