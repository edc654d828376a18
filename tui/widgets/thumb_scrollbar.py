"""A vertical scrollbar that repaints only when its thumb moves on screen.

Textual's ScrollBar repaints all its rows whenever `position` changes.  On a
long document one row of scrolling moves the thumb by a tiny fraction of an
eighth of a cell, so the bar looks the same after almost every scroll, yet the
repaint (every row of the bar through the styles cache) cost about 1.7 ms of
each scroll frame at 40 rows.  Here `position` still changes on every scroll
(dragging the thumb reads it), but the bar is only repainted when the cells it
draws would differ.
"""

from __future__ import annotations

from math import ceil

from textual.reactive import Reactive
from textual.scrollbar import ScrollBar

__all__ = ["ThumbScrollBar"]


class ThumbScrollBar(ScrollBar):
    """ScrollBar whose position changes repaint only when the thumb moves."""

    position: Reactive[float] = Reactive(0, repaint=False)

    def _thumb(self, position: float) -> tuple[int, int] | None:
        """The thumb's first and last eighth-of-a-cell, as ScrollBarRender draws it."""
        size = self.size.height if self.vertical else self.size.width
        virtual = ceil(self.window_virtual_size)
        window = ceil(self.window_size) if self.window_size < self.window_virtual_size else 0
        if not (window and size and virtual and size != virtual and virtual != window):
            return None
        thumb = max(1, window / (virtual / size))
        start = int((size - thumb) * (position / (virtual - window)) * 8)
        return start, start + ceil(thumb * 8)

    def watch_position(self, old: float, new: float) -> None:
        if old == new:
            return
        before, after = self._thumb(old), self._thumb(new)
        if before is None or before != after:
            self.refresh()
