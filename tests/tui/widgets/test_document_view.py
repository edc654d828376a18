"""DocumentView in a running app: what is drawn and where the cursor/selection lands."""

from __future__ import annotations

import pytest
from rich.style import Style
from textual.app import App, ComposeResult

from tui.document.marks import DEFAULT_LABEL_COLORS
from tui.widgets.document_view import DocumentView, SpanMark

pytestmark = pytest.mark.pilot

HOSTILE = (
    "Click [@click=app.quit]me[/] or [link=https://x]x[/link] [b]bold[/b]\n"
    "esc \x1b[2J\x1b[31mred\x1b[0m osc52 \x1b]52;c;SGVsbG8=\x07 osc8 \x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\\n"
    "bidi \u202eevil\u202c rtl \u2067x\u2069\n"
)


class ViewApp(App):
    def __init__(self, text: str = "", spans=(), **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = text
        self._spans = list(spans)
        self.moves: list[DocumentView.CursorMoved] = []

    def compose(self) -> ComposeResult:
        yield DocumentView(id="doc")

    def on_mount(self) -> None:
        view = self.query_one(DocumentView)
        view.load(self._text, self._spans)
        view.focus()

    def on_document_view_cursor_moved(self, message: DocumentView.CursorMoved) -> None:
        self.moves.append(message)


def lines(view: DocumentView) -> list[str]:
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


async def test_markup_and_escape_sequences_are_shown_literally_and_inert():
    app = ViewApp(HOSTILE)
    async with app.run_test(size=(100, 10)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.pause()
        drawn = lines(view)
        assert drawn[0].startswith("Click [@click=app.quit]me[/] or [link=https://x]x[/link] [b]bold[/b]")
        assert drawn[1].startswith("esc ␛[2J␛[31mred␛[0m osc52 ␛]52;c;SGVsbG8=␇ osc8 ␛]8;;https://evil␛\\link")
        assert drawn[2].startswith("bidi ¤evil¤ rtl ¤x¤")
        for y in range(10):
            for segment in view.render_line(y):
                assert "\x1b" not in segment.text and "\x07" not in segment.text
                assert "\u202e" not in segment.text
                assert not segment.style or not segment.style.link  # nothing became a link
        assert app.is_running  # the [@click=app.quit] did not act


async def test_grapheme_steps_and_exact_offsets():
    text = "a👨‍👩‍👧🇫🇷كَتَ\r\nz"
    app = ViewApp(text)
    async with app.run_test(size=(40, 6)) as pilot:
        view = app.query_one(DocumentView)
        seen = [view.cursor]
        for _ in range(7):
            await pilot.press("l")
            seen.append(view.cursor)
        # a | family (5 code points) | flag (2) | kaf+fatha | teh+fatha | CRLF | z | end
        assert seen == [0, 1, 6, 8, 10, 12, 14, 15]
        assert text[12:14] == "\r\n"
        await pilot.press("h", "h")
        assert view.cursor == 12


async def test_cjk_width_tabs_and_crlf_are_drawn_as_laid_out():
    app = ViewApp("中文\tx\r\nnext")
    async with app.run_test(size=(30, 4)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.pause()
        drawn = lines(view)
        assert drawn[0].startswith("中文    x ")  # the tab fills columns 4-7
        assert "\r" not in drawn[0]
        assert drawn[1].startswith("next")


async def test_long_line_soft_wraps_and_j_keeps_the_goal_column():
    text = "alpha beta gamma delta epsilon zeta eta theta iota kappa"
    app = ViewApp(text)
    async with app.run_test(size=(23, 6)) as pilot:  # 21 columns of text + scrollbar
        view = app.query_one(DocumentView)
        await pilot.pause()
        drawn = [line.rstrip() for line in lines(view)]
        assert drawn[:3] == ["alpha beta gamma", "delta epsilon zeta", "eta theta iota kappa"]
        await pilot.press("w", "w")  # "gamma", column 11
        await pilot.press("j")
        assert view.cursor == text.index("delta") + 11
        await pilot.press("j")
        assert view.cursor == text.index("eta theta") + 11


async def test_v_and_motions_select_exact_offsets_and_escape_clears():
    text = "Shelling hit Kharkiv on Monday."
    app = ViewApp(text)
    async with app.run_test(size=(60, 4)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("w", "w", "v", "e")
        assert view.selecting
        assert view.selection == (13, 20) and text[13:20] == "Kharkiv"
        assert app.moves[-1].selection == (13, 20) and app.moves[-1].cursor == 19
        await pilot.press("l", "l")
        assert view.selection == (13, 22)
        await pilot.press("escape")
        assert view.selection is None and not view.selecting
        await pilot.press("v", "h")
        assert view.selection == (20, 22)  # back from the anchor, both clusters included


async def test_selection_extends_across_rows_with_j():
    text = "one two three four five six seven eight nine ten"
    app = ViewApp(text)
    async with app.run_test(size=(16, 6)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("v", "j")
        start, end = view.selection
        assert start == 0 and text[:end].startswith("one two three")
        assert end > text.index("four")


async def test_search_highlights_and_selects_the_current_match():
    text = "Gaza. Later in GAZA city, gaza again."
    app = ViewApp(text)
    async with app.run_test(size=(60, 4)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("w")  # cursor on "Later"
        assert view.set_search("gaza") == 3
        assert view.cursor == 15  # first match at/after the cursor
        assert view.select_current_match()
        assert view.selection == (15, 19) and text[15:19] == "GAZA"
        view.next_match()
        assert view.current_match == (26, 30)
        await pilot.press("N")
        assert view.current_match == (15, 19)
        await pilot.pause()
        styles = {seg.text: seg.style for seg in view.render_line(0) if seg.text.strip()}
        assert styles["Gaza"].bgcolor is not None  # other matches stay highlighted
        view.clear_search()
        assert view.match_count == 0 and not view.select_current_match()


async def test_overlapping_and_nested_spans_are_both_visible():
    text = "Rebels killed 12 civilians in Goma."
    outer = SpanMark("o", 0, 26, "Trigger")  # "Rebels killed 12 civilians"
    inner = SpanMark("i", 14, 16, "Killed")  # "12"
    app = ViewApp(text, [outer, inner])
    async with app.run_test(size=(60, 4)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("G")  # keep the cursor off the spans
        await pilot.pause()
        segs = {seg.text: seg.style for seg in view.render_line(0)}
        trigger = Style.parse("on " + DEFAULT_LABEL_COLORS["Trigger"]).bgcolor
        killed = Style.parse("on " + DEFAULT_LABEL_COLORS["Killed"]).bgcolor
        assert segs["Rebels killed "].bgcolor == trigger
        assert not segs["Rebels killed "].underline
        assert segs["12"].bgcolor == killed and segs["12"].underline  # inner + marker of outer
        assert segs[" civilians"].bgcolor == trigger
        assert segs[" in Goma."].bgcolor != trigger


async def test_cursor_and_selection_are_drawn_over_highlights():
    text = "Clashes in Idlib today"
    app = ViewApp(text, [SpanMark("s", 11, 16, "Location")])
    async with app.run_test(size=(40, 4)) as pilot:
        view = app.query_one(DocumentView)
        view.select(11, 14)  # the cursor goes to the start of the selection
        await pilot.pause()
        segs = list(view.render_line(0))
        by_text = {s.text: s.style for s in segs}
        location = Style.parse("on " + DEFAULT_LABEL_COLORS["Location"]).bgcolor
        assert by_text["I"].reverse  # the cursor block
        assert by_text["dl"].bgcolor != location  # selection over the label
        assert by_text["ib"].bgcolor == location


async def test_set_spans_replaces_highlights():
    text = "Attack in Mosul"
    app = ViewApp(text)
    async with app.run_test(size=(40, 4)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("G")
        await pilot.pause()
        location = Style.parse("on " + DEFAULT_LABEL_COLORS["Location"]).bgcolor
        assert all(seg.style.bgcolor != location for seg in view.render_line(0))
        view.set_spans([SpanMark("m", 10, 15, "Location")])
        await pilot.pause()
        segs = {seg.text: seg.style for seg in view.render_line(0)}
        assert segs["Mosul"].bgcolor == location
        assert view.spans_at(12) == [SpanMark("m", 10, 15, "Location")]


async def test_paging_scrolls_to_keep_the_cursor_visible():
    text = "\n".join(f"line {i}" for i in range(200))
    app = ViewApp(text)
    async with app.run_test(size=(30, 10)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("pagedown")
        await pilot.pause()
        top = round(view.scroll_offset.y)
        assert top > 0
        row = view._layout.row_of(view.cursor)
        assert top <= row < top + view.scrollable_content_region.height
        await pilot.press("G")
        await pilot.pause()
        assert view.cursor == len(text)
        assert lines(view)[-1].startswith("line 199")


async def test_click_moves_the_cursor():
    text = "click somewhere here"
    app = ViewApp(text)
    async with app.run_test(size=(40, 4)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.click(DocumentView, offset=(6, 0))
        assert view.cursor == 6


async def test_bindings_have_ids_and_descriptions():
    ids = [b.id for b in DocumentView.BINDINGS]
    assert all(ids) and len(set(ids)) == len(ids)
    assert all(b.description for b in DocumentView.BINDINGS)
    assert {"doc.left", "doc.down", "doc.word_next", "doc.sentence_next", "doc.paragraph_next",
            "doc.start", "doc.end", "doc.page_down", "doc.select", "doc.clear"} <= set(ids)


def cursor_cell(view: DocumentView) -> tuple[int, str] | None:
    """(visible row, text) of the cell drawn as the cursor block."""
    for y in range(view.scrollable_content_region.height):
        for seg in view.render_line(y):
            if seg.style and seg.style.reverse:
                return y, seg.text
    return None


async def test_cursor_is_drawn_on_its_own_text_while_rows_are_refined():
    # paragraphs of very different lengths make the first row estimates wrong
    paras = [("w%d " % i) * (1 + (i * 37) % 90) + "end%d." % i for i in range(400)]
    text = "\n".join(paras)
    app = ViewApp(text)
    async with app.run_test(size=(40, 8)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("G")
        await pilot.pause()
        assert view.cursor == len(text)
        y, _ = cursor_cell(view)
        assert lines(view)[y].rstrip().endswith("end399.")
        for _ in range(5):
            await pilot.press("k")
        await pilot.pause()
        y, shown = cursor_cell(view)
        assert shown == text[view.cursor]
        row_start, row_end = view._layout.row_range(round(view.scroll_offset.y) + y)
        assert row_start <= view.cursor < row_end
        await pilot.press("g")
        await pilot.pause()
        assert view.cursor == 0 and cursor_cell(view) == (0, "w")


async def test_mouse_drag_selects():
    text = "drag across these words"
    app = ViewApp(text)
    async with app.run_test(size=(40, 4)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.mouse_down(DocumentView, offset=(5, 0))
        await pilot.hover(DocumentView, offset=(10, 0))
        await pilot.mouse_up(DocumentView, offset=(10, 0))
        assert view.selection == (5, 11) and text[5:11] == "across"


async def test_load_replaces_the_document_and_resets_cursor_and_selection():
    app = ViewApp("first document text")
    async with app.run_test(size=(40, 4)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("w", "v", "w")
        assert view.selection is not None
        view.load("second", [])
        await pilot.pause()
        assert view.cursor == 0 and view.selection is None and not view.selecting
        assert lines(view)[0].startswith("second")


async def test_cursor_stays_visible_when_estimated_rows_were_too_few():
    # one 21-letter word per 39-cell row: far more rows than a length-based
    # estimate (~chars / width) predicts
    text = " ".join("x" * 21 for _ in range(500))
    app = ViewApp(text)
    async with app.run_test(size=(42, 8)) as pilot:  # 40 columns, 39 for text
        view = app.query_one(DocumentView)
        await pilot.press("G")
        await pilot.pause()
        assert view.cursor == len(text)
        assert cursor_cell(view) is not None
        for _ in range(3):
            await pilot.press("k")
        await pilot.pause()
        y, shown = cursor_cell(view)
        assert shown == text[view.cursor] == " "  # the goal column (21) is the space
        assert view.cursor == len(text) - 3 * 22  # three rows (words) up, same column


async def test_background_wrapping_keeps_the_visible_text_still():
    paras = [("w%d " % i) * (1 + (i * 53) % 70) + "end%d." % i for i in range(600)]
    text = "\n".join(paras)
    app = ViewApp(text)
    async with app.run_test(size=(40, 8)) as pilot:
        view = app.query_one(DocumentView)
        target = text.index("end450.")
        view.move_cursor(target)
        await pilot.pause()
        before = lines(view)
        assert not view._layout.fully_wrapped  # rows above are still estimates
        view._last_input = 0.0  # idle: let the background wrapper run
        while not view._layout.fully_wrapped:
            view._wrap_step()
        await pilot.pause()
        assert lines(view) == before
        y, shown = cursor_cell(view)
        assert shown == "e" and view.cursor == target


def screen_rows(app: App, view: DocumentView) -> list[str]:
    """What the compositor put on screen over the view's text area."""
    region = view.scrollable_content_region
    strips = app.screen._compositor.render_strips()
    return [strips[region.y + y].text[region.x:region.right] for y in range(region.height)]


async def test_scrolling_row_by_row_draws_the_rows_that_scrolled_in():
    # rows styled before a scroll are reused at their new place on screen;
    # what the terminal gets must still be exactly the rows now in view
    text = "\n".join(f"line {i:02d} " + "abcdefghij"[i % 10] * (i % 7) for i in range(60))
    spans = [SpanMark("s1", 30, 42, "Date"), SpanMark("s2", 200, 230, "Actor")]
    app = ViewApp(text, spans)
    async with app.run_test(size=(40, 8)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.pause()
        keys = ["j"] * 12 + ["v"] + ["j"] * 6 + ["k"] * 10 + ["pagedown", "j", "pageup", "escape"] + ["j"] * 3
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            assert screen_rows(app, view) == lines(view), key
        top = round(view.scroll_offset.y)
        assert top > 0
        assert lines(view)[0].startswith(f"line {top:02d}")


def thumb_rows(app: App, view: DocumentView) -> list[int]:
    """Rows of the view where the compositor drew the scrollbar's thumb."""
    region = view.scrollable_content_region
    strips = app.screen._compositor.render_strips()
    rows = []
    for y in range(region.height):
        cell = strips[region.y + y].crop(region.right, region.right + 1)
        if any(
            seg.text.strip() or (seg.style is not None and seg.style.reverse) for seg in cell
        ):
            rows.append(y)
    return rows


async def test_scrollbar_thumb_follows_the_view():
    # the bar repaints only when its thumb moves: it must still move
    text = "\n".join(f"row {i}" for i in range(400))
    app = ViewApp(text)
    async with app.run_test(size=(30, 10)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.pause()
        assert view.vertical_scrollbar.__class__.__name__ == "ThumbScrollBar"
        at_top = thumb_rows(app, view)
        assert at_top and at_top[0] == 0
        await pilot.press("G")
        await pilot.pause()
        at_bottom = thumb_rows(app, view)
        assert at_bottom and at_bottom[-1] == 9
        await pilot.press("g")
        await pilot.pause()
        assert thumb_rows(app, view) == at_top
        for _ in range(25):  # a page and a half, one row at a time
            await pilot.press("pagedown")
        await pilot.pause()
        middle = thumb_rows(app, view)
        assert middle and at_top[-1] < middle[-1] < at_bottom[-1]


class UnwrappedView(DocumentView):
    """A view whose layout is refined only on demand (no idle wrapping)."""

    def _start_background_wrap(self) -> None:
        pass


class UnwrappedApp(ViewApp):
    def compose(self) -> ComposeResult:
        yield UnwrappedView(id="doc")

    def on_mount(self) -> None:
        view = self.query_one(DocumentView)
        view.load(self._text, self._spans)
        view.focus()


async def test_rows_reused_on_scroll_follow_rows_refined_above():
    # paragraphs of words a little over half the row wide wrap to about twice
    # the rows estimated; going up from the end wraps them on demand, which
    # renumbers the rows below: a row reused after a scroll must be the text
    # now at that row, not the text that was there before the renumbering
    word = "x" * 12
    para = " ".join(f"{word}{i:02d}" for i in range(30))
    text = "\n".join(f"P{p} {para}" for p in range(12))
    app = UnwrappedApp(text)
    async with app.run_test(size=(26, 8)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.pause()
        await pilot.press("G")
        await pilot.pause()
        assert not view._layout.fully_wrapped
        for _ in range(60):
            await pilot.press("k")
            await pilot.pause()
            assert screen_rows(app, view) == lines(view)


async def test_while_keys_arrive_the_two_pages_below_are_wrapped_ahead(monkeypatch):
    """Paging on lands on rows that are already laid out; nothing further is wrapped meanwhile."""
    import tui.widgets.document_view as document_view

    # Keys keep arriving for the whole test: the view never counts as idle,
    # however slowly a loaded machine runs the pauses below.
    monkeypatch.setattr(document_view, "IDLE_BEFORE_WRAP", float("inf"))
    paragraphs = [f"Paragraph {i} " + "word " * 60 for i in range(6000)]
    text = "\n\n".join(paragraphs)
    app = ViewApp(text)
    async with app.run_test(size=(60, 12)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.pause()
        view.move_cursor(text.index("Paragraph 3000 "))
        await pilot.pause()
        layout = view._layout
        height = view.scrollable_content_region.height
        view._wrap_step()
        top = round(view.scroll_offset.y)
        first = layout.paragraph_of(layout.row_range(top)[0])
        last = layout.paragraph_of(layout.row_range(top + 3 * height - 1)[0])
        assert last > first and all(p is not None for p in layout._paras[first:last + 1])
        assert layout._paras[last + 50] is None  # far below: left for idle time
        assert lines(view)[0].startswith(text[layout.row_range(top)[0]:][:20])
