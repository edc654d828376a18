"""Label highlights for the document view: the marks, their colours, an index.

A `SpanMark` is what the view needs to draw a stored span: its id, its exact
code-point range and its label.  `SpanIndex` answers "which spans touch this
row?" in time independent of the document size, by bucketing spans on fixed
ranges of offsets.
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
    """Spans bucketed by offset so lookups near an offset stay cheap."""

    def __init__(self, spans: Iterable[SpanMark]) -> None:
        self.spans: tuple[SpanMark, ...] = tuple(
            s for s in spans if s.end > s.start
        )
        buckets: dict[int, list[SpanMark]] = {}
        for span in self.spans:
            for b in range(span.start // BUCKET, (span.end - 1) // BUCKET + 1):
                buckets.setdefault(b, []).append(span)
        self._buckets = buckets

    def overlapping(self, start: int, end: int) -> list[SpanMark]:
        """Spans with span.start < end and span.end > start (end > start),
        or containing `start` when the range is empty."""
        if end <= start:
            end = start + 1
        found: dict[str, SpanMark] = {}
        for b in range(start // BUCKET, (end - 1) // BUCKET + 1):
            for span in self._buckets.get(b, ()):
                if span.start < end and span.end > start:
                    found[span.id] = span
        return sorted(found.values(), key=lambda s: (s.start, -s.end, s.id))


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
