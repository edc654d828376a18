"""The document view's mouse: a click puts the cursor, a drag selects (a mixin).

The view keeps `_layout`, `_cursor`, `selecting`, `move_cursor` and `_dragging`; here
is only how a mouse position becomes a text offset and what a button does with it.
"""

from __future__ import annotations

from textual import events


class DocumentMouse:
    """Mixed into DocumentView."""

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
