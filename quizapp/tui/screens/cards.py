"""Every card of a deck with its state and due date; search, suspend, see a card's history."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Static

from quizapp.deck import Card, Deck, fold
from quizapp.study import CardRow, Rating, format_interval
from quizapp.tui.library import DeckEntry
from quizapp.tui.screens.study import RATING_NAMES
from quizapp.tui.widgets.cardtext import format_due, literal, source_content
from quizapp.tui.widgets.keys import KeyBar

if TYPE_CHECKING:
    from quizapp.tui.app import QuizApp


def _state(row: CardRow | None) -> str:
    if row is None:
        return "new"
    if row.suspended:
        return "suspended"
    if row.buried:
        return "buried"
    return str(row.state)


class CardTable(DataTable[Text]):
    """The card list; enter opens the highlighted card's history (and says so in the footer)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select_cursor", "History")]


class CardListScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", key_display="/"),
        Binding("enter", "history", "History", show=True),
        Binding("s", "toggle_suspend", "Suspend/unsuspend"),
        Binding("escape", "back", "Back", key_display="esc"),
        Binding("q", "back", "Back", show=False),
    ]

    app: QuizApp

    def __init__(self, deck: Deck | DeckEntry) -> None:
        super().__init__(classes="cards")
        if isinstance(deck, DeckEntry):
            assert deck.deck is not None
            deck = deck.deck
        self.deck = deck
        self.rows: dict[str, CardRow] = {}
        self.shown: list[Card] = []

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(
                ("Cards", "bold $text-accent"), "  ·  ", Content(self.deck.deck.title)
            ),
            id="cards-title",
        )
        yield Input(placeholder="/ search questions, answers, tags", id="search")
        yield CardTable(id="card-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#card-table", DataTable).focus()

    def reload(self) -> None:
        assert self.app.store is not None
        self.rows = {
            r.card_id: r for r in self.app.store.card_rows(self.deck.deck.id, now=self.app.clock())
        }
        self.fill(self.query_one("#search", Input).value)

    def fill(self, query: str) -> None:
        table = self.query_one("#card-table", DataTable)
        keep = table.cursor_row
        # Columns too: a column keeps the width of its widest cell ever, even after the
        # rows are cleared, so a narrower terminal would push Due and Reps off the edge.
        table.clear(columns=True)
        for label in ("Question", "Answer", "State", "Due", "Reps"):
            table.add_column(label, key=label.lower())
        needle = fold(query)
        now = self.app.clock()
        width = max(16, (self.size.width or 80) - 58)
        self.shown = []
        for card in self.deck.cards:
            haystack = fold(
                " ".join([card.question, card.answer, card.id, *card.aliases, *card.tags])
            )
            if needle and needle not in haystack:
                continue
            row = self.rows.get(card.id)
            self.shown.append(card)
            question = Text(card.question, no_wrap=True, overflow="ellipsis")
            question.truncate(width, overflow="ellipsis")
            answer = Text(card.answer, no_wrap=True, overflow="ellipsis")
            answer.truncate(18, overflow="ellipsis")
            table.add_row(
                question,
                answer,
                Text(_state(row)),
                Text(format_due(row.due if row else None, now, self.app.tz)),
                Text(str(row.reps if row else 0), justify="right"),
                key=card.id,
            )
        if self.shown:
            table.move_cursor(row=min(keep or 0, len(self.shown) - 1))

    def selected(self) -> Card | None:
        table = self.query_one("#card-table", DataTable)
        if table.cursor_row is None or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def on_resize(self, event: events.Resize) -> None:
        # The question column is cut to the screen's width: recut it, or a narrower
        # terminal pushes State, Due and Reps off the right edge.
        if self.is_mounted and self.rows is not None:
            self.fill(self.query_one("#search", Input).value)

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one("#card-table", DataTable).focus()

    @on(DataTable.RowSelected, "#card-table")
    def _row_selected(self) -> None:
        self.action_history()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_history(self) -> None:
        card = self.selected()
        if card is not None:
            self.app.push_screen(CardHistoryScreen(self.deck, card, self.rows.get(card.id)))

    def action_toggle_suspend(self) -> None:
        card = self.selected()
        store = self.app.store
        if card is None or store is None:
            return
        row = self.rows.get(card.id)
        if row is not None and (row.suspended or row.buried):
            store.unsuspend(self.deck.deck.id, card.id)
            self.notify("Card back in the study queue.")
        else:
            store.suspend(self.deck.deck.id, card.id)
            self.notify("Card suspended.")
        self.reload()

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus and search.value:
            search.value = ""
            return
        self.dismiss()


class CardHistoryScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "close", "Close", key_display="esc"),
    ]

    app: QuizApp

    def __init__(self, deck: Deck, card: Card, row: CardRow | None) -> None:
        super().__init__()
        self.deck = deck
        self.card = card
        self.row = row

    def compose(self) -> ComposeResult:
        card = self.card
        with Vertical(id="history-box"):
            with VerticalScroll(id="history-card"):
                yield Static(literal(card.question, "bold"), id="history-question")
                yield Static(Content.assemble(("Answer  ", "dim"), literal(card.answer)))
                if card.aliases:
                    yield Static(
                        Content.assemble(("Also    ", "dim"), Content(" · ".join(card.aliases)))
                    )
                if (source := source_content(card)) is not None:
                    yield Static(source, classes="source")
                yield Static(self._state_line(), id="history-state")
            table: DataTable[Text] = DataTable(id="history-table", cursor_type="row")
            yield table
        yield KeyBar()

    def _state_line(self) -> Content:
        row = self.row
        if row is None:
            return Content.styled("New: not studied yet.", "dim")
        now = self.app.clock()
        parts = [
            ("State ", "dim"),
            (_state(row), "bold"),
            ("   Due ", "dim"),
            (format_due(row.due, now, self.app.tz) or "-", "bold"),
            ("   Reviews ", "dim"),
            (str(row.reps), "bold"),
            ("   Lapses ", "dim"),
            (str(row.lapses), "bold"),
        ]
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        assert self.app.store is not None
        table = self.query_one("#history-table", DataTable)
        table.add_column("When", key="when")
        table.add_column("Mode", key="mode")
        table.add_column("Grade", key="grade")
        table.add_column("Next in", key="next")
        history = self.app.store.card_history(self.deck.deck.id, self.card.id)
        for entry in history:
            local = (
                entry.reviewed_at.astimezone(self.app.tz)
                if self.app.tz is not None
                else entry.reviewed_at.astimezone()
            )
            due = entry.after.due
            interval = format_interval(due - entry.reviewed_at) if due is not None else ""
            table.add_row(
                Text(local.strftime("%Y-%m-%d %H:%M")),
                Text(entry.mode),
                Text(RATING_NAMES.get(Rating(entry.rating), str(entry.rating))),
                Text(interval),
            )
        if not history:
            table.display = False
        table.focus()

    def action_close(self) -> None:
        self.dismiss()
