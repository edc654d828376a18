"""THROWAWAY STAND-IN for the docview branch's DocumentView (same API, none of its quality).

Deleted when the real widget is merged.  No soft wrap, no grapheme motions.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


@dataclass(frozen=True)
class SpanMark:
    id: str
    start: int
    end: int
    label: str


def _visible(ch: str) -> str:
    o = ord(ch)
    if ch == "\t":
        return "    "
    if o < 32:
        return chr(0x2400 + o)
    if o == 0x7F or 0x80 <= o < 0xA0 or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069:
        return "\ufffd"
    return ch


class DocumentView(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("h,left", "move(-1)", "left", id="view.left", show=False),
        Binding("l,right", "move(1)", "right", id="view.right", show=False),
        Binding("j,down", "row(1)", "down", id="view.down", show=False),
        Binding("k,up", "row(-1)", "up", id="view.up", show=False),
        Binding("w", "word(1)", "word", id="view.word_next", show=False),
        Binding("b", "word(-1)", "back", id="view.word_prev", show=False),
        Binding("g", "edge(0)", "start", id="view.start", show=False),
        Binding("G", "edge(1)", "end", id="view.end", show=False),
        Binding("v", "toggle_select", "select", id="view.select"),
        Binding("escape", "clear_selection", "clear", id="view.clear_selection", show=False),
    ]

    @dataclass
    class CursorMoved(Message):
        view: "DocumentView"
        cursor: int
        selection: tuple[int, int] | None

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.text = ""
        self.spans: list[SpanMark] = []
        self.cursor = 0
        self._anchor: int | None = None
        self._matches: list[tuple[int, int]] = []
        self._match = -1
        self._lines: list[tuple[int, str]] = [(0, "")]

    def load(self, text: str, spans) -> None:
        self.text = text
        self.spans = list(spans)
        self.cursor = 0
        self._anchor = None
        starts, pos = [], 0
        for line in text.split("\n"):
            starts.append((pos, line))
            pos += len(line) + 1
        self._lines = starts
        self.virtual_size = Size(200, len(starts))
        self.refresh()

    def set_spans(self, spans) -> None:
        self.spans = list(spans)
        self.refresh()

    @property
    def selection(self) -> tuple[int, int] | None:
        if self._anchor is None or self._anchor == self.cursor:
            return None
        return (min(self._anchor, self.cursor), max(self._anchor, self.cursor))

    def move_cursor(self, offset: int, extend: bool = False) -> None:
        offset = max(0, min(len(self.text), offset))
        if not extend:
            self._anchor = None
        self.cursor = offset
        row = self._row_of(offset)
        self.scroll_to(y=max(0, row - self.size.height // 2), animate=False)
        self.refresh()
        self.post_message(self.CursorMoved(self, self.cursor, self.selection))

    def select(self, start: int, end: int) -> None:
        self._anchor = start
        self.move_cursor(end, extend=True)

    def clear_selection(self) -> None:
        self._anchor = None
        self.refresh()
        self.post_message(self.CursorMoved(self, self.cursor, None))

    def set_search(self, query: str) -> int:
        self._matches = []
        if query:
            low, q = self.text.lower(), query.lower()
            i = low.find(q)
            while i >= 0:
                self._matches.append((i, i + len(q)))
                i = low.find(q, i + 1)
        self._match = 0 if self._matches else -1
        if self._matches:
            self.move_cursor(self._matches[0][0])
        return len(self._matches)

    def next_match(self) -> None:
        if self._matches:
            self._match = (self._match + 1) % len(self._matches)
            self.move_cursor(self._matches[self._match][0])

    def prev_match(self) -> None:
        if self._matches:
            self._match = (self._match - 1) % len(self._matches)
            self.move_cursor(self._matches[self._match][0])

    def select_current_match(self) -> bool:
        if self._match < 0:
            return False
        self.select(*self._matches[self._match])
        return True

    def clear_search(self) -> None:
        self._matches, self._match = [], -1
        self.refresh()

    def _row_of(self, offset: int) -> int:
        for row, (start, line) in enumerate(self._lines):
            if offset <= start + len(line):
                return row
        return len(self._lines) - 1

    def action_move(self, delta: int) -> None:
        self.move_cursor(self.cursor + delta, extend=self._anchor is not None)

    def action_row(self, delta: int) -> None:
        row = self._row_of(self.cursor)
        col = self.cursor - self._lines[row][0]
        new = max(0, min(len(self._lines) - 1, row + delta))
        start, line = self._lines[new]
        self.move_cursor(start + min(col, len(line)), extend=self._anchor is not None)

    def action_word(self, delta: int) -> None:
        i, t = self.cursor, self.text
        if delta > 0:
            while i < len(t) and not t[i].isspace():
                i += 1
            while i < len(t) and t[i].isspace():
                i += 1
        else:
            i -= 1
            while i > 0 and t[i].isspace():
                i -= 1
            while i > 0 and not t[i - 1].isspace():
                i -= 1
        self.move_cursor(i, extend=self._anchor is not None)

    def action_edge(self, end: int) -> None:
        self.move_cursor(len(self.text) if end else 0, extend=self._anchor is not None)

    def action_toggle_select(self) -> None:
        self._anchor = None if self._anchor is not None else self.cursor
        self.refresh()

    def action_clear_selection(self) -> None:
        self.clear_selection()

    def render_line(self, y: int) -> Strip:
        row = y + int(self.scroll_offset.y)
        if row >= len(self._lines):
            return Strip.blank(self.size.width)
        start, line = self._lines[row]
        sel = self.selection
        segments = []
        for i, ch in enumerate(line):
            offset = start + i
            style = Style()
            if any(s.start <= offset < s.end for s in self.spans):
                style += Style(underline=True)
            if sel and sel[0] <= offset < sel[1]:
                style += Style(reverse=True)
            if offset == self.cursor and self.has_focus:
                style += Style(bold=True, reverse=True)
            segments.append(Segment(_visible(ch) if ch != "\r" else "", style))
        return Strip(segments).crop(0, self.size.width)
