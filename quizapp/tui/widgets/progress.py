"""The strip above a card: deck and mode, a progress bar, and the queue counts.

One widget that draws its two lines, rather than a ProgressBar and Statics in
containers: it is on the first frame of every study session, where each widget
counts (scripts/bench_startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widget import Widget

if TYPE_CHECKING:
    from quizapp.study.queue import SessionCounts

BAR = "━"
HALF_RIGHT = "╸"  # the filled part ends half way through a cell
HALF_LEFT = "╺"  # the track starts half way through a cell


def progress_bar(width: int, done: int, total: int) -> Content:
    """A bar `width` cells wide, filled in half-cell steps, as Textual's ProgressBar."""
    if width <= 0:
        return Content("")
    fraction = done / total if total > 0 else 0.0
    halves = round(max(0.0, min(1.0, fraction)) * width * 2)
    full, half = divmod(halves, 2)
    fill = "$success" if total > 0 and done >= total else "$primary"
    filled = BAR * full + (HALF_RIGHT if half else "")
    track_cells = width - full - half
    parts = [(filled, fill)] if filled else []
    if track_cells:
        # After a whole filled cell the track starts half way, as in Textual's Bar.
        start = HALF_LEFT if full and not half else BAR
        parts.append((start + BAR * (track_cells - 1), "$surface"))
    return Content.assemble(*parts)


class SessionProgress(Widget):
    """Deck title and mode on one line; progress bar, percentage and counts on the next."""

    DEFAULT_CSS = """
    SessionProgress {
        height: 2;
        padding: 0 1;
        background: $panel;
    }
    """

    def __init__(self, title: str, mode_name: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._title = title
        self._mode_name = mode_name
        self.counts: SessionCounts | None = None

    def update_counts(self, counts: SessionCounts) -> None:
        self.counts = counts
        self.refresh()

    def counts_content(self) -> Content:
        counts = self.counts
        if counts is None:
            return Content("")
        return Content.assemble(
            ("New ", "dim"),
            (str(counts.new), "bold $text-primary"),
            ("  Learn ", "dim"),
            (str(counts.learning), "bold $text-error"),
            ("  Due ", "dim"),
            (str(counts.review), "bold $text-success"),
            ("  Done ", "dim"),
            (str(counts.done), "bold"),
        )

    def render(self) -> Content:
        width = self.content_size.width
        title = Content.assemble((self._title, "bold"), "  ·  ", self._mode_name)
        title = title.truncate(width, ellipsis=True)
        counts = self.counts_content()
        done = self.counts.done if self.counts else 0
        total = done + self.counts.remaining if self.counts else 0
        percent = Content(f" {round(100 * done / total) if total else 0:>3}%")
        bar_width = max(0, width - percent.cell_length - 2 - counts.cell_length)
        line = progress_bar(bar_width, done, total) + percent + "  " + counts
        return Content("\n").join([title, line.truncate(width)])
