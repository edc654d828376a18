"""The suggestion layer: what the document view draws under the spans, and how keys walk it.

Pure (no Textual): the pending suggestions of one document as marks, an index
for "which touch this row", and next/previous/at-the-cursor for the keys. The
row painter draws a suggestion dimmer than a span: the label's colour as the
text colour with an underline where no span is, an underline alone over a span
(so neither hides the other), bold for the current one.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Mapping, Sequence

from rich.style import Style

from tui.document.marks import DEFAULT_LABEL_COLORS, EXTRA_COLORS, SpanIndex, SpanMark, changed_ranges

#: A suggestion over a span: the span's colours stay, the underline says "also suggested".
OVER_SPAN_STYLE = Style(underline=True, italic=True)
CURRENT_STYLE = Style(bold=True, underline=True)

_COLORS = dict(DEFAULT_LABEL_COLORS, Cue="#5d6d7e", Content="#5d6d7e")


def suggestion_style(label: str) -> Style:
    """Dimmer than a span: coloured, underlined text on the plain background."""
    import zlib
    color = _COLORS.get(label) or EXTRA_COLORS[zlib.crc32(label.encode()) % len(EXTRA_COLORS)]
    return Style(color=_lighten(color), underline=True)


def _lighten(color: str) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(min(255, c + (255 - c) // 3) for c in (r, g, b)))


def cell_style(covering: Sequence[SpanMark], over_span: bool, current: str | None,
               cache: dict[str, Style]) -> Style | None:
    """The style a cell under these suggestions gets added (None: none cover it)."""
    if not covering:
        return None
    inner = min(covering, key=lambda s: (s.end - s.start, -s.start))
    if over_span:
        style = OVER_SPAN_STYLE
    else:
        style = cache.get(inner.label)
        if style is None:
            style = cache[inner.label] = suggestion_style(inner.label)
    if current is not None and any(s.id == current for s in covering):
        style = style + CURRENT_STYLE
    return style


class SuggestionLayer:
    """The pending suggestions of one document (dicts as `store.records.suggestions.pending` gives)."""

    def __init__(self, suggestions: Sequence[Mapping] = ()):
        self.rows = sorted(suggestions, key=lambda s: (s["start"], s["end"], s["label"]))
        self.by_id = {s["id"]: s for s in self.rows}
        self.marks = tuple(SpanMark(s["id"], s["start"], s["end"], s["label"]) for s in self.rows)
        self.index = SpanIndex(self.marks)
        self._starts = [s["start"] for s in self.rows]

    def __len__(self) -> int:
        return len(self.rows)

    def overlapping(self, start: int, end: int) -> list[SpanMark]:
        return self.index.overlapping(start, end) if self.rows else []

    def at(self, offset: int) -> Mapping | None:
        """The innermost suggestion covering `offset`, or the one starting there."""
        covering = [self.by_id[m.id] for m in self.index.overlapping(offset, offset + 1)] if self.rows else []
        if not covering:
            return None
        return min(covering, key=lambda s: (s["start"] != offset, s["end"] - s["start"]))

    def next_after(self, offset: int) -> Mapping | None:
        i = bisect_right(self._starts, offset)
        return self.rows[i] if i < len(self.rows) else (self.rows[0] if self.rows else None)

    def previous_before(self, offset: int) -> Mapping | None:
        i = bisect_left(self._starts, offset) - 1
        return self.rows[i] if i >= 0 else (self.rows[-1] if self.rows else None)

    def step(self, current: str | None, offset: int, forward: bool) -> Mapping | None:
        """The suggestion after (or before) `current` in reading order, two on the same
        words included; without a current one, the first after (before) `offset`."""
        if not self.rows:
            return None
        if current in self.by_id:
            i = self.rows.index(self.by_id[current]) + (1 if forward else -1)
            return self.rows[i % len(self.rows)]
        return self.next_after(offset - 1) if forward else self.previous_before(offset)

    def of_kind(self, kind: str) -> list[Mapping]:
        return [s for s in self.rows if s["label"] == kind]


class SuggestionsShown:
    """The document view's part of the layer (a mixin: the view keeps `_suggestions`,
    `_current_suggestion` and `_refresh_offsets`)."""

    _suggestions: SuggestionLayer
    _current_suggestion: str | None

    def set_suggestions(self, layer: SuggestionLayer, current: str | None = None,
                        changed: list[tuple[int, int]] | None = None) -> None:
        """Replace the suggestion layer (drawn under and beside the spans); `changed`, the
        ranges that differ from the layer drawn, when they were worked out already."""
        old, old_layer, old_current = self._suggestions.marks, self._suggestions, self._current_suggestion
        self._suggestions, self._current_suggestion = layer, current
        if changed is None:
            changed = changed_ranges(old, layer.marks)
        for start, end in changed:
            self._refresh_offsets(start, end)
        for row in (old_layer.by_id.get(old_current), layer.by_id.get(current)):
            if row is not None:
                self._refresh_offsets(row["start"], row["end"])

    @property
    def suggestions(self) -> SuggestionLayer:
        return self._suggestions
