"""Case-insensitive search in a document's exact text, fast on megabytes.

Searching as the user types means one search per key, so nothing here walks
all matches up front.  When lower-casing keeps every offset in place (true
for almost every text: only a few characters such as 'İ' grow), the text is
lower-cased once and everything is done with C-speed `str` methods:
`count` for the number of matches, `find`/`rfind` for the match next to the
cursor, and `find` over one row's range for highlighting.  Otherwise it falls
back to collecting the matches of a case-insensitive regex.

Matches are non-overlapping, counted from the start of the text (like
`re.finditer`); offsets are code points into the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right


class DocumentSearch:
    """The matches of one query in one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lower: str | None = None
        self._lower_ok: bool | None = None
        self.query = ""
        self._needle = ""
        self._starts: list[int] | None = None  # fallback mode only
        self._ends: list[int] | None = None
        self.count = 0

    def _lowered(self) -> str | None:
        if self._lower_ok is None:
            lower = self.text.lower()
            self._lower_ok = len(lower) == len(self.text)
            self._lower = lower if self._lower_ok else None
        return self._lower

    def set_query(self, query: str) -> int:
        """Search for `query` (case-insensitive); returns the number of matches."""
        self.query = query
        self._starts = self._ends = None
        self.count = 0
        if not query:
            return 0
        needle = query.lower()
        lower = self._lowered()
        if lower is not None and len(needle) == len(query) and not _self_overlapping(needle):
            # occurrences of such a needle can never overlap, so every
            # occurrence find() sees is one of the non-overlapping matches
            self._needle = needle
            self.count = lower.count(needle)
        else:
            pattern = re.compile(re.escape(query), re.IGNORECASE)
            starts, ends = [], []
            for m in pattern.finditer(self.text):
                starts.append(m.start())
                ends.append(m.end())
            self._starts, self._ends = starts, ends
            self.count = len(starts)
        return self.count

    @property
    def _fast(self) -> bool:
        return self._starts is None

    def first_at_or_after(self, offset: int) -> tuple[int, int] | None:
        """The first match starting at or after `offset`, wrapping to the top."""
        if not self.count:
            return None
        if self._fast:
            lower, needle = self._lower, self._needle
            i = lower.find(needle, offset)
            if i < 0:
                i = lower.find(needle)
            return i, i + len(needle)
        k = bisect_left(self._starts, offset) % self.count
        return self._starts[k], self._ends[k]

    def after(self, match: tuple[int, int]) -> tuple[int, int] | None:
        """The match after `match` (wrapping)."""
        if not self.count:
            return None
        if self._fast:
            return self.first_at_or_after(match[0] + 1)
        k = bisect_right(self._starts, match[0]) % self.count
        return self._starts[k], self._ends[k]

    def before(self, offset: int) -> tuple[int, int] | None:
        """The last match starting before `offset` (wrapping to the end)."""
        if not self.count:
            return None
        if self._fast:
            lower, needle = self._lower, self._needle
            i = lower.rfind(needle, 0, offset + len(needle) - 1) if offset > 0 else -1
            if i < 0:
                i = lower.rfind(needle)
            return i, i + len(needle)
        k = (bisect_left(self._starts, offset) - 1) % self.count
        return self._starts[k], self._ends[k]

    def ordinal(self, match: tuple[int, int]) -> int:
        """Which match `match` is, counted from 1 at the top of the text ("3" of "3 of 7")."""
        if self._fast:
            return self._lower.count(self._needle, 0, match[0]) + 1
        return bisect_left(self._starts, match[0]) + 1

    def in_range(self, start: int, end: int) -> list[tuple[int, int]]:
        """Matches that overlap text[start:end]."""
        if not self.count:
            return []
        found = []
        if self._fast:
            lower, needle = self._lower, self._needle
            size = len(needle)
            pos = lower.find(needle, max(0, start - size + 1), end + size - 1)
            while pos >= 0:
                found.append((pos, pos + size))
                pos = lower.find(needle, pos + size, end + size - 1)
            return found
        k = bisect_right(self._ends, start)
        while k < len(self._starts) and self._starts[k] < end:
            found.append((self._starts[k], self._ends[k]))
            k += 1
        return found


def _self_overlapping(needle: str) -> bool:
    """True if a proper suffix of `needle` is also its prefix ("aa", "abab")."""
    return any(needle.startswith(needle[k:]) for k in range(1, len(needle)))
