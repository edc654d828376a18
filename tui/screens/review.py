"""The review queue (`R`): a placeholder until the review issue fills it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static


class ReviewScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "back", id="review.back")]

    def compose(self) -> ComposeResult:
        yield Static(Text("Review queue — not built yet (the review issue fills this screen)."))
        yield Footer()
