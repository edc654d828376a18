"""The place-candidate picker: the gazetteer's ranked candidates for the event's place."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.grounding_view import candidate_label
from tui.safe import visible


class CandidatePicker(ModalScreen[int | None]):
    """Returns the index of the chosen candidate, or None when dismissed."""

    DEFAULT_CSS = """
    CandidatePicker { align: center middle; }
    CandidatePicker > Vertical { width: 80; height: 16; border: thick $primary; background: $surface; }
    CandidatePicker OptionList { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "cancel", id="candidates.cancel")]

    def __init__(self, candidates: list[dict], current: int = 0):
        super().__init__()
        self.candidates = candidates
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("place candidates, best first — Enter picks, Esc cancels"))
            options = [Option(Text(f"{i + 1}. " + visible(candidate_label(c), 70)
                                   + ("  (did you mean)" if c.get("loose") else "")))
                       for i, c in enumerate(self.candidates)]
            yield OptionList(*options, id="candidate-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = min(self.current, len(self.candidates) - 1) if self.candidates else None
        self.set_focus(options)

    @on(OptionList.OptionSelected, "#candidate-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)
