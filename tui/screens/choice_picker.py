"""A picker for one closed list (actor kinds, precisions, grading, a field of the form by
name): type to filter, Enter takes the highlighted entry, Esc leaves the field as it was.

It opens with the key that opened it as its first letter, and keys typed before its
filter box has focus are typed into it (the key queue hands later keys out only once
it is up), so "e x t ⏎" typed in one burst picks as typed slowly.
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

from tui.widgets.form_fields import filter_choices


class ClosesBeforeNextKey:
    """A modal the next key waits for while it opens and while it closes.

    Opening: keys typed right after the one that opened it are its filter's, so they
    wait until it has mounted and focused its box (made before it is pushed, in the
    handler of the key that opens it, so no key can slip in between).  Closing: the
    screen is popped by a task, not a message, so without the hold a key typed right
    after Enter could reach the closing picker (a Tab lost there) instead of the field
    it returns to.  Each hold has a timeout: a picker that never mounts must not leave
    the keyboard dead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keys = self._key_queue()
        if keys is not None:
            keys.hold("picker opening", timeout=5.0)

    def _key_queue(self):
        try:
            return getattr(self.app, "keys", None)
        except Exception:  # noqa: BLE001 - made outside a running app (a unit test)
            return None

    def on_mount(self) -> None:
        keys = self._key_queue()
        if keys is not None:  # after the subclass's on_mount has focused its box
            self.call_later(keys.release, "picker opening")

    def dismiss(self, result=None):
        keys = self._key_queue()
        if keys is not None:
            keys.hold("picker closing", timeout=5.0)
        return super().dismiss(result)

    def on_unmount(self) -> None:
        keys = self._key_queue()
        if keys is not None:
            self.app.call_later(keys.release, "picker closing")


def nothing_matches(query: str, count: int) -> Option:
    """The line a picker shows when what was typed is none of its choices ("7" for a
    precision of 1 to 3): said, so a coder does not press Enter on an empty list."""
    line = Text("nothing matches “")
    line.append(query)
    line.append(f"”: Backspace shows all {count}")
    return Option(line, disabled=True)


class ChoicePicker(ClosesBeforeNextKey, ModalScreen[str | None]):
    """Returns the chosen entry's value, or None when dismissed."""

    DEFAULT_CSS = """
    ChoicePicker { align: center middle; }
    ChoicePicker > Vertical { width: 60; height: 20; border: thick $primary; background: $surface; }
    ChoicePicker OptionList { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "dismiss(None)", "cancel", id="choice.cancel"),
        Binding("down", "cursor(1)", "next", id="choice.down", show=False),
        Binding("up", "cursor(-1)", "previous", id="choice.up", show=False),
    ]

    def __init__(self, title: str, entries, query: str = ""):
        super().__init__()
        self.title_words = title
        self.entries = tuple(entries)
        self.query_words = query
        self.shown: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"{self.title_words} — type to filter, Enter to choose, Esc to cancel"))
            yield Input(value=self.query_words, id="choice-filter", compact=True)
            yield OptionList(id="choice-options")

    def on_mount(self) -> None:
        self._refill(self.query_words)
        box = self.query_one("#choice-filter", Input)
        self.set_focus(box)
        box.cursor_position = len(box.value)

    def on_key(self, event) -> None:
        # Keys that reach the screen before its filter box has focus are the filter's.
        box = self.query_one("#choice-filter", Input)
        if self.focused is not box and event.is_printable and event.character:
            box.insert_text_at_cursor(event.character)
            self.set_focus(box)
            event.stop()
        elif self.focused is not box and event.key == "enter":
            event.stop()
            self._choose()

    def _refill(self, query: str) -> None:
        self._filtered = query
        options = self.query_one("#choice-options", OptionList)
        options.clear_options()
        self.shown = filter_choices(query, self.entries)
        for label, _ in self.shown:
            options.add_option(Option(Text(label)))
        if self.shown:
            options.highlighted = 0
        elif query:
            options.add_option(nothing_matches(query, len(self.entries)))

    @on(Input.Changed, "#choice-filter")
    def _changed(self, event: Input.Changed) -> None:
        self._refill(event.value)

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#choice-options", OptionList)
        if self.shown:
            options.highlighted = ((options.highlighted or 0) + step) % len(self.shown)

    @on(Input.Submitted, "#choice-filter")
    def _choose(self) -> None:
        query = self.query_one("#choice-filter", Input).value
        if query != getattr(self, "_filtered", None):
            self._refill(query)  # Enter came before the last Changed was handled
        highlighted = self.query_one("#choice-options", OptionList).highlighted
        if self.shown and highlighted is not None:
            self.dismiss(self.shown[highlighted][1])

    @on(OptionList.OptionSelected, "#choice-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[event.option_index][1])
