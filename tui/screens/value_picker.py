"""Choose one of a few named values by typing part of its name: a claim's topic, polarity,
certainty.  Enter takes the highlighted one, Esc changes nothing.  (The form's closed
lists, whose labels differ from their values, use choice_picker.)

Keys typed right after the key that opened it go to its filter box (the app's key queue
hands them out only once the picker is up), so `o cas ⏎` fast chooses "casualties".
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.screens.choice_picker import ClosesBeforeNextKey, nothing_matches


def filter_choices(query: str, choices: tuple[str, ...]) -> list[str]:
    """The choices matching `query`, best first: names starting with it, then names with a
    word starting with it, then names containing it, then names holding its letters in
    order ("tid" -> "target identity"). All of them, in order, for an empty query."""
    q = query.strip().lower()
    if not q:
        return list(choices)

    def rank(name: str) -> int | None:
        low = name.lower()
        if low.startswith(q):
            return 0
        if any(word.startswith(q) for word in low.split()):
            return 1
        if q in low:
            return 2
        it = iter(low)
        return 3 if all(ch in it for ch in q) else None

    ranked = [(r, i, name) for i, name in enumerate(choices) if (r := rank(name)) is not None]
    return [name for _, _, name in sorted(ranked)]


class ValuePicker(ClosesBeforeNextKey, ModalScreen[str | None]):
    """Returns the chosen value, or None when dismissed."""

    DEFAULT_CSS = """
    ValuePicker { align: center middle; }
    ValuePicker > Vertical { width: 56; height: auto; max-height: 20; border: thick $primary;
                              background: $surface; }
    ValuePicker OptionList { height: auto; max-height: 12; }
    """
    BINDINGS = [
        Binding("escape", "dismiss(None)", "cancel", id="choice.cancel"),
        Binding("down", "cursor(1)", "next", id="choice.down", show=False),
        Binding("up", "cursor(-1)", "previous", id="choice.up", show=False),
    ]

    def __init__(self, title: str, choices: tuple[str, ...], current: str | None = None):
        super().__init__()
        self.title_text = title
        self.choices = tuple(choices)
        self.current = current
        self.shown: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"{self.title_text}: type to filter, Enter, Esc cancels"))
            yield Input(placeholder="type part of a name", id="choice-filter")
            yield OptionList(id="choice-options")

    def on_mount(self) -> None:
        self._refill("")
        self.set_focus(self.query_one("#choice-filter", Input))

    def on_key(self, event) -> None:
        # A key that reached the screen before its filter box had focus is still typed there.
        box = self.query_one("#choice-filter", Input)
        if self.focused is not box and event.is_printable and event.character:
            box.insert_text_at_cursor(event.character)
            self.set_focus(box)
            event.stop()
        elif self.focused is not box and event.key == "enter":
            event.stop()
            self._choose()

    def _refill(self, query: str) -> None:
        options = self.query_one("#choice-options", OptionList)
        options.clear_options()
        self.shown = filter_choices(query, self.choices)
        for name in self.shown:
            line = Text(name)
            if name == self.current:
                line.append("  (now)", style="dim")
            options.add_option(Option(line))
        if self.shown:
            # With nothing typed, the highlight starts on the present value.
            start = self.shown.index(self.current) if not query and self.current in self.shown else 0
            options.highlighted = start
        elif query:
            options.add_option(nothing_matches(query, len(self.choices)))

    @on(Input.Changed, "#choice-filter")
    def _changed(self, event: Input.Changed) -> None:
        self._refill(event.value)

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#choice-options", OptionList)
        if self.shown:
            options.highlighted = ((options.highlighted or 0) + step) % len(self.shown)

    @on(Input.Submitted, "#choice-filter")
    def _choose(self) -> None:
        box = self.query_one("#choice-filter", Input)
        if filter_choices(box.value, self.choices) != self.shown:
            self._refill(box.value)  # typed faster than Changed was handled
        highlighted = self.query_one("#choice-options", OptionList).highlighted
        if self.shown and highlighted is not None:
            self.dismiss(self.shown[highlighted])

    @on(OptionList.OptionSelected, "#choice-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[event.option_index])
