"""Pick a label with one number key: for accepting a suggestion as another label."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.safe import visible


class LabelPicker(ModalScreen[str | None]):
    """Returns the chosen label, or None on Esc."""

    DEFAULT_CSS = """
    LabelPicker { align: center middle; }
    LabelPicker > Vertical { width: 60; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "cancel", id="label_picker.cancel")] + [
        Binding(str(i), f"choose({i - 1})", f"label {i}", id=f"label_picker.label_{i}", show=False)
        for i in range(1, 10)]

    def __init__(self, labels: tuple[str, ...], quote: str):
        super().__init__()
        self.labels = labels
        self.quote = quote

    def compose(self) -> ComposeResult:
        lines = Text("accept ")
        lines.append("“" + visible(self.quote, 50) + "”", style="bold")
        lines.append(" as:\n")
        for i, label in enumerate(self.labels[:9]):
            lines.append(f"  {i + 1}  ", style="bold")
            lines.append(visible(label) + "\n")
        lines.append("Esc cancels", style="dim")
        with Vertical():
            yield Static(lines)

    def action_choose(self, index: int) -> None:
        if index < len(self.labels):
            self.dismiss(self.labels[index])
