"""Converting code-point offsets to the units other tools count: UTF-16 code units or UTF-8 bytes.

eventdesk stores offsets as code points (Python `str` indices).  Browsers, Java
and JavaScript tools count UTF-16 code units (an emoji outside the BMP is two),
and byte-oriented tools count UTF-8 bytes.  Exports that carry offsets convert
at the last moment with `OffsetConverter`, built once per text.

Only characters that differ from one unit each matter, so the converter keeps
the sorted positions of those characters and a running total of their extra
units: a conversion is one `bisect` (O(log k), k = such characters), never a
walk over the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

UNITS = ("codepoints", "utf16", "bytes")

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASTRAL = re.compile(r"[\U00010000-\U0010ffff]")


def _utf8_extra(ch: str) -> int:
    """UTF-8 bytes beyond the first for one code point (lone surrogates count 3 bytes, as surrogatepass writes them)."""
    cp = ord(ch)
    if cp < 0x80:
        return 0
    if cp < 0x800:
        return 1
    if cp < 0x10000:
        return 2
    return 3


class OffsetConverter:
    """Convert many offsets into one text between code points and `unit` (fast, no per-offset scan)."""

    def __init__(self, text: str, unit: str = "codepoints"):
        if unit not in UNITS:
            raise ValueError(f"offset unit must be one of {', '.join(UNITS)}, not {unit!r}")
        self.unit = unit
        self.length = len(text)
        if unit == "utf16":
            positions = [m.start() for m in _ASTRAL.finditer(text)]
            extras = [1] * len(positions)
        elif unit == "bytes":
            positions, extras = [], []
            for m in _NON_ASCII.finditer(text):
                positions.append(m.start())
                extras.append(_utf8_extra(m.group()))
        else:
            positions, extras = [], []
        self._positions = positions
        # _cumulative[k] = extra units of the first k special characters.
        self._cumulative = [0, *accumulate(extras)]
        # Converted start of each special character, for the reverse direction.
        self._converted = [p + self._cumulative[k] for k, p in enumerate(positions)]

    def convert(self, offset: int) -> int:
        """Code-point offset -> offset in this converter's unit."""
        if not 0 <= offset <= self.length:
            raise ValueError(f"offset {offset} is outside the text (0..{self.length})")
        # Special characters strictly before `offset` add their extra units.
        return offset + self._cumulative[bisect_left(self._positions, offset)]

    def convert_many(self, offsets) -> list[int]:
        return [self.convert(o) for o in offsets]

    def to_codepoints(self, unit_offset: int) -> int:
        """Offset in this unit -> code points; refuses an offset inside a multi-unit character."""
        k = bisect_right(self._converted, unit_offset)
        if k and unit_offset < self._converted[k - 1] + 1 + (self._cumulative[k] - self._cumulative[k - 1]):
            if unit_offset != self._converted[k - 1]:
                raise ValueError(f"{self.unit} offset {unit_offset} falls inside a character")
            k -= 1
        cp = unit_offset - self._cumulative[k]
        if not 0 <= cp <= self.length:
            raise ValueError(f"{self.unit} offset {unit_offset} is outside the text")
        return cp


def convert_offsets(text: str, offsets, unit: str) -> list[int]:
    """Convert code-point `offsets` into `text` to `unit` (one-shot helper)."""
    return OffsetConverter(text, unit).convert_many(offsets)
