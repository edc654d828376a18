"""DocumentView: the exact text of a document, soft-wrapped, on the Line API.

Only the visible rows are ever rendered (`render_line`), each row's Strip is
kept in an LRU cache keyed by everything that changes how it looks, and a
cursor move refreshes just the rows it leaves and enters.  So the cost of a
key does not grow with the document.

Nothing from the text is parsed as markup and nothing reaches the terminal
raw: strips are built from `Segment`s with `rich.style.Style` objects, and
control/format characters are drawn as placeholders by `tui.document.layout`.
The view never changes the text; every offset is a code-point index into it.

Public API (the workstation codes against this):
    DocumentView(*, id=None, classes=None)
    load(text, spans)                 new document; cursor 0, no selection
    set_spans(spans), spans, spans_at(offset)
    label_styles: dict[str, Style], set_label_colors({label: "#rrggbb"})
    cursor (get/set), move_cursor(offset, *, extend=False)
    selection -> (start, end) | None, select(start, end), clear_selection(),
    selecting (v mode), start_selecting()
    set_search(query) -> int, next_match(), prev_match(), current_match,
    match_count, select_current_match() -> bool, clear_search()
    DocumentView.CursorMoved(view, cursor, selection)
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from dataclasses import dataclass
from time import monotonic
from typing import Mapping, Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.timer import Timer

from tui.document import motions
from tui.document.marks import SpanIndex, SpanMark, changed_ranges, default_label_styles, fallback_style, merge_label_colors
from tui.document.search import DocumentSearch
from tui.document.layout import CONTROL, END, DocumentLayout, RowCells
from tui.widgets.thumb_scrollbar import ThumbScrollBar

__all__ = ["DocumentView", "SpanMark"]

CONTROL_STYLE = Style(color="#ff5f87", bold=True)
MATCH_STYLE = Style(color="#000000", bgcolor="#d7d787")
CURRENT_MATCH_STYLE = Style(color="#000000", bgcolor="#ffaf00", bold=True)
SELECTION_STYLE = Style(color="#000000", bgcolor="#e4e4e4")
CURSOR_STYLE = Style(color="#ffffff", bgcolor="#000000", reverse=True, bold=True)
CURSOR_BLUR_STYLE = Style(underline=True, bold=True)
#: Seconds without a key before background wrapping resumes.
IDLE_BEFORE_WRAP = 0.15

NESTED_STYLE = Style(underline=True)
DEEP_NESTED_STYLE = Style(underline=True, bold=True)


class DocumentView(ScrollView, can_focus=True):
    """A read-only view of a document's exact text with spans, cursor, selection."""

    DEFAULT_CSS = """
    DocumentView {
        overflow-x: hidden;
        /* always shown, so the wrap width never flips when the text grows */
        overflow-y: scroll;
    }
    """

    BINDINGS = [
        Binding("h,left", "cursor_left", "Left", id="doc.left", show=False),
        Binding("l,right", "cursor_right", "Right", id="doc.right", show=False),
        Binding("j,down", "cursor_down", "Down a row", id="doc.down", show=False),
        Binding("k,up", "cursor_up", "Up a row", id="doc.up", show=False),
        Binding("w", "word_next", "Next word", id="doc.word_next", show=False),
        Binding("b", "word_prev", "Previous word", id="doc.word_prev", show=False),
        Binding("e", "word_end", "End of word", id="doc.word_end", show=False),
        Binding("right_parenthesis", "sentence_next", "Next sentence", id="doc.sentence_next", show=False),
        Binding("left_parenthesis", "sentence_prev", "Previous sentence", id="doc.sentence_prev", show=False),
        Binding("right_curly_bracket", "paragraph_next", "Next paragraph", id="doc.paragraph_next", show=False),
        Binding("left_curly_bracket", "paragraph_prev", "Previous paragraph", id="doc.paragraph_prev", show=False),
        Binding("g,home", "document_start", "Start of text", id="doc.start", show=False),
        Binding("G,end", "document_end", "End of text", id="doc.end", show=False),
        Binding("pageup", "page_up", "Page up", id="doc.page_up", show=False),
        Binding("pagedown", "page_down", "Page down", id="doc.page_down", show=False),
        Binding("v", "toggle_selecting", "Select", id="doc.select", show=True),
        Binding("escape", "clear_selection", "Clear selection", id="doc.clear", show=True),
        Binding("n", "next_match", "Next match", id="doc.next_match", show=False),
        Binding("N", "prev_match", "Previous match", id="doc.prev_match", show=False),
    ]

    @dataclass
    class CursorMoved(Message):
        """The cursor or the selection changed."""

        view: "DocumentView"
        cursor: int
        selection: tuple[int, int] | None

        @property
        def control(self) -> "DocumentView":
            return self.view

    #: Freeze the GC generations after loading (see `load` and `_wrap_step`).
    #: This is process-wide; set to False if the app manages the GC itself.
    FREEZE_GC_AFTER_LOAD = True

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = ""
        self.label_styles: dict[str, Style] = default_label_styles()
        self._layout = DocumentLayout("", 80)
        self._spans: tuple[SpanMark, ...] = ()
        self._span_index = SpanIndex(())
        self._cursor = 0
        self._cursor_row_key: tuple[int, int, int] | None = None
        self._cursor_row_value = 0
        self._anchor: int | None = None  # selection anchor while selecting
        self._selection: tuple[int, int] | None = None
        self.selecting = False
        self._goal_col: int | None = None
        self._search = DocumentSearch("")
        self._current_match: tuple[int, int] | None = None
        self._search_version = 0
        self._style_version = 0
        self._strips: LRUCache[tuple, Strip] = LRUCache(512)
        self._wrap_timer: Timer | None = None
        self._dragging = False
        self._base_style: Style | None = None  # self.rich_style is costly per row
        self._last_input = 0.0
        self._view_width_for: Size | None = None
        self._view_width_value = 80
        #: text range each content line was last rendered from, by line
        self._painted: dict[int, tuple[int, int] | None] = {}

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None
        self._view_width_for = None
        self._strips.clear()

    # ----------------------------------------------------------------- loading
    def load(self, text: str, spans: Sequence[SpanMark]) -> None:
        """Show a new document; the cursor goes to 0 and the selection is cleared."""
        self.text = text
        self._layout = DocumentLayout(text, self._wrap_width())
        self._spans = tuple(spans)
        self._span_index = SpanIndex(self._spans)
        self._cursor = 0
        self._anchor = None
        self._selection = None
        self.selecting = False
        self._goal_col = None
        self._search = DocumentSearch(text)
        self._current_match = None
        self._search_version += 1
        self._strips.clear()
        self._cursor_row_key = None
        self._sync_virtual_size()
        if self.is_mounted:
            self.scroll_to(0, 0, animate=False)
            self.refresh()
        self._start_background_wrap()
        self._post_cursor()
        if self.FREEZE_GC_AFTER_LOAD:
            # A big document brings tens of thousands of long-lived objects
            # (rows, spans); moving them out of the cyclic collector's reach
            # stops full collections from rescanning them during key handling.
            gc.freeze()

    def set_spans(self, spans: Sequence[SpanMark]) -> None:
        """Replace the highlights; only the rows whose highlights changed repaint."""
        old = self._spans
        self._spans = tuple(spans)
        self._span_index = SpanIndex(self._spans)
        # Rows are cached by the spans that touch them, so unchanged rows hit
        # the cache; only rows under a changed span are asked to repaint.
        for start, end in changed_ranges(old, self._spans):
            self._refresh_offsets(start, end)

    @property
    def spans(self) -> tuple[SpanMark, ...]:
        return self._spans

    def set_label_colors(self, mapping: Mapping[str, str]) -> None:
        """Set label background colours, e.g. {"Date": "#1f618d"}."""
        self.label_styles = merge_label_colors(self.label_styles, mapping)
        self._style_version += 1
        self.refresh()

    def spans_at(self, offset: int) -> list[SpanMark]:
        """Spans covering `offset`, outermost first."""
        return self._span_index.overlapping(offset, offset + 1)

    # ------------------------------------------------------------ cursor state
    @property
    def cursor(self) -> int:
        return self._cursor

    @cursor.setter
    def cursor(self, offset: int) -> None:
        self.move_cursor(offset)

    @property
    def selection(self) -> tuple[int, int] | None:
        return self._selection

    def _selection_from_anchor(self) -> tuple[int, int] | None:
        if self._anchor is None:
            return None
        text = self.text
        lo = min(self._anchor, self._cursor)
        hi = max(motions.next_grapheme(text, self._anchor), motions.next_grapheme(text, self._cursor))
        return (lo, hi) if hi > lo else None

    def move_cursor(self, offset: int, *, extend: bool = False, keep_goal: bool = False) -> None:
        """Put the cursor on the cluster containing `offset`.

        With `extend` (or while selecting) the selection runs from the anchor
        to the cursor, both clusters included; otherwise a selection made
        with `select()` is dropped.
        """
        offset = motions.boundary_at_or_before(self.text, max(0, min(offset, len(self.text))))
        old_cursor, old_selection = self._cursor, self._selection
        if not keep_goal:
            self._goal_col = None
        self._cursor = offset
        if extend and self._anchor is None:
            self._anchor = self._selection[0] if self._selection else old_cursor
        if extend or self.selecting:
            if self._anchor is None:
                self._anchor = old_cursor
            self._selection = self._selection_from_anchor()
        else:
            self._anchor = None
            self._selection = None
        self._after_change(old_cursor, old_selection)

    def select(self, start: int, end: int) -> None:
        """Select text[start:end] exactly; the cursor goes to its start."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        old_cursor, old_selection = self._cursor, self._selection
        self._anchor = None
        self.selecting = False
        self._cursor = motions.boundary_at_or_before(self.text, start)
        self._goal_col = None
        self._selection = (start, end) if end > start else None
        self._after_change(old_cursor, old_selection)

    def clear_selection(self) -> None:
        old_cursor, old_selection = self._cursor, self._selection
        self._anchor = None
        self.selecting = False
        self._selection = None
        self._after_change(old_cursor, old_selection)

    def start_selecting(self) -> None:
        """Enter selection mode anchored at the cursor (like vim's `v`)."""
        old_cursor, old_selection = self._cursor, self._selection
        self.selecting = True
        self._anchor = self._cursor
        self._selection = self._selection_from_anchor()
        self._after_change(old_cursor, old_selection)

    @property
    def _cursor_row(self) -> int:
        """Visual row of the cursor (row numbers move as wrapping refines)."""
        layout = self._layout
        key = (id(layout), self._cursor, layout.version)
        if key != self._cursor_row_key:
            self._cursor_row_value = layout.row_of(self._cursor)
            self._cursor_row_key = (id(layout), self._cursor, layout.version)
        return self._cursor_row_value

    def _after_change(self, old_cursor: int, old_selection: tuple[int, int] | None) -> None:
        self._last_input = monotonic()
        layout = self._layout
        old_row = layout.row_of(old_cursor)
        new_row = self._cursor_row
        self._refresh_rows(old_row, old_row)
        self._refresh_rows(new_row, new_row)
        if old_selection != self._selection:
            for rng in _changed_selection(old_selection, self._selection):
                self._refresh_offsets(*rng)
        self._scroll_cursor_into_view()
        if old_cursor != self._cursor or old_selection != self._selection:
            self._post_cursor()

    def _post_cursor(self) -> None:
        self.post_message(self.CursorMoved(self, self._cursor, self._selection))

    # ---------------------------------------------------------------- search
    def set_search(self, query: str) -> int:
        """Highlight case-insensitive matches of `query`; go to the first at/after the cursor.

        Returns the number of matches (0 for an empty query).
        """
        count = self._search.set_query(query)
        self._current_match = None
        self._search_version += 1
        self.refresh()
        if count:
            self._go_to_match(self._search.first_at_or_after(self._cursor))
        return count

    @property
    def match_count(self) -> int:
        return self._search.count

    @property
    def current_match(self) -> tuple[int, int] | None:
        return self._current_match

    def _go_to_match(self, match: tuple[int, int] | None) -> None:
        if match is None:
            return
        old = self._current_match
        self._current_match = match
        if old is not None:
            self._refresh_offsets(*old)
        self._refresh_offsets(*match)
        self.move_cursor(match[0], extend=self.selecting)

    def next_match(self) -> bool:
        """Go to the next match (wrapping). False if there are no matches."""
        if not self._search.count:
            return False
        if self._current_match is None:
            self._go_to_match(self._search.first_at_or_after(self._cursor + 1))
        else:
            self._go_to_match(self._search.after(self._current_match))
        return True

    def prev_match(self) -> bool:
        """Go to the previous match (wrapping). False if there are no matches."""
        if not self._search.count:
            return False
        limit = self._current_match[0] if self._current_match else self._cursor
        self._go_to_match(self._search.before(limit))
        return True

    def select_current_match(self) -> bool:
        """Make the current match the selection. False if there is none."""
        match = self.current_match
        if match is None:
            return False
        self.select(*match)
        return True

    def clear_search(self) -> None:
        had = bool(self._search.count)
        self._search.set_query("")
        self._current_match = None
        self._search_version += 1
        if had:
            self.refresh()

    # ---------------------------------------------------------------- motions
    def _motion(self, target: int, *, keep_goal: bool = False) -> None:
        self.move_cursor(target, extend=self.selecting, keep_goal=keep_goal)

    def action_cursor_left(self) -> None:
        self._motion(motions.prev_grapheme(self.text, self._cursor))

    def action_cursor_right(self) -> None:
        self._motion(motions.next_grapheme(self.text, self._cursor))

    def action_word_next(self) -> None:
        self._motion(motions.next_word(self.text, self._cursor))

    def action_word_prev(self) -> None:
        self._motion(motions.prev_word(self.text, self._cursor))

    def action_word_end(self) -> None:
        self._motion(motions.word_end(self.text, self._cursor))

    def action_sentence_next(self) -> None:
        self._motion(motions.next_sentence(self.text, self._cursor))

    def action_sentence_prev(self) -> None:
        self._motion(motions.prev_sentence(self.text, self._cursor))

    def action_paragraph_next(self) -> None:
        self._motion(motions.next_paragraph(self.text, self._cursor))

    def action_paragraph_prev(self) -> None:
        self._motion(motions.prev_paragraph(self.text, self._cursor))

    def action_document_start(self) -> None:
        self._motion(0)

    def action_document_end(self) -> None:
        self._motion(len(self.text))

    def _vertical(self, rows: int) -> None:
        layout = self._layout
        cells = layout.cells_for(*layout.row_range(self._cursor_row))
        if self._goal_col is None:
            self._goal_col = cells.col_of(self._cursor)
        target_row = max(0, min(self._cursor_row + rows, layout.row_count - 1))
        rng = layout.row_range(target_row)
        if rng is None:
            return
        target = layout.cells_for(*rng).offset_at(self._goal_col)
        self._motion(target, keep_goal=True)

    def action_cursor_down(self) -> None:
        self._vertical(1)

    def action_cursor_up(self) -> None:
        self._vertical(-1)

    def action_page_down(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        self.scroll_to(y=self.scroll_offset.y + height, animate=False)
        self._vertical(height)

    def action_page_up(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        self.scroll_to(y=max(0, self.scroll_offset.y - height), animate=False)
        self._vertical(-height)

    def action_toggle_selecting(self) -> None:
        if self.selecting:
            self.selecting = False  # keep the selection, stop extending it
            self._anchor = None
            self.refresh_bindings()
        else:
            self.start_selecting()

    def action_clear_selection(self) -> None:
        if self._selection is not None or self.selecting:
            self.clear_selection()
        elif self._search.count:
            self.clear_search()
        else:
            raise SkipAction()

    def action_next_match(self) -> None:
        if not self.next_match():
            raise SkipAction()

    def action_prev_match(self) -> None:
        if not self.prev_match():
            raise SkipAction()

    # ------------------------------------------------------------------ mouse
    def _offset_at_mouse(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        y = offset.y + self.scroll_offset.y
        y = max(0, min(y, self._layout.row_count - 1))
        rng = self._layout.row_range(y)
        if rng is None:
            return None
        return self._layout.cells_for(*rng).offset_at(offset.x)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        target = self._offset_at_mouse(event)
        if target is None:
            return
        self.focus()
        self.selecting = False
        self.move_cursor(target)
        self._dragging = True
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        target = self._offset_at_mouse(event)
        if target is not None and target != self._cursor:
            self.move_cursor(target, extend=True)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    # ------------------------------------------------------------ geometry
    def _wrap_width(self) -> int:
        # One column is kept free so the cursor can sit after a full row.
        return max(1, self.scrollable_content_region.width - 1) if self.is_mounted else 79

    @property
    def _view_width(self) -> int:
        """Cells across the text area (the region is costly to ask per row)."""
        # keyed by the outer size, a plain attribute: asking `size` walks to
        # the screen for the region (~5 us a row); a style change that
        # alters the gutter clears the key (notify_style_update)
        size = self.outer_size
        if size != self._view_width_for:
            self._view_width_for = size
            self._view_width_value = self.scrollable_content_region.width
        return self._view_width_value

    def _sync_virtual_size(self) -> None:
        width = self.scrollable_content_region.width if self.is_mounted else 80
        size = Size(max(1, width), self._layout.row_count)
        if size != self.virtual_size:
            self.virtual_size = size

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The vertical scrollbar: one that repaints only when its thumb moves."""
        # as Widget.vertical_scrollbar, with ThumbScrollBar in place of ScrollBar
        if self._vertical_scrollbar is None:
            scroll_bar = ThumbScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            scroll_bar.display = False
            self._vertical_scrollbar = scroll_bar
            self.app._start_widget(self, scroll_bar)
        return self._vertical_scrollbar

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scroll, reusing the styled rows that stay on screen.

        ScrollView repaints the whole view on a scroll, and Textual's styles
        cache (keyed by screen row) then restyles every row: about 0.1 ms a
        row, 4 ms of a 5 ms frame at 40 rows, though a one-row scroll shows
        only one new row.  The compositor still has to repaint every row (the
        text moved on screen), but rows already styled move with the text.
        """
        cache = self._styles_cache
        delta = round(new_value) - round(old_value)
        was_dirty = set(cache._dirty_lines)
        super().watch_scroll_y(old_value, new_value)
        if delta:
            self._shift_styled_rows(round(new_value), delta, was_dirty)

    def _shift_styled_rows(self, new_top: int, delta: int, was_dirty: set[int]) -> None:
        """Re-key Textual's styled-row cache after scrolling by `delta` rows.

        Only content rows move (a border or padding row stays where it is).
        A content row is kept if the row it came from was styled, is not
        waiting for a repaint, and shows the same text as the row now at its
        place (wrapping on demand can renumber rows, so this is checked
        against the text range each row was painted from); every other row
        stays dirty and is rendered again.
        """
        cache = self._styles_cache
        old = cache._cache
        painted = self._painted
        self._painted = {}
        if not old or cache._width != self.region.width:
            return
        # the styles cache's row y shows content line y - styles.gutter.top
        top = self.styles.gutter.top
        height = self.content_region.height
        row_range = self._layout.row_range
        moved: dict[int, Strip] = {}
        for y, strip in old.items():
            if not top <= y < top + height:
                moved[y] = strip  # border/padding rows do not scroll
        for line in range(height):
            source = line + delta
            if (
                0 <= source < height
                and source + top in old
                and source + top not in was_dirty
                and source in painted
                and painted[source] == row_range(new_top + line)
            ):
                moved[line + top] = old[source + top]
                cache._dirty_lines.discard(line + top)
                self._painted[line] = painted[source]
        cache._cache = moved

    def on_resize(self, event: events.Resize) -> None:
        if self._layout.set_width(self._wrap_width()):
            self._strips.clear()
            self._sync_virtual_size()
            self._start_background_wrap()
            self.refresh()
            self.call_after_refresh(self._scroll_cursor_into_view)
        else:
            self._sync_virtual_size()

    def on_focus(self, event: events.Focus) -> None:
        self._refresh_rows(self._cursor_row, self._cursor_row)

    def on_blur(self, event: events.Blur) -> None:
        self._refresh_rows(self._cursor_row, self._cursor_row)

    def _scroll_cursor_into_view(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        # wrapping on demand may have refined the row count: the scroll
        # range must cover the cursor's row before scrolling to it
        self._sync_virtual_size()
        top = round(self.scroll_offset.y)
        row = self._cursor_row
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)

    def _start_background_wrap(self) -> None:
        if self._wrap_timer is not None:
            self._wrap_timer.stop()
            self._wrap_timer = None
        if self.is_mounted and not self._layout.fully_wrapped:
            self._wrap_timer = self.set_interval(0.05, self._wrap_step)

    def _keeping_top(self, wrap):
        """Run `wrap()` (which may refine row counts) keeping the text on screen still."""
        layout = self._layout
        version = layout.version
        top = round(self.scroll_offset.y)
        top_range = layout.row_range(top)
        result = wrap()
        if layout.version != version:
            self._sync_virtual_size()
            if top_range is not None:
                new_top = layout.row_of(top_range[0])
                if new_top != top:
                    self.scroll_to(y=new_top, animate=False)
                    self.refresh()
        return result

    def _wrap_ahead(self) -> None:
        """Wrap the rows of the two pages below the view (cheap once they are wrapped)."""
        layout = self._layout
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_offset.y)
        for y in range(top + height, top + 3 * height):
            if layout.row_range(y) is None:
                break

    def _wrap_step(self) -> None:
        """Wrap a little more in idle time, keeping the text on screen still.

        Skipped while keys are arriving, so background work never sits
        between a key and its frame.  Wrapping replaces row estimates with
        exact counts; when rows above the view change, the view follows the
        text it was showing (its top row's first offset) rather than a row
        number.
        """
        if monotonic() - self._last_input < IDLE_BEFORE_WRAP:
            # Keys are arriving: wrap only the next pages, so paging on does not
            # wrap them between a key and its frame.
            self._keeping_top(self._wrap_ahead)
            return
        layout = self._layout
        more = self._keeping_top(
            lambda: layout.wrap_some(max_paragraphs=2000, max_chars=100_000))
        if not more and self._wrap_timer is not None:
            self._wrap_timer.stop()
            self._wrap_timer = None
            if self.FREEZE_GC_AFTER_LOAD:
                # Idle, and the layout is complete: collect what the freeze in
                # load() kept from the cyclic collector (so nothing leaks
                # across documents), then freeze the survivors again.
                gc.unfreeze()
                gc.collect()
                gc.freeze()

    # -------------------------------------------------------------- refreshes
    def _refresh_rows(self, first: int, last: int) -> None:
        top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        first, last = max(first, top), min(last, top + height - 1)
        if first <= last:
            self.refresh_lines(first, last - first + 1)

    def _refresh_offsets(self, start: int, end: int) -> None:
        """Repaint the visible rows showing text[start:end]."""
        top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        first_visible = self._layout.row_range(top)
        if first_visible is None:
            return
        if end < first_visible[0]:
            return
        bottom = self._layout.row_range(min(top + height - 1, self._layout.row_count - 1))
        if bottom is not None and start > bottom[1]:
            return
        first = self._layout.row_of(max(start, first_visible[0]))
        last = self._layout.row_of(min(end, bottom[1] if bottom else end))
        self._refresh_rows(first, last)

    # -------------------------------------------------------------- rendering
    def render_line(self, y: int) -> Strip:
        """The strip for visible row `y` (0 = top of the view)."""
        row = y + round(self.scroll_y)  # as scroll_offset.y, without an Offset
        width = self._view_width
        base = self._base_style
        if base is None:
            base = self._base_style = self.rich_style
        rng = self._layout.row_range(row)
        self._painted[y] = rng  # what line y shows (see _shift_styled_rows)
        if rng is None:
            return Strip.blank(width, base)
        start, end = rng
        spans = self._span_index.overlapping(start, end) if self._spans else ()
        sel = self._selection
        sel_clip = None
        if sel is not None and sel[0] <= end and sel[1] > start:
            sel_clip = (max(sel[0], start), min(sel[1], end))
        on_cursor_row = row == self._cursor_row
        match = self.current_match
        match_clip = match if match is not None and match[0] < end and match[1] > start else None
        key = (
            start, end, width, tuple(spans), self._search_version, match_clip,
            sel_clip, self._cursor if on_cursor_row else None, self.has_focus,
            self._style_version, base,
        )
        strip = self._strips.get(key)
        if strip is None:
            cells = self._layout.cells_for(start, end)
            strip = self._build_strip(cells, spans, sel_clip, on_cursor_row, match_clip, width, base)
            self._strips[key] = strip
        return strip

    def _row_matches(self, start: int, end: int) -> list[tuple[int, int]]:
        return self._search.in_range(start, end)

    def _build_strip(
        self,
        cells: RowCells,
        spans: Sequence[SpanMark],
        sel: tuple[int, int] | None,
        on_cursor_row: bool,
        current_match: tuple[int, int] | None,
        width: int,
        base: Style,
    ) -> Strip:
        start, end = cells.start, cells.end
        matches = self._row_matches(start, end)
        cursor = self._cursor if on_cursor_row else None
        cursor_end = motions.next_grapheme(self.text, cursor) if cursor is not None else None
        cuts = {start, end}
        for s in spans:
            cuts.add(s.start)
            cuts.add(s.end)
        for a, b in matches:
            cuts.add(a)
            cuts.add(b)
        if sel is not None:
            cuts.update(sel)
        if cursor is not None:
            cuts.add(cursor)
            cuts.add(cursor_end)
        cut_list = sorted(c for c in cuts if start <= c <= end)

        text = self.text
        cend = cells.content_end
        simple = cells.simple
        if not simple:
            offsets, shown, kinds, widths = cells.offsets, cells.shown, cells.kinds, cells.widths
        label_styles = self.label_styles
        focused = self.has_focus
        segments: list[Segment] = []
        used = 0  # cells drawn so far
        for a, b in zip(cut_list, cut_list[1:]):
            if simple:
                if a > cend:
                    continue  # inside a CRLF terminator: no cluster starts here
                o = a
            else:
                i0 = bisect_left(offsets, a)
                i1 = bisect_left(offsets, b)
                if i0 >= i1:
                    continue
                o = offsets[i0]
            style = base
            if spans:
                covering = [s for s in spans if s.start <= o < s.end]
                if covering:
                    inner = min(covering, key=lambda s: (s.end - s.start, -s.start))
                    style = style + (label_styles.get(inner.label) or fallback_style(inner.label))
                    if len(covering) >= 3:
                        style = style + DEEP_NESTED_STYLE
                    elif len(covering) == 2:
                        style = style + NESTED_STYLE
            in_match = False
            for ma, mb in matches:
                if ma <= o < mb:
                    in_match = True
                    style = style + (CURRENT_MATCH_STYLE if (ma, mb) == current_match else MATCH_STYLE)
                    break
            selected = sel is not None and sel[0] <= o < sel[1]
            if selected:
                style = style + SELECTION_STYLE
            is_cursor = cursor is not None and o == cursor
            if is_cursor:
                style = style + (CURSOR_STYLE if focused else CURSOR_BLUR_STYLE)
            highlighted = selected or is_cursor or in_match
            if simple:
                if a < cend:
                    piece = text[a:min(b, cend)]
                    segments.append(Segment(piece, style))
                    used += len(piece)  # simple text: one cell per code point
                if b > cend and cend < end and highlighted:
                    segments.append(Segment(" ", style))  # the line end, selected
                    used += 1
                continue
            j = i0
            while j < i1:
                kind = kinds[j]
                k = j + 1
                while k < i1 and kinds[k] == kind:
                    k += 1
                if kind == END:
                    if highlighted:
                        segments.append(Segment(" ", style))
                        used += 1
                elif kind == CONTROL:
                    segments.append(Segment("".join(shown[j:k]), style + CONTROL_STYLE))
                    used += sum(widths[j:k])
                else:
                    segments.append(Segment("".join(shown[j:k]), style))
                    used += sum(widths[j:k])
                j = k
        if cursor is not None and cursor >= end and cursor == len(self.text):
            segments.append(Segment(" ", base + (CURSOR_STYLE if focused else CURSOR_BLUR_STYLE)))
            used += 1
        if used < width:
            segments.append(Segment(" " * (width - used), base))
            return Strip(segments, width)
        # wider than the view (cannot happen with the spare column; be safe)
        return Strip(segments).crop(0, width)


def _changed_selection(
    old: tuple[int, int] | None, new: tuple[int, int] | None
) -> list[tuple[int, int]]:
    """Offset ranges whose selected state differs between two selections."""
    if old is None and new is None:
        return []
    if old is None:
        return [new]  # type: ignore[list-item]
    if new is None:
        return [old]
    ranges = []
    if old[0] != new[0]:
        ranges.append((min(old[0], new[0]), max(old[0], new[0])))
    if old[1] != new[1]:
        ranges.append((min(old[1], new[1]), max(old[1], new[1])))
    return ranges
