"""DocumentView: the exact text of a document, soft-wrapped, on the Line API.

Only the visible rows are ever rendered (`render_line`), each row's Strip is
kept in an LRU cache keyed by everything that changes how it looks, and a
cursor move refreshes just the rows it leaves and enters.  So the cost of a
key does not grow with the document.

Nothing from the text is parsed as markup and nothing reaches the terminal
raw: strips are built from `Segment`s with `rich.style.Style` objects, and
control/format characters are drawn as placeholders by `tui.document.layout`.
The view never changes the text; every offset is a code-point index into it.

Public API (the workstation codes against this): DocumentView(*, id=None, classes=None),
    load(text, spans)                 new document; cursor 0, no selection
    set_spans(spans), change_spans(removed_ids, added), spans, spans_at(offset)
    label_styles: dict[str, Style], set_label_colors({label: "#rrggbb"})
    cursor (get/set), move_cursor(offset, *, extend=False)
    selection, select(start, end), clear_selection(), selecting (v), start_selecting()
    set_search(query, origin=...) -> int, next_match(), prev_match(), current_match,
    match_count, select_current_match(), clear_search()
    DocumentView.CursorMoved(view, cursor, selection)
"""

from __future__ import annotations

from dataclasses import dataclass
from time import monotonic
from typing import Mapping, Sequence

from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.timer import Timer

from tui import textual_internals as internals
from tui.document import motions
from tui.document.layout import DocumentLayout
from tui.document.marks import (
    MarkSet,
    SpanMark,
    changed_selection,
    default_label_styles,
    merge_label_colors,
)
from tui.document.search import DocumentSearch
from tui.widgets.document_find import DocumentFind
from tui.widgets.document_keys import DocumentKeys
from tui.widgets.document_mouse import DocumentMouse
from tui.widgets.row_painter import paint_row
from tui.widgets.suggestion_layer import SuggestionLayer, SuggestionsShown
from tui.widgets.thumb_scrollbar import ThumbScrollBar

__all__ = ["DocumentView", "SpanMark"]

#: Seconds without a key before background wrapping resumes.
IDLE_BEFORE_WRAP = 0.15
#: Idle-time wrapping runs in steps of at most this long on the UI thread (a key
#: arriving during one waits for it), every WRAP_INTERVAL seconds. A step of
#: 100,000 characters took 86-140 ms on a loaded machine.
WRAP_STEP_SECONDS = 0.010
WRAP_INTERVAL = 0.025


def prepare_for_view(text: str, spans: Sequence[SpanMark], width: int) -> tuple[MarkSet, DocumentLayout]:
    """The marks indexed and the text split for `DocumentView.load`, at wrap `width`: work
    for a thread, so that loading holds the UI thread for the frame alone."""
    return MarkSet(spans), DocumentLayout(text, width)


class DocumentView(SuggestionsShown, DocumentFind, DocumentMouse, DocumentKeys, ScrollView,
                   can_focus=True):
    """A read-only view of a document's exact text with spans, cursor, selection."""

    BINDINGS = DocumentKeys.DOCUMENT_BINDINGS

    DEFAULT_CSS = """
    DocumentView {
        overflow-x: hidden;
        /* always shown, so the wrap width never flips when the text grows */
        overflow-y: scroll;
    }
    """


    @dataclass
    class CursorMoved(Message):
        """The cursor or the selection changed."""

        view: "DocumentView"
        cursor: int
        selection: tuple[int, int] | None

        @property
        def control(self) -> "DocumentView":
            return self.view

    @dataclass
    class Loaded(Message):
        """A document was loaded (the app may move its long-lived objects out of the GC's way)."""

        view: "DocumentView"

    @dataclass
    class Settled(Message):
        """The whole document is laid out and no key is arriving."""

        view: "DocumentView"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = ""
        self.label_styles: dict[str, Style] = default_label_styles()
        self._layout = DocumentLayout("", 79)
        self._marks = MarkSet()
        self._suggestions = SuggestionLayer()
        self._current_suggestion: str | None = None
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
    def load(self, text: str, spans: Sequence[SpanMark] | MarkSet,
             layout: DocumentLayout | None = None) -> None:
        """Show a new document; the cursor goes to 0 and the selection is cleared.

        `spans` may be a `MarkSet` and `layout` a `DocumentLayout` of `text`, both made
        by `prepare` in a worker thread (10,000 marks indexed and a 1 MB text split
        into paragraphs cost ~40 ms the keys would otherwise wait for); the set is
        then the view's own, not to be touched by the caller again.
        """
        self.text = text
        if layout is None or layout.text is not text:
            layout = DocumentLayout(text, self._wrap_width())
        else:
            layout.set_width(self._wrap_width())  # the width may have changed meanwhile
        self._layout = layout
        self._marks = spans if isinstance(spans, MarkSet) else MarkSet(spans)
        self._suggestions, self._current_suggestion = SuggestionLayer(), None
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
            # wrapping the rest waits for the frame showing the top: a step holds the thread
            self.call_after_refresh(self._start_background_wrap)
        else:
            self._start_background_wrap()
        self._post_cursor()
        self.post_message(self.Loaded(self))

    def prepare(self, text: str, spans: Sequence[SpanMark]) -> tuple[MarkSet, DocumentLayout]:
        """The marks and layout `load` needs, made off the UI thread (call from a worker;
        it only reads the view's current width)."""
        return prepare_for_view(text, spans, self._wrap_width())

    def set_spans(self, spans: Sequence[SpanMark]) -> None:
        """Replace the highlights; only the rows whose highlights changed repaint."""
        self._repaint(self._marks.replace(spans))

    def change_spans(self, removed: Sequence[str] = (), added: Sequence[SpanMark] = ()) -> None:
        """Take the marks with ids `removed` out and put `added` in: the cost is that of
        the changed spans, not of the document's (one label is one mark in)."""
        self._repaint(self._marks.apply(removed, added))

    def _repaint(self, ranges: list[tuple[int, int]]) -> None:
        # Rows are cached by the spans that touch them, so unchanged rows hit
        # the cache; only rows under a changed span are asked to repaint.
        for start, end in ranges:
            self._refresh_offsets(start, end)

    @property
    def spans(self) -> tuple[SpanMark, ...]:
        return self._marks.spans

    def set_label_colors(self, mapping: Mapping[str, str]) -> None:
        """Set label background colours, e.g. {"Date": "#1f618d"}."""
        self.label_styles = merge_label_colors(self.label_styles, mapping)
        self._style_version += 1
        self.refresh()

    def spans_at(self, offset: int) -> list[SpanMark]:
        """Spans covering `offset`, outermost first."""
        return self._marks.overlapping(offset, offset + 1)

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
            for rng in changed_selection(old_selection, self._selection):
                self._refresh_offsets(*rng)
        self._scroll_cursor_into_view()
        if old_cursor != self._cursor or old_selection != self._selection:
            self._post_cursor()

    def _post_cursor(self) -> None:
        self.post_message(self.CursorMoved(self, self._cursor, self._selection))

    # ------------------------------------------------------------ geometry
    def _wrap_width(self) -> int:
        # One column is kept free so the cursor can sit after a full row.
        width = self.scrollable_content_region.width if self.is_mounted else 0
        # Not laid out yet (a text loaded as the screen mounts): the layout's width stands
        # until the first resize gives the real one.
        return max(1, width - 1) if width else self._layout.width

    @property
    def wrap_width(self) -> int:
        """The cells a row may fill now (what a layout made in a worker should use)."""
        return self._wrap_width()

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
        if not internals.CUSTOM_SCROLLBAR:
            return super().vertical_scrollbar
        # as Widget.vertical_scrollbar, with ThumbScrollBar in place of ScrollBar
        if self._vertical_scrollbar is None:
            scroll_bar = ThumbScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            scroll_bar.display = False
            self._vertical_scrollbar = scroll_bar
            internals.start_widget(self.app, self, scroll_bar)
        return self._vertical_scrollbar

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scroll, reusing the styled rows that stay on screen.

        ScrollView repaints the whole view on a scroll, and Textual's styles
        cache (keyed by screen row) then restyles every row: about 0.1 ms a
        row, 4 ms of a 5 ms frame at 40 rows, though a one-row scroll shows
        only one new row.  The compositor still has to repaint every row (the
        text moved on screen), but rows already styled move with the text.
        """
        delta = round(new_value) - round(old_value)
        was_dirty = internals.dirty_rows(self)
        super().watch_scroll_y(old_value, new_value)
        if not delta:
            return
        painted = self._painted
        self._painted = {}
        # A row is kept only if it shows the same text as the row now at its
        # place: wrapping on demand can renumber rows.
        new_top = round(new_value)
        row_range = self._layout.row_range

        def same_text(line: int, source: int) -> bool:
            return source in painted and painted[source] == row_range(new_top + line)

        kept = internals.shift_styled_rows(self, self.styles.gutter.top,
                                           self.content_region.height, delta, was_dirty, same_text)
        self._painted = {line: painted[line + delta] for line in kept}

    def _fit_width(self) -> bool:
        """Re-wrap (lazily) if the view's width changed; True if it did."""
        if not self._layout.set_width(self._wrap_width()):
            return False
        self._strips.clear()
        self._start_background_wrap()
        self.call_after_refresh(self._scroll_cursor_into_view)
        return True

    def on_resize(self, event: events.Resize) -> None:
        if self._fit_width():
            self.refresh()
        self._sync_virtual_size()

    def render_lines(self, crop: Region) -> list[Strip]:
        # A text loaded as the screen mounts (before its first layout) was wrapped at a
        # width guessed beforehand; the view is sized by now, its Resize still to come:
        # the first frame shows the rows at the real width, not the guess's.
        self._fit_width()
        return super().render_lines(crop)

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
            self._wrap_timer = self.set_interval(WRAP_INTERVAL, self._wrap_step)

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
            lambda: layout.wrap_some(max_paragraphs=2000, max_chars=100_000, seconds=WRAP_STEP_SECONDS))
        if not more and self._wrap_timer is not None:
            self._wrap_timer.stop()
            self._wrap_timer = None
            self.post_message(self.Settled(self))

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
        spans = self._marks.overlapping(start, end) if self._marks else ()
        suggested = tuple(self._suggestions.overlapping(start, end))
        current = self._current_suggestion if any(m.id == self._current_suggestion for m in suggested) else None
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
            self._style_version, base, suggested, current,
        )
        strip = self._strips.get(key)
        if strip is None:
            cells = self._layout.cells_for(start, end)
            strip = paint_row(self.text, cells, spans, self._search.in_range(start, end), sel_clip,
                              self._cursor if on_cursor_row else None, match_clip, width, base,
                              self.label_styles, self.has_focus, suggested, current)
            self._strips[key] = strip
        return strip
