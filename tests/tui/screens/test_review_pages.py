"""Pilot test of the review queue at scale: a page at a time, the filter in SQL."""

from __future__ import annotations

import pytest

from store.db.connection import open_db
from store.records import documents, events, people
from store.review import workflow
from tests.tui.screens.test_review import settle
from tui.app import EventDeskApp
from tui.screens.review import QUEUE_PAGE_ROWS, ReviewScreen

pytestmark = pytest.mark.pilot

N = QUEUE_PAGE_ROWS + 60


@pytest.fixture
def busy_queue(tmp_path):
    path = tmp_path / "queue.db"
    db = open_db(path)
    people.ensure_user(db, "alice")  # the admin
    for login in ("bob", "dan", "eve"):
        people.ensure_user(db, login)
    people.grant(db, "alice", "bob", "editor")
    doc = documents.add_document(db, text="Shelling in Idlib.", bytes_sha256="00", encoding="utf-8",
                                 actor="alice", title="Idlib").id
    for i in range(N):
        who = ("dan", "eve")[i % 2]
        event = events.create_event(db, doc, who, event_type="Battles", date="2022-01-01",
                                    location=f"Town {i:03d}")
        workflow.submit(db, event["id"], who)
    db.close()
    return path


async def test_the_queue_reads_a_page_and_the_next_as_the_cursor_nears_the_end(busy_queue):
    app = EventDeskApp(busy_queue, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("R")
        await settle(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.detail is not None)
        screen = app.screen
        assert len(screen.rows) == QUEUE_PAGE_ROWS and screen.table.row_count == QUEUE_PAGE_ROWS
        assert f"{QUEUE_PAGE_ROWS} of {N} events waiting" in str(screen.query_one("#status").render())
        for _ in range(QUEUE_PAGE_ROWS - 20):
            await pilot.press("j")
        await settle(pilot, lambda: len(screen.rows) == N)
        locations = [r["location"] for r in screen.rows]
        assert locations == [f"Town {i:03d}" for i in range(N)]  # oldest first, each once
        assert screen.table.row_count == N and screen.table.cursor_row == QUEUE_PAGE_ROWS - 20
        await pilot.press("slash", *"@eve")
        await settle(pilot, lambda: screen.rows and all(r["created_by"] == "eve" for r in screen.rows))
        assert len(screen.rows) == N // 2 and screen.matching == N // 2
