"""Found trying the app as a first-time user at 80x24: every footer key is visible, and
the help screen lists each key once, in words a student understands."""

from __future__ import annotations

import shutil
from datetime import UTC
from itertools import pairwise

from textual.widgets._footer import FooterKey

from quizapp.tui.app import create_app
from quizapp.tui.screens.editor import DeckEditorScreen
from tests.tui_helpers import HISTORY, Clock

SIZE = (80, 24)


def footer_overflow(screen) -> list[str]:
    """Footer keys that are cut off at the right edge or hidden under the palette key."""
    keys = sorted(screen.query(FooterKey), key=lambda k: k.region.x)
    width = screen.size.width
    bad = [k.description for k in keys if k.region.right > width]
    bad += [b.description for a, b in pairwise(keys) if b.region.x < a.region.right]
    return bad


async def test_editor_footer_fits_80_columns(tmp_path):
    deck = tmp_path / "deck.toml"
    shutil.copy(HISTORY, deck)
    app = create_app([deck], clock=Clock(), tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DeckEditorScreen)
        descriptions = {k.description for k in app.screen.query(FooterKey)}
        assert {"Save", "Back", "Help"} <= descriptions
        assert footer_overflow(app.screen) == []
