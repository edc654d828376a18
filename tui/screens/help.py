"""The help screen: every key of the screen below, read from the live bindings (remaps show)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static


def binding_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(key, binding id, description) for every binding of the app, `screen` and its widgets.

    Read from the live bindings with the user's keymap applied (as Textual does
    for the focused chain), so remapped keys show as they now are; widgets that
    are not focused yet (the claims panel, the form) are listed too.
    """
    keymap = screen.app._keymap
    rows: dict[tuple[str, str], tuple[str, str, str]] = {}
    for node in (screen.app, screen, *screen.walk_children()):
        if not node._bindings.key_to_bindings:
            continue
        bindings = node._bindings.copy()
        if keymap:
            bindings.apply_keymap(keymap)
        for key, key_bindings in bindings.key_to_bindings.items():
            for b in key_bindings:
                if b.system or not b.id:
                    continue  # Textual's own unnamed keys (editing inside a field …)
                display = screen.app.get_key_display(b)
                rows[(display, b.id or b.action)] = (
                    display, b.id or b.action,
                    " — ".join(filter(None, (b.description or b.action, b.tooltip))))
    return sorted(rows.values(), key=lambda r: (r[1], r[0]))


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
