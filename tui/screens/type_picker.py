"""The event-type picker: the ACLED taxonomy, filtered fuzzily as you type (rapidfuzz)."""

from __future__ import annotations

from rapidfuzz import fuzz, process
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from store.records.taxonomy import type_pairs
from tui.screens.choice_picker import ClosesBeforeNextKey
from tui.widgets.form_fields import filter_choices

ENTRIES = [(f"{etype}: {sub}", (etype, sub)) for etype, sub in type_pairs()]


def filter_types(query: str, limit: int = len(ENTRIES)) -> list[tuple[str, str]]:
    """Taxonomy pairs best matching `query` (all of them, in order, for an empty query).

    Names with a word starting with what was typed come first (`air` is Air/drone strike,
    not the fuzzy Armed clash a coder did not mean), then fuzzy matches, for typos."""
    if not query.strip():
        return [pair for _, pair in ENTRIES]
    names = [name for name, _ in ENTRIES]
    hits = process.extract(query, names, scorer=fuzz.WRatio, processor=str.lower,
                           limit=len(ENTRIES), score_cutoff=50)
    fuzzy = [ENTRIES[index][1] for _, _, index in hits]
    by_words = [pair for _, pair in filter_choices(query, ENTRIES)]
    return list(dict.fromkeys(by_words + fuzzy))[:limit]


class TypePicker(ClosesBeforeNextKey, ModalScreen[tuple[str, str] | None]):
    """Returns (event_type, sub_event_type), or None when dismissed."""

    DEFAULT_CSS = """
    TypePicker { align: center middle; }
    TypePicker > Vertical { width: 70; height: 24; border: thick $primary; background: $surface; }
    TypePicker OptionList { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "dismiss(None)", "cancel", id="picker.cancel"),
        Binding("down", "cursor(1)", "next", id="picker.down", show=False),
        Binding("up", "cursor(-1)", "previous", id="picker.up", show=False),
    ]

    def __init__(self, current: tuple[str | None, str | None] = (None, None), query: str = ""):
        super().__init__()
        self.current = current
        self.first = query  # the key typed in the form's type field that opened it
        self.pairs: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("event type — type to filter, Enter to choose, Esc to cancel"))
            yield Input(value=self.first, placeholder="e.g. air strike", id="type-filter")
            yield OptionList(id="type-options")

    def on_mount(self) -> None:
        self._refill(self.first)
        box = self.query_one("#type-filter", Input)
        self.set_focus(box)
        box.cursor_position = len(box.value)

    def on_key(self, event) -> None:
        # Keys typed right after `t` reach the screen before its filter box has focus.
        box = self.query_one("#type-filter", Input)
        if self.focused is not box and event.is_printable and event.character:
            box.insert_text_at_cursor(event.character)
            self.set_focus(box)
            event.stop()
        elif self.focused is not box and event.key == "enter":
            event.stop()
            self._choose()

    def _refill(self, query: str) -> None:
        options = self.query_one("#type-options", OptionList)
        options.clear_options()
        self.pairs = filter_types(query)
        for etype, sub in self.pairs:
            options.add_option(Option(Text(f"{etype}: {sub}")))
        if self.pairs:
            options.highlighted = 0

    @on(Input.Changed, "#type-filter")
    def _changed(self, event: Input.Changed) -> None:
        self._refill(event.value)

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#type-options", OptionList)
        if self.pairs:
            options.highlighted = ((options.highlighted or 0) + step) % len(self.pairs)

    @on(Input.Submitted, "#type-filter")
    def _choose(self) -> None:
        highlighted = self.query_one("#type-options", OptionList).highlighted
        if self.pairs and highlighted is not None:
            self.dismiss(self.pairs[highlighted])

    @on(OptionList.OptionSelected, "#type-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.pairs[event.option_index])
