"""Stats: the 30-day due forecast, reviews per day, true retention and the streak."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quizapp.deck import Deck
from quizapp.errors import UserError
from quizapp.study import Stats, deck_stats
from quizapp.tui.library import DeckEntry
from quizapp.tui.widgets.keys import KeyBar
from quizapp.tui.widgets.plots import bar_plot

if TYPE_CHECKING:
    from quizapp.tui.app import QuizApp

DAYS = 30


class StatsScreen(Screen[None]):
    """Stats for one deck, or all decks (`a` switches)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "toggle_all", "All decks / this deck"),
        Binding("q,escape", "back", "Back", key_display="q"),
    ]

    app: QuizApp

    def __init__(
        self, deck: Deck | DeckEntry | None = None, *, plot_fallback: bool = False
    ) -> None:
        super().__init__(classes="stats")
        if isinstance(deck, DeckEntry):
            deck = deck.deck
        self.deck = deck
        self.all_decks = deck is None
        self.plot_fallback = plot_fallback

    def compose(self) -> ComposeResult:
        yield Static(id="stats-title")
        yield Static(id="stats-summary")
        yield Vertical(id="plots")
        yield KeyBar()

    async def on_mount(self) -> None:
        await self.load()

    async def load(self) -> None:
        app = self.app
        assert app.store is not None
        deck_id = None if self.all_decks or self.deck is None else self.deck.deck.id
        name = Content("all decks") if deck_id is None else Content(self.deck.deck.title)  # type: ignore[union-attr]
        self.query_one("#stats-title", Static).update(
            Content.assemble(("Stats", "bold $text-accent"), "  ·  ", name)
        )
        try:
            stats = deck_stats(app.store, deck_id, now=app.clock(), tz=app.tz, days=DAYS)
        except UserError as exc:
            self.query_one("#stats-summary", Static).update(Content(exc.message))
            return
        self.query_one("#stats-summary", Static).update(summary(stats))
        plots = self.query_one("#plots", Vertical)
        await plots.remove_children()
        forecast = [d.count for d in stats.forecast]
        history = [d.count for d in stats.reviews_per_day]
        await plots.mount(
            bar_plot(
                f"Due per day, next {DAYS} days",
                forecast,
                ["today", *(f"+{i}d" for i in range(1, len(forecast)))],
                id="forecast",
                fallback=self.plot_fallback,
            ),
            bar_plot(
                f"Reviews per day, last {DAYS} days",
                history,
                [*(f"-{len(history) - 1 - i}d" for i in range(len(history) - 1)), "today"],
                id="history",
                fallback=self.plot_fallback,
            ),
        )

    async def action_toggle_all(self) -> None:
        if self.deck is None:
            return
        self.all_decks = not self.all_decks
        await self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_all":
            return self.deck is not None
        return True

    def action_back(self) -> None:
        self.dismiss()


def summary(stats: Stats) -> Content:
    rate = stats.retention.rate
    retention = (
        f"{round(100 * rate)}% of {stats.retention.reviews}"
        if rate is not None
        else "no reviews yet"
    )
    days = "day" if stats.streak == 1 else "days"
    pairs = [
        ("Due today", str(stats.due_today)),
        ("New available", str(stats.new_available)),
        ("Streak", f"{stats.streak} {days}"),
        ("True retention", retention),
        ("Reviews", str(stats.total_reviews)),
        ("Cards", str(stats.total_cards)),
    ]
    parts: list[Content] = []
    for index, (label, value) in enumerate(pairs):
        sep = "\n" if index == 3 else ("   " if index else "")
        parts.append(Content.assemble(sep, (label + " ", "dim"), (value, "bold")))
    return Content("").join(parts)
