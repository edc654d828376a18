"""One row of a document as a Strip: its text with spans, matches, selection and cursor.

A pure function of what it is given (no widget state), so the document view's
LRU cache can key a row by exactly these inputs. Text is drawn from `Segment`s
with `Style` objects, never parsed as markup; control characters arrive as
placeholders from `tui.document.layout`.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Mapping, Sequence

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.document import motions
from tui.document.layout import CONTROL, END, RowCells
from tui.document.marks import SpanMark, fallback_style
from tui.widgets.suggestion_layer import cell_style as suggestion_cell_style

CONTROL_STYLE = Style(color="#ff5f87", bold=True)
MATCH_STYLE = Style(color="#000000", bgcolor="#d7d787")
CURRENT_MATCH_STYLE = Style(color="#000000", bgcolor="#ffaf00", bold=True)
SELECTION_STYLE = Style(color="#000000", bgcolor="#e4e4e4")
CURSOR_STYLE = Style(color="#ffffff", bgcolor="#000000", reverse=True, bold=True)
CURSOR_BLUR_STYLE = Style(underline=True, bold=True)
NESTED_STYLE = Style(underline=True)
DEEP_NESTED_STYLE = Style(underline=True, bold=True)


def paint_row(
    text: str,
    cells: RowCells,
    spans: Sequence[SpanMark],
    matches: Sequence[tuple[int, int]],
    sel: tuple[int, int] | None,
    cursor: int | None,
    current_match: tuple[int, int] | None,
    width: int,
    base: Style,
    label_styles: Mapping[str, Style],
    focused: bool,
    suggestions: Sequence[SpanMark] = (),
    current_suggestion: str | None = None,
) -> Strip:
    """The row text[cells.start:cells.end], `width` cells wide; `suggestions` are drawn
    dimmer than spans and beside them, never instead of them."""
    start, end = cells.start, cells.end
    suggestion_styles: dict[str, Style] = {}
    cursor_end = motions.next_grapheme(text, cursor) if cursor is not None else None
    cuts = {start, end}
    for s in spans:
        cuts.add(s.start)
        cuts.add(s.end)
    for s in suggestions:
        cuts.add(s.start)
        cuts.add(s.end)
    for a, b in matches:
        cuts.add(a)
        cuts.add(b)
    if sel is not None:
        cuts.update(sel)
    if cursor is not None:
        cuts.add(cursor)
        cuts.add(cursor_end)
    cut_list = sorted(c for c in cuts if start <= c <= end)

    cend = cells.content_end
    simple = cells.simple
    if not simple:
        offsets, shown, kinds, widths = cells.offsets, cells.shown, cells.kinds, cells.widths
    segments: list[Segment] = []
    used = 0  # cells drawn so far
    for a, b in zip(cut_list, cut_list[1:]):
        if simple:
            if a > cend:
                continue  # inside a CRLF terminator: no cluster starts here
            o = a
        else:
            i0 = bisect_left(offsets, a)
            i1 = bisect_left(offsets, b)
            if i0 >= i1:
                continue
            o = offsets[i0]
        style = base
        covering = ()
        if spans:
            covering = [s for s in spans if s.start <= o < s.end]
            if covering:
                inner = min(covering, key=lambda s: (s.end - s.start, -s.start))
                style = style + (label_styles.get(inner.label) or fallback_style(inner.label))
                if len(covering) >= 3:
                    style = style + DEEP_NESTED_STYLE
                elif len(covering) == 2:
                    style = style + NESTED_STYLE
        if suggestions:
            extra = suggestion_cell_style([s for s in suggestions if s.start <= o < s.end],
                                          bool(covering), current_suggestion, suggestion_styles)
            if extra is not None:
                style = style + extra
        in_match = False
        for ma, mb in matches:
            if ma <= o < mb:
                in_match = True
                style = style + (CURRENT_MATCH_STYLE if (ma, mb) == current_match else MATCH_STYLE)
                break
        selected = sel is not None and sel[0] <= o < sel[1]
        if selected:
            style = style + SELECTION_STYLE
        is_cursor = cursor is not None and o == cursor
        if is_cursor:
            style = style + (CURSOR_STYLE if focused else CURSOR_BLUR_STYLE)
        highlighted = selected or is_cursor or in_match
        if simple:
            if a < cend:
                piece = text[a:min(b, cend)]
                segments.append(Segment(piece, style))
                used += len(piece)  # simple text: one cell per code point
            if b > cend and cend < end and highlighted:
                segments.append(Segment(" ", style))  # the line end, selected
                used += 1
            continue
        j = i0
        while j < i1:
            kind = kinds[j]
            k = j + 1
            while k < i1 and kinds[k] == kind:
                k += 1
            if kind == END:
                if highlighted:
                    segments.append(Segment(" ", style))
                    used += 1
            elif kind == CONTROL:
                segments.append(Segment("".join(shown[j:k]), style + CONTROL_STYLE))
                used += sum(widths[j:k])
            else:
                segments.append(Segment("".join(shown[j:k]), style))
                used += sum(widths[j:k])
            j = k
    if cursor is not None and cursor >= end and cursor == len(text):
        segments.append(Segment(" ", base + (CURSOR_STYLE if focused else CURSOR_BLUR_STYLE)))
        used += 1
    if used < width:
        segments.append(Segment(" " * (width - used), base))
        return Strip(segments, width)
    # wider than the view (cannot happen with the spare column; be safe)
    return Strip(segments).crop(0, width)

