"""The label legend: which number key gives which label, in that label's colour."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..safe import visible

#: Colour per legend position (1-9); the document view's highlights use the same ones.
LABEL_COLOURS = (
    "#d75f5f", "#5f87d7", "#5faf5f", "#d7af5f", "#af87d7",
    "#d7875f", "#5fafaf", "#87afd7", "#afaf5f",
)


class Legend(Static):
    DEFAULT_CSS = """
    Legend { height: auto; padding: 0 1; }
    """

    def __init__(self, labels: tuple[str, ...], **kwargs):
        super().__init__(**kwargs)
        self.labels = labels

    def on_mount(self) -> None:
        self.update(self.render_legend())

    def render_legend(self) -> Text:
        line = Text()
        for i, label in enumerate(self.labels):
            colour = LABEL_COLOURS[i % len(LABEL_COLOURS)]
            line.append(f" {i + 1} ", style=f"bold black on {colour}")
            line.append(f" {visible(label)}  ")
        return line
