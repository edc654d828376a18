"""Printing untrusted text on a terminal: control characters shown, never sent raw.

Local stand-in for the importer branch's `store/terminal_safe.py` (same idea:
ESC, BEL, lone CR, C1 controls and bidi overrides become visible placeholders);
once that lands, these two names should simply re-export its `safe`/`safe_line`.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _BIDI + "]|\r(?!\n)")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f" + _BIDI + "]")


def _placeholder(match: re.Match) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # Control Pictures: ␛ for ESC, ␍ for CR …
    if code == 0x7F:
        return "\u2421"
    return f"\u27e8U+{code:04X}\u27e9"


def safe(text: str) -> str:
    """`text` with every control character except tab and line breaks made visible."""
    return _UNSAFE.sub(_placeholder, text)


def safe_line(text) -> str:
    """`text` for one line of output: line breaks and tabs become visible too."""
    return _UNSAFE_LINE.sub(_placeholder, "" if text is None else str(text))
