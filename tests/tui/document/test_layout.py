"""Soft-wrap layout of exact text: rows, cells, placeholders, offsets."""

from __future__ import annotations

import unicodedata

import regex
from rich.cells import cell_len

from tui.document.layout import GRAPHEME, OTHER_PLACEHOLDER, SIMPLE_CHARS, DocumentLayout, cluster_look


def all_rows(layout: DocumentLayout) -> list[tuple[int, int]]:
    rows = []
    y = 0
    while True:
        rng = layout.row_range(y)
        if rng is None:
            return rows
        rows.append(rng)
        y += 1


def shown(layout: DocumentLayout, y: int) -> str:
    return "".join(layout.row_cells(y).shown)


def test_rows_tile_the_text_exactly():
    text = "The quick brown fox jumps over the lazy dog.\n\nA\tb\r\nc\rd 中文字符 👨‍👩‍👧 e\u0301 end"
    for width in (1, 2, 3, 7, 10, 33, 200):
        rows = all_rows(DocumentLayout(text, width))
        assert rows[0][0] == 0 and rows[-1][1] == len(text)
        for (a, b), (c, _) in zip(rows, rows[1:]):
            assert b == c, (width, rows)


def test_word_wrap_breaks_after_spaces_and_hard_wraps_long_words():
    layout = DocumentLayout("alpha beta gamma " + "x" * 25, 10)
    texts = [layout.text[a:b] for a, b in all_rows(layout)]
    # a space right after a full row hangs in the spare column
    assert texts == ["alpha beta ", "gamma ", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"]


def test_no_row_is_wider_than_the_view_and_wide_chars_are_never_split():
    text = "中文字符中文字符 👨‍👩‍👧👨‍👩‍👧 🇫🇷🇩🇪🇫🇷 abc"
    for width in (2, 3, 4, 5, 9):
        layout = DocumentLayout(text, width)
        for y, (a, b) in enumerate(all_rows(layout)):
            cells = layout.row_cells(y)
            assert cell_len("".join(cells.shown)) <= width + 1
            assert a in _boundaries(text)  # rows start on cluster boundaries


def _boundaries(text: str) -> set[int]:
    return {m.start() for m in GRAPHEME.finditer(text)} | {len(text)}


def test_cjk_and_emoji_take_two_cells():
    layout = DocumentLayout("中a👍b", 40)
    cells = layout.row_cells(0)
    assert cells.cols == [0, 2, 3, 5]
    assert cells.col_of(1) == 2 and cells.offset_at(1) == 0 and cells.offset_at(3) == 2


def test_tabs_expand_to_the_next_stop_of_eight():
    layout = DocumentLayout("ab\tc\t\td", 79)
    assert shown(layout, 0) == "ab      c               d"
    assert layout.row_cells(0).col_of(3) == 8


def test_crlf_ends_the_line_and_the_cr_takes_no_cells():
    text = "ab\r\ncd"
    layout = DocumentLayout(text, 20)
    assert all_rows(layout) == [(0, 4), (4, 6)]
    cells = layout.row_cells(0)
    assert shown(layout, 0) == "ab"
    assert cells.offsets == [0, 1, 2]  # the CRLF is one cluster starting at the CR
    assert cells.col_of(2) == 2 and cells.widths[-1] == 0
    assert layout.row_of(2) == 0 and layout.row_of(3) == 0 and layout.row_of(4) == 1


def test_lone_cr_and_lf_end_lines():
    layout = DocumentLayout("a\rb\nc", 20)
    assert all_rows(layout) == [(0, 2), (2, 4), (4, 5)]


def test_controls_are_one_visible_placeholder_per_code_point():
    text = "a\x1b[31mb\x07\x00\x7f\x9b\u202e\u2066\u200f\u061c\ufeff\u2028z"
    layout = DocumentLayout(text, 100)
    cells = layout.row_cells(0)
    assert "".join(cells.shown) == (
        "a\u241b[31mb\u2407\u2400\u2421" + OTHER_PLACEHOLDER * 7 + "z"
    )
    assert len(cells.offsets) == len(text)  # one cluster (and placeholder) per code point
    for look in cells.shown:
        assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in look)


def test_a_lone_combining_mark_is_shown_on_a_dotted_circle():
    look, width, _ = cluster_look("\u0301")
    assert look == "\u25cc\u0301" and width == 1


def test_simple_chars_are_single_cell_standalone_clusters():
    pattern = regex.compile("(?V1)" + SIMPLE_CHARS)
    members = [chr(cp) for cp in range(0x20, 0x3000) if pattern.match(chr(cp))]
    assert "é" in members and "ب" in members and "“" in members
    assert "\u0301" not in members and "क" not in members and "\u202e" not in members
    for c in members:
        assert cell_len(c) == 1, hex(ord(c))
        assert GRAPHEME.findall(c + c + "a") == [c, c, "a"], hex(ord(c))


def test_offsets_and_columns_round_trip():
    text = "x\tyé中👍z"
    layout = DocumentLayout(text, 40)
    cells = layout.row_cells(0)
    for offset in cells.offsets:
        assert cells.offset_at(cells.col_of(offset)) == offset


def test_two_megabytes_without_a_newline_is_laid_out_lazily_and_exactly():
    text = ("Forces said twelve people were killed near the market. " * 40_000)[:2_000_000]
    layout = DocumentLayout(text, 79)
    # the first screen is available before the paragraph is fully wrapped
    assert layout.row_range(0) == (0, layout.row_range(1)[0])
    assert not layout.fully_wrapped
    last = layout.row_of(len(text) - 1)
    a, b = layout.row_range(last)
    assert a <= len(text) - 1 < b == len(text)
    while layout.wrap_some():
        pass
    exact = layout.row_count
    assert layout.row_of(len(text) - 1) == exact - 1
    for y in (0, 1, exact // 2, exact - 1):
        a, b = layout.row_range(y)
        assert 0 < b - a <= 80


def test_estimated_row_count_converges_to_the_exact_one():
    text = "\n".join("word " * (i % 50 + 1) for i in range(2000))
    lazy = DocumentLayout(text, 30)
    while lazy.wrap_some(max_paragraphs=7, max_chars=1000):
        pass
    eager = DocumentLayout(text, 30)
    rows = all_rows(eager)
    assert lazy.row_count == len(rows)
    assert [lazy.row_range(y) for y in range(0, len(rows), 97)] == rows[::97]


def test_wrapping_on_a_deadline_stops_when_time_is_up_and_ends_exact(monkeypatch):
    """Idle-time wrapping on a slow machine: a step stops once its time is up (a key
    waits one paragraph at most), always makes progress, and the rows end exact."""
    import tui.document.layout as layout_module

    text = "\n".join("word " * (i % 50 + 1) for i in range(300))
    clock = iter(range(10**6))  # every reading of the clock is a second later
    monkeypatch.setattr(layout_module, "perf_counter", lambda: float(next(clock)))
    lazy = DocumentLayout(text, 30)
    calls = 0
    while lazy.wrap_some(max_paragraphs=2000, max_chars=100_000, seconds=0.5):
        calls += 1
        assert lazy._next_unwrapped == calls  # one paragraph a step, never none
    assert lazy.row_count == len(all_rows(DocumentLayout(text, 30)))


def test_resizing_rewraps():
    layout = DocumentLayout("aaaa bbbb cccc", 20)
    assert layout.row_count == 1
    assert layout.set_width(5)
    assert [layout.text[a:b] for a, b in all_rows(layout)] == ["aaaa ", "bbbb ", "cccc"]


def test_a_very_long_line_is_wrapped_in_independent_pieces():
    from tui.document.layout import CHUNK

    text = ("中文 " * (CHUNK // 2)) + ("西" * (CHUNK * 2)) + " tail"
    layout = DocumentLayout(text, 39)
    assert len(layout.para_starts) > 3  # cut into pieces, no newline anywhere
    # jumping to the end wraps only the last piece
    last = layout.row_of(len(text))
    assert sum(p is not None for p in layout._paras) <= 2
    while layout.wrap_some():
        pass
    rows = all_rows(layout)
    assert layout.row_of(len(text)) == len(rows) - 1
    assert rows[0][0] == 0 and rows[-1][1] == len(text)
    boundaries = _boundaries(text)
    for y, ((a, b), (c, _)) in enumerate(zip(rows, rows[1:])):
        assert b == c and a in boundaries
    for y in range(len(rows)):
        assert cell_len("".join(layout.row_cells(y).shown)) <= 40
    assert last >= 0
