"""Pilot tests of the library: listing, full-text search, opening a result."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from store.annotate import actions as act
from store.annotate.gateway import Session
from store.db.connection import open_db
from tests.support.workstation import settle, view_lines
from tui.app import EventDeskApp
from tui.screens.annotate import AnnotateScreen
from tui.screens.library import LibraryScreen

pytestmark = pytest.mark.pilot


def table_lines(app) -> list[str]:
    table = app.screen.query_one("#documents", DataTable)
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_library_lists_documents_with_counts_and_status(seeded_file):
    path, ids = seeded_file
    db = open_db(path)
    session = Session(db, "alice")
    session.perform(act.CreateEvent(document_id=ids[2]))
    session.perform(act.LabelSpan(document_id=ids[2], start=0, end=9, label="Trigger"))
    db.close()
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        lines = table_lines(app)
        assert "Title" in lines[0] and "Status" in lines[0]
        row = next(line for line in lines if "Targeting ISIS" in line)
        assert "seed" in row and "1 draft" in row
        assert row.split()[-3:-2] == ["1"] or " 1 " in row
        assert sum("Idlib" in line for line in lines) == 1  # the second seed's title
        assert "user: alice" in app.screen.query_one("#status").render().plain


async def test_search_moves_to_first_result_and_enter_opens_it(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert app.focused.id == "search"
        await pilot.press(*"Jarabulus", "enter")
        await settle(pilot)
        table = app.screen.query_one("#documents", DataTable)
        assert app.focused is table and table.row_count == 1 and table.cursor_row == 0
        assert "Targeting ISIS" in table_lines(app)[1]
        assert "Jarabulus" in app.screen.query_one("#preview").render().plain  # where it matched
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AnnotateScreen)
        assert app.screen.document["id"] == ids[2]
        assert any("Jarabulus" in line for line in view_lines(app.screen.view))
        # Back to the library, which still shows the search.
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen) and table.row_count == 1
        await pilot.press("escape")
        await settle(pilot)
        assert table.row_count == 5


async def test_search_with_fts_syntax_is_plain_words(seeded_file):
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *'Jarabulus" (*', "enter")
        await settle(pilot)
        table = app.screen.query_one("#documents", DataTable)
        assert table.row_count == 1
        assert "Targeting ISIS" in table_lines(app)[1]
        assert "not saved" not in app.screen.query_one("#status").render().plain


async def test_back_to_library_and_open_another_document(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#form").display
        await pilot.press("L")
        await settle(pilot)
        row = next(line for line in table_lines(app) if "Islam Times" in line or "date 2022" in line)
        assert "1 draft" in row  # the library shows what was just done
        await pilot.press("j", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AnnotateScreen) and screen.document["id"] == ids[1]
        assert not screen.query_one("#form").display  # no event of the first document here
        assert any("aidrop" in line for line in view_lines(screen.view))
        assert "[2/5]" in screen.query_one("#doc-title").render().plain


async def test_library_reads_pages_as_the_cursor_nears_the_end(tmp_path):
    from store.records.documents import add_document
    from tui.screens.library import PAGE_ROWS

    path = tmp_path / "many.db"
    db = open_db(path)
    for i in range(PAGE_ROWS + 60):
        add_document(db, text=f"article {i}\n", bytes_sha256="0" * 64, encoding="utf-8",
                     actor="t", title=f"Article {i:04d}")
    db.close()
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#documents", DataTable)
        assert table.row_count == PAGE_ROWS  # one page, not every document
        assert f"{PAGE_ROWS} of {PAGE_ROWS + 60} documents" in app.screen.query_one("#status").render().plain
        for _ in range(PAGE_ROWS - 1):  # down to the end of the page: the next one comes in
            await pilot.press("j")
        await settle(pilot)
        assert table.row_count == PAGE_ROWS + 60
        assert table.cursor_row == PAGE_ROWS - 1  # and the cursor stayed where it was
        await pilot.press("G")
        await settle(pilot)
        assert "Article 0259" in "".join(table_lines(app))


async def test_a_search_hit_opens_at_its_match_with_the_words_in_the_find_box(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Jarabulus", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AnnotateScreen)
        start, end = screen.view.selection
        assert screen.document["text"][start:end] == "Jarabulus"
        assert screen.query_one("#find").value == "Jarabulus"
        assert screen.view.match_count >= 1
        # then a number labels the match, as after any find (e: the event it fills)
        await pilot.press("3", "e")
        await settle(pilot)
        assert screen.view.selection is None
