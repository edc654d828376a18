"""The speed-ups that rest on Textual's private internals: active on the pinned version,
and the view still right without them."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from tui import textual_internals as internals
from tui.widgets.document_view import DocumentView
from tui.widgets.thumb_scrollbar import ThumbScrollBar

pytestmark = pytest.mark.pilot

TEXT = "\n".join(f"line {n:03d} of the article" for n in range(300))


class ViewApp(App):
    def compose(self) -> ComposeResult:
        yield DocumentView(id="doc")

    def on_mount(self) -> None:
        self.query_one(DocumentView).load(TEXT, [])


def test_both_fast_paths_are_active_on_the_pinned_textual():
    assert internals.FAST_SCROLL
    assert internals.CUSTOM_SCROLLBAR


async def _scroll_and_read(rows: int) -> tuple[list[str], object]:
    app = ViewApp()
    async with app.run_test(size=(60, 12)) as pilot:
        view = app.query_one(DocumentView)
        view.focus()
        await pilot.pause()
        for _ in range(rows):
            await pilot.press("j")
        await pilot.press("pagedown")
        await pilot.pause()
        shown = [view.render_line(y).text.rstrip() for y in range(view.size.height)]
        return shown, view.vertical_scrollbar


async def test_the_view_uses_its_own_scrollbar_and_scrolls_to_the_right_rows():
    shown, scrollbar = await _scroll_and_read(15)
    assert isinstance(scrollbar, ThumbScrollBar)
    assert any(line.startswith("line 0") for line in shown)
    assert shown == sorted(shown)  # rows in text order, none repeated or stale


async def test_without_the_internals_textual_s_normal_path_draws_the_same(monkeypatch):
    fast, _ = await _scroll_and_read(15)
    monkeypatch.setattr(internals, "FAST_SCROLL", False)
    monkeypatch.setattr(internals, "CUSTOM_SCROLLBAR", False)
    slow, scrollbar = await _scroll_and_read(15)
    assert slow == fast
    assert not isinstance(scrollbar, ThumbScrollBar)
    assert internals.shift_styled_rows(None, 0, 10, 1, set(), lambda a, b: True) == set()


def keys_parsed(data: str) -> list[str]:
    from textual._xterm_parser import XTermParser

    return [token.key for token in XTermParser().feed(data) if hasattr(token, "key")]


def test_esc_and_a_key_arriving_together_are_read_as_the_two_keys_typed():
    # Seen in tmux: `/13`, Esc, 6 sent at once put "13§" in the find box (ESC 6 was read
    # as macOS's Option-6) and every key after it went there too.
    assert internals.ESC_AND_KEY_SPLIT
    assert keys_parsed("/13\x1b6") == ["slash", "1", "3", "escape", "6"]
    assert keys_parsed("\x1b5\x1bb\x1b\t\x1bP") == ["escape", "5", "escape", "b", "escape",
                                                    "tab", "escape", "P"]
    # Seen in tmux: `late ⏎ Esc ] e t dr ⏎` sent at once typed "late]etdr" into the notes
    # (ESC ] was taken for the start of an OSC sequence, which terminals send only when asked).
    assert keys_parsed("\x1b]etdr\r") == ["escape", "right_square_bracket", "e", "t", "d", "r",
                                           "enter"]
    # the terminal's own sequences are untouched: arrows, F1, ctrl+arrow
    assert keys_parsed("\x1b[A\x1bOP\x1b[1;5C") == ["up", "f1", "ctrl+right"]


def test_an_alt_key_the_parser_makes_of_esc_and_punctuation_is_the_two_keys_typed():
    # A burst that ends in ESC and a character comes back from the parser's timeout as
    # alt+ that character; eventdesk binds no Alt key, so it is Esc and the key.
    from textual import events

    from tui.keys import as_typed

    for key, character in (("alt+6", "6"), ("alt+right_square_bracket", "]"),
                           ("alt+semicolon", ";")):
        typed = as_typed(events.Key(key, character))
        assert [k.key for k in typed] == ["escape", key.removeprefix("alt+")]
    assert [k.key for k in as_typed(events.Key("alt+up", None))] == ["alt+up"]
