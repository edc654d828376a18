"""The help screen: every key of the screen below, read from the live bindings (remaps show)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static


def binding_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(key, binding id, description) for every binding active on `screen` and its focus."""
    rows = []
    for key, active in screen.active_bindings.items():
        b = active.binding
        rows.append((screen.app.get_key_display(b), b.id or b.action, b.description or b.action))
    return sorted(rows, key=lambda r: r[1])


class HelpScreen(ModalScreen):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > DataTable { width: 90; height: 80%; border: thick $primary; }
    """
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "close help", id="help.close"),
    ]

    def __init__(self, under: Screen):
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        yield Static(Text("Keys (remap in ~/.config/eventdesk/keymap.toml by id)"))
        yield DataTable(id="help-table", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("key", "id", "what it does")
        for key, binding_id, description in binding_rows(self.under):
            table.add_row(Text(key), Text(binding_id), Text(description))
        table.focus()
