"""Typed answers: graded by the study engine; a near miss shows what differed, and the
student may overrule a wrong verdict ("I was right")."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input, Static

from quizapp.study.model import Rating
from quizapp.study.queue import StudyCard
from quizapp.tui.screens.study import StudyScreen, when_ready
from quizapp.tui.widgets.cardtext import diff_contents, literal, source_content

if TYPE_CHECKING:
    from quizapp.study.grading import GradeResult


class AnswerInput(Input):
    """The answer box. Enter hands the answer over and empties the box at once, in
    turn with the keys around it: as a binding it ran only once the key had gone up
    to the app, after the letters queued behind it were typed in, so "answer,
    enter, next answer" typed fast was graded as one answer."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            answer, self.value = self.value, ""
            self.post_message(self.Submitted(self, answer))
            return
        await super()._on_key(event)


class TypedScreen(StudyScreen):
    MODE = "typed"
    AUTO_FOCUS = "#typed"  # also while the deck loads: typing goes to the answer
    # The student's hands are on the letters here, so no letter is a command: one
    # typed ahead while the feedback shows must not undo, suspend or overrule.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "next", "Next card", key_display="enter"),
        Binding("ctrl+r", "overrule", "I was right"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("ctrl+s", "suspend", "Suspend"),
        Binding("ctrl+b", "bury", "Bury"),
        Binding("escape", "back", "Back", key_display="esc"),
    ]

    grade: GradeResult | None = None
    overruled = False

    def compose_answer(self) -> ComposeResult:
        # No select-on-focus: a letter typed ahead into a new card's box must stay.
        yield AnswerInput(
            placeholder="Type the answer, then press enter", id="typed", select_on_focus=False
        )
        yield Static(id="feedback", classes="feedback")
        yield Static(id="diff", classes="diff")
        yield Static(id="source", classes="source")

    def show_card(self, item: StudyCard, *, kept: bool = False) -> None:
        self.grade = None
        self.overruled = False
        typed = self.query_one("#typed", Input)
        if not kept:
            typed.value = ""
        typed.disabled = False
        # At once, not via focus(): keys already queued (typing ahead) must reach it.
        self.set_focus(typed)
        for name in ("#feedback", "#diff", "#source"):
            self.query_one(name, Static).update("")
        self.set_class(False, "answered")

    @on(Input.Submitted, "#typed")
    @when_ready
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.answered is not None:
            # Typed and sent while the last answer's feedback was coming up: this
            # answer is the next card's.
            self.next_card()
            if self.answered is not None:  # the session ended: the summary shows
                return
        self._submit(event.value)

    def _submit(self, value: str) -> None:
        if self.item is None or self.answered is not None:
            return
        # Imported when first needed: grading loads the deck models (pydantic), which
        # the first paint does not wait for.
        from quizapp.study.grading import grade_typed, rating_for

        self.grade = grade_typed(self.item.card, value)
        self.answer(rating_for(self.grade.correct))
        typed = self.query_one("#typed", Input)
        # The box was emptied on enter: what is in it now was typed after, and begins
        # the next card's answer, as letters typed on the feedback do.
        ahead, typed.value = typed.value, value
        typed.disabled = True
        self.set_focus(None)
        self.set_class(True, "answered")
        self._show_feedback()
        if ahead:
            self.next_card()
            if self.answered is None:  # a next card (not the end of the session)
                typed.insert_text_at_cursor(ahead)

    def _show_feedback(self) -> None:
        assert self.item is not None and self.grade is not None
        grade = self.grade
        card = self.item.card
        if self.overruled:
            style, fallback = "bold $text-success", "Counted as right."
        elif grade.correct:
            style, fallback = "bold $text-success", "Right!"
        elif grade.near_miss:
            style, fallback = "bold $text-warning", "Almost."
        else:
            style, fallback = "bold $text-error", "Not quite."
        # The engine's sentence says what was wrong and names the answer when it can.
        parts: list[Content | str] = []
        if self.overruled or not grade.message:
            parts += [Content.styled(fallback, style), "  "]
        if grade.message:
            parts.append(literal(grade.message, "" if self.overruled else style))
        if card.answer not in grade.message:
            parts += [" The answer is ", literal(card.answer, "bold")]
        hint = "enter: next card" + ("   ctrl+r: I was right" if self._can_overrule() else "")
        parts += ["\n", Content.styled(hint, "dim")]
        self.query_one("#feedback", Static).update(Content.assemble(*parts))
        diff = self._diff()
        self.query_one("#diff", Static).update(diff)
        self.query_one("#diff", Static).display = bool(diff)
        self.query_one("#source", Static).update(source_content(card) or "")
        self.refresh_bindings()

    def _diff(self) -> Content | str:
        grade = self.grade
        assert grade is not None
        if not grade.typed.strip() or grade.distance == 0 or not (grade.near_miss or grade.correct):
            return ""
        typed = grade.typed_normalized or grade.typed
        expected = grade.expected_normalized or (grade.matched or grade.expected)
        typed_c, expected_c = diff_contents(typed, expected)
        return Content.assemble(
            ("You typed  ", "dim"), typed_c, "\n", ("Answer     ", "dim"), expected_c
        )

    def _can_overrule(self) -> bool:
        return (
            self.grade is not None
            and not self.grade.correct
            and not self.overruled
            and self.answered is not None
        )

    @when_ready
    def action_overrule(self) -> None:
        if not self._can_overrule():
            return
        assert self.session is not None and self.item is not None
        self.session.undo()
        self.answered = None
        from quizapp.study.grading import rating_for

        self.answer(rating_for(False, override=Rating.Good))
        self.overruled = True
        self._show_feedback()

    @when_ready
    def action_next(self) -> None:
        if self.answered is not None:
            self.next_card()

    def on_key(self, event: events.Key) -> None:
        """Keys that reach the screen instead of the answer box belong to the answer.

        Typed ahead while the feedback shows, a letter starts the next card's answer.
        In a fast burst the app forwards keys before the box has focus, so letters
        and enter that arrive here while the box is open are redirected to it.
        """
        if self.session is None:
            return
        typed = self.query_one("#typed", Input)
        typing = event.is_printable and bool(event.character)
        if self.answered is not None:
            if not typing or event.character == " ":
                return  # enter/space: the "next card" binding
            event.stop()
            event.prevent_default()
            self.next_card()
            if self.answered is not None:  # the session ended: the summary shows
                return
        elif typed.disabled or typed.has_focus or not (typing or event.key == "enter"):
            return
        event.stop()
        event.prevent_default()
        self.set_focus(typed)
        if typing:
            assert event.character is not None
            typed.insert_text_at_cursor(event.character)
        else:  # graded now, so the keys queued behind it see the feedback state
            answer, typed.value = typed.value, ""  # emptied, as AnswerInput does
            self._submit(answer)

    def can_run(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.answered is not None
        if action == "overrule":
            return self._can_overrule()
        return super().can_run(action, parameters)
