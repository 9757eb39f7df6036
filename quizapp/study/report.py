"""`quizapp stats [DECK] [--json]`: the CLI side of study statistics."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from quizapp.errors import UserError
from quizapp.study.stats import Stats, deck_stats
from quizapp.study.store import Store


def run_stats(deck: str | None, *, as_json: bool = False) -> int:
    """Print stats for DECK (a deck file, synced first, or a deck id) or for all decks."""
    with Store.open() as store:
        deck_id = _resolve(store, deck) if deck else None
        stats = deck_stats(store, deck_id)
    if as_json:
        sys.stdout.write(json.dumps(stats.to_json(), indent=2) + "\n")
    else:
        sys.stdout.write(format_stats(stats))
    return 0


def _resolve(store: Store, deck: str) -> str:
    path = Path(deck)
    if path.suffix.lower() == ".toml" or path.is_file():
        from quizapp.deckfile import load_deck

        loaded = load_deck(path)
        store.sync_deck(loaded)  # so new cards count before the deck is first studied
        return loaded.deck.id
    if store.has_deck(deck):
        return deck
    known = ", ".join(store.deck_ids()) or "none yet"
    raise UserError(f"{deck}: no such deck file or studied deck id (known: {known})", code=2)


def format_stats(stats: Stats) -> str:
    rate = stats.retention.rate
    retention = (
        f"{rate:.0%} ({stats.retention.passed}/{stats.retention.reviews} review answers)"
        if rate is not None
        else "no review-state answers yet"
    )
    week = stats.forecast[:7]
    lines = [
        f"deck:           {stats.deck_id or 'all decks'}",
        f"study day:      {stats.today.isoformat()}",
        f"due today:      {stats.due_today}",
        f"new available:  {stats.new_available}",
        f"cards:          {stats.total_cards}",
        f"reviews:        {stats.total_reviews} total, "
        f"{sum(d.count for d in stats.reviews_per_day)} in the last "
        f"{len(stats.reviews_per_day)} days",
        f"retention:      {retention}",
        f"streak:         {stats.streak} day{'s' if stats.streak != 1 else ''}",
        "next 7 days:    " + "  ".join(f"{d.day:%a} {d.count}" for d in week),
    ]
    return "\n".join(lines) + "\n"
