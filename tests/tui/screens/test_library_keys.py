"""Pilot tests of the library's keys at scale: G to the true last row, filter, sort, search pages."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from store.db.connection import open_db
from store.library import FIRST_HITS
from store.records import events, people
from store.records.documents import add_document
from tests.support.workstation import settle
from tui.app import EventDeskApp
from tui.screens.library import PAGE_ROWS

pytestmark = pytest.mark.pilot

N = 2 * PAGE_ROWS + 50
OUTLETS = ("Le Monde", "Enab Baladi", "Reuters")


@pytest.fixture
def many(tmp_path):
    """N articles over three outlets and dates; every tenth with a draft event by bob, every
    twentieth submitted; all of them mention 'shelling'."""
    path = tmp_path / "many.db"
    db = open_db(path)
    people.ensure_user(db, "alice")
    people.ensure_user(db, "bob")
    for i in range(N):
        doc = add_document(db, text=f"article {i}: shelling near town {i}\n", bytes_sha256="0" * 64,
                           encoding="utf-8", actor="alice", title=f"Article {i:04d}",
                           outlet=OUTLETS[i % 3], published=f"{2010 + i % 10}-06-01")
        if i % 10 == 0:
            event = events.create_event(db, doc.id, "bob", event_type="Battles", date="2020-01-01",
                                        location="Atme")
            if i % 20 == 0:
                from store.review import workflow

                workflow.submit(db, event["id"], "bob")
    db.close()
    return path


def rows_text(app) -> list[str]:
    table = app.screen.query_one("#documents", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def cursor_title(app) -> str:
    table = app.screen.query_one("#documents", DataTable)
    return str(table.get_row_at(table.cursor_row)[0])


def status(app) -> str:
    return app.screen.query_one("#status").render().plain


async def test_G_goes_to_the_true_last_row_and_g_back(many):
    app = EventDeskApp(many, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert len(rows_text(app)) == PAGE_ROWS
        await pilot.press("G")
        await settle(pilot)
        assert cursor_title(app) == f"Article {N - 1:04d}"  # the last document, not the page's
        assert len(rows_text(app)) == PAGE_ROWS  # read from the end, not every page between
        for _ in range(PAGE_ROWS - 10):  # up towards the window's top: the page before comes in
            await pilot.press("k")
        await settle(pilot)
        titles = rows_text(app)
        assert len(titles) > PAGE_ROWS and titles == sorted(titles)
        assert cursor_title(app) == f"Article {N - 1 - (PAGE_ROWS - 10):04d}"
        await pilot.press("g")
        await settle(pilot)
        assert cursor_title(app) == "Article 0000"


async def test_filter_keys_are_applied_in_sql(many):
    app = EventDeskApp(many, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        cases = {
            'outlet:"Le Monde"': [i for i in range(N) if i % 3 == 0],
            "from:2012 to:2013": [i for i in range(N) if i % 10 in (2, 3)],
            "status:submitted": [i for i in range(N) if i % 20 == 0],
            "coder:bob": [i for i in range(N) if i % 10 == 0],
            "events": [i for i in range(N) if i % 10 == 0],
            "review": [i for i in range(N) if i % 20 == 0],
            "coder:nobody": [],
        }
        for words, wanted in cases.items():
            await pilot.press("f")
            box = app.screen.query_one("#filter")
            assert app.focused is box
            box.value = words
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("G")
            await settle(pilot)
            # Every row the filter keeps, read page by page to the end.
            shown = rows_text(app)
            assert shown == [f"Article {i:04d}" for i in wanted][-len(shown):] if wanted else shown == []
            assert f"of {len(wanted)} documents" in status(app)
        await pilot.press("f", "escape")  # Esc in the filter box clears it
        await settle(pilot)
        assert f"of {N} documents" in status(app)


async def test_sort_key_steps_through_the_sorts(many):
    app = EventDeskApp(many, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")  # by published
        await settle(pilot)
        assert "by published" in status(app)
        first = rows_text(app)[:3]
        assert first == ["Article 0000", "Article 0010", "Article 0020"]  # 2010 first, then import order
        await pilot.press("s")  # by outlet: Enab Baladi first
        await settle(pilot)
        assert "by outlet" in status(app) and rows_text(app)[0] == "Article 0001"
        await pilot.press("G")
        await settle(pilot)
        assert cursor_title(app) == f"Article {max(i for i in range(N) if i % 3 == 2):04d}"  # Reuters last


async def test_search_results_come_a_page_at_a_time(many):
    app = EventDeskApp(many, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"shelling", "enter")
        await settle(pilot)
        # The first screenful of hits with their snippets, then the next page as the
        # cursor is that near the end (a page's snippets come with its rows).
        shown = FIRST_HITS + PAGE_ROWS
        assert len(rows_text(app)) == shown
        assert f"{shown} of {N} documents matching" in status(app)
        await pilot.press(*"j" * (FIRST_HITS + 10))  # a row of the second page
        await settle(pilot)
        assert "[shelling]" in app.screen.query_one("#preview").render().plain
        await pilot.press("G")  # the rest of the hits, cursor on the last
        await settle(pilot)
        assert len(rows_text(app)) == N
        assert app.screen.query_one("#documents", DataTable).cursor_row == N - 1


async def test_the_first_hits_show_before_the_rest_are_ranked_and_G_waits_for_them(many, monkeypatch):
    import threading

    from tui.screens import library as library_screen

    ranked_rest, release = library_screen.rank_rest, threading.Event()

    def slow_rank_rest(*args):
        release.wait(10)
        return ranked_rest(*args)

    monkeypatch.setattr(library_screen, "rank_rest", slow_rank_rest)
    app = EventDeskApp(many, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"shelling", "enter")
        await pilot.pause(0.5)
        # The first screenful is on the screen while the rest of the hits are still ranked.
        assert len(rows_text(app)) == FIRST_HITS
        assert f"{FIRST_HITS} documents matching 'shelling' · ranking the rest" in status(app)
        assert "[shelling]" in app.screen.query_one("#preview").render().plain
        await pilot.press("G")  # the true last hit is not known yet: it is gone to when it is
        release.set()
        await settle(pilot)
        assert len(rows_text(app)) == N
        assert app.screen.query_one("#documents", DataTable).cursor_row == N - 1
        assert f"{N} of {N} documents matching" in status(app)


async def test_keys_typed_after_enter_in_one_burst_apply_to_the_hits(many):
    from tests.support.typing_speed import type_script

    app = EventDeskApp(many, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        # All posted before the first is handled: a paste, or keys coalesced over SSH.
        await type_script(pilot, ["slash", *"shelling", "enter", "j", "j", "j"], burst=True)
        assert app.screen.query_one("#search").value == "shelling"  # nothing typed into the box
        table = app.screen.query_one("#documents", DataTable)
        assert table.cursor_row == 3 and f"of {N} documents matching" in status(app)
        await type_script(pilot, ["escape", "slash", *"shelling", "enter", "G", "k", "k"], burst=True)
        assert table.cursor_row == N - 3  # G went to the true last hit, then up two
        await type_script(pilot, ["escape", "f", *"coder:bob", "enter", "G", "k"], burst=True)
        assert cursor_title(app) == f"Article {max(i for i in range(N) if i % 10 == 0) - 10:04d}"
