"""Cursor motions over the exact text of a document.

Every function takes the text and a code-point offset and returns a new offset
on a grapheme-cluster boundary.  They look only at the neighbourhood of the
offset (a window that grows only when nothing is found nearby), so a motion
costs the same on a 2 KB article as on a 2 MB one without newlines.
"""

from __future__ import annotations

import regex

GRAPHEME = regex.compile(r"\X")

#: A code point before which UAX #29 always allows a break, provided the
#: code point before it is not a Prepend: printable ASCII, Han, kana, Arabic
#: letters.  Used to find a safe place to start scanning clusters backwards
#: (starting mid-sequence would mis-pair flags or split conjuncts).
_SAFE_START_BACK = regex.compile(
    r"(?r)[\x20-\x7e\n\r\p{Han}\p{Hiragana}\p{Katakana}\u0621-\u064a]"
)
_PREPEND = regex.compile(r"\p{GCB=Prepend}")

# Explicit classes: `regex` counts ZWJ/ZWNJ as \w, which would split emoji
# sequences into several "words".
_WORD = r"[\p{L}\p{N}\p{M}_]"
_PUNCT = r"[^\p{L}\p{N}\p{M}_\s]"
_WORD_RUN = regex.compile(_WORD + r"+")
_PUNCT_RUN = regex.compile(_PUNCT + r"+")
_SPACE_RUN = regex.compile(r"\s+")
_WORD_RUN_BACK = regex.compile(r"(?r)" + _WORD + r"+")
_PUNCT_RUN_BACK = regex.compile(r"(?r)" + _PUNCT + r"+")
_SPACE_RUN_BACK = regex.compile(r"(?r)\s+")

#: Where a sentence ends: terminal punctuation, closing quotes/brackets, then
#: spaces; or a line end.  The next sentence starts at the match end.
_SENTENCE_GAP = regex.compile(
    r"(?:[.!?\u2026\u3002\uff01\uff1f\u061f][\"'\u201d\u2019\u00bb)\]]*[ \t]+"
    r"|[.!?\u2026\u3002\uff01\uff1f\u061f][\"'\u201d\u2019\u00bb)\]]*(?=[\r\n])"
    r"|[\r\n][\s]*)(?=\S)"
)
#: A paragraph starts after one or more line ends (blank lines included).
_PARA_GAP = regex.compile(r"(?:\r\n|\r|\n)[\s]*(?=\S)")

_WINDOWS = (4096, 65536, 1 << 20, 1 << 62)


def _safe_start(text: str, offset: int) -> int:
    """A grapheme boundary at or before `offset`, near it when possible."""
    lo = offset
    for window in _WINDOWS:
        low = max(0, offset - window)
        pos = lo
        while pos > low:
            m = _SAFE_START_BACK.search(text, low, pos)
            if m is None:
                break
            p = m.start()
            if p == 0 or not _PREPEND.match(text, p - 1):
                if not (text[p] == "\n" and p > 0 and text[p - 1] == "\r"):
                    return p
            pos = p
        if low == 0:
            return 0
    return 0


def boundary_at_or_before(text: str, offset: int) -> int:
    """The start of the grapheme cluster containing `offset` (snap left)."""
    if offset <= 0:
        return 0
    if offset >= len(text):
        return len(text)
    p = _safe_start(text, offset)
    while True:
        m = GRAPHEME.match(text, p)
        if m is None or m.end() > offset:
            return p
        p = m.end()


def next_grapheme(text: str, offset: int) -> int:
    """Offset after the cluster starting at `offset` (stays at the end)."""
    if offset >= len(text):
        return len(text)
    m = GRAPHEME.match(text, offset)
    return m.end() if m else len(text)


def prev_grapheme(text: str, offset: int) -> int:
    """Start of the cluster before `offset` (stays at 0)."""
    if offset <= 0:
        return 0
    return boundary_at_or_before(text, min(offset, len(text)) - 1)


def _kind_run(text: str, offset: int) -> regex.Pattern | None:
    ch = text[offset]
    if ch.isspace():
        return _SPACE_RUN
    if regex.match(_WORD, ch):
        return _WORD_RUN
    return _PUNCT_RUN


def next_word(text: str, offset: int) -> int:
    """Start of the next word or punctuation run (vim `w`)."""
    n = len(text)
    if offset >= n:
        return n
    p = offset
    run = _kind_run(text, p)
    if run is not _SPACE_RUN:
        p = run.match(text, p).end()
    m = _SPACE_RUN.match(text, p)
    if m:
        p = m.end()
    p = boundary_at_or_before(text, p) if p < n else n
    return p if p > offset else next_grapheme(text, offset)


def prev_word(text: str, offset: int) -> int:
    """Start of this or the previous word or punctuation run (vim `b`)."""
    if offset <= 0:
        return 0
    p = min(offset, len(text))
    m = _SPACE_RUN_BACK.match(text, 0, p)
    if m:
        p = m.start()
    if p == 0:
        return 0
    run = _kind_run(text, p - 1)
    back = _WORD_RUN_BACK if run is _WORD_RUN else _PUNCT_RUN_BACK
    m = back.match(text, 0, p)
    p = m.start() if m else p - 1
    p = boundary_at_or_before(text, p)
    return p if p < offset else prev_grapheme(text, offset)


def word_end(text: str, offset: int) -> int:
    """Start of the last cluster of this or the next word (vim `e`)."""
    n = len(text)
    p = next_grapheme(text, offset)
    if p >= n:
        return boundary_at_or_before(text, n - 1) if n else 0
    m = _SPACE_RUN.match(text, p)
    if m:
        p = m.end()
    if p >= n:
        return boundary_at_or_before(text, n - 1)
    run = _kind_run(text, p)
    end = run.match(text, p).end()
    return boundary_at_or_before(text, end - 1)


def _search_forward(pattern: regex.Pattern, text: str, offset: int) -> int | None:
    """End of the first match of `pattern` ending after `offset`."""
    for window in _WINDOWS:
        hi = min(len(text), offset + window)
        for m in pattern.finditer(text, max(0, offset - 1), hi):
            if m.end() > offset:
                return m.end()
        if hi >= len(text):
            return None
    return None


def _search_backward(pattern: regex.Pattern, text: str, offset: int) -> int | None:
    """End of the last match of `pattern` ending before `offset`."""
    for window in _WINDOWS:
        lo = max(0, offset - window)
        best = None
        for m in pattern.finditer(text, lo, offset):
            if m.end() < offset:
                best = m.end()
        if best is not None:
            return best
        if lo == 0:
            return None
    return None


def next_sentence(text: str, offset: int) -> int:
    """Start of the next sentence (vim `)`), or the end of the text."""
    found = _search_forward(_SENTENCE_GAP, text, offset)
    return len(text) if found is None else found


def prev_sentence(text: str, offset: int) -> int:
    """Start of the previous sentence (vim `(`), or 0."""
    found = _search_backward(_SENTENCE_GAP, text, offset)
    return 0 if found is None else found


def next_paragraph(text: str, offset: int) -> int:
    """Start of the next paragraph (vim `}`), or the end of the text."""
    found = _search_forward(_PARA_GAP, text, offset)
    return len(text) if found is None else found


def prev_paragraph(text: str, offset: int) -> int:
    """Start of the previous paragraph (vim `{`), or 0."""
    found = _search_backward(_PARA_GAP, text, offset)
    return 0 if found is None else found


# --- selections in one key: a word, a sentence, up to the punctuation --------------------

#: Punctuation that ends a clause: where "extend to punctuation" stops.  A full stop or
#: comma counts only before a space, a quote or the end ("U.S.", "13,000" go on), and a
#: hyphen or apostrophe never does ("al-Qaeda", "Kirby's").
_CLAUSE_PUNCT = regex.compile(
    r"[.,](?=[\s\"'\u201c\u201d\u2018\u2019\u00ab\u00bb)\]]|$)"
    r"|[;:!?\u2026\u061f\u060c\u061b\u3001\u3002\uff0c\uff01\uff1f\"\u201c\u201d\u00ab\u00bb()\[\]\u2014\u2013]"
)


_GAP_RUN = regex.compile(r"(?:" + _PUNCT + r"|\s)+")


def _skip_space(text: str, offset: int) -> int:
    m = _SPACE_RUN.match(text, offset)
    return m.end() if m else offset


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """text[start:end] without the white space around it, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def word_span(text: str, offset: int) -> tuple[int, int] | None:
    """The word under `offset` (start, end); off a word, the next word; None after the last."""
    n = len(text)
    if not 0 <= offset < n:
        return None
    if regex.match(_WORD, text[offset]):
        back = _WORD_RUN_BACK.match(text, 0, offset)
        start = back.start() if back else offset
    else:
        found = _WORD_RUN.search(text, offset, min(n, offset + _WINDOWS[1]))
        if found is None:
            return None
        start = found.start()
    return start, _WORD_RUN.match(text, start).end()


def sentence_span(text: str, offset: int) -> tuple[int, int] | None:
    """The sentence under `offset` (start, end), its closing punctuation included and the
    space after it not; between two sentences, the next one."""
    n = len(text)
    offset = _skip_space(text, max(0, offset))
    if offset >= n:
        return None
    start = prev_sentence(text, offset + 1)  # the last sentence start at or before offset
    end = next_sentence(text, offset)
    return _trim(text, start, end)


def punctuation_end(text: str, offset: int) -> int:
    """Where the words from `offset` stop before the next clause punctuation (a comma, a
    full stop, a quote, a bracket, a dash), trailing space left out; the text's end if none."""
    n = len(text)
    if offset >= n:
        return n
    pos = next_grapheme(text, offset)  # the character under the cursor never stops it
    found = _CLAUSE_PUNCT.search(text, pos)
    end = found.start() if found else n
    while end > offset + 1 and text[end - 1].isspace():
        end -= 1
    return max(end, pos)


def _grow(selection: tuple[int, int] | None, span: tuple[int, int] | None):
    if span is None:
        return selection
    return (selection[0], max(selection[1], span[1])) if selection else span


def select_word(text: str, cursor: int, selection: tuple[int, int] | None) -> tuple[int, int] | None:
    """The word under the cursor; with a selection, the selection grown by the next word
    (so `i i` selects "John Kirby")."""
    at = _skip_space(text, selection[1]) if selection else cursor
    return _grow(selection, word_span(text, at))


def select_sentence(text: str, cursor: int,
                    selection: tuple[int, int] | None) -> tuple[int, int] | None:
    """The sentence under the cursor; with a selection, grown to the end of the next sentence."""
    at = _skip_space(text, selection[1]) if selection else cursor
    return _grow(selection, sentence_span(text, at))


def extend_to_punctuation(text: str, cursor: int,
                          selection: tuple[int, int] | None) -> tuple[int, int] | None:
    """From the cursor (or the selection's start) up to the next clause punctuation; pressed
    again, on over that mark to the one after it."""
    if selection:
        start, at = selection[0], selection[1]
    else:
        start, at = cursor, cursor
    if start >= len(text):
        return selection
    if selection:
        gap = _GAP_RUN.match(text, at)  # over the mark it stopped at and the space after
        at = gap.end() if gap else at
    end = punctuation_end(text, at)
    return _trim(text, start, end) or selection
