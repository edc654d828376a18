"""Opening a document shows the text before the side panels; labels change the marks by one."""

from __future__ import annotations

import pytest

from store.errors import StoreError
from store.records.spans import list_spans
from tests.support.workstation import find, open_first, settle, stored, view_lines
from tui.app import EventDeskApp
from tui.screens import annotate_load
from tui.screens.annotate import AnnotateScreen
from tui.widgets.document_view import SpanMark
from tui.widgets.status_bar import StatusBar

pytestmark = pytest.mark.pilot


def marks_stored(path, document_id: str) -> set[SpanMark]:
    return {SpanMark(s["id"], s["start"], s["end"], s["label"])
            for s in list_spans(stored(path), document_id) if s["start"] is not None}


async def test_the_text_is_drawn_before_the_event_form_and_claims_are_mounted(seeded_file, monkeypatch):
    path, ids = seeded_file
    seen = []
    loaded = AnnotateScreen._loaded

    def spy(self, *args):
        loaded(self, *args)
        seen.append((bool(self.view.text), self.side_ready, set(self.app.keys.holds)))

    monkeypatch.setattr(AnnotateScreen, "_loaded", spy)
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "e")  # `e` typed while the document loads waits for it
        await settle(pilot)
        screen = app.screen
        # Text in, panels still to come; keys wait for the panels they may reach (a burst's
        # Tab must land in the form as a slow one's does), then go on.
        assert seen[0] == (True, False, {"side"})
        assert "side" not in app.keys.holds
        assert screen.side_ready and screen.form().display  # the event `e` made is shown
        assert screen.event is not None


async def test_labels_and_removals_change_the_marks_one_at_a_time(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        whole = []
        real_set_spans = screen.view.set_spans
        screen.view.set_spans = lambda spans: (whole.append(len(spans)), real_set_spans(spans))[1]
        await pilot.press("e")
        await settle(pilot)
        for words, key in (("Idlib", "3"), ("Atme", "3"), ("killed", "6")):
            await find(pilot, words)
            await pilot.press(key)
            await settle(pilot)
            assert set(screen.view.spans) == marks_stored(path, ids[0])
        screen.view.move_cursor(screen.view.spans[0].start)
        await pilot.press("x")
        await settle(pilot)
        assert set(screen.view.spans) == marks_stored(path, ids[0])
        await pilot.press("u")
        await settle(pilot)
        assert set(screen.view.spans) == marks_stored(path, ids[0]) and len(screen.view.spans) == 3
        assert whole == []  # every outcome came as a change from the marks shown


async def test_the_screen_comes_up_with_its_text_and_keys_typed_meanwhile_land_in_it(seeded_file):
    """From the library, the document is read before the annotate screen is shown: its
    first frame has the text (never an empty view), and keys typed right after Enter,
    while the library is still on screen, go to the document in order, not the library."""
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    frames = []
    display = app._display

    def spy(screen, *args, **kwargs):
        if isinstance(screen, AnnotateScreen):
            frames.append(bool(screen.view.text))
        return display(screen, *args, **kwargs)

    app._display = spy
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        library = app.screen
        # an event, then find "Idlib" and label it Location: all typed before the text is in
        await pilot.press("enter", "e", "slash", *"Idlib", "enter", "3")
        await settle(pilot)
        assert isinstance(app.screen, AnnotateScreen)
        assert frames and all(frames)  # every frame of the screen showed the text
        assert library.query_one("#search").value == ""  # nothing was typed into the library
        spans = list_spans(stored(path), ids[0])
        assert [(s["label"], s["quote"]) for s in spans] == [("Location", "Idlib")]
        assert app.screen.event["location"] == "Idlib"


async def test_a_document_that_cannot_be_read_is_told_and_the_keys_go_on_in_the_library(
        seeded_file, monkeypatch):
    path, ids = seeded_file

    def unreadable(app, document_id, width):
        raise StoreError("the disk is gone")

    monkeypatch.setattr(annotate_load, "read_for_view", unreadable)
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        library = app.screen
        await pilot.press("enter", "down")  # `down` waits for the open, then moves the row
        await settle(pilot)
        assert app.screen is library
        assert library.query_one(StatusBar).message == "cannot open document: the disk is gone"
        assert library.query_one("#documents").cursor_row == 1
        assert not app.keys.holds


async def test_the_first_frame_wraps_the_text_at_the_views_width(seeded_file):
    """The text is laid out before the screen is (read first): its first frame still shows
    the rows as wide as the view, not at the width guessed before it was laid out."""
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    first = []
    display = app._display

    def spy(screen, *args, **kwargs):
        if isinstance(screen, AnnotateScreen) and not first:
            first.append(view_lines(screen.view))
        return display(screen, *args, **kwargs)

    app._display = spy
    async with app.run_test(size=(80, 24)) as pilot:  # a narrow view: far from any guess
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        shown = view_lines(app.screen.view)
        # the same rows (the Footer, mounted after, takes the last one)
        assert first[0][:len(shown)] == shown
        assert max(len(line.rstrip()) for line in shown) <= app.screen.view.size.width
