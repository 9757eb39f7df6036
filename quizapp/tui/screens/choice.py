"""Multiple choice: the answer among three or more distractors, in an order fixed per card."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quizapp.study.queue import StudyCard
from quizapp.tui.screens.study import STUDY_BINDINGS, StudyScreen, when_ready
from quizapp.tui.widgets.cardtext import literal, source_content

if TYPE_CHECKING:
    from quizapp.deck import Card, Deck

MAX_OPTIONS = 4


def choice_options(card: Card, deck: Deck, count: int = MAX_OPTIONS) -> list[str]:
    """The answer plus up to `count - 1` distractors, shuffled with the card id as seed.

    Cards with fewer distractors than that borrow answers of other cards, same kind
    first, so every question still has at least three wrong options when the deck
    has them. The same card always gets the same options in the same order.
    """
    from quizapp.deck import fold

    rng = random.Random(card.id)
    taken = {fold(a) for a in card.accepted_answers()}
    wrong: list[str] = []

    def add(values: list[str]) -> None:
        for value in values:
            if len(wrong) >= count - 1:
                return
            if fold(value) not in taken:
                taken.add(fold(value))
                wrong.append(value)

    own = list(card.distractors)
    rng.shuffle(own)
    add(own)
    if len(wrong) < count - 1:
        same = sorted(c.answer for c in deck.cards if c.id != card.id and c.kind == card.kind)
        rng.shuffle(same)
        add(same)
    if len(wrong) < count - 1:
        other = sorted(c.answer for c in deck.cards if c.id != card.id and c.kind != card.kind)
        rng.shuffle(other)
        add(other)
    options = [card.answer, *wrong]
    rng.shuffle(options)
    return options


class ChoiceScreen(StudyScreen):
    MODE = "choice"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pick(0)", "Answer", key_display="1-4"),
        Binding("2", "pick(1)", "2nd", show=False),
        Binding("3", "pick(2)", "3rd", show=False),
        Binding("4", "pick(3)", "4th", show=False),
        Binding("enter,space", "next", "Next card", key_display="enter"),
        *STUDY_BINDINGS,
    ]

    options: list[str]

    def compose_answer(self) -> ComposeResult:
        yield OptionList(id="choices", markup=False)
        yield Static(id="feedback", classes="feedback")
        yield Static(id="source", classes="source")

    def show_card(self, item: StudyCard, *, kept: bool = False) -> None:
        assert self.deck is not None
        self.options = choice_options(item.card, self.deck)
        self._render_options()
        self.query_one("#feedback", Static).update(
            Content.styled("1-4 or ↑↓ + enter to answer", "dim")
        )
        self.query_one("#source", Static).update("")
        self.set_class(False, "answered")
        choices = self.query_one("#choices", OptionList)
        choices.highlighted = 0
        choices.focus()

    def _render_options(self, picked: int | None = None) -> None:
        choices = self.query_one("#choices", OptionList)
        highlighted = choices.highlighted
        from quizapp.study import grade_choice

        choices.clear_options()
        assert self.item is not None
        for index, text in enumerate(self.options):
            prompt = Content.assemble((f"{index + 1}  ", "bold"), literal(text))
            if picked is not None:
                right = grade_choice(self.item.card, text)
                if right:
                    prompt = Content.assemble(("✓ ", "bold $text-success"), prompt)
                elif index == picked:
                    prompt = Content.assemble(("✗ ", "bold $text-error"), prompt)
                else:
                    prompt = Content.assemble("  ", prompt)
            choices.add_option(Option(prompt, id=f"option-{index}"))
        if highlighted is not None:
            choices.highlighted = highlighted

    @when_ready
    def action_pick(self, index: int) -> None:
        if self.item is None or self.answered is not None or index >= len(self.options):
            return
        from quizapp.study import grade_choice, rating_for

        card = self.item.card
        correct = grade_choice(card, self.options[index])
        self.answer(rating_for(correct))
        self._render_options(picked=index)
        choices = self.query_one("#choices", OptionList)
        choices.highlighted = index
        if correct:
            feedback = Content.assemble(
                ("Right!", "bold $text-success"), "  ", literal(card.answer)
            )
        else:
            feedback = Content.assemble(
                ("Wrong.", "bold $text-error"), "  The answer is ", literal(card.answer, "bold")
            )
        feedback = feedback + Content.styled("     enter: next card", "dim")
        self.query_one("#feedback", Static).update(feedback)
        self.query_one("#source", Static).update(source_content(card) or "")
        self.set_class(True, "answered")
        self.set_class(correct, "right")

    @when_ready
    def action_next(self) -> None:
        if self.answered is not None:
            self.next_card()

    @on(OptionList.OptionSelected, "#choices")
    @when_ready
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.answered is not None:
            self.next_card()
        else:
            self.action_pick(event.option_index)

    def can_run(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return self.showing and self.answered is None
        if action == "next":
            return self.answered is not None
        return super().can_run(action, parameters)
