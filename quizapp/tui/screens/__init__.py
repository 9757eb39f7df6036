"""One screen per module, imported only when opened.

`DECK_SCREENS` maps a name to the screen class that works on one deck; the home
screen pushes them by name (`deck_screen(name, entry)`), so a new deck screen needs
one line here and one binding on the home screen (an "editor" binding is there
already, hidden until "editor" is registered). The class is called with the
home screen's `DeckEntry` (path + deck); if the screen dismisses with a `Deck`,
the home screen takes it as the deck's new content and syncs it into the store.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# name -> (module, class). The class is called as Class(entry).
DECK_SCREENS: dict[str, tuple[str, str]] = {
    "cards": ("quizapp.tui.screens.cards", "CardListScreen"),
    "stats": ("quizapp.tui.screens.stats", "StatsScreen"),
    "editor": ("quizapp.tui.screens.editor", "DeckEditorScreen"),
}


def has_deck_screen(name: str) -> bool:
    return name in DECK_SCREENS


def deck_screen(name: str, *args: Any, **kwargs: Any) -> Any:
    module, cls = DECK_SCREENS[name]
    return getattr(import_module(module), cls)(*args, **kwargs)
