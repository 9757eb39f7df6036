"""Deck editor: add, edit, delete and reorder the cards of a deck file.

Edits are drafts until saved: a card may be invalid while it is being typed
(its message shows under the field, the list marks it with "!"), and saving
asks for every card to be valid. Saving writes the whole deck atomically,
keeps card ids (an existing card's id cannot be edited, so its study
progress stays attached), and keeps a `#:schema` first line. Leaving with
unsaved changes asks first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from quizapp.authoring import card_to_form, form_to_card, save_curated, unused_card_id
from quizapp.deck import Card, Deck
from quizapp.errors import UserError
from quizapp.tui.library import editable_path
from quizapp.tui.screens.cardform import CardForm
from quizapp.tui.screens.confirm import unsaved_changes_dialog
from quizapp.tui.widgets.keys import KeyBar

if TYPE_CHECKING:
    from quizapp.tui.library import DeckEntry


@dataclass
class Draft:
    """One card being edited: its form strings, and the card as it was loaded (if any)."""

    form: dict[str, str]
    original: Card | None = None
    card: Card | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_new(self) -> bool:
        return self.original is None


class DeckEditorScreen(Screen[Deck | None]):
    """Edits one deck file; dismisses with the saved deck (or None if nothing was saved)."""

    DEFAULT_CSS = """
    DeckEditorScreen #editor-body { height: 1fr; }
    DeckEditorScreen #card-list { width: 40%; min-width: 24; height: 1fr; }
    DeckEditorScreen #card-pane { width: 1fr; height: 1fr; }
    DeckEditorScreen #editor-status { height: auto; padding: 0 1; color: $text-muted; }
    DeckEditorScreen #editor-status.-error { color: $text-error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        # Short labels and a compact footer, so every key (esc, ? too) shows at 80 columns;
        # the help screen gives the long form (tooltip).
        Binding("ctrl+n", "add", "Add", tooltip="Add a card", priority=True),
        Binding("delete", "delete", "Delete", tooltip="Delete the card"),
        Binding(
            "ctrl+up", "move(-1)", "Up", tooltip="Move the card up", key_display="^↑", priority=True
        ),
        Binding(
            "ctrl+down",
            "move(1)",
            "Down",
            tooltip="Move the card down",
            key_display="^↓",
            priority=True,
        ),
        Binding("escape", "leave", "Back"),
    ]

    def __init__(
        self,
        deck: Deck | DeckEntry,
        path: str | os.PathLike | None = None,
    ) -> None:
        super().__init__()
        entry = None if isinstance(deck, Deck) else deck
        if entry is not None:
            if entry.deck is None or entry.path is None:
                raise UserError(entry.error or "this deck cannot be edited", code=2)
            deck, path = entry.deck, path or entry.path
        assert isinstance(deck, Deck)
        if path is None:
            raise UserError("the deck editor needs the deck's file", code=2)
        self.entry = entry
        self.deck = deck
        self.path = Path(path)
        self.drafts: list[Draft] = [
            Draft(card_to_form(card), original=card, card=card) for card in deck.cards
        ]
        self.current: int | None = 0 if self.drafts else None
        self.dirty = False
        self.saved: Deck | None = None
        # Deleting a generated card rejects it, so rebuilding the passage leaves it out.
        self.rejected: list[str] = list(deck.deck.rejected)

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="editor-body"):
            yield OptionList(id="card-list")
            with Vertical(id="card-pane"):
                yield CardForm(extra_check=self._id_clash, id="card-form")
        yield Static("", id="editor-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = f"Edit: {self.deck.deck.title}"
        self.sub_title = str(self.path)
        options = self.query_one("#card-list", OptionList)
        options.add_options([Option(self._prompt(i)) for i in range(len(self.drafts))])
        if self.current is not None:
            options.highlighted = self.current
            self._show(self.current)
        else:
            self._set_form_enabled(False)
        self._status(f"{len(self.drafts)} cards")
        options.focus()

    # -- list and form -----------------------------------------------------------------

    def _prompt(self, index: int) -> Content:
        draft = self.drafts[index]
        mark = "! " if draft.card is None else "  "
        question = " ".join(draft.form.get("question", "").split()) or "(no question)"
        return Content.assemble(
            (mark, "bold $text-error"),
            (f"{index + 1}. ", "dim"),
            question,  # plain str in assemble is literal text, never markup
        )

    def _refresh_prompt(self, index: int) -> None:
        self.query_one("#card-list", OptionList).replace_option_prompt_at_index(
            index, self._prompt(index)
        )

    def _rebuild_list(self) -> None:
        options = self.query_one("#card-list", OptionList)
        options.clear_options()
        options.add_options([Option(self._prompt(i)) for i in range(len(self.drafts))])
        if self.current is not None:
            options.highlighted = self.current

    def _show(self, index: int) -> None:
        self.current = index
        draft = self.drafts[index]
        form = self.query_one(CardForm)
        self._set_form_enabled(True)
        form.load(draft.form, draft.original, id_editable=draft.is_new)

    def _set_form_enabled(self, enabled: bool) -> None:
        self.query_one(CardForm).disabled = not enabled

    def _id_clash(self, card: Card) -> dict[str, str]:
        """The deck's own rule, unique ids, checked against the other drafts."""
        for index, draft in enumerate(self.drafts):
            if index != self.current and draft.form.get("id", "").strip() == card.id:
                return {"id": f"'{card.id}' is already the id of cards[{index}]"}
        return {}

    @on(OptionList.OptionHighlighted, "#card-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.current:
            self._show(event.option_index)

    @on(OptionList.OptionSelected, "#card-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#field-question").focus()

    @on(CardForm.Changed)
    def _form_changed(self, event: CardForm.Changed) -> None:
        if self.current is None:
            return
        draft = self.drafts[self.current]
        form = event.form.read()
        if form == draft.form and (event.card, event.errors) == (draft.card, draft.errors):
            return  # the echo of loading this draft into the form
        changed = form != draft.form
        draft.form, draft.card, draft.errors = form, event.card, event.errors
        if changed:
            self._mark_dirty()
        self._refresh_prompt(self.current)
        if event.errors:
            self._status(self._describe_errors(self.current), error=True)
        else:
            self._status("")

    def _describe_errors(self, index: int) -> str:
        draft = self.drafts[index]
        card_id = draft.form.get("id", "").strip()
        where = f'cards[{index}] (id "{card_id}")' if card_id else f"cards[{index}]"
        return "; ".join(f"{where}: {name}: {message}" for name, message in draft.errors.items())

    def _mark_dirty(self) -> None:
        self.dirty = True
        self.sub_title = f"{self.path}  (modified)"

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#editor-status", Static)
        status.update(Content(text))
        status.set_class(error, "-error")

    # -- actions -----------------------------------------------------------------------

    def action_add(self) -> None:
        taken = {d.form.get("id", "").strip() for d in self.drafts} | set(self.rejected)
        form = {
            "id": unused_card_id(taken),
            "kind": "basic",
            "question": "",
            "answer": "",
            "aliases": "",
            "distractors": "",
            "tags": "",
            "source": "",
        }
        card, errors = form_to_card(form)
        at = len(self.drafts) if self.current is None else self.current + 1
        self.drafts.insert(at, Draft(form, None, card, errors))
        self.current = at
        self._mark_dirty()
        self._rebuild_list()
        self._show(at)
        self.query_one("#field-question").focus()
        self._status("New card: write its question and answer")

    def action_delete(self) -> None:
        if self.current is None:
            return
        index = self.current
        gone = self.drafts.pop(index)
        # A card with passage offsets came from the builder; one without, from a person.
        original = gone.original
        generated = (
            original is not None
            and original.source is not None
            and original.source.start is not None
        )
        if generated:
            assert original is not None
            self.rejected.append(original.id)
        self._mark_dirty()
        if not self.drafts:
            self.current = None
            self._rebuild_list()
            self._set_form_enabled(False)
        else:
            self.current = min(index, len(self.drafts) - 1)
            self._rebuild_list()
            self._show(self.current)
        note = " and rejected: a rebuild leaves it out" if generated else ""
        self._status(
            f"Deleted card {index + 1}{note}; {len(self.drafts)} cards left (not saved yet)"
        )

    def action_move(self, step: int) -> None:
        if self.current is None:
            return
        index, target = self.current, self.current + step
        if not 0 <= target < len(self.drafts):
            return
        self.drafts[index], self.drafts[target] = self.drafts[target], self.drafts[index]
        self.current = target
        self._mark_dirty()
        self._rebuild_list()

    def action_save(self) -> bool:
        for index, draft in enumerate(self.drafts):
            if draft.card is None:
                self.query_one("#card-list", OptionList).highlighted = index
                self._show(index)
                self.query_one(CardForm).focus_first_error()
                self._status("Not saved: " + self._describe_errors(index), error=True)
                return False
        cards = [draft.card for draft in self.drafts if draft.card is not None]
        try:
            ids = {card.id for card in cards}
            rejected = [r for r in dict.fromkeys(self.rejected) if r not in ids]
            info = self.deck.deck.model_copy(update={"rejected": rejected})
            deck = Deck(format=self.deck.format, deck=info, cards=cards)
            target = editable_path(self.path)
            if target != self.path:
                self._copy_out(target)
            save_curated(deck, target)
        except UserError as exc:
            self._status(f"Not saved: {exc.message}", error=True)
            return False
        except ValueError as exc:  # pydantic: a rule across cards
            self._status(f"Not saved: {exc}", error=True)
            return False
        copied = target != self.path
        self.deck = self.saved = deck
        self.path = target
        if self.entry is not None:
            self.entry.deck = deck
            self.entry.path = target
        for draft, card in zip(self.drafts, cards, strict=True):
            draft.original = card
        self.dirty = False
        self.sub_title = str(self.path)
        if self.current is not None:
            self._show(self.current)
        if copied:
            self._status(
                f"Saved {len(cards)} cards to {target}: a copy, since the bundled deck"
                " belongs to the installed package"
            )
        else:
            self._status(f"Saved {len(cards)} cards to {self.path}")
        return True

    def _copy_out(self, target: Path) -> None:
        """Make room for the copy of a bundled deck, never over another deck's file."""
        if target.exists():
            raise UserError(
                f"{target} already exists; move it away to save a copy of the bundled deck"
            )
        target.parent.mkdir(parents=True, exist_ok=True)

    def action_leave(self) -> None:
        if not self.dirty:
            self.dismiss(self.saved)
            return

        def answered(answer: str | None) -> None:
            # "save" that fails (an invalid card) stays in the editor, showing why.
            if answer == "discard" or (answer == "save" and self.action_save()):
                self.dismiss(self.saved)

        self.app.push_screen(unsaved_changes_dialog(self.deck.deck.title), answered)

    def confirm_quit(self) -> bool:
        """Called by the app before it quits: True when the editor asks first."""
        if not self.dirty:
            return False

        def answered(answer: str | None) -> None:
            if answer == "discard" or (answer == "save" and self.action_save()):
                self.app.exit()

        self.app.push_screen(unsaved_changes_dialog(self.deck.deck.title), answered)
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("delete", "move"):
            return self.current is not None
        return True


__all__ = ["DeckEditorScreen", "Draft"]
