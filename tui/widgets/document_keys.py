"""The document view's keys: motions, selection and match navigation, by binding id.

A mixin for `DocumentView`, so the view itself keeps to loading, rendering and
scrolling. Every motion is a pure function of the text (`tui.document.motions`);
these methods only move the cursor to where it says.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.binding import Binding

from tui.document import motions


class DocumentKeys:
    """Key actions of a document view (mixed into `DocumentView`)."""

    #: The view's bindings, by id (the view sets them as its BINDINGS: Textual reads
    #: bindings only from widget classes, not from a mixin).
    DOCUMENT_BINDINGS = [
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
        # One key for a whole span; pressed again, each grows the selection by one more.
        Binding("i", "select_word", "word", id="doc.select_word", show=True,
                tooltip="Select the word under the cursor; again: one more word"),
        Binding("S", "select_sentence", "sentence", id="doc.select_sentence", show=False,
                tooltip="Select the sentence under the cursor; again: one more sentence"),
        Binding("semicolon", "extend_to_punctuation", "to punct.", id="doc.extend_to_punctuation",
                show=False, tooltip="Select up to the next comma, full stop, quote or dash; again: on"),
        Binding("n", "next_match", "Next match", id="doc.next_match", show=False),
        Binding("N", "prev_match", "Previous match", id="doc.prev_match", show=False),
    ]

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

    def _select_span(self, span: tuple[int, int] | None) -> None:
        if span is None:
            raise SkipAction()
        self.select(*span)

    def action_select_word(self) -> None:
        self._select_span(motions.select_word(self.text, self._cursor, self._selection))

    def action_select_sentence(self) -> None:
        self._select_span(motions.select_sentence(self.text, self._cursor, self._selection))

    def action_extend_to_punctuation(self) -> None:
        self._select_span(motions.extend_to_punctuation(self.text, self._cursor, self._selection))

    def match_position(self) -> tuple[int, int] | None:
        """(which match the cursor is on, counted from 1; how many there are), or None."""
        match = self._current_match
        if match is None or not self._search.count:
            return None
        return self._search.ordinal(match), self._search.count

    def action_next_match(self) -> None:
        if not self.next_match():
            raise SkipAction()

    def action_prev_match(self) -> None:
        if not self.prev_match():
            raise SkipAction()
