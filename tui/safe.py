"""Untrusted strings (titles, quotes, notes) made inert for one-line display.

Rich `Text` is never parsed as markup, but it passes ESC and other control
characters through to the terminal; these become visible placeholders here,
one per code point, as in the document view.  Only for display: stored text is
never changed.
"""

from __future__ import annotations

from rich.text import Text

from tui.document.layout import is_control, placeholder


def visible(value: object, limit: int | None = None) -> str:
    """`value` as a single line with every control/format character shown as a placeholder.

    The same placeholders as the document view (␛ for ESC, ¤ for a bidi override),
    so a title and the text it came from look alike.  ZWJ/ZWNJ stay: between
    emoji or letters they join, and on their own they act on nothing.
    """
    if value is None:
        return ""
    out = []
    for ch in str(value):
        if ch in "\n\r\t":
            out.append(" ")
        elif ch not in "\u200c\u200d" and is_control(ch):
            out.append(placeholder(ch))
        else:
            out.append(ch)
    s = "".join(out)
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    return s


def text(value: object, style: str = "", limit: int | None = None) -> Text:
    """A Rich `Text` (never markup) of the visible form of `value`."""
    return Text(visible(value, limit), style=style)
