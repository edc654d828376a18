"""Label highlights for the document view: the marks, their colours, an index.

A `SpanMark` is what the view needs to draw a stored span: its id, its exact
code-point range and its label.  `SpanIndex` answers "which spans touch this
row?" in time independent of the document size, by bucketing spans on fixed
ranges of offsets; `MarkSet` keeps them by id, so a label adds one mark and
repaints one range instead of rebuilding the index of 10,000.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from rich.style import Style

BUCKET = 2048

#: Distinct mid-dark backgrounds (white text stays readable on each) for the
#: default legend, in the order of the number keys 1-9.
DEFAULT_LABEL_COLORS: dict[str, str] = {
    "Trigger": "#b03a2e",  # red
    "Date": "#1f618d",  # blue
    "Location": "#1e8449",  # green
    "Actor": "#7d3c98",  # purple
    "Target": "#b9770e",  # orange
    "Killed": "#922b6b",  # magenta
    "Injured": "#7e7e00",  # olive
    "Speaker": "#117a65",  # teal
    "Claim": "#5d6d7e",  # slate
}
#: Backgrounds for labels outside the default legend, picked by a stable hash.
EXTRA_COLORS = ("#6e2c00", "#1b4f72", "#4a235a", "#0e6251", "#7b241c", "#515a5a")


@dataclass(frozen=True)
class SpanMark:
    """A labelled run text[start:end] of the document shown in the view."""

    id: str
    start: int
    end: int
    label: str


def label_style(color: str) -> Style:
    return Style(color="#ffffff", bgcolor=color)


def default_label_styles() -> dict[str, Style]:
    return {label: label_style(color) for label, color in DEFAULT_LABEL_COLORS.items()}


def fallback_style(label: str) -> Style:
    return label_style(EXTRA_COLORS[zlib.crc32(label.encode("utf-8")) % len(EXTRA_COLORS)])


class SpanIndex:
    """Spans bucketed by offset so lookups near an offset stay cheap; one span can go in
    or out without touching the others (`add`, `remove`)."""

    def __init__(self, spans: Iterable[SpanMark] = ()) -> None:
        # as `add` for each, inlined: 10,000 marks are indexed as a document opens
        buckets: dict[int, dict[str, SpanMark]] = {}
        self._buckets = buckets
        get = buckets.get
        for span in spans:
            start, end = span.start, span.end
            if end <= start:
                continue
            for b in range(start // BUCKET, (end - 1) // BUCKET + 1):
                bucket = get(b)
                if bucket is None:
                    bucket = buckets[b] = {}
                bucket[span.id] = span

    def add(self, span: SpanMark) -> None:
        """Index `span` (an empty one is never drawn, so it is not indexed)."""
        if span.end <= span.start:
            return
        buckets = self._buckets
        for b in range(span.start // BUCKET, (span.end - 1) // BUCKET + 1):
            bucket = buckets.get(b)
            if bucket is None:
                bucket = buckets[b] = {}
            bucket[span.id] = span

    def remove(self, span: SpanMark) -> None:
        """Take `span` out (as it was added: same id and range)."""
        if span.end <= span.start:
            return
        for b in range(span.start // BUCKET, (span.end - 1) // BUCKET + 1):
            bucket = self._buckets.get(b)
            if bucket is not None and bucket.get(span.id) == span:
                del bucket[span.id]
                if not bucket:
                    del self._buckets[b]

    def overlapping(self, start: int, end: int) -> list[SpanMark]:
        """Spans with span.start < end and span.end > start (end > start),
        or containing `start` when the range is empty."""
        if end <= start:
            end = start + 1
        found: dict[str, SpanMark] = {}
        for b in range(start // BUCKET, (end - 1) // BUCKET + 1):
            for span in self._buckets.get(b, {}).values():
                if span.start < end and span.end > start:
                    found[span.id] = span
        return sorted(found.values(), key=lambda s: (s.start, -s.end, s.id))


class MarkSet:
    """A document's span marks by id with their index, changed one span at a time.

    `add` and `remove` cost the span's own length in buckets, not the document's
    number of spans, and say which offsets must be repainted; `replace` (a whole new
    set) compares by id and repaints only what differs.  `spans` is the marks in
    reading order, sorted once per change when asked for.
    """

    def __init__(self, spans: Iterable[SpanMark] = ()) -> None:
        # as `add` for each (a later mark of an id replaces an earlier), in two passes
        self._by_id: dict[str, SpanMark] = {span.id: span for span in spans}
        self._index = SpanIndex(self._by_id.values())
        self._sorted: tuple[SpanMark, ...] | None = None if self._by_id else ()

    def __len__(self) -> int:
        return len(self._by_id)

    def __bool__(self) -> bool:
        return bool(self._by_id)

    def get(self, span_id: str) -> SpanMark | None:
        return self._by_id.get(span_id)

    @property
    def spans(self) -> tuple[SpanMark, ...]:
        if self._sorted is None:
            self._sorted = tuple(sorted(self._by_id.values(), key=lambda s: (s.start, -s.end, s.id)))
        return self._sorted

    def overlapping(self, start: int, end: int) -> list[SpanMark]:
        return self._index.overlapping(start, end)

    def add(self, span: SpanMark) -> list[tuple[int, int]]:
        """Put `span` in (replacing a mark of the same id); the offset ranges to repaint."""
        old = self._by_id.get(span.id)
        if old == span:
            return []
        changed = self.remove(span.id) if old is not None else []
        self._by_id[span.id] = span
        self._index.add(span)
        self._sorted = None
        return changed + [(span.start, span.end)]

    def remove(self, span_id: str) -> list[tuple[int, int]]:
        """Take the mark `span_id` out (nothing when there is none); the ranges to repaint."""
        old = self._by_id.pop(span_id, None)
        if old is None:
            return []
        self._index.remove(old)
        self._sorted = None
        return [(old.start, old.end)]

    def apply(self, removed: Iterable[str], added: Iterable[SpanMark]) -> list[tuple[int, int]]:
        """Remove the marks `removed`, then add `added`; the ranges to repaint."""
        changed: list[tuple[int, int]] = []
        for span_id in removed:
            changed += self.remove(span_id)
        for span in added:
            changed += self.add(span)
        return changed

    def replace(self, spans: Iterable[SpanMark]) -> list[tuple[int, int]]:
        """Make the set exactly `spans`; only marks that differ are touched."""
        new = {s.id: s for s in spans}
        old = self._by_id
        removed = [i for i, s in old.items() if new.get(i) != s]
        added = [s for i, s in new.items() if old.get(i) != s]
        return self.apply(removed, added)


def changed_ranges(old: Sequence[SpanMark], new: Sequence[SpanMark]) -> list[tuple[int, int]]:
    """Offset ranges whose highlighting differs between two span sets."""
    a, b = set(old), set(new)
    return sorted((s.start, s.end) for s in a ^ b)


def merge_label_colors(styles: dict[str, Style], mapping: Mapping[str, str]) -> dict[str, Style]:
    merged = dict(styles)
    for label, color in mapping.items():
        merged[label] = label_style(color)
    return merged

def changed_selection(
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
