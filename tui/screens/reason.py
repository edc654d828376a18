"""Small modal inputs for review: a reason or comment, and a field correction."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from store.records.events import EVENT_FIELDS
from tui.safe import visible


class ReasonScreen(ModalScreen[str | None]):
    """Ask for the words a review action needs (a reason, a comment); None when cancelled."""

    DEFAULT_CSS = """
    ReasonScreen { align: center middle; }
    ReasonScreen > Vertical { width: 80; height: auto; border: thick $accent;
                              background: $surface; padding: 0 1; }
    ReasonScreen #reason-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "cancel", id="reason.cancel")]

    def __init__(self, title: str, placeholder: str):
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield Input(placeholder=self.placeholder, id="reason")
            yield Static(id="reason-error")
            yield Static(Text("Enter: confirm    Esc: cancel", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one("#reason-error", Static).update(Text("this cannot be empty"))
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class CorrectFieldScreen(ModalScreen[tuple[str, str] | None]):
    """Pick a field and type its corrected value; returns (field, value) or None."""

    DEFAULT_CSS = """
    CorrectFieldScreen { align: center middle; }
    CorrectFieldScreen > Vertical { width: 80; height: auto; border: thick $accent;
                                    background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "cancel", id="correct.cancel")]

    def __init__(self, event: dict):
        super().__init__()
        self.event = event

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Correct a field (recorded as yours; another editor approves)",
                              style="bold"))
            yield Select([(f, f) for f in EVENT_FIELDS], prompt="field", id="field",
                         allow_blank=True)
            yield Input(placeholder="new value (empty clears the field)", id="value")
            yield Static(Text("Enter in the value: save    Esc: cancel", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#field", Select).focus()

    @on(Select.Changed, "#field")
    def _picked(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        current = self.event.get(str(event.value))
        box = self.query_one("#value", Input)
        box.value = "" if current is None else visible(current)
        box.focus()

    @on(Input.Submitted, "#value")
    def _submitted(self, event: Input.Submitted) -> None:
        field = self.query_one("#field", Select).value
        if field is Select.NULL:
            self.query_one("#field", Select).focus()
            return
        self.dismiss((str(field), event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
