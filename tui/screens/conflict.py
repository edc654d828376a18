"""Someone else saved the same record first: show both values and let the person choose."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.safe import text, visible

KEEP_THEIRS = "keep"
OVERWRITE = "overwrite"


class ConflictScreen(ModalScreen[str]):
    """Returns KEEP_THEIRS (reload their version) or OVERWRITE (re-apply mine on top, explicitly)."""

    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    ConflictScreen > Vertical { width: 90; height: auto; max-height: 30;
                                border: thick $error; background: $surface; padding: 0 1; }
    """
    BINDINGS = [
        Binding("k", "choose('keep')", "keep theirs", id="conflict.keep"),
        Binding("o", "choose('overwrite')", "overwrite with mine", id="conflict.overwrite"),
        Binding("escape", "choose('keep')", "keep theirs", id="conflict.cancel", show=False),
    ]

    def __init__(self, message: str, mine: dict, theirs: dict):
        super().__init__()
        self.message = message
        self.mine = mine
        self.theirs = theirs

    def compose(self) -> ComposeResult:
        table = Table(expand=True)
        table.add_column("field")
        table.add_column("yours")
        table.add_column(Text(f"theirs ({visible(self.theirs.get('updated_by'))})"))
        for field, value in self.mine.items():
            table.add_row(text(field), text(value), text(self.theirs.get(field)))
        with Vertical():
            yield Static(Text("Changed by someone else meanwhile — nothing was saved", style="bold"))
            yield Static(text(self.message))
            yield Static(table, id="conflict-table")
            yield Static(Text("k: keep theirs (reload)    o: overwrite with mine"))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
