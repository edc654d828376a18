"""The spans a revision of the article lost, for a person to place again.

Select the words first, then `O`: choose which lost span they are, and Enter
puts it there (its old words stay as the span's original quote).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.safe import visible


class OrphansScreen(ModalScreen[str | None]):
    """Returns the id of the orphaned span to place on the selection, or None."""

    DEFAULT_CSS = """
    OrphansScreen { align: center middle; }
    OrphansScreen > Vertical { width: 80; height: 20; border: thick $warning; background: $surface; }
    OrphansScreen OptionList { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "dismiss(None)", "cancel", id="orphans.cancel"),
    ]

    def __init__(self, orphans: list[dict], selection: tuple[int, int] | None):
        super().__init__()
        self.orphans = orphans
        self.selection = selection

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.selection is None:
                heading = "spans the revision lost — select their words in the text, then O again"
            else:
                start, end = self.selection
                heading = f"place which lost span on {start}..{end}? Enter places it, Esc cancels"
            yield Static(Text(heading))
            yield OptionList(
                *[Option(Text(f"{visible(o['label'])}  “{visible(o['quote'], 60)}”  "
                              f"by {visible(o.get('author'))}, "
                              f"{visible(', '.join(o.get('fields') or ()) or 'no field')}"),
                         id=o["id"])
                  for o in self.orphans],
                id="orphan-options",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id if self.selection is not None else None)
