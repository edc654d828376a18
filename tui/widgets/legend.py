"""The label legend: which number key gives which label, in that label's colour."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from ..marks import default_label_styles, fallback_style
from ..safe import visible


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
        # Three to a row, in columns, so the number keys read like a keypad.
        line = Text()
        for i, label in enumerate(self.labels):
            # The same colours as the highlights in the document view.
            style = default_label_styles().get(label) or fallback_style(label)
            line.append(f" {i + 1} ", style=style + Style(bold=True))
            line.append(f" {visible(label, 10):<11}")
            if i % 3 == 2 and i + 1 < len(self.labels):
                line.append("\n")
        return line
