"""A form for one card, shared by the deck editor and the review screen.

The form validates as you type with the deck model's own rules
(quizapp.authoring.form_to_card -> Card.model_validate), and shows each
message under its field. Card text is untrusted: it only ever goes into
Input values and Content, never into markup.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from quizapp.authoring import FORM_FIELDS, card_to_form, form_to_card
from quizapp.deck import KINDS, Card

LABELS = {
    "id": "Id",
    "kind": "Kind",
    "question": "Question",
    "answer": "Answer",
    "aliases": "Other accepted answers (separate with |)",
    "distractors": "Wrong choices for multiple choice (separate with |)",
    "tags": "Tags (separate with spaces)",
    "source": "Source sentence (optional)",
}

PLACEHOLDERS = {
    "id": "lower-case letters, digits, - and _",
    "question": "What is asked; a cloze question marks its blank with ____",
    "answer": "The answer",
    "aliases": "e.g. Dec. 2000 | December of 2000",
    "distractors": "e.g. 1999 | 2001 | 2003",
    "tags": "e.g. history when",
    "source": "The passage sentence this card comes from",
}

# Extra checks the caller adds (e.g. "this id is already used"): card -> {field: message}.
ExtraCheck = Callable[[Card], dict[str, str]]


class CardForm(VerticalScroll):
    """Inputs for every card field, each with its validation message below it."""

    DEFAULT_CSS = """
    CardForm { height: 1fr; padding: 0 1; }
    CardForm .field-label { margin-top: 1; color: $text-muted; }
    CardForm .field-error { color: $text-error; height: auto; }
    CardForm .field-error.-empty { display: none; }
    CardForm Input { background: $boost; }
    CardForm .-invalid { background: $error 20%; }
    """

    class Changed(Message):
        """The form's content changed; `card` is None while it is not valid."""

        def __init__(self, form: CardForm, card: Card | None, errors: dict[str, str]) -> None:
            super().__init__()
            self.form = form
            self.card = card
            self.errors = errors

        @property
        def control(self) -> CardForm:
            return self.form

    def __init__(self, *, extra_check: ExtraCheck | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.extra_check = extra_check
        self.original: Card | None = None
        self.card: Card | None = None
        self.errors: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        for name in FORM_FIELDS:
            yield Label(LABELS[name], classes="field-label", id=f"label-{name}")
            if name == "kind":
                yield Select(
                    [(kind, kind) for kind in KINDS],
                    allow_blank=False,
                    value="basic",
                    id="field-kind",
                    compact=True,
                )
            else:
                yield Input(
                    placeholder=PLACEHOLDERS.get(name, ""), id=f"field-{name}", compact=True
                )
            yield Static("", id=f"error-{name}", classes="field-error -empty")

    # -- reading and writing ---------------------------------------------------------

    def load(self, form: dict[str, str], original: Card | None, *, id_editable: bool) -> None:
        """Show `form` (strings per field); `original` is the card before any edits.

        Setting the inputs posts their Changed events later; those revalidate the
        same content, so listeners compare what they get with what they hold.
        """
        self.original = original
        for name in FORM_FIELDS:
            if name == "kind":
                self.query_one("#field-kind", Select).value = form.get("kind") or "basic"
            else:
                field = self.query_one(f"#field-{name}", Input)
                field.value = form.get(name, "")
                field.cursor_position = len(field.value)
        self.query_one("#field-id", Input).disabled = not id_editable
        self.revalidate(notify=False)

    def load_card(self, card: Card, *, id_editable: bool = False) -> None:
        self.load(card_to_form(card), card, id_editable=id_editable)

    def read(self) -> dict[str, str]:
        form: dict[str, str] = {}
        for name in FORM_FIELDS:
            if name == "kind":
                value = self.query_one("#field-kind", Select).value
                form[name] = value if isinstance(value, str) else ""
            else:
                form[name] = self.query_one(f"#field-{name}", Input).value
        return form

    def revalidate(self, *, notify: bool = True) -> Card | None:
        card, errors = form_to_card(self.read(), self.original)
        if card is not None and self.extra_check is not None:
            errors = self.extra_check(card)
            if errors:
                card = None
        self.card, self.errors = card, errors
        for name in FORM_FIELDS:
            message = errors.get(name, "")
            label = self.query_one(f"#error-{name}", Static)
            label.update(Content(message))
            label.set_class(not message, "-empty")
            self.query_one(f"#field-{name}").set_class(bool(message), "-invalid")
        if notify:
            self.post_message(self.Changed(self, card, errors))
        return card

    def focus_first_error(self) -> None:
        for name in FORM_FIELDS:
            if name in self.errors:
                self.query_one(f"#field-{name}").focus()
                return

    @on(Input.Changed)
    @on(Select.Changed)
    def _field_changed(self, event: Input.Changed | Select.Changed) -> None:
        event.stop()
        self.revalidate()


class FormButtons(Horizontal):
    DEFAULT_CSS = """
    FormButtons { height: auto; padding: 0 1; }
    FormButtons Button { margin-right: 2; }
    """

    def __init__(self, *buttons: Button) -> None:
        super().__init__(*buttons)


__all__ = ["CardForm", "FormButtons"]
