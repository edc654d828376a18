"""A one-line bar with who is working and what the screen is about (plain text, never markup)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.safe import visible


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def __init__(self, login: str, **kwargs):
        super().__init__(**kwargs)
        self.login = login
        self.message = ""
        self.where = ""
        self.show("")

    def show(self, message: str) -> None:
        """The latest outcome (saved, refused, …)."""
        self.message = message
        self._draw()

    def locate(self, where: str) -> None:
        """Where the cursor is and what is under it."""
        self.where = where
        self._draw()

    def _draw(self) -> None:
        line = Text()
        line.append(f"user: {visible(self.login)}", style="bold")
        if self.message:
            line.append("  │  ")
            line.append(visible(self.message))
        if self.where:
            line.append("  │  ")
            line.append(visible(self.where), style="dim")
        self.update(line)
