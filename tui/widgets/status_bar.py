"""A one-line bar with who is working and what the screen is about (plain text, never markup)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..safe import visible


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def __init__(self, login: str, **kwargs):
        super().__init__(**kwargs)
        self.login = login
        self.show("")

    def show(self, message: str) -> None:
        line = Text()
        line.append(f"user: {visible(self.login)}", style="bold")
        if message:
            line.append("  │  ")
            line.append(visible(message))
        self.update(line)
