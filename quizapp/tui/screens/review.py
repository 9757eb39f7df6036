"""Review generated cards: accept, edit or reject each one, with its source sentence.

`quizapp build PASSAGE -o DECK.toml --review` opens this on the cards the
build produced that the deck has not seen yet (neither in the deck nor
rejected). Every decision is saved at once, so quitting half-way loses
nothing: accepted cards (as edited) go into the deck file in passage order,
rejected ids go into `rejected = [...]` so a rebuild leaves them out, and
cards not decided on yet are offered again by the next review.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Header, Static

from quizapp.authoring import apply_review, review_candidates, save_curated
from quizapp.deck import Card, Deck
from quizapp.errors import UserError
from quizapp.tui.screens.cardform import CardForm, FormButtons
from quizapp.tui.widgets.cardtext import source_content
from quizapp.tui.widgets.keys import KeyBar


class EditCardScreen(ModalScreen[Card | None]):
    """Edit one card in a form; dismisses with the edited card, or None to cancel."""

    DEFAULT_CSS = """
    EditCardScreen { align: center middle; }
    EditCardScreen > Vertical {
        width: 90%; height: 90%; border: thick $primary; background: $surface;
    }
    EditCardScreen #edit-title { padding: 0 1; text-style: bold; }
    EditCardScreen #edit-status { padding: 0 1; color: $text-error; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "done", "Accept edited card", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, card: Card) -> None:
        super().__init__()
        self.card = card

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Edit the card, then accept it (ctrl+s)", id="edit-title")
            yield CardForm(id="edit-form")
            yield Static("", id="edit-status")
            yield FormButtons(
                Button("Accept edited card", id="edit-done", variant="primary"),
                Button("Cancel", id="edit-cancel"),
            )

    def on_mount(self) -> None:
        self.query_one(CardForm).load_card(self.card, id_editable=False)
        self.query_one("#field-question").focus()

    def action_done(self) -> None:
        form = self.query_one(CardForm)
        card = form.revalidate(notify=False)
        if card is None:
            form.focus_first_error()
            self.query_one("#edit-status", Static).update(
                Content("Fix the fields marked in red first.")
            )
            return
        self.dismiss(card)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#edit-done")
    def _done(self) -> None:
        self.action_done()

    @on(Button.Pressed, "#edit-cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    @on(CardForm.Changed)
    def _changed(self, event: CardForm.Changed) -> None:
        if event.card is not None:
            self.query_one("#edit-status", Static).update("")


class ReviewScreen(Screen[Deck | None]):
    """One generated card at a time; dismisses with the saved deck (None if nothing was saved)."""

    DEFAULT_CSS = """
    ReviewScreen #review-progress { padding: 0 1; background: $boost; height: 1; }
    ReviewScreen #review-card { padding: 1 2; height: 1fr; }
    ReviewScreen .review-label { color: $text-muted; margin-top: 1; }
    ReviewScreen #review-question { text-style: bold; }
    ReviewScreen #review-answer { color: $text-success; }
    ReviewScreen #review-decision { margin-top: 1; text-style: italic; }
    ReviewScreen #review-buttons { height: auto; padding: 0 1; }
    ReviewScreen #review-buttons Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept"),
        Binding("e", "edit", "Edit"),
        Binding("r", "reject", "Reject"),
        Binding("s,right", "skip", "Later", key_display="s/→"),
        Binding("left", "back", "Previous", key_display="←"),
        Binding("q,escape", "finish", "Finish"),
    ]

    def __init__(self, old: Deck | None, new: Deck, path: str | os.PathLike) -> None:
        super().__init__()
        self.old = old
        self.new = new
        self.path = Path(path)
        self.candidates = review_candidates(old, new)
        # card id -> the accepted (possibly edited) card, or None when rejected
        self.decisions: dict[str, Card | None] = {}
        self.index = 0
        self.saved: Deck | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="review-progress")
        with VerticalScroll(id="review-card"):
            yield Static("", id="review-kind", classes="review-label")
            yield Static("", id="review-question")
            yield Static("Answer", classes="review-label", id="review-answer-label")
            yield Static("", id="review-answer")
            yield Static("", id="review-details")
            yield Static("From the passage", classes="review-label", id="review-source-label")
            yield Static("", id="review-source")
            yield Static("", id="review-decision")
        with Horizontal(id="review-buttons"):
            yield Button("Accept (a)", id="btn-accept", variant="success")
            yield Button("Edit (e)", id="btn-edit", variant="primary")
            yield Button("Reject (r)", id="btn-reject", variant="error")
            yield Button("Later (s)", id="btn-skip")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = f"Review: {self.new.deck.title}"
        self.sub_title = str(self.path)
        for button in self.query(Button):
            button.can_focus = False
        self._show()

    # -- display ------------------------------------------------------------------------

    @property
    def card(self) -> Card | None:
        if 0 <= self.index < len(self.candidates):
            return self.candidates[self.index]
        return None

    def _counts(self) -> tuple[int, int]:
        accepted = sum(1 for c in self.decisions.values() if c is not None)
        return accepted, len(self.decisions) - accepted

    def _show(self) -> None:
        accepted, rejected = self._counts()
        total = len(self.candidates)
        card = self.card
        progress = self.query_one("#review-progress", Static)
        done = card is None
        self.query_one("#review-buttons").display = not done
        if done:
            later = total - len(self.decisions)
            progress.update(
                Content(f"Done: {accepted} accepted, {rejected} rejected, {later} left for later")
            )
            self._show_summary(total, later)
            self.refresh_bindings()
            return
        progress.update(
            Content(
                f"Card {self.index + 1} of {total}  ·  {accepted} accepted  ·  {rejected} rejected"
            )
        )
        shown = self.decisions.get(card.id) or card
        self.query_one("#review-kind", Static).update(Content(f"{shown.kind} card  ·  {shown.id}"))
        self.query_one("#review-question", Static).update(Content(shown.question))
        self.query_one("#review-answer", Static).update(Content(shown.answer))
        self.query_one("#review-answer-label").display = True
        details: list[str] = []
        if shown.aliases:
            details.append("Also accepted: " + "; ".join(shown.aliases))
        if shown.distractors:
            details.append("Wrong choices: " + "; ".join(shown.distractors))
        if shown.tags:
            details.append("Tags: " + " ".join(shown.tags))
        self.query_one("#review-details", Static).update(Content("\n".join(details)))
        source = source_content(shown)
        self.query_one("#review-source-label").display = source is not None
        self.query_one("#review-source", Static).update(source or "")
        decision = ""
        if card.id in self.decisions:
            decision = "Rejected." if self.decisions[card.id] is None else "Accepted."
            if self.decisions[card.id] not in (None, card):
                decision = "Accepted with your edits."
            decision += " Press a key to change your mind."
        self.query_one("#review-decision", Static).update(Content(decision))
        self.refresh_bindings()

    def _show_summary(self, total: int, later: int) -> None:
        if total == 0:
            message = "No new cards to review: every built card is already in the deck or rejected."
        else:
            message = (
                "Every card has a decision."
                if not later
                else (f"{later} card(s) left for later: the next `--review` offers them again.")
            )
            if self.saved is not None:
                message += f"\nSaved to {self.path}."
        self.query_one("#review-kind", Static).update("")
        self.query_one("#review-question", Static).update(Content(message))
        self.query_one("#review-answer", Static).update("")
        self.query_one("#review-answer-label").display = False
        self.query_one("#review-details", Static).update(Content("Press q to finish."))
        self.query_one("#review-source-label").display = False
        self.query_one("#review-source", Static).update("")
        self.query_one("#review-decision", Static).update("")

    # -- decisions ----------------------------------------------------------------------

    def _decide(self, card: Card, result: Card | None) -> None:
        self.decisions[card.id] = result
        accepted = [c for c in self.decisions.values() if c is not None]
        rejected = [i for i, c in self.decisions.items() if c is None]
        deck = apply_review(self.old, self.new, accepted, rejected)
        try:
            save_curated(deck, self.path)
        except UserError as exc:
            self.notify(exc.message, title="Not saved", severity="error", markup=False)
            del self.decisions[card.id]
            return
        self.saved = deck
        self._next()

    def _next(self) -> None:
        """On to the next card without a decision; past the end when there is none."""
        self.index = next(
            (
                i
                for i in range(self.index + 1, len(self.candidates))
                if self.candidates[i].id not in self.decisions
            ),
            len(self.candidates),
        )
        self._show()

    def action_accept(self) -> None:
        if (card := self.card) is not None:
            self._decide(card, self.decisions.get(card.id) or card)

    def action_reject(self) -> None:
        if (card := self.card) is not None:
            self._decide(card, None)

    def action_edit(self) -> None:
        card = self.card
        if card is None:
            return
        current = self.decisions.get(card.id) or card

        def edited(result: Card | None) -> None:
            if result is not None:
                self._decide(card, result)

        self.app.push_screen(EditCardScreen(current), edited)

    def action_skip(self) -> None:
        if self.card is not None:
            self.index += 1
            self._show()

    def action_back(self) -> None:
        if self.index > 0:
            self.index -= 1
            self._show()

    def action_finish(self) -> None:
        self.dismiss(self.saved)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("accept", "edit", "reject", "skip"):
            return self.card is not None
        if action == "back":
            return self.index > 0
        return True

    @on(Button.Pressed, "#review-buttons Button")
    async def _button(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        await self.run_action(event.button.id.removeprefix("btn-"))


class ReviewApp(App[Deck | None]):
    """The review screen on its own, for `quizapp build --review`."""

    TITLE = "quizapp review"

    def __init__(self, old: Deck | None, new: Deck, path: str | os.PathLike) -> None:
        super().__init__()
        self.review = ReviewScreen(old, new, path)

    def on_mount(self) -> None:
        self.push_screen(self.review, self.exit)


def run_review(old: Deck | None, new: Deck, path: str | os.PathLike) -> Deck | None:
    """Run the review in the terminal; the deck as saved, or None if nothing was decided."""
    return ReviewApp(old, new, path).run()


__all__ = ["EditCardScreen", "ReviewApp", "ReviewScreen", "run_review"]
