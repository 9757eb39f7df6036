"""Keys drawn as one line of text: the footer (`KeyBar`) and rows of buttons (`KeyButtons`).

Why not Textual's Footer and Buttons: they make a widget per key, and on a study
screen those widgets were a measurable share of the time to the first question
(scripts/bench_startup.py). Textual's Footer also fills itself in only after the
first frame. These widgets draw the same keys as text, in the first frame, and map
a click back to the key it shows, which is then pressed (`App.simulate_key`), so a
click does exactly what the key does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

HOVER_STYLE = "on $block-hover-background"


class KeySpot(NamedTuple):
    """Where a key is drawn: cells [start, end) of the line."""

    key: str
    start: int
    end: int
    enabled: bool = True
    tooltip: str | None = None


class KeyStrip(Widget, can_focus=False):
    """One line of clickable keys; subclasses say what to draw (`draw`)."""

    ALLOW_SELECT = False

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._hovered: str | None = None

    def draw(self, width: int) -> tuple[Content, list[KeySpot]]:
        """The line for this width, and where each key is on it."""
        raise NotImplementedError

    def spots(self) -> list[KeySpot]:
        """The keys as they are drawn at the widget's present width."""
        return self.draw(self.size.width)[1]

    def spot(self, key: str) -> KeySpot | None:
        return next((s for s in self.spots() if s.key == key), None)

    def spot_at(self, x: int) -> KeySpot | None:
        return next((s for s in self.spots() if s.start <= x < s.end), None)

    def render(self) -> Content:
        line, spots = self.draw(self.size.width)
        hovered = next((s for s in spots if s.key == self._hovered and s.enabled), None)
        if hovered is not None:
            line = line.stylize(HOVER_STYLE, hovered.start, hovered.end)
        return line

    def _spot_under(self, event: events.MouseEvent) -> KeySpot | None:
        # Spots are in content cells; the event is relative to the padded region.
        offset = event.get_content_offset(self)
        return self.spot_at(offset.x) if offset is not None else None

    def on_click(self, event: events.Click) -> None:
        spot = self._spot_under(event)
        if spot is None:
            return
        event.stop()
        if spot.enabled:
            self.app.simulate_key(spot.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        spot = self._spot_under(event)
        key = spot.key if spot is not None else None
        if key != self._hovered:
            self._hovered = key
            self.tooltip = spot.tooltip if spot is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.refresh()


class KeyBar(KeyStrip):
    """The footer: the screen's keys, as Textual's compact Footer shows them, with the
    command palette's key at the right. Keys that do not fit are left out (`hidden`);
    the help screen lists every key."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    """

    def __init__(
        self,
        *,
        show_command_palette: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.show_command_palette = show_command_palette
        self.hidden: list[str] = []  # descriptions of keys that did not fit, last draw

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        self.refresh()

    def shown(self) -> list[tuple[str, Binding, bool, str]]:
        """(key, binding, enabled, tooltip) for each action shown, in binding order;
        an action with several keys is shown once, by its first key."""
        palette = self.app.COMMAND_PALETTE_BINDING
        actions: set[str] = set()
        shown = []
        for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items():
            if not binding.show or binding.action in actions or key == palette:
                continue
            actions.add(binding.action)
            shown.append((key, binding, enabled, tooltip))
        return shown

    def key_displays(self) -> dict[str, str]:
        """{description: key as shown} for every key drawn at the present width."""
        drawn = {spot.key for spot in self.spots()}
        return {
            binding.description: self.app.get_key_display(binding)
            for key, binding, _enabled, _tooltip in self.shown()
            if key in drawn
        }

    def _item(self, binding: Binding, enabled: bool) -> Content:
        key = Content.styled(self.app.get_key_display(binding), "bold $footer-key-foreground")
        item = key
        if binding.description:
            item += Content.styled(" " + binding.description, "$footer-description-foreground")
        return item if enabled else item.stylize("dim")

    def draw(self, width: int) -> tuple[Content, list[KeySpot]]:
        right = Content("")
        right_spot: KeySpot | None = None
        palette = self.app.COMMAND_PALETTE_BINDING
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            active = self.screen.active_bindings.get(palette)
            if active is not None:
                item = self._item(active.binding, active.enabled)
                right = Content.styled("▏", "$foreground 20%") + item
                start = max(0, width - right.cell_length)
                right_spot = KeySpot(palette, start + 1, width, active.enabled, active.tooltip)
        room = width - right.cell_length - 1 if right_spot else width
        line = Content("")
        spots: list[KeySpot] = []
        self.hidden = []
        for key, binding, enabled, tooltip in self.shown():
            item = self._item(binding, enabled)
            gap = 1 if spots else 0
            if line.cell_length + gap + item.cell_length > room:
                self.hidden.append(binding.description or key)
                continue
            line += " " * gap
            start = line.cell_length
            line += item
            spots.append(KeySpot(key, start, line.cell_length, enabled, tooltip or None))
        if right_spot is not None:
            line = line.pad_right(width - line.cell_length - right.cell_length) + right
            spots.append(right_spot)
        return line, spots


class KeyButton(NamedTuple):
    """A button of a `KeyButtons` row: pressing it presses `key`."""

    key: str
    label: Content | str
    style: str = "bold $button-foreground on $surface"


class KeyButtons(KeyStrip):
    """A row of equal-width buttons on one line, each with its label centred."""

    DEFAULT_CSS = """
    KeyButtons {
        height: 1;
    }
    """
    GAP = 2  # cells between two buttons

    def __init__(
        self,
        buttons: Sequence[KeyButton] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.buttons: tuple[KeyButton, ...] = tuple(buttons)

    def set_buttons(self, buttons: Sequence[KeyButton]) -> None:
        self.buttons = tuple(buttons)
        self.refresh()

    def labels(self) -> dict[str, str]:
        """Each button's label as plain text, by key."""
        return {b.key: str(b.label) for b in self.buttons}

    def draw(self, width: int) -> tuple[Content, list[KeySpot]]:
        count = len(self.buttons)
        if not count:
            return Content(""), []
        room = max(0, width - self.GAP * (count - 1))
        line = Content("")
        spots = []
        for index, button in enumerate(self.buttons):
            cells = room // count + (1 if index < room % count else 0)
            label = Content(button.label) if isinstance(button.label, str) else button.label
            label = label.truncate(cells, ellipsis=True)
            left = (cells - label.cell_length) // 2
            face = Content(" " * left) + label
            face = face.pad_right(cells - face.cell_length).stylize_before(button.style)
            if index:
                line += " " * self.GAP
            start = line.cell_length
            line += face
            spots.append(KeySpot(button.key, start, line.cell_length))
        return line, spots


__all__ = ["KeyBar", "KeyButton", "KeyButtons", "KeySpot", "KeyStrip"]
