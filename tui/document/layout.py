"""Soft-wrap the exact stored text of a document into visual rows.

The document view never alters the text: this module only decides where each
visual row starts and ends (as code-point offsets into the original string) and
what each grapheme cluster looks like on screen.  Rules:

* layout and motion work on grapheme clusters (regex ``\\X``), so combining
  marks, ZWJ emoji sequences and flags are one unit and never split by a row edge;
* widths come from ``rich.cells.cell_len``, the same function Textual uses to
  measure the strips we hand it, so columns always agree with what is drawn;
* a tab expands to the next multiple of 8 columns;
* LF, a lone CR and CRLF end a line; the CR of a CRLF takes no cells;
* every other character that could act on a terminal or is invisible (C0, DEL,
  C1, ESC, bidi controls, other format characters, line/paragraph separators)
  is drawn as ONE visible placeholder per code point.

Speed matters: a document can be megabytes long, possibly in one paragraph.
The text is split into paragraphs at line ends (one cheap regex pass); each
paragraph is wrapped lazily, row by row, only as far as something needs it.
Row counts of paragraphs not yet wrapped are estimated from their length and
refined as wrapping proceeds, so opening a document costs only the first
screen.  Rows made of printable ASCII (the bulk of news text) are wrapped with
C-speed string searches instead of a per-cluster loop; so are rows of any
other "simple" script (see SIMPLE_CHARS).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from time import perf_counter

import regex
from rich.cells import cell_len

from tui.document.motions import boundary_at_or_before

TAB_SIZE = 8

#: A grapheme cluster (extended, per UAX #29 as implemented by `regex`).
GRAPHEME = regex.compile(r"\X")
LINE_END = regex.compile(r"\r\n|\r|\n")
#: A "simple" code point: its own grapheme cluster whatever follows, one cell
#: wide, not a control.  Printable ASCII, Latin, Greek, Cyrillic, Arabic and
#: Hebrew letters, general punctuation, ... (set operations need regex V1).
#: Runs of these are wrapped and drawn with C-speed string operations instead
#: of a per-cluster loop.  Scripts whose clusters join (Indic conjuncts,
#: Hangul jamo) and the few letters rich draws wider or narrower (Myanmar,
#: Tai Tham) are left to the general path; tests check every member.
SIMPLE_CHARS = (
    r"[[\x20-\x7e\xa0-\u0fff\u10a0-\u1a1f\u1ab0-\u2fff]"
    r"&&\p{GCB=Other}&&\P{Extended_Pictographic}&&\P{InCB=Consonant}"
    r"&&\P{Cc}&&\P{Cf}&&\P{Zl}&&\P{Zp}&&\P{Cn}&&\P{Co}"
    r"&&\P{East_Asian_Width=W}&&\P{East_Asian_Width=F}]"
)


def _simple_class() -> str:
    """SIMPLE_CHARS as a plain class of ranges (~17 ms, once at import).

    Matching Unicode properties with set operations costs ~10 µs per row;
    the same set as ranges under the stdlib `re` costs well under 1 µs.
    """
    member = regex.compile(r"(?V1)" + SIMPLE_CHARS).match
    ranges: list[str] = []
    start = None
    for cp in range(0x20, 0x3001):
        inside = cp < 0x3000 and member(chr(cp)) is not None
        if inside and start is None:
            start = cp
        elif not inside and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{cp - 1:04x}")
            start = None
    return "[" + "".join(ranges) + "]"


_SIMPLE_CLASS = _simple_class()
_SIMPLE_CHAR = re.compile(_SIMPLE_CLASS)
_SIMPLE_RUN = re.compile(_SIMPLE_CLASS + "*")

#: Placeholder for control/format characters outside the C0 range.
OTHER_PLACEHOLDER = "\u00a4"  # ¤
#: Shown before a cluster that would otherwise take no cells (e.g. a combining
#: mark at the start of the text) so it can be seen and the cursor drawn on it.
DOTTED_CIRCLE = "\u25cc"

# Cluster kinds, used by the renderer to pick a style.
NORMAL = 0
CONTROL = 1  # shown as a placeholder
TAB = 2
END = 4  # a line terminator (LF, CR, CRLF); drawn only under cursor/selection


def placeholder(char: str) -> str:
    """The visible stand-in for one control or format code point."""
    cp = ord(char)
    if cp < 0x20:
        return chr(0x2400 + cp)  # Control Pictures: ␀ … ␟ (␛ for ESC)
    if cp == 0x7F:
        return "\u2421"  # ␡
    return OTHER_PLACEHOLDER


def is_control(char: str) -> bool:
    """True for a code point that must never reach the terminal as itself.

    Cc (C0, DEL, C1), Cf (bidi controls, ZWSP, soft hyphen, BOM, …) and the
    Unicode line/paragraph separators.  ZWJ and ZWNJ are Cf too but only reach
    this test when they stand alone (inside a cluster they are joiners).
    """
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


@lru_cache(maxsize=65536)
def cluster_look(cluster: str) -> tuple[str, int, int]:
    """(display text, cells, kind) for a cluster that is not a tab or line end."""
    if len(cluster) == 1 and is_control(cluster):
        shown = placeholder(cluster)
        return shown, cell_len(shown), CONTROL
    # A control code point can only be its own cluster (UAX #29 GB4/GB5), but
    # check anyway: nothing from the text may reach the terminal raw.
    if any(is_control(c) and c not in "\u200c\u200d" for c in cluster):
        shown = "".join(placeholder(c) if is_control(c) else c for c in cluster)
        return shown, cell_len(shown), CONTROL
    width = cell_len(cluster)
    if width == 0:
        shown = DOTTED_CIRCLE + cluster
        return shown, cell_len(shown), CONTROL
    return cluster, width, NORMAL


class RowCells:
    """One visual row, cluster by cluster.

    `offsets[i]` is the code-point offset where cluster i starts, `ends[i]`
    where it ends, `cols[i]` the column where it is drawn, `shown[i]` what is
    drawn there, `widths[i]` its cells and `kinds[i]` its kind.  The row
    covers [start, end); text[start:content_end] is its visible text and a
    paragraph's last row also holds the line terminator as an END cluster of
    width 0.  A `simple` row is printable ASCII (one code point per cell):
    its per-cluster lists are only built if someone asks for them, since the
    renderer and the column maths can use plain arithmetic.
    """

    __slots__ = ("text", "start", "end", "content_end", "simple", "_lists")

    def __init__(
        self, text: str, start: int, end: int, content_end: int, simple: bool,
        lists: tuple[list[int], list[int], list[int], list[int], list[str], list[int]] | None = None,
    ) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.content_end = content_end
        self.simple = simple
        self._lists = lists

    def _get_lists(self):
        if self._lists is None:
            start, cend, end = self.start, self.content_end, self.end
            n = cend - start
            offsets = list(range(start, cend))
            ends = list(range(start + 1, cend + 1))
            cols = list(range(n))
            widths = [1] * n
            shown = list(self.text[start:cend])
            kinds = [NORMAL] * n
            if cend < end:
                offsets.append(cend)
                ends.append(end)
                cols.append(n)
                widths.append(0)
                shown.append("")
                kinds.append(END)
            self._lists = (offsets, ends, cols, widths, shown, kinds)
        return self._lists

    offsets = property(lambda self: self._get_lists()[0])
    ends = property(lambda self: self._get_lists()[1])
    cols = property(lambda self: self._get_lists()[2])
    widths = property(lambda self: self._get_lists()[3])
    shown = property(lambda self: self._get_lists()[4])
    kinds = property(lambda self: self._get_lists()[5])

    @property
    def cell_width(self) -> int:
        """Cells used by the row's visible text (the terminator takes none)."""
        if self.simple:
            return self.content_end - self.start
        cols, widths = self.cols, self.widths
        return (cols[-1] + widths[-1]) if cols else 0

    def index_of(self, offset: int) -> int:
        """Index of the cluster containing `offset` (clamped to the row)."""
        offsets = self.offsets
        i = bisect_right(offsets, offset) - 1
        return max(0, min(i, len(offsets) - 1))

    def col_of(self, offset: int) -> int:
        """Column of the cluster containing `offset` (row end -> after last)."""
        if offset >= self.end:
            return self.cell_width
        if self.simple:
            return max(0, min(offset, self.content_end) - self.start)
        if not self.offsets:
            return 0
        return self.cols[self.index_of(offset)]

    def offset_at(self, col: int) -> int:
        """Offset of the cluster drawn at (or nearest left of) column `col`.

        A soft-wrapped row never returns its end (that belongs to the next
        row); a row ending a paragraph may return its line terminator.
        """
        if self.simple:
            n = self.content_end - self.start
            if col < n:
                return self.start + max(0, col)
            if self.content_end < self.end or n == 0:
                return self.content_end
            return self.content_end - 1
        offsets = self.offsets
        if not offsets:
            return self.start
        i = bisect_right(self.cols, col) - 1
        return offsets[max(0, i)]


#: Lines longer than this are laid out as independent pieces of about this
#: many code points, cut after a space (or at a cluster boundary), so that a
#: jump into a multi-megabyte line without newlines wraps one piece, not
#: everything before it.  A row may end early where a piece ends: that is
#: the price, once every CHUNK code points.
CHUNK = 16_384
_CHUNK_SLACK = 2_048


def _chunk(text: str, start: int, end: int, starts: list[int], content_ends: list[int]) -> None:
    """Cut text[start:end] (one line, no terminator) into pieces, appending
    each piece's end to `content_ends` and the next piece's start to `starts`
    (the caller appends the last piece's end)."""
    pos = start
    while end - pos > CHUNK + _CHUNK_SLACK:
        target = pos + CHUNK
        space = text.rfind(" ", target - _CHUNK_SLACK, target)
        if space >= 0:
            cut = space + 1
        else:
            cut = boundary_at_or_before(text, target)
            if cut <= pos:
                cut = target
        content_ends.append(cut)
        starts.append(cut)
        pos = cut


class _Para:
    """Wrap state of one paragraph: row starts found so far."""

    __slots__ = ("starts", "done")

    def __init__(self, start: int) -> None:
        self.starts = [start]
        self.done = False


class DocumentLayout:
    """Lazy soft-wrap layout of `text` at `width` cells.

    `width` is the number of cells a row may fill; the caller gives the view
    one more column than that so a cursor after the last cluster of a full
    row (on a line end or a hanging space) still has a cell to be drawn in.
    """

    def __init__(self, text: str, width: int) -> None:
        self.text = text
        self.width = max(1, width)
        starts = [0]
        content_ends = []
        for m in LINE_END.finditer(text):
            _chunk(text, starts[-1], m.start(), starts, content_ends)
            content_ends.append(m.start())
            starts.append(m.end())
        _chunk(text, starts[-1], len(text), starts, content_ends)
        content_ends.append(len(text))
        #: paragraph i is text[para_starts[i]:para_starts[i+1]] (with its line
        #: end, if it has one: a very long line is cut into several pieces)
        self.para_starts = starts
        self.para_content_ends = content_ends
        self._reset()

    # ------------------------------------------------------------------ state
    def _reset(self) -> None:
        n = len(self.para_starts)
        self._paras: list[_Para | None] = [None] * n
        self._counts = [self._estimate(i) for i in range(n)]
        self._prefix: list[int] | None = None
        #: bumped whenever row numbers may have changed (callers cache rows)
        self.version = getattr(self, "version", 0) + 1
        self._next_unwrapped = 0  # background wrapping proceeds in order
        self._row_cells_cache: dict[tuple[int, int], RowCells] = {}

    def set_width(self, width: int) -> bool:
        """Re-wrap at a new width (lazily). Returns True if it changed."""
        width = max(1, width)
        if width == self.width:
            return False
        self.width = width
        self._reset()
        return True

    def _para_end(self, i: int) -> int:
        return self.para_starts[i + 1] if i + 1 < len(self.para_starts) else len(self.text)

    def _estimate(self, i: int, from_offset: int | None = None) -> int:
        start = self.para_starts[i] if from_offset is None else from_offset
        chars = self.para_content_ends[i] - start
        # word wrap leaves rows ~10% short on average
        return max(1, -(-chars * 10 // (self.width * 9)))

    @property
    def paragraph_count(self) -> int:
        return len(self.para_starts)

    @property
    def fully_wrapped(self) -> bool:
        return self._next_unwrapped >= len(self.para_starts)

    # ---------------------------------------------------------------- wrapping
    def _next_row_end(self, s: int, cend: int) -> int | None:
        """End of the row starting at `s`, or None if it runs to the line end."""
        text, width = self.text, self.width
        limit = min(cend, s + width + 1)
        if _SIMPLE_RUN.match(text, s, limit).end() == limit:
            if cend - s <= width:
                return None
            if text[s + width] == " ":
                # the space hangs in the spare column, unless a mark joins it
                if s + width + 1 >= cend or _SIMPLE_CHAR.match(text, s + width + 1):
                    return s + width + 1
            else:
                space = text.rfind(" ", s, s + width)
                return space + 1 if space >= 0 else s + width
        col = 0
        last_break = 0
        for m in GRAPHEME.finditer(text, s, cend):
            cluster = m.group()
            o = m.start()
            if cluster == "\t":
                w = TAB_SIZE - col % TAB_SIZE
            else:
                w = cluster_look(cluster)[1]
            if col + w > width:
                if cluster == " " or cluster == "\t":
                    return o + 1  # hangs (a tab is clipped to the spare column)
                if last_break:
                    return last_break
                if o == s:
                    return m.end()  # wider than the row: alone on it
                return o
            col += w
            if cluster == " " or cluster == "\t":
                last_break = m.end()
        return None

    def _wrap_para(self, i: int, upto: int | None = None) -> _Para:
        """Wrap paragraph i until a row contains offset `upto` (None: all)."""
        para = self._paras[i]
        if para is None:
            para = self._paras[i] = _Para(self.para_starts[i])
        if para.done:
            return para
        cend = self.para_content_ends[i]
        starts = para.starts
        s = starts[-1]
        while upto is None or s <= upto:
            end = self._next_row_end(s, cend)
            if end is None:
                para.done = True
                break
            if end >= cend:
                # a hanging space filled the row right up to the line end (or
                # the text end): the cursor there needs a row of its own; a
                # piece of a long line just hands over to the next piece
                if cend < self._para_end(i) or cend == len(self.text):
                    starts.append(cend)
                para.done = True
                break
            starts.append(end)
            s = end
        count = len(starts) if para.done else len(starts) + self._estimate(i, starts[-1]) - 1
        if count != self._counts[i]:
            self._counts[i] = count
            self._prefix = None
            self.version += 1  # row numbers after paragraph i moved
        return para

    def wrap_some(self, max_paragraphs: int = 200, max_chars: int = 200_000,
                  seconds: float | None = None) -> bool:
        """Wrap more paragraphs in document order; True while work remains.

        Called in idle time so the row count (the scrollbar) becomes exact
        without ever blocking a key: with `seconds`, it stops once that long has
        passed (checked after each paragraph; a long line is cut into pieces of
        CHUNK characters), so a key that arrives during a step waits about that
        long, however slow the machine is.
        """
        chars = 0
        n = len(self.para_starts)
        done = 0
        deadline = None if seconds is None else perf_counter() + seconds
        while self._next_unwrapped < n and done < max_paragraphs and chars < max_chars:
            if deadline is not None and done and perf_counter() >= deadline:
                break
            i = self._next_unwrapped
            para = self._paras[i]
            if para is not None and para.done:
                self._next_unwrapped += 1
                continue
            # wrap a huge paragraph in slices so one call stays short
            start = para.starts[-1] if para is not None else self.para_starts[i]
            self._wrap_para(i, upto=start + (max_chars - chars))
            chars += self._paras[i].starts[-1] - start + 1
            if self._paras[i].done:
                self._next_unwrapped += 1
            done += 1
        return self._next_unwrapped < n

    # ------------------------------------------------------------------ rows
    def _prefix_sums(self) -> list[int]:
        if self._prefix is None:
            self._prefix = [0, *accumulate(self._counts)]
        return self._prefix

    @property
    def row_count(self) -> int:
        return self._prefix_sums()[-1]

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect_right(self.para_starts, offset) - 1)

    def row_of(self, offset: int) -> int:
        """Visual row holding `offset` (len(text) -> the last row)."""
        offset = max(0, min(offset, len(self.text)))
        i = self.paragraph_of(offset)
        para = self._wrap_para(i, upto=offset)
        return self._prefix_sums()[i] + bisect_right(para.starts, offset) - 1

    def row_range(self, y: int) -> tuple[int, int] | None:
        """[start, end) of visual row y, or None past the last row."""
        while True:
            prefix = self._prefix_sums()
            if y < 0 or y >= prefix[-1]:
                return None
            i = bisect_right(prefix, y) - 1
            k = y - prefix[i]
            para = self._paras[i]
            if para is not None and (para.done or k < len(para.starts) - 1):
                break
            # Wrap towards row k (jumping by an estimate, not row by row);
            # the estimates change, so map y again.
            last = para.starts[-1] if para is not None else self.para_starts[i]
            known = len(para.starts) - 1 if para is not None else 0
            self._wrap_para(i, upto=last + max(0, k - known) * self.width)
        if k >= len(para.starts):
            k = len(para.starts) - 1
        start = para.starts[k]
        end = para.starts[k + 1] if k + 1 < len(para.starts) else self._para_end(i)
        return start, end

    def row_cells(self, y: int) -> RowCells | None:
        rng = self.row_range(y)
        if rng is None:
            return None
        return self.cells_for(*rng)

    def cells_for(self, start: int, end: int) -> RowCells:
        key = (start, end)
        cells = self._row_cells_cache.get(key)
        if cells is None:
            if len(self._row_cells_cache) > 512:
                self._row_cells_cache.clear()
            cells = self._row_cells_cache[key] = self._build_cells(start, end)
        return cells

    def _build_cells(self, start: int, end: int) -> RowCells:
        text = self.text
        i = self.paragraph_of(start)
        cend = min(self.para_content_ends[i], end)
        width = self.width
        offsets: list[int] = []
        ends: list[int] = []
        cols: list[int] = []
        widths: list[int] = []
        shown: list[str] = []
        kinds: list[int] = []
        if _SIMPLE_RUN.match(text, start, cend).end() == cend:
            return RowCells(text, start, end, cend, True)
        col = 0
        for m in GRAPHEME.finditer(text, start, cend):
            cluster = m.group()
            if cluster == "\t":
                w = min(TAB_SIZE - col % TAB_SIZE, width + 1 - col)
                look, kind = " " * w, TAB
            else:
                look, w, kind = cluster_look(cluster)
            offsets.append(m.start())
            ends.append(m.end())
            cols.append(col)
            widths.append(w)
            shown.append(look)
            kinds.append(kind)
            col += w
        if cend < end:  # the paragraph's line terminator
            offsets.append(cend)
            ends.append(end)
            cols.append(col)
            widths.append(0)
            shown.append("")
            kinds.append(END)
        return RowCells(text, start, end, cend, False, (offsets, ends, cols, widths, shown, kinds))
