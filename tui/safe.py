"""Untrusted strings (titles, quotes, notes) made inert for one-line display.

Rich `Text` is never parsed as markup, but it passes ESC and other control
characters through to the terminal; these become visible placeholders here,
one per code point, as in the document view.  Only for display: stored text is
never changed.
"""

from __future__ import annotations

from rich.text import Text

_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C}


def visible(value: object, limit: int | None = None) -> str:
    """`value` as a single line with every control/bidi character shown as a placeholder."""
    if value is None:
        return ""
    out = []
    for ch in str(value):
        o = ord(ch)
        if ch in "\n\r\t":
            out.append(" ")
        elif o < 0x20:
            out.append(chr(0x2400 + o))  # ␛ for ESC, etc.
        elif o == 0x7F:
            out.append("\u2421")
        elif 0x80 <= o < 0xA0 or o in _BIDI:
            out.append("\ufffd")
        else:
            out.append(ch)
    s = "".join(out)
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    return s


def text(value: object, style: str = "", limit: int | None = None) -> Text:
    """A Rich `Text` (never markup) of the visible form of `value`."""
    return Text(visible(value, limit), style=style)
