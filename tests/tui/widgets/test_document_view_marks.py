"""Labels drawn one span at a time: the rows equal those drawn from the whole set at once."""

from __future__ import annotations

import random

import pytest
from textual.app import App, ComposeResult

from tui.widgets.document_view import DocumentView, SpanMark

pytestmark = pytest.mark.pilot

TEXT = "".join(f"Line {n}: forces shelled Idlib and Atme, café “naïve” قُتِلَ — {n * 7}.\n"
               for n in range(30))


class ViewApp(App):
    def compose(self) -> ComposeResult:
        yield DocumentView(id="doc")


def drawn(view: DocumentView) -> list[list[tuple[str, object]]]:
    view._strips.clear()  # what the rows are now, not what a cache kept
    return [[(seg.text, seg.style) for seg in view.render_line(y)] for y in range(view.size.height)]


async def test_incremental_adds_and_removes_draw_what_a_full_recompute_draws():
    rng = random.Random(7)
    marks: dict[str, SpanMark] = {}
    for n in range(40):
        start = rng.randrange(len(TEXT) - 30)
        marks[f"s{n}"] = SpanMark(f"s{n}", start, start + rng.randint(1, 30), rng.choice(["Actor", "Date"]))
    app = ViewApp()
    async with app.run_test(size=(90, 40)) as pilot:
        view = app.query_one(DocumentView)
        view.load(TEXT, list(marks.values()))
        await pilot.pause()
        refreshed: list[int] = []
        real_refresh_lines = view.refresh_lines
        view.refresh_lines = lambda y, n=1: (refreshed.append(y), real_refresh_lines(y, n))[1]
        for n in range(40, 100):
            refreshed.clear()
            if rng.random() < 0.5:
                gone = marks.pop(rng.choice(sorted(marks)))
                view.change_spans(removed=[gone.id])
                changed = gone
            else:
                start = rng.randrange(len(TEXT) - 30)
                changed = marks[f"s{n}"] = SpanMark(f"s{n}", start, start + rng.randint(1, 30), "Location")
                view.change_spans(added=[changed])
            # only the rows the span is on are asked to repaint
            rows = {view._layout.row_of(changed.start), view._layout.row_of(changed.end - 1)}
            assert set(refreshed) and set(refreshed) <= set(range(min(rows), max(rows) + 1))
        await pilot.pause()
        incremental = drawn(view)
        assert set(view.spans) == set(marks.values())
        view.load(TEXT, list(marks.values()))  # the same marks, from scratch
        await pilot.pause()
        assert drawn(view) == incremental
        assert any(len(row) > 1 for row in incremental)  # spans are drawn at all


def test_load_takes_marks_and_layout_prepared_off_the_ui_thread():
    """`prepare` (run in the worker that read the document) gives what `load` shows:
    the same marks and the same rows as loading from the plain list."""
    from tui.document.marks import SpanMark
    from tui.widgets.document_view import DocumentView

    text = "Two killed in Atme.\n\nA strike on Idlib 𝄞 \x1b[31m.\n" * 50
    marks = [SpanMark(f"s{i}", i * 40, i * 40 + 5, "Actor") for i in range(40)]
    plain, prepared = DocumentView(), DocumentView()
    plain.load(text, marks)
    prepared.load(text, *prepared.prepare(text, marks))
    assert prepared.spans == plain.spans == tuple(sorted(marks, key=lambda s: s.start))
    assert prepared.spans_at(41) == plain.spans_at(41)
    assert prepared.text == text
    assert prepared._layout.para_starts == plain._layout.para_starts
