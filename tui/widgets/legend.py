"""The label legend: which key gives which label, in that label's colour.

The keys shown are the live ones: a remap of `annotate.label_3` in the user's
keymap shows here as the key that now labels Location.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from tui.document.marks import default_label_styles, fallback_style
from tui.safe import visible


class Legend(Static):
    DEFAULT_CSS = """
    Legend { height: auto; padding: 0 1; }
    """

    def __init__(self, labels: tuple[str, ...], **kwargs):
        super().__init__(**kwargs)
        self.labels = labels

    def on_mount(self) -> None:
        self.update(self.render_legend())

    def key_for(self, position: int) -> str:
        """The key bound now to the label at `position` (0-based)."""
        remapped = self.app._keymap.get(f"annotate.label_{position + 1}")
        if not remapped:
            return str(position + 1)
        first = remapped.split(",")[0].strip()
        return self.app.get_key_display(Binding(first, ""))

    def render_legend(self) -> Text:
        # Three to a row, in columns, so the number keys read like a keypad.
        line = Text()
        for i, label in enumerate(self.labels):
            # The same colours as the highlights in the document view.
            style = default_label_styles().get(label) or fallback_style(label)
            line.append(f" {visible(self.key_for(i))} ", style=style + Style(bold=True))
            line.append(f" {visible(label, 10):<11}")
            if i % 3 == 2 and i + 1 < len(self.labels):
                line.append("\n")
        return line
