"""Choose one of a few named values by typing part of its name: a claim's topic, polarity,
certainty.  Enter takes the highlighted one, Esc changes nothing.  (The form's closed
lists, whose labels differ from their values, use choice_picker.)

Keys typed right after the key that opened it go to its filter box (the app's key queue
hands them out only once the picker is up), so `o cas ⏎` fast chooses "casualties".
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static

from tui.screens.choice_picker import ChoicePicker


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


class ValuePicker(ChoicePicker):
    """Returns the chosen name, or None when dismissed: a `ChoicePicker` whose entries are
    their own values, filtered by `filter_choices` above, the present value marked."""

    DEFAULT_CSS = """
    ValuePicker { align: center middle; }
    ValuePicker > Vertical { width: 56; height: auto; max-height: 20; border: thick $primary;
                              background: $surface; }
    ValuePicker OptionList { height: auto; max-height: 12; }
    """

    def __init__(self, title: str, choices: tuple[str, ...], current: str | None = None):
        self.choices = tuple(choices)
        self.current = current
        super().__init__(title, [(name, name) for name in self.choices])

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"{self.title_words}: type to filter, Enter, Esc cancels"))
            yield Input(placeholder="type part of a name", id="choice-filter")
            yield OptionList(id="choice-options")

    def matching(self, query: str) -> list[str]:
        return filter_choices(query, self.choices)

    def line(self, entry: str) -> Text:
        line = Text(entry)
        if entry == self.current:
            line.append("  (now)", style="dim")
        return line

    def value_of(self, entry: str) -> str:
        return entry

    def first_highlight(self, query: str) -> int:
        # With nothing typed, the highlight starts on the present value.
        return self.shown.index(self.current) if not query and self.current in self.shown else 0
