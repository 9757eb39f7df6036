"""Bar charts of counts per day: textual-plotext when installed (the `plots` extra),
else Textual's own Sparkline with a caption. Imported only by the stats screen."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Sparkline, Static


def plotext_available() -> bool:
    try:
        import textual_plotext  # noqa: F401
    except ImportError:
        return False
    return True


class SparkBars(Vertical):
    """The fallback: a caption, a sparkline and the first/last tick label."""

    def __init__(self, title: str, values: Sequence[int], first: str, last: str, **kwargs) -> None:
        super().__init__(classes="plot spark-bars", **kwargs)
        self._title = title
        self._values = list(values)
        self._first = first
        self._last = last

    def compose(self) -> ComposeResult:
        peak = max(self._values, default=0)
        yield Static(
            Content.assemble((self._title, "bold"), (f"   (peak {peak})", "dim")),
            classes="plot-title",
        )
        yield Sparkline(self._values or [0])
        gap = max(1, 60 - len(self._first) - len(self._last))
        yield Static(Content.styled(self._first + " " * gap + self._last, "dim"))


def bar_plot(
    title: str,
    values: Sequence[int],
    labels: Sequence[str],
    *,
    id: str | None = None,
    fallback: bool = False,
) -> Widget:
    """A bar per value; `labels` names every bar (a few are shown as ticks)."""
    if fallback or not plotext_available():
        return SparkBars(
            title, values, labels[0] if labels else "", labels[-1] if labels else "", id=id
        )
    from textual_plotext import PlotextPlot

    class Bars(PlotextPlot):
        def on_mount(self) -> None:
            super().on_mount()
            plt = self.plt
            xs = list(range(len(values)))
            plt.bar(xs, list(values), width=0.6)
            ticks = sorted({0, len(xs) // 3, 2 * len(xs) // 3, len(xs) - 1} & set(xs))
            plt.xticks(ticks, [labels[i] for i in ticks])
            # Whole numbers on the count axis: at most five ticks, evenly spaced.
            peak = max(max(values, default=0), 1)
            step = -(-peak // 4)
            top = step * -(-peak // step)
            plt.ylim(0, top)
            plt.yticks(list(range(0, top + 1, step)))
            plt.title(title)

    return Bars(id=id, classes="plot")
